from __future__ import annotations

from fastapi import APIRouter, Request

from ..services import ArticleService
from .common import CurrentUser, OptionalUser, SessionDep, article_json, json_body, respond

router = APIRouter(prefix="/articles", tags=["articles"])


def _page_json(page):
    return {
        "articles": [article_json(a, include_body=False) for a in page.articles],
        "articlesCount": page.articles_count,
    }


@router.get("")
async def list_articles(request: Request, session: SessionDep, viewer: OptionalUser):
    args = request.query_params
    page = await ArticleService(session).list(
        viewer,
        tag=args.get("tag"),
        author=args.get("author"),
        favorited=args.get("favorited"),
        limit=args.get("limit"),
        offset=args.get("offset"),
    )
    return respond(_page_json(page))


@router.get("/feed")
async def feed(request: Request, session: SessionDep, me: CurrentUser):
    args = request.query_params
    page = await ArticleService(session).feed(me, limit=args.get("limit"), offset=args.get("offset"))
    return respond(_page_json(page))


@router.post("")
async def create_article(request: Request, session: SessionDep, me: CurrentUser):
    article = await ArticleService(session).create(me, await json_body(request))
    return respond({"article": article_json(article)}, 201)


@router.get("/{slug}")
async def get_article(slug: str, session: SessionDep, viewer: OptionalUser):
    article = await ArticleService(session).get(slug, viewer)
    return respond({"article": article_json(article)})


@router.put("/{slug}")
async def update_article(slug: str, request: Request, session: SessionDep, me: CurrentUser):
    article = await ArticleService(session).update(me, slug, await json_body(request))
    return respond({"article": article_json(article)})


@router.delete("/{slug}")
async def delete_article(slug: str, session: SessionDep, me: CurrentUser):
    await ArticleService(session).delete(me, slug)
    return respond({})


@router.post("/{slug}/favorite")
async def favorite(slug: str, session: SessionDep, me: CurrentUser):
    article = await ArticleService(session).favorite(me, slug)
    return respond({"article": article_json(article)})


@router.delete("/{slug}/favorite")
async def unfavorite(slug: str, session: SessionDep, me: CurrentUser):
    article = await ArticleService(session).unfavorite(me, slug)
    return respond({"article": article_json(article)})
