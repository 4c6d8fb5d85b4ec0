from __future__ import annotations

from aiohttp import web

from ..auth import auth_optional, auth_required
from ..services import CommentService
from .common import comment_json, db, json_body, respond, viewer


@auth_optional
async def list_comments(request: web.Request) -> web.Response:
    comments = await CommentService(db(request)).list(request.match_info["slug"], viewer(request))
    return respond({"comments": [comment_json(c) for c in comments]})


@auth_required
async def add_comment(request: web.Request) -> web.Response:
    service = CommentService(db(request))
    slug = request.match_info["slug"]
    await service.require_article(slug)  # 404 before 422
    comment = await service.add(viewer(request), slug, await json_body(request))
    return respond({"comment": comment_json(comment)})


@auth_required
async def delete_comment(request: web.Request) -> web.Response:
    await CommentService(db(request)).delete(
        viewer(request), request.match_info["slug"], int(request.match_info["comment_id"])
    )
    return respond({})


ROUTES = [
    web.get("/api/articles/{slug}/comments", list_comments),
    web.post("/api/articles/{slug}/comments", add_comment),
    web.delete(r"/api/articles/{slug}/comments/{comment_id:\d+}", delete_comment),
]
