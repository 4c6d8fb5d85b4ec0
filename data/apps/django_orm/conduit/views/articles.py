from __future__ import annotations

from ..services import ArticleService
from .common import article_json, auth_optional, auth_required, json_body, methods, respond, viewer


def _page_json(page) -> dict:
    return {
        "articles": [article_json(a, include_body=False) for a in page.articles],
        "articlesCount": page.articles_count,
    }


@auth_optional
def _list_articles(request):
    q = request.GET
    page = ArticleService().list(
        viewer(request),
        tag=q.get("tag"),
        author=q.get("author"),
        favorited=q.get("favorited"),
        limit=q.get("limit"),
        offset=q.get("offset"),
    )
    return respond(_page_json(page))


@auth_required
def _feed(request):
    q = request.GET
    return respond(_page_json(ArticleService().feed(viewer(request), limit=q.get("limit"), offset=q.get("offset"))))


@auth_required
def _create_article(request):
    article = ArticleService().create(viewer(request), json_body(request))
    return respond({"article": article_json(article)}, 201)


@auth_optional
def _get_article(request, slug: str):
    return respond({"article": article_json(ArticleService().get(slug, viewer(request)))})


@auth_required
def _update_article(request, slug: str):
    service = ArticleService()
    # 404/403 are checked before the body is parsed (401, 404, 403, then 422).
    service.check_can_edit(viewer(request), slug)
    return respond({"article": article_json(service.update(viewer(request), slug, json_body(request)))})


@auth_required
def _delete_article(request, slug: str):
    ArticleService().delete(viewer(request), slug)
    return respond({})


@auth_required
def _favorite(request, slug: str):
    return respond({"article": article_json(ArticleService().favorite(viewer(request), slug))})


@auth_required
def _unfavorite(request, slug: str):
    return respond({"article": article_json(ArticleService().unfavorite(viewer(request), slug))})


articles = methods(GET=_list_articles, POST=_create_article)
feed = methods(GET=_feed)
article = methods(GET=_get_article, PUT=_update_article, DELETE=_delete_article)
favorite = methods(POST=_favorite, DELETE=_unfavorite)
