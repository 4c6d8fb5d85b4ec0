from __future__ import annotations

import datetime as dt

from sqlalchemy import DateTime, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from .associations import article_tags
from .base import Base, utcnow
from .tag import Tag
from .user import User


class Article(Base):
    __tablename__ = "articles"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    slug: Mapped[str] = mapped_column(String(300), unique=True, nullable=False, index=True)
    title: Mapped[str] = mapped_column(String(255), nullable=False)
    description: Mapped[str] = mapped_column(Text, nullable=False)
    body: Mapped[str] = mapped_column(Text, nullable=False)
    author_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True
    )
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow, index=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, nullable=False, default=utcnow)

    # Async sessions cannot lazy-load: relationships raise unless the query eager-loads
    # them (the repositories use selectinload).
    author: Mapped[User] = relationship(User, lazy="raise")
    # Read-only view of the tags in the author's order; writes go through the repository.
    tags: Mapped[list[Tag]] = relationship(
        Tag,
        secondary=article_tags,
        order_by=article_tags.c.position,
        viewonly=True,
        lazy="raise",
    )

    def __repr__(self) -> str:  # pragma: no cover
        return f"<Article {self.id} {self.slug!r}>"
