from __future__ import annotations

from fastapi import APIRouter, Request

from ..services import CommentService
from .common import CurrentUser, OptionalUser, SessionDep, comment_json, json_body, respond

router = APIRouter(prefix="/articles/{slug}/comments", tags=["comments"])


@router.get("")
async def list_comments(slug: str, session: SessionDep, viewer: OptionalUser):
    comments = await CommentService(session).list(slug, viewer)
    return respond({"comments": [comment_json(c) for c in comments]})


@router.post("")
async def add_comment(slug: str, request: Request, session: SessionDep, me: CurrentUser):
    comment = await CommentService(session).add(me, slug, await json_body(request))
    return respond({"comment": comment_json(comment)})


# {comment_id:int}: a non-numeric id matches no route, so it is a 404 (as in the Flask app).
@router.delete("/{comment_id:int}")
async def delete_comment(slug: str, comment_id: int, session: SessionDep, me: CurrentUser):
    await CommentService(session).delete(me, slug, comment_id)
    return respond({})
