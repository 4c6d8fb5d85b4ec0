"""Database connection for the blog (aiosqlite)."""

import os

import aiosqlite

DB_PATH = os.environ.get("DB_PATH", "blog.db")
SCHEMA_PATH = os.path.join(os.path.dirname(os.path.dirname(__file__)), "schema.sql")

FAVORITES_DDL = """
CREATE TABLE IF NOT EXISTS favorites (
    user_id INTEGER NOT NULL REFERENCES users(id),
    article_id INTEGER NOT NULL REFERENCES articles(id),
    PRIMARY KEY (user_id, article_id)
)
"""


async def connect() -> aiosqlite.Connection:
    db = await aiosqlite.connect(DB_PATH)
    db.row_factory = aiosqlite.Row
    await db.execute("PRAGMA foreign_keys = ON")
    return db


async def init_db(db: aiosqlite.Connection) -> None:
    with open(SCHEMA_PATH) as fh:
        await db.executescript(fh.read())
    await db.execute(FAVORITES_DDL)
    await db.commit()
