from __future__ import annotations

from ..services import CommentService
from .common import auth_optional, auth_required, comment_json, json_body, methods, respond, viewer


@auth_optional
def _list_comments(request, slug: str):
    return respond({"comments": [comment_json(c) for c in CommentService().list(slug, viewer(request))]})


@auth_required
def _add_comment(request, slug: str):
    service = CommentService()
    service.require_article(slug)  # 404 before 422
    return respond({"comment": comment_json(service.add(viewer(request), slug, json_body(request)))})


@auth_required
def _delete_comment(request, slug: str, comment_id: int):
    CommentService().delete(viewer(request), slug, comment_id)
    return respond({})


comments = methods(GET=_list_comments, POST=_add_comment)
comment = methods(DELETE=_delete_comment)
