from aiohttp import web

from app.db import init_schema
from app.handlers import articles, users


async def health_check(request):
    return web.json_response({"status": "ok"})


def build_app():
    init_schema()
    app = web.Application()
    app.router.add_get("/api/health-check", health_check)
    app.router.add_post("/api/users", users.register)
    app.router.add_get("/api/profiles/{username}", users.get_profile)
    app.router.add_get("/api/articles", articles.list_articles)
    app.router.add_post("/api/articles", articles.create_article)
    app.router.add_get("/api/articles/{slug}", articles.get_article)
    return app


if __name__ == "__main__":
    web.run_app(build_app(), port=8080)
