from sqlalchemy import select

from conduit.database import SessionLocal
from conduit.models import Article


class ArticleRepository:
    def __init__(self, session=None):
        self.session = session or SessionLocal

    def get_by_slug(self, slug):
        return self.session.execute(select(Article).where(Article.slug == slug)).scalar_one_or_none()

    def list_articles(self, limit=20, offset=0, author_id=None):
        query = select(Article).order_by(Article.created_at.desc())
        if author_id is not None:
            query = query.where(Article.author_id == author_id)
        return list(self.session.execute(query.limit(limit).offset(offset)).scalars())

    def create(self, author_id, slug, title, description, body):
        article = Article(author_id=author_id, slug=slug, title=title, description=description, body=body)
        self.session.add(article)
        self.session.commit()
        return article

    def delete(self, article):
        self.session.delete(article)
        self.session.commit()
