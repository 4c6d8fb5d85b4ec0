import re

from conduit.errors import NotFoundError, ServiceError
from conduit.repositories.article_repository import ArticleRepository


def slugify(title):
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def serialize_article(article):
    return {
        "slug": article.slug,
        "title": article.title,
        "description": article.description,
        "body": article.body,
        "author": {"username": article.author.username, "bio": article.author.bio, "image": article.author.image},
    }


class ArticleService:
    def __init__(self, repository=None):
        self.repository = repository or ArticleRepository()

    def create_article(self, author_id, title, description, body):
        if not title or not body:
            raise ServiceError("title and body are required")
        article = self.repository.create(author_id, slugify(title), title, description, body)
        return serialize_article(article)

    def get_article(self, slug):
        article = self.repository.get_by_slug(slug)
        if article is None:
            raise NotFoundError("article not found")
        return serialize_article(article)

    def list_articles(self, limit=20, offset=0):
        articles = self.repository.list_articles(limit=limit, offset=offset)
        return {"articles": [serialize_article(a) for a in articles], "articlesCount": len(articles)}

    def delete_article(self, slug, user_id):
        article = self.repository.get_by_slug(slug)
        if article is None:
            raise NotFoundError("article not found")
        if article.author_id != user_id:
            raise ServiceError("forbidden", status_code=403)
        self.repository.delete(article)
