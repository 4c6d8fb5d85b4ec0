"""Python data layer: SQLAlchemy (sync/async), Flask-SQLAlchemy, SQLModel, psycopg 2/3, asyncpg,
sqlite3, Peewee and Tortoise ORM, on SQLite and on a real PostgreSQL 15.

Each case writes a small app or script, runs it under the real server / test runner / wrapper,
and keeps what it printed. Helpers live in ``_pydata_util.py``.
"""

from __future__ import annotations

import _pydata_util as U
from capture import Case, free_port, postgres

PY = "python"
CASES: list[Case] = []


def case(**kw):
    kw.setdefault("language", PY)
    CASES.append(Case(**kw))


def pg_env(dsn, driver=None):
    return {"DATABASE_URL": U.pg_url(dsn, driver)}


# =====================================================================================
# data.schema
# =====================================================================================

def _pg_undefined_table(ctx):
    app = '''
        import os
        from fastapi import FastAPI
        from pydantic import BaseModel
        from sqlalchemy import create_engine, String
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session

        engine = create_engine(os.environ["DATABASE_URL"])

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            email: Mapped[str] = mapped_column(String(120), unique=True)

        app = FastAPI()

        class UserIn(BaseModel):
            email: str

        @app.post("/users", status_code=201)
        def create_user(body: UserIn):
            with Session(engine) as s:
                user = User(email=body.email)
                s.add(user)
                s.commit()
                return {"id": user.id, "email": user.email}
    '''
    with postgres() as dsn:
        return U.uvicorn(ctx, {"app.py": app}, [{"method": "POST", "path": "/users", "json": {"email": "ann@example.com"}}], env=pg_env(dsn, "psycopg2"))


case(
    id="pydata-pg-undefined-table", label="data.schema.missing_table", shape="uvicorn",
    source="https://taourl.com/read-2638599.html", source_kind="blog",
    cause="The SQLAlchemy models were declared but Base.metadata.create_all (or a migration) was never run, so PostgreSQL has no such table.",
    rationale="The FastAPI app never creates its schema; the first INSERT fails with psycopg2 UndefinedTable (42P01) for users, a table that was simply never created.",
    make=_pg_undefined_table, libraries=("fastapi", "sqlalchemy", "psycopg2"), framework="fastapi", database="postgres",
    expect=r'UndefinedTable\) relation "users" does not exist',
)


def _flask_no_such_table(ctx):
    app = '''
        from flask import Flask, jsonify
        from flask_sqlalchemy import SQLAlchemy

        app = Flask(__name__)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///blog.db"
        db = SQLAlchemy(app)

        class Post(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            title = db.Column(db.String(200), nullable=False)

        @app.get("/posts")
        def list_posts():
            posts = db.session.scalars(db.select(Post)).all()
            return jsonify([{"id": p.id, "title": p.title} for p in posts])
    '''
    return U.flask_run(ctx, {"app.py": app}, [{"path": "/posts"}])


case(
    id="pydata-flask-sqlite-no-such-table", label="data.schema.missing_table", shape="werkzeug",
    source="https://snippetassistant.com/tag/operationalerror", source_kind="blog",
    cause="The Flask-SQLAlchemy database was never initialised: db.create_all() is not called anywhere, so the SQLite file has no tables.",
    rationale="GET /posts hits sqlite3.OperationalError 'no such table: post' in the Flask dev server log; the model exists but nothing created its table.",
    make=_flask_no_such_table, libraries=("flask", "flask-sqlalchemy", "sqlite3"), framework="flask", database="sqlite",
    expect=r"no such table: post",
)


def _create_all_before_import(ctx):
    files = {
        "db.py": '''
            from sqlalchemy import create_engine
            from sqlalchemy.orm import DeclarativeBase, sessionmaker

            engine = create_engine("sqlite:///./app.db")
            SessionLocal = sessionmaker(engine)

            class Base(DeclarativeBase):
                pass

            def init_db():
                Base.metadata.create_all(engine)
        ''',
        "models.py": '''
            from sqlalchemy import String
            from sqlalchemy.orm import Mapped, mapped_column
            from db import Base

            class Article(Base):
                __tablename__ = "articles"
                id: Mapped[int] = mapped_column(primary_key=True)
                title: Mapped[str] = mapped_column(String(200))
        ''',
        "services.py": '''
            from db import SessionLocal
            from models import Article

            def create_article(title):
                with SessionLocal() as s:
                    a = Article(title=title)
                    s.add(a)
                    s.commit()
                    return a.id
        ''',
        "conftest.py": '''
            import pytest
            from db import init_db

            @pytest.fixture(scope="session", autouse=True)
            def schema():
                init_db()
        ''',
        "test_articles.py": '''
            def test_create_article():
                import services
                assert services.create_article("Hello") == 1
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydata-sqla-create-all-before-models", label="data.schema.missing_table", shape="pytest",
    source="https://e-learn.cn/qa/q-546791.html", source_kind="qa",
    cause="create_all only creates tables for models already registered on the metadata; the models module was imported after create_all ran, so its table was never created.",
    rationale="The session fixture calls init_db() before models.py is imported; the test then fails with 'no such table: articles' in the pytest summary.",
    make=_create_all_before_import, libraries=("sqlalchemy", "pytest", "sqlite3"), database="sqlite",
    expect=r"FAILED test_articles.py::test_create_article - sqlalchemy.exc.OperationalError: .{0,40}no such table: articles",
)


def _create_all_before_model_pg(ctx):
    app = '''
        import os
        from flask import Flask, request, jsonify
        from flask_sqlalchemy import SQLAlchemy

        app = Flask(__name__)
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
        db = SQLAlchemy(app)

        with app.app_context():
            db.create_all()

        class User(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            username = db.Column(db.String(80), unique=True, nullable=False)

        @app.post("/users")
        def create_user():
            user = User(username=request.json["username"])
            db.session.add(user)
            db.session.commit()
            return jsonify(id=user.id), 201
    '''
    with postgres() as dsn:
        return U.gunicorn(ctx, {"app.py": app}, [{"method": "POST", "path": "/users", "json": {"username": "jake"}}], env=pg_env(dsn, "psycopg2"))


case(
    id="pydata-flask-create-all-before-model-pg", label="data.schema.missing_table", shape="gunicorn",
    source="http://www.kouhan.cn/en/article/00032723", source_kind="blog",
    cause="db.create_all() runs before the model class is defined, so the metadata is empty at that moment and the table is never created in PostgreSQL.",
    rationale="Under gunicorn the POST fails with UndefinedTable 'relation \"user\" does not exist'; create_all sits above the User class in app.py.",
    make=_create_all_before_model_pg, libraries=("flask", "flask-sqlalchemy", "psycopg2", "gunicorn"), framework="flask", database="postgres",
    expect=r'relation "user" does not exist',
)


def _memory_sqlite_threads(ctx):
    app = '''
        import os
        from flask import Flask, jsonify
        from sqlalchemy import create_engine, select, String
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

        engine = create_engine("sqlite://")

        class Base(DeclarativeBase):
            pass

        class Note(Base):
            __tablename__ = "notes"
            id: Mapped[int] = mapped_column(primary_key=True)
            text: Mapped[str] = mapped_column(String(200))

        Base.metadata.create_all(engine)
        Session = sessionmaker(engine)
        app = Flask(__name__)

        @app.get("/notes")
        def notes():
            with Session() as s:
                return jsonify([n.text for n in s.scalars(select(Note))])

        if __name__ == "__main__":
            app.run(port=int(os.environ["PORT"]))
    '''
    return U.honcho(ctx, {"app.py": app}, "web: python -u app.py\n", [{"path": "/notes"}])


case(
    id="pydata-sqlite-memory-db-per-thread", label="data.schema.missing_table", shape="compose-prefix",
    source="https://gehrcke.de/2015/05/in-memory-sqlite-database-and-flask-a-threading-trap", source_kind="blog",
    cause="With an in-memory SQLite URL each thread gets its own connection and therefore its own empty database; tables created in the main thread are absent in the request threads.",
    rationale="create_all runs at import in the main thread; the request thread of the Flask dev server sees 'no such table: notes' (honcho-prefixed output).",
    make=_memory_sqlite_threads, libraries=("flask", "sqlalchemy", "sqlite3", "honcho"), framework="flask", database="sqlite",
    expect=r"web\.1\s+\| .{0,200}no such table: notes",
)


def _stale_sqlite_column(ctx):
    old = '''
        import sqlite3
        con = sqlite3.connect("app.db")
        con.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name VARCHAR(80) NOT NULL)")
        con.execute("INSERT INTO users (name) VALUES ('ann')")
        con.commit()
    '''
    main = '''
        from sqlalchemy import create_engine, select, String
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session

        engine = create_engine("sqlite:///app.db")

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str] = mapped_column(String(80))
            bio: Mapped[str | None] = mapped_column(String(500))

        Base.metadata.create_all(engine)   # table exists already: nothing is altered
        with Session(engine) as s:
            for u in s.scalars(select(User)):
                print(u.id, u.name, u.bio)
    '''
    ctx.write(U.dedent({"old_schema.py": old}))
    ctx.run("python old_schema.py")
    return U.ci(ctx, {"main.py": main})


case(
    id="pydata-sqlite-stale-db-missing-column", label="data.schema.missing_column", shape="ci-timestamp",
    source="https://leyaa.ai/codefly/learn/flask/part-2/flask-creating-tables-dbcreate-all", source_kind="blog",
    cause="create_all only creates missing tables and never alters existing ones, so a column added to the model after the database file was made does not exist in it.",
    rationale="The users table comes from an earlier run without bio; the CI log shows 'no such column: users.bio' although the model declares it.",
    make=_stale_sqlite_column, libraries=("sqlalchemy", "sqlite3"), database="sqlite",
    expect=r"no such column: users\.bio",
)


def _sqlite3_no_column_named(ctx):
    main = '''
        import sqlite3, sys

        SCHEMA = """
        CREATE TABLE IF NOT EXISTS users (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            username TEXT NOT NULL UNIQUE,
            email TEXT NOT NULL
        );
        """

        def add_user(con, username, email, display_name):
            con.execute(
                "INSERT INTO users (username, email, display_name) VALUES (?, ?, ?)",
                (username, email, display_name),
            )
            con.commit()

        if __name__ == "__main__":
            con = sqlite3.connect("app.db")
            con.executescript(SCHEMA)
            try:
                add_user(con, "jake", "jake@example.com", "Jake")
            except sqlite3.Error as exc:
                print(f"adduser: {type(exc).__module__}.{type(exc).__name__}: {exc}", file=sys.stderr)
                sys.exit(1)
    '''
    return U.script(ctx, {"main.py": main})


case(
    id="pydata-sqlite3-has-no-column-named", label="data.schema.missing_column", shape="bare-exception",
    source="https://thepinehillsnews.com/post/no-such-column-poll-poll-option-five-error-message-and-cant", source_kind="blog",
    cause="The code writes a column that the table definition never declared, so the schema and the code disagree.",
    rationale="The CLI prints 'table users has no column named display_name': the CREATE TABLE in SCHEMA lacks the column the INSERT uses.",
    make=_sqlite3_no_column_named, libraries=("sqlite3",), database="sqlite",
    expect=r"sqlite3\.OperationalError: table users has no column named display_name",
)


STRUCTLOG_SETUP = '''
import logging, structlog
structlog.configure(
    processors=[
        structlog.processors.add_log_level,
        structlog.processors.TimeStamper(fmt="iso"),
        structlog.processors.format_exc_info,
        structlog.processors.JSONRenderer(),
    ],
    logger_factory=structlog.PrintLoggerFactory(),
)
log = structlog.get_logger()
'''


def _pg_undefined_column(ctx):
    app = STRUCTLOG_SETUP + '''
import os
import psycopg2
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

SCHEMA = "CREATE TABLE IF NOT EXISTS articles (id SERIAL PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)"
app = FastAPI()

def conn():
    return psycopg2.connect(os.environ["DATABASE_URL"])

@app.on_event("startup")
def schema():
    with conn() as c, c.cursor() as cur:
        cur.execute(SCHEMA)
        cur.execute("INSERT INTO articles (title, body) VALUES ('Hi', 'First post')")

@app.middleware("http")
async def log_errors(request: Request, call_next):
    try:
        return await call_next(request)
    except Exception as exc:
        log.error("unhandled_error", path=request.url.path, error=f"{type(exc).__name__}: {exc}", exc_info=exc)
        return JSONResponse({"error": "internal"}, status_code=500)

@app.get("/articles")
def list_articles():
    with conn() as c, c.cursor() as cur:
        cur.execute("SELECT id, title, body, created_at FROM articles ORDER BY created_at DESC")
        return [dict(zip(("id", "title", "body", "createdAt"), r)) for r in cur.fetchall()]
