from models.base import Base
from models.user import User, follows
from models.article import Article, Comment, Tag, article_tags

__all__ = ["Base", "User", "follows", "Article", "Comment", "Tag", "article_tags"]
