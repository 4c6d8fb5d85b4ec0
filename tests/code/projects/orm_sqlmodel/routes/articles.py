from fastapi import APIRouter, Depends, HTTPException
from sqlmodel import Session

from database import get_session
from models import ArticleCreate, User
from repositories import article_repository
from services.articles import publish, to_response

router = APIRouter(prefix="/api/articles")


@router.get("")
def list_articles(tag: str | None = None, limit: int = 20, offset: int = 0, session: Session = Depends(get_session)):
    articles = article_repository.list_articles(session, tag=tag, limit=limit, offset=offset)
    return {"articles": [to_response(a) for a in articles], "articlesCount": len(articles)}


@router.get("/{slug}")
def get_article(slug: str, session: Session = Depends(get_session)):
    article = article_repository.get_article(session, slug)
    if article is None:
        raise HTTPException(status_code=404, detail="article not found")
    return {"article": to_response(article)}


@router.post("")
def create_article(payload: dict, session: Session = Depends(get_session)):
    author = session.get(User, 1)
    return {"article": publish(session, author, ArticleCreate(**payload["article"]))}