'''
    with postgres() as dsn:
        ctx.write({"app.py": app})
        log, responses = ctx.serve("python -m uvicorn app:app --port $PORT --log-level warning", [{"path": "/articles"}], env=pg_env(dsn))
        return {"log": log, "test_output": U.status_lines(responses)}


case(
    id="pydata-pg-undefined-column-structlog", label="data.schema.missing_column", shape="structlog-json",
    source="https://errorfix.dev/errors/django-django-db-utils-programmingerror-column-x-does-not-exist.html", source_kind="blog",
    cause="The table in the database lacks a column the code reads because the schema was created from an older definition than the one the queries expect.",
    rationale="The startup DDL makes articles without created_at; the list query selects and orders by it, and the structlog JSON line carries psycopg2 UndefinedColumn.",
    make=_pg_undefined_column, libraries=("fastapi", "psycopg2", "structlog"), framework="fastapi", database="postgres",
    expect=r'"event": "unhandled_error"[^\n]{0,20000}UndefinedColumn: column \\"created_at\\" does not exist',
)


def _asyncpg_unique(ctx):
    app = '''
        import logging, os
        import asyncpg
        from aiohttp import web

        logging.basicConfig(level=logging.INFO)

        async def startup(app):
            app["pool"] = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=2)
            await app["pool"].execute(
                "CREATE TABLE IF NOT EXISTS users (id SERIAL PRIMARY KEY, email TEXT UNIQUE NOT NULL, name TEXT)"
            )

        async def signup(request):
            data = await request.json()
            row = await request.app["pool"].fetchrow(
                "INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id", data["email"], data["name"]
            )
            return web.json_response({"id": row["id"]}, status=201)

        app = web.Application()
        app.on_startup.append(startup)
        app.router.add_post("/signup", signup)
        web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
    '''
    body = {"email": "sam@example.com", "name": "Sam"}
    with postgres() as dsn:
        return U.aiohttp_app(ctx, {"app.py": app}, [{"method": "POST", "path": "/signup", "json": body}] * 2, env=pg_env(dsn))


case(
    id="pydata-asyncpg-unique-violation", label="data.schema.integrity", shape="aiohttp",
    source="https://jsondevtools.org/errors/postgres-duplicate-key-unique-constraint.html", source_kind="blog",
    cause="An INSERT stores a value that already exists in a UNIQUE column; the handler neither checks first nor uses ON CONFLICT.",
    rationale="The second identical signup makes asyncpg raise UniqueViolationError on users_email_key, logged by aiohttp as 'Error handling request'.",
    make=_asyncpg_unique, libraries=("aiohttp", "asyncpg"), framework="aiohttp", database="postgres",
    expect=r'UniqueViolationError: duplicate key value violates unique constraint "users_email_key"',
)


def _pg_sequence_out_of_sync(ctx):
    files = {
        "models.py": '''
            from sqlalchemy import String
            from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

            class Base(DeclarativeBase):
                pass

            class User(Base):
                __tablename__ = "users"
                id: Mapped[int] = mapped_column(primary_key=True)
                email: Mapped[str] = mapped_column(String(120), unique=True)
        ''',
        "conftest.py": '''
            import os
            import pytest
            from sqlalchemy import create_engine, text
            from sqlalchemy.orm import Session
            from models import Base

            @pytest.fixture
            def session():
                engine = create_engine(os.environ["DATABASE_URL"])
                Base.metadata.drop_all(engine)
                Base.metadata.create_all(engine)
                with engine.begin() as c:   # fixtures loaded with explicit ids
                    c.execute(text("INSERT INTO users (id, email) VALUES (1, 'a@x.io'), (2, 'b@x.io')"))
                with Session(engine) as s:
                    yield s
        ''',
        "test_users.py": '''
            from models import User

            def test_register_new_user(session):
                session.add(User(email="c@x.io"))
                session.commit()
                assert session.query(User).count() == 3
        ''',
    }
    with postgres() as dsn:
        return U.pytest(ctx, files, env=pg_env(dsn, "psycopg"))


case(
    id="pydata-pg-sequence-out-of-sync", label="data.schema.integrity", shape="pytest",
    source="https://bytebase.vercel.app/reference/postgres/error/23505-duplicate-key-value", source_kind="blog",
    cause="Rows were inserted with explicit primary keys, so the SERIAL sequence was never advanced and the next generated id collides with an existing row.",
    rationale="The pytest summary shows psycopg UniqueViolation on users_pkey, Key (id)=(1): the seed inserted ids 1 and 2 directly.",
    make=_pg_sequence_out_of_sync, libraries=("sqlalchemy", "psycopg", "pytest"), database="postgres",
    expect=r'UniqueViolation\) duplicate key value violates unique constraint "users_pkey"',
)


def _flask_sqlite_unique_json(ctx):
    app = '''
        import logging
        from flask import Flask, request, jsonify
        from flask.logging import default_handler
        from flask_sqlalchemy import SQLAlchemy
        from pythonjsonlogger.json import JsonFormatter

        app = Flask(__name__)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///users.db"
        db = SQLAlchemy(app)
        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        app.logger.removeHandler(default_handler)
        app.logger.addHandler(handler)

        class User(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            username = db.Column(db.String(80), unique=True, nullable=False)

        with app.app_context():
            db.create_all()

        @app.post("/register")
        def register():
            user = User(username=request.json["username"])
            db.session.add(user)
            db.session.commit()
            return jsonify(id=user.id), 201
    '''
    reqs = [{"method": "POST", "path": "/register", "json": {"username": "jake"}}] * 2
    return U.flask_run(ctx, {"app.py": app}, reqs)


case(
    id="pydata-flask-sqlite-unique-json-log", label="data.schema.integrity", shape="json-log",
    source="https://errorfinder.pages.dev/error/database/postgres-23505-unique-violation/", source_kind="blog",
    cause="A write repeats a value in a column declared unique and the endpoint does not check for an existing row first.",
    rationale="Registering the same username twice logs a JSON record whose exc_info ends in sqlite3.IntegrityError 'UNIQUE constraint failed: user.username'.",
    make=_flask_sqlite_unique_json, libraries=("flask", "flask-sqlalchemy", "python-json-logger", "sqlite3"), framework="flask", database="sqlite",
    expect=r'"levelname": "ERROR"[^\n]{0,20000}UNIQUE constraint failed: user\.username',
)


def _pg_not_null_psycopg(ctx):
    files = {
        "repo.py": '''
            import os, re
            import psycopg

            def create_article(conn, title, body):
                with conn.cursor() as cur:
                    cur.execute("INSERT INTO articles (title, body) VALUES (%s, %s) RETURNING id", (title, body))
                    article_id = cur.fetchone()[0]
                    slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
                    cur.execute("UPDATE articles SET slug = %s WHERE id = %s", (slug, article_id))
                conn.commit()
                return slug
        ''',
        "test_repo.py": '''
            import os
            import psycopg
            import repo

            def test_create_article():
                with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
                    conn.execute("CREATE TABLE articles (id SERIAL PRIMARY KEY, slug TEXT NOT NULL UNIQUE, title TEXT NOT NULL, body TEXT)")
                    conn.commit()
                    assert repo.create_article(conn, "How to train", "...") == "how-to-train"
        ''',
    }
    with postgres() as dsn:
        return U.pytest(ctx, files, env=pg_env(dsn))


case(
    id="pydata-psycopg-not-null-violation", label="data.schema.integrity", shape="pytest",
    source="https://philipmcclarence.com/how-to-diagnose-and-fix-the-23502-not_null_violation-error-code-in-postgres", source_kind="blog",
    cause="The INSERT leaves a NOT NULL column empty because the value (a slug) is only computed and written after the row is inserted.",
    rationale="psycopg raises NotNullViolation for column slug of relation articles in the pytest summary; the code fills slug in a later UPDATE.",
    make=_pg_not_null_psycopg, libraries=("psycopg", "pytest"), database="postgres",
    expect=r'NotNullViolation: null value in column "slug" of relation "articles" violates not-null constraint',
)


def _peewee_not_null(ctx):
    main = '''
        import sys
        from peewee import SqliteDatabase, Model, CharField, TextField, IntegrityError

        db = SqliteDatabase("blog.db")

        class Article(Model):
            slug = CharField(unique=True)
            title = CharField()
            body = TextField()

            class Meta:
                database = db

        def main():
            db.connect()
            db.create_tables([Article])
            article = Article.create(title="Dragons", body="Here be dragons")
            print("created", article.id, article.slug)

        if __name__ == "__main__":
            try:
                main()
            except IntegrityError as exc:
                sys.exit(f"seed failed: peewee.IntegrityError: {exc}")
    '''
    return U.script(ctx, {"main.py": main})


case(
    id="pydata-peewee-not-null", label="data.schema.integrity", shape="bare-exception",
    source="https://sqlmastery.co.uk/sql-errors/sql-error-null-constraint-violation", source_kind="blog",
    cause="A required (NOT NULL) field is not supplied when the row is created, so the database rejects the INSERT.",
    rationale="The seed script prints 'NOT NULL constraint failed: article.slug': Article.create() is called without the slug the model requires.",
    make=_peewee_not_null, libraries=("peewee", "sqlite3"), database="sqlite",
    expect=r"peewee\.IntegrityError: NOT NULL constraint failed: article\.slug",
)


def _pg_fk_violation(ctx):
    app = '''
        import os
        from fastapi import FastAPI
        from pydantic import BaseModel
        from sqlalchemy import create_engine, ForeignKey, String
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session

        engine = create_engine(os.environ["DATABASE_URL"])

        class Base(DeclarativeBase):
            pass

        class Article(Base):
            __tablename__ = "articles"
            id: Mapped[int] = mapped_column(primary_key=True)
            title: Mapped[str] = mapped_column(String(200))

        class Comment(Base):
            __tablename__ = "comments"
            id: Mapped[int] = mapped_column(primary_key=True)
            article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
            body: Mapped[str] = mapped_column(String(1000))

        Base.metadata.create_all(engine)
        app = FastAPI()

        class CommentIn(BaseModel):
            body: str

        @app.post("/articles/{article_id}/comments", status_code=201)
        def add_comment(article_id: int, payload: CommentIn):
            with Session(engine) as s:
                c = Comment(article_id=article_id, body=payload.body)
                s.add(c)
                s.commit()
                return {"id": c.id}
    '''
    with postgres() as dsn:
        return U.uvicorn(ctx, {"app.py": app}, [{"method": "POST", "path": "/articles/42/comments", "json": {"body": "nice"}}], env=pg_env(dsn, "psycopg2"))


case(
    id="pydata-pg-foreign-key-violation", label="data.schema.integrity", shape="uvicorn",
    source="https://thesev1database.com/errors/msg-insert-or-update-on-table-violates-foreign-key-constraint/", source_kind="blog",
    cause="A child row is inserted with a foreign key pointing at a parent row that does not exist; the handler never checks the parent.",
    rationale="POST /articles/42/comments with no article 42 fails with psycopg2 ForeignKeyViolation on comments_article_id_fkey in the uvicorn traceback.",
    make=_pg_fk_violation, libraries=("fastapi", "sqlalchemy", "psycopg2"), framework="fastapi", database="postgres",
    expect=r'ForeignKeyViolation\) insert or update on table "comments" violates foreign key constraint "comments_article_id_fkey"',
)


def _sqlite_fk_failed(ctx):
    files = {
        "store.py": '''
            import sqlite3

            def connect(path):
                con = sqlite3.connect(path)
                con.execute("PRAGMA foreign_keys = ON")
                con.executescript("""
                    CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, username TEXT NOT NULL);
                    CREATE TABLE IF NOT EXISTS articles (
                        id INTEGER PRIMARY KEY,
                        author_id INTEGER NOT NULL REFERENCES users(id),
                        title TEXT NOT NULL
                    );
                """)
                return con

            def delete_user(con, user_id):
                con.execute("DELETE FROM users WHERE id = ?", (user_id,))
                con.commit()
        ''',
        "test_store.py": '''
            import store

            def test_delete_user_with_articles(tmp_path):
                con = store.connect(tmp_path / "t.db")
                con.execute("INSERT INTO users (id, username) VALUES (1, 'jake')")
                con.execute("INSERT INTO articles (author_id, title) VALUES (1, 'Hello')")
                store.delete_user(con, 1)
                assert con.execute("SELECT COUNT(*) FROM users").fetchone()[0] == 0
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydata-sqlite-foreign-key-failed", label="data.schema.integrity", shape="pytest",
    source="https://sqlmastery.co.uk/sql-errors/sql-error-foreign-key-violation", source_kind="blog",
    cause="A parent row is deleted while child rows still reference it and the foreign key has no ON DELETE rule, so the constraint blocks the delete.",
    rationale="With PRAGMA foreign_keys on, deleting user 1 who still owns an article fails with 'FOREIGN KEY constraint failed' in the pytest summary.",
    make=_sqlite_fk_failed, libraries=("sqlite3", "pytest"), database="sqlite",
    expect=r"sqlite3\.IntegrityError: FOREIGN KEY constraint failed",
)


def _tortoise_no_table(ctx):
    app = '''
        from fastapi import FastAPI
        from tortoise import fields, models
        from tortoise.contrib.fastapi import register_tortoise

        class User(models.Model):
            id = fields.IntField(primary_key=True)
            username = fields.CharField(max_length=50, unique=True)

            class Meta:
                table = "users"

        app = FastAPI()

        @app.post("/users", status_code=201)
        async def create_user(payload: dict):
            user = await User.create(username=payload["username"])
            return {"id": user.id}

        register_tortoise(app, db_url="sqlite://db.sqlite3", modules={"models": ["app"]}, generate_schemas=False)
    '''
    return U.uvicorn(ctx, {"app.py": app}, [{"method": "POST", "path": "/users", "json": {"username": "kim"}}])


case(
    id="pydata-tortoise-no-such-table", label="data.schema.missing_table", shape="uvicorn",
    source="https://tortoise.github.io/setup.html", source_kind="docs",
    cause="The ORM was registered without generating the schema (no generate_schemas, no migration), so the model's table does not exist.",
    rationale="register_tortoise(generate_schemas=False) and no Aerich migration: User.create raises tortoise OperationalError 'no such table: users'.",
    make=_tortoise_no_table, libraries=("fastapi", "tortoise-orm", "aiosqlite"), framework="fastapi", database="sqlite",
    expect=r"tortoise\.exceptions\.OperationalError: no such table: users",
)


def _peewee_no_table(ctx):
    app = '''
        from flask import Flask, jsonify
        from peewee import SqliteDatabase, Model, CharField, BooleanField

        db = SqliteDatabase("todo.db")

        class Task(Model):
            title = CharField()
            done = BooleanField(default=False)

            class Meta:
                database = db

        app = Flask(__name__)

        @app.before_request
        def _connect():
            db.connect(reuse_if_open=True)

        @app.teardown_request
        def _close(exc):
            if not db.is_closed():
                db.close()

        @app.get("/tasks")
        def tasks():
            return jsonify([{"id": t.id, "title": t.title} for t in Task.select()])
    '''
    return U.flask_run(ctx, {"app.py": app}, [{"path": "/tasks"}])


case(
    id="pydata-peewee-no-such-table", label="data.schema.missing_table", shape="werkzeug",
    source="https://snippetassistant.com/tag/operationalerror", source_kind="blog",
    cause="The Peewee models are defined but db.create_tables() is never called, so the SQLite file has no table for them.",
    rationale="GET /tasks raises peewee.OperationalError 'no such table: task' in the Flask dev server log; nothing creates the table.",
    make=_peewee_no_table, libraries=("flask", "peewee", "sqlite3"), framework="flask", database="sqlite",
    expect=r"peewee\.OperationalError: no such table: task",
)


def _sqlmodel_test_no_table(ctx):
    files = {
        "app.py": '''
            from fastapi import FastAPI, Depends
            from sqlmodel import SQLModel, Field, Session, create_engine, select

            class Hero(SQLModel, table=True):
                id: int | None = Field(default=None, primary_key=True)
                name: str

            engine = create_engine("sqlite:///heroes.db")

            def get_session():
                with Session(engine) as session:
                    yield session

            app = FastAPI()

            @app.post("/heroes")
            def create_hero(hero: Hero, session: Session = Depends(get_session)):
                session.add(hero)
                session.commit()
                session.refresh(hero)
                return hero
        ''',
        "test_heroes.py": '''
            from fastapi.testclient import TestClient
            from sqlmodel import Session, create_engine
            from sqlmodel.pool import StaticPool
            from app import app, get_session

            def test_create_hero():
                engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)

                def override():
                    with Session(engine) as s:
                        yield s

                app.dependency_overrides[get_session] = override
                client = TestClient(app)
                resp = client.post("/heroes", json={"name": "Deadpond"})
                assert resp.status_code == 200
        ''',
    }
    return U.pytest(ctx, files, args="--tb=short")


case(
    id="pydata-sqlmodel-test-engine-no-tables", label="data.schema.missing_table", shape="pytest",
    source="https://leyaa.ai/codefly/learn/flask/part-2/flask-creating-tables-dbcreate-all/deep", source_kind="blog",
    cause="The test builds a fresh in-memory engine but never runs SQLModel.metadata.create_all on it, so the overridden session talks to an empty database.",
    rationale="The pytest run fails with 'no such table: hero' from the test engine; the fixture override skips create_all.",
    make=_sqlmodel_test_no_table, libraries=("sqlmodel", "fastapi", "pytest", "sqlite3"), framework="fastapi", database="sqlite",
    expect=r"no such table: hero",
)


# =====================================================================================
# startup.database
# =====================================================================================

def _startup_refused_uvicorn(ctx):
    app = '''
        import os
        from contextlib import asynccontextmanager
        from fastapi import FastAPI
        from sqlalchemy import create_engine
        from sqlalchemy.orm import DeclarativeBase

        engine = create_engine(os.environ.get("DATABASE_URL", "postgresql+psycopg2://postgres@localhost:5432/app"))

        class Base(DeclarativeBase):
            pass

        @asynccontextmanager
        async def lifespan(app):
            Base.metadata.create_all(engine)
            yield

        app = FastAPI(lifespan=lifespan)

        @app.get("/health")
        def health():
            return {"ok": True}
    '''
    dead = free_port()
    return U.uvicorn(ctx, {"app.py": app}, [{"path": "/health"}], env={"DATABASE_URL": f"postgresql+psycopg2://postgres@127.0.0.1:{dead}/app"})


case(
    id="pydata-startup-pg-connection-refused", label="startup.database", shape="uvicorn",
    source="https://dockerquestions.com/2020/10/20/connection-refused-by-postgresql-docker-container-when-connecting-via-flask-docker-container/", source_kind="qa",
    cause="The application connects to PostgreSQL during start-up (create_all in the lifespan) but no server listens at the configured host and port.",
    rationale="uvicorn prints psycopg2 OperationalError 'Connection refused' from the lifespan and 'Application startup failed'; the health request never gets an answer.",
    make=_startup_refused_uvicorn, libraries=("fastapi", "sqlalchemy", "psycopg2"), framework="fastapi", database="postgres",
    expect=r"(?s)Connection refused.{0,3000}Application startup failed",
)


def _startup_asyncpg_refused_honcho(ctx):
    app = '''
        import os
        import asyncpg
        from aiohttp import web

        async def init_db(app):
            app["pool"] = await asyncpg.create_pool(os.environ["DATABASE_URL"])

        async def health(request):
            return web.json_response({"ok": True})

        app = web.Application()
        app.on_startup.append(init_db)
        app.router.add_get("/health", health)

        if __name__ == "__main__":
            web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
    '''
    dead = free_port()
    return U.honcho(ctx, {"app.py": app}, "web: python -u app.py\n", [{"path": "/health"}], env={"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{dead}/app"})


case(
    id="pydata-startup-asyncpg-refused-honcho", label="startup.database", shape="compose-prefix",
    source="https://errordex.in/postgres/connection-refused", source_kind="blog",
    cause="The asyncpg pool is created in the start-up hook, and the database server it points at is not running, so the app dies before it listens.",
    rationale="The honcho-prefixed output shows ConnectionRefusedError from asyncpg.create_pool in on_startup and the web process exiting.",
    make=_startup_asyncpg_refused_honcho, libraries=("aiohttp", "asyncpg", "honcho"), framework="aiohttp", database="postgres",
    expect=r"web\.1\s+\| .{0,300}(ConnectionRefusedError|Connect call failed)",
)


def _startup_db_does_not_exist(ctx):
    app = '''
        import os
        from flask import Flask, jsonify
        from flask_sqlalchemy import SQLAlchemy

        app = Flask(__name__)
        app.config["SQLALCHEMY_DATABASE_URI"] = os.environ["DATABASE_URL"]
        db = SQLAlchemy(app)

        class Product(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            name = db.Column(db.String(120), nullable=False)

        with app.app_context():
            db.create_all()

        @app.get("/products")
        def products():
            return jsonify([p.name for p in db.session.scalars(db.select(Product))])
    '''
    with postgres() as dsn:
        url = U.pg_url(dsn, "psycopg2").rsplit("/", 1)[0] + "/shop"
        return U.gunicorn(ctx, {"app.py": app}, [{"path": "/products"}], env={"DATABASE_URL": url})


