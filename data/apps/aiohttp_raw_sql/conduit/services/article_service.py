"""Articles: create, read, update, delete, list, feed, favorites."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..db import Connection
from ..errors import ForbiddenError, NotFoundError, ValidationError
from ..repositories import ArticleFilter, ArticleRepository, TagRepository, UserRepository
from . import validation as v
from .clock import utcnow
from .dto import ArticleDTO, ArticlePageDTO
from .user_service import author_profile


def slugify(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text or "article"


class ArticleService:
    def __init__(self, db: Connection):
        self.articles = ArticleRepository(db)
        self.tags = TagRepository(db)
        self.users = UserRepository(db)

    # presentation helpers ----------------------------------------------------
    async def _to_dtos(self, articles: list[dict], viewer: dict | None) -> list[ArticleDTO]:
        ids = [a["id"] for a in articles]
        counts = await self.articles.favorites_counts(ids)
        tag_names = await self.tags.names_for_articles(ids)
        favorited = await self.articles.favorited_among(viewer["id"], ids) if viewer else set()
        following = (
            await self.users.followed_among(viewer["id"], {a["author_id"] for a in articles}) if viewer else set()
        )
        return [
            ArticleDTO(
                slug=a["slug"],
                title=a["title"],
                description=a["description"],
                body=a["body"],
                tag_list=tag_names.get(a["id"], []),
                created_at=a["created_at"],
                updated_at=a["updated_at"],
                favorited=a["id"] in favorited,
                favorites_count=counts.get(a["id"], 0),
                author=author_profile(a, a["author_id"] in following),
            )
            for a in articles
        ]

    async def _dto_by_id(self, article_id: int, viewer: dict | None) -> ArticleDTO:
        article = await self.articles.get_by_id(article_id)
        return (await self._to_dtos([article], viewer))[0]

    async def _require(self, slug: str) -> dict:
        article = await self.articles.get_by_slug(slug)
        if article is None:
            raise NotFoundError("article not found")
        return article

    async def _unique_slug(self, title: str, exclude_id: int | None = None) -> str:
        base = slugify(title)
        slug, n = base, 1
        while await self.articles.slug_exists(slug, exclude_id=exclude_id):
            n += 1
            slug = f"{base}-{n}"
        return slug

    async def _set_tags(self, article_id: int, names: list[str]) -> None:
        tags = await self.tags.get_or_create_many(names)
        await self.articles.set_tags(article_id, [t["id"] for t in tags])

    # queries -------------------------------------------------------------------
    async def list(self, viewer: dict | None, *, tag=None, author=None, favorited=None,
                   limit=None, offset=None) -> ArticlePageDTO:
        lim, off = v.pagination(limit, offset)
        flt = ArticleFilter(tag=tag or None, author=author or None, favorited=favorited or None)
        articles, total = await self.articles.list(flt, lim, off)
        return ArticlePageDTO(await self._to_dtos(articles, viewer), total)

    async def feed(self, viewer: dict, *, limit=None, offset=None) -> ArticlePageDTO:
        lim, off = v.pagination(limit, offset)
        articles, total = await self.articles.list(ArticleFilter(followed_by=viewer["id"]), lim, off)
        return ArticlePageDTO(await self._to_dtos(articles, viewer), total)

    async def get(self, slug: str, viewer: dict | None) -> ArticleDTO:
        return (await self._to_dtos([await self._require(slug)], viewer))[0]

    # commands ------------------------------------------------------------------
    async def create(self, author: dict, payload: Any) -> ArticleDTO:
        data = v.require_object(payload, "article")
        title = v.required_string(data, "title")
        description = v.required_string(data, "description")
        body = v.required_string(data, "body")
        tag_names = v.tag_list(data.get("tagList"))
        article_id = await self.articles.add(
            await self._unique_slug(title), title, description, body, author["id"], utcnow()
        )
        await self._set_tags(article_id, tag_names)
        return await self._dto_by_id(article_id, author)

    async def check_can_edit(self, viewer: dict, slug: str) -> dict:
        """The article, if it exists (404) and the viewer is its author (403)."""
        article = await self._require(slug)
        if article["author_id"] != viewer["id"]:
            raise ForbiddenError("only the author can update this article")
        return article

    async def update(self, viewer: dict, slug: str, payload: Any) -> ArticleDTO:
        article = await self.check_can_edit(viewer, slug)
        data = v.require_object(payload, "article")
        if not any(k in data for k in ("title", "description", "body", "tagList")):
            raise ValidationError("at least one field is required")
        changes: dict = {}
        if "title" in data:
            title = v.required_string(data, "title")
            if title != article["title"]:
                changes["title"] = title
                changes["slug"] = await self._unique_slug(title, exclude_id=article["id"])
        if "description" in data:
            changes["description"] = v.required_string(data, "description")
        if "body" in data:
            changes["body"] = v.required_string(data, "body")
        tag_names = v.tag_list(data["tagList"]) if "tagList" in data else None
        changes["updated_at"] = utcnow()
        await self.articles.update(article["id"], changes)
        if tag_names is not None:
            await self._set_tags(article["id"], tag_names)
        return await self._dto_by_id(article["id"], viewer)

    async def delete(self, viewer: dict, slug: str) -> None:
        article = await self._require(slug)
        if article["author_id"] != viewer["id"]:
            raise ForbiddenError("only the author can delete this article")
        await self.articles.delete(article["id"])

    async def favorite(self, viewer: dict, slug: str) -> ArticleDTO:
        article = await self._require(slug)
        await self.articles.favorite(viewer["id"], article["id"])
        return await self._dto_by_id(article["id"], viewer)

    async def unfavorite(self, viewer: dict, slug: str) -> ArticleDTO:
        article = await self._require(slug)
        await self.articles.unfavorite(viewer["id"], article["id"])
        return await self._dto_by_id(article["id"], viewer)
