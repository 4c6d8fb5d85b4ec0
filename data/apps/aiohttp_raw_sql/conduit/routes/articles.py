from __future__ import annotations

from aiohttp import web

from ..auth import auth_optional, auth_required
from ..services import ArticleService
from .common import article_json, db, json_body, respond, viewer


def _page_json(page) -> dict:
    return {
        "articles": [article_json(a, include_body=False) for a in page.articles],
        "articlesCount": page.articles_count,
    }


@auth_optional
async def list_articles(request: web.Request) -> web.Response:
    q = request.query
    page = await ArticleService(db(request)).list(
        viewer(request),
        tag=q.get("tag"),
        author=q.get("author"),
        favorited=q.get("favorited"),
        limit=q.get("limit"),
        offset=q.get("offset"),
    )
    return respond(_page_json(page))


@auth_required
async def feed(request: web.Request) -> web.Response:
    q = request.query
    page = await ArticleService(db(request)).feed(viewer(request), limit=q.get("limit"), offset=q.get("offset"))
    return respond(_page_json(page))


@auth_required
async def create_article(request: web.Request) -> web.Response:
    article = await ArticleService(db(request)).create(viewer(request), await json_body(request))
    return respond({"article": article_json(article)}, 201)


@auth_optional
async def get_article(request: web.Request) -> web.Response:
    article = await ArticleService(db(request)).get(request.match_info["slug"], viewer(request))
    return respond({"article": article_json(article)})


@auth_required
async def update_article(request: web.Request) -> web.Response:
    service = ArticleService(db(request))
    slug = request.match_info["slug"]
    # 404/403 are checked before the body is parsed (401, 404, 403, then 422).
    await service.check_can_edit(viewer(request), slug)
    article = await service.update(viewer(request), slug, await json_body(request))
    return respond({"article": article_json(article)})


@auth_required
async def delete_article(request: web.Request) -> web.Response:
    await ArticleService(db(request)).delete(viewer(request), request.match_info["slug"])
    return respond({})


@auth_required
async def favorite(request: web.Request) -> web.Response:
    article = await ArticleService(db(request)).favorite(viewer(request), request.match_info["slug"])
    return respond({"article": article_json(article)})


@auth_required
async def unfavorite(request: web.Request) -> web.Response:
    article = await ArticleService(db(request)).unfavorite(viewer(request), request.match_info["slug"])
    return respond({"article": article_json(article)})


ROUTES = [
    web.get("/api/articles", list_articles),
    web.get("/api/articles/feed", feed),
    web.post("/api/articles", create_article),
    web.get("/api/articles/{slug}", get_article),
    web.put("/api/articles/{slug}", update_article),
    web.delete("/api/articles/{slug}", delete_article),
    web.post("/api/articles/{slug}/favorite", favorite),
    web.delete("/api/articles/{slug}/favorite", unfavorite),
]