case(
    id="pydata-startup-pg-database-missing", label="startup.database", shape="gunicorn",
    source="https://saasplaybooks.dev/playbook/database-connection-errors", source_kind="blog",
    cause="The connection URL names a database that was never created on the server, so the first connection made at import time is refused.",
    rationale="gunicorn's worker fails to boot with psycopg2 OperationalError 'database \"shop\" does not exist' raised by db.create_all() at import.",
    make=_startup_db_does_not_exist, libraries=("flask", "flask-sqlalchemy", "psycopg2", "gunicorn"), framework="flask", database="postgres",
    expect=r'database "shop" does not exist',
)


def _startup_sqlite_unable_open(ctx):
    main = '''
        from sqlalchemy import create_engine, String
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        engine = create_engine("sqlite:///data/app.db")

        class Base(DeclarativeBase):
            pass

        class Item(Base):
            __tablename__ = "items"
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str] = mapped_column(String(50))

        if __name__ == "__main__":
            Base.metadata.create_all(engine)
            print("database ready")
    '''
    return U.ci(ctx, {"init_db.py": main}, cmd="python init_db.py")


case(
    id="pydata-startup-sqlite-unable-to-open", label="startup.database", shape="ci-timestamp",
    source="https://errcodes.dev/sqlite/sqlite-cantopen-unable-to-open-database", source_kind="blog",
    cause="The SQLite URL points into a directory that does not exist in the deployed tree, so SQLite cannot create or open the database file.",
    rationale="The CI step running init_db.py fails with sqlite3.OperationalError 'unable to open database file'; data/ was never created.",
    make=_startup_sqlite_unable_open, libraries=("sqlalchemy", "sqlite3"), database="sqlite",
    expect=r"unable to open database file",
)


def _startup_postgres_scheme(ctx):
    main = '''
        import os
        from sqlalchemy import create_engine, text

        engine = create_engine(os.environ["DATABASE_URL"])
        with engine.connect() as conn:
            print(conn.execute(text("select 1")).scalar())
    '''
    with postgres() as dsn:
        url = dsn.replace("postgresql://", "postgres://")
        return U.script(ctx, {"manage.py": main}, cmd="python manage.py", env={"DATABASE_URL": url})


case(
    id="pydata-startup-postgres-url-scheme", label="startup.database", shape="python-traceback",
    source="https://euno.news/posts/en/fix-invalid-literal-for-int-with-base-10-none-in-f-a82956", source_kind="blog",
    cause="The provider hands out a postgres:// URL, a scheme SQLAlchemy 1.4+ no longer accepts; it must be postgresql:// (with a driver).",
    rationale="create_engine raises NoSuchModuleError 'Can't load plugin: sqlalchemy.dialects:postgres' before any query: the URL scheme is wrong.",
    make=_startup_postgres_scheme, libraries=("sqlalchemy", "psycopg2"), database="postgres",
    expect=r"NoSuchModuleError: Can't load plugin: sqlalchemy\.dialects:postgres",
)


def _startup_async_engine_sync_driver(ctx):
    app = '''
        import os
        from fastapi import FastAPI
        from sqlalchemy.ext.asyncio import create_async_engine, async_sessionmaker

        engine = create_async_engine(os.environ["DATABASE_URL"])
        SessionLocal = async_sessionmaker(engine)
        app = FastAPI()

        @app.get("/health")
        async def health():
            return {"ok": True}
    '''
    with postgres() as dsn:
        return U.uvicorn(ctx, {"app.py": app}, [{"path": "/health"}], env={"DATABASE_URL": dsn})


case(
    id="pydata-startup-async-engine-sync-driver", label="startup.database", shape="uvicorn",
    source="https://async-workflows.com/async-engines-dialects-and-connection-pooling/integrating-sqlalchemy-async-with-fastapi-and-starlette/fixing-greenletspawnerror-in-async-sqlalchemy-workflows/", source_kind="blog",
    cause="create_async_engine is given a plain postgresql:// URL, which selects the synchronous psycopg2 driver instead of an async one such as asyncpg.",
    rationale="uvicorn cannot import app.py: InvalidRequestError 'The asyncio extension requires an async driver ... psycopg2 is not async'.",
    make=_startup_async_engine_sync_driver, libraries=("fastapi", "sqlalchemy", "psycopg2"), framework="fastapi", database="postgres",
    expect=r"The asyncio extension requires an async driver to be used\. The loaded 'psycopg2' is not async",
)


def _startup_fsa_uri_missing(ctx):
    app = '''
        import os
        from flask import Flask
        from flask_sqlalchemy import SQLAlchemy

        app = Flask(__name__)
        app.config["SQLALCHEMY_DATABASE_URL"] = os.environ.get("DATABASE_URL", "sqlite:///app.db")
        db = SQLAlchemy(app)

        @app.get("/health")
        def health():
            return {"ok": True}
    '''
    return U.flask_run(ctx, {"app.py": app}, [{"path": "/health"}])


case(
    id="pydata-startup-flask-sqlalchemy-uri-unset", label="startup.database", shape="werkzeug",
    source="https://openillumi.com/en/en-flask-sqlalchemy-uri-url-typo-config-fix", source_kind="blog",
    cause="Flask-SQLAlchemy 3 requires SQLALCHEMY_DATABASE_URI; the config key is misspelled, so the extension has no database to bind at init_app.",
    rationale="flask run cannot load the app: RuntimeError \"Either 'SQLALCHEMY_DATABASE_URI' or 'SQLALCHEMY_BINDS' must be set\" (the code set SQLALCHEMY_DATABASE_URL).",
    make=_startup_fsa_uri_missing, libraries=("flask", "flask-sqlalchemy"), framework="flask", database="sqlite",
    expect=r"Either 'SQLALCHEMY_DATABASE_URI' or 'SQLALCHEMY_BINDS' must be set",
)


def _startup_role_missing(ctx):
    app = STRUCTLOG_SETUP + '''
import os, sys
import psycopg
from fastapi import FastAPI

app = FastAPI()

@app.on_event("startup")
def connect():
    try:
        app.state.conn = psycopg.connect(os.environ["DATABASE_URL"])
    except psycopg.OperationalError as exc:
        log.critical("database_unavailable", error=str(exc).strip(), exc_info=exc)
        raise

@app.get("/health")
def health():
    return {"ok": True}
'''
    with postgres() as dsn:
        url = dsn.replace("postgresql://postgres@", "postgresql://blog_app:secret@")
        ctx.write({"app.py": app})
        log, responses = ctx.serve("python -m uvicorn app:app --port $PORT --log-level critical", [{"path": "/health"}], env={"DATABASE_URL": url})
        return {"log": log, "test_output": U.status_lines(responses)}


case(
    id="pydata-startup-pg-role-missing", label="startup.database", shape="structlog-json",
    source="https://saasplaybooks.dev/playbook/database-connection-errors", source_kind="blog",
    cause="The configured database user was never created on the PostgreSQL server, so the start-up connection is rejected.",
    rationale="The structlog JSON line 'database_unavailable' carries psycopg OperationalError 'role \"blog_app\" does not exist' from the startup hook.",
    make=_startup_role_missing, libraries=("fastapi", "psycopg", "structlog"), framework="fastapi", database="postgres",
    expect=r'"event": "database_unavailable"[^\n]{0,20000}role \\"blog_app\\" does not exist',
)


def _startup_url_port_none(ctx):
    app = '''
        import os
        from fastapi import FastAPI
        from sqlalchemy.ext.asyncio import create_async_engine

        DB_USER = os.getenv("DB_USER", "postgres")
        DB_PASSWORD = os.getenv("DB_PASSWORD", "")
        DB_HOST = os.getenv("DB_HOST", "127.0.0.1")
        DB_PORT = os.getenv("DB_PORT")
        DB_NAME = os.getenv("DB_NAME", "app")

        engine = create_async_engine(f"postgresql+asyncpg://{DB_USER}:{DB_PASSWORD}@{DB_HOST}:{DB_PORT}/{DB_NAME}")
        app = FastAPI()

        @app.get("/health")
        async def health():
            return {"ok": True}
    '''
    return U.uvicorn(ctx, {"app.py": app}, [{"path": "/health"}])


case(
    id="pydata-startup-url-port-none", label="startup.database", shape="uvicorn",
    source="https://euno.news/posts/en/fix-invalid-literal-for-int-with-base-10-none-in-f-a82956", source_kind="blog",
    cause="The database URL is assembled from environment variables and one of them (the port) is unset, so the text 'None' ends up in the URL.",
    rationale="uvicorn fails importing app.py with ValueError \"invalid literal for int() with base 10: 'None'\" from SQLAlchemy's URL parser.",
    make=_startup_url_port_none, libraries=("fastapi", "sqlalchemy", "asyncpg"), framework="fastapi", database="postgres",
    expect=r"invalid literal for int\(\) with base 10: 'None'",
)


# =====================================================================================
# data.orm
# =====================================================================================

ASYNC_MODELS = '''
from sqlalchemy import ForeignKey, String
from sqlalchemy.ext.asyncio import create_async_engine, async_sessionmaker
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

engine = create_async_engine("sqlite+aiosqlite:///./app.db")
SessionLocal = async_sessionmaker(engine)

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50), unique=True)
    posts: Mapped[list["Post"]] = relationship(back_populates="author")

class Post(Base):
    __tablename__ = "posts"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User] = relationship(back_populates="posts")

async def init_models():
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.drop_all)
        await conn.run_sync(Base.metadata.create_all)
    async with SessionLocal() as s:
        u = User(username="jake")
        s.add_all([u, Post(title="First", author=u), Post(title="Second", author=u)])
        await s.commit()
'''


def _async_lazy_load(ctx):
    app = '''
        from contextlib import asynccontextmanager
        from fastapi import FastAPI, Depends
        from sqlalchemy import select
        from models import SessionLocal, User, init_models

        @asynccontextmanager
        async def lifespan(app):
            await init_models()
            yield

        app = FastAPI(lifespan=lifespan)

        async def get_db():
            async with SessionLocal() as s:
                yield s

        @app.get("/users/{username}")
        async def profile(username: str, db=Depends(get_db)):
            user = (await db.execute(select(User).where(User.username == username))).scalar_one()
            return {"username": user.username, "posts": [p.title for p in user.posts]}
    '''
    return U.uvicorn(ctx, {"models.py": ASYNC_MODELS, "app.py": app}, [{"path": "/users/jake"}])


case(
    id="pydata-async-lazy-load-missing-greenlet", label="data.orm.async_lazy_load", shape="uvicorn",
    source="https://dev.to/ayush_kumar_085a0f2c54e3f/fixing-sqlalchemyexcmissinggreenlet-in-fastapi-and-async-sqlalchemy-20-4gha", source_kind="blog",
    cause="A relationship that was not eager-loaded is touched on an object from an AsyncSession, so SQLAlchemy tries an implicit lazy load that async I/O cannot do.",
    rationale="The profile handler reads user.posts without selectinload; uvicorn logs sqlalchemy.exc.MissingGreenlet from that line.",
    make=_async_lazy_load, libraries=("fastapi", "sqlalchemy", "aiosqlite"), framework="fastapi", database="sqlite",
    expect=r"sqlalchemy\.exc\.MissingGreenlet: greenlet_spawn has not been called",
)


def _async_expire_on_commit(ctx):
    files = {
        "models.py": ASYNC_MODELS,
        "repo.py": '''
            from models import SessionLocal, User

            async def rename(user_id, new_name):
                async with SessionLocal() as s:
                    user = await s.get(User, user_id)
                    user.username = new_name
                    await s.commit()
                    return {"id": user.id, "username": user.username}
        ''',
        "test_repo.py": '''
            import asyncio
            import repo
            from models import init_models

            def test_rename():
                async def go():
                    await init_models()
                    return await repo.rename(1, "jacob")
                assert asyncio.run(go())["username"] == "jacob"
        ''',
    }
    return U.pytest(ctx, files, args="--tb=short")


case(
    id="pydata-async-expire-on-commit", label="data.orm.async_lazy_load", shape="pytest",
    source="https://async-workflows.com/async-engines-dialects-and-connection-pooling/integrating-sqlalchemy-async-with-fastapi-and-starlette/fixing-greenletspawnerror-in-async-sqlalchemy-workflows/", source_kind="blog",
    cause="async_sessionmaker keeps expire_on_commit=True, so after commit every attribute is expired and reading one triggers an implicit refresh that async sessions cannot perform.",
    rationale="repo.rename reads user.id after await s.commit(); the pytest summary shows MissingGreenlet from that attribute access.",
    make=_async_expire_on_commit, libraries=("sqlalchemy", "aiosqlite", "pytest"), database="sqlite",
    expect=r"FAILED test_repo\.py::test_rename - sqlalchemy\.exc\.MissingGreenlet",
)


def _sqlmodel_async_property(ctx):
    main = '''
        import asyncio, logging, sys
        from pythonjsonlogger.json import JsonFormatter
        from sqlmodel import SQLModel, Field, Relationship, select
        from sqlmodel.ext.asyncio.session import AsyncSession
        from sqlalchemy.ext.asyncio import create_async_engine

        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        log = logging.getLogger("teams")
        log.addHandler(handler)
        log.setLevel(logging.INFO)

        class Team(SQLModel, table=True):
            id: int | None = Field(default=None, primary_key=True)
            name: str
            heroes: list["Hero"] = Relationship(back_populates="team")

            @property
            def hero_count(self) -> int:
                return len(self.heroes)

        class Hero(SQLModel, table=True):
            id: int | None = Field(default=None, primary_key=True)
            name: str
            team_id: int | None = Field(default=None, foreign_key="team.id")
            team: Team | None = Relationship(back_populates="heroes")

        engine = create_async_engine("sqlite+aiosqlite:///heroes.db")

        async def main():
            async with engine.begin() as conn:
                await conn.run_sync(SQLModel.metadata.create_all)
            async with AsyncSession(engine, expire_on_commit=False) as s:
                t = Team(name="Preventers")
                s.add_all([t, Hero(name="Rusty", team=t)])
                await s.commit()
            async with AsyncSession(engine) as s:
                for team in (await s.exec(select(Team))).all():
                    try:
                        log.info("team summary", extra={"team": team.name, "heroes": team.hero_count})
                    except Exception:
                        log.exception("summary failed", extra={"team": team.name})

        asyncio.run(main())
    '''
    return U.script(ctx, {"main.py": main})


case(
    id="pydata-sqlmodel-async-relationship-property", label="data.orm.async_lazy_load", shape="json-log",
    source="https://openillumi.com/?p=74036", source_kind="blog",
    cause="A model property counts a relationship that is lazily loaded; under an async session that implicit load cannot run.",
    rationale="The JSON log line 'summary failed' holds MissingGreenlet raised inside Team.hero_count, which reads self.heroes.",
    make=_sqlmodel_async_property, libraries=("sqlmodel", "sqlalchemy", "aiosqlite", "python-json-logger"), database="sqlite",
    expect=r'"message": "summary failed"[^\n]{0,20000}MissingGreenlet',
)


SYNC_MODELS = '''
from sqlalchemy import create_engine, ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, sessionmaker

engine = create_engine("sqlite:///./blog.db")
SessionLocal = sessionmaker(engine)

class Base(DeclarativeBase):
    pass

class User(Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(50))
    email: Mapped[str] = mapped_column(String(120))
    articles: Mapped[list["Article"]] = relationship(back_populates="author")

class Article(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200))
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    author: Mapped[User] = relationship(back_populates="articles")
    comments: Mapped[list["Comment"]] = relationship(back_populates="article")

class Comment(Base):
    __tablename__ = "comments"
    id: Mapped[int] = mapped_column(primary_key=True)
    body: Mapped[str] = mapped_column(String(500))
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    article: Mapped[Article] = relationship(back_populates="comments")

def seed():
    Base.metadata.drop_all(engine)
    Base.metadata.create_all(engine)
    with SessionLocal() as s:
        u = User(username="jake", email="jake@example.com")
        a = Article(slug="dragons", title="Dragons", author=u)
        s.add_all([u, a, Comment(body="one", article=a), Comment(body="two", article=a)])
        s.add(User(username="jake", email="other-jake@example.com"))
        s.commit()
'''


def _detached_after_commit_flask(ctx):
    app = '''
        from flask import Flask, request, jsonify
        from models import SessionLocal, User, seed

        seed()
        app = Flask(__name__)

        def update_email(user_id, email):
            with SessionLocal() as s:
                user = s.get(User, user_id)
                user.email = email
                s.commit()
                return user

        @app.put("/users/<int:user_id>")
        def put_user(user_id):
            user = update_email(user_id, request.json["email"])
            return jsonify(id=user.id, email=user.email)
    '''
    return U.flask_run(ctx, {"models.py": SYNC_MODELS, "app.py": app}, [{"method": "PUT", "path": "/users/1", "json": {"email": "j@x.io"}}])


case(
    id="pydata-detached-after-commit-flask", label="data.orm.detached_instance", shape="werkzeug",
    source="https://stackoverflow.com/questions/15397680/detaching-sqlalchemy-instance-so-no-refresh-happens", source_kind="qa",
    cause="commit() expires the object's attributes and the session is closed right after, so reading any attribute later needs a refresh from a session the object no longer has.",
    rationale="update_email returns the user from a closed 'with SessionLocal()' block after commit; the view's user.id raises DetachedInstanceError (attribute refresh).",
    make=_detached_after_commit_flask, libraries=("flask", "sqlalchemy", "sqlite3"), framework="flask", database="sqlite",
    expect=r"DetachedInstanceError: Instance <User at 0x[0-9a-f]+> is not bound to a Session; attribute refresh operation cannot proceed",
)


