from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from ..db import Connection
from ._sql import in_list

ARTICLE_SELECT = (
    "SELECT a.id, a.slug, a.title, a.description, a.body, a.author_id, a.created_at, a.updated_at, "
    "u.username AS author_username, u.bio AS author_bio, u.image AS author_image "
    "FROM articles a JOIN users u ON u.id = a.author_id"
)


@dataclass
class ArticleFilter:
    tag: str | None = None
    author: str | None = None
    favorited: str | None = None
    followed_by: int | None = None  # feed: only authors this user follows


class ArticleRepository:
    def __init__(self, db: Connection):
        self.db = db

    async def get_by_slug(self, slug: str) -> dict | None:
        return await self.db.fetch_one(f"{ARTICLE_SELECT} WHERE a.slug = ?", (slug,))

    async def get_by_id(self, article_id: int) -> dict | None:
        return await self.db.fetch_one(f"{ARTICLE_SELECT} WHERE a.id = ?", (article_id,))

    async def slug_exists(self, slug: str, exclude_id: int | None = None) -> bool:
        if exclude_id is None:
            row = await self.db.fetch_one("SELECT id FROM articles WHERE slug = ?", (slug,))
        else:
            row = await self.db.fetch_one("SELECT id FROM articles WHERE slug = ? AND id <> ?", (slug, exclude_id))
        return row is not None

    async def add(self, slug: str, title: str, description: str, body: str, author_id: int,
                  now: dt.datetime) -> int:
        row = await self.db.fetch_one(
            "INSERT INTO articles (slug, title, description, body, author_id, created_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
            (slug, title, description, body, author_id, now, now),
        )
        return row["id"]

    async def update(self, article_id: int, fields: dict) -> None:
        """fields: a subset of slug, title, description, body, updated_at."""
        allowed = ("slug", "title", "description", "body", "updated_at")
        names = [k for k in allowed if k in fields]
        if names:
            assignments = ", ".join(f"{k} = ?" for k in names)
            await self.db.execute(
                f"UPDATE articles SET {assignments} WHERE id = ?", (*[fields[k] for k in names], article_id)
            )

    async def set_tags(self, article_id: int, tag_ids: list[int]) -> None:
        await self.db.execute("DELETE FROM article_tags WHERE article_id = ?", (article_id,))
        for position, tag_id in enumerate(tag_ids):
            await self.db.execute(
                "INSERT INTO article_tags (article_id, tag_id, position) VALUES (?, ?, ?)",
                (article_id, tag_id, position),
            )

    async def delete(self, article_id: int) -> None:
        await self.db.execute("DELETE FROM comments WHERE article_id = ?", (article_id,))
        await self.db.execute("DELETE FROM favorites WHERE article_id = ?", (article_id,))
        await self.db.execute("DELETE FROM article_tags WHERE article_id = ?", (article_id,))
        await self.db.execute("DELETE FROM articles WHERE id = ?", (article_id,))

    # listing --------------------------------------------------------------
    @staticmethod
    def _where(flt: ArticleFilter) -> tuple[str, list]:
        clauses: list[str] = []
        params: list = []
        if flt.tag:
            clauses.append(
                "a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE t.name = ?)"
            )
            params.append(flt.tag)
        if flt.author:
            clauses.append("a.author_id IN (SELECT au.id FROM users au WHERE au.username = ?)")
            params.append(flt.author)
        if flt.favorited:
            clauses.append(
                "a.id IN (SELECT f.article_id FROM favorites f JOIN users fu ON fu.id = f.user_id "
                "WHERE fu.username = ?)"
            )
            params.append(flt.favorited)
        if flt.followed_by is not None:
            clauses.append("a.author_id IN (SELECT fo.followed_id FROM follows fo WHERE fo.follower_id = ?)")
            params.append(flt.followed_by)
        where = (" WHERE " + " AND ".join(clauses)) if clauses else ""
        return where, params

    async def list(self, flt: ArticleFilter, limit: int, offset: int) -> tuple[list[dict], int]:
        where, params = self._where(flt)
        total_row = await self.db.fetch_one(f"SELECT COUNT(*) AS n FROM articles a{where}", params)
        rows = await self.db.fetch_all(
            f"{ARTICLE_SELECT}{where} ORDER BY a.created_at DESC, a.id DESC LIMIT ? OFFSET ?",
            (*params, limit, offset),
        )
        return rows, int(total_row["n"]) if total_row else 0

    # favorites ------------------------------------------------------------
    async def favorite(self, user_id: int, article_id: int) -> None:
        await self.db.execute(
            "INSERT INTO favorites (user_id, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
            (user_id, article_id),
        )

    async def unfavorite(self, user_id: int, article_id: int) -> None:
        await self.db.execute("DELETE FROM favorites WHERE user_id = ? AND article_id = ?", (user_id, article_id))

    async def favorites_counts(self, article_ids: Iterable[int]) -> dict[int, int]:
        ids = sorted(set(article_ids))
        if not ids:
            return {}
        rows = await self.db.fetch_all(
            f"SELECT article_id, COUNT(*) AS n FROM favorites WHERE article_id IN ({in_list(ids)}) GROUP BY article_id",
            ids,
        )
        counts = {i: 0 for i in ids}
        counts.update({r["article_id"]: int(r["n"]) for r in rows})
        return counts

    async def favorited_among(self, user_id: int, article_ids: Iterable[int]) -> set[int]:
        ids = sorted(set(article_ids))
        if not ids:
            return set()
        rows = await self.db.fetch_all(
            f"SELECT article_id FROM favorites WHERE user_id = ? AND article_id IN ({in_list(ids)})",
            (user_id, *ids),
        )
        return {r["article_id"] for r in rows}
