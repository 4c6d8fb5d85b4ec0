from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Tag, article_tags


class TagRepository:
    def __init__(self, session: Session):
        self.session = session

    def get_or_create_many(self, names: list[str]) -> list[Tag]:
        """Tags for the given names, in the given order, creating missing ones."""
        if not names:
            return []
        existing = {
            t.name: t for t in self.session.scalars(select(Tag).where(Tag.name.in_(names)))
        }
        result = []
        for name in names:
            tag = existing.get(name)
            if tag is None:
                tag = Tag(name=name)
                self.session.add(tag)
                existing[name] = tag
            result.append(tag)
        self.session.flush()
        return result

    def list_in_use(self) -> list[str]:
        """Names of tags attached to at least one article, alphabetically."""
        stmt = (
            select(Tag.name)
            .where(Tag.id.in_(select(article_tags.c.tag_id)))
            .order_by(Tag.name)
        )
        return list(self.session.scalars(stmt))
