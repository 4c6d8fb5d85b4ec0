"""Helpers shared by the views: method dispatch, auth, JSON parsing and serialisation."""
from __future__ import annotations

import datetime as dt
import functools
import json
from typing import Any, Callable

from django.http import HttpRequest, JsonResponse

from .. import auth
from ..errors import AuthenticationError, ValidationError, error_response
from ..services import UserService
from ..services.dto import ArticleDTO, CommentDTO, ProfileDTO, UserDTO

REQUIRED = "required"
OPTIONAL = "optional"


def _with_auth(mode: str | None, handler: Callable) -> Callable:
    @functools.wraps(handler)
    def wrapper(request: HttpRequest, *args, **kwargs):
        request.viewer = None
        if mode is not None:
            user_id = auth.resolve_user_id(request.headers.get("Authorization"), required=mode == REQUIRED)
            if user_id is not None:
                user = UserService().load(user_id)
                if user is None:
                    raise AuthenticationError("user for token no longer exists")
                request.viewer = user
        return handler(request, *args, **kwargs)

    return wrapper


def auth_required(handler: Callable) -> Callable:
    handler.conduit_auth = REQUIRED
    return handler


def auth_optional(handler: Callable) -> Callable:
    handler.conduit_auth = OPTIONAL
    return handler


def methods(**handlers: Callable) -> Callable:
    """A view dispatching on the HTTP method: methods(GET=get_x, PUT=put_x). Others get 405.

    Each handler's @auth_required / @auth_optional mark is resolved before it runs.
    """
    table = {name.upper(): _with_auth(getattr(h, "conduit_auth", None), h) for name, h in handlers.items()}
    allowed = ", ".join(sorted(table))

    def view(request: HttpRequest, *args, **kwargs):
        handler = table.get(request.method)
        if handler is None:
            response = error_response(405, f"method {request.method} not allowed")
            response["Allow"] = allowed
            return response
        return handler(request, *args, **kwargs)

    return view


def viewer(request: HttpRequest):
    """The authenticated user, or None."""
    return getattr(request, "viewer", None)


def json_body(request: HttpRequest) -> Any:
    raw = request.body
    try:
        data = json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        data = None
    if data is None:
        raise ValidationError("request body must be valid JSON")
    return data


def respond(data: Any, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, safe=False)


def iso(ts: dt.datetime) -> str:
    """ISO 8601 UTC with milliseconds and Z, e.g. 2024-01-02T03:04:05.678Z."""
    if ts.tzinfo is not None:
        ts = ts.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return ts.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z"


def user_json(u: UserDTO) -> dict:
    return {"email": u.email, "token": u.token, "username": u.username, "bio": u.bio, "image": u.image}


def profile_json(p: ProfileDTO) -> dict:
    return {"username": p.username, "bio": p.bio, "image": p.image, "following": p.following}


def article_json(a: ArticleDTO, include_body: bool = True) -> dict:
    out = {
        "slug": a.slug,
        "title": a.title,
        "description": a.description,
        "tagList": list(a.tag_list),
        "createdAt": iso(a.created_at),
        "updatedAt": iso(a.updated_at),
        "favorited": a.favorited,
        "favoritesCount": a.favorites_count,
        "author": profile_json(a.author),
    }
    if include_body:
        out["body"] = a.body
    return out


def comment_json(c: CommentDTO) -> dict:
    return {
        "id": c.id,
        "createdAt": iso(c.created_at),
        "updatedAt": iso(c.updated_at),
        "body": c.body,
        "author": profile_json(c.author),
    }
