"""Python data layer, second set: query composition, ORM/driver runtime misuse, schema constraints,
start-up database configuration (SQLAlchemy, Flask-SQLAlchemy, Django ORM, peewee, psycopg 2/3,
asyncpg, sqlite3) on SQLite and on a real PostgreSQL 15.

Each case writes a small program, runs it under the real server / test runner / wrapper and keeps
what it printed. Shared runners come from ``_pydata_util.py`` and ``_django_kit.py`` (read only).
"""

from __future__ import annotations

import _django_kit as K
import _pydata_util as U
from capture import Case, postgres

CASES: list[Case] = []


def case(**kw):
    kw.setdefault("language", "python")
    CASES.append(Case(**kw))


def pg_env(dsn, driver=None):
    return {"DATABASE_URL": U.pg_url(dsn, driver)}


def bare(ctx, files, cmd="python main.py", env=None):
    """Only the last line the program printed (the exception line), as a terminal user pastes it."""
    ctx.write(U.dedent(files))
    out = ctx.run(cmd, env=env, timeout=60).rstrip().splitlines()
    return {"log": out[-1] if out else ""}


# =====================================================================================
# data.query
# =====================================================================================

def _sqlite3_in_joined_string(ctx):
    files = {
        "orders.py": '''
            import sqlite3

            def connect(path=":memory:"):
                conn = sqlite3.connect(path)
                conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)")
                conn.executemany("INSERT INTO orders (id, total) VALUES (?, ?)", [(1, 9.5), (2, 20.0), (3, 4.25), (4, 7.0)])
                return conn

            def orders_by_ids(conn, ids):
                # the ids from the query string are joined into one parameter
                rows = conn.execute("SELECT id, total FROM orders WHERE id IN (?) ORDER BY id", (",".join(str(i) for i in ids),))
                return rows.fetchall()
        ''',
        "test_orders.py": '''
            from orders import connect, orders_by_ids

            def test_orders_by_ids():
                conn = connect()
                assert [r[0] for r in orders_by_ids(conn, [1, 3, 4])] == [1, 3, 4]
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydb-sqlite3-in-single-placeholder-joined", label="data.query.bad_parameter", shape="pytest",
    source="https://errorhandle.ai/using-in-dynamically-in-sqlite", source_kind="blog",
    cause="A list of ids is joined into one comma-separated string and bound to a single ? inside IN (...), so SQLite compares each id with that one text value instead of with several values.",
    rationale="orders_by_ids binds '1,3,4' to IN (?); no integer id equals that string, the query returns no rows and the pytest assertion shows [] against [1, 3, 4].",
    make=_sqlite3_in_joined_string, libraries=("sqlite3", "pytest"), database="sqlite",
    expect=r"FAILED test_orders.py::test_orders_by_ids - assert \[\] == \[1, 3, 4\]",
)


def _sqla_join_duplicates(ctx):
    files = {
        "repo.py": '''
            from sqlalchemy import ForeignKey, String, create_engine, select
            from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session

            class Base(DeclarativeBase):
                pass

            class Author(Base):
                __tablename__ = "authors"
                id: Mapped[int] = mapped_column(primary_key=True)
                name: Mapped[str] = mapped_column(String(80))

            class Book(Base):
                __tablename__ = "books"
                id: Mapped[int] = mapped_column(primary_key=True)
                title: Mapped[str] = mapped_column(String(120))
                year: Mapped[int]
                author_id: Mapped[int] = mapped_column(ForeignKey("authors.id"))

            def recent_authors(session):
                """Authors who published after 2000, for the /authors?since=2000 listing."""
                stmt = select(Author.id, Author.name).join(Book, Book.author_id == Author.id).where(Book.year > 2000).order_by(Author.id)
                return [{"id": i, "name": n} for i, n in session.execute(stmt)]
        ''',
        "test_repo.py": '''
            import unittest
            from sqlalchemy import create_engine
            from sqlalchemy.orm import Session
            from repo import Base, Author, Book, recent_authors

            class RecentAuthorsTest(unittest.TestCase):
                def setUp(self):
                    engine = create_engine("sqlite://")
                    Base.metadata.create_all(engine)
                    self.session = Session(engine)
                    ann, bob = Author(name="Ann"), Author(name="Bob")
                    self.session.add_all([ann, bob])
                    self.session.flush()
                    self.session.add_all([
                        Book(title="A1", year=2004, author_id=ann.id),
                        Book(title="A2", year=2011, author_id=ann.id),
                        Book(title="A3", year=2019, author_id=ann.id),
                        Book(title="B1", year=2015, author_id=bob.id),
                    ])
                    self.session.commit()

                def test_each_author_listed_once(self):
                    names = [a["name"] for a in recent_authors(self.session)]
                    self.assertEqual(names, ["Ann", "Bob"])

            if __name__ == "__main__":
                unittest.main()
        ''',
    }
    return U.script(ctx, files, cmd="python -m unittest -v test_repo", key="test_output")


case(
    id="pydb-sqla-join-one-to-many-duplicate-rows", label="data.query.filter", shape="unittest",
    source="https://www.fixpython.com/python/sqlalchemy/sqlalchemy-relationship-backref-pitfalls", source_kind="blog",
    cause="Joining a parent table to a one-to-many child table repeats the parent row once per matching child; selecting plain columns gets no de-duplication, so parents come back several times.",
    rationale="recent_authors joins authors to books and selects Author.id/name columns; Ann has three recent books, so unittest shows ['Ann', 'Ann', 'Ann', 'Bob'] where ['Ann', 'Bob'] was expected.",
    make=_sqla_join_duplicates, libraries=("sqlalchemy", "sqlite3"), database="sqlite",
    expect=r"AssertionError: Lists differ: \['Ann', 'Ann', 'Ann', 'Bob'\] != \['Ann', 'Bob'\]",
)


def _like_tag_substring(ctx):
    files = {
        "app.py": '''
            import sqlite3
            from flask import Flask, jsonify, request

            app = Flask(__name__)
            DB = "blog.db"

            def init_db():
                conn = sqlite3.connect(DB)
                conn.executescript("""
                    DROP TABLE IF EXISTS posts;
                    CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT, tags TEXT);
                    INSERT INTO posts (title, tags) VALUES
                        ('Go channels in practice', 'go,concurrency'),
                        ('Django admin tricks', 'python,django'),
                        ('MongoDB indexes', 'mongo,databases');
                """)
                conn.commit()
                conn.close()

            @app.get("/posts")
            def posts_by_tag():
                tag = request.args["tag"]
                conn = sqlite3.connect(DB)
                rows = conn.execute("SELECT title FROM posts WHERE tags LIKE ? ORDER BY id", (f"%{tag}%",)).fetchall()
                conn.close()
                return jsonify([r[0] for r in rows])
        ''',
        "test_tags.py": '''
            from app import app, init_db

            def test_filter_by_tag_go():
                init_db()
                resp = app.test_client().get("/posts?tag=go")
                assert resp.get_json() == ["Go channels in practice"]
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydb-sqlite-like-on-comma-joined-tags", label="data.query.filter", shape="pytest",
    source="https://datafield.dev/sql/part-03/chapter-17/case-study-02.html", source_kind="blog",
    cause="Tags are kept in one comma-separated text column and filtered with LIKE '%tag%', which matches any tag that merely contains the text (go matches django and mongo).",
    rationale="GET /posts?tag=go runs tags LIKE '%go%'; the pytest assertion shows the Django and MongoDB posts returned next to the Go one.",
    make=_like_tag_substring, libraries=("flask", "sqlite3", "pytest"), framework="flask", database="sqlite",
    expect=r"Left contains 2 more items, first extra item: 'Django admin tricks'",
)


def _paginate_page_zero(ctx):
    app = '''
        from flask import Flask, jsonify, request
        from flask_sqlalchemy import SQLAlchemy

        app = Flask(__name__)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///shop.db"
        db = SQLAlchemy(app)

        class Product(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            name = db.Column(db.String(80), nullable=False)

        with app.app_context():
            db.drop_all()
            db.create_all()
            db.session.add_all([Product(name=f"item {i}") for i in range(1, 8)])
            db.session.commit()

        @app.get("/products")
        def list_products():
            # the front end counts pages from 0
            page = request.args.get("page", 0, type=int)
            result = db.paginate(db.select(Product).order_by(Product.id), page=page, per_page=5)
            return jsonify(items=[p.name for p in result.items], pages=result.pages)
    '''
    return U.flask_run(ctx, {"app.py": app}, [{"path": "/products?page=0"}, {"path": "/products?page=1"}])


