"""Articles: create, read, update, delete, list, feed, favorites."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import ForbiddenError, NotFoundError, ValidationError
from ..models import Article, User, utcnow
from ..repositories import ArticleFilter, ArticleRepository, TagRepository, UserRepository
from . import validation as v
from .dto import ArticleDTO, ArticlePageDTO
from .user_service import profile_of


def slugify(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text or "article"


class ArticleService:
    def __init__(self, session: AsyncSession):
        self.session = session
        self.articles = ArticleRepository(session)
        self.tags = TagRepository(session)
        self.users = UserRepository(session)

    # presentation helpers ----------------------------------------------------
    async def _to_dtos(self, articles: list[Article], viewer: User | None) -> list[ArticleDTO]:
        ids = [a.id for a in articles]
        counts = await self.articles.favorites_counts(ids)
        favorited = await self.articles.favorited_among(viewer.id, ids) if viewer else set()
        following = (
            await self.users.followed_among(viewer.id, {a.author_id for a in articles})
            if viewer
            else set()
        )
        return [
            ArticleDTO(
                slug=a.slug,
                title=a.title,
                description=a.description,
                body=a.body,
                tag_list=[t.name for t in a.tags],
                created_at=a.created_at,
                updated_at=a.updated_at,
                favorited=a.id in favorited,
                favorites_count=counts.get(a.id, 0),
                author=profile_of(a.author, a.author_id in following),
            )
            for a in articles
        ]

    async def _to_dto(self, article: Article, viewer: User | None) -> ArticleDTO:
        return (await self._to_dtos([article], viewer))[0]

    async def _require(self, slug: str) -> Article:
        article = await self.articles.get_by_slug(slug)
        if article is None:
            raise NotFoundError("article not found")
        return article

    async def _reloaded(self, article_id: int) -> Article:
        article = await self.articles.reload(article_id)
        if article is None:  # pragma: no cover - deleted concurrently
            raise NotFoundError("article not found")
        return article

    async def _unique_slug(self, title: str, exclude_id: int | None = None) -> str:
        base = slugify(title)
        slug, n = base, 1
        while await self.articles.slug_exists(slug, exclude_id=exclude_id):
            n += 1
            slug = f"{base}-{n}"
        return slug

    # queries -------------------------------------------------------------------
    async def list(self, viewer: User | None, *, tag=None, author=None, favorited=None,
                   limit=None, offset=None) -> ArticlePageDTO:
        lim, off = v.pagination(limit, offset)
        flt = ArticleFilter(tag=tag or None, author=author or None, favorited=favorited or None)
        articles, total = await self.articles.list(flt, lim, off)
        return ArticlePageDTO(await self._to_dtos(articles, viewer), total)

    async def feed(self, viewer: User, *, limit=None, offset=None) -> ArticlePageDTO:
        lim, off = v.pagination(limit, offset)
        articles, total = await self.articles.list(ArticleFilter(followed_by=viewer.id), lim, off)
        return ArticlePageDTO(await self._to_dtos(articles, viewer), total)

    async def get(self, slug: str, viewer: User | None) -> ArticleDTO:
        return await self._to_dto(await self._require(slug), viewer)

    # commands ------------------------------------------------------------------
    async def create(self, author: User, payload: Any) -> ArticleDTO:
        data = v.require_object(payload, "article")
        title = v.required_string(data, "title")
        description = v.required_string(data, "description")
        body = v.required_string(data, "body")
        tag_names = v.tag_list(data.get("tagList"))
        now = utcnow()
        article = await self.articles.add(
            Article(
                slug=await self._unique_slug(title),
                title=title,
                description=description,
                body=body,
                author_id=author.id,
                created_at=now,
                updated_at=now,
            )
        )
        await self.articles.set_tags(article.id, await self.tags.get_or_create_many(tag_names))
        await self.session.commit()
        return await self._to_dto(await self._reloaded(article.id), author)

    async def update(self, viewer: User, slug: str, payload: Any) -> ArticleDTO:
        article = await self._require(slug)
        if article.author_id != viewer.id:
            raise ForbiddenError("only the author can update this article")
        data = v.require_object(payload, "article")
        if not any(k in data for k in ("title", "description", "body", "tagList")):
            raise ValidationError("at least one field is required")
        if "title" in data:
            title = v.required_string(data, "title")
            if title != article.title:
                article.title = title
                article.slug = await self._unique_slug(title, exclude_id=article.id)
        if "description" in data:
            article.description = v.required_string(data, "description")
        if "body" in data:
            article.body = v.required_string(data, "body")
        if "tagList" in data:
            tags = await self.tags.get_or_create_many(v.tag_list(data["tagList"]))
            await self.articles.set_tags(article.id, tags)
        article.updated_at = utcnow()
        await self.session.commit()
        return await self._to_dto(await self._reloaded(article.id), viewer)

    async def delete(self, viewer: User, slug: str) -> None:
        article = await self._require(slug)
        if article.author_id != viewer.id:
            raise ForbiddenError("only the author can delete this article")
        await self.articles.delete(article)
        await self.session.commit()

    async def favorite(self, viewer: User, slug: str) -> ArticleDTO:
        article = await self._require(slug)
        await self.articles.favorite(viewer.id, article.id)
        await self.session.commit()
        return await self._to_dto(article, viewer)

    async def unfavorite(self, viewer: User, slug: str) -> ArticleDTO:
        article = await self._require(slug)
        await self.articles.unfavorite(viewer.id, article.id)
        await self.session.commit()
        return await self._to_dto(article, viewer)
