from __future__ import annotations

from fastapi import APIRouter

from ..services import TagService
from .common import SessionDep, respond

router = APIRouter(tags=["tags"])


@router.get("/tags")
async def list_tags(session: SessionDep):
    return respond({"tags": await TagService(session).list()})
