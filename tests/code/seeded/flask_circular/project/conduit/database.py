import os

from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, scoped_session, sessionmaker

from conduit.models import User

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///conduit.db")

engine = create_engine(DATABASE_URL, connect_args={"check_same_thread": False})
SessionLocal = scoped_session(sessionmaker(bind=engine, autoflush=False))


class Base(DeclarativeBase):
    pass


def init_db():
    from conduit import models  # noqa: F401  (registers the tables)

    Base.metadata.create_all(bind=engine)


def seed_admin(session):
    if session.query(User).count() == 0:
        session.add(User(username="admin", email="admin@example.com", password_hash="!"))
        session.commit()
