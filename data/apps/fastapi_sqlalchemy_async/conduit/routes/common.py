"""Helpers shared by the routers: dependencies (session, auth, JSON body) and serialisation."""
from __future__ import annotations

import datetime as dt
import json
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import Depends, Request
from fastapi.responses import JSONResponse
from sqlalchemy.ext.asyncio import AsyncSession

from .. import auth
from ..db import get_session
from ..errors import AuthenticationError, ValidationError
from ..services import UserService
from ..services.dto import ArticleDTO, CommentDTO, ProfileDTO, UserDTO

if TYPE_CHECKING:  # entities are only named in annotations here
    from ..models import User

SessionDep = Annotated[AsyncSession, Depends(get_session)]


async def _resolve_user(request: Request, session: AsyncSession, optional: bool) -> "User | None":
    token = auth.parse_authorization_header(request.headers.get("Authorization"))
    if token is None:
        if optional:
            return None
        raise AuthenticationError("missing authorization token")
    return await UserService(session).authenticate(token)


async def current_user(request: Request, session: SessionDep):
    """The authenticated user; 401 when the token is missing or invalid."""
    return await _resolve_user(request, session, optional=False)


async def optional_user(request: Request, session: SessionDep):
    """The authenticated user, or None without a token; 401 for an invalid token."""
    return await _resolve_user(request, session, optional=True)


# Endpoint parameter types: the values are User entities (or None), kept untyped here so
# the routes layer does not import the models.
CurrentUser = Annotated[Any, Depends(current_user)]
OptionalUser = Annotated[Any, Depends(optional_user)]


async def json_body(request: Request) -> Any:
    """The parsed JSON body; 422 when it is missing or not JSON."""
    raw = await request.body()
    try:
        data = json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        data = None
    if data is None:
        raise ValidationError("request body must be valid JSON")
    return data


def respond(content: Any, status_code: int = 200) -> JSONResponse:
    return JSONResponse(content, status_code=status_code)


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
