"""SQLAlchemy entities."""
from .associations import article_tags, favorites, follows
from .article import Article
from .base import Base, utcnow
from .comment import Comment
from .tag import Tag
from .user import User

__all__ = [
    "Base", "utcnow", "User", "Article", "Tag", "Comment",
    "follows", "favorites", "article_tags",
]
