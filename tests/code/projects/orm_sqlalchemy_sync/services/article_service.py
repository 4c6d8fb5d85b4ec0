import re
from typing import Optional

from models import Article, User
from repositories.article_repository import ArticleRepository
from repositories.user_repository import get_user_by_username


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def serialize_article(article: Article, viewer: Optional[User] = None) -> dict:
    return {
        "slug": article.slug,
        "title": article.title,
        "description": article.description,
        "body": article.body,
        "tagList": article.tag_list,
        "createdAt": article.created_at.isoformat() + "Z",
        "updatedAt": article.updated_at.isoformat() + "Z",
        "author": article.author.to_profile(viewer),
    }


def author_profile(username: str) -> Optional[dict]:
    user = get_user_by_username(username)
    if user is None:
        return None
    return {"username": user.username, "following": len(user.following)}


def create_article(repo: ArticleRepository, author: User, data: dict) -> dict:
    article = repo.create(author, data["title"], data["description"], data["body"], slugify(data["title"]), data.get("tagList", []))
    return serialize_article(article, author)
