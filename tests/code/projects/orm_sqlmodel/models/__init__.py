from models.user import User, UserBase, UserCreate
from models.article import Article, ArticleBase, ArticleCreate, ArticleTagLink, Tag

__all__ = ["User", "UserBase", "UserCreate", "Article", "ArticleBase", "ArticleCreate", "ArticleTagLink", "Tag"]