case(
    id="pydb-flask-paginate-zero-based-page-404", label="data.query.pagination", shape="werkzeug",
    source="https://cnblogs.com/yoyoketang/p/16720577.html", source_kind="blog",
    cause="Flask-SQLAlchemy's paginate() numbers pages from 1 and, with error_out left on, aborts with 404 for a page below 1; a client that counts pages from 0 gets 404 for its first page.",
    rationale="The dev server log shows GET /products?page=0 answered 404 while page=1 works: the view passes the zero-based page straight to db.paginate().",
    make=_paginate_page_zero, libraries=("flask", "flask-sqlalchemy", "sqlite3"), framework="flask", database="sqlite",
    expect=r'GET /products\?page=0 HTTP/1.1.{0,8}" 404',
)


def _pg_limit_offset_no_order(ctx):
    files = {
        "catalog.py": '''
            import os
            import psycopg

            def connect():
                return psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)

            def seed(conn):
                conn.execute("DROP TABLE IF EXISTS products")
                conn.execute("CREATE TABLE products (id serial PRIMARY KEY, name text, stock int)")
                for i in range(1, 7):
                    conn.execute("INSERT INTO products (name, stock) VALUES (%s, %s)", (f"p{i}", 10))
                # a sale updates the first product
                conn.execute("UPDATE products SET stock = stock - 1 WHERE id = 1")

            def page(conn, number, size=3):
                return [r[0] for r in conn.execute("SELECT id FROM products LIMIT %s OFFSET %s", (size, (number - 1) * size))]
        ''',
        "test_catalog.py": '''
            from catalog import connect, seed, page

            def test_first_page_lists_oldest_products():
                conn = connect()
                seed(conn)
                assert page(conn, 1) == [1, 2, 3]
        ''',
    }
    with postgres() as dsn:
        return U.pytest(ctx, files, env=pg_env(dsn))


case(
    id="pydb-pg-limit-offset-without-order-by", label="data.query.pagination", shape="pytest",
    source="https://access.crunchydata.com/documentation/postgresql17/latest/queries-limit.html", source_kind="docs",
    cause="LIMIT/OFFSET paging without an ORDER BY returns rows in whatever order the plan produces; after an UPDATE PostgreSQL stores the new row version elsewhere, so pages shift and rows move between pages.",
    rationale="page() runs SELECT ... LIMIT/OFFSET with no ORDER BY; after the stock update product 1 is returned last and the first page is [2, 3, 4], as the pytest assertion shows.",
    make=_pg_limit_offset_no_order, libraries=("psycopg", "pytest"), database="postgres",
    expect=r"assert \[2, 3, 4\] == \[1, 2, 3\]",
)


def _page_count_floor(ctx):
    files = {
        "app.py": '''
            from fastapi import FastAPI
            from sqlalchemy import String, create_engine, func, select
            from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session
            from sqlalchemy.pool import StaticPool

            engine = create_engine("sqlite://", connect_args={"check_same_thread": False}, poolclass=StaticPool)

            class Base(DeclarativeBase):
                pass

            class Note(Base):
                __tablename__ = "notes"
                id: Mapped[int] = mapped_column(primary_key=True)
                text: Mapped[str] = mapped_column(String(200))

            Base.metadata.create_all(engine)
            app = FastAPI()

            @app.get("/notes")
            def list_notes(page: int = 1, per_page: int = 3):
                with Session(engine) as s:
                    total = s.scalar(select(func.count()).select_from(Note))
                    rows = s.scalars(select(Note).order_by(Note.id).limit(per_page).offset((page - 1) * per_page)).all()
                    return {"items": [n.text for n in rows], "total": total, "pages": total // per_page}
        ''',
        "test_notes.py": '''
            import unittest
            from fastapi.testclient import TestClient
            from sqlalchemy.orm import Session
            from app import app, engine, Note

            class PaginationTest(unittest.TestCase):
                def test_page_count_covers_every_note(self):
                    with Session(engine) as s:
                        s.add_all([Note(text=f"note {i}") for i in range(7)])
                        s.commit()
                    body = TestClient(app).get("/notes?per_page=3").json()
                    self.assertEqual(body["total"], 7)
                    self.assertEqual(body["pages"], 3)

            if __name__ == "__main__":
                unittest.main()
        ''',
    }
    return U.script(ctx, files, cmd="python -m unittest test_notes", key="test_output")


case(
    id="pydb-pagination-page-count-floor-division", label="data.query.pagination", shape="unittest",
    source="http://www.kouhan.cn/en/article/00039553", source_kind="blog",
    cause="The number of pages is computed with floor division (total // per_page), which drops the last, partial page whenever the total is not a multiple of the page size.",
    rationale="With 7 notes and 3 per page the endpoint reports pages=2; unittest fails with 'AssertionError: 2 != 3', so clients never request the page holding the 7th note.",
    make=_page_count_floor, libraries=("fastapi", "sqlalchemy", "sqlite3"), framework="fastapi", database="sqlite",
    expect=r"AssertionError: 2 != 3",
)


def _pg_boolean_equals_one(ctx):
    app = '''
        import os
        import psycopg2
        from flask import Flask, jsonify

        app = Flask(__name__)

        def conn():
            return psycopg2.connect(os.environ["DATABASE_URL"])

        with conn() as c, c.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS users (id serial PRIMARY KEY, email text, is_active boolean NOT NULL DEFAULT true)")
            cur.execute("INSERT INTO users (email) VALUES ('ann@example.com'), ('bob@example.com')")

        @app.get("/users/active")
        def active_users():
            with conn() as c, c.cursor() as cur:
                cur.execute("SELECT id, email FROM users WHERE is_active = 1 ORDER BY id")
                return jsonify([{"id": i, "email": e} for i, e in cur.fetchall()])
    '''
    with postgres() as dsn:
        return U.gunicorn(ctx, {"app.py": app}, [{"path": "/users/active"}], env=pg_env(dsn))


case(
    id="pydb-pg-boolean-compared-to-integer", label="data.query.dialect", shape="gunicorn",
    source="https://www.mail-archive.com/pgsql-general%40postgresql.org/msg72327.html", source_kind="qa",
    cause="SQL written for databases that store booleans as 0/1 compares a PostgreSQL boolean column with the integer 1; PostgreSQL has no boolean = integer operator.",
    rationale="The gunicorn worker logs psycopg2 UndefinedFunction 'operator does not exist: boolean = integer' for WHERE is_active = 1; the column is a real boolean.",
    make=_pg_boolean_equals_one, libraries=("flask", "psycopg2"), framework="flask", database="postgres",
    expect=r"operator does not exist: boolean = integer",
)


def _sqlite_fstring_unquoted(ctx):
    app = '''
        import sqlite3
        from flask import Flask, jsonify

        app = Flask(__name__)
        conn0 = sqlite3.connect("app.db")
        conn0.executescript("DROP TABLE IF EXISTS users; CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, bio TEXT);"
                            "INSERT INTO users (username, bio) VALUES ('alice', 'hi');")
        conn0.close()

        @app.get("/users/<username>")
        def profile(username):
            conn = sqlite3.connect("app.db")
            row = conn.execute(f"SELECT id, username, bio FROM users WHERE username = {username}").fetchone()
            conn.close()
            return jsonify(id=row[0], username=row[1], bio=row[2])
    '''
    return U.flask_run(ctx, {"app.py": app}, [{"path": "/users/alice"}])


case(
    id="pydb-sqlite-fstring-value-read-as-column", label="data.query.sql_text", shape="werkzeug",
    source="https://www.technetexperts.com/python-sqlite-operationalerror-no-column/amp", source_kind="blog",
    cause="A string value is pasted into the SQL with an f-string and no quotes or placeholder, so SQLite parses the value as a column name.",
    rationale="GET /users/alice builds WHERE username = alice; the Flask log shows sqlite3.OperationalError 'no such column: alice' although the users table is fine.",
    make=_sqlite_fstring_unquoted, libraries=("flask", "sqlite3"), framework="flask", database="sqlite",
    expect=r"sqlite3.OperationalError: no such column: alice",
)


def _pg_user_reserved(ctx):
    files = {"init_db.py": '''
        import os
        import psycopg

        SCHEMA = """
        CREATE TABLE user (
            id serial PRIMARY KEY,
            email text UNIQUE NOT NULL,
            password_hash text NOT NULL
        )
        """

        with psycopg.connect(os.environ["DATABASE_URL"]) as conn:
            conn.execute(SCHEMA)
            print("schema created")
    '''}
    with postgres() as dsn:
        return U.script(ctx, files, cmd="python init_db.py", env=pg_env(dsn))


