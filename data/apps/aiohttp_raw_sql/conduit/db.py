"""A tiny async database wrapper over aiosqlite (SQLite) and asyncpg (PostgreSQL).

SQL is written once, with `?` placeholders. For asyncpg they are rewritten to `$1, $2, ...`
(outside quoted literals). Rows come back as plain dicts.

`Database.transaction()` yields a `Connection` (fetch_one / fetch_all / execute) inside one
transaction: committed on success, rolled back on error. SQLite uses a single connection
guarded by an asyncio.Lock (one transaction at a time); PostgreSQL uses a connection pool.
The schema (schema.sql / schema.postgres.sql) is created at startup.
"""
from __future__ import annotations

import asyncio
import datetime as dt
import logging
import sqlite3
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Sequence

log = logging.getLogger("conduit.sql")

APP_DIR = Path(__file__).resolve().parent.parent
SCHEMA_FILES = {"sqlite": APP_DIR / "schema.sql", "postgres": APP_DIR / "schema.postgres.sql"}


def _adapt_datetime(value: dt.datetime) -> str:
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value.isoformat(sep=" ", timespec="microseconds")


def _convert_timestamp(raw: bytes) -> dt.datetime:
    return dt.datetime.fromisoformat(raw.decode())


sqlite3.register_adapter(dt.datetime, _adapt_datetime)
sqlite3.register_converter("TIMESTAMP", _convert_timestamp)


def backend_of(url: str) -> str:
    if url.startswith("sqlite:"):
        return "sqlite"
    if url.startswith(("postgresql:", "postgres:", "postgresql+")):
        return "postgres"
    raise ValueError(f"unsupported DATABASE_URL: {url!r} (use sqlite:///path or postgresql://...)")


def sqlite_path(url: str) -> str:
    """sqlite:///conduit.db -> conduit.db; sqlite:////tmp/x.db -> /tmp/x.db; sqlite:// -> :memory:."""
    rest = url[len("sqlite:"):]
    if rest.startswith("///"):
        return rest[3:] or ":memory:"
    if rest.startswith("//"):
        return rest[2:] or ":memory:"
    return rest or ":memory:"


def to_numbered(sql: str) -> str:
    """Rewrite `?` placeholders as `$1, $2, ...`, leaving quoted text alone."""
    out: list[str] = []
    n = 0
    quote: str | None = None
    for ch in sql:
        if quote:
            if ch == quote:
                quote = None
        elif ch in ("'", '"'):
            quote = ch
        elif ch == "?":
            n += 1
            out.append(f"${n}")
            continue
        out.append(ch)
    return "".join(out)


def _rowcount_from_status(status: str) -> int:
    # asyncpg returns the command tag, e.g. "DELETE 3" or "INSERT 0 1".
    try:
        return int(status.rsplit(" ", 1)[-1])
    except (ValueError, AttributeError, IndexError):
        return 0


class Connection:
    """One transaction's worth of queries. Placeholders are always `?`."""

    def __init__(self, backend: str, raw: Any, echo: bool = False):
        self.backend = backend
        self.raw = raw
        self.echo = echo

    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[dict]:
        if self.echo:
            log.info("%s %r", sql, tuple(params))
        if self.backend == "sqlite":
            async with self.raw.execute(sql, tuple(params)) as cur:
                rows = await cur.fetchall()
            return [dict(r) for r in rows]
        rows = await self.raw.fetch(to_numbered(sql), *params)
        return [dict(r) for r in rows]

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> dict | None:
        rows = await self.fetch_all(sql, params)
        return rows[0] if rows else None

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run a statement; return the number of rows it affected."""
        if self.echo:
            log.info("%s %r", sql, tuple(params))
        if self.backend == "sqlite":
            async with self.raw.execute(sql, tuple(params)) as cur:
                return cur.rowcount
        return _rowcount_from_status(await self.raw.execute(to_numbered(sql), *params))


class Database:
    def __init__(self, url: str, echo: bool = False):
        self.url = url
        self.backend = backend_of(url)
        self.echo = echo
        self._sqlite = None
        self._lock = asyncio.Lock()
        self._pool = None

    async def connect(self) -> None:
        schema = SCHEMA_FILES[self.backend].read_text()
        if self.backend == "sqlite":
            import aiosqlite

            self._sqlite = await aiosqlite.connect(
                sqlite_path(self.url), detect_types=sqlite3.PARSE_DECLTYPES, isolation_level=None, timeout=30
            )
            self._sqlite.row_factory = sqlite3.Row
            await self._sqlite.execute("PRAGMA foreign_keys = ON")
            await self._sqlite.executescript(schema)
        else:
            import asyncpg

            dsn = self.url
            if dsn.startswith("postgresql+"):
                dsn = "postgresql" + dsn[dsn.index(":"):]
            self._pool = await asyncpg.create_pool(dsn, min_size=1, max_size=10)
            async with self._pool.acquire() as conn:
                await conn.execute(schema)

    async def close(self) -> None:
        if self._sqlite is not None:
            await self._sqlite.close()
            self._sqlite = None
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Connection]:
        if self.backend == "sqlite":
            async with self._lock:
                await self._sqlite.execute("BEGIN")
                try:
                    yield Connection("sqlite", self._sqlite, self.echo)
                except BaseException:
                    await self._sqlite.execute("ROLLBACK")
                    raise
                else:
                    await self._sqlite.execute("COMMIT")
            return
        async with self._pool.acquire() as conn:
            async with conn.transaction():
                yield Connection("postgres", conn, self.echo)

    # one-shot helpers: each call runs in its own transaction
    async def fetch_all(self, sql: str, params: Sequence[Any] = ()) -> list[dict]:
        async with self.transaction() as conn:
            return await conn.fetch_all(sql, params)

    async def fetch_one(self, sql: str, params: Sequence[Any] = ()) -> dict | None:
        async with self.transaction() as conn:
            return await conn.fetch_one(sql, params)

    async def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        async with self.transaction() as conn:
            return await conn.execute(sql, params)


DB_KEY = "conduit.db"


def db_middleware_factory():
    """aiohttp middleware: each request runs in one transaction, available as request["db"]."""
    from aiohttp import web

    @web.middleware
    async def db_middleware(request, handler):
        database: Database = request.app[DB_KEY]
        async with database.transaction() as conn:
            request["db"] = conn
            return await handler(request)

    return db_middleware
