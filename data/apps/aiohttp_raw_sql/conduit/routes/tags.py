from __future__ import annotations

from aiohttp import web

from ..services import TagService
from .common import db, respond


async def list_tags(request: web.Request) -> web.Response:
    return respond({"tags": await TagService(db(request)).list()})


ROUTES = [web.get("/api/tags", list_tags)]
