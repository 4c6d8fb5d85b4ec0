from flask import Blueprint, g, jsonify, request

from conduit.errors import ServiceError
from conduit.routes import auth_required, error_response
from conduit.services.article_service import ArticleService

articles_bp = Blueprint("articles", __name__)


@articles_bp.get("/articles")
def list_articles():
    limit = request.args.get("limit", 20, type=int)
    offset = request.args.get("offset", 0, type=int)
    return jsonify(ArticleService().list_articles(limit=limit, offset=offset))


@articles_bp.post("/articles")
@auth_required
def create_article():
    data = (request.get_json(silent=True) or {}).get("article", {})
    service = ArticleService()
    try:
        article = service.create_article(g.user_id, data.get("title"), data.get("description", ""), data.get("body"))
    except ServiceError as error:
        return error_response(error)
    return jsonify({"article": article}), 201


@articles_bp.get("/articles/<slug>")
def get_article(slug):
    try:
        article = ArticleService().get_article(slug)
    except ServiceError as error:
        return error_response(error)
    return jsonify({"article": article})


@articles_bp.delete("/articles/<slug>")
@auth_required
def delete_article(slug):
    try:
        ArticleService().delete_article(slug, g.user_id)
    except ServiceError as error:
        return error_response(error)
    return "", 204
