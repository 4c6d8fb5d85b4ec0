from __future__ import annotations

from flask import Blueprint, jsonify

from ..db import get_session
from ..services import CommentService
from .common import comment_json, current_user, json_body, optional_user

bp = Blueprint("comments", __name__, url_prefix="/api/articles/<slug>/comments")


@bp.get("")
def list_comments(slug: str):
    viewer = optional_user()
    comments = CommentService(get_session()).list(slug, viewer)
    return jsonify({"comments": [comment_json(c) for c in comments]}), 200


@bp.post("")
def add_comment(slug: str):
    me = current_user()
    comment = CommentService(get_session()).add(me, slug, json_body())
    return jsonify({"comment": comment_json(comment)}), 200


@bp.delete("/<int:comment_id>")
def delete_comment(slug: str, comment_id: int):
    me = current_user()
    CommentService(get_session()).delete(me, slug, comment_id)
    return jsonify({}), 200
