"""Registration, login, current user, profiles and follows."""
from __future__ import annotations

from typing import Any

from .. import auth
from ..errors import AuthenticationError, NotFoundError, ValidationError
from ..models import User
from ..repositories import UserRepository
from . import validation as v
from .clock import utcnow
from .dto import ProfileDTO, UserDTO


def profile_of(user: User, following: bool) -> ProfileDTO:
    return ProfileDTO(username=user.username, bio=user.bio or "", image=user.image or "", following=following)


class UserService:
    def __init__(self):
        self.users = UserRepository()

    # helpers ---------------------------------------------------------------
    def _user_dto(self, user: User) -> UserDTO:
        return UserDTO(
            email=user.email,
            token=auth.create_token(user.id, user.username),
            username=user.username,
            bio=user.bio or "",
            image=user.image or "",
        )

    def load(self, user_id: int) -> User | None:
        """The user for a token's user id (None when the user is gone)."""
        return self.users.get_by_id(user_id)

    def _require_user(self, username: str) -> User:
        user = self.users.get_by_username(username)
        if user is None:
            raise NotFoundError("profile not found")
        return user

    # use cases -------------------------------------------------------------
    def register(self, payload: Any) -> UserDTO:
        data = v.require_object(payload, "user")
        username = v.required_string(data, "username")
        email = v.email(v.required_string(data, "email"))
        password = v.required_string(data, "password", strip=False)
        errors = []
        if self.users.get_by_username(username) is not None:
            errors.append("username has already been taken")
        if self.users.get_by_email(email) is not None:
            errors.append("email has already been taken")
        if errors:
            raise ValidationError(*errors)
        return self._user_dto(self.users.add(username, email, auth.hash_password(password), utcnow()))

    def login(self, payload: Any) -> UserDTO:
        data = v.require_object(payload, "user")
        email = v.required_string(data, "email")
        password = v.required_string(data, "password", strip=False)
        user = self.users.get_by_email(email)
        if user is None or not auth.verify_password(user.password_hash, password):
            raise AuthenticationError("email or password is invalid")
        return self._user_dto(user)

    def current(self, user: User) -> UserDTO:
        return self._user_dto(user)

    def update(self, user: User, payload: Any) -> UserDTO:
        data = v.require_object(payload, "user")
        if not any(k in data for k in ("email", "username", "password", "bio", "image")):
            raise ValidationError("at least one field is required")
        changes: dict = {}
        if "username" in data:
            username = v.required_string(data, "username")
            other = self.users.get_by_username(username)
            if other is not None and other.id != user.id:
                raise ValidationError("username has already been taken")
            changes["username"] = username
        if "email" in data:
            email = v.email(v.required_string(data, "email"))
            other = self.users.get_by_email(email)
            if other is not None and other.id != user.id:
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
        return self._user_dto(self.users.update(user, changes))

    def get_profile(self, username: str, viewer: User | None) -> ProfileDTO:
        target = self._require_user(username)
        following = viewer is not None and self.users.is_following(viewer.id, target.id)
        return profile_of(target, following)

    def follow(self, viewer: User, username: str) -> ProfileDTO:
        target = self._require_user(username)
        if target.id == viewer.id:
            raise ValidationError("you cannot follow yourself")
        self.users.follow(viewer, target)
        return profile_of(target, True)

    def unfollow(self, viewer: User, username: str) -> ProfileDTO:
        target = self._require_user(username)
        self.users.unfollow(viewer, target)
        return profile_of(target, False)
