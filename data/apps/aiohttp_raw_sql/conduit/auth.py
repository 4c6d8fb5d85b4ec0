"""JWT tokens (PyJWT, HS256), password hashing (PBKDF2) and the auth middleware.

Header: "Authorization: Token <jwt>" ("Bearer <jwt>" is accepted too). Handlers declare
their need with @auth_required or @auth_optional; the middleware resolves the user
before the handler runs (so 401 comes before 404/403/422) and stores it in request["user"].
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os

import jwt
from aiohttp import web

from .config import Config
from .errors import AuthenticationError

ALGORITHM = "HS256"
PBKDF2_ITERATIONS = 60_000
USER_LOADER_KEY = "conduit.user_loader"
_config = Config.from_env()


def configure(config: Config) -> None:
    global _config
    _config = config


# passwords -------------------------------------------------------------------------------
def hash_password(password: str) -> str:
    salt = os.urandom(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, PBKDF2_ITERATIONS)
    return "pbkdf2_sha256${}${}${}".format(
        PBKDF2_ITERATIONS, base64.b64encode(salt).decode(), base64.b64encode(digest).decode()
    )


def verify_password(password_hash: str, password: str) -> bool:
    try:
        scheme, iterations, salt, digest = password_hash.split("$")
        if scheme != "pbkdf2_sha256":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.pbkdf2_hmac("sha256", password.encode(), base64.b64decode(salt), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, actual)


# tokens ------------------------------------------------------------------------------------
def create_token(user_id: int, username: str) -> str:
    now = dt.datetime.now(dt.timezone.utc)
    payload = {
        "sub": str(user_id),
        "username": username,
        "iat": now,
        "exp": now + dt.timedelta(seconds=_config.jwt_expires_seconds),
    }
    return jwt.encode(payload, _config.jwt_secret, algorithm=ALGORITHM)


def decode_token(token: str) -> int:
    """Return the user id carried by a valid token; raise AuthenticationError otherwise."""
    try:
        payload = jwt.decode(token, _config.jwt_secret, algorithms=[ALGORITHM])
        return int(payload["sub"])
    except (jwt.PyJWTError, KeyError, TypeError, ValueError) as exc:
        raise AuthenticationError("invalid or expired token") from exc


def parse_authorization_header(header: str | None) -> str | None:
    """Extract the token from 'Token <jwt>' (or 'Bearer <jwt>').

    None when the header is absent; AuthenticationError when present but malformed.
    """
    if header is None or header.strip() == "":
        return None
    parts = header.strip().split(None, 1)
    if len(parts) != 2 or parts[0].lower() not in ("token", "bearer") or not parts[1].strip():
        raise AuthenticationError("authorization header must be 'Token <jwt>'")
    return parts[1].strip()


# handler marks -------------------------------------------------------------------------
REQUIRED = "required"
OPTIONAL = "optional"


def auth_required(handler):
    handler.conduit_auth = REQUIRED
    return handler


def auth_optional(handler):
    handler.conduit_auth = OPTIONAL
    return handler


@web.middleware
async def auth_middleware(request: web.Request, handler):
    """Resolve request["user"] for handlers marked @auth_required / @auth_optional.

    The app supplies the lookup as app[USER_LOADER_KEY]: async (db, user_id) -> user | None.
    """
    route_handler = getattr(request.match_info, "handler", None)
    mode = getattr(route_handler, "conduit_auth", None)
    request["user"] = None
    if mode is not None:
        token = parse_authorization_header(request.headers.get("Authorization"))
        if token is None:
            if mode == REQUIRED:
                raise AuthenticationError("missing authorization token")
        else:
            user = await request.app[USER_LOADER_KEY](request["db"], decode_token(token))
            if user is None:
                raise AuthenticationError("user for token no longer exists")
            request["user"] = user
    return await handler(request)
