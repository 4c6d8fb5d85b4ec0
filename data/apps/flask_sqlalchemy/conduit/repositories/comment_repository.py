from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Comment


class CommentRepository:
    def __init__(self, session: Session):
        self.session = session

    def list_for_article(self, article_id: int) -> list[Comment]:
        stmt = (
            select(Comment)
            .where(Comment.article_id == article_id)
            .order_by(Comment.created_at.asc(), Comment.id.asc())
        )
        return list(self.session.scalars(stmt).unique())

    def get_for_article(self, article_id: int, comment_id: int) -> Comment | None:
        return self.session.scalar(
            select(Comment).where(Comment.id == comment_id, Comment.article_id == article_id)
        )

    def add(self, comment: Comment) -> Comment:
        self.session.add(comment)
        self.session.flush()
        return comment

    def delete(self, comment: Comment) -> None:
        self.session.delete(comment)
        self.session.flush()