case(
    id="pydb-pg-table-named-user-reserved-word", label="data.query.sql_text", shape="python-traceback",
    source="https://deverrors.com/errors/postgresql-reserved-name", source_kind="blog",
    cause="user is a reserved key word in PostgreSQL; an unquoted table named user cannot be created or queried (SQLite accepts it, which hides the problem).",
    rationale="init_db.py's CREATE TABLE user fails with psycopg.errors.SyntaxError 'syntax error at or near \"user\"'; quoting the name or calling the table users fixes it.",
    make=_pg_user_reserved, libraries=("psycopg",), database="postgres",
    expect=r'psycopg.errors.SyntaxError: syntax error at or near "user"',
)


def _sqla_is_none(ctx):
    files = {
        "tasks.py": '''
            from datetime import datetime
            from sqlalchemy import String, select
            from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

            class Base(DeclarativeBase):
                pass

            class Task(Base):
                __tablename__ = "tasks"
                id: Mapped[int] = mapped_column(primary_key=True)
                title: Mapped[str] = mapped_column(String(100))
                done_at: Mapped[datetime | None]

            def open_tasks(session):
                return session.scalars(select(Task).where(Task.done_at is None).order_by(Task.id)).all()
        ''',
        "test_tasks.py": '''
            from datetime import datetime
            from sqlalchemy import create_engine
            from sqlalchemy.orm import Session
            from tasks import Base, Task, open_tasks

            def test_open_tasks_are_listed():
                engine = create_engine("sqlite://")
                Base.metadata.create_all(engine)
                with Session(engine) as s:
                    s.add_all([Task(title="write report"), Task(title="ship", done_at=datetime(2024, 1, 2))])
                    s.commit()
                    assert [t.title for t in open_tasks(s)] == ["write report"]
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydb-sqla-filter-is-none-python-identity", label="data.query.filter", shape="pytest",
    source="https://iamjeremie.me/post/2025-03/checking-none-with-sqlalchemy", source_kind="blog",
    cause="SQLAlchemy builds SQL through overloaded operators, but Python's is cannot be overloaded: Column is None is evaluated immediately to False, so the WHERE clause is a constant false instead of IS NULL.",
    rationale="open_tasks filters with Task.done_at is None; the query matches nothing and pytest shows [] == ['write report']; == None or .is_(None) produce IS NULL.",
    make=_sqla_is_none, libraries=("sqlalchemy", "pytest", "sqlite3"), database="sqlite",
    expect=r"assert \[\] == \['write report'\]",
)


def _sqla_python_and(ctx):
    app = '''
        from fastapi import FastAPI
        from sqlalchemy import String, create_engine, select
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session

        engine = create_engine("sqlite:///items.db")

        class Base(DeclarativeBase):
            pass

        class Item(Base):
            __tablename__ = "items"
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str] = mapped_column(String(80))
            price: Mapped[float]
            stock: Mapped[int]

        Base.metadata.create_all(engine)
        app = FastAPI()

        @app.get("/items/available")
        def available_items(max_price: float = 100):
            with Session(engine) as s:
                rows = s.scalars(select(Item).where(Item.stock > 0 and Item.price <= max_price)).all()
                return [{"id": i.id, "name": i.name} for i in rows]
    '''
    return U.uvicorn(ctx, {"app.py": app}, [{"path": "/items/available?max_price=20"}])


case(
    id="pydb-sqla-python-and-between-conditions", label="data.query.filter", shape="uvicorn",
    source="https://blog-en-with-hugo.netlify.app/post/2025-04/proper-and-syntax-with-sqlalchemy", source_kind="blog",
    cause="Several SQLAlchemy conditions must be combined with and_() (or passed as separate where() arguments); Python's and cannot be overloaded and asks the first comparison for a truth value, which SQLAlchemy refuses for operators such as >.",
    rationale="GET /items/available runs where(Item.stock > 0 and Item.price <= max_price); uvicorn logs TypeError 'Boolean value of this clause is not defined' raised from ClauseElement.__bool__.",
    make=_sqla_python_and, libraries=("fastapi", "sqlalchemy", "sqlite3"), framework="fastapi", database="sqlite",
    expect=r"TypeError: Boolean value of this clause is not defined",
)


def _psycopg2_like_percent(ctx):
    files = {"main.py": '''
        import os
        import psycopg2

        conn = psycopg2.connect(os.environ["DATABASE_URL"])
        cur = conn.cursor()
        cur.execute("CREATE TABLE customers (id serial PRIMARY KEY, name text, country text)")
        cur.execute("INSERT INTO customers (name, country) VALUES ('Acme', 'DE'), ('Apex', 'FR')")
        country = "DE"
        cur.execute("SELECT id, name FROM customers WHERE name LIKE 'A%' AND country = %s", (country,))
        print(cur.fetchall())
    '''}
    with postgres() as dsn:
        return bare(ctx, files, env=pg_env(dsn))


case(
    id="pydb-psycopg2-literal-percent-with-params", label="data.query.sql_text", shape="bare-exception",
    source="https://cynici.wordpress.com/2019/04/10/a-python-psycopg2-quirk/", source_kind="blog",
    cause="When parameters are passed, psycopg2 treats every % in the SQL text as a placeholder marker, so a literal LIKE wildcard must be written %% (or the pattern passed as a parameter).",
    rationale="The report query has LIKE 'A%' next to a %s parameter; the script dies with the single exception line psycopg2 raises while parsing the format, before anything is sent.",
    make=_psycopg2_like_percent, libraries=("psycopg2",), database="postgres",
    expect=r"(IndexError|ValueError|TypeError|ProgrammingError).{0,80}(format|index|argument)",
)


def _asyncpg_percent_s(ctx):
    app = '''
        import os
        import asyncpg
        from contextlib import asynccontextmanager
        from fastapi import FastAPI

        @asynccontextmanager
        async def lifespan(app):
            app.state.pool = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=2)
            async with app.state.pool.acquire() as c:
                await c.execute("CREATE TABLE IF NOT EXISTS books (id serial PRIMARY KEY, title text, isbn text)")
                await c.execute("INSERT INTO books (title, isbn) VALUES ('Dune', '9780441013593')")
            yield
            await app.state.pool.close()

        app = FastAPI(lifespan=lifespan)

        @app.get("/books/{isbn}")
        async def by_isbn(isbn: str):
            async with app.state.pool.acquire() as c:
                row = await c.fetchrow("SELECT id, title FROM books WHERE isbn = %s", isbn)
                return dict(row)
    '''
    with postgres() as dsn:
        return U.uvicorn(ctx, {"app.py": app}, [{"path": "/books/9780441013593"}], env=pg_env(dsn))


case(
    id="pydb-asyncpg-percent-s-placeholder", label="data.query.dialect", shape="uvicorn",
    source="https://dokuwiki.v220240262212257716.quicksrv.de/doku.php?do=export_raw&id=asyncpg", source_kind="blog",
    cause="asyncpg sends the SQL to PostgreSQL as a server-side prepared statement whose placeholders are $1, $2, ...; the %s style of psycopg is not translated and is a syntax error.",
    rationale="GET /books/{isbn} runs fetchrow('... WHERE isbn = %s', isbn); uvicorn logs asyncpg PostgresSyntaxError 'syntax error at or near \"%\"'.",
    make=_asyncpg_percent_s, libraries=("fastapi", "asyncpg"), framework="fastapi", database="postgres",
    expect=r'asyncpg.exceptions.PostgresSyntaxError: syntax error at or near "%"',
)


# =====================================================================================
# data.orm
# =====================================================================================

def _attached_other_session(ctx):
    app = '''
        from flask import Flask, jsonify, request
        from sqlalchemy import String, create_engine, select
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

        engine = create_engine("sqlite:///app.db")
        SessionLocal = sessionmaker(engine)

        class Base(DeclarativeBase):
            pass

        class Setting(Base):
            __tablename__ = "settings"
            id: Mapped[int] = mapped_column(primary_key=True)
            key: Mapped[str] = mapped_column(String(50), unique=True)
            value: Mapped[str] = mapped_column(String(200))

        Base.metadata.drop_all(engine)
        Base.metadata.create_all(engine)
        with SessionLocal() as s:
            s.add(Setting(key="site_name", value="Shop"))
            s.commit()

        # cache the settings row, loaded once at start-up by a session that stays open
        _loader = SessionLocal()
        CACHE = {"site_name": _loader.scalars(select(Setting).where(Setting.key == "site_name")).one()}

        app = Flask(__name__)

        @app.put("/settings/site_name")
        def rename_site():
            setting = CACHE["site_name"]
            with SessionLocal() as s:
                setting.value = request.json["value"]
                s.add(setting)
                s.commit()
                return jsonify(key=setting.key, value=setting.value)
    '''
    return U.flask_run(ctx, {"app.py": app}, [{"method": "PUT", "path": "/settings/site_name", "json": {"value": "Shop 2"}}])


case(
    id="pydb-sqla-object-attached-to-other-session", label="data.orm.session_misuse", shape="werkzeug",
    source="https://python-jp.dev/articles/134525135", source_kind="blog",
    cause="An ORM object still belongs to the session that loaded it (here a session kept open for a module-level cache); adding it to a second session is refused until it is merged or the first session lets it go.",
    rationale="PUT /settings/site_name adds the cached Setting to the request's session; the Flask log shows InvalidRequestError 'Object ... is already attached to session ... (this is ...)'.",
    make=_attached_other_session, libraries=("flask", "sqlalchemy", "sqlite3"), framework="flask", database="sqlite",
    expect=r"is already attached to session '\d+' \(this is '\d+'\)",
)


def _asyncpg_pool_leak(ctx):
    app = '''
        import logging
        import os
        import asyncpg
        from aiohttp import web

        logging.basicConfig(level=logging.DEBUG, format="%(levelname)s:%(name)s:%(message)s")
        logging.getLogger("asyncio").setLevel(logging.WARNING)

        async def init(app):
            app["pool"] = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=2)
            async with app["pool"].acquire() as c:
                await c.execute("CREATE TABLE IF NOT EXISTS visits (id serial PRIMARY KEY, path text)")

        async def close(app):
            await app["pool"].close()

        async def track(request):
            conn = await request.app["pool"].acquire(timeout=2)
            await conn.execute("INSERT INTO visits (path) VALUES ($1)", request.path)
            count = await conn.fetchval("SELECT count(*) FROM visits")
            return web.json_response({"visits": count})  # the connection is never released

        app = web.Application()
        app.on_startup.append(init)
        app.on_cleanup.append(close)
        app.router.add_get("/track", track)

        if __name__ == "__main__":
            web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
    '''
    with postgres() as dsn:
        return U.aiohttp_app(ctx, {"app.py": app}, [{"path": "/track"}, {"path": "/track"}, {"path": "/track"}], env=pg_env(dsn))


case(
    id="pydb-asyncpg-pool-acquire-never-released", label="data.orm.pool_exhaustion", shape="aiohttp",
    source="https://debugly.pages.dev/blog/posts/fastapi-sqlalchemy-pool-exhausted-troubleshooting", source_kind="blog",
    cause="Connections taken from a pool must be given back after each request; a handler that acquires without releasing leaks one connection per request until the pool is empty and acquire() times out.",
    rationale="Each GET /track calls pool.acquire() and never releases; with max_size=2 the third request waits on pool.acquire(timeout=2), times out, and aiohttp answers 504 with the TimeoutError in its log.",
    make=_asyncpg_pool_leak, libraries=("aiohttp", "asyncpg"), framework="aiohttp", database="postgres",
    expect=r"GET /track -> 504 Gateway Timeout",
)


def _django_related_lookup(ctx):
    files = {
        "articles/models.py": '''
            from django.db import models

            class Author(models.Model):
                name = models.CharField(max_length=100)

            class Article(models.Model):
                title = models.CharField(max_length=200)
                author = models.ForeignKey(Author, on_delete=models.CASCADE, related_name="articles")
        ''',
        "articles/views.py": '''
            from django.http import JsonResponse
            from .models import Article

            def search(request):
                q = request.GET.get("author", "")
                rows = Article.objects.filter(author__icontains=q).values("id", "title")
                return JsonResponse({"results": list(rows)})
        ''',
        "articles/urls.py": '''
            from django.urls import path
            from . import views

            urlpatterns = [path("articles/search/", views.search)]
        ''',
    }
    return K.make(U.dedent(files), mode="page-text", requests=[{"path": "/api/articles/search/?author=ann"}],
                  apps=("articles",))(ctx)


case(
    id="pydb-django-icontains-on-foreignkey", label="data.orm.field_error", shape="django-debug-page",
    source="https://openillumi.com/?p=90069", source_kind="blog",
    cause="A text lookup such as icontains is applied to a ForeignKey itself; lookups on a relation must go through a field of the related model (author__name__icontains).",
    rationale="GET /api/articles/search/ filters Article by author__icontains; Django's debug page shows FieldError \"Unsupported lookup 'icontains' for ForeignKey or join on the field not permitted.\"",
    make=_django_related_lookup, libraries=("django",), framework="django", database="sqlite",
    expect=r"Unsupported lookup 'icontains' for ForeignKey or join on the field not permitted",
)


def _peewee_already_opened(ctx):
    app = '''
        from flask import Flask, jsonify
        from peewee import CharField, Model, SqliteDatabase

        db = SqliteDatabase("notes.db")

        class Note(Model):
            text = CharField()

            class Meta:
                database = db

        db.connect()
        db.create_tables([Note])
        db.close()

        app = Flask(__name__)

        @app.before_request
        def open_db():
            db.connect()

        # no teardown handler closes the connection again

        @app.get("/notes")
        def notes():
            return jsonify([n.text for n in Note.select()])
    '''
    return U.gunicorn(ctx, {"app.py": app}, [{"path": "/notes"}, {"path": "/notes"}])


case(
    id="pydb-peewee-connection-already-opened", label="data.orm.session_misuse", shape="gunicorn",
    source="https://Tutorialspoint.Com/peewee/peewee_connection_management.htm", source_kind="blog",
    cause="peewee keeps one connection per thread and connect() refuses to open a second one; a before_request hook that connects without a matching close on teardown fails on the next request served by the same thread.",
    rationale="The first GET /notes works; the second, served by the same sync gunicorn worker, fails in before_request with peewee.OperationalError 'Connection already opened.'.",
    make=_peewee_already_opened, libraries=("flask", "peewee", "sqlite3"), framework="flask", database="sqlite",
    expect=r"peewee.OperationalError: Connection already opened.",
)


def _psycopg2_closed_module_conn(ctx):
    app = '''
        import os
        import psycopg2
        from flask import Flask, jsonify

        app = Flask(__name__)
        conn = psycopg2.connect(os.environ["DATABASE_URL"])
        with conn.cursor() as cur:
            cur.execute("CREATE TABLE IF NOT EXISTS products (id serial PRIMARY KEY, name text)")
            cur.execute("INSERT INTO products (name) VALUES ('lamp'), ('desk')")
        conn.commit()

        @app.get("/products")
        def products():
            try:
                with conn.cursor() as cur:
                    cur.execute("SELECT id, name FROM products ORDER BY id")
                    return jsonify([{"id": i, "name": n} for i, n in cur.fetchall()])
            finally:
                conn.close()
    '''
    procfile = "web: gunicorn -w 1 -b 127.0.0.1:$PORT app:app\n"
    with postgres() as dsn:
        return U.honcho(ctx, {"app.py": app}, procfile, [{"path": "/products"}, {"path": "/products"}], env=pg_env(dsn))


case(
    id="pydb-psycopg2-module-connection-closed-per-request", label="data.orm.session_misuse", shape="compose-prefix",
    source="https://tutorialreference.pages.dev/python/examples/faq/python-psycopg2-error-psycopg2-interfaceerror-connection-already-closed", source_kind="blog",
    cause="One connection is opened at import time and shared by every request, but the handler closes it when it finishes; every later request uses a closed connection.",
    rationale="The first GET /products succeeds and closes the module-level connection in finally; the second request's log lines (web.1 | ...) show psycopg2.InterfaceError 'connection already closed'.",
    make=_psycopg2_closed_module_conn, libraries=("flask", "psycopg2", "gunicorn", "honcho"), framework="flask", database="postgres",
    expect=r"web\.1 +\| psycopg2.InterfaceError: connection already closed",
)


def _stale_data_deleted(ctx):
    files = {"main.py": '''
        from sqlalchemy import String, create_engine
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, sessionmaker

        engine = create_engine("sqlite:///jobs.db")
        SessionLocal = sessionmaker(engine)

        class Base(DeclarativeBase):
            pass

        class Job(Base):
            __tablename__ = "jobs"
            id: Mapped[int] = mapped_column(primary_key=True)
            status: Mapped[str] = mapped_column(String(20))

        Base.metadata.drop_all(engine)
        Base.metadata.create_all(engine)
        with SessionLocal() as s:
            s.add(Job(id=1, status="queued"))
            s.commit()

        # the worker picks the job up and keeps it while it runs
        worker = SessionLocal()
        job = worker.get(Job, 1)
        print(f"worker picked job {job.id} ({job.status})")

        # meanwhile the API cancels the job by deleting its row
        with SessionLocal() as api:
            api.delete(api.get(Job, 1))
            api.commit()
            print("api deleted job 1")

        job.status = "done"
        worker.commit()
        print("worker finished job 1")
    '''}
    return U.ci(ctx, files)


case(
    id="pydb-sqla-stale-data-row-deleted-elsewhere", label="data.orm.session_misuse", shape="ci-timestamp",
    source="https://taourl.com/read-2638558.html", source_kind="qa",
    cause="A session keeps an object whose row another transaction deletes; when the first session flushes its change, the UPDATE matches no row and SQLAlchemy raises StaleDataError.",
    rationale="The worker's session still holds Job 1 after the API session deleted the row; worker.commit() fails in the CI log with StaleDataError 'UPDATE statement on table 'jobs' expected to update 1 row(s); 0 were matched.'",
    make=_stale_data_deleted, libraries=("sqlalchemy", "sqlite3"), database="sqlite",
    expect=r"StaleDataError: UPDATE statement on table 'jobs' expected to update 1 row\(s\); 0 were matched",
)


def _row_jsonify(ctx):
    app = '''
        from flask import Flask, jsonify
        from flask_sqlalchemy import SQLAlchemy

        app = Flask(__name__)
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///crm.db"
        db = SQLAlchemy(app)

        class Customer(db.Model):
            id = db.Column(db.Integer, primary_key=True)
            name = db.Column(db.String(80))
            city = db.Column(db.String(80))

        with app.app_context():
            db.drop_all()
            db.create_all()
            db.session.add_all([Customer(name="Ann", city="Oslo"), Customer(name="Bob", city="Rome")])
            db.session.commit()

        @app.get("/customers")
        def customers():
            rows = db.session.execute(db.select(Customer.id, Customer.name)).all()
            return jsonify(rows)
    '''
    return U.flask_run(ctx, {"app.py": app}, [{"path": "/customers"}])


case(
    id="pydb-sqla-row-objects-passed-to-jsonify", label="data.orm.api_misuse", shape="werkzeug",
    source="https://openillumi.com/en/en-fix-row-not-json-serializable-pyodbc-flask", source_kind="blog",
    cause="A column query returns driver/ORM Row objects, not dicts or tuples the JSON encoder knows; they must be converted (row._asdict(), tuple(row)) before being serialised.",
    rationale="GET /customers passes the Row list from execute(select(Customer.id, Customer.name)).all() to jsonify; the Flask log shows TypeError 'Object of type Row is not JSON serializable'.",
    make=_row_jsonify, libraries=("flask", "flask-sqlalchemy", "sqlite3"), framework="flask", database="sqlite",
    expect=r"TypeError: Object of type Row is not JSON serializable",
)


def _django_m2m_duplicates(ctx):
    files = {
        "articles/models.py": '''
            from django.db import models

            class Tag(models.Model):
                name = models.CharField(max_length=40)

            class Article(models.Model):
                title = models.CharField(max_length=200)
                tags = models.ManyToManyField(Tag, related_name="articles")
        ''',
        "articles/services.py": '''
            from .models import Article

            def articles_with_any_tag(names):
                return list(Article.objects.filter(tags__name__in=names).order_by("id").values_list("title", flat=True))
        ''',
        "articles/tests.py": '''
            from django.test import TestCase
            from .models import Article, Tag
            from .services import articles_with_any_tag

            class TagFilterTests(TestCase):
                def test_each_article_once(self):
                    py, web = Tag.objects.create(name="python"), Tag.objects.create(name="web")
                    a = Article.objects.create(title="Django in depth")
                    a.tags.add(py, web)
                    Article.objects.create(title="Flask basics").tags.add(web)
                    self.assertEqual(articles_with_any_tag(["python", "web"]), ["Django in depth", "Flask basics"])
        ''',
    }
    return K.make(U.dedent(files), mode="test", apps=("articles",))(ctx)


case(
    id="pydb-django-m2m-filter-returns-duplicates", label="data.query.filter", shape="unittest",
    source="http://memedata.com/post/97240", source_kind="blog",
    cause="Filtering across a many-to-many relation joins the related table, so an object matching through several related rows appears once per match unless the queryset is de-duplicated (distinct()).",
    rationale="articles_with_any_tag filters on tags__name__in; the article tagged both python and web comes back twice and manage.py test fails with the duplicated title in the list.",
    make=_django_m2m_duplicates, libraries=("django",), framework="django", database="sqlite",
    expect=r"\['Django in depth', 'Django in depth', 'Flask basics'\] != \['Django in depth', 'Flask basics'\]",
)


# =====================================================================================
# data.schema
# =====================================================================================

def _two_bases(ctx):
    files = {
        "db.py": '''
            from sqlalchemy import create_engine
            from sqlalchemy.orm import DeclarativeBase, sessionmaker

            engine = create_engine("sqlite:///shop.db")
            SessionLocal = sessionmaker(engine)

            class Base(DeclarativeBase):
                pass

            def init_db():
                import models  # noqa: F401  register every model first
                Base.metadata.create_all(engine)
        ''',
        "models.py": '''
            from sqlalchemy import String
            from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
            from db import Base

            class Customer(Base):
                __tablename__ = "customers"
                id: Mapped[int] = mapped_column(primary_key=True)
                name: Mapped[str] = mapped_column(String(80))

            class OrderBase(DeclarativeBase):
                """base for the order models (added with the checkout feature)"""

            class Order(OrderBase):
                __tablename__ = "orders"
                id: Mapped[int] = mapped_column(primary_key=True)
                customer_id: Mapped[int]
                total: Mapped[float]
        ''',
        "test_checkout.py": '''
            import os
            from db import SessionLocal, init_db
            from models import Customer, Order

            def test_checkout_creates_order():
                if os.path.exists("shop.db"):
                    os.remove("shop.db")
                init_db()
                with SessionLocal() as s:
                    c = Customer(name="Ann")
                    s.add(c)
                    s.flush()
                    s.add(Order(customer_id=c.id, total=12.5))
                    s.commit()
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydb-sqla-model-on-second-declarative-base", label="data.schema.missing_table", shape="pytest",
    source="https://redjax.github.io/redkb/programming/python/SQLAlchemy/sqlalchemy_base.html", source_kind="blog",
    cause="create_all creates the tables registered on the metadata of one declarative Base; a model declared on a different Base class lives on another metadata and its table is never created.",
    rationale="init_db() runs Base.metadata.create_all, but Order inherits from a separate OrderBase; the test fails with 'no such table: orders' while customers exists.",
    make=_two_bases, libraries=("sqlalchemy", "pytest", "sqlite3"), database="sqlite",
    expect=r"FAILED test_checkout.py::test_checkout_creates_order - sqlalchemy.exc.OperationalError: .{0,40}no such table: orders",
)


