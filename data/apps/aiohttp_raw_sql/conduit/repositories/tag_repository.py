from __future__ import annotations

from ..db import Connection
from ._sql import in_list


class TagRepository:
    def __init__(self, db: Connection):
        self.db = db

    async def get_or_create_many(self, names: list[str]) -> list[dict]:
        """Tags ({id, name}) for the given names, in the given order, creating missing ones."""
        if not names:
            return []
        for name in names:
            await self.db.execute("INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING", (name,))
        rows = await self.db.fetch_all(f"SELECT id, name FROM tags WHERE name IN ({in_list(names)})", names)
        by_name = {r["name"]: r for r in rows}
        return [by_name[n] for n in names]

    async def list_in_use(self) -> list[str]:
        """Names of tags attached to at least one article, alphabetically."""
        rows = await self.db.fetch_all(
            "SELECT name FROM tags WHERE id IN (SELECT tag_id FROM article_tags) ORDER BY name"
        )
        return [r["name"] for r in rows]

    async def names_for_articles(self, article_ids: list[int]) -> dict[int, list[str]]:
        """article id -> its tag names in the author's order."""
        if not article_ids:
            return {}
        rows = await self.db.fetch_all(
            "SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id "
            f"WHERE at.article_id IN ({in_list(article_ids)}) ORDER BY at.article_id, at.position",
            article_ids,
        )
        out: dict[int, list[str]] = {i: [] for i in article_ids}
        for r in rows:
            out[r["article_id"]].append(r["name"])
        return out
