from dataclasses import dataclass, field
from typing import Optional


@dataclass
class User:
    id: int
    username: str
    email: str
    bio: str = ""
    image: Optional[str] = None


@dataclass
class Profile:
    username: str
    bio: str = ""
    image: Optional[str] = None
    following: bool = False


@dataclass
class Article:
    slug: str
    title: str
    description: str
    body: str
    author: Profile
    tag_list: list = field(default_factory=list)

    def to_dict(self):
        return {
            "slug": self.slug,
            "title": self.title,
            "description": self.description,
            "body": self.body,
            "tagList": self.tag_list,
            "author": self.author.__dict__,
        }
