from aiohttp import web

from app.handlers.utils import current_user_id, json_error
from app.services.article_service import ArticleService


async def list_articles(request):
    limit = int(request.query.get("limit", 20))
    offset = int(request.query.get("offset", 0))
    articles = ArticleService().list_articles(limit, offset)
    return web.json_response({"articles": [a.to_dict() for a in articles], "articlesCount": len(articles)})


async def create_article(request):
    user_id = current_user_id(request)
    if user_id is None:
        return json_error(401, "unauthorized")
    data = (await request.json()).get("article", {})
    service = ArticleService()
    article = service.create_article(user_id, data.get("title", ""), data.get("description", ""), data.get("body", ""))
    return web.json_response({"article": article.to_dict()}, status=201)


async def get_article(request):
    article = ArticleService().get_article(request.match_info["slug"])
    if article is None:
        return json_error(404, "article not found")
    return web.json_response({"article": article.to_dict()})
