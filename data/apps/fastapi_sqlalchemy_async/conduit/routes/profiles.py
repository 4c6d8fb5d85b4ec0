from __future__ import annotations

from fastapi import APIRouter

from ..services import UserService
from .common import CurrentUser, OptionalUser, SessionDep, profile_json, respond

router = APIRouter(prefix="/profiles", tags=["profiles"])


@router.get("/{username}")
async def get_profile(username: str, session: SessionDep, viewer: OptionalUser):
    profile = await UserService(session).get_profile(username, viewer)
    return respond({"profile": profile_json(profile)})


@router.post("/{username}/follow")
async def follow(username: str, session: SessionDep, me: CurrentUser):
    profile = await UserService(session).follow(me, username)
    return respond({"profile": profile_json(profile)})


@router.delete("/{username}/follow")
async def unfollow(username: str, session: SessionDep, me: CurrentUser):
    profile = await UserService(session).unfollow(me, username)
    return respond({"profile": profile_json(profile)})
