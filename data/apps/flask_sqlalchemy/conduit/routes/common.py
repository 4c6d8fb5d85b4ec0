"""Helpers shared by the blueprints: auth extraction, JSON parsing, serialisation."""
from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from flask import g, request

from .. import auth
from ..db import get_session
from ..errors import AuthenticationError, ValidationError
from ..services import UserService
from ..services.dto import ArticleDTO, CommentDTO, ProfileDTO, UserDTO

if TYPE_CHECKING:  # entities are only named in annotations here
    from ..models import User


def _resolve_user(optional: bool) -> "User | None":
    token = auth.parse_authorization_header(request.headers.get("Authorization"))
    if token is None:
        if optional:
            return None
        raise AuthenticationError("missing authorization token")
    return UserService(get_session()).authenticate(token)


def current_user() -> "User":
    """The authenticated user; 401 when the token is missing or invalid."""
    if "current_user" not in g:
        g.current_user = _resolve_user(optional=False)
    return g.current_user


def optional_user() -> "User | None":
    """The authenticated user, or None without a token; 401 for an invalid token."""
    return _resolve_user(optional=True)


def json_body() -> Any:
    data = request.get_json(silent=True, force=True)
    if data is None:
        raise ValidationError("request body must be valid JSON")
    return data


def iso(ts: dt.datetime) -> str:
    """ISO 8601 UTC with milliseconds and Z, e.g. 2024-01-02T03:04:05.678Z."""
    if ts.tzinfo is not None:
        ts = ts.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return ts.strftime("%Y-%m-%dT%H:%M:%S.") + f"{ts.microsecond // 1000:03d}Z"


def user_json(u: UserDTO) -> dict:
    return {"email": u.email, "token": u.token, "username": u.username, "bio": u.bio,
            "image": u.image}


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
