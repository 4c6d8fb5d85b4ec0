from sqlmodel import Session, SQLModel, create_engine

engine = create_engine("sqlite:///conduit.db", connect_args={"check_same_thread": False})


def init_db() -> None:
    import models  # noqa: F401  (registers the tables)

    SQLModel.metadata.create_all(engine)


def get_session():
    with Session(engine) as session:
        yield session
