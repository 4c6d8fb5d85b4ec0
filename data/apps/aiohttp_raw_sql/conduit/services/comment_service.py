"""Comments on articles."""
from __future__ import annotations

from typing import Any

from ..db import Connection
from ..errors import ForbiddenError, NotFoundError
from ..repositories import ArticleRepository, CommentRepository, UserRepository
from . import validation as v
from .clock import utcnow
from .dto import CommentDTO
from .user_service import author_profile


class CommentService:
    def __init__(self, db: Connection):
        self.comments = CommentRepository(db)
        self.articles = ArticleRepository(db)
        self.users = UserRepository(db)

    async def require_article(self, slug: str) -> dict:
        article = await self.articles.get_by_slug(slug)
        if article is None:
            raise NotFoundError("article not found")
        return article

    async def _to_dtos(self, comments: list[dict], viewer: dict | None) -> list[CommentDTO]:
        following = (
            await self.users.followed_among(viewer["id"], {c["author_id"] for c in comments}) if viewer else set()
        )
        return [
            CommentDTO(
                id=c["id"],
                body=c["body"],
                created_at=c["created_at"],
                updated_at=c["updated_at"],
                author=author_profile(c, c["author_id"] in following),
            )
            for c in comments
        ]

    async def list(self, slug: str, viewer: dict | None) -> list[CommentDTO]:
        article = await self.require_article(slug)
        return await self._to_dtos(await self.comments.list_for_article(article["id"]), viewer)

    async def add(self, viewer: dict, slug: str, payload: Any) -> CommentDTO:
        article = await self.require_article(slug)
        data = v.require_object(payload, "comment")
        body = v.required_string(data, "body")
        comment = await self.comments.add(article["id"], viewer["id"], body, utcnow())
        return (await self._to_dtos([comment], viewer))[0]

    async def delete(self, viewer: dict, slug: str, comment_id: int) -> None:
        article = await self.require_article(slug)
        comment = await self.comments.get_for_article(article["id"], comment_id)
        if comment is None:
            raise NotFoundError("comment not found")
        if comment["author_id"] != viewer["id"]:
            raise ForbiddenError("only the author can delete this comment")
        await self.comments.delete(comment["id"])