def _pg_check_constraint(ctx):
    app = '''
        import os
        import structlog
        from fastapi import FastAPI, Request
        from fastapi.responses import JSONResponse
        from pydantic import BaseModel
        from sqlalchemy import CheckConstraint, Numeric, String, create_engine
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session

        structlog.configure(processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso"),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ])
        log = structlog.get_logger()

        engine = create_engine(os.environ["DATABASE_URL"])

        class Base(DeclarativeBase):
            pass

        class Product(Base):
            __tablename__ = "products"
            __table_args__ = (CheckConstraint("price >= 0", name="products_price_non_negative"),)
            id: Mapped[int] = mapped_column(primary_key=True)
            name: Mapped[str] = mapped_column(String(80))
            price: Mapped[float] = mapped_column(Numeric(10, 2))

        Base.metadata.create_all(engine)
        app = FastAPI()

        class ProductIn(BaseModel):
            name: str
            price: float

        @app.exception_handler(Exception)
        async def on_error(request: Request, exc: Exception):
            log.error("request_failed", path=request.url.path, exc_info=exc)
            return JSONResponse({"detail": "internal error"}, status_code=500)

        @app.post("/products", status_code=201)
        def create_product(body: ProductIn):
            with Session(engine) as s:
                p = Product(name=body.name, price=body.price)
                s.add(p)
                s.commit()
                return {"id": p.id}
    '''
    with postgres() as dsn:
        return U.uvicorn(ctx, {"app.py": app}, [{"method": "POST", "path": "/products", "json": {"name": "refund", "price": -5}}],
                         env={**pg_env(dsn, "psycopg"), "PYTHONUNBUFFERED": "1"})


