"""Comments on articles."""
from __future__ import annotations

from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from ..errors import ForbiddenError, NotFoundError
from ..models import Article, Comment, User, utcnow
from ..repositories import ArticleRepository, CommentRepository, UserRepository
from . import validation as v
from .dto import CommentDTO
from .user_service import profile_of


class CommentService:
    def __init__(self, session: AsyncSession):
        self.session = session
        self.comments = CommentRepository(session)
        self.articles = ArticleRepository(session)
        self.users = UserRepository(session)

    async def _require_article(self, slug: str) -> Article:
        article = await self.articles.get_by_slug(slug)
        if article is None:
            raise NotFoundError("article not found")
        return article

    async def _to_dtos(self, comments: list[Comment], viewer: User | None) -> list[CommentDTO]:
        following = (
            await self.users.followed_among(viewer.id, {c.author_id for c in comments})
            if viewer
            else set()
        )
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

    async def list(self, slug: str, viewer: User | None) -> list[CommentDTO]:
        article = await self._require_article(slug)
        return await self._to_dtos(await self.comments.list_for_article(article.id), viewer)

    async def add(self, viewer: User, slug: str, payload: Any) -> CommentDTO:
        article = await self._require_article(slug)
        data = v.require_object(payload, "comment")
        body = v.required_string(data, "body")
        now = utcnow()
        comment = await self.comments.add(
            Comment(body=body, article_id=article.id, author_id=viewer.id,
                    created_at=now, updated_at=now)
        )
        await self.session.commit()
        loaded = await self.comments.reload(comment.id)
        if loaded is None:  # pragma: no cover - deleted concurrently
            raise NotFoundError("comment not found")
        return (await self._to_dtos([loaded], viewer))[0]

    async def delete(self, viewer: User, slug: str, comment_id: int | None) -> None:
        article = await self._require_article(slug)
        comment = (
            await self.comments.get_for_article(article.id, comment_id) if comment_id is not None else None
        )
        if comment is None:
            raise NotFoundError("comment not found")
        if comment.author_id != viewer.id:
            raise ForbiddenError("only the author can delete this comment")
        await self.comments.delete(comment)
        await self.session.commit()