def _detached_lazy_relationship(ctx):
    main = '''
        from sqlalchemy import select
        from models import SessionLocal, Article, seed

        def get_article(slug):
            with SessionLocal() as s:
                return s.scalars(select(Article).where(Article.slug == slug)).first()

        if __name__ == "__main__":
            seed()
            article = get_article("dragons")
            print(article.title, "by", article.author.username)
    '''
    return U.script(ctx, {"models.py": SYNC_MODELS, "main.py": main})


case(
    id="pydata-detached-lazy-relationship", label="data.orm.detached_instance", shape="python-traceback",
    source="https://sqlalchemy.org/docs/errors.html", source_kind="docs",
    cause="A lazy relationship is read on an object whose session has already closed, so there is no session to run the lazy load.",
    rationale="get_article returns from a closed session; article.author raises DetachedInstanceError 'Parent instance ... lazy load operation of attribute author cannot proceed'.",
    make=_detached_lazy_relationship, libraries=("sqlalchemy", "sqlite3"), database="sqlite",
    expect=r"DetachedInstanceError: Parent instance <Article at 0x[0-9a-f]+> is not bound to a Session; lazy load operation of attribute 'author' cannot proceed",
)


def _multiple_results(ctx):
    files = {
        "models.py": SYNC_MODELS,
        "repo.py": '''
            from sqlalchemy import select
            from models import SessionLocal, User

            def get_profile(username):
                with SessionLocal() as s:
                    user = s.execute(select(User).where(User.username == username)).scalar_one()
                    return {"username": user.username, "email": user.email}
        ''',
        "test_profile.py": '''
            import repo
            from models import seed

            def test_profile():
                seed()
                assert repo.get_profile("jake")["username"] == "jake"
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydata-sqla-multiple-results-found", label="data.orm.multiple_results", shape="pytest",
    source="https://pytroubles.com/en/ampposts/id1833-sqlalchemy-scalar-vs-scalar-one-or-none-enforce-uniqueness-or-take-the-first-row-result", source_kind="blog",
    cause="scalar_one() is used on a filter over a column that is not unique, and two rows match.",
    rationale="Two users share the username 'jake' (no unique constraint); the pytest summary shows MultipleResultsFound from scalar_one().",
    make=_multiple_results, libraries=("sqlalchemy", "pytest", "sqlite3"), database="sqlite",
    expect=r"sqlalchemy\.exc\.MultipleResultsFound: Multiple rows were found when exactly one was required",
)


def _unique_joinedload(ctx):
    app = '''
        from fastapi import FastAPI
        from sqlalchemy import select
        from sqlalchemy.orm import joinedload
        from models import SessionLocal, Article, seed

        seed()
        app = FastAPI()

        @app.get("/articles")
        def list_articles():
            with SessionLocal() as s:
                stmt = select(Article).options(joinedload(Article.comments))
                articles = s.scalars(stmt).all()
                return {"articles": [{"slug": a.slug, "comments": len(a.comments)} for a in articles]}
    '''
    return U.gunicorn(ctx, {"models.py": SYNC_MODELS, "app.py": app}, [{"path": "/articles"}], worker="uvicorn.workers.UvicornWorker")


case(
    id="pydata-sqla-joinedload-needs-unique", label="data.orm.multiple_results", shape="gunicorn",
    source="https://developer.aliyun.com/article/1563162", source_kind="docs",
    cause="In SQLAlchemy 2.0 a joined eager load of a collection duplicates parent rows, and the result must be de-duplicated with .unique() before .all().",
    rationale="GET /articles under gunicorn+uvicorn worker raises InvalidRequestError 'The unique() method must be invoked on this Result' after joinedload(Article.comments).",
    make=_unique_joinedload, libraries=("fastapi", "sqlalchemy", "gunicorn", "uvicorn"), framework="fastapi", database="sqlite",
    expect=r"The unique\(\) method must be invoked on this Result, as it contains results that include joined eager loads against collections",
)


def _no_result_found(ctx):
    main = '''
        import sys
        from sqlalchemy import select
        from models import SessionLocal, Article, seed

        def get_article(slug):
            with SessionLocal() as s:
                return s.scalars(select(Article).where(Article.slug == slug)).one()

        if __name__ == "__main__":
            seed()
            for slug in sys.argv[1:]:
                a = get_article(slug)
                print("exported", a.slug)
    '''
    return U.ci(ctx, {"models.py": SYNC_MODELS, "export.py": main}, cmd="python export.py dragons unicorns")


case(
    id="pydata-sqla-no-result-found", label="data.orm.api_misuse", shape="ci-timestamp",
    source="https://taourl.com/read-2448854.html", source_kind="qa",
    cause="Result.one() is used for a lookup that may legitimately find nothing; it raises NoResultFound instead of returning None.",
    rationale="The export job asks for a slug with no row and .one() raises sqlalchemy.exc.NoResultFound in the timestamped CI log, where one_or_none() and a not-found branch were needed.",
    make=_no_result_found, libraries=("sqlalchemy", "sqlite3"), database="sqlite",
    expect=r"sqlalchemy\.exc\.NoResultFound: No row was found when one was required",
)


def _pending_rollback(ctx):
    app = '''
        import os
        from flask import Flask, request, jsonify
        from flask_sqlalchemy import SQLAlchemy
        from sqlalchemy.exc import IntegrityError

        app = Flask(__name__)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///tags.db"
        db = SQLAlchemy(app)

        class Tag(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            name = db.Column(db.String(50), unique=True, nullable=False)

        with app.app_context():
            db.create_all()

        @app.post("/tags")
        def add_tags():
            created = []
            for name in request.json["tags"]:
                try:
                    db.session.add(Tag(name=name))
                    db.session.flush()
                    created.append(name)
                except IntegrityError:
                    continue   # already there: skip it
            db.session.commit()
            return jsonify(created=created), 201

        if __name__ == "__main__":
            app.run(port=int(os.environ["PORT"]))
    '''
    reqs = [{"method": "POST", "path": "/tags", "json": {"tags": ["python", "dragons", "python", "orm"]}}]
    return U.honcho(ctx, {"app.py": app}, "web: python -u app.py\n", reqs)


case(
    id="pydata-sqla-pending-rollback", label="data.orm.session_misuse", shape="compose-prefix",
    source="https://sqlalchemy.org/docs/errors.html", source_kind="docs",
    cause="After a flush fails, the session's transaction is dead until rollback() is called; the code swallows the IntegrityError and keeps using the session.",
    rationale="The loop catches IntegrityError on the duplicate tag and continues; the next flush raises PendingRollbackError (honcho-prefixed Flask log).",
    make=_pending_rollback, libraries=("flask", "flask-sqlalchemy", "sqlite3", "honcho"), framework="flask", database="sqlite",
    expect=r"PendingRollbackError: This Session's transaction has been rolled back due to a previous exception during flush",
)


def _queuepool_timeout(ctx):
    files = {
        "db.py": '''
            import os
            from sqlalchemy import create_engine, text
            from sqlalchemy.orm import sessionmaker

            engine = create_engine(os.environ["DATABASE_URL"], pool_size=2, max_overflow=0, pool_timeout=2)
            SessionLocal = sessionmaker(engine)
        ''',
        "service.py": '''
            import time
            from sqlalchemy import text
            from db import SessionLocal

            def call_payment_provider(order_id):
                time.sleep(4)   # slow HTTP call
                return "ok"

            def checkout(order_id):
                with SessionLocal() as s:
                    s.execute(text("SELECT 1"))               # connection checked out here...
                    status = call_payment_provider(order_id)  # ...and held during the remote call
                    s.execute(text("SELECT 1"))
                    s.commit()
                    return status
        ''',
        "test_load.py": '''
            from concurrent.futures import ThreadPoolExecutor
            import service

            def test_three_concurrent_checkouts():
                with ThreadPoolExecutor(3) as pool:
                    results = list(pool.map(service.checkout, [1, 2, 3]))
                assert results == ["ok"] * 3
        ''',
    }
    with postgres() as dsn:
        return U.pytest(ctx, files, env=pg_env(dsn, "psycopg2"), args="--tb=line")


case(
    id="pydata-sqla-queuepool-timeout", label="data.orm.pool_exhaustion", shape="pytest",
    source="https://www.fixwikihub.com/articles/sqlalchemy-connection-pool-exhausted-queuepool-fix", source_kind="blog",
    cause="Each unit of work keeps its pooled connection checked out while it waits on a slow external call, so concurrent requests exceed pool_size + max_overflow and time out.",
    rationale="Three concurrent checkouts against a pool of 2 fail with sqlalchemy TimeoutError 'QueuePool limit of size 2 overflow 0 reached' in the pytest output.",
    make=_queuepool_timeout, libraries=("sqlalchemy", "psycopg2", "pytest"), database="postgres",
    expect=r"QueuePool limit of size 2 overflow 0 reached, connection timed out, timeout 2\.00",
)


def _sqlite3_thread(ctx):
    app = '''
        import sqlite3
        from flask import Flask, request, jsonify

        conn = sqlite3.connect("users.db")
        cur = conn.cursor()
        cur.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT, email TEXT)")
        app = Flask(__name__)

        @app.post("/register")
        def register():
            data = request.get_json()
            cur.execute("INSERT INTO users (name, email) VALUES (?, ?)", (data["name"], data["email"]))
            conn.commit()
            return jsonify(id=cur.lastrowid), 201
    '''
    return U.flask_run(ctx, {"app.py": app}, [{"method": "POST", "path": "/register", "json": {"name": "Ann", "email": "ann@x.io"}}])


case(
    id="pydata-sqlite3-thread-check", label="data.orm.session_misuse", shape="werkzeug",
    source="https://stackoverflow.com/questions/48218065/objects-created-in-a-thread-can-only-be-used-in-that-same-thread/54740505", source_kind="qa",
    cause="One sqlite3 connection and cursor are created at import time and shared by every request, but the dev server runs requests in other threads and sqlite3 refuses cross-thread use.",
    rationale="The module-level cursor is used inside the view; werkzeug logs sqlite3.ProgrammingError 'SQLite objects created in a thread can only be used in that same thread'.",
    make=_sqlite3_thread, libraries=("flask", "sqlite3"), framework="flask", database="sqlite",
    expect=r"sqlite3\.ProgrammingError: SQLite objects created in a thread can only be used in that same thread",
)


def _asyncpg_another_operation(ctx):
    app = '''
        import asyncio, logging, os
        import asyncpg
        from aiohttp import web

        logging.basicConfig(level=logging.INFO)

        class Repo:
            async def open(self):
                self.con = await asyncpg.connect(os.environ["DATABASE_URL"])
                await self.con.execute("CREATE TABLE IF NOT EXISTS articles (id SERIAL PRIMARY KEY, title TEXT)")
                await self.con.execute("CREATE TABLE IF NOT EXISTS tags (id SERIAL PRIMARY KEY, name TEXT)")

            async def articles(self):
                return await self.con.fetch("SELECT id, title, pg_sleep(0.2) FROM articles")

            async def tags(self):
                return await self.con.fetch("SELECT id, name FROM tags")

        repo = Repo()

        async def startup(app):
            await repo.open()

        async def home(request):
            articles, tags = await asyncio.gather(repo.articles(), repo.tags())
            return web.json_response({"articles": len(articles), "tags": len(tags)})

        app = web.Application()
        app.on_startup.append(startup)
        app.router.add_get("/home", home)
        web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
    '''
    with postgres() as dsn:
        return U.aiohttp_app(ctx, {"app.py": app}, [{"path": "/home"}], env=pg_env(dsn))


case(
    id="pydata-asyncpg-another-operation", label="data.orm.session_misuse", shape="aiohttp",
    source="https://openillumi.com/en/en-asyncpg-operation-in-progress-error-fix", source_kind="blog",
    cause="A single asyncpg connection stored on an object is shared by coroutines that run concurrently, and a connection can only run one query at a time.",
    rationale="asyncio.gather runs two queries on repo.con at once; aiohttp logs InterfaceError 'cannot perform operation: another operation is in progress'.",
    make=_asyncpg_another_operation, libraries=("aiohttp", "asyncpg"), framework="aiohttp", database="postgres",
    expect=r"InterfaceError: cannot perform operation: another operation is in progress",
)


def _asyncpg_str_timestamp(ctx):
    app = STRUCTLOG_SETUP + '''
import os
from datetime import datetime
import asyncpg
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

app = FastAPI()

@app.on_event("startup")
async def startup():
    app.state.pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=2)
    await app.state.pool.execute("CREATE TABLE IF NOT EXISTS events (id SERIAL PRIMARY KEY, name TEXT, happened_at TIMESTAMPTZ)")

@app.middleware("http")
async def log_errors(request: Request, call_next):
    try:
        return await call_next(request)
    except Exception as exc:
        log.error("request_failed", path=request.url.path, error=f"{type(exc).__name__}: {exc}", exc_info=exc)
        return JSONResponse({"error": "internal"}, status_code=500)

@app.get("/events")
async def events(since: str):
    rows = await app.state.pool.fetch("SELECT id, name FROM events WHERE happened_at > $1", since)
    return [dict(r) for r in rows]
'''
    with postgres() as dsn:
        ctx.write({"app.py": app})
        log, responses = ctx.serve("python -m uvicorn app:app --port $PORT --log-level warning", [{"path": "/events?since=2026-01-01T00:00:00"}], env=pg_env(dsn))
        return {"log": log, "test_output": U.status_lines(responses)}


case(
    id="pydata-asyncpg-string-for-timestamp", label="data.orm.driver_type", shape="structlog-json",
    source="https://forgejo.viktorbarzin.me/viktor/dot_files/src/commit/425cbabb43ee88f3d694b22013b8ea86e503bd91/dot_claude/skills/asyncpg-string-timestamp-param/SKILL.md", source_kind="blog",
    cause="asyncpg binds parameters in binary with strict Python types, so an ISO string given for a timestamptz parameter is rejected instead of being cast by the server.",
    rationale="The query string value is passed straight to $1; the structlog JSON error carries asyncpg DataError 'expected a datetime.date or datetime.datetime instance, got 'str''.",
    make=_asyncpg_str_timestamp, libraries=("fastapi", "asyncpg", "structlog"), framework="fastapi", database="postgres",
    expect=r"invalid input for query argument \$1: '2026-01-01T00:00:00' \(expected a datetime\.date or datetime\.datetime instance, got 'str'\)",
)


def _asyncpg_naive_aware(ctx):
    main = '''
        import asyncio, os
        from datetime import datetime, timezone
        import asyncpg

        async def main():
            con = await asyncpg.connect(os.environ["DATABASE_URL"])
            await con.execute("CREATE TABLE sessions (id SERIAL PRIMARY KEY, user_id INT, expires_at TIMESTAMP)")
            await con.execute(
                "INSERT INTO sessions (user_id, expires_at) VALUES ($1, $2)",
                1, datetime.now(timezone.utc),
            )
            print("session stored")

        asyncio.run(main())
    '''
    with postgres() as dsn:
        return U.script(ctx, {"main.py": main}, env=pg_env(dsn))


case(
    id="pydata-asyncpg-aware-datetime-naive-column", label="data.orm.driver_type", shape="python-traceback",
    source="https://agentbeck.bot/report/100603", source_kind="blog",
    cause="A timezone-aware datetime is bound to a TIMESTAMP WITHOUT TIME ZONE column; asyncpg's encoder for that type works on naive datetimes and fails on the mix.",
    rationale="The INSERT passes datetime.now(timezone.utc) into a TIMESTAMP column; asyncpg raises DataError 'can't subtract offset-naive and offset-aware datetimes'.",
    make=_asyncpg_naive_aware, libraries=("asyncpg",), database="postgres",
    expect=r"can't subtract offset-naive and offset-aware datetimes",
)


def _sqlite3_list_binding(ctx):
    files = {
        "articles.py": '''
            import sqlite3

            def save_article(con, title, tags):
                con.execute("INSERT INTO articles (title, tags) VALUES (?, ?)", (title, tags))
                con.commit()
        ''',
        "test_articles.py": '''
            import sqlite3
            import articles

            def test_save_article_with_tags():
                con = sqlite3.connect(":memory:")
                con.execute("CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT, tags TEXT)")
                articles.save_article(con, "Dragons", ["fantasy", "dragons"])
                assert con.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 1
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydata-sqlite3-list-parameter", label="data.orm.driver_type", shape="pytest",
    source="https://taourl.com/read-2986792.html", source_kind="blog",
    cause="A Python list is bound as a single SQL parameter, but sqlite3 only binds None, int, float, str and bytes.",
    rationale="save_article passes the tags list straight to the placeholder; pytest shows sqlite3.ProgrammingError 'type 'list' is not supported'.",
    make=_sqlite3_list_binding, libraries=("sqlite3", "pytest"), database="sqlite",
    expect=r"sqlite3\.ProgrammingError: Error binding parameter 2: type 'list' is not supported",
)


