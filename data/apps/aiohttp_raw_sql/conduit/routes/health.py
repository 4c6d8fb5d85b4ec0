from __future__ import annotations

from aiohttp import web

from ..services import HealthService
from .common import db, respond


async def health_check(request: web.Request) -> web.Response:
    await HealthService(db(request)).check()
    return respond({"status": "ok"})


ROUTES = [web.get("/api/health-check", health_check)]
