"""Configuration read from the environment."""
from __future__ import annotations

import os
from dataclasses import dataclass

DEFAULT_DATABASE_URL = "sqlite:///conduit.db"
DEFAULT_JWT_SECRET = "conduit-development-secret-change-me-in-production"


@dataclass(frozen=True)
class Config:
    database_url: str = DEFAULT_DATABASE_URL
    jwt_secret: str = DEFAULT_JWT_SECRET
    jwt_expires_seconds: int = 60 * 60 * 24 * 7
    host: str = "0.0.0.0"
    port: int = 3000
    sql_echo: bool = False

    @classmethod
    def from_env(cls) -> "Config":
        return cls(
            database_url=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL,
            jwt_secret=os.environ.get("JWT_SECRET") or DEFAULT_JWT_SECRET,
            jwt_expires_seconds=int(os.environ.get("JWT_EXPIRES_SECONDS") or 60 * 60 * 24 * 7),
            host=os.environ.get("HOST") or "0.0.0.0",
            port=int(os.environ.get("PORT") or 3000),
            sql_echo=(os.environ.get("SQL_ECHO") or "").lower() in ("1", "true", "yes"),
        )
