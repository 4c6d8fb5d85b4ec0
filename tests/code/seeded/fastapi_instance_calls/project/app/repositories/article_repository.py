from typing import List, Optional

from sqlalchemy.orm import Session

from app.models import Article


class ArticleRepository:
    def __init__(self, db: Session):
        self.db = db

    def get_by_slug(self, slug: str) -> Optional[Article]:
        return self.db.query(Article).filter(Article.slug == slug).first()

    def list(self, limit: int = 20, offset: int = 0) -> List[Article]:
        return self.db.query(Article).order_by(Article.created_at.desc()).offset(offset).limit(limit).all()

    def create(self, author_id: int, slug: str, title: str, description: str, body: str, tag_list=None) -> Article:
        article = Article(
            author_id=author_id,
            slug=slug,
            title=title,
            description=description,
            body=body,
            tag_list=",".join(tag_list or []),
        )
        self.db.add(article)
        self.db.commit()
        self.db.refresh(article)
        return article

    def delete(self, article: Article) -> None:
        self.db.delete(article)
        self.db.commit()
