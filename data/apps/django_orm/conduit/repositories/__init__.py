"""Data access through the Django ORM. Repositories return model instances."""
from .article_repository import ArticleFilter, ArticleRepository
from .comment_repository import CommentRepository
from .health_repository import HealthRepository
from .tag_repository import TagRepository
from .user_repository import UserRepository

__all__ = [
    "ArticleFilter",
    "ArticleRepository",
    "CommentRepository",
    "HealthRepository",
    "TagRepository",
    "UserRepository",
]
