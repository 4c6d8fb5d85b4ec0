from __future__ import annotations

from ..models import ArticleTag, Tag


class TagRepository:
    def get_or_create_many(self, names: list[str]) -> list[Tag]:
        """Tags for the given names, in the given order, creating missing ones."""
        return [Tag.objects.get_or_create(name=name)[0] for name in names]

    def list_in_use(self) -> list[str]:
        """Names of tags attached to at least one article, alphabetically."""
        used = ArticleTag.objects.values("tag_id")
        return list(Tag.objects.filter(id__in=used).order_by("name").values_list("name", flat=True))

    def names_for_articles(self, article_ids: list[int]) -> dict[int, list[str]]:
        """article id -> its tag names in the author's order."""
        out: dict[int, list[str]] = {i: [] for i in article_ids}
        if not article_ids:
            return out
        rows = (
            ArticleTag.objects.filter(article_id__in=article_ids)
            .order_by("article_id", "position")
            .values_list("article_id", "tag__name")
        )
        for article_id, name in rows:
            out[article_id].append(name)
        return out
