from conduit.errors import AuthError, NotFoundError, ServiceError
from conduit.repositories.user_repository import (
    create_user,
    get_user_by_email,
    get_user_by_id,
    get_user_by_username,
    update_user,
)
from conduit.services import auth_service


class UserService:
    def register(self, username, email, password):
        if get_user_by_email(email) or get_user_by_username(username):
            raise ServiceError("username or email already taken")
        user = create_user(username, email, auth_service.hash_password(password))
        return self._with_token(user)

    def login(self, email, password):
        user = get_user_by_email(email)
        if user is None or not auth_service.verify_password(password, user.password_hash):
            raise AuthError("invalid credentials", status_code=401)
        return self._with_token(user)

    def current_user(self, user_id):
        user = get_user_by_id(user_id)
        if user is None:
            raise NotFoundError("user not found")
        return self._with_token(user)

    def update(self, user_id, changes):
        user = get_user_by_id(user_id)
        allowed = {k: v for k, v in changes.items() if k in ("email", "username", "bio", "image")}
        if "password" in changes:
            allowed["password_hash"] = auth_service.hash_password(changes["password"])
        return self._with_token(update_user(user, **allowed))

    def _with_token(self, user):
        return {
            "email": user.email,
            "username": user.username,
            "bio": user.bio,
            "image": user.image,
            "token": auth_service.make_token(user.id),
        }
