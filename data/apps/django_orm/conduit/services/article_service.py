"""Articles: create, read, update, delete, list, feed, favorites."""
from __future__ import annotations

import re
import unicodedata
from typing import Any

from ..errors import ForbiddenError, NotFoundError, ValidationError
from ..models import Article, User
from ..repositories import ArticleFilter, ArticleRepository, TagRepository, UserRepository
from . import validation as v
from .clock import utcnow
from .dto import ArticleDTO, ArticlePageDTO
from .user_service import profile_of


def slugify(title: str) -> str:
    text = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9]+", "-", text).strip("-").lower()
    return text or "article"


class ArticleService:
    def __init__(self):
        self.articles = ArticleRepository()
        self.tags = TagRepository()
        self.users = UserRepository()

    # presentation helpers ----------------------------------------------------
    def _to_dtos(self, articles: list[Article], viewer: User | None) -> list[ArticleDTO]:
        ids = [a.id for a in articles]
        counts = self.articles.favorites_counts(ids)
        tag_names = self.tags.names_for_articles(ids)
        favorited = self.articles.favorited_among(viewer.id, ids) if viewer else set()
        following = self.users.followed_among(viewer.id, {a.author_id for a in articles}) if viewer else set()
        return [
            ArticleDTO(
                slug=a.slug,
                title=a.title,
                description=a.description,
                body=a.body,
                tag_list=tag_names.get(a.id, []),
                created_at=a.created_at,
                updated_at=a.updated_at,
                favorited=a.id in favorited,
                favorites_count=counts.get(a.id, 0),
                author=profile_of(a.author, a.author_id in following),
            )
            for a in articles
        ]

    def _dto(self, article: Article, viewer: User | None) -> ArticleDTO:
        return self._to_dtos([article], viewer)[0]

    def _require(self, slug: str) -> Article:
        article = self.articles.get_by_slug(slug)
        if article is None:
            raise NotFoundError("article not found")
        return article

    def _unique_slug(self, title: str, exclude_id: int | None = None) -> str:
        base = slugify(title)
        slug, n = base, 1
        while self.articles.slug_exists(slug, exclude_id=exclude_id):
            n += 1
            slug = f"{base}-{n}"
        return slug

    def _set_tags(self, article: Article, names: list[str]) -> None:
        self.articles.set_tags(article, self.tags.get_or_create_many(names))

    # queries -------------------------------------------------------------------
    def list(self, viewer: User | None, *, tag=None, author=None, favorited=None,
             limit=None, offset=None) -> ArticlePageDTO:
        lim, off = v.pagination(limit, offset)
        flt = ArticleFilter(tag=tag or None, author=author or None, favorited=favorited or None)
        articles, total = self.articles.list(flt, lim, off)
        return ArticlePageDTO(self._to_dtos(articles, viewer), total)

    def feed(self, viewer: User, *, limit=None, offset=None) -> ArticlePageDTO:
        lim, off = v.pagination(limit, offset)
        articles, total = self.articles.list(ArticleFilter(followed_by=viewer.id), lim, off)
        return ArticlePageDTO(self._to_dtos(articles, viewer), total)

    def get(self, slug: str, viewer: User | None) -> ArticleDTO:
        return self._dto(self._require(slug), viewer)

    # commands ------------------------------------------------------------------
    def create(self, author: User, payload: Any) -> ArticleDTO:
        data = v.require_object(payload, "article")
        title = v.required_string(data, "title")
        description = v.required_string(data, "description")
        body = v.required_string(data, "body")
        tag_names = v.tag_list(data.get("tagList"))
        article = self.articles.add(self._unique_slug(title), title, description, body, author, utcnow())
        self._set_tags(article, tag_names)
        return self._dto(article, author)

    def check_can_edit(self, viewer: User, slug: str) -> Article:
        """The article, if it exists (404) and the viewer is its author (403)."""
        article = self._require(slug)
        if article.author_id != viewer.id:
            raise ForbiddenError("only the author can update this article")
        return article

    def update(self, viewer: User, slug: str, payload: Any) -> ArticleDTO:
        article = self.check_can_edit(viewer, slug)
        data = v.require_object(payload, "article")
        if not any(k in data for k in ("title", "description", "body", "tagList")):
            raise ValidationError("at least one field is required")
        changes: dict = {}
        if "title" in data:
            title = v.required_string(data, "title")
            if title != article.title:
                changes["title"] = title
                changes["slug"] = self._unique_slug(title, exclude_id=article.id)
        if "description" in data:
            changes["description"] = v.required_string(data, "description")
        if "body" in data:
            changes["body"] = v.required_string(data, "body")
        tag_names = v.tag_list(data["tagList"]) if "tagList" in data else None
        changes["updated_at"] = utcnow()
        self.articles.update(article, changes)
        if tag_names is not None:
            self._set_tags(article, tag_names)
        return self._dto(article, viewer)

    def delete(self, viewer: User, slug: str) -> None:
        article = self._require(slug)
        if article.author_id != viewer.id:
            raise ForbiddenError("only the author can delete this article")
        self.articles.delete(article)

    def favorite(self, viewer: User, slug: str) -> ArticleDTO:
        article = self._require(slug)
        self.articles.favorite(viewer, article)
        return self._dto(article, viewer)

    def unfavorite(self, viewer: User, slug: str) -> ArticleDTO:
        article = self._require(slug)
        self.articles.unfavorite(viewer, article)
        return self._dto(article, viewer)
