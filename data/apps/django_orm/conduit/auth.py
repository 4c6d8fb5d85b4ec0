"""JWT tokens (PyJWT, HS256), password hashing (PBKDF2) and Authorization header parsing.

Header: "Authorization: Token <jwt>" ("Bearer <jwt>" is accepted too). The views layer
(views/common.py) resolves the viewer with resolve_user_id() before a handler runs, so
401 comes before 404/403/422.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import os

import jwt
from django.conf import settings

from .errors import AuthenticationError

ALGORITHM = "HS256"
PBKDF2_ITERATIONS = 60_000


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
        "exp": now + dt.timedelta(seconds=settings.JWT_EXPIRES_SECONDS),
    }
    return jwt.encode(payload, settings.JWT_SECRET, algorithm=ALGORITHM)


def decode_token(token: str) -> int:
    """Return the user id carried by a valid token; raise AuthenticationError otherwise."""
    try:
        payload = jwt.decode(token, settings.JWT_SECRET, algorithms=[ALGORITHM])
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


def resolve_user_id(header: str | None, required: bool) -> int | None:
    """The user id from the Authorization header; None when absent and optional; 401 otherwise."""
    token = parse_authorization_header(header)
    if token is None:
        if required:
            raise AuthenticationError("missing authorization token")
        return None
    return decode_token(token)
