"""JWT tokens (PyJWT, HS256), password hashing (stdlib PBKDF2) and the
``Authorization: Token <jwt>`` scheme."""
from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

import jwt

from .config import Config
from .errors import AuthenticationError

ALGORITHM = "HS256"
SCHEME = "Token"
PBKDF2_ITERATIONS = 120_000
_config = Config.from_env()


def configure(config: Config) -> None:
    global _config
    _config = config


def hash_password(password: str) -> str:
    """``pbkdf2_sha256$<iterations>$<salt>$<hex digest>``. CPU-bound: call it off the event loop."""
    salt = secrets.token_hex(16)
    digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), PBKDF2_ITERATIONS)
    return f"pbkdf2_sha256${PBKDF2_ITERATIONS}${salt}${digest.hex()}"


def verify_password(password_hash: str, password: str) -> bool:
    try:
        algorithm, iterations, salt, expected = password_hash.split("$", 3)
        if algorithm != "pbkdf2_sha256":
            return False
        digest = hashlib.pbkdf2_hmac("sha256", password.encode("utf-8"), salt.encode("ascii"), int(iterations))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(digest.hex(), expected)


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

    Returns None when the header is absent; raises AuthenticationError when it is
    present but malformed.
    """
    if header is None or header.strip() == "":
        return None
    parts = header.strip().split(None, 1)
    if len(parts) != 2 or parts[0].lower() not in ("token", "bearer") or not parts[1].strip():
        raise AuthenticationError("authorization header must be 'Token <jwt>'")
    return parts[1].strip()
