from sqlalchemy import Column, ForeignKey, Integer, String, Table, Text
from sqlalchemy.orm import relationship

from models.base import Base, TimestampMixin

follows = Table(
    "follows",
    Base.metadata,
    Column("follower_id", Integer, ForeignKey("users.id"), primary_key=True),
    Column("followed_id", Integer, ForeignKey("users.id"), primary_key=True),
)


class User(Base, TimestampMixin):
    __tablename__ = "users"

    id = Column(Integer, primary_key=True, index=True)
    username = Column(String(64), unique=True, nullable=False)
    email = Column(String(255), unique=True, nullable=False)
    password_hash = Column("password", String(255), nullable=False)
    bio = Column(Text, default="")
    image = Column(String(512), nullable=True)

    articles = relationship("Article", back_populates="author", cascade="all, delete-orphan")
    comments = relationship("Comment", back_populates="author")
    following = relationship(
        "User",
        secondary=follows,
        primaryjoin=id == follows.c.follower_id,
        secondaryjoin=id == follows.c.followed_id,
        backref="followers",
    )

    def is_following(self, other: "User") -> bool:
        return other in self.following

    def to_profile(self, viewer=None) -> dict:
        return {
            "username": self.username,
            "bio": self.bio,
            "image": self.image,
            "following": bool(viewer and viewer.is_following(self)),
        }
