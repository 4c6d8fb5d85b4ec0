"""pyfill: logic.state situations (an identifier lost between calls, data never persisted)."""

from __future__ import annotations

import _django_kit as dj
from _pyfill_kit import FLASK, HARNESS_PY, PYTEST, STRUCTLOG_SETUP, UVICORN, d, pg, run, serve, with_server
from capture import Case

CASES: list[Case] = []


def case(**kw):
    kw.setdefault("language", "python")
    CASES.append(Case(**kw))


# --------------------------------------------------------------------------------------------------
# identifier_lost: a session key generated per worker process under gunicorn
# --------------------------------------------------------------------------------------------------
case(
    id="pyfill-flask-urandom-secret-key-gunicorn-workers",
    label="logic.state.identifier_lost",
    shape="harness-lines",
    source="https://boldena.com/article/502d8978-ed9f-4641-8bc0-d800625696ea/why-not-generate-the-secret-key-every-time-flask-starts",
    source_kind="blog",
    cause="Flask signs the session cookie with SECRET_KEY; a key generated with os.urandom at import time differs "
          "in every process that imports the app, so a cookie signed by one process is rejected by another and "
          "the session silently disappears.",
    rationale="app.py sets app.secret_key = os.urandom(32) and runs under gunicorn with two workers; the login "
              "answers 200 with a session cookie, but the follow-up GET /api/cart calls land on either worker and "
              "some come back 401 'not logged in' although the client sent the cookie every time.",
    make=with_server({
        "app.py": d('''
            import os

            from flask import Flask, jsonify, request, session

            app = Flask(__name__)
            app.secret_key = os.urandom(32)

            USERS = {"ana@shop.test": "hunter22"}
            CARTS = {"ana@shop.test": [{"sku": "MUG-01", "qty": 2}]}


            @app.post("/api/login")
            def login():
                data = request.get_json()
                if USERS.get(data.get("email")) != data.get("password"):
                    return jsonify(error="invalid credentials"), 401
                session["email"] = data["email"]
                return jsonify(ok=True, worker=os.getpid())


            @app.get("/api/cart")
            def cart():
                email = session.get("email")
                if email is None:
                    return jsonify(error="not logged in"), 401
                return jsonify(items=CARTS.get(email, []))
        '''),
        "harness.py": HARNESS_PY,
        "test_cart.py": d('''
            import requests
            from harness import Failed, expect_status, main, test, url

            @test
            def cart_survives_across_requests():
                s = requests.Session()
                r = s.post(url("/api/login"), json={"email": "ana@shop.test", "password": "hunter22"})
                expect_status(r, 200, "POST /api/login")
                failures = 0
                for attempt in range(1, 13):
                    r = s.get(url("/api/cart"), headers={"Connection": "close"})
                    try:
                        expect_status(r, 200, f"GET /api/cart (attempt {attempt})")
                    except Failed:
                        failures += 1
                if failures:
                    raise Failed("cart")

            main()
        '''),
    }, "exec gunicorn app:app --bind 127.0.0.1:$PORT --workers 2 --access-logfile -", "python test_cart.py"),
    code=("app.py",),
    libraries=("flask", "gunicorn", "requests"), framework="flask",
    expect=r"Expected 200 but got 401 for GET /api/cart",
)

