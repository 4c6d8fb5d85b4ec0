"""Data access: raw SQL, one repository per aggregate.

Every repository takes a db.Connection (one transaction). SQL uses `?` placeholders; the
connection rewrites them to `$n` for asyncpg. Rows are plain dicts.
"""
from .article_repository import ArticleFilter, ArticleRepository
from .comment_repository import CommentRepository
from .health_repository import HealthRepository
from .tag_repository import TagRepository
from .user_repository import UserRepository

__all__ = [
    "ArticleFilter", "ArticleRepository", "CommentRepository", "HealthRepository", "TagRepository", "UserRepository",
]
