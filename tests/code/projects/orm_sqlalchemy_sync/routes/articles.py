from fastapi import APIRouter, Depends, HTTPException
from sqlalchemy.orm import Session

from database import get_db
from models import Article
from repositories.article_repository import ArticleRepository
from services.article_service import create_article, serialize_article

router = APIRouter(prefix="/api")


@router.get("/articles")
def list_articles(author: str | None = None, tag: str | None = None, limit: int = 20, offset: int = 0, db: Session = Depends(get_db)):
    articles = ArticleRepository(db).list_articles(author=author, tag=tag, limit=limit, offset=offset)
    return {"articles": [serialize_article(a) for a in articles], "articlesCount": len(articles)}


@router.get("/articles/{slug}")
def get_article(slug: str, db: Session = Depends(get_db)):
    article = ArticleRepository(db).get_by_slug(slug)
    if article is None:
        raise HTTPException(status_code=404, detail="Article not found")
    return {"article": serialize_article(article)}


@router.get("/articles/{slug}/comments")
def list_comments(slug: str, db: Session = Depends(get_db)):
    article = db.query(Article).filter_by(slug=slug).first()
    if article is None:
        raise HTTPException(status_code=404, detail="Article not found")
    return {"comments": [{"id": c.id, "body": c.body} for c in article.comments]}
