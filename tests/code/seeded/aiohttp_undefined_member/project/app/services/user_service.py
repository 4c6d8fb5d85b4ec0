import hashlib

from app.models import User
from app.repositories import user_repository


class UserNotFound(Exception):
    pass


def register_user(username, email, password):
    digest = hashlib.sha256(password.encode()).hexdigest()
    user_id = user_repository.insert_user(username, email, digest)
    return User(id=user_id, username=username, email=email)


def get_profile(username):
    row = user_repository.find_by_username(username)
    if row is None:
        raise UserNotFound(username)
    return Profile(username=row["username"], bio=row["bio"] or "", image=row["image"])


def profile_for_user_id(user_id):
    row = user_repository.find_by_id(user_id)
    return get_profile(row["username"])
