import os

from sqlalchemy import create_engine
from sqlalchemy.orm import DeclarativeBase, scoped_session, sessionmaker

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///conduit.db")

engine = create_engine(DATABASE_URL, connect_args={"check_same_thread": False})
SessionLocal = scoped_session(sessionmaker(bind=engine, autoflush=False))


class Base(DeclarativeBase):
    pass


def init_db():
    from conduit import models  # noqa: F401  (registers the tables)

    Base.metadata.create_all(bind=engine)