case(
    id="pydb-pg-check-constraint-negative-price", label="data.schema.integrity", shape="structlog-json",
    source="https://bytebase.vercel.app/reference/postgres/error/23514-check-constraint-violation", source_kind="docs",
    cause="The table has a CHECK constraint (price >= 0) that the API does not validate; an INSERT with a negative price is rejected by PostgreSQL with check_violation (23514).",
    rationale="POST /products with price -5 reaches the database unvalidated; the structlog JSON line carries psycopg CheckViolation 'new row for relation \"products\" violates check constraint \"products_price_non_negative\"'.",
    make=_pg_check_constraint, libraries=("fastapi", "sqlalchemy", "psycopg", "structlog"), framework="fastapi", database="postgres",
    expect=r'violates check constraint \\?"products_price_non_negative',
)


def _pg_varchar_too_long(ctx):
    files = {
        "app.py": '''
            import os
            from flask import Flask, jsonify, request
            from flask_sqlalchemy import SQLAlchemy

            app = Flask(__name__)
            app.config["SQLALCHEMY_DATABASE_URI"] = os.environ.get("DATABASE_URL", "sqlite:///dev.db")
            db = SQLAlchemy(app)

            class Post(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                title = db.Column(db.String(40), nullable=False)

            @app.post("/posts")
            def create_post():
                post = Post(title=request.json["title"])
                db.session.add(post)
                db.session.commit()
                return jsonify(id=post.id), 201
        ''',
        "test_posts.py": '''
            from app import app, db

            def test_long_title_is_accepted():
                with app.app_context():
                    db.drop_all()
                    db.create_all()
                title = "A fairly long headline about connection pooling in production"
                resp = app.test_client().post("/posts", json={"title": title})
                assert resp.status_code == 201
        ''',
    }
    with postgres() as dsn:
        return U.pytest(ctx, files, env=pg_env(dsn, "psycopg2"))


