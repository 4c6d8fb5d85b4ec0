from __future__ import annotations

import datetime as dt

from ..models import Article, Comment, User


class CommentRepository:
    def list_for_article(self, article: Article) -> list[Comment]:
        """Oldest first."""
        return list(Comment.objects.filter(article=article).select_related("author").order_by("created_at", "id"))

    def get_for_article(self, article: Article, comment_id: int) -> Comment | None:
        return Comment.objects.filter(article=article, id=comment_id).select_related("author").first()

    def add(self, article: Article, author: User, body: str, now: dt.datetime) -> Comment:
        return Comment.objects.create(article=article, author=author, body=body, created_at=now, updated_at=now)

    def delete(self, comment: Comment) -> None:
        comment.delete()
