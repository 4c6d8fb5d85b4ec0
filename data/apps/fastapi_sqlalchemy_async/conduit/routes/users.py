from __future__ import annotations

from fastapi import APIRouter, Request

from ..services import UserService
from .common import CurrentUser, SessionDep, json_body, respond, user_json

router = APIRouter(tags=["users"])


@router.post("/users")
async def register(request: Request, session: SessionDep):
    user = await UserService(session).register(await json_body(request))
    return respond({"user": user_json(user)}, 201)


@router.post("/users/login")
async def login(request: Request, session: SessionDep):
    user = await UserService(session).login(await json_body(request))
    return respond({"user": user_json(user)})


@router.get("/user")
async def get_current_user(session: SessionDep, me: CurrentUser):
    return respond({"user": user_json(await UserService(session).current(me))})


@router.put("/user")
async def update_current_user(request: Request, session: SessionDep, me: CurrentUser):
    user = await UserService(session).update(me, await json_body(request))
    return respond({"user": user_json(user)})
