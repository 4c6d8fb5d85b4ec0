from __future__ import annotations

import datetime as dt

from ..db import Connection

COMMENT_SELECT = (
    "SELECT c.id, c.body, c.article_id, c.author_id, c.created_at, c.updated_at, "
    "u.username AS author_username, u.bio AS author_bio, u.image AS author_image "
    "FROM comments c JOIN users u ON u.id = c.author_id"
)


class CommentRepository:
    def __init__(self, db: Connection):
        self.db = db

    async def list_for_article(self, article_id: int) -> list[dict]:
        return await self.db.fetch_all(
            f"{COMMENT_SELECT} WHERE c.article_id = ? ORDER BY c.created_at ASC, c.id ASC", (article_id,)
        )

    async def get_for_article(self, article_id: int, comment_id: int) -> dict | None:
        return await self.db.fetch_one(
            f"{COMMENT_SELECT} WHERE c.id = ? AND c.article_id = ?", (comment_id, article_id)
        )

    async def add(self, article_id: int, author_id: int, body: str, now: dt.datetime) -> dict:
        row = await self.db.fetch_one(
            "INSERT INTO comments (body, article_id, author_id, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?) RETURNING id",
            (body, article_id, author_id, now, now),
        )
        return await self.get_for_article(article_id, row["id"])

    async def delete(self, comment_id: int) -> None:
        await self.db.execute("DELETE FROM comments WHERE id = ?", (comment_id,))
