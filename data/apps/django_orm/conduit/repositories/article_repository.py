from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable

from django.db.models import Count

from ..models import Article, ArticleTag, Tag, User


@dataclass
class ArticleFilter:
    tag: str | None = None
    author: str | None = None
    favorited: str | None = None
    followed_by: int | None = None  # feed: only authors this user follows


class ArticleRepository:
    def _base(self):
        return Article.objects.select_related("author")

    def get_by_slug(self, slug: str) -> Article | None:
        return self._base().filter(slug=slug).first()

    def get_by_id(self, article_id: int) -> Article | None:
        return self._base().filter(id=article_id).first()

    def slug_exists(self, slug: str, exclude_id: int | None = None) -> bool:
        qs = Article.objects.filter(slug=slug)
        if exclude_id is not None:
            qs = qs.exclude(id=exclude_id)
        return qs.exists()

    def add(self, slug: str, title: str, description: str, body: str, author: User, now: dt.datetime) -> Article:
        return Article.objects.create(
            slug=slug, title=title, description=description, body=body, author=author, created_at=now, updated_at=now
        )

    def update(self, article: Article, changes: dict) -> Article:
        """changes: a subset of slug, title, description, body, updated_at."""
        allowed = ("slug", "title", "description", "body", "updated_at")
        names = [k for k in allowed if k in changes]
        for name in names:
            setattr(article, name, changes[name])
        if names:
            article.save(update_fields=names)
        return article

    def set_tags(self, article: Article, tags: list[Tag]) -> None:
        ArticleTag.objects.filter(article=article).delete()
        ArticleTag.objects.bulk_create(
            [ArticleTag(article=article, tag=tag, position=position) for position, tag in enumerate(tags)]
        )

    def delete(self, article: Article) -> None:
        """Deletes the article; its comments, favorites and tag links go with it (CASCADE)."""
        article.delete()

    # listing --------------------------------------------------------------
    def list(self, flt: ArticleFilter, limit: int, offset: int) -> tuple[list[Article], int]:
        qs = Article.objects.all()
        if flt.tag:
            qs = qs.filter(id__in=ArticleTag.objects.filter(tag__name=flt.tag).values("article_id"))
        if flt.author:
            qs = qs.filter(author__username=flt.author)
        if flt.favorited:
            favs = Article.favorited_by.through.objects.filter(user__username=flt.favorited)
            qs = qs.filter(id__in=favs.values("article_id"))
        if flt.followed_by is not None:
            follows = User.following.through.objects.filter(from_user_id=flt.followed_by)
            qs = qs.filter(author_id__in=follows.values("to_user_id"))
        total = qs.count()
        page = list(qs.select_related("author").order_by("-created_at", "-id")[offset:offset + limit])
        return page, total

    # favorites ------------------------------------------------------------
    def favorite(self, user: User, article: Article) -> None:
        article.favorited_by.add(user)  # no-op when already favorited

    def unfavorite(self, user: User, article: Article) -> None:
        article.favorited_by.remove(user)

    def favorites_counts(self, article_ids: Iterable[int]) -> dict[int, int]:
        ids = set(article_ids)
        counts = {i: 0 for i in ids}
        if ids:
            rows = (
                Article.favorited_by.through.objects.filter(article_id__in=ids)
                .values("article_id")
                .annotate(n=Count("id"))
            )
            counts.update({r["article_id"]: r["n"] for r in rows})
        return counts

    def favorited_among(self, user_id: int, article_ids: Iterable[int]) -> set[int]:
        ids = set(article_ids)
        if not ids:
            return set()
        rows = Article.favorited_by.through.objects.filter(user_id=user_id, article_id__in=ids)
        return set(rows.values_list("article_id", flat=True))
