from typing import Optional

from sqlalchemy import desc, select
from sqlalchemy.orm import Session, joinedload, selectinload

from models import Article, Tag, User


class ArticleRepository:
    def __init__(self, db: Session):
        self.db = db

    def get_by_slug(self, slug: str) -> Optional[Article]:
        stmt = (
            select(Article)
            .options(joinedload(Article.author), selectinload(Article.tags))
            .where(Article.slug == slug)
        )
        return self.db.scalars(stmt).first()

    def list_articles(self, author: Optional[str] = None, tag: Optional[str] = None, limit: int = 20, offset: int = 0):
        query = self.db.query(Article).options(joinedload(Article.author), selectinload(Article.tags))
        if author:
            query = query.join(Article.author).filter(User.username == author)
        if tag:
            query = query.join(Article.tags).filter(Tag.name == tag)
        return query.order_by(desc(Article.created_at)).offset(offset).limit(limit).all()

    def create(self, author: User, title: str, description: str, body: str, slug: str, tags: list[str]) -> Article:
        article = Article(slug=slug, title=title, description=description, body=body, author_id=author.id)
        for name in tags:
            tag = self.db.query(Tag).filter_by(name=name).first() or Tag(name=name)
            article.tags.append(tag)
        self.db.add(article)
        self.db.commit()
        self.db.refresh(article)
        return article

    def delete(self, article: Article) -> None:
        self.db.delete(article)
        self.db.commit()