def _psycopg2_cant_adapt_dict(ctx):
    app = '''
        import os
        import psycopg2
        from flask import Flask, request, jsonify

        app = Flask(__name__)

        def db():
            return psycopg2.connect(os.environ["DATABASE_URL"])

        with db() as c, c.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS profiles (id SERIAL PRIMARY KEY, name TEXT, settings JSONB)")

        @app.post("/profiles")
        def create_profile():
            data = request.get_json()
            with db() as c, c.cursor() as cur:
                cur.execute("INSERT INTO profiles (name, settings) VALUES (%s, %s) RETURNING id", (data["name"], data["settings"]))
                return jsonify(id=cur.fetchone()[0]), 201
    '''
    with postgres() as dsn:
        return U.flask_run(ctx, {"app.py": app}, [{"method": "POST", "path": "/profiles", "json": {"name": "ann", "settings": {"theme": "dark"}}}], env=pg_env(dsn))


case(
    id="pydata-psycopg2-cant-adapt-dict", label="data.orm.driver_type", shape="werkzeug",
    source="https://www.psycopg.org/psycopg3/docs/basic/adapt.html", source_kind="docs",
    cause="A dict is passed as a query parameter for a JSON column; psycopg2 has no default adapter for dict and needs Json() (or json.dumps).",
    rationale="The POST handler binds data['settings'] directly; werkzeug logs psycopg2.ProgrammingError \"can't adapt type 'dict'\".",
    make=_psycopg2_cant_adapt_dict, libraries=("flask", "psycopg2"), framework="flask", database="postgres",
    expect=r"can't adapt type 'dict'",
)


def _pydantic_schema_in_query(ctx):
    files = {
        "models.py": SYNC_MODELS,
        "schemas.py": '''
            from pydantic import BaseModel

            class User(BaseModel):
                id: int
                username: str
                email: str
        ''',
        "app.py": '''
            from fastapi import FastAPI
            from sqlalchemy import select
            from models import SessionLocal, seed
            from schemas import User

            seed()
            app = FastAPI()

            @app.get("/users")
            def list_users():
                with SessionLocal() as s:
                    return s.scalars(select(User)).all()
        ''',
    }
    return U.uvicorn(ctx, files, [{"path": "/users"}])


case(
    id="pydata-sqla-select-pydantic-schema", label="data.orm.api_misuse", shape="uvicorn",
    source="https://sqlalchemy.org/docs/core/api_basics.html", source_kind="docs",
    cause="The query is built on the Pydantic schema class that shares the model's name instead of the mapped ORM class, and SQLAlchemy cannot select from it.",
    rationale="app.py imports User from schemas, not models; select(User) raises ArgumentError 'Column expression, FROM clause, or other columns clause element expected, got <class 'schemas.User'>'.",
    make=_pydantic_schema_in_query, libraries=("fastapi", "sqlalchemy", "pydantic"), framework="fastapi", database="sqlite",
    expect=r"ArgumentError: Column expression, FROM clause, or other columns clause element expected, got <class 'schemas\.User'>",
)


def _invalid_keyword(ctx):
    files = {
        "models.py": SYNC_MODELS,
        "app.py": '''
            from fastapi import FastAPI
            from pydantic import BaseModel
            from models import SessionLocal, User, seed

            seed()
            app = FastAPI()

            class Register(BaseModel):
                username: str
                email: str
                password: str

            @app.post("/users", status_code=201)
            def register(body: Register):
                with SessionLocal() as s:
                    user = User(**body.model_dump())
                    s.add(user)
                    s.commit()
                    return {"id": user.id}
        ''',
    }
    return U.uvicorn(ctx, files, [{"method": "POST", "path": "/users", "json": {"username": "ann", "email": "a@x.io", "password": "pw"}}])


case(
    id="pydata-sqla-invalid-keyword-argument", label="data.orm.field_error", shape="uvicorn",
    source="https://web-tau-bice-50.vercel.app/item/4768548", source_kind="qa",
    cause="The request schema is unpacked straight into the ORM constructor, and it carries a field (password) that the mapped class has no attribute for.",
    rationale="User(**body.model_dump()) raises TypeError \"'password' is an invalid keyword argument for User\" in the uvicorn traceback.",
    make=_invalid_keyword, libraries=("fastapi", "sqlalchemy", "pydantic"), framework="fastapi", database="sqlite",
    expect=r"TypeError: 'password' is an invalid keyword argument for User",
)


def _sync_engine_async_driver(ctx):
    files = {
        "app.py": '''
            from fastapi import FastAPI
            from sqlalchemy import create_engine, text

            engine = create_engine("sqlite+aiosqlite:///./app.db")
            app = FastAPI()

            @app.get("/count")
            async def count():
                with engine.connect() as conn:
                    return {"n": conn.execute(text("SELECT 1")).scalar()}
        ''',
    }
    return U.uvicorn(ctx, files, [{"path": "/count"}])


case(
    id="pydata-sqla-sync-engine-async-driver", label="data.orm.sync_in_async", shape="uvicorn",
    source="https://async-workflows.com/async-engines-dialects-and-connection-pooling/integrating-sqlalchemy-async-with-fastapi-and-starlette/fixing-greenletspawnerror-in-async-sqlalchemy-workflows/", source_kind="blog",
    cause="Synchronous engine/session calls are made from async code with an async driver; the async DBAPI can only be driven through the asyncio extension (create_async_engine, awaited calls).",
    rationale="The async handler uses a sync create_engine() on sqlite+aiosqlite; engine.connect() raises MissingGreenlet 'greenlet_spawn has not been called'.",
    make=_sync_engine_async_driver, libraries=("fastapi", "sqlalchemy", "aiosqlite"), framework="fastapi", database="sqlite",
    expect=r"MissingGreenlet: greenlet_spawn has not been called; can't call await_only\(\) here",
)