# --------------------------------------------------------------------------------------------------
# not_persisted: sqlite ":memory:" opened per request
# --------------------------------------------------------------------------------------------------
case(
    id="pyfill-fastapi-sqlite-memory-connection-per-request",
    label="logic.state.not_persisted",
    shape="harness-lines",
    source="https://openillumi.com/en/en-sqlite3-in-memory-table-disappear-fix",
    source_kind="blog",
    cause="sqlite3.connect(':memory:') creates a new, private, empty database for each connection and discards "
          "it when the connection closes, so rows written through one connection are gone for the next one.",
    rationale="main.py opens sqlite3.connect(':memory:') inside every handler (get_db) and creates the table if "
              "missing; POST /api/todos answers 201 with an id, yet the next GET /api/todos, on a new connection, "
              "returns an empty list and the harness reports the count 0 instead of 1.",
    make=with_server({
        "main.py": d('''
            import sqlite3

            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI(title="Todo API")
            DB_PATH = ":memory:"


            def get_db():
                conn = sqlite3.connect(DB_PATH)
                conn.row_factory = sqlite3.Row
                conn.execute("CREATE TABLE IF NOT EXISTS todos (id INTEGER PRIMARY KEY, title TEXT NOT NULL, done INTEGER DEFAULT 0)")
                return conn


            class TodoIn(BaseModel):
                title: str


            @app.post("/api/todos", status_code=201)
            def create_todo(todo: TodoIn):
                conn = get_db()
                cur = conn.execute("INSERT INTO todos (title) VALUES (?)", (todo.title,))
                conn.commit()
                todo_id = cur.lastrowid
                conn.close()
                return {"id": todo_id, "title": todo.title, "done": False}


            @app.get("/api/todos")
            def list_todos():
                conn = get_db()
                rows = conn.execute("SELECT id, title, done FROM todos ORDER BY id").fetchall()
                conn.close()
                return [{"id": r["id"], "title": r["title"], "done": bool(r["done"])} for r in rows]
        '''),
        "harness.py": HARNESS_PY,
        "test_todos.py": d('''
            import requests
            from harness import expect_equal, expect_status, main, test, url

            @test
            def created_todo_is_listed():
                r = requests.post(url("/api/todos"), json={"title": "buy milk"})
                expect_status(r, 201, "POST /api/todos")
                r = requests.get(url("/api/todos"))
                expect_status(r, 200, "GET /api/todos")
                expect_equal(len(r.json()), 1, "todo count")

            main()
        '''),
    }, UVICORN, "python test_todos.py"),
    code=("main.py",),
    libraries=("fastapi", "uvicorn", "sqlite3", "requests"), framework="fastapi", database="sqlite",
    expect=r"Expected todo count to be 1 but got 0",
)

# --------------------------------------------------------------------------------------------------
# not_persisted: psycopg connection closed without commit (structlog JSON logs)
# --------------------------------------------------------------------------------------------------
case(
    id="pyfill-flask-psycopg-insert-never-committed",
    label="logic.state.not_persisted",
    shape="structlog-json",
    source="https://www.psycopg.org/psycopg3/docs/basic/transactions.html",
    source_kind="docs",
    cause="psycopg opens a transaction with the first statement on a connection; closing the connection "
          "without commit() discards everything the transaction wrote.",
    rationale="The create view inserts the article with RETURNING id and closes its psycopg connection without "
              "conn.commit(); the structlog JSON lines show article_created with an id, and then article_not_found "
              "for that same id on the next GET, which the harness reports as 404 instead of 200.",
    make=pg(with_server({
        "app.py": d('''
            import os

            import psycopg
            from flask import Flask, jsonify, request
            from psycopg.rows import dict_row

            from logconf import log

            DATABASE_URL = os.environ["DATABASE_URL"]
            app = Flask(__name__)

            with psycopg.connect(DATABASE_URL, autocommit=True) as setup:
                setup.execute(
                    "CREATE TABLE IF NOT EXISTS articles (id SERIAL PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL)"
                )


            def get_conn():
                return psycopg.connect(DATABASE_URL, row_factory=dict_row)


            @app.post("/api/articles")
            def create_article():
                data = request.get_json()
                conn = get_conn()
                row = conn.execute(
                    "INSERT INTO articles (title, body) VALUES (%s, %s) RETURNING id, title, body",
                    (data["title"], data["body"]),
                ).fetchone()
                conn.close()
                log.info("article_created", article_id=row["id"])
                return jsonify(row), 201


            @app.get("/api/articles/<int:article_id>")
            def get_article(article_id):
                with get_conn() as conn:
                    row = conn.execute("SELECT id, title, body FROM articles WHERE id = %s", (article_id,)).fetchone()
                if row is None:
                    log.warning("article_not_found", article_id=article_id)
                    return jsonify(error="article not found"), 404
                return jsonify(row)
        '''),
        "logconf.py": STRUCTLOG_SETUP,
        "harness.py": HARNESS_PY,
        "test_articles.py": d('''
            import requests
            from harness import expect_status, main, test, url

            @test
            def created_article_can_be_read_back():
                r = requests.post(url("/api/articles"), json={"title": "Hello", "body": "First post"})
                expect_status(r, 201, "POST /api/articles")
                article_id = r.json()["id"]
                r = requests.get(url(f"/api/articles/{article_id}"))
                expect_status(r, 200, f"GET /api/articles/{article_id}")

            main()
        '''),
    }, FLASK, "python test_articles.py")),
    code=("app.py", "logconf.py"),
    libraries=("flask", "psycopg", "structlog", "requests"), framework="flask", database="postgres",
    expect=r'"event": "article_not_found"',
)

