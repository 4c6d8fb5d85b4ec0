"""Registration, login, current user, profiles and follows."""
from __future__ import annotations

from typing import Any

from .. import auth
from ..db import Connection
from ..errors import AuthenticationError, NotFoundError, ValidationError
from ..repositories import UserRepository
from . import validation as v
from .clock import utcnow
from .dto import ProfileDTO, UserDTO


def profile_of(user: dict, following: bool) -> ProfileDTO:
    return ProfileDTO(
        username=user["username"], bio=user.get("bio") or "", image=user.get("image") or "", following=following
    )


def author_profile(row: dict, following: bool) -> ProfileDTO:
    """Profile from a row joined with its author (author_username, author_bio, author_image)."""
    return ProfileDTO(
        username=row["author_username"],
        bio=row.get("author_bio") or "",
        image=row.get("author_image") or "",
        following=following,
    )


class UserService:
    def __init__(self, db: Connection):
        self.users = UserRepository(db)

    # helpers ---------------------------------------------------------------
    def _user_dto(self, user: dict) -> UserDTO:
        return UserDTO(
            email=user["email"],
            token=auth.create_token(user["id"], user["username"]),
            username=user["username"],
            bio=user.get("bio") or "",
            image=user.get("image") or "",
        )

    async def load(self, user_id: int) -> dict | None:
        """The user row for a token's user id (None when the user is gone)."""
        return await self.users.get_by_id(user_id)

    async def _require_user(self, username: str) -> dict:
        user = await self.users.get_by_username(username)
        if user is None:
            raise NotFoundError("profile not found")
        return user

    # use cases -------------------------------------------------------------
    async def register(self, payload: Any) -> UserDTO:
        data = v.require_object(payload, "user")
        username = v.required_string(data, "username")
        email = v.email(v.required_string(data, "email"))
        password = v.required_string(data, "password", strip=False)
        errors = []
        if await self.users.get_by_username(username) is not None:
            errors.append("username has already been taken")
        if await self.users.get_by_email(email) is not None:
            errors.append("email has already been taken")
        if errors:
            raise ValidationError(*errors)
        user = await self.users.add(username, email, auth.hash_password(password), utcnow())
        return self._user_dto(user)

    async def login(self, payload: Any) -> UserDTO:
        data = v.require_object(payload, "user")
        email = v.required_string(data, "email")
        password = v.required_string(data, "password", strip=False)
        user = await self.users.get_by_email(email)
        if user is None or not auth.verify_password(user["password_hash"], password):
            raise AuthenticationError("email or password is invalid")
        return self._user_dto(user)

    def current(self, user: dict) -> UserDTO:
        return self._user_dto(user)

    async def update(self, user: dict, payload: Any) -> UserDTO:
        data = v.require_object(payload, "user")
        if not any(k in data for k in ("email", "username", "password", "bio", "image")):
            raise ValidationError("at least one field is required")
        changes: dict = {}
        if "username" in data:
            username = v.required_string(data, "username")
            other = await self.users.get_by_username(username)
            if other is not None and other["id"] != user["id"]:
                raise ValidationError("username has already been taken")
            changes["username"] = username
        if "email" in data:
            email = v.email(v.required_string(data, "email"))
            other = await self.users.get_by_email(email)
            if other is not None and other["id"] != user["id"]:
                raise ValidationError("email has already been taken")
            changes["email"] = email
        if "password" in data:
            changes["password_hash"] = auth.hash_password(v.required_string(data, "password", strip=False))
        bio = v.optional_string(data, "bio")
        if bio is not None:
            changes["bio"] = bio
        image = v.optional_string(data, "image")
        if image is not None:
            changes["image"] = image
        changes["updated_at"] = utcnow()
        return self._user_dto(await self.users.update(user["id"], changes))

    async def get_profile(self, username: str, viewer: dict | None) -> ProfileDTO:
        target = await self._require_user(username)
        following = viewer is not None and await self.users.is_following(viewer["id"], target["id"])
        return profile_of(target, following)

    async def follow(self, viewer: dict, username: str) -> ProfileDTO:
        target = await self._require_user(username)
        if target["id"] == viewer["id"]:
            raise ValidationError("you cannot follow yourself")
        await self.users.follow(viewer["id"], target["id"])
        return profile_of(target, True)

    async def unfollow(self, viewer: dict, username: str) -> ProfileDTO:
        target = await self._require_user(username)
        await self.users.unfollow(viewer["id"], target["id"])
        return profile_of(target, False)