def _asyncsession_query(ctx):
    files = {
        "models.py": ASYNC_MODELS,
        "repo.py": '''
            from models import User

            async def find_user(session, username):
                return session.query(User).filter(User.username == username).first()
        ''',
        "test_repo.py": '''
            import asyncio
            import repo
            from models import SessionLocal, init_models

            def test_find_user():
                async def go():
                    await init_models()
                    async with SessionLocal() as s:
                        return await repo.find_user(s, "jake")
                assert asyncio.run(go()).username == "jake"
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydata-asyncsession-has-no-query", label="data.orm.api_misuse", shape="pytest",
    source="https://async-workflows.com/async-engines-dialects-and-connection-pooling/integrating-sqlalchemy-async-with-fastapi-and-starlette/fixing-greenletspawnerror-in-async-sqlalchemy-workflows/", source_kind="blog",
    cause="The legacy session.query() API is called on an AsyncSession, which only offers awaited execute()/scalars()/get() with select() statements.",
    rationale="repo.find_user calls session.query on an AsyncSession; pytest reports AttributeError \"'AsyncSession' object has no attribute 'query'\".",
    make=_asyncsession_query, libraries=("sqlalchemy", "aiosqlite", "pytest"), database="sqlite",
    expect=r"AttributeError: 'AsyncSession' object has no attribute 'query'",
)


def _psycopg2_in_failed_tx(ctx):
    app = '''
        import os
        import psycopg2
        from flask import Flask, request, jsonify

        app = Flask(__name__)
        conn = psycopg2.connect(os.environ["DATABASE_URL"])
        with conn.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS users (id SERIAL PRIMARY KEY, email TEXT UNIQUE NOT NULL)")
        conn.commit()

        @app.post("/users")
        def create_user():
            try:
                with conn.cursor() as cur:
                    cur.execute("INSERT INTO users (email) VALUES (%s) RETURNING id", (request.json["email"],))
                    new_id = cur.fetchone()[0]
                conn.commit()
                return jsonify(id=new_id), 201
            except psycopg2.IntegrityError:
                return jsonify(error="email taken"), 409

        @app.get("/users")
        def list_users():
            with conn.cursor() as cur:
                cur.execute("SELECT id, email FROM users ORDER BY id")
                return jsonify([{"id": i, "email": e} for i, e in cur.fetchall()])
    '''
    reqs = [
        {"method": "POST", "path": "/users", "json": {"email": "a@x.io"}},
        {"method": "POST", "path": "/users", "json": {"email": "a@x.io"}},
        {"path": "/users"},
    ]
    with postgres() as dsn:
        return U.flask_run(ctx, {"app.py": app}, reqs, env=pg_env(dsn))


case(
    id="pydata-psycopg2-in-failed-transaction", label="data.orm.session_misuse", shape="werkzeug",
    source="https://openillumi.com/en/en-psycopg2-fix-failed-sql-transaction-rollback", source_kind="blog",
    cause="An error inside a transaction is caught but the connection is never rolled back, so PostgreSQL refuses every later statement on that shared connection.",
    rationale="The 409 branch swallows the IntegrityError without conn.rollback(); the next GET fails with InFailedSqlTransaction 'current transaction is aborted'.",
    make=_psycopg2_in_failed_tx, libraries=("flask", "psycopg2"), framework="flask", database="postgres",
    expect=r"InFailedSqlTransaction: current transaction is aborted, commands ignored until end of transaction block",
)


# =====================================================================================
# data.query
# =====================================================================================

def _psycopg2_qmark(ctx):
    app = '''
        import os
        import psycopg2
        from flask import Flask, jsonify, abort

        app = Flask(__name__)

        def db():
            return psycopg2.connect(os.environ["DATABASE_URL"])

        with db() as c, c.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS users (id SERIAL PRIMARY KEY, username TEXT UNIQUE, bio TEXT)")
            cur.execute("INSERT INTO users (username, bio) VALUES ('jake', 'hi') ON CONFLICT DO NOTHING")

        @app.get("/profiles/<username>")
        def profile(username):
            with db() as c, c.cursor() as cur:
                cur.execute("SELECT username, bio FROM users WHERE username = ?", (username,))
                row = cur.fetchone()
            if row is None:
                abort(404)
            return jsonify(username=row[0], bio=row[1])
    '''
    with postgres() as dsn:
        return U.gunicorn(ctx, {"app.py": app}, [{"path": "/profiles/jake"}], env=pg_env(dsn))


case(
    id="pydata-psycopg2-qmark-placeholder", label="data.query.dialect", shape="gunicorn",
    source="https://www.psycopg.org/psycopg3/docs/basic/params.html", source_kind="docs",
    cause="The query uses SQLite-style ? placeholders, but psycopg2 only understands %s / %(name)s, so the parameters are never placed.",
    rationale="The profile query written with '?' reaches PostgreSQL unchanged and fails under gunicorn with psycopg2 SyntaxError 'syntax error at end of input' (42601) pointing at the '?'.",
    make=_psycopg2_qmark, libraries=("flask", "psycopg2", "gunicorn"), framework="flask", database="postgres",
    expect=r"psycopg2\.errors\.SyntaxError: syntax error at end of input\nLINE 1: SELECT username, bio FROM users WHERE username = \?",
)


def _sqlite3_percent_s(ctx):
    main = '''
        import sqlite3, sys

        def find_user(con, email):
            return con.execute("SELECT id, email FROM users WHERE email = %s", (email,)).fetchone()

        if __name__ == "__main__":
            con = sqlite3.connect(":memory:")
            con.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, email TEXT)")
            con.execute("INSERT INTO users (email) VALUES ('ann@example.com')")
            try:
                print(find_user(con, sys.argv[1]))
            except sqlite3.Error as exc:
                print(f"lookup failed: {exc.__class__.__module__}.{exc.__class__.__name__}: {exc}")
                sys.exit(2)
    '''
    return U.script(ctx, {"lookup.py": main}, cmd="python lookup.py ann@example.com")


case(
    id="pydata-sqlite3-percent-s-placeholder", label="data.query.dialect", shape="bare-exception",
    source="https://dnmtechs.com/understanding-the-typeerror-in-python-3-when-using-string-in-parameterized-sql-queries", source_kind="blog",
    cause="The SQL uses the %s placeholder style of MySQL/PostgreSQL drivers with sqlite3, whose placeholders are ? or :name.",
    rationale="The CLI prints sqlite3.OperationalError 'near \"%\": syntax error' for a WHERE email = %s query.",
    make=_sqlite3_percent_s, libraries=("sqlite3",), database="sqlite",
    expect=r'sqlite3\.OperationalError: near "%": syntax error',
)


def _sqlite3_string_not_tuple(ctx):
    app = '''
        import sqlite3
        from fastapi import FastAPI, HTTPException

        app = FastAPI()
        con = sqlite3.connect("app.db", check_same_thread=False)
        con.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, bio TEXT)")
        con.execute("INSERT OR IGNORE INTO users (username, bio) VALUES ('jake_m', 'hi')")
        con.commit()

        @app.get("/profiles/{username}")
        def profile(username: str):
            row = con.execute("SELECT username, bio FROM users WHERE username = ?", (username)).fetchone()
            if row is None:
                raise HTTPException(404)
            return {"username": row[0], "bio": row[1]}
    '''
    return U.uvicorn(ctx, {"app.py": app}, [{"path": "/profiles/jake_m"}])


case(
    id="pydata-sqlite3-string-not-tuple", label="data.query.sql_text", shape="uvicorn",
    source="https://bobbyhadz.com/blog/python-programming-error-incorrect-number-of-bindings-supplied", source_kind="blog",
    cause="A single string is passed where a sequence of parameters is expected ((value) instead of (value,)), so each character becomes a separate binding.",
    rationale="uvicorn logs sqlite3.ProgrammingError 'Incorrect number of bindings supplied. The current statement uses 1, and there are 6 supplied.' for 'jake_m'.",
    make=_sqlite3_string_not_tuple, libraries=("fastapi", "sqlite3"), framework="fastapi", database="sqlite",
    expect=r"Incorrect number of bindings supplied\. The current statement uses 1, and there are 6 supplied",
)


def _pg_grouping_error(ctx):
    files = {
        "stats.py": '''
            def posts_per_author(conn):
                return conn.execute(
                    "SELECT u.username, a.title, COUNT(*) AS n "
                    "FROM users u JOIN articles a ON a.author_id = u.id "
                    "GROUP BY u.username ORDER BY n DESC"
                ).fetchall()
        ''',
        "test_stats.py": '''
            import os
            import psycopg
            import stats

            def test_posts_per_author():
                with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
                    conn.execute("CREATE TABLE users (id SERIAL PRIMARY KEY, username TEXT)")
                    conn.execute("CREATE TABLE articles (id SERIAL PRIMARY KEY, author_id INT REFERENCES users(id), title TEXT)")
                    conn.execute("INSERT INTO users (username) VALUES ('jake'), ('ann')")
                    conn.execute("INSERT INTO articles (author_id, title) VALUES (1, 'a'), (1, 'b'), (2, 'c')")
                    rows = stats.posts_per_author(conn)
                    assert rows[0][0] == "jake"
        ''',
    }
    with postgres() as dsn:
        return U.pytest(ctx, files, env=pg_env(dsn))


case(
    id="pydata-pg-grouping-error", label="data.query.sql_text", shape="pytest",
    source="https://pulse.support/kb/postgresql-grouping-error-42803", source_kind="blog",
    cause="The SELECT list has a column that is neither grouped nor aggregated; SQLite tolerates this, PostgreSQL rejects it.",
    rationale="stats.posts_per_author selects a.title while grouping by u.username only; pytest shows psycopg GroupingError (42803).",
    make=_pg_grouping_error, libraries=("psycopg", "pytest"), database="postgres",
    expect=r'GroupingError: column "a\.title" must appear in the GROUP BY clause or be used in an aggregate function',
)


def _pg_ambiguous_column(ctx):
    app = '''
        import logging, os
        import asyncpg
        from aiohttp import web

        logging.basicConfig(level=logging.INFO)

        async def startup(app):
            app["pool"] = pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=2)
            await pool.execute("CREATE TABLE IF NOT EXISTS users (id SERIAL PRIMARY KEY, username TEXT)")
            await pool.execute("CREATE TABLE IF NOT EXISTS articles (id SERIAL PRIMARY KEY, author_id INT REFERENCES users(id), title TEXT)")

        async def feed(request):
            rows = await request.app["pool"].fetch(
                "SELECT id, title, username FROM articles JOIN users ON users.id = articles.author_id ORDER BY id DESC"
            )
            return web.json_response([dict(r) for r in rows])

        app = web.Application()
        app.on_startup.append(startup)
        app.router.add_get("/feed", feed)
        web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
    '''
    with postgres() as dsn:
        return U.aiohttp_app(ctx, {"app.py": app}, [{"path": "/feed"}], env=pg_env(dsn))


case(
    id="pydata-pg-ambiguous-column", label="data.query.sql_text", shape="aiohttp",
    source="https://thesev1database.com/errors/msg-column-reference-is-ambiguous/", source_kind="blog",
    cause="After joining two tables that both have an id column, the query names id without a table qualifier.",
    rationale="The feed query joins users and articles and selects bare id; aiohttp logs asyncpg AmbiguousColumnError 'column reference \"id\" is ambiguous'.",
    make=_pg_ambiguous_column, libraries=("aiohttp", "asyncpg"), framework="aiohttp", database="postgres",
    expect=r'AmbiguousColumnError: column reference "id" is ambiguous',
)


def _sqlite_ambiguous_column(ctx):
    main = '''
        import sqlite3

        con = sqlite3.connect(":memory:")
        con.executescript("""
            CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, created_at TEXT);
            CREATE TABLE articles (id INTEGER PRIMARY KEY, author_id INTEGER, title TEXT, created_at TEXT);
            INSERT INTO users VALUES (1, 'jake', '2024-01-01');
            INSERT INTO articles VALUES (1, 1, 'Dragons', '2024-02-01');
        """)
        print("building weekly report")
        rows = con.execute(
            "SELECT a.title, u.username, created_at FROM articles a JOIN users u ON u.id = a.author_id "
            "ORDER BY created_at DESC"
        ).fetchall()
        for r in rows:
            print(*r)
    '''
    return U.ci(ctx, {"report.py": main}, cmd="python report.py")


case(
    id="pydata-sqlite-ambiguous-column", label="data.query.sql_text", shape="ci-timestamp",
    source="https://prodopsy.com/?p=2267", source_kind="blog",
    cause="A column name shared by two joined tables is referenced without its table alias, so the database cannot tell which one is meant.",
    rationale="The report joins articles and users, both with created_at, and selects/orders by bare created_at: 'ambiguous column name: created_at' in the CI log.",
    make=_sqlite_ambiguous_column, libraries=("sqlite3",), database="sqlite",
    expect=r"sqlite3\.OperationalError: ambiguous column name: created_at",
)


def _pg_operator_mismatch(ctx):
    app = '''
        import os
        from fastapi import FastAPI
        from sqlalchemy import create_engine, text

        engine = create_engine(os.environ["DATABASE_URL"])
        with engine.begin() as c:
            c.execute(text("CREATE TABLE IF NOT EXISTS users (id SERIAL PRIMARY KEY, username TEXT)"))
            c.execute(text("CREATE TABLE IF NOT EXISTS articles (id SERIAL PRIMARY KEY, author_id VARCHAR(20), title TEXT)"))
        app = FastAPI()

        @app.get("/articles")
        def articles(author: str):
            with engine.connect() as c:
                rows = c.execute(text(
                    "SELECT a.title FROM articles a JOIN users u ON u.id = a.author_id WHERE u.username = :author"
                ), {"author": author}).all()
                return [r.title for r in rows]
    '''
    with postgres() as dsn:
        return U.uvicorn(ctx, {"app.py": app}, [{"path": "/articles?author=jake"}], env=pg_env(dsn, "psycopg2"))


case(
    id="pydata-pg-operator-does-not-exist", label="data.query.filter", shape="uvicorn",
    source="http://www.kouhan.cn/en/article/00013682", source_kind="blog",
    cause="The join compares an integer key with a varchar column; PostgreSQL has no implicit cast between them, so the join condition is rejected.",
    rationale="articles.author_id was declared VARCHAR while users.id is SERIAL; the author filter's JOIN fails with UndefinedFunction 'operator does not exist: integer = character varying'.",
    make=_pg_operator_mismatch, libraries=("fastapi", "sqlalchemy", "psycopg2"), framework="fastapi", database="postgres",
    expect=r"operator does not exist: integer = character varying",
)


def _pg_group_concat(ctx):
    app = '''
        import os
        from flask import Flask, jsonify
        from sqlalchemy import create_engine, text

        engine = create_engine(os.environ["DATABASE_URL"])
        with engine.begin() as c:
            c.execute(text("CREATE TABLE IF NOT EXISTS articles (id SERIAL PRIMARY KEY, title VARCHAR(200))"))
            c.execute(text("CREATE TABLE IF NOT EXISTS tags (id SERIAL PRIMARY KEY, article_id INT, name VARCHAR(40))"))
        app = Flask(__name__)

        @app.get("/articles")
        def articles():
            with engine.connect() as c:
                rows = c.execute(text(
                    "SELECT a.id, a.title, GROUP_CONCAT(t.name) AS tag_list "
                    "FROM articles a LEFT JOIN tags t ON t.article_id = a.id GROUP BY a.id"
                )).all()
            return jsonify([{"title": r.title, "tags": (r.tag_list or "").split(",")} for r in rows])

        if __name__ == "__main__":
            app.run(port=int(os.environ["PORT"]))
    '''
    with postgres() as dsn:
        return U.honcho(ctx, {"app.py": app}, "web: python -u app.py\n", [{"path": "/articles"}], env=pg_env(dsn, "psycopg"))


case(
    id="pydata-pg-group-concat", label="data.query.dialect", shape="compose-prefix",
    source="https://openillumi.com/en/en-postgresql-string-agg-group-concat-alternative", source_kind="blog",
    cause="GROUP_CONCAT exists in SQLite/MySQL but not in PostgreSQL, whose equivalent is string_agg(expr, delimiter).",
    rationale="The honcho-prefixed Flask log shows psycopg UndefinedFunction 'function group_concat(character varying) does not exist'.",
    make=_pg_group_concat, libraries=("flask", "sqlalchemy", "psycopg", "honcho"), framework="flask", database="postgres",
    expect=r"function group_concat\(character varying\) does not exist",
)


def _psycopg3_in_tuple(ctx):
    files = {
        "repo.py": '''
            def articles_by_ids(conn, ids):
                return conn.execute("SELECT id, title FROM articles WHERE id IN %s ORDER BY id", (tuple(ids),)).fetchall()
        ''',
        "test_repo.py": '''
            import os
            import psycopg
            import repo

            def test_articles_by_ids():
                with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
                    conn.execute("CREATE TABLE articles (id SERIAL PRIMARY KEY, title TEXT)")
                    conn.execute("INSERT INTO articles (title) VALUES ('a'), ('b'), ('c')")
                    assert [r[0] for r in repo.articles_by_ids(conn, [1, 3])] == [1, 3]
        ''',
    }
    with postgres() as dsn:
        return U.pytest(ctx, files, env=pg_env(dsn))


case(
    id="pydata-psycopg3-in-tuple", label="data.query.dialect", shape="pytest",
    source="https://psycopg.org/psycopg3/docs/basic/from_pg2.html", source_kind="docs",
    cause="psycopg 3 binds parameters on the server, so the psycopg2 idiom 'IN %s' with a tuple no longer expands into a list; = ANY(%s) with a list is needed.",
    rationale="repo.articles_by_ids uses 'WHERE id IN %s'; under psycopg 3 the test fails with SyntaxError 'syntax error at or near \"$1\"'.",
    make=_psycopg3_in_tuple, libraries=("psycopg", "pytest"), database="postgres",
    expect=r'psycopg\.errors\.SyntaxError: syntax error at or near "\$1"',
)


def _psycopg3_indeterminate(ctx):
    app = '''
        import os
        import psycopg
        from flask import Flask, jsonify, request

        app = Flask(__name__)
        with psycopg.connect(os.environ["DATABASE_URL"]) as c:
            c.execute("CREATE TABLE IF NOT EXISTS articles (id SERIAL PRIMARY KEY, title TEXT, tag TEXT)")

        @app.get("/articles")
        def articles():
            tag = request.args.get("tag")
            with psycopg.connect(os.environ["DATABASE_URL"]) as c:
                rows = c.execute(
                    "SELECT id, title FROM articles WHERE (%s IS NULL OR tag = %s) ORDER BY id", (tag, tag)
                ).fetchall()
            return jsonify([{"id": i, "title": t} for i, t in rows])
    '''
    with postgres() as dsn:
        return U.flask_run(ctx, {"app.py": app}, [{"path": "/articles"}], env=pg_env(dsn))


case(
    id="pydata-psycopg3-indeterminate-parameter", label="data.query.bad_parameter", shape="werkzeug",
    source="https://psycopg.org/psycopg3/docs/basic/from_pg2.html", source_kind="docs",
    cause="With server-side binding a None parameter is sent without a type, and in '%s IS NULL' nothing lets PostgreSQL infer it, so the parameter type is undetermined.",
    rationale="GET /articles without ?tag binds None into '%s IS NULL'; werkzeug logs psycopg IndeterminateDatatype 'could not determine data type of parameter $1'.",
    make=_psycopg3_indeterminate, libraries=("flask", "psycopg"), framework="flask", database="postgres",
    expect=r"could not determine data type of parameter \$1",
)


def _pg_slug_for_id(ctx):
    app = '''
        import os
        from fastapi import FastAPI, HTTPException, Request
        from fastapi.responses import JSONResponse
        from sqlalchemy import create_engine, String
        from sqlalchemy.exc import SQLAlchemyError
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session

        engine = create_engine(os.environ["DATABASE_URL"])

        class Base(DeclarativeBase):
            pass

        class Article(Base):
            __tablename__ = "articles"
            id: Mapped[int] = mapped_column(primary_key=True)
            slug: Mapped[str] = mapped_column(String(200), unique=True)
            title: Mapped[str] = mapped_column(String(200))

        Base.metadata.create_all(engine)
        with Session(engine) as s:
            s.add(Article(slug="how-to-train-your-dragon", title="How to train your dragon"))
            s.commit()

        app = FastAPI()

        @app.exception_handler(SQLAlchemyError)
        async def db_error(request: Request, exc: SQLAlchemyError):
            return JSONResponse({"errors": {"body": [str(exc.orig or exc).strip()]}}, status_code=500)

        @app.get("/api/articles/{slug}")
        def get_article(slug: str):
            with Session(engine) as s:
                article = s.get(Article, slug)
                if article is None:
                    raise HTTPException(404)
                return {"article": {"slug": article.slug, "title": article.title}}
    '''
    with postgres() as dsn:
        ctx.write(U.dedent({"app.py": app}))
        _, responses = ctx.serve("python -m uvicorn app:app --port $PORT --log-level warning", [{"path": "/api/articles/how-to-train-your-dragon"}], env=pg_env(dsn, "psycopg2"))
        return {"test_output": U.status_lines(responses)}


case(
    id="pydata-pg-slug-looked-up-as-id", label="data.query.filter", shape="status-line",
    source="https://www.neontsunami.com/posts/invalid-text-representation-with-laravel-route-model-binding/", source_kind="blog",
    cause="A text identifier from the URL is used to look a row up by its integer primary key, so PostgreSQL cannot cast it and the request fails.",
    rationale="The client sees 500 with 'invalid input syntax for type integer: \"how-to-train-your-dragon\"': s.get(Article, slug) looks up by id.",
    make=_pg_slug_for_id, libraries=("fastapi", "sqlalchemy", "psycopg2"), framework="fastapi", database="postgres",
    expect=r'(?s)GET /api/articles/how-to-train-your-dragon -> 500 .{0,400}invalid input syntax for type integer: \\"how-to-train-your-dragon\\"',
)


def _pg_invalid_datetime(ctx):
    app = '''
        import os
        import psycopg2
        from flask import Flask, jsonify, request

        app = Flask(__name__)

        def db():
            return psycopg2.connect(os.environ["DATABASE_URL"])

        with db() as c, c.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS orders (id SERIAL PRIMARY KEY, total NUMERIC, created_at TIMESTAMPTZ DEFAULT now())")

        @app.get("/orders")
        def orders():
            since = request.args.get("since", "1970-01-01")
            with db() as c, c.cursor() as cur:
                cur.execute("SELECT id, total FROM orders WHERE created_at >= %s ORDER BY id", (since,))
                return jsonify([{"id": i, "total": float(t)} for i, t in cur.fetchall()])
    '''
    with postgres() as dsn:
        return U.gunicorn(ctx, {"app.py": app}, [{"path": "/orders?since=last-week"}], env=pg_env(dsn))


case(
    id="pydata-pg-invalid-datetime-parameter", label="data.query.bad_parameter", shape="gunicorn",
    source="https://www.getgalaxy.io/learn/common-errors/postgresql-invalid-datetime-format-error-sqlstate-22007", source_kind="blog",
    cause="A raw query-string value is bound as a timestamp without being parsed or validated, so PostgreSQL receives text it cannot read as a date.",
    rationale="GET /orders?since=last-week binds 'last-week' to a timestamptz comparison; gunicorn's log shows InvalidDatetimeFormat 'invalid input syntax for type timestamp with time zone'.",
    make=_pg_invalid_datetime, libraries=("flask", "psycopg2", "gunicorn"), framework="flask", database="postgres",
    expect=r'invalid input syntax for type timestamp with time zone: "last-week"',
)


def _asyncpg_limit_str(ctx):
    app = '''
        import logging, os
        import asyncpg
        from aiohttp import web

        logging.basicConfig(level=logging.INFO)

        async def startup(app):
            app["pool"] = pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=2)
            await pool.execute("CREATE TABLE IF NOT EXISTS articles (id SERIAL PRIMARY KEY, title TEXT)")

        async def list_articles(request):
            limit = request.query.get("limit", 20)
            offset = request.query.get("offset", 0)
            rows = await request.app["pool"].fetch(
                "SELECT id, title FROM articles ORDER BY id DESC LIMIT $1 OFFSET $2", limit, offset
            )
            return web.json_response({"articles": [dict(r) for r in rows]})

        app = web.Application()
        app.on_startup.append(startup)
        app.router.add_get("/articles", list_articles)
        web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
    '''
    with postgres() as dsn:
        return U.aiohttp_app(ctx, {"app.py": app}, [{"path": "/articles?limit=5&offset=0"}], env=pg_env(dsn))


case(
    id="pydata-asyncpg-limit-as-string", label="data.query.bad_parameter", shape="aiohttp",
    source="https://forgejo.viktorbarzin.me/viktor/dot_files/src/commit/425cbabb43ee88f3d694b22013b8ea86e503bd91/dot_claude/skills/asyncpg-string-timestamp-param/SKILL.md", source_kind="blog",
    cause="Paging values read from the query string are strings and are passed to LIMIT/OFFSET without conversion to int.",
    rationale="request.query values go straight into LIMIT $1 OFFSET $2; aiohttp logs asyncpg DataError \"invalid input for query argument $1: '5'\".",
    make=_asyncpg_limit_str, libraries=("aiohttp", "asyncpg"), framework="aiohttp", database="postgres",
    expect=r"invalid input for query argument \$1: '5' \('str' object cannot be interpreted as an integer\)",
)


def _sqlite_misuse_aggregate(ctx):
    files = {
        "tags.py": '''
            def popular_tags(con, min_count=2):
                return [r[0] for r in con.execute(
                    "SELECT name FROM tags WHERE COUNT(*) >= ? GROUP BY name ORDER BY name", (min_count,)
                )]
        ''',
        "test_tags.py": '''
            import sqlite3
            import tags

            def test_popular_tags():
                con = sqlite3.connect(":memory:")
                con.execute("CREATE TABLE tags (article_id INTEGER, name TEXT)")
                con.executemany("INSERT INTO tags VALUES (?, ?)", [(1, "orm"), (2, "orm"), (3, "sql")])
                assert tags.popular_tags(con) == ["orm"]
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydata-sqlite-misuse-of-aggregate", label="data.query.sql_text", shape="pytest",
    source="https://coddy.tech/docs/sqlite/group-by-having", source_kind="docs",
    cause="An aggregate condition is written in WHERE, which filters rows before grouping; conditions on aggregates belong in HAVING.",
    rationale="popular_tags puts COUNT(*) >= ? in the WHERE clause; pytest shows sqlite3.OperationalError 'misuse of aggregate: COUNT()'.",
    make=_sqlite_misuse_aggregate, libraries=("sqlite3", "pytest"), database="sqlite",
    expect=r"sqlite3\.OperationalError: misuse of aggregate: COUNT\(\)",
)


def _array_on_sqlite(ctx):
    main = '''
        from sqlalchemy import create_engine, String
        from sqlalchemy.dialects.postgresql import ARRAY
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

        class Base(DeclarativeBase):
            pass

        class Article(Base):
            __tablename__ = "articles"
            id: Mapped[int] = mapped_column(primary_key=True)
            title: Mapped[str] = mapped_column(String(200))
            tag_list: Mapped[list[str]] = mapped_column(ARRAY(String(40)), default=list)

        engine = create_engine("sqlite:///dev.db")   # local dev uses SQLite, prod uses PostgreSQL
        Base.metadata.create_all(engine)
        print("schema ready")
    '''
    return U.script(ctx, {"create_db.py": main}, cmd="python create_db.py")


case(
    id="pydata-sqla-array-on-sqlite", label="data.query.dialect", shape="python-traceback",
    source="https://sqlalchemy.org/docs/errors.html", source_kind="docs",
    cause="A PostgreSQL-only column type (ARRAY) is used in a model that is also created on SQLite, whose compiler cannot render it.",
    rationale="create_all on the SQLite dev database raises CompileError \"Compiler <...SQLiteTypeCompiler...> can't render element of type ARRAY\" for articles.tag_list.",
    make=_array_on_sqlite, libraries=("sqlalchemy", "sqlite3"), database="sqlite",
    expect=r"CompileError: \(in table 'articles', column 'tag_list'\): Compiler <sqlalchemy\.dialects\.sqlite\.base\.SQLiteTypeCompiler object at 0x[0-9a-f]+> can't render element of type ARRAY",
)


