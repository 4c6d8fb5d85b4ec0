from .base import Base
from .user import User
from .article import Article, Comment, Favorite

__all__ = ["Base", "User", "Article", "Comment", "Favorite"]
