from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from ..models import Tag, article_tags


class TagRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get_or_create_many(self, names: list[str]) -> list[Tag]:
        """Tags for the given names, in the given order, creating missing ones."""
        if not names:
            return []
        existing = {
            t.name: t for t in await self.session.scalars(select(Tag).where(Tag.name.in_(names)))
        }
        result = []
        for name in names:
            tag = existing.get(name)
            if tag is None:
                tag = Tag(name=name)
                self.session.add(tag)
                existing[name] = tag
            result.append(tag)
        await self.session.flush()
        return result

    async def list_in_use(self) -> list[str]:
        """Names of tags attached to at least one article, alphabetically."""
        stmt = (
            select(Tag.name)
            .where(Tag.id.in_(select(article_tags.c.tag_id)))
            .order_by(Tag.name)
        )
        return list(await self.session.scalars(stmt))
