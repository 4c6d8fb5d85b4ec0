from __future__ import annotations

import datetime as dt
from typing import Iterable

from ..models import User


class UserRepository:
    def get_by_id(self, user_id: int) -> User | None:
        return User.objects.filter(id=user_id).first()

    def get_by_username(self, username: str) -> User | None:
        return User.objects.filter(username=username).first()

    def get_by_email(self, email: str) -> User | None:
        return User.objects.filter(email=email).first()

    def add(self, username: str, email: str, password_hash: str, now: dt.datetime) -> User:
        return User.objects.create(
            username=username, email=email, password_hash=password_hash, created_at=now, updated_at=now
        )

    def update(self, user: User, changes: dict) -> User:
        """changes: a subset of username, email, password_hash, bio, image, updated_at."""
        allowed = ("username", "email", "password_hash", "bio", "image", "updated_at")
        names = [k for k in allowed if k in changes]
        for name in names:
            setattr(user, name, changes[name])
        if names:
            user.save(update_fields=names)
        return user

    # follows ----------------------------------------------------------------
    def is_following(self, follower_id: int, followed_id: int) -> bool:
        return User.following.through.objects.filter(from_user_id=follower_id, to_user_id=followed_id).exists()

    def followed_among(self, follower_id: int, user_ids: Iterable[int]) -> set[int]:
        ids = set(user_ids)
        if not ids:
            return set()
        rows = User.following.through.objects.filter(from_user_id=follower_id, to_user_id__in=ids)
        return set(rows.values_list("to_user_id", flat=True))

    def follow(self, follower: User, followed: User) -> None:
        follower.following.add(followed)  # no-op when already following

    def unfollow(self, follower: User, followed: User) -> None:
        follower.following.remove(followed)
