import re

from sqlmodel import Session

from models import Article, ArticleCreate, User
from repositories import article_repository


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def to_response(article: Article) -> dict:
    return {
        "slug": article.slug,
        "title": article.title,
        "description": article.description,
        "body": article.body,
        "tagList": [tag.name for tag in article.tags],
        "author": {"username": article.author.username, "bio": article.author.bio},
    }


def publish(session: Session, author: User, data: ArticleCreate) -> dict:
    article = article_repository.create_article(
        session, author, slugify(data.title), data.title, data.description, data.body, data.tagList
    )
    return to_response(article)
