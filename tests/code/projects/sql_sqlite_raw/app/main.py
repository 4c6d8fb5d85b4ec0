"""aiohttp application: routes call the repositories."""

from aiohttp import web

from app import db as database
from app.repositories import articles, users


async def get_profile(request):
    row = await users.get_by_username(request.app["db"], request.match_info["username"])
    if row is None:
        raise web.HTTPNotFound()
    return web.json_response({"profile": {"username": row["username"], "bio": row["bio"]}})


async def list_articles(request):
    limit = int(request.query.get("limit", 20))
    offset = int(request.query.get("offset", 0))
    rows = await articles.list_articles(request.app["db"], limit, offset)
    return web.json_response({"articles": [dict(r) for r in rows], "articlesCount": len(rows)})


async def on_startup(app):
    app["db"] = await database.connect()
    await database.init_db(app["db"])


def make_app():
    app = web.Application()
    app.router.add_get("/api/profiles/{username}", get_profile)
    app.router.add_get("/api/articles", list_articles)
    app.on_startup.append(on_startup)
    return app


if __name__ == "__main__":
    web.run_app(make_app(), port=3000)
