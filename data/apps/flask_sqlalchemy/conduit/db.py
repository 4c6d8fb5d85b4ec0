"""Engine and session management.

One SQLAlchemy session per request (created lazily, closed at app-context teardown).
The schema is created with metadata.create_all at startup.
"""
from __future__ import annotations

from flask import g
from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import StaticPool

from .models import Base

_engine: Engine | None = None
_session_factory: sessionmaker | None = None


def normalize_url(url: str) -> str:
    """Use the psycopg (v3) driver for plain postgres URLs."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def make_engine(url: str, echo: bool = False) -> Engine:
    url = normalize_url(url)
    kwargs: dict = {"echo": echo, "future": True}
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        kwargs["connect_args"] = {"check_same_thread": False, "timeout": 30}
        if parsed.database in (None, "", ":memory:"):
            kwargs["poolclass"] = StaticPool
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_engine(url, **kwargs)
    if parsed.get_backend_name() == "sqlite":

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

    return engine


def init_db(url: str, echo: bool = False) -> Engine:
    global _engine, _session_factory
    _engine = make_engine(url, echo=echo)
    Base.metadata.create_all(_engine)
    _session_factory = sessionmaker(bind=_engine, expire_on_commit=False, future=True)
    return _engine


def get_engine() -> Engine:
    if _engine is None:
        raise RuntimeError("database not initialised; call init_db first")
    return _engine


def get_session() -> Session:
    """The session bound to the current request (one per request)."""
    if _session_factory is None:
        raise RuntimeError("database not initialised; call init_db first")
    if "db_session" not in g:
        g.db_session = _session_factory()
    return g.db_session


def close_session(_exc: BaseException | None = None) -> None:
    session = g.pop("db_session", None)
    if session is not None:
        if _exc is not None:
            session.rollback()
        session.close()


def init_app(app) -> None:
    app.teardown_appcontext(close_session)
