from fastapi import APIRouter, Body, Depends, Header
from sqlalchemy.orm import Session

from app.db import get_db
from app.schemas import ArticleCreate
from app.services.article_service import ArticleService

router = APIRouter(tags=["articles"])


def current_user_id(authorization: str = Header(default="")) -> int:
    token = authorization.removeprefix("Token ").strip()
    return int(token.split(".", 1)[0]) if token else 0


@router.get("/articles")
def list_articles(limit: int = 20, offset: int = 0, db: Session = Depends(get_db)):
    articles = ArticleService(db).list_articles(limit=limit, offset=offset)
    return {"articles": articles, "articlesCount": len(articles)}


@router.post("/articles", status_code=201)
def create_article(article: ArticleCreate = Body(..., embed=True), user_id: int = Depends(current_user_id), db: Session = Depends(get_db)):
    service = ArticleService(db)
    return {"article": service.create_article(user_id, article)}


@router.get("/articles/{slug}")
def get_article(slug: str, db: Session = Depends(get_db)):
    service = ArticleService(db)
    return {"article": service.get_article(slug)}


@router.delete("/articles/{slug}", status_code=204)
def delete_article(slug: str, user_id: int = Depends(current_user_id), db: Session = Depends(get_db)):
    ArticleService(db).delete_article(slug, user_id)
