from __future__ import annotations

from aiohttp import web

from ..auth import auth_optional, auth_required
from ..services import UserService
from .common import db, profile_json, respond, viewer


@auth_optional
async def get_profile(request: web.Request) -> web.Response:
    profile = await UserService(db(request)).get_profile(request.match_info["username"], viewer(request))
    return respond({"profile": profile_json(profile)})


@auth_required
async def follow(request: web.Request) -> web.Response:
    profile = await UserService(db(request)).follow(viewer(request), request.match_info["username"])
    return respond({"profile": profile_json(profile)})


@auth_required
async def unfollow(request: web.Request) -> web.Response:
    profile = await UserService(db(request)).unfollow(viewer(request), request.match_info["username"])
    return respond({"profile": profile_json(profile)})


ROUTES = [
    web.get("/api/profiles/{username}", get_profile),
    web.post("/api/profiles/{username}/follow", follow),
    web.delete("/api/profiles/{username}/follow", unfollow),
]
