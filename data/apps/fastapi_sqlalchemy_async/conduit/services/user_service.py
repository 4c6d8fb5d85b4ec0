"""Registration, login, current user, profiles and follows."""
from __future__ import annotations

import asyncio
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from .. import auth
from ..errors import AuthenticationError, NotFoundError, ValidationError
from ..models import User, utcnow
from ..repositories import UserRepository
from . import validation as v
from .dto import ProfileDTO, UserDTO


def profile_of(user: User, following: bool) -> ProfileDTO:
    return ProfileDTO(
        username=user.username, bio=user.bio or "", image=user.image or "", following=following
    )


class UserService:
    def __init__(self, session: AsyncSession):
        self.session = session
        self.users = UserRepository(session)

    # helpers ---------------------------------------------------------------
    def _user_dto(self, user: User) -> UserDTO:
        return UserDTO(
            email=user.email,
            token=auth.create_token(user.id, user.username),
            username=user.username,
            bio=user.bio or "",
            image=user.image or "",
        )

    async def authenticate(self, token: str) -> User:
        """The user a token belongs to; AuthenticationError if invalid or gone."""
        user = await self.users.get_by_id(auth.decode_token(token))
        if user is None:
            raise AuthenticationError("user for token no longer exists")
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
        password_hash = await asyncio.to_thread(auth.hash_password, password)
        user = await self.users.add(
            User(username=username, email=email, password_hash=password_hash, bio="", image="")
        )
        await self.session.commit()
        return self._user_dto(user)

    async def login(self, payload: Any) -> UserDTO:
        data = v.require_object(payload, "user")
        email = v.required_string(data, "email")
        password = v.required_string(data, "password", strip=False)
        user = await self.users.get_by_email(email)
        if user is None or not await asyncio.to_thread(auth.verify_password, user.password_hash, password):
            raise AuthenticationError("email or password is invalid")
        return self._user_dto(user)

    async def current(self, user: User) -> UserDTO:
        return self._user_dto(user)

    async def update(self, user: User, payload: Any) -> UserDTO:
        data = v.require_object(payload, "user")
        fields = {k for k in ("email", "username", "password", "bio", "image") if k in data}
        if not fields:
            raise ValidationError("at least one field is required")
        if "username" in data:
            username = v.required_string(data, "username")
            other = await self.users.get_by_username(username)
            if other is not None and other.id != user.id:
                raise ValidationError("username has already been taken")
            user.username = username
        if "email" in data:
            email = v.email(v.required_string(data, "email"))
            other = await self.users.get_by_email(email)
            if other is not None and other.id != user.id:
                raise ValidationError("email has already been taken")
            user.email = email
        if "password" in data:
            password = v.required_string(data, "password", strip=False)
            user.password_hash = await asyncio.to_thread(auth.hash_password, password)
        bio = v.optional_string(data, "bio")
        if bio is not None:
            user.bio = bio
        image = v.optional_string(data, "image")
        if image is not None:
            user.image = image
        user.updated_at = utcnow()
        await self.session.commit()
        return self._user_dto(user)

    async def get_profile(self, username: str, viewer: User | None) -> ProfileDTO:
        target = await self._require_user(username)
        following = viewer is not None and await self.users.is_following(viewer.id, target.id)
        return profile_of(target, following)

    async def follow(self, viewer: User, username: str) -> ProfileDTO:
        target = await self._require_user(username)
        if target.id == viewer.id:
            raise ValidationError("you cannot follow yourself")
        await self.users.follow(viewer.id, target.id)
        await self.session.commit()
        return profile_of(target, True)

    async def unfollow(self, viewer: User, username: str) -> ProfileDTO:
        target = await self._require_user(username)
        await self.users.unfollow(viewer.id, target.id)
        await self.session.commit()
        return profile_of(target, False)

    async def _require_user(self, username: str) -> User:
        user = await self.users.get_by_username(username)
        if user is None:
            raise NotFoundError("profile not found")
        return user