case(
    id="pydb-pg-varchar-value-too-long", label="data.schema.integrity", shape="pytest",
    source="https://www.bytebase.com/reference/postgres/error/22001-string-data-right-truncation/", source_kind="docs",
    cause="The column is declared VARCHAR(40); PostgreSQL enforces the length and rejects longer values (SQLite ignores declared lengths, so the same code passed locally).",
    rationale="The test posts a 62-character title to a db.String(40) column on PostgreSQL; pytest reports psycopg2 StringDataRightTruncation 'value too long for type character varying(40)'.",
    make=_pg_varchar_too_long, libraries=("flask", "flask-sqlalchemy", "psycopg2", "pytest"), framework="flask", database="postgres",
    expect=r"value too long for type character varying\(40\)",
)


# =====================================================================================
# startup.database
# =====================================================================================

def _pg_password_failed(ctx):
    app = '''
        import os
        from contextlib import asynccontextmanager
        from fastapi import FastAPI
        from sqlalchemy import create_engine, text

        engine = create_engine(os.environ["DATABASE_URL"])

        @asynccontextmanager
        async def lifespan(app):
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            yield

        app = FastAPI(lifespan=lifespan)

        @app.get("/health")
        def health():
            return {"ok": True}
    '''
    import subprocess
    from urllib.parse import urlparse
    with postgres() as dsn:
        u = urlparse(dsn)
        psql = ["psql", "-h", u.hostname, "-p", str(u.port), "-U", "postgres", "-d", "app", "-At", "-c"]
        subprocess.run(psql + ["CREATE ROLE app_user LOGIN PASSWORD 's3cret-prod'"], check=True, capture_output=True)
        hba = subprocess.run(psql + ["SHOW hba_file"], check=True, capture_output=True, text=True).stdout.strip()
        with open(hba, "w") as f:
            f.write("local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n")
        subprocess.run(psql + ["SELECT pg_reload_conf()"], check=True, capture_output=True)
        url = f"postgresql+psycopg2://app_user:s3cret-dev@{u.hostname}:{u.port}/app"
        return U.uvicorn(ctx, {"app.py": app}, [{"path": "/health"}], env={"DATABASE_URL": url})


case(
    id="pydb-pg-password-authentication-failed", label="startup.database", shape="uvicorn",
    source="https://deverrors.com/errors/postgresql-invalid-password", source_kind="blog",
    cause="The connection settings carry a password that does not match the role's password on the server (a stale or environment-specific secret), so PostgreSQL rejects the login (28P01).",
    rationale="The lifespan hook connects at start-up with the dev password against a server that expects another; uvicorn reports 'Application startup failed' after psycopg2 OperationalError 'password authentication failed for user \"app_user\"'.",
    make=_pg_password_failed, libraries=("fastapi", "sqlalchemy", "psycopg2"), framework="fastapi", database="postgres",
    expect=r'password authentication failed for user "app_user"',
)


def _database_url_unset(ctx):
    app = '''
        import os
        from flask import Flask, jsonify
        from sqlalchemy import create_engine, text

        engine = create_engine(os.environ.get("DATABASE_URL"))
        app = Flask(__name__)

        @app.get("/health")
        def health():
            with engine.connect() as c:
                return jsonify(db=c.execute(text("SELECT 1")).scalar())
    '''
    return U.gunicorn(ctx, {"app.py": app}, [{"path": "/health"}])


case(
    id="pydb-sqla-database-url-env-unset", label="startup.database", shape="gunicorn",
    source="https://taourl.com/read-2404748.html", source_kind="qa",
    cause="The app reads its connection string from DATABASE_URL, which is not set in this environment, so the engine is created from None and the app cannot start.",
    rationale="gunicorn's worker fails while importing app.py: create_engine(os.environ.get('DATABASE_URL')) raises ArgumentError 'Expected string or URL object, got None'.",
    make=_database_url_unset, libraries=("flask", "sqlalchemy", "gunicorn"), framework="flask",
    expect=r"ArgumentError: Expected string or URL object, got None",
)


# =====================================================================================
# more data.query / data.orm / data.schema / incomplete.endpoint
# =====================================================================================

def _psycopg2_list_in(ctx):
    files = {
        "repo.py": '''
            import os
            import psycopg2

            def connect():
                conn = psycopg2.connect(os.environ["DATABASE_URL"])
                conn.autocommit = True
                return conn

            def seed(conn):
                with conn.cursor() as cur:
                    cur.execute("DROP TABLE IF EXISTS users")
                    cur.execute("CREATE TABLE users (id serial PRIMARY KEY, name text)")
                    cur.execute("INSERT INTO users (name) VALUES ('ann'), ('bob'), ('cid')")

            def users_by_ids(conn, ids):
                with conn.cursor() as cur:
                    cur.execute("SELECT id, name FROM users WHERE id IN %s ORDER BY id", (ids,))
                    return cur.fetchall()
        ''',
        "test_repo.py": '''
            from repo import connect, seed, users_by_ids

            def test_users_by_ids():
                conn = connect()
                seed(conn)
                ids = [1, 3]  # parsed from ?ids=1,3
                assert [r[1] for r in users_by_ids(conn, ids)] == ["ann", "cid"]
        ''',
    }
    with postgres() as dsn:
        return U.pytest(ctx, files, env=pg_env(dsn))


case(
    id="pydb-psycopg2-list-bound-to-in-placeholder", label="data.query.bad_parameter", shape="pytest",
    source="https://geek-tips.imtqy.com/articles/485526/index.html", source_kind="qa",
    cause="psycopg2 expands only a tuple after IN into a parenthesised value list; a Python list is adapted to a PostgreSQL ARRAY, which is not valid after IN (it needs = ANY(%s) or tuple(ids)).",
    rationale="users_by_ids passes the id list straight to 'IN %s'; psycopg2 renders IN ARRAY[1,3] and the test fails with psycopg2.errors.SyntaxError near ARRAY.",
    make=_psycopg2_list_in, libraries=("psycopg2", "pytest"), database="postgres",
    expect=r'psycopg2.errors.SyntaxError: syntax error at or near "ARRAY"',
)


