"""Django settings for the Conduit API. Everything configurable comes from the environment."""
from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

BASE_DIR = Path(__file__).resolve().parent.parent

DEFAULT_DATABASE_URL = "sqlite:///conduit.db"


def database_from_url(url: str) -> dict:
    """DATABASES["default"] from sqlite:///path or postgresql://user:pass@host:port/db (postgres:// too)."""
    if url.startswith("sqlite://"):
        path = url[len("sqlite:///"):] if url.startswith("sqlite:///") else url[len("sqlite://"):]
        if path in ("", ":memory:"):
            name = ":memory:"
        else:
            name = path if os.path.isabs(path) else str(Path.cwd() / path)
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": name, "ATOMIC_REQUESTS": True}
    parts = urlsplit(url)
    scheme = parts.scheme.split("+", 1)[0]
    if scheme not in ("postgresql", "postgres"):
        raise ValueError(f"unsupported DATABASE_URL scheme: {parts.scheme!r}")
    return {
        "ENGINE": "django.db.backends.postgresql",  # psycopg 3 when installed
        "NAME": unquote(parts.path.lstrip("/")) or "postgres",
        "USER": unquote(parts.username or ""),
        "PASSWORD": unquote(parts.password or ""),
        "HOST": parts.hostname or "",
        "PORT": str(parts.port or ""),
        "ATOMIC_REQUESTS": True,
    }


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY") or "conduit-django-development-key-change-me"
DEBUG = (os.environ.get("DJANGO_DEBUG") or "").lower() in ("1", "true", "yes")
ALLOWED_HOSTS = ["*"]
APPEND_SLASH = False

INSTALLED_APPS = ["conduit"]

# No CSRF, session or auth middleware: the API authenticates with "Authorization: Token <jwt>".
MIDDLEWARE = ["conduit.errors.ErrorMiddleware"]

ROOT_URLCONF = "conduit_project.urls"
WSGI_APPLICATION = None

DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

USE_TZ = True
TIME_ZONE = "UTC"
USE_I18N = False

JWT_SECRET = os.environ.get("JWT_SECRET") or "conduit-development-secret-change-me-in-production"
JWT_EXPIRES_SECONDS = int(os.environ.get("JWT_EXPIRES_SECONDS") or 60 * 60 * 24 * 7)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {
        "conduit": {"handlers": ["console"], "level": "INFO"},
        "django.db.backends": {
            "handlers": ["console"],
            "level": "DEBUG" if (os.environ.get("SQL_ECHO") or "").lower() in ("1", "true", "yes") else "WARNING",
        },
    },
}