# --------------------------------------------------------------------------------------------------
# not_persisted: SQLAlchemy Core connection without commit (the echo log shows ROLLBACK)
# --------------------------------------------------------------------------------------------------
case(
    id="pyfill-fastapi-sqlalchemy-core-connect-no-commit",
    label="logic.state.not_persisted",
    shape="pytest",
    source="https://sqlalchemy.org/docs/tutorial/dbapi_transactions.html",
    source_kind="docs",
    cause="In SQLAlchemy 2.0 a Connection works 'commit as you go': statements run inside a transaction that "
          "is rolled back when the connection is released unless Connection.commit() was called.",
    rationale="create_bookmark runs the INSERT in 'with engine.connect() as conn' and never calls conn.commit(); "
              "pytest's captured log shows BEGIN, INSERT and ROLLBACK from the engine echo, and the list endpoint "
              "returns no rows, so 'assert 0 == 1' fails.",
    make=run({
        "main.py": d('''
            from fastapi import FastAPI
            from pydantic import BaseModel
            from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine, insert, select

            engine = create_engine("sqlite:///./bookmarks.db", echo=True)
            metadata = MetaData()
            bookmarks = Table(
                "bookmarks", metadata,
                Column("id", Integer, primary_key=True),
                Column("url", String(500), nullable=False),
                Column("title", String(200), nullable=False),
            )
            metadata.create_all(engine)

            app = FastAPI()


            class BookmarkIn(BaseModel):
                url: str
                title: str


            @app.post("/api/bookmarks", status_code=201)
            def create_bookmark(payload: BookmarkIn):
                with engine.connect() as conn:
                    result = conn.execute(insert(bookmarks).values(url=payload.url, title=payload.title))
                    new_id = result.inserted_primary_key[0]
                return {"id": new_id, **payload.model_dump()}


            @app.get("/api/bookmarks")
            def list_bookmarks():
                with engine.connect() as conn:
                    rows = conn.execute(select(bookmarks).order_by(bookmarks.c.id)).mappings().all()
                return [dict(r) for r in rows]
        '''),
        "test_bookmarks.py": d('''
            from fastapi.testclient import TestClient

            from main import app

            client = TestClient(app)


            def test_created_bookmark_is_listed():
                r = client.post("/api/bookmarks", json={"url": "https://docs.python.org", "title": "Python docs"})
                assert r.status_code == 201
                r = client.get("/api/bookmarks")
                assert len(r.json()) == 1
        '''),
    }, PYTEST),
    code=("main.py",),
    libraries=("fastapi", "sqlalchemy", "pytest"), framework="fastapi", database="sqlite",
    expect=r"assert 0 == 1",
)