def _peewee_get_missing(ctx):
    app = '''
        import logging
        from flask import Flask, jsonify
        from peewee import CharField, Model, SqliteDatabase
        from pythonjsonlogger.json import JsonFormatter

        handler = logging.StreamHandler()
        handler.setFormatter(JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
        logging.basicConfig(level=logging.INFO, handlers=[handler], force=True)
        log = logging.getLogger("api")

        db = SqliteDatabase("shop.db")

        class Coupon(Model):
            code = CharField(unique=True)
            percent = CharField()

            class Meta:
                database = db

        db.connect()
        db.drop_tables([Coupon])
        db.create_tables([Coupon])
        Coupon.create(code="WELCOME10", percent="10")
        db.close()

        app = Flask(__name__)

        @app.errorhandler(Exception)
        def on_error(exc):
            log.exception("unhandled error")
            return jsonify(error="internal"), 500

        @app.get("/coupons/<code>")
        def coupon(code):
            c = Coupon.get(Coupon.code == code)
            return jsonify(code=c.code, percent=c.percent)
    '''
    return U.flask_run(ctx, {"app.py": app}, [{"path": "/coupons/WELCOME10"}, {"path": "/coupons/NOPE"}])


case(
    id="pydb-peewee-get-missing-row-500", label="data.orm.api_misuse", shape="json-log",
    source="https://checklist.day/registry/peewee", source_kind="docs",
    cause="peewee's Model.get() raises DoesNotExist when no row matches; a lookup that may legitimately miss needs get_or_none() or a handled exception (mapped to 404).",
    rationale="GET /coupons/NOPE calls Coupon.get() for an unknown code; the JSON log line records CouponDoesNotExist and the client gets 500 instead of 404.",
    make=_peewee_get_missing, libraries=("flask", "peewee", "python-json-logger", "sqlite3"), framework="flask", database="sqlite",
    expect=r"CouponDoesNotExist",
)


def _pg_integer_out_of_range(ctx):
    files = {"ingest.py": '''
        import os
        import time
        from sqlalchemy import String, create_engine
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session

        engine = create_engine(os.environ["DATABASE_URL"])

        class Base(DeclarativeBase):
            pass

        class Event(Base):
            __tablename__ = "events"
            id: Mapped[int] = mapped_column(primary_key=True)
            kind: Mapped[str] = mapped_column(String(40))
            occurred_at: Mapped[int]  # epoch timestamp sent by the mobile client

        Base.metadata.create_all(engine)
        payload = {"kind": "app_open", "occurred_at": 1733500000123}  # milliseconds
        with Session(engine) as s:
            s.add(Event(**payload))
            s.commit()
        print("ingested 1 event")
    '''}
    with postgres() as dsn:
        return U.ci(ctx, files, cmd="python ingest.py", env=pg_env(dsn, "psycopg2"))


case(
    id="pydb-pg-epoch-millis-integer-out-of-range", label="data.schema", shape="ci-timestamp",
    source="https://thesev1database.com/errors/msg-integer-out-of-range/", source_kind="blog",
    cause="A column mapped as a plain int becomes a 32-bit INTEGER in PostgreSQL; values beyond about 2.1 billion (such as millisecond epoch timestamps) do not fit and are rejected (22003); the column needs BIGINT or a timestamp type.",
    rationale="The ingest job stores 1733500000123 in Event.occurred_at (Mapped[int] -> INTEGER); the CI log shows psycopg2 NumericValueOutOfRange 'integer out of range'.",
    make=_pg_integer_out_of_range, libraries=("sqlalchemy", "psycopg2"), database="postgres",
    expect=r"NumericValueOutOfRange\) integer out of range",
)


def _drf_readonly_viewset(ctx):
    files = {
        "articles/models.py": '''
            from django.db import models

            class Article(models.Model):
                title = models.CharField(max_length=200)
                body = models.TextField(blank=True)
        ''',
        "articles/views.py": '''
            from rest_framework import serializers, viewsets
            from .models import Article

            class ArticleSerializer(serializers.ModelSerializer):
                class Meta:
                    model = Article
                    fields = ["id", "title", "body"]

            class ArticleViewSet(viewsets.ReadOnlyModelViewSet):
                queryset = Article.objects.all()
                serializer_class = ArticleSerializer
        ''',
        "articles/urls.py": '''
            from rest_framework.routers import DefaultRouter
            from .views import ArticleViewSet

            router = DefaultRouter()
            router.register("articles", ArticleViewSet)
            urlpatterns = router.urls
        ''',
    }
    return K.make(U.dedent(files), mode="runserver", apps=("rest_framework", "articles"), requests=[
        {"path": "/api/articles/"},
        {"method": "POST", "path": "/api/articles/", "json": {"title": "Hello", "body": "first post"}},
        {"method": "DELETE", "path": "/api/articles/1/"},
    ])(ctx)


case(
    id="pydb-drf-readonly-viewset-create-never-written", label="incomplete.endpoint.missing", shape="status-line",
    source="https://runebook.dev/ja/docs/django_rest_framework/api-guide/viewsets/index/readonlymodelviewset", source_kind="blog",
    cause="The contract needs create/update/delete, but the resource is served by a ReadOnlyModelViewSet, which only implements list and retrieve; the write endpoints were never provided and answer 405.",
    rationale="GET /api/articles/ works while POST /api/articles/ and DELETE /api/articles/1/ get 405 with DRF's 'Method \"POST\" not allowed.' body: the write actions do not exist on the viewset.",
    make=_drf_readonly_viewset, libraries=("django", "djangorestframework"), framework="django", database="sqlite",
    expect=r'POST /api/articles/ -> 405 Method Not Allowed\n\{"detail":"Method \\"POST\\" not allowed\."\}',
)


def _pg_insert_or_ignore(ctx):
    files = {
        "subscribers.py": '''
            import os
            import psycopg

            def connect():
                conn = psycopg.connect(os.environ["DATABASE_URL"], autocommit=True)
                conn.execute("CREATE TABLE IF NOT EXISTS subscribers (id serial PRIMARY KEY, email text UNIQUE NOT NULL)")
                return conn

            def subscribe(conn, email):
                # written against the SQLite dev database first
                conn.execute("INSERT OR IGNORE INTO subscribers (email) VALUES (%s)", (email,))
        ''',
        "test_subscribers.py": '''
            import unittest
            from subscribers import connect, subscribe

            class SubscribeTest(unittest.TestCase):
                def test_subscribing_twice_is_harmless(self):
                    conn = connect()
                    subscribe(conn, "ann@example.com")
                    subscribe(conn, "ann@example.com")
                    self.assertEqual(conn.execute("SELECT count(*) FROM subscribers").fetchone()[0], 1)

            if __name__ == "__main__":
                unittest.main()
        ''',
    }
    with postgres() as dsn:
        return U.script(ctx, files, cmd="python -m unittest test_subscribers", env=pg_env(dsn), key="test_output")


case(
    id="pydb-pg-sqlite-insert-or-ignore", label="data.query.dialect", shape="unittest",
    source="https://sqlcmd-net.pages.dev/commands/insert-ignore-duplicates", source_kind="blog",
    cause="INSERT OR IGNORE is SQLite's conflict-skipping syntax; PostgreSQL spells it INSERT ... ON CONFLICT DO NOTHING and does not parse the SQLite form.",
    rationale="subscribe() keeps the SQLite statement after the move to PostgreSQL; unittest shows psycopg.errors.SyntaxError 'syntax error at or near \"OR\"'.",
    make=_pg_insert_or_ignore, libraries=("psycopg",), database="postgres",
    expect=r'psycopg.errors.SyntaxError: syntax error at or near "OR"',
)


def _pg_alias_in_where(ctx):
    app = '''
        import os
        import psycopg
        from fastapi import FastAPI

        DSN = os.environ["DATABASE_URL"]
        with psycopg.connect(DSN, autocommit=True) as c:
            c.execute("CREATE TABLE IF NOT EXISTS order_lines (id serial PRIMARY KEY, sku text, price numeric, qty int)")
            c.execute("INSERT INTO order_lines (sku, price, qty) VALUES ('A', 30, 5), ('B', 9.5, 2)")

        app = FastAPI()

        @app.get("/reports/big-lines")
        def big_lines(min_total: float = 100):
            with psycopg.connect(DSN) as c:
                rows = c.execute(
                    "SELECT sku, price * qty AS line_total FROM order_lines WHERE line_total >= %s ORDER BY line_total DESC",
                    (min_total,),
                ).fetchall()
                return [{"sku": s, "total": float(t)} for s, t in rows]
    '''
    with postgres() as dsn:
        return U.uvicorn(ctx, {"app.py": app}, [{"path": "/reports/big-lines?min_total=100"}], env=pg_env(dsn))


