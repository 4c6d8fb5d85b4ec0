from __future__ import annotations

from ..services import UserService
from .common import auth_optional, auth_required, methods, profile_json, respond, viewer


@auth_optional
def _get_profile(request, username: str):
    return respond({"profile": profile_json(UserService().get_profile(username, viewer(request)))})


@auth_required
def _follow(request, username: str):
    return respond({"profile": profile_json(UserService().follow(viewer(request), username))})


@auth_required
def _unfollow(request, username: str):
    return respond({"profile": profile_json(UserService().unfollow(viewer(request), username))})


profile = methods(GET=_get_profile)
follow = methods(POST=_follow, DELETE=_unfollow)
