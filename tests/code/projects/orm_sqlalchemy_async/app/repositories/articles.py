from typing import Optional, Sequence

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.models import Article, Comment, User


class ArticleRepository:
    def __init__(self, session: AsyncSession) -> None:
        self.session = session

    async def get_by_slug(self, slug: str) -> Optional[Article]:
        result = await self.session.execute(
            select(Article).options(selectinload(Article.author)).where(Article.slug == slug)
        )
        return result.scalar_one_or_none()

    async def list(self, limit: int, offset: int) -> Sequence[Article]:
        stmt = (
            select(Article)
            .options(selectinload(Article.author))
            .order_by(Article.created_at.desc())
            .limit(limit)
            .offset(offset)
        )
        result = await self.session.scalars(stmt)
        return result.all()

    async def count(self) -> int:
        return await self.session.scalar(select(func.count()).select_from(Article)) or 0

    async def add(self, article: Article) -> Article:
        self.session.add(article)
        await self.session.commit()
        await self.session.refresh(article, attribute_names=["author"])
        return article

    async def add_comment(self, article: Article, author: User, body: str) -> Comment:
        comment = Comment(body=body, article_id=article.id, author_id=author.id)
        self.session.add(comment)
        await self.session.commit()
        await self.session.refresh(comment)
        return comment
