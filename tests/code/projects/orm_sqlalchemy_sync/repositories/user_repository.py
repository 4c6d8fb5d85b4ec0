from typing import Optional

from sqlalchemy.orm import joinedload

from database import SessionLocal
from models import User


def get_user_by_username(username: str) -> Optional[User]:
    with SessionLocal() as session:
        return (
            session.query(User)
            .options(joinedload(User.following))
            .filter_by(username=username)
            .first()
        )


def get_user_by_email(email: str) -> Optional[User]:
    with SessionLocal() as session:
        return session.query(User).filter(User.email == email).first()


def create_user(username: str, email: str, password_hash: str) -> User:
    with SessionLocal() as session:
        user = User(username=username, email=email, password_hash=password_hash, bio="")
        session.add(user)
        session.commit()
        session.refresh(user)
        return user


def follow(follower_id: int, username: str) -> Optional[User]:
    with SessionLocal() as session:
        follower = session.get(User, follower_id)
        target = session.query(User).filter_by(username=username).first()
        if target is None:
            return None
        follower.following.append(target)
        session.commit()
        return target
