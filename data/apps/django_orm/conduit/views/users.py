from __future__ import annotations

from ..services import UserService
from .common import auth_required, json_body, methods, respond, user_json, viewer


def _register(request):
    return respond({"user": user_json(UserService().register(json_body(request)))}, 201)


def _login(request):
    return respond({"user": user_json(UserService().login(json_body(request)))})


@auth_required
def _get_current_user(request):
    return respond({"user": user_json(UserService().current(viewer(request)))})


@auth_required
def _update_current_user(request):
    return respond({"user": user_json(UserService().update(viewer(request), json_body(request)))})


register = methods(POST=_register)
login = methods(POST=_login)
current_user = methods(GET=_get_current_user, PUT=_update_current_user)
