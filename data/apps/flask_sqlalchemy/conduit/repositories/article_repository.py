from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import delete, func, insert, select
from sqlalchemy.orm import Session

from ..models import Article, Tag, User, article_tags, favorites, follows


@dataclass
class ArticleFilter:
    tag: str | None = None
    author: str | None = None
    favorited: str | None = None
    followed_by: int | None = None  # feed: only authors this user follows


class ArticleRepository:
    def __init__(self, session: Session):
        self.session = session

    def get_by_slug(self, slug: str) -> Article | None:
        return self.session.scalar(select(Article).where(Article.slug == slug))

    def slug_exists(self, slug: str, exclude_id: int | None = None) -> bool:
        stmt = select(Article.id).where(Article.slug == slug)
        if exclude_id is not None:
            stmt = stmt.where(Article.id != exclude_id)
        return self.session.execute(stmt).first() is not None

    def add(self, article: Article) -> Article:
        self.session.add(article)
        self.session.flush()
        return article

    def set_tags(self, article: Article, tags: list[Tag]) -> None:
        self.session.execute(delete(article_tags).where(article_tags.c.article_id == article.id))
        if tags:
            self.session.execute(
                insert(article_tags),
                [
                    {"article_id": article.id, "tag_id": tag.id, "position": i}
                    for i, tag in enumerate(tags)
                ],
            )
        self.session.flush()
        self.session.expire(article, ["tags"])

    def delete(self, article: Article) -> None:
        self.session.execute(delete(favorites).where(favorites.c.article_id == article.id))
        self.session.execute(delete(article_tags).where(article_tags.c.article_id == article.id))
        self.session.delete(article)
        self.session.flush()

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

    def list(self, flt: ArticleFilter, limit: int, offset: int) -> tuple[list[Article], int]:
        base = self._filtered(flt)
        total = self.session.scalar(select(func.count()).select_from(base.subquery())) or 0
        page = self.session.scalars(
            base.order_by(Article.created_at.desc(), Article.id.desc()).limit(limit).offset(offset)
        )
        return list(page.unique()), int(total)

    # favorites ------------------------------------------------------------
    def is_favorited(self, user_id: int, article_id: int) -> bool:
        row = self.session.execute(
            select(favorites.c.user_id).where(
                favorites.c.user_id == user_id, favorites.c.article_id == article_id
            )
        ).first()
        return row is not None

    def favorite(self, user_id: int, article_id: int) -> None:
        if not self.is_favorited(user_id, article_id):
            self.session.execute(insert(favorites).values(user_id=user_id, article_id=article_id))

    def unfavorite(self, user_id: int, article_id: int) -> None:
        self.session.execute(
            delete(favorites).where(
                favorites.c.user_id == user_id, favorites.c.article_id == article_id
            )
        )

    def favorites_counts(self, article_ids: Iterable[int]) -> dict[int, int]:
        ids = set(article_ids)
        if not ids:
            return {}
        rows = self.session.execute(
            select(favorites.c.article_id, func.count())
            .where(favorites.c.article_id.in_(ids))
            .group_by(favorites.c.article_id)
        )
        counts = {i: 0 for i in ids}
        counts.update({aid: int(n) for aid, n in rows})
        return counts

    def favorited_among(self, user_id: int, article_ids: Iterable[int]) -> set[int]:
        ids = set(article_ids)
        if not ids:
            return set()
        rows = self.session.execute(
            select(favorites.c.article_id).where(
                favorites.c.user_id == user_id, favorites.c.article_id.in_(ids)
            )
        )
        return {r[0] for r in rows}
