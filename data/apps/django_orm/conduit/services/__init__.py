"""Business rules. Services raise conduit.errors domain errors and return DTOs."""
from .article_service import ArticleService
from .comment_service import CommentService
from .health_service import HealthService
from .tag_service import TagService
from .user_service import UserService

__all__ = ["ArticleService", "CommentService", "HealthService", "TagService", "UserService"]
