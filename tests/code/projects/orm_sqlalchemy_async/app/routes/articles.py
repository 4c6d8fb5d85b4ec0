from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from app.db import async_session, get_session
from app.models import Article, Comment, User
from app.repositories.articles import ArticleRepository
from app.repositories.users import get_user
from app.services.articles import article_to_dict

router = APIRouter(prefix="/api/articles")


@router.get("")
async def list_articles(limit: int = 20, offset: int = 0, session: AsyncSession = Depends(get_session)):
    repo = ArticleRepository(session)
    articles = await repo.list(limit, offset)
    return {"articles": [article_to_dict(a) for a in articles], "articlesCount": await repo.count()}


@router.get("/{slug}")
async def get_article(slug: str, session: AsyncSession = Depends(get_session)):
    article = await ArticleRepository(session).get_by_slug(slug)
    if article is None:
        raise HTTPException(status_code=404, detail="article not found")
    return {"article": article_to_dict(article)}


@router.get("/{slug}/comments")
async def list_comments(slug: str, session: AsyncSession = Depends(get_session)):
    result = await session.execute(
        select(Article).options(selectinload(Article.comments)).where(Article.slug == slug)
    )
    article = result.scalar_one_or_none()
    if article is None:
        raise HTTPException(status_code=404, detail="article not found")
    return {
        "comments": [
            {"id": c.id, "body": c.body, "author": {"username": c.author.username}} for c in article.comments
        ]
    }


@router.get("/by-author/{user_id}")
async def articles_by_author(user_id: int):
    async with async_session() as session:
        user = await session.get(User, user_id, options=[selectinload(User.articles)])
        if user is None:
            raise HTTPException(status_code=404, detail="user not found")
        return {"articles": [{"slug": a.slug, "title": a.title} for a in user.articles]}


@router.delete("/{slug}/comments/{comment_id}")
async def delete_comment(slug: str, comment_id: int, session: AsyncSession = Depends(get_session)):
    comment = await session.get(Comment, comment_id, options=[selectinload(Comment.article)])
    if comment is None or comment.article.slug != slug:
        raise HTTPException(status_code=404, detail="comment not found")
    await session.delete(comment)
    await session.commit()
    return {}
