"""Async engine and session management.

The engine comes from DATABASE_URL: ``sqlite:///x`` runs on aiosqlite and
``postgresql://`` / ``postgres://`` on asyncpg. The schema is created with
``metadata.create_all`` at startup (from the app's lifespan). Each request gets one
AsyncSession through the ``get_session`` dependency.
"""
from __future__ import annotations

from typing import AsyncIterator

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine
from sqlalchemy.pool import StaticPool

from .models import Base

_engine: AsyncEngine | None = None
_session_factory: async_sessionmaker[AsyncSession] | None = None


def normalize_url(url: str) -> str:
    """Pick the async driver: aiosqlite for SQLite, asyncpg for PostgreSQL."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+asyncpg://" + url[len("postgresql://"):]
    elif url.startswith("sqlite://"):
        url = "sqlite+aiosqlite://" + url[len("sqlite://"):]
    return url


def make_engine(url: str, echo: bool = False) -> AsyncEngine:
    url = normalize_url(url)
    parsed = make_url(url)
    is_sqlite = parsed.get_backend_name() == "sqlite"
    kwargs: dict = {"echo": echo}
    if is_sqlite:
        kwargs["connect_args"] = {"timeout": 30}
        if parsed.database in (None, "", ":memory:"):
            kwargs["poolclass"] = StaticPool
    else:
        kwargs["pool_pre_ping"] = True
    engine = create_async_engine(url, **kwargs)
    if is_sqlite:

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # pragma: no cover - trivial
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.close()

    return engine


async def init_db(url: str, echo: bool = False) -> AsyncEngine:
    global _engine, _session_factory
    _engine = make_engine(url, echo=echo)
    async with _engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
    _session_factory = async_sessionmaker(bind=_engine, expire_on_commit=False, class_=AsyncSession)
    return _engine


async def dispose_db() -> None:
    global _engine, _session_factory
    if _engine is not None:
        await _engine.dispose()
    _engine, _session_factory = None, None


async def get_session() -> AsyncIterator[AsyncSession]:
    """FastAPI dependency: one AsyncSession per request, rolled back and closed at the end."""
    if _session_factory is None:
        raise RuntimeError("database not initialised; call init_db first")
    async with _session_factory() as session:
        try:
            yield session
        except BaseException:
            await session.rollback()
            raise
