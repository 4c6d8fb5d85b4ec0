import re

from app.models import Article, User
from app.repositories.articles import ArticleRepository


def slugify(title: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")


def article_to_dict(article: Article, favorited: bool = False) -> dict:
    return {
        "slug": article.slug,
        "title": article.title,
        "description": article.description,
        "body": article.body,
        "favorited": favorited,
        "favoritesCount": len(article.favorites),
        "createdAt": article.created_at.isoformat(),
        "author": {"username": article.author.username, "bio": article.author.bio, "image": article.author.image},
    }


async def create_article(repo: ArticleRepository, author: User, data: dict) -> dict:
    article = Article(
        slug=slugify(data["title"]),
        title=data["title"],
        description=data["description"],
        body=data["body"],
        author_id=author.id,
    )
    article = await repo.add(article)
    return article_to_dict(article)
