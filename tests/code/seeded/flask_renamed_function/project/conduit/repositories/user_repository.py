from sqlalchemy import select

from conduit.database import SessionLocal
from conduit.models import User


def find_user_by_email(email):
    return SessionLocal.execute(select(User).where(User.email == email)).scalar_one_or_none()


def get_user_by_username(username):
    return SessionLocal.execute(select(User).where(User.username == username)).scalar_one_or_none()


def get_user_by_id(user_id):
    return SessionLocal.get(User, user_id)


def create_user(username, email, password_hash):
    user = User(username=username, email=email, password_hash=password_hash)
    SessionLocal.add(user)
    SessionLocal.commit()
    return user


def update_user(user, **fields):
    for key, value in fields.items():
        setattr(user, key, value)
    SessionLocal.commit()
    return user