# --------------------------------------------------------------------------------------------------
# not_persisted: Django queryset indexed twice (two different instances)
# --------------------------------------------------------------------------------------------------
case(
    id="pyfill-django-queryset-index-save-lost",
    label="logic.state.not_persisted",
    shape="unittest",
    source="http://ansaurus.com/question/910287-django-objects-change-model-field",
    source_kind="qa",
    cause="Indexing an unevaluated Django QuerySet runs a new query each time and returns a new model instance, "
          "so qs[0].field = x followed by qs[0].save() saves a fresh, unchanged object and the change is lost.",
    rationale="The publish view does drafts[0].published = True and then drafts[0].save(); the second index "
              "fetches another instance, so the row stays unpublished and the Django test asserting "
              "published is True fails with 'False is not true' although the view answered 200.",
    make=dj.make({
        "articles/models.py": d('''
            from django.db import models


            class Article(models.Model):
                title = models.CharField(max_length=200)
                published = models.BooleanField(default=False)
                created_at = models.DateTimeField(auto_now_add=True)
        '''),
        "articles/views.py": d('''
            from django.http import JsonResponse
            from django.views.decorators.http import require_POST

            from .models import Article


            @require_POST
            def publish_oldest_draft(request):
                drafts = Article.objects.filter(published=False).order_by("created_at")
                if not drafts.exists():
                    return JsonResponse({"error": "no drafts"}, status=404)
                drafts[0].published = True
                drafts[0].save()
                return JsonResponse({"published": drafts[0].title if drafts else None})
        '''),
        "articles/urls.py": d('''
            from django.urls import path

            from . import views

            urlpatterns = [path("articles/publish-next/", views.publish_oldest_draft)]
        '''),
        "articles/tests.py": d('''
            from django.test import TestCase

            from .models import Article


            class PublishNextTests(TestCase):
                def test_publish_next_marks_the_oldest_draft_published(self):
                    first = Article.objects.create(title="First draft")
                    Article.objects.create(title="Second draft")
                    response = self.client.post("/api/articles/publish-next/")
                    self.assertEqual(response.status_code, 200)
                    first.refresh_from_db()
                    self.assertTrue(first.published)
        '''),
    }, mode="test", apps=("articles",)),
    code=("articles/models.py", "articles/views.py", "articles/urls.py", "config/settings.py"),
    libraries=("django",), framework="django", database="sqlite",
    expect=r"AssertionError: False is not true",
)

# --------------------------------------------------------------------------------------------------
# identifier_lost: path parameter is a str, the store is keyed by int
# --------------------------------------------------------------------------------------------------
case(
    id="pyfill-flask-path-id-str-vs-int-key",
    label="logic.state.identifier_lost",
    shape="status-line",
    source="https://www.cosmiclearn.com/flask/route-parameters.php",
    source_kind="blog",
    cause="A Flask route variable without a converter is passed to the view as a string, so looking it up in a "
          "dict keyed by integers never matches even though the id exists.",
    rationale="POST /api/items stores the item under the int id it returns (1), but the detail route is "
              "'/api/items/<item_id>' without <int:...>, so ITEMS.get('1') misses and the client gets 404 for the "
              "id it was just given.",
    make=serve({
        "app.py": d('''
            from itertools import count

            from flask import Flask, jsonify, request

            app = Flask(__name__)
            ITEMS = {}
            _ids = count(1)


            @app.post("/api/items")
            def create_item():
                data = request.get_json()
                item_id = next(_ids)
                ITEMS[item_id] = {"id": item_id, "name": data["name"], "price": data["price"]}
                return jsonify(ITEMS[item_id]), 201


            @app.get("/api/items/<item_id>")
            def get_item(item_id):
                item = ITEMS.get(item_id)
                if item is None:
                    return jsonify(error=f"item {item_id} not found"), 404
                return jsonify(item)
        '''),
    }, FLASK, [
        {"method": "POST", "path": "/api/items", "json": {"name": "Desk lamp", "price": 24.5}},
        {"method": "GET", "path": "/api/items/1"},
    ]),
    code=("app.py",),
    libraries=("flask",), framework="flask",
    expect=r"GET /api/items/1 -> 404 NOT FOUND",
)

