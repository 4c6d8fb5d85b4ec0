from __future__ import annotations

from flask import Blueprint, jsonify, request

from ..db import get_session
from ..services import ArticleService
from .common import article_json, current_user, json_body, optional_user

bp = Blueprint("articles", __name__, url_prefix="/api/articles")


def _page_json(page):
    return {
        "articles": [article_json(a, include_body=False) for a in page.articles],
        "articlesCount": page.articles_count,
    }


@bp.get("")
def list_articles():
    viewer = optional_user()
    args = request.args
    page = ArticleService(get_session()).list(
        viewer,
        tag=args.get("tag"),
        author=args.get("author"),
        favorited=args.get("favorited"),
        limit=args.get("limit"),
        offset=args.get("offset"),
    )
    return jsonify(_page_json(page)), 200


@bp.get("/feed")
def feed():
    me = current_user()
    page = ArticleService(get_session()).feed(
        me, limit=request.args.get("limit"), offset=request.args.get("offset")
    )
    return jsonify(_page_json(page)), 200


@bp.post("")
def create_article():
    me = current_user()
    article = ArticleService(get_session()).create(me, json_body())
    return jsonify({"article": article_json(article)}), 201


@bp.get("/<slug>")
def get_article(slug: str):
    viewer = optional_user()
    article = ArticleService(get_session()).get(slug, viewer)
    return jsonify({"article": article_json(article)}), 200


@bp.put("/<slug>")
def update_article(slug: str):
    me = current_user()
    article = ArticleService(get_session()).update(me, slug, json_body())
    return jsonify({"article": article_json(article)}), 200


@bp.delete("/<slug>")
def delete_article(slug: str):
    me = current_user()
    ArticleService(get_session()).delete(me, slug)
    return jsonify({}), 200


@bp.post("/<slug>/favorite")
def favorite(slug: str):
    me = current_user()
    article = ArticleService(get_session()).favorite(me, slug)
    return jsonify({"article": article_json(article)}), 200


@bp.delete("/<slug>/favorite")
def unfavorite(slug: str):
    me = current_user()
    article = ArticleService(get_session()).unfavorite(me, slug)
    return jsonify({"article": article_json(article)}), 200
