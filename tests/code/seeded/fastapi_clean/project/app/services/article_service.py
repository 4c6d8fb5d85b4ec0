import re

from sqlalchemy.orm import Session

from app.exceptions import ArticleNotFoundError, PermissionDeniedError
from app.repositories.article_repository import ArticleRepository
from app.schemas import ArticleCreate, ArticleOut


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def to_out(article) -> ArticleOut:
    return ArticleOut(
        slug=article.slug,
        title=article.title,
        description=article.description,
        body=article.body,
        tag_list=[t for t in (article.tag_list or "").split(",") if t],
        author=article.author.username,
    )


class ArticleService:
    def __init__(self, db: Session):
        self.articles = ArticleRepository(db)

    def create_article(self, author_id: int, data: ArticleCreate) -> ArticleOut:
        article = self.articles.create(author_id, slugify(data.title), data.title, data.description, data.body, tag_list=data.tag_list)
        return to_out(article)

    def get_article(self, slug: str) -> ArticleOut:
        article = self.articles.get_by_slug(slug)
        if article is None:
            raise ArticleNotFoundError(f"article {slug} not found")
        return to_out(article)

    def list_articles(self, limit: int = 20, offset: int = 0) -> list:
        return [to_out(a) for a in self.articles.list(limit=limit, offset=offset)]

    def delete_article(self, slug: str, user_id: int) -> None:
        article = self.articles.get_by_slug(slug)
        if article is None:
            raise ArticleNotFoundError(f"article {slug} not found")
        if article.author_id != user_id:
            raise PermissionDeniedError("only the author can delete an article")
        self.articles.delete(article)