# --------------------------------------------------------------------------------------------------
# identifier_lost: lastrowid read from a fresh cursor
# --------------------------------------------------------------------------------------------------
case(
    id="pyfill-flask-sqlite3-lastrowid-other-cursor",
    label="logic.state.identifier_lost",
    shape="pytest",
    source="https://openillumi.com/en/en-python-sqlite-insert-id-lastrowid",
    source_kind="blog",
    cause="cursor.lastrowid belongs to the cursor that executed the INSERT; Connection.execute uses its own "
          "temporary cursor, so reading lastrowid from a newly created cursor gives None instead of the new id.",
    rationale="register() runs db.execute('INSERT ...') and then takes db.cursor().lastrowid, a brand-new cursor "
              "that executed nothing; the response carries id None and pytest's check on the returned id fails "
              "with 'assert None is not None'.",
    make=run({
        "app.py": d('''
            import sqlite3

            from flask import Flask, g, jsonify, request

            DATABASE = "users.db"
            app = Flask(__name__)


            def get_db():
                if "db" not in g:
                    g.db = sqlite3.connect(DATABASE)
                    g.db.row_factory = sqlite3.Row
                    g.db.execute("CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY AUTOINCREMENT, email TEXT UNIQUE, name TEXT)")
                return g.db


            @app.teardown_appcontext
            def close_db(exc):
                db = g.pop("db", None)
                if db is not None:
                    db.close()


            @app.post("/api/users")
            def register():
                data = request.get_json()
                db = get_db()
                db.execute("INSERT INTO users (email, name) VALUES (?, ?)", (data["email"], data["name"]))
                db.commit()
                user_id = db.cursor().lastrowid
                return jsonify(id=user_id, email=data["email"], name=data["name"]), 201


            @app.get("/api/users/<int:user_id>")
            def get_user(user_id):
                row = get_db().execute("SELECT id, email, name FROM users WHERE id = ?", (user_id,)).fetchone()
                if row is None:
                    return jsonify(error="user not found"), 404
                return jsonify(dict(row))
        '''),
        "test_users.py": d('''
            from app import app


            def test_register_returns_the_new_id():
                client = app.test_client()
                r = client.post("/api/users", json={"email": "lea@example.com", "name": "Lea"})
                assert r.status_code == 201
                body = r.get_json()
                assert body["id"] is not None
                assert client.get(f"/api/users/{body['id']}").status_code == 200
        '''),
    }, PYTEST),
    code=("app.py",),
    libraries=("flask", "sqlite3", "pytest"), framework="flask", database="sqlite",
    expect=r"assert None is not None",
)

# --------------------------------------------------------------------------------------------------
# identifier_lost: pydantic default=uuid4() evaluated once (honcho-prefixed server lines)
# --------------------------------------------------------------------------------------------------
case(
    id="pyfill-fastapi-pydantic-uuid-default-shared",
    label="logic.state.identifier_lost",
    shape="compose-prefix",
    source="https://github.com/yash0307jain/pydantic-youtube",
    source_kind="blog",
    cause="A field default written as uuid4() is computed once when the model class is defined, so every "
          "instance gets the same id; a per-instance value needs Field(default_factory=uuid4).",
    rationale="Note.id is declared 'id: UUID = uuid4()'; both POST /api/notes calls return the same id, the second "
              "overwrites the first in the NOTES dict, and GET /api/notes lists one note where the harness "
              "expects two; the honcho web.1 lines only show 201 and 200 access lines.",
    make=with_server({
        "Procfile": "web: python -m uvicorn main:app --host 127.0.0.1 --port $PORT\n",
        "main.py": d('''
            from uuid import UUID, uuid4

            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI(title="Notes")


            class NoteIn(BaseModel):
                title: str
                body: str = ""


            class Note(NoteIn):
                id: UUID = uuid4()


            NOTES: dict[UUID, Note] = {}


            @app.post("/api/notes", status_code=201, response_model=Note)
            def create_note(payload: NoteIn):
                note = Note(**payload.model_dump())
                NOTES[note.id] = note
                return note


            @app.get("/api/notes", response_model=list[Note])
            def list_notes():
                return list(NOTES.values())
        '''),
        "harness.py": HARNESS_PY,
        "test_notes.py": d('''
            import requests
            from harness import expect_equal, expect_status, main, test, url

            @test
            def two_notes_are_both_listed():
                for title in ("groceries", "call the bank"):
                    r = requests.post(url("/api/notes"), json={"title": title})
                    expect_status(r, 201, f"POST /api/notes ({title})")
                r = requests.get(url("/api/notes"))
                expect_status(r, 200, "GET /api/notes")
                expect_equal(len(r.json()), 2, "note count")

            main()
        '''),
    }, "exec honcho start --no-colour -p $PORT", "python test_notes.py", env={"PYTHONUNBUFFERED": "1"}),
    code=("main.py",),
    libraries=("fastapi", "pydantic", "uvicorn", "honcho", "requests"), framework="fastapi",
    expect=r"Expected note count to be 2 but got 1",
)