def _sqlite_ilike(ctx):
    app = '''
        from fastapi import FastAPI
        from sqlalchemy import create_engine, text

        engine = create_engine("sqlite:///app.db")
        with engine.begin() as c:
            c.execute(text("CREATE TABLE IF NOT EXISTS articles (id INTEGER PRIMARY KEY, title TEXT)"))
        app = FastAPI()

        @app.get("/search")
        def search(q: str):
            with engine.connect() as c:
                rows = c.execute(text("SELECT id, title FROM articles WHERE title ILIKE :pattern"), {"pattern": f"%{q}%"}).all()
                return [{"id": r.id, "title": r.title} for r in rows]
    '''
    return U.uvicorn(ctx, {"app.py": app}, [{"path": "/search?q=dragon"}])


case(
    id="pydata-sqlite-ilike", label="data.query.dialect", shape="uvicorn",
    source="https://sqlite.work/resolving-postgresql-ilike-operator-issues-when-migrating-to-sqlite", source_kind="blog",
    cause="ILIKE is a PostgreSQL operator; SQLite's parser does not know it (its LIKE is already case-insensitive for ASCII).",
    rationale="The search endpoint's raw SQL uses ILIKE against SQLite; uvicorn logs OperationalError 'near \"ILIKE\": syntax error'.",
    make=_sqlite_ilike, libraries=("fastapi", "sqlalchemy", "sqlite3"), framework="fastapi", database="sqlite",
    expect=r'near "ILIKE": syntax error',
)


def _bind_param_required(ctx):
    files = {
        "repo.py": '''
            from sqlalchemy import text

            FIND = text("SELECT id, email FROM users WHERE username = :username")

            def find_user(conn, name):
                return conn.execute(FIND, {"user_name": name}).first()
        ''',
        "test_repo.py": '''
            from sqlalchemy import create_engine, text
            import repo

            def test_find_user():
                engine = create_engine("sqlite://")
                with engine.begin() as conn:
                    conn.execute(text("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, email TEXT)"))
                    conn.execute(text("INSERT INTO users (username, email) VALUES ('jake', 'j@x.io')"))
                    assert repo.find_user(conn, "jake").email == "j@x.io"
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydata-sqla-bind-parameter-missing", label="data.query.sql_text", shape="pytest",
    source="https://sqlalchemy.org/docs/errors.html", source_kind="docs",
    cause="The names in the parameter dict do not match the :name placeholders in the text() statement, so a bound parameter has no value.",
    rationale="FIND uses :username but find_user passes {'user_name': ...}; pytest shows StatementError 'A value is required for bind parameter 'username''.",
    make=_bind_param_required, libraries=("sqlalchemy", "pytest", "sqlite3"), database="sqlite",
    expect=r"A value is required for bind parameter 'username'",
)


def _object_not_executable(ctx):
    app = '''
        from flask import Flask, jsonify
        from flask_sqlalchemy import SQLAlchemy

        app = Flask(__name__)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///stats.db"
        db = SQLAlchemy(app)

        class Post(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            title = db.Column(db.String(200))

        with app.app_context():
            db.create_all()

        @app.get("/stats")
        def stats():
            total = db.session.execute("SELECT COUNT(*) FROM post").scalar()
            return jsonify(posts=total)
    '''
    return U.flask_run(ctx, {"app.py": app}, [{"path": "/stats"}])


case(
    id="pydata-sqla-raw-string-not-executable", label="data.orm.api_misuse", shape="werkzeug",
    source="https://techoverflow.net/2024/07/06/how-to-fix-sqlalchemy-exc-objectnotexecutableerror-not-an-executable-object/", source_kind="blog",
    cause="SQLAlchemy 2.0 no longer accepts plain SQL strings in execute(); they must be wrapped in text() (1.x-style code on 2.x).",
    rationale="The /stats view passes a bare string to db.session.execute; werkzeug logs ArgumentError 'Textual SQL expression ... should be explicitly declared as text(...)'.",
    make=_object_not_executable, libraries=("flask", "flask-sqlalchemy", "sqlalchemy"), framework="flask", database="sqlite",
    expect=r"ArgumentError: Textual SQL expression 'SELECT COUNT\(\*\) FROM post' should be explicitly declared as text\('SELECT COUNT\(\*\) FROM post'\)",
)


def _instrumented_list_filter(ctx):
    files = {
        "models.py": SYNC_MODELS,
        "service.py": '''
            from sqlalchemy import select
            from models import SessionLocal, Article, Comment

            def comments_matching(slug, word):
                with SessionLocal() as s:
                    article = s.scalars(select(Article).where(Article.slug == slug)).one()
                    return [c.body for c in article.comments.filter(Comment.body.contains(word))]
        ''',
        "test_service.py": '''
            import unittest
            import service
            from models import seed

            class CommentsTest(unittest.TestCase):
                def setUp(self):
                    seed()

                def test_comments_matching(self):
                    self.assertEqual(service.comments_matching("dragons", "one"), ["one"])

            if __name__ == "__main__":
                unittest.main()
        ''',
    }
    ctx.write(U.dedent(files))
    return {"test_output": ctx.run("python -m unittest -v test_service")}


case(
    id="pydata-sqla-instrumentedlist-filter", label="data.orm.api_misuse", shape="unittest",
    source="https://iifx.dev/en/articles/54125326", source_kind="blog",
    cause="A loaded relationship collection is a plain Python list (InstrumentedList), not a query, so it has no filter(); the filter must be done in a select() or in Python.",
    rationale="service.comments_matching calls article.comments.filter(...); unittest reports AttributeError \"'InstrumentedList' object has no attribute 'filter'\".",
    make=_instrumented_list_filter, libraries=("sqlalchemy", "unittest", "sqlite3"), database="sqlite",
    expect=r"AttributeError: 'InstrumentedList' object has no attribute 'filter'",
)


PAGINATION_APP = '''
from fastapi import FastAPI
from sqlalchemy import create_engine, select, func, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session

engine = create_engine("sqlite:///blog.db")

class Base(DeclarativeBase):
    pass

class Article(Base):
    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))

Base.metadata.drop_all(engine)
Base.metadata.create_all(engine)
with Session(engine) as s:
    s.add_all([Article(title=f"Article {i}") for i in range(1, 26)])
    s.commit()

app = FastAPI()
'''


def _pagination_count(ctx):
    files = {
        "app.py": PAGINATION_APP + '''
@app.get("/api/articles")
def list_articles(limit: int = 20, offset: int = 0):
    with Session(engine) as s:
        page = s.scalars(select(Article).order_by(Article.id).limit(limit).offset(offset)).all()
        return {"articles": [{"id": a.id, "title": a.title} for a in page], "articlesCount": len(page)}
''',
        "test_api.py": '''
            from fastapi.testclient import TestClient
            from app import app

            client = TestClient(app)

            def test_articles_count_is_total():
                body = client.get("/api/articles", params={"limit": 5}).json()
                assert len(body["articles"]) == 5
                assert body["articlesCount"] == 25
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydata-pagination-count-is-page-size", label="data.query.pagination", shape="pytest",
    source="https://leyaa.ai/codefly/learn/rest-api/qna/how-to-return-total-count-in-pagination", source_kind="blog",
    cause="The total count returned with a page is computed from the page itself (len of the limited rows) instead of a separate COUNT over all matching rows.",
    rationale="With 25 articles and limit=5 the API answers articlesCount 5; the pytest assertion shows 'assert 5 == 25'.",
    make=_pagination_count, libraries=("fastapi", "sqlalchemy", "pytest", "sqlite3"), framework="fastapi", database="sqlite",
    expect=r"assert 5 == 25",
)


def _pagination_page_offset(ctx):
    files = {
        "app.py": PAGINATION_APP + '''
@app.get("/api/articles")
def list_articles(page: int = 1, per_page: int = 10):
    with Session(engine) as s:
        total = s.scalar(select(func.count()).select_from(Article))
        rows = s.scalars(select(Article).order_by(Article.id).limit(per_page).offset(page * per_page)).all()
        return {"page": page, "total": total, "items": [a.title for a in rows]}
''',
        "test_api.py": '''
            import unittest
            from fastapi.testclient import TestClient
            from app import app

            class PagingTest(unittest.TestCase):
                def test_first_page_starts_at_first_article(self):
                    body = TestClient(app).get("/api/articles", params={"page": 1, "per_page": 10}).json()
                    self.assertEqual(body["items"][0], "Article 1")

            if __name__ == "__main__":
                unittest.main()
        ''',
    }
    ctx.write(U.dedent(files))
    return {"test_output": ctx.run("python -m unittest -v test_api")}


case(
    id="pydata-pagination-page-offset", label="data.query.pagination", shape="unittest",
    source="https://access.crunchydata.com/documentation/postgresql17/latest/queries-limit.html", source_kind="docs",
    cause="Pages are numbered from 1 but the offset is computed as page * per_page, so OFFSET skips a whole page and the first page is never returned.",
    rationale="page=1 yields OFFSET 10 and the first item is 'Article 11'; unittest shows AssertionError 'Article 11' != 'Article 1'.",
    make=_pagination_page_offset, libraries=("fastapi", "sqlalchemy", "unittest", "sqlite3"), framework="fastapi", database="sqlite",
    expect=r"AssertionError: 'Article 11' != 'Article 1'",
)


def _psycopg2_object_param(ctx):
    app = '''
        import os
        from dataclasses import dataclass
        import psycopg2
        from fastapi import FastAPI

        @dataclass
        class User:
            id: int
            username: str

        def db():
            return psycopg2.connect(os.environ["DATABASE_URL"])

        with db() as c, c.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS users (id SERIAL PRIMARY KEY, username TEXT)")
            cur.execute("CREATE TABLE IF NOT EXISTS articles (id SERIAL PRIMARY KEY, author_id INT, title TEXT)")
            cur.execute("INSERT INTO users (username) VALUES ('jake')")

        def current_user() -> User:
            return User(id=1, username="jake")

        app = FastAPI()

        @app.get("/my/articles")
        def my_articles():
            user = current_user()
            with db() as c, c.cursor() as cur:
                cur.execute("SELECT id, title FROM articles WHERE author_id = %s", (user,))
                return [{"id": i, "title": t} for i, t in cur.fetchall()]
    '''
    with postgres() as dsn:
        return U.uvicorn(ctx, {"app.py": app}, [{"path": "/my/articles"}], env=pg_env(dsn))


case(
    id="pydata-psycopg2-object-instead-of-id", label="data.query.bad_parameter", shape="uvicorn",
    source="https://www.psycopg.org/psycopg3/docs/basic/adapt.html", source_kind="docs",
    cause="The whole user object is bound where its id was meant; the driver has no way to turn an arbitrary object into an SQL value.",
    rationale="my_articles binds (user,) for author_id = %s; uvicorn logs psycopg2.ProgrammingError \"can't adapt type 'User'\".",
    make=_psycopg2_object_param, libraries=("fastapi", "psycopg2"), framework="fastapi", database="postgres",
    expect=r"can't adapt type 'User'",
)


def _psycopg3_placeholder_count(ctx):
    main = '''
        import os, sys
        import psycopg

        def import_row(conn, row):
            conn.execute(
                "INSERT INTO products (sku, name, price) VALUES (%s, %s, %s)",
                (row["sku"], row["name"]),
            )

        with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
            conn.execute("CREATE TABLE products (sku TEXT PRIMARY KEY, name TEXT, price NUMERIC)")
            try:
                import_row(conn, {"sku": "A-1", "name": "Lamp", "price": 19.5})
            except psycopg.Error as exc:
                print(f"import failed: {type(exc).__module__}.{type(exc).__qualname__}: {exc}", file=sys.stderr)
                sys.exit(1)
    '''
    with postgres() as dsn:
        return U.script(ctx, {"import_products.py": main}, cmd="python import_products.py", env=pg_env(dsn))


case(
    id="pydata-psycopg3-placeholder-count", label="data.query.sql_text", shape="bare-exception",
    source="https://www.psycopg.org/psycopg3/docs/basic/params.html", source_kind="docs",
    cause="The statement has more %s placeholders than values in the parameter sequence.",
    rationale="The import CLI prints psycopg ProgrammingError 'the query has 3 placeholders but 2 parameters were passed': price was left out of the tuple.",
    make=_psycopg3_placeholder_count, libraries=("psycopg",), database="postgres",
    expect=r"the query has 3 placeholders but 2 parameters were passed",
)


def _pg_limit_mysql(ctx):
    files = {
        "repo.py": '''
            def page(cur, page_no, size):
                cur.execute("SELECT id, title FROM articles ORDER BY id LIMIT %s, %s", ((page_no - 1) * size, size))
                return cur.fetchall()
        ''',
        "test_repo.py": '''
            import os
            import psycopg2
            import repo

            def test_second_page():
                conn = psycopg2.connect(os.environ["DATABASE_URL"])
                cur = conn.cursor()
                cur.execute("CREATE TABLE articles (id SERIAL PRIMARY KEY, title TEXT)")
                cur.execute("INSERT INTO articles (title) SELECT 'a' || g FROM generate_series(1, 30) g")
                assert len(repo.page(cur, 2, 10)) == 10
        ''',
    }
    with postgres() as dsn:
        return U.pytest(ctx, files, env=pg_env(dsn))


case(
    id="pydata-pg-mysql-limit-syntax", label="data.query.dialect", shape="pytest",
    source="https://access.crunchydata.com/documentation/postgresql17/latest/queries-limit.html", source_kind="docs",
    cause="The MySQL form LIMIT offset, count is used on PostgreSQL, which only accepts LIMIT count OFFSET start.",
    rationale="repo.page builds 'LIMIT %s, %s'; pytest shows psycopg2 SyntaxError 'LIMIT #,# syntax is not supported'.",
    make=_pg_limit_mysql, libraries=("psycopg2", "pytest"), database="postgres",
    expect=r"LIMIT #,# syntax is not supported",
)


def _pg_camelcase_column(ctx):
    main = '''
        import os
        import psycopg2

        conn = psycopg2.connect(os.environ["DATABASE_URL"])
        cur = conn.cursor()
        cur.execute('CREATE TABLE articles (id SERIAL PRIMARY KEY, title TEXT, "createdAt" TIMESTAMPTZ DEFAULT now())')
        cur.execute("INSERT INTO articles (title) VALUES ('Dragons')")
        cur.execute("SELECT id, title, createdAt FROM articles ORDER BY createdAt DESC")
        for row in cur.fetchall():
            print(row)
    '''
    with postgres() as dsn:
        return U.script(ctx, {"latest.py": main}, cmd="python latest.py", env=pg_env(dsn))


case(
    id="pydata-pg-unquoted-camelcase-column", label="data.query.sql_text", shape="python-traceback",
    source="https://deeplearning.lipingyang.org/tag/postgresql/", source_kind="blog",
    cause="The column was created with a quoted mixed-case name; an unquoted reference is folded to lower case and names a column that does not exist.",
    rationale="The table has \"createdAt\" but the query writes createdAt unquoted; psycopg2 raises UndefinedColumn 'column \"createdat\" does not exist' with a hint naming articles.createdAt.",
    make=_pg_camelcase_column, libraries=("psycopg2",), database="postgres",
    expect=r'UndefinedColumn: column "createdat" does not exist',
)


# =====================================================================================
# data.orm (continued): Peewee, Tortoise, connection lifecycle on PostgreSQL
# =====================================================================================

def _peewee_locked(ctx):
    main = '''
        import threading, time
        from peewee import SqliteDatabase, Model, CharField, IntegerField

        db = SqliteDatabase("jobs.db", timeout=1, check_same_thread=False)

        class Job(Model):
            name = CharField()
            attempts = IntegerField(default=0)

            class Meta:
                database = db

        db.connect()
        db.create_tables([Job])
        Job.create(name="resize-images")
        db.close()

        def long_report():
            with db.connection_context():
                with db.atomic():
                    Job.update(attempts=Job.attempts + 1).execute()
                    time.sleep(3)          # slow work while the write transaction stays open

        t = threading.Thread(target=long_report)
        t.start()
        time.sleep(0.5)
        with db.connection_context():
            print("enqueue job")
            Job.create(name="send-emails")
        t.join()
    '''
    return U.ci(ctx, {"worker.py": main}, cmd="python worker.py")


case(
    id="pydata-peewee-database-locked", label="data.orm.session_misuse", shape="ci-timestamp",
    source="https://newbe.dev/database-is-locked-error-sqlite3-code-example", source_kind="blog",
    cause="A write transaction is kept open during slow work, so SQLite's single writer lock is held and a second writer times out.",
    rationale="One thread holds db.atomic() across a 3 s sleep; the other Job.create fails after the 1 s timeout with peewee.OperationalError 'database is locked'.",
    make=_peewee_locked, libraries=("peewee", "sqlite3"), database="sqlite",
    expect=r"peewee\.OperationalError: database is locked",
)


