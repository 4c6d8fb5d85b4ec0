"""Comments on articles."""
from __future__ import annotations

from typing import Any

from ..errors import ForbiddenError, NotFoundError
from ..models import Article, Comment, User
from ..repositories import ArticleRepository, CommentRepository, UserRepository
from . import validation as v
from .clock import utcnow
from .dto import CommentDTO
from .user_service import profile_of


class CommentService:
    def __init__(self):
        self.comments = CommentRepository()
        self.articles = ArticleRepository()
        self.users = UserRepository()

    def require_article(self, slug: str) -> Article:
        article = self.articles.get_by_slug(slug)
        if article is None:
            raise NotFoundError("article not found")
        return article

    def _to_dtos(self, comments: list[Comment], viewer: User | None) -> list[CommentDTO]:
        following = self.users.followed_among(viewer.id, {c.author_id for c in comments}) if viewer else set()
        return [
            CommentDTO(
                id=c.id,
                body=c.body,
                created_at=c.created_at,
                updated_at=c.updated_at,
                author=profile_of(c.author, c.author_id in following),
            )
            for c in comments
        ]

    def list(self, slug: str, viewer: User | None) -> list[CommentDTO]:
        article = self.require_article(slug)
        return self._to_dtos(self.comments.list_for_article(article), viewer)

    def add(self, viewer: User, slug: str, payload: Any) -> CommentDTO:
        article = self.require_article(slug)
        data = v.require_object(payload, "comment")
        body = v.required_string(data, "body")
        comment = self.comments.add(article, viewer, body, utcnow())
        return self._to_dtos([comment], viewer)[0]

    def delete(self, viewer: User, slug: str, comment_id: int) -> None:
        article = self.require_article(slug)
        comment = self.comments.get_for_article(article, comment_id)
        if comment is None:
            raise NotFoundError("comment not found")
        if comment.author_id != viewer.id:
            raise ForbiddenError("only the author can delete this comment")
        self.comments.delete(comment)