# --------------------------------------------------------------------------------------------------
# not_persisted: SQLAlchemy ORM flush without commit in a request-scoped session
# --------------------------------------------------------------------------------------------------
case(
    id="pyfill-fastapi-sqlalchemy-flush-without-commit",
    label="logic.state.not_persisted",
    shape="uvicorn",
    source="https://docs.sqlalchemy.org/en/20/orm/session_basics.html",
    source_kind="docs",
    cause="Session.flush() sends the INSERT inside the session's open transaction (which is why the new primary "
          "key is already known) but does not commit; closing the session rolls the transaction back.",
    rationale="create_order does db.add(order); db.flush() to get order.id and returns it, while the get_db "
              "dependency only closes the session; the uvicorn log shows 201 for the POST and 404 for the GET "
              "of that id, and the harness prints 'Expected 200 but got 404'.",
    make=with_server({
        "main.py": d('''
            from fastapi import Depends, FastAPI, HTTPException
            from pydantic import BaseModel
            from sqlalchemy import String, create_engine
            from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker

            engine = create_engine("sqlite:///./orders.db", connect_args={"check_same_thread": False})
            SessionLocal = sessionmaker(bind=engine, autoflush=False)


            class Base(DeclarativeBase):
                pass


            class Order(Base):
                __tablename__ = "orders"
                id: Mapped[int] = mapped_column(primary_key=True)
                customer: Mapped[str] = mapped_column(String(100))
                total_cents: Mapped[int]


            Base.metadata.create_all(engine)
            app = FastAPI()


            def get_db():
                db = SessionLocal()
                try:
                    yield db
                finally:
                    db.close()


            class OrderIn(BaseModel):
                customer: str
                total_cents: int


            @app.post("/api/orders", status_code=201)
            def create_order(payload: OrderIn, db: Session = Depends(get_db)):
                order = Order(customer=payload.customer, total_cents=payload.total_cents)
                db.add(order)
                db.flush()
                return {"id": order.id, "customer": order.customer, "total_cents": order.total_cents}


            @app.get("/api/orders/{order_id}")
            def get_order(order_id: int, db: Session = Depends(get_db)):
                order = db.get(Order, order_id)
                if order is None:
                    raise HTTPException(status_code=404, detail="Order not found")
                return {"id": order.id, "customer": order.customer, "total_cents": order.total_cents}
        '''),
        "harness.py": HARNESS_PY,
        "test_orders.py": d('''
            import requests
            from harness import expect_status, main, test, url

            @test
            def created_order_can_be_fetched():
                r = requests.post(url("/api/orders"), json={"customer": "Ines", "total_cents": 4599})
                expect_status(r, 201, "POST /api/orders")
                order_id = r.json()["id"]
                r = requests.get(url(f"/api/orders/{order_id}"))
                expect_status(r, 200, f"GET /api/orders/{order_id}")

            main()
        '''),
    }, UVICORN, "python test_orders.py"),
    code=("main.py",),
    libraries=("fastapi", "sqlalchemy", "uvicorn", "requests"), framework="fastapi", database="sqlite",
    expect=r"GET /api/orders/1 HTTP/1.1\" 404",
)