TORTOISE_MODELS = '''
from tortoise import fields, models

class User(models.Model):
    id = fields.IntField(primary_key=True)
    username = fields.CharField(max_length=50, unique=True)

class Article(models.Model):
    id = fields.IntField(primary_key=True)
    title = fields.CharField(max_length=200)
    author = fields.ForeignKeyField("models.User", related_name="articles")
'''


def _tortoise_unknown_filter(ctx):
    app = '''
        from fastapi import FastAPI
        from tortoise.contrib.fastapi import register_tortoise
        from models import Article

        app = FastAPI()

        @app.get("/articles")
        async def articles(author: str):
            rows = await Article.filter(author__name=author).values("id", "title")
            return {"articles": rows}

        register_tortoise(app, db_url="sqlite://:memory:", modules={"models": ["models"]}, generate_schemas=True)
    '''
    return U.uvicorn(ctx, {"models.py": TORTOISE_MODELS, "app.py": app}, [{"path": "/articles?author=jake"}])


case(
    id="pydata-tortoise-unknown-filter-field", label="data.orm.field_error", shape="uvicorn",
    source="https://www.volcengine.com/article/2943288", source_kind="blog",
    cause="The ORM filter names a field through a relation that the related model does not have (name instead of username).",
    rationale="Article.filter(author__name=...) raises tortoise FieldError \"Unknown filter param 'name'. Allowed base values are [...]\" in the uvicorn traceback; User has username, not name.",
    make=_tortoise_unknown_filter, libraries=("fastapi", "tortoise-orm", "aiosqlite"), framework="fastapi", database="sqlite",
    expect=r"tortoise\.exceptions\.FieldError: Unknown filter param 'name'\. Allowed base values are \['articles', 'id', 'username'\]",
)


def _tortoise_not_initialised(ctx):
    files = {
        "models.py": TORTOISE_MODELS,
        "repo.py": '''
            from models import User

            async def create_user(username):
                return await User.create(username=username)
        ''',
        "test_repo.py": '''
            import asyncio
            import repo

            def test_create_user():
                user = asyncio.run(repo.create_user("jake"))
                assert user.username == "jake"
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydata-tortoise-not-initialised", label="data.orm.session_misuse", shape="pytest",
    source="https://tortoise.github.io/schema.html", source_kind="docs",
    cause="Models are used before Tortoise.init() has registered them with a database connection (the test never initialises the ORM).",
    rationale="The test calls User.create without Tortoise.init/initializer; with no connections registered the call fails inside tortoise/router.py with TypeError \"'NoneType' object is not iterable\" (pytest summary).",
    make=_tortoise_not_initialised, libraries=("tortoise-orm", "pytest"), database="sqlite",
    expect=r"(?s)tortoise/router\.py.{0,400}FAILED test_repo\.py::test_create_user - TypeError: 'NoneType' object is not iterable",
)


def _pg_admin_shutdown(ctx):
    main = '''
        import os, time
        import psycopg

        DSN = os.environ["DATABASE_URL"]
        conn = psycopg.connect(DSN, autocommit=True)      # one connection for the whole worker
        conn.execute("CREATE TABLE IF NOT EXISTS jobs (id SERIAL PRIMARY KEY, name TEXT, done BOOLEAN DEFAULT false)")
        conn.execute("INSERT INTO jobs (name) VALUES ('a'), ('b')")

        def process_next():
            row = conn.execute("SELECT id, name FROM jobs WHERE NOT done ORDER BY id LIMIT 1").fetchone()
            conn.execute("UPDATE jobs SET done = true WHERE id = %s", (row[0],))
            print("processed", row[1], flush=True)

        process_next()
        # the database is restarted / fails over between two jobs (simulated: an admin terminates the backend)
        with psycopg.connect(DSN, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (conn.info.backend_pid,))
        time.sleep(0.2)
        process_next()
    '''
    with postgres() as dsn:
        return U.script(ctx, {"worker.py": main}, cmd="python worker.py", env=pg_env(dsn))


case(
    id="pydata-psycopg-admin-shutdown-stale-connection", label="data.orm.session_misuse", shape="python-traceback",
    source="https://saasplaybooks.dev/playbook/database-connection-errors", source_kind="blog",
    cause="The worker keeps a single long-lived connection with no pool, health check or reconnect, so when the server ends that session every later query fails.",
    rationale="After the backend is terminated, the next query raises psycopg OperationalError 'consuming input failed: terminating connection due to administrator command' (the 57P01 notice) from the stale connection.",
    make=_pg_admin_shutdown, libraries=("psycopg",), database="postgres",
    expect=r"psycopg\.OperationalError: consuming input failed: terminating connection due to administrator command",
)


def _pg_too_many_connections(ctx):
    files = {
        "setup_role.py": '''
            import os, psycopg
            with psycopg.connect(os.environ["ADMIN_URL"], autocommit=True) as c:
                c.execute("CREATE ROLE reporting LOGIN CONNECTION LIMIT 2")
                c.execute("GRANT ALL ON SCHEMA public TO reporting")
        ''',
        "report.py": '''
            import os, time
            from concurrent.futures import ThreadPoolExecutor
            from sqlalchemy import create_engine, text

            engine = create_engine(os.environ["DATABASE_URL"], pool_size=10, max_overflow=0)

            def region_total(region):
                with engine.connect() as c:
                    c.execute(text("SELECT pg_sleep(1)"))
                    return region, 0

            with ThreadPoolExecutor(4) as pool:
                for region, total in pool.map(region_total, ["eu", "us", "apac", "latam"]):
                    print(region, total)
        ''',
    }
    with postgres() as dsn:
        ctx.write(U.dedent(files))
        ctx.run("python setup_role.py", env={"ADMIN_URL": dsn})
        url = U.pg_url(dsn.replace("postgresql://postgres@", "postgresql://reporting@"), "psycopg2")
        return U.ci(ctx, {}, cmd="python report.py", env={"DATABASE_URL": url})


case(
    id="pydata-pg-too-many-connections-for-role", label="data.orm.pool_exhaustion", shape="ci-timestamp",
    source="https://saasplaybooks.dev/playbook/database-connection-errors", source_kind="blog",
    cause="The application opens more simultaneous connections than the server allows for its role, so new connection attempts are refused.",
    rationale="Four concurrent workers with a pool of 10 exceed the role's CONNECTION LIMIT 2; the CI log shows OperationalError 'too many connections for role \"reporting\"' (53300).",
    make=_pg_too_many_connections, libraries=("sqlalchemy", "psycopg2"), database="postgres",
    expect=r'too many connections for role "reporting"',
)


def _pg_deadlock(ctx):
    files = {
        "transfers.py": '''
            import time

            def transfer(conn, src, dst, amount):
                with conn.transaction():
                    conn.execute("UPDATE accounts SET balance = balance - %s WHERE id = %s", (amount, src))
                    time.sleep(0.5)
                    conn.execute("UPDATE accounts SET balance = balance + %s WHERE id = %s", (amount, dst))
        ''',
        "test_transfers.py": '''
            import os, threading
            import psycopg
            import transfers

            DSN = os.environ["DATABASE_URL"]

            def test_concurrent_transfers():
                with psycopg.connect(DSN, autocommit=True) as c:
                    c.execute("CREATE TABLE accounts (id INT PRIMARY KEY, balance INT)")
                    c.execute("INSERT INTO accounts VALUES (1, 100), (2, 100)")
                errors = []

                def run(src, dst):
                    try:
                        with psycopg.connect(DSN, autocommit=True) as conn:
                            transfers.transfer(conn, src, dst, 10)
                    except Exception as exc:
                        errors.append(exc)

                threads = [threading.Thread(target=run, args=(1, 2)), threading.Thread(target=run, args=(2, 1))]
                for t in threads: t.start()
                for t in threads: t.join()
                assert not errors, errors
        ''',
    }
    with postgres() as dsn:
        return U.pytest(ctx, files, env=pg_env(dsn))


case(
    id="pydata-pg-deadlock-detected", label="data.orm.session_misuse", shape="pytest",
    source="https://sqlite.org/forum/forumpost/a5746fb174bf1f20?raw", source_kind="qa",
    cause="Two transactions lock the same rows in opposite orders and each waits for the other; the database aborts one of them.",
    rationale="transfer() updates the source row first, so 1->2 and 2->1 run concurrently deadlock; the pytest assertion lists psycopg DeadlockDetected 'deadlock detected'.",
    make=_pg_deadlock, libraries=("psycopg", "pytest"), database="postgres",
    expect=r"DeadlockDetected\('deadlock detected",
)


# =====================================================================================
# data.orm.eager_loading: relationships that point at nothing
# =====================================================================================

def _relationship_class_not_imported(ctx):
    files = {
        "db.py": '''
            from sqlalchemy import create_engine
            from sqlalchemy.orm import DeclarativeBase, sessionmaker

            engine = create_engine("sqlite:///blog.db")
            SessionLocal = sessionmaker(engine)

            class Base(DeclarativeBase):
                pass
        ''',
        "models/__init__.py": "",
        "models/article.py": '''
            from sqlalchemy import Column, ForeignKey, Integer, String, Table
            from sqlalchemy.orm import Mapped, mapped_column, relationship
            from db import Base

            article_tags = Table(
                "article_tags", Base.metadata,
                Column("article_id", ForeignKey("articles.id"), primary_key=True),
                Column("tag_id", Integer, primary_key=True),
            )

            class Article(Base):
                __tablename__ = "articles"
                id: Mapped[int] = mapped_column(primary_key=True)
                title: Mapped[str] = mapped_column(String(200))
                tags = relationship("Tag", secondary=article_tags)
        ''',
        "models/tag.py": '''
            from sqlalchemy import String
            from sqlalchemy.orm import Mapped, mapped_column
            from db import Base

            class Tag(Base):
                __tablename__ = "tags"
                id: Mapped[int] = mapped_column(primary_key=True)
                name: Mapped[str] = mapped_column(String(40), unique=True)
        ''',
        "app.py": '''
            from flask import Flask, jsonify
            from sqlalchemy import select
            from db import Base, engine, SessionLocal
            from models.article import Article

            Base.metadata.create_all(engine)
            app = Flask(__name__)

            @app.get("/articles")
            def articles():
                with SessionLocal() as s:
                    rows = s.scalars(select(Article)).all()
                    return jsonify([{"title": a.title, "tags": [t.name for t in a.tags]} for a in rows])
        ''',
    }
    return U.gunicorn(ctx, files, [{"path": "/articles"}])


case(
    id="pydata-sqla-relationship-target-not-imported", label="data.orm.eager_loading", shape="gunicorn",
    source="https://sria.co.jp/blog/?p=5545", source_kind="blog",
    cause="A relationship names its target class by string, but the module defining that class is never imported, so the mapper cannot resolve the name when it is configured.",
    rationale="app.py imports only models.article; the first query fails with InvalidRequestError \"expression 'Tag' failed to locate a name ('Tag')\" because models/tag.py was never loaded.",
    make=_relationship_class_not_imported, libraries=("flask", "sqlalchemy", "gunicorn", "sqlite3"), framework="flask", database="sqlite",
    expect=r"When initializing mapper Mapper\[Article\(articles\)\], expression 'Tag' failed to locate a name \('Tag'\)",
)


def _back_populates_typo(ctx):
    main = '''
        import logging, sys
        from pythonjsonlogger.json import JsonFormatter
        from sqlalchemy import create_engine, ForeignKey, String
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship, Session

        handler = logging.StreamHandler(sys.stdout)
        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        log = logging.getLogger("seed")
        log.addHandler(handler)
        log.setLevel(logging.INFO)

        class Base(DeclarativeBase):
            pass

        class User(Base):
            __tablename__ = "users"
            id: Mapped[int] = mapped_column(primary_key=True)
            username: Mapped[str] = mapped_column(String(50))
            posts: Mapped[list["Post"]] = relationship(back_populates="user")

        class Post(Base):
            __tablename__ = "posts"
            id: Mapped[int] = mapped_column(primary_key=True)
            title: Mapped[str] = mapped_column(String(200))
            author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
            author: Mapped[User] = relationship(back_populates="posts")

        engine = create_engine("sqlite:///seed.db")
        try:
            Base.metadata.create_all(engine)
            with Session(engine) as s:
                s.add(User(username="jake", posts=[Post(title="Hello")]))
                s.commit()
            log.info("seeded")
        except Exception as exc:
            log.exception("seed failed: %s: %s", type(exc).__name__, exc)
            sys.exit(1)
    '''
    return U.script(ctx, {"seed.py": main}, cmd="python seed.py")


case(
    id="pydata-sqla-back-populates-typo", label="data.orm.eager_loading", shape="json-log",
    source="https://github-wiki-see.page/m/NFSandbox/sh_trade_backend/wiki/SQLAlchemy-General-Exceptions-And-Confusions", source_kind="blog",
    cause="back_populates names an attribute that the other class does not have (the two sides of the relationship use different names).",
    rationale="User.posts uses back_populates='user' but Post calls its side 'author'; the seed job's JSON log message carries InvalidRequestError \"Mapper 'Mapper[Post(posts)]' has no property 'user'\".",
    make=_back_populates_typo, libraries=("sqlalchemy", "python-json-logger", "sqlite3"), database="sqlite",
    expect=r"Mapper 'Mapper\[Post\(posts\)\]' has no property 'user'",
)


def _pg_trailing_comma(ctx):
    app = '''
        import os
        import asyncpg
        from fastapi import FastAPI, Request
        from fastapi.responses import JSONResponse

        app = FastAPI()
        FIELDS = ["id", "title", "created_at"]

        @app.on_event("startup")
        async def startup():
            app.state.pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=2)
            await app.state.pool.execute(
                "CREATE TABLE IF NOT EXISTS articles (id SERIAL PRIMARY KEY, title TEXT, created_at TIMESTAMPTZ DEFAULT now())"
            )

        @app.exception_handler(asyncpg.PostgresError)
        async def db_error(request: Request, exc: asyncpg.PostgresError):
            return JSONResponse({"error": f"{type(exc).__name__}: {exc}"}, status_code=500)

        @app.get("/articles")
        async def articles():
            columns = "".join(f"{name}, " for name in FIELDS)
            rows = await app.state.pool.fetch(f"SELECT {columns} FROM articles ORDER BY created_at DESC")
            return [dict(r) for r in rows]
    '''
    with postgres() as dsn:
        ctx.write(U.dedent({"app.py": app}))
        _, responses = ctx.serve("python -m uvicorn app:app --port $PORT --log-level warning", [{"path": "/articles"}], env=pg_env(dsn))
        return {"test_output": U.status_lines(responses)}


case(
    id="pydata-pg-trailing-comma-select", label="data.query.sql_text", shape="status-line",
    source="https://deverrors.com/errors/postgresql-syntax-error-at-or-near-token", source_kind="blog",
    cause="SQL assembled from strings leaves a trailing comma before FROM, so the statement does not parse.",
    rationale="The column list is built with a ', ' after every name; the client gets 500 with asyncpg PostgresSyntaxError 'syntax error at or near \"FROM\"'.",
    make=_pg_trailing_comma, libraries=("fastapi", "asyncpg"), framework="fastapi", database="postgres",
    expect=r'GET /articles -> 500 Internal Server Error\n\{"error":"PostgresSyntaxError: syntax error at or near \\"FROM\\""\}',
)


def _filter_without_join(ctx):
    files = {
        "models.py": SYNC_MODELS,
        "app.py": '''
            from fastapi import FastAPI
            from sqlalchemy import select
            from models import SessionLocal, Article, User, seed

            seed()
            with SessionLocal() as s:
                ann = User(username="ann", email="ann@example.com")
                s.add_all([ann, Article(slug="orm-tips", title="ORM tips", author=ann)])
                s.commit()
            app = FastAPI()

            @app.get("/api/articles")
            def list_articles(author: str | None = None):
                stmt = select(Article).order_by(Article.id)
                if author:
                    stmt = stmt.where(User.username == author)
                with SessionLocal() as s:
                    return {"articles": [a.slug for a in s.scalars(stmt).unique()]}
        ''',
        "test_filter.py": '''
            from fastapi.testclient import TestClient
            from app import app

            def test_filter_by_author():
                body = TestClient(app).get("/api/articles", params={"author": "ann"}).json()
                assert body["articles"] == ["orm-tips"]
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydata-sqla-filter-without-join", label="data.query.filter", shape="pytest",
    source="https://jackevansevo.github.io/an-sqlalchemy-footgun.html", source_kind="blog",
    cause="The query filters on a column of a table it never joins, so SQLAlchemy adds that table to FROM as a cartesian product and the filter no longer restricts the main rows.",
    rationale="The author filter uses User.username without .join(Article.author); the test gets every article back and pytest also shows SAWarning 'SELECT statement has a cartesian product'.",
    make=_filter_without_join, libraries=("fastapi", "sqlalchemy", "pytest", "sqlite3"), framework="fastapi", database="sqlite",
    expect=r"(?s)SELECT statement has a cartesian product between FROM element\(s\).{0,3000}(AssertionError|assert \[)",
)
