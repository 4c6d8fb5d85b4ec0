"""Plain result objects handed from services to the routes layer."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class UserDTO:
    email: str
    token: str
    username: str
    bio: str
    image: str


@dataclass(frozen=True)
class ProfileDTO:
    username: str
    bio: str
    image: str
    following: bool


@dataclass(frozen=True)
class ArticleDTO:
    slug: str
    title: str
    description: str
    body: str
    tag_list: list[str]
    created_at: dt.datetime
    updated_at: dt.datetime
    favorited: bool
    favorites_count: int
    author: ProfileDTO


@dataclass(frozen=True)
class ArticlePageDTO:
    articles: list[ArticleDTO] = field(default_factory=list)
    articles_count: int = 0


@dataclass(frozen=True)
class CommentDTO:
    id: int
    body: str
    created_at: dt.datetime
    updated_at: dt.datetime
    author: ProfileDTO
