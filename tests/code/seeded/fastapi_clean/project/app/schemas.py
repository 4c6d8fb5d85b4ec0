from typing import List, Optional

from pydantic import BaseModel, Field


class UserCreate(BaseModel):
    username: str
    email: str
    password: str


class UserLogin(BaseModel):
    email: str
    password: str


class UserOut(BaseModel):
    username: str
    email: str
    bio: Optional[str] = None
    image: Optional[str] = None
    token: str


class ArticleCreate(BaseModel):
    title: str
    description: str = ""
    body: str
    tag_list: List[str] = Field(default_factory=list, alias="tagList")


class ArticleOut(BaseModel):
    slug: str
    title: str
    description: str
    body: str
    tag_list: List[str] = Field(default_factory=list, serialization_alias="tagList")
    author: str
