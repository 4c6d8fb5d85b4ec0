from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import delete, func, insert, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from ..models import Article, Comment, Tag, User, article_tags, favorites, follows


@dataclass
class ArticleFilter:
    tag: str | None = None
    author: str | None = None
    favorited: str | None = None
    followed_by: int | None = None  # feed: only authors this user follows


def _with_relations(stmt):
    """Eager-load what the services read (async sessions cannot lazy-load)."""
    return stmt.options(selectinload(Article.author), selectinload(Article.tags))


class ArticleRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def get_by_slug(self, slug: str) -> Article | None:
        return await self.session.scalar(_with_relations(select(Article).where(Article.slug == slug)))

    async def reload(self, article_id: int) -> Article | None:
        """Fetch an article again with fresh relationships (after its tags were rewritten)."""
        stmt = _with_relations(select(Article).where(Article.id == article_id))
        return await self.session.scalar(stmt.execution_options(populate_existing=True))

    async def slug_exists(self, slug: str, exclude_id: int | None = None) -> bool:
        stmt = select(Article.id).where(Article.slug == slug)
        if exclude_id is not None:
            stmt = stmt.where(Article.id != exclude_id)
        return (await self.session.execute(stmt)).first() is not None

    async def add(self, article: Article) -> Article:
        self.session.add(article)
        await self.session.flush()
        return article

    async def set_tags(self, article_id: int, tags: list[Tag]) -> None:
        await self.session.execute(delete(article_tags).where(article_tags.c.article_id == article_id))
        if tags:
            await self.session.execute(
                insert(article_tags),
                [
                    {"article_id": article_id, "tag_id": tag.id, "position": i}
                    for i, tag in enumerate(tags)
                ],
            )
        await self.session.flush()

    async def delete(self, article: Article) -> None:
        await self.session.execute(delete(favorites).where(favorites.c.article_id == article.id))
        await self.session.execute(delete(article_tags).where(article_tags.c.article_id == article.id))
        await self.session.execute(delete(Comment).where(Comment.article_id == article.id))
        await self.session.delete(article)
        await self.session.flush()

    # listing --------------------------------------------------------------
    def _filtered(self, flt: ArticleFilter):
        stmt = select(Article)
        if flt.tag:
            stmt = stmt.where(
                Article.id.in_(
                    select(article_tags.c.article_id)
                    .join(Tag, Tag.id == article_tags.c.tag_id)
                    .where(Tag.name == flt.tag)
                )
            )
        if flt.author:
            stmt = stmt.where(
                Article.author_id.in_(select(User.id).where(User.username == flt.author))
            )
        if flt.favorited:
            stmt = stmt.where(
                Article.id.in_(
                    select(favorites.c.article_id)
                    .join(User, User.id == favorites.c.user_id)
                    .where(User.username == flt.favorited)
                )
            )
        if flt.followed_by is not None:
            stmt = stmt.where(
                Article.author_id.in_(
                    select(follows.c.followed_id).where(follows.c.follower_id == flt.followed_by)
                )
            )
        return stmt

    async def list(self, flt: ArticleFilter, limit: int, offset: int) -> tuple[list[Article], int]:
        base = self._filtered(flt)
        total = await self.session.scalar(select(func.count()).select_from(base.subquery())) or 0
        page = await self.session.scalars(
            _with_relations(base)
            .order_by(Article.created_at.desc(), Article.id.desc())
            .limit(limit)
            .offset(offset)
        )
        return list(page.unique()), int(total)

    # favorites ------------------------------------------------------------
    async def is_favorited(self, user_id: int, article_id: int) -> bool:
        row = (
            await self.session.execute(
                select(favorites.c.user_id).where(
                    favorites.c.user_id == user_id, favorites.c.article_id == article_id
                )
            )
        ).first()
        return row is not None

    async def favorite(self, user_id: int, article_id: int) -> None:
        if not await self.is_favorited(user_id, article_id):
            await self.session.execute(insert(favorites).values(user_id=user_id, article_id=article_id))

    async def unfavorite(self, user_id: int, article_id: int) -> None:
        await self.session.execute(
            delete(favorites).where(
                favorites.c.user_id == user_id, favorites.c.article_id == article_id
            )
        )

    async def favorites_counts(self, article_ids: Iterable[int]) -> dict[int, int]:
        ids = set(article_ids)
        if not ids:
            return {}
        rows = await self.session.execute(
            select(favorites.c.article_id, func.count())
            .where(favorites.c.article_id.in_(ids))
            .group_by(favorites.c.article_id)
        )
        counts = {i: 0 for i in ids}
        counts.update({aid: int(n) for aid, n in rows})
        return counts

    async def favorited_among(self, user_id: int, article_ids: Iterable[int]) -> set[int]:
        ids = set(article_ids)
        if not ids:
            return set()
        rows = await self.session.execute(
            select(favorites.c.article_id).where(
                favorites.c.user_id == user_id, favorites.c.article_id.in_(ids)
            )
        )
        return {r[0] for r in rows}
