"""Helpers shared by the handlers: request state, JSON parsing, serialisation."""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from aiohttp import web

from ..db import Connection
from ..errors import ValidationError
from ..services.dto import ArticleDTO, CommentDTO, ProfileDTO, UserDTO


def db(request: web.Request) -> Connection:
    """The request's transaction (opened by the db middleware)."""
    return request["db"]


def viewer(request: web.Request) -> dict | None:
    """The authenticated user (resolved by the auth middleware), or None."""
    return request.get("user")


async def json_body(request: web.Request) -> Any:
    raw = await request.read()
    try:
        data = json.loads(raw) if raw else None
    except (ValueError, UnicodeDecodeError):
        data = None
    if data is None:
        raise ValidationError("request body must be valid JSON")
    return data


def respond(data: Any, status: int = 200) -> web.Response:
    return web.json_response(data, status=status)


def iso(ts: dt.datetime | str) -> str:
    """ISO 8601 UTC with milliseconds and Z, e.g. 2024-01-02T03:04:05.678Z."""
    if isinstance(ts, str):
        ts = dt.datetime.fromisoformat(ts)
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
