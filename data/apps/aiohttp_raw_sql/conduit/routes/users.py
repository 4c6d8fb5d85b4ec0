from __future__ import annotations

from aiohttp import web

from ..auth import auth_required
from ..services import UserService
from .common import db, json_body, respond, user_json, viewer


async def register(request: web.Request) -> web.Response:
    user = await UserService(db(request)).register(await json_body(request))
    return respond({"user": user_json(user)}, 201)


async def login(request: web.Request) -> web.Response:
    user = await UserService(db(request)).login(await json_body(request))
    return respond({"user": user_json(user)})


@auth_required
async def get_current_user(request: web.Request) -> web.Response:
    return respond({"user": user_json(UserService(db(request)).current(viewer(request)))})


@auth_required
async def update_current_user(request: web.Request) -> web.Response:
    user = await UserService(db(request)).update(viewer(request), await json_body(request))
    return respond({"user": user_json(user)})


ROUTES = [
    web.post("/api/users", register),
    web.post("/api/users/login", login),
    web.get("/api/user", get_current_user),
    web.put("/api/user", update_current_user),
]
