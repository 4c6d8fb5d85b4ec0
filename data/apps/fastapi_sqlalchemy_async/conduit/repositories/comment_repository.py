from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from ..models import Comment


class CommentRepository:
    def __init__(self, session: AsyncSession):
        self.session = session

    async def list_for_article(self, article_id: int) -> list[Comment]:
        stmt = (
            select(Comment)
            .options(selectinload(Comment.author))
            .where(Comment.article_id == article_id)
            .order_by(Comment.created_at.asc(), Comment.id.asc())
        )
        return list((await self.session.scalars(stmt)).unique())

    async def get_for_article(self, article_id: int, comment_id: int) -> Comment | None:
        return await self.session.scalar(
            select(Comment)
            .options(selectinload(Comment.author))
            .where(Comment.id == comment_id, Comment.article_id == article_id)
        )

    async def add(self, comment: Comment) -> Comment:
        self.session.add(comment)
        await self.session.flush()
        return comment

    async def reload(self, comment_id: int) -> Comment | None:
        stmt = select(Comment).options(selectinload(Comment.author)).where(Comment.id == comment_id)
        return await self.session.scalar(stmt.execution_options(populate_existing=True))

    async def delete(self, comment: Comment) -> None:
        await self.session.delete(comment)
        await self.session.flush()