case(
    id="pydb-pg-select-alias-in-where", label="data.query.dialect", shape="uvicorn",
    source="https://dba.stackexchange.com/questions/225874/using-column-alias-in-a-where-clause-doesnt-work", source_kind="qa",
    cause="An output-column alias from the SELECT list cannot be used in WHERE (or HAVING) in PostgreSQL, which follows the standard; SQLite accepts it, so the query only breaks on PostgreSQL.",
    rationale="GET /reports/big-lines filters WHERE line_total >= %s on the alias of price * qty; uvicorn logs psycopg UndefinedColumn 'column \"line_total\" does not exist'.",
    make=_pg_alias_in_where, libraries=("fastapi", "psycopg"), framework="fastapi", database="postgres",
    expect=r'psycopg.errors.UndefinedColumn: column "line_total" does not exist',
)


def _fastapi_pass_stub(ctx):
    files = {
        "app.py": '''
            from fastapi import FastAPI, HTTPException
            from pydantic import BaseModel

            app = FastAPI()
            USERS = {1: {"id": 1, "email": "ann@example.com"}}

            class UserOut(BaseModel):
                id: int
                email: str

            @app.get("/users/{user_id}", response_model=UserOut)
            def get_user(user_id: int):
                if user_id not in USERS:
                    raise HTTPException(404)
                return USERS[user_id]

            @app.get("/users/{user_id}/profile", response_model=UserOut)
            def get_profile(user_id: int):
                # TODO: load the profile from the database
                pass
        ''',
        "test_users.py": '''
            from fastapi.testclient import TestClient
            from app import app

            client = TestClient(app)

            def test_user():
                assert client.get("/users/1").json()["email"] == "ann@example.com"

            def test_profile():
                resp = client.get("/users/1/profile")
                assert resp.status_code == 200
        ''',
    }
    return U.pytest(ctx, files)


case(
    id="pydb-fastapi-pass-stub-response-validation", label="incomplete.endpoint.stub", shape="pytest",
    source="https://auditbuffet.com/patterns/ab-000269", source_kind="blog",
    cause="The route is declared but its body is only a TODO and pass, so the handler returns None; with a response_model FastAPI cannot validate None and the request fails instead of serving data.",
    rationale="test_profile calls the stub GET /users/1/profile; pytest fails with fastapi ResponseValidationError ('Input should be a valid dictionary or object', input None) because nothing was implemented.",
    make=_fastapi_pass_stub, libraries=("fastapi", "pytest"), framework="fastapi",
    expect=r"FAILED test_users.py::test_profile - fastapi.exceptions.ResponseValidationError",
)


def _sqlite_uuid_into_integer_pk(ctx):
    app = '''
        import uuid
        from flask import Flask, jsonify, request
        from sqlalchemy import String, create_engine
        from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, Session

        engine = create_engine("sqlite:///tickets.db")

        class Base(DeclarativeBase):
            pass

        class Ticket(Base):
            __tablename__ = "tickets"
            id: Mapped[int] = mapped_column(primary_key=True)
            subject: Mapped[str] = mapped_column(String(200))

        Base.metadata.drop_all(engine)
        Base.metadata.create_all(engine)
        app = Flask(__name__)

        @app.post("/tickets")
        def open_ticket():
            with Session(engine) as s:
                t = Ticket(id=str(uuid.uuid4()), subject=request.json["subject"])  # public ids are UUIDs
                s.add(t)
                s.commit()
                return jsonify(id=t.id), 201
    '''
    procfile = "api: gunicorn -w 1 -b 127.0.0.1:$PORT app:app\n"
    return U.honcho(ctx, {"app.py": app}, procfile, [{"method": "POST", "path": "/tickets", "json": {"subject": "printer on fire"}}])


case(
    id="pydb-sqlite-uuid-into-integer-primary-key", label="data.schema", shape="compose-prefix",
    source="https://dbpro.app/learn/sqlite/errors/datatype-mismatch", source_kind="blog",
    cause="The table's INTEGER PRIMARY KEY is SQLite's rowid and only accepts integers, but the code assigns UUID strings as ids: the schema and the code disagree about the key type.",
    rationale="POST /tickets sets id=str(uuid4()) on a model whose id column is an integer primary key; the api.1 lines show sqlite3.IntegrityError 'datatype mismatch'.",
    make=_sqlite_uuid_into_integer_pk, libraries=("flask", "sqlalchemy", "sqlite3", "gunicorn", "honcho"), framework="flask", database="sqlite",
    expect=r"api\.1 +\| sqlalchemy.exc.IntegrityError: \(sqlite3.IntegrityError\) datatype mismatch",
)


def _pg_like_on_uuid(ctx):
    app = '''
        import logging
        import os
        import asyncpg
        from aiohttp import web

        logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")

        async def init(app):
            app["pool"] = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=2)
            async with app["pool"].acquire() as c:
                await c.execute("CREATE TABLE IF NOT EXISTS orders (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), total numeric)")
                await c.execute("INSERT INTO orders (total) VALUES (12.5), (40)")

        async def close(app):
            await app["pool"].close()

        async def search(request):
            prefix = request.query.get("id", "")
            async with request.app["pool"].acquire() as c:
                rows = await c.fetch("SELECT id, total FROM orders WHERE id LIKE $1", prefix + "%")
            return web.json_response([{"id": str(r["id"]), "total": float(r["total"])} for r in rows])

        app = web.Application()
        app.on_startup.append(init)
        app.on_cleanup.append(close)
        app.router.add_get("/orders/search", search)

        if __name__ == "__main__":
            web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
    '''
    with postgres() as dsn:
        return U.aiohttp_app(ctx, {"app.py": app}, [{"path": "/orders/search?id=3f2a"}], env=pg_env(dsn))


case(
    id="pydb-pg-like-on-uuid-column", label="data.query.filter", shape="aiohttp",
    source="https://developer-youn.tistory.com/188", source_kind="blog",
    cause="LIKE is defined for text; a uuid column has no LIKE operator in PostgreSQL, so a prefix search on the id must cast it (id::text LIKE ...).",
    rationale="GET /orders/search runs WHERE id LIKE $1 on a uuid column; the aiohttp log shows asyncpg UndefinedFunctionError 'operator does not exist: uuid ~~ unknown'.",
    make=_pg_like_on_uuid, libraries=("aiohttp", "asyncpg"), framework="aiohttp", database="postgres",
    expect=r"asyncpg.exceptions.UndefinedFunctionError: operator does not exist: uuid ~~ unknown",
)


def _django_distinct_order_related(ctx):
    files = {
        "articles/models.py": '''
            from django.db import models

            class Tag(models.Model):
                name = models.CharField(max_length=40)

            class Article(models.Model):
                title = models.CharField(max_length=200)
                tags = models.ManyToManyField(Tag, related_name="articles")
        ''',
        "articles/services.py": '''
            from .models import Article

            def tagged_articles_sorted_by_tag():
                # distinct() to drop the join duplicates, ordered by tag name for the index page
                return list(Article.objects.filter(tags__isnull=False).distinct().order_by("tags__name").values_list("title", flat=True))
        ''',
        "articles/tests.py": '''
            from django.test import TestCase
            from .models import Article, Tag
            from .services import tagged_articles_sorted_by_tag

            class IndexTests(TestCase):
                def test_article_listed_once(self):
                    a, b = Tag.objects.create(name="a-orm"), Tag.objects.create(name="b-web")
                    Article.objects.create(title="Django ORM").tags.add(a, b)
                    self.assertEqual(tagged_articles_sorted_by_tag(), ["Django ORM"])
        ''',
    }
    return K.make(U.dedent(files), mode="ci", cmd="python manage.py test", apps=("articles",))(ctx)


case(
    id="pydb-django-distinct-order-by-related-field", label="data.query.filter", shape="ci-timestamp",
    source="https://kaijuan.co/qa/10848809", source_kind="qa",
    cause="Fields used in order_by() are added to the SELECT, so ordering a distinct() queryset by a multi-valued related field makes the joined rows differ and the duplicates come back.",
    rationale="The index query calls distinct().order_by('tags__name'); the article with two tags is still listed twice, and the timestamped test log shows the duplicated title.",
    make=_django_distinct_order_related, libraries=("django",), framework="django", database="sqlite",
    expect=r"\['Django ORM', 'Django ORM'\] != \['Django ORM'\]",
)
