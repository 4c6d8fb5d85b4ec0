from datetime import datetime
from typing import List, Optional

from sqlmodel import Field, Relationship, SQLModel

from models.user import User


class ArticleTagLink(SQLModel, table=True):
    article_id: Optional[int] = Field(default=None, foreign_key="article.id", primary_key=True)
    tag_id: Optional[int] = Field(default=None, foreign_key="tag.id", primary_key=True)


class Tag(SQLModel, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    name: str = Field(unique=True, index=True)

    articles: List["Article"] = Relationship(back_populates="tags", link_model=ArticleTagLink)


class ArticleBase(SQLModel):
    title: str
    description: str
    body: str


class Article(ArticleBase, table=True):
    id: Optional[int] = Field(default=None, primary_key=True)
    slug: str = Field(index=True, unique=True)
    author_id: int = Field(foreign_key="users.id")
    created_at: datetime = Field(default_factory=datetime.utcnow)
    updated_at: datetime = Field(default_factory=datetime.utcnow)

    author: Optional[User] = Relationship(back_populates="articles", sa_relationship_kwargs={"lazy": "joined"})
    tags: List[Tag] = Relationship(back_populates="articles", link_model=ArticleTagLink)


class ArticleCreate(ArticleBase):
    tagList: List[str] = []
