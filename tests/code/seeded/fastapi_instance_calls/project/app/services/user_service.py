import hashlib
import secrets

from sqlalchemy.orm import Session

from app.exceptions import DomainError, InvalidCredentialsError
from app.repositories.user_repository import UserRepository
from app.schemas import UserCreate, UserOut


def hash_password(password: str) -> str:
    salt = secrets.token_hex(8)
    return salt + ":" + hashlib.sha256((salt + password).encode()).hexdigest()


def verify_password(password: str, hashed: str) -> bool:
    salt, digest = hashed.split(":", 1)
    return hashlib.sha256((salt + password).encode()).hexdigest() == digest


def issue_token(user_id: int) -> str:
    return f"{user_id}.{secrets.token_urlsafe(24)}"


class UserService:
    def __init__(self, db: Session):
        self.users = UserRepository(db)

    def register(self, data: UserCreate) -> UserOut:
        if self.users.get_by_email(data.email):
            raise DomainError("email already registered")
        user = self.users.create(data.username, data.email, hash_password(data.password))
        return self._out(user)

    def login(self, email: str, password: str) -> UserOut:
        user = self.users.get_by_email(email)
        if user is None or not verify_password(password, user.hashed_password):
            raise InvalidCredentialsError("invalid email or password")
        return self._out(user)

    def _out(self, user) -> UserOut:
        return UserOut(username=user.username, email=user.email, bio=user.bio, image=user.image, token=issue_token(user.id))
