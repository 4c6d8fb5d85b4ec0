"""Python API backends (Flask, FastAPI/Starlette, Django, aiohttp; SQLAlchemy, psycopg, sqlite3, asyncpg;
PyJWT, passlib, bcrypt, pydantic, email-validator): version incompatibilities, syntax and entry-point
failures, state and business-logic slips, serialization errors, and library objects used wrongly.

Every program below is our own minimal reconstruction of a situation a public page reports; the
captured text is what the run printed. Helpers: ``_pyweb_helpers.py`` and ``_pyapi_kit.py``.
"""

from __future__ import annotations

import _django_kit as dj
from _pyapi_kit import JSON_LOG, serve_cookies
from _pyweb_helpers import FLASK, GUNICORN, PYTEST, UVICORN, d, fence, hide_packages, html_pre, run, serve, ts_cmd
from capture import Case

CASES: list[Case] = []


def case(**kw):
    kw.setdefault("language", "python")
    CASES.append(Case(**kw))


# --------------------------------------------------------------------------------------------------
# startup.dependency.incompatible
# --------------------------------------------------------------------------------------------------

case(
    id="pyapi-flask3-before-first-request-gunicorn",
    label="startup.dependency.incompatible",
    shape="gunicorn",
    source="https://taourl.com/read-2301586.html",
    source_kind="qa",
    cause="The before_first_request hook was deprecated in Flask 2.2 and removed in 2.3; code that still "
          "decorates a setup function with it fails as soon as the module is imported on a current Flask.",
    rationale="app.py decorates its seeding function with @app.before_first_request; under Flask 3.1 the "
              "gunicorn worker dies importing app.py with AttributeError: 'Flask' object has no attribute "
              "'before_first_request', a removed framework API rather than a project name.",
    make=serve({
        "app.py": d('''
            from flask import Flask, jsonify

            app = Flask(__name__)
            TAGS = []

            @app.before_first_request
            def seed_tags():
                TAGS.extend(["dragons", "training"])

            @app.get("/api/tags")
            def list_tags():
                return jsonify(tags=TAGS)
        '''),
    }, f"{GUNICORN} app:app", [{"method": "GET", "path": "/api/tags"}], startup=8),
    libraries=("flask", "gunicorn"), framework="flask",
    expect=r"AttributeError: 'Flask' object has no attribute 'before_first_request'",
)

case(
    id="pyapi-flask-send-file-attachment-filename",
    label="startup.dependency.incompatible",
    shape="werkzeug",
    source="https://checklist.day/registry/Flask",
    source_kind="docs",
    cause="Flask 2.0 renamed send_file's attachment_filename parameter to download_name and later "
          "removed the old name; a call that still passes attachment_filename raises TypeError.",
    rationale="The CSV export view calls send_file(..., attachment_filename='articles.csv'); the dev "
              "server logs TypeError: send_file() got an unexpected keyword argument 'attachment_filename' "
              "from a Flask function whose signature changed between versions.",
    make=serve({
        "app.py": d('''
            import csv
            import io
            from flask import Flask, send_file

            app = Flask(__name__)
            ARTICLES = [{"slug": "how-to-train", "title": "How to train"}]

            @app.get("/api/articles/export")
            def export_articles():
                buf = io.StringIO()
                writer = csv.DictWriter(buf, fieldnames=["slug", "title"])
                writer.writeheader()
                writer.writerows(ARTICLES)
                data = io.BytesIO(buf.getvalue().encode())
                return send_file(data, mimetype="text/csv", as_attachment=True,
                                 attachment_filename="articles.csv")
        '''),
    }, FLASK, [{"method": "GET", "path": "/api/articles/export"}]),
    libraries=("flask",), framework="flask",
    expect=r"TypeError: send_file\(\) got an unexpected keyword argument 'attachment_filename'",
)

case(
    id="pyapi-flask3-json-encoder-attribute-ignored",
    label="startup.dependency.incompatible",
    shape="werkzeug",
    source="https://checklist.day/registry/Flask",
    source_kind="docs",
    cause="Flask 3.0 removed the app.json_encoder hook in favour of JSON providers (app.json); assigning a "
          "custom encoder class to app.json_encoder no longer has any effect, so the types it handled are "
          "not serializable any more.",
    rationale="app.py sets app.json_encoder = ApiEncoder (which knows Money) and jsonify then fails with "
              "TypeError: Object of type Money is not JSON serializable; the encoder exists but the Flask "
              "version no longer reads that attribute, so the upstream cause is the removed API.",
    make=serve({
        "app.py": d('''
            import json
            from decimal import Decimal
            from flask import Flask, jsonify

            class Money:
                def __init__(self, amount, currency):
                    self.amount = Decimal(amount)
                    self.currency = currency

            class ApiEncoder(json.JSONEncoder):
                def default(self, o):
                    if isinstance(o, Money):
                        return {"amount": str(o.amount), "currency": o.currency}
                    return super().default(o)

            app = Flask(__name__)
            app.json_encoder = ApiEncoder

            @app.get("/api/orders/<int:order_id>")
            def get_order(order_id):
                return jsonify(order={"id": order_id, "total": Money("19.90", "EUR")})
        '''),
    }, FLASK, [{"method": "GET", "path": "/api/orders/7"}]),
    libraries=("flask",), framework="flask",
    expect=r"TypeError: Object of type Money is not JSON serializable",
)

case(
    id="pyapi-sqla2-engine-execute-removed",
    label="startup.dependency.incompatible",
    shape="uvicorn",
    source="https://openillumi.com/sqlalchemy-2-0-engine-execute-error-fix",
    source_kind="blog",
    cause="SQLAlchemy 2.0 removed Engine.execute(); statements must be run on a Connection obtained from "
          "engine.connect() or engine.begin().",
    rationale="The tags route calls engine.execute('SELECT ...') in 1.x style; on SQLAlchemy 2.0.36 "
              "uvicorn logs AttributeError: 'Engine' object has no attribute 'execute' for a library "
              "object, not a project attribute.",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI
            from sqlalchemy import create_engine

            engine = create_engine("sqlite:///./app.db")
            app = FastAPI()

            @app.get("/api/tags")
            def list_tags():
                rows = engine.execute("SELECT DISTINCT name FROM tags ORDER BY name").fetchall()
                return {"tags": [r[0] for r in rows]}
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/tags"}]),
    libraries=("fastapi", "sqlalchemy", "uvicorn"), framework="fastapi", database="sqlite",
    expect=r"AttributeError: 'Engine' object has no attribute 'execute'",
)

case(
    id="pyapi-sqla2-select-list-argument",
    label="startup.dependency.incompatible",
    shape="pytest",
    source="https://groups.google.com/d/msgid/sqlalchemy/d6216602-9827-432d-bac1-94f7290d3992n%40googlegroups.com",
    source_kind="qa",
    cause="select() no longer accepts a list of columns or entities in SQLAlchemy 2.0 (the legacy "
          "select([..]) calling form was removed); the entities must be passed positionally.",
    rationale="The repository builds select([User]).where(...) in 1.3 style; the pytest run fails with "
              "sqlalchemy.exc.ArgumentError ... got [<class 'models.User'>]. Did you mean to say "
              "select(...)? -- an API removed between library versions.",
    make=run({
        "models.py": d('''
            from sqlalchemy import Column, Integer, String, create_engine
            from sqlalchemy.orm import declarative_base, sessionmaker

            Base = declarative_base()
            engine = create_engine("sqlite://")
            SessionLocal = sessionmaker(bind=engine)

            class User(Base):
                __tablename__ = "users"
                id = Column(Integer, primary_key=True)
                email = Column(String, unique=True)
                username = Column(String)
        '''),
        "repo.py": d('''
            from sqlalchemy import select
            from models import User

            def find_by_email(session, email):
                stmt = select([User]).where(User.email == email)
                return session.execute(stmt).scalars().first()
        '''),
        "test_repo.py": d('''
            from models import Base, SessionLocal, User, engine
            from repo import find_by_email

            def test_find_by_email():
                Base.metadata.create_all(engine)
                with SessionLocal() as s:
                    s.add(User(email="jane@example.com", username="jane"))
                    s.commit()
                    assert find_by_email(s, "jane@example.com").username == "jane"
        '''),
    }, PYTEST),
    libraries=("sqlalchemy", "pytest"), database="sqlite",
    expect=r"ArgumentError: Column expression, FROM clause, or other columns clause element expected, got \[",
)

case(
    id="pyapi-django4-ugettext-lazy-honcho",
    label="startup.dependency.incompatible",
    shape="compose-prefix",
    source="https://openillumi.com/django4-ugettext-lazy-fix",
    source_kind="blog",
    cause="Django 4.0 removed the u-prefixed translation aliases (ugettext, ugettext_lazy, ...); code "
          "written for Django 3 that imports them fails with ImportError.",
    rationale="articles/models.py imports ugettext_lazy from django.utils.translation; under honcho the "
              "web.1 runserver process dies during the system check with ImportError: cannot import name "
              "'ugettext_lazy' from 'django.utils.translation' -- a library name gone in Django 5.1.",
    make=dj.make({
        "articles/models.py": d('''
            from django.db import models
            from django.utils.translation import ugettext_lazy as _

            class Article(models.Model):
                title = models.CharField(_("title"), max_length=200)
                slug = models.SlugField(_("slug"), unique=True)
        '''),
    }, mode="honcho", migrate_apps=None, requests=[{"method": "GET", "path": "/api/articles/"}]),
    libraries=("django", "honcho"), framework="django", database="sqlite",
    expect=r"cannot import name 'ugettext_lazy' from 'django.utils.translation'",
)

case(
    id="pyapi-pydantic2-root-validator-skip-on-failure",
    label="startup.dependency.incompatible",
    shape="uvicorn",
    source="https://blog.csdn.net/robator/article/details/144855127",
    source_kind="blog",
    cause="Pydantic 2 only keeps @root_validator as a deprecated shim that refuses the v1 default "
          "(pre=False without skip_on_failure=True); v1-style model code raises PydanticUserError when "
          "the class is defined.",
    rationale="schemas.py checks the two passwords with a bare @root_validator; uvicorn cannot import "
              "main because defining the schema raises pydantic.errors.PydanticUserError: If you use "
              "`@root_validator` with pre=False ... you MUST specify `skip_on_failure=True`.",
    make=serve({
        "schemas.py": d('''
            from pydantic import BaseModel, root_validator

            class Register(BaseModel):
                username: str
                password: str
                password_confirm: str

                @root_validator
                def passwords_match(cls, values):
                    if values.get("password") != values.get("password_confirm"):
                        raise ValueError("passwords do not match")
                    return values
        '''),
        "main.py": d('''
            from fastapi import FastAPI
            from schemas import Register

            app = FastAPI()

            @app.post("/api/users", status_code=201)
            def register(body: Register):
                return {"user": {"username": body.username}}
        '''),
    }, UVICORN, [{"method": "POST", "path": "/api/users", "json": {"username": "jane", "password": "a", "password_confirm": "a"}}],
        startup=8),
    libraries=("pydantic", "fastapi", "uvicorn"), framework="fastapi",
    expect=r"PydanticUserError: If you use `@root_validator` with pre=False",
)

# --------------------------------------------------------------------------------------------------
# logic.state
# --------------------------------------------------------------------------------------------------

case(
    id="pyapi-flask-session-nested-list-not-saved",
    label="logic.state.not_persisted",
    shape="status-line",
    source="https://qiita.com/choshicure/items/88a65f0d99da8f2d4960",
    source_kind="blog",
    cause="Flask's cookie session only notices assignments to its own keys; appending to a list stored "
          "in the session mutates it in place without marking the session modified, so the change is "
          "never written back to the cookie.",
    rationale="The favourite route appends the slug to session['favorites']; the second POST answers "
              "with both slugs but the following GET (same cookie jar) lists only the first, because the "
              "append was never persisted.",
    make=serve_cookies({
        "app.py": d('''
            from flask import Flask, session

            app = Flask(__name__)
            app.secret_key = "dev-not-secret"

            @app.post("/api/articles/<slug>/favorite")
            def favorite(slug):
                favorites = session.setdefault("favorites", [])
                if slug not in favorites:
                    favorites.append(slug)
                return {"favorites": favorites}

            @app.get("/api/user/favorites")
            def my_favorites():
                return {"favorites": session.get("favorites", [])}
        '''),
    }, FLASK, [
        {"method": "POST", "path": "/api/articles/how-to-train/favorite"},
        {"method": "POST", "path": "/api/articles/dragons-101/favorite"},
        {"method": "GET", "path": "/api/user/favorites"},
    ]),
    libraries=("flask",), framework="flask",
    expect=r'GET /api/user/favorites -> 200 OK\n\{"favorites":\["how-to-train"\]\}',
)

# --------------------------------------------------------------------------------------------------
# data.orm.api_misuse / framework.wiring.request_response (library objects used wrongly)
# --------------------------------------------------------------------------------------------------

case(
    id="pyapi-sqla-execute-first-row-not-entity",
    label="data.orm.api_misuse",
    shape="gunicorn",
    source="https://mortalapps.com/python/databases/querying-with-select/",
    source_kind="blog",
    cause="session.execute(select(Model)) yields Row tuples whose single element is the entity; reading "
          "model attributes from the row needs .scalars() (or scalar_one/first on scalars) first.",
    rationale="The profile view takes session.execute(select(User)...).first() and reads .username on it; "
              "gunicorn logs a bare AttributeError: username raised by SQLAlchemy's Row, a library result "
              "object, not a missing field of the project's model.",
    make=serve({
        "app.py": d('''
            from flask import Flask, abort
            from sqlalchemy import Column, Integer, String, create_engine, select
            from sqlalchemy.orm import Session, declarative_base

            Base = declarative_base()

            class User(Base):
                __tablename__ = "users"
                id = Column(Integer, primary_key=True)
                username = Column(String, unique=True)
                bio = Column(String, default="")

            engine = create_engine("sqlite:///./app.db")
            Base.metadata.create_all(engine)
            with Session(engine) as s:
                if not s.scalar(select(User).where(User.username == "jane")):
                    s.add(User(username="jane", bio="hi"))
                    s.commit()

            app = Flask(__name__)

            @app.get("/api/profiles/<username>")
            def profile(username):
                with Session(engine) as s:
                    user = s.execute(select(User).where(User.username == username)).first()
                    if user is None:
                        abort(404)
                    return {"profile": {"username": user.username, "bio": user.bio}}
        '''),
    }, f"{GUNICORN} app:app", [{"method": "GET", "path": "/api/profiles/jane"}]),
    libraries=("flask", "sqlalchemy", "gunicorn"), framework="flask", database="sqlite",
    expect=r"AttributeError: username",
)

# --------------------------------------------------------------------------------------------------
# startup.syntax
# --------------------------------------------------------------------------------------------------

case(
    id="pyapi-await-in-sync-flask-view",
    label="startup.syntax",
    shape="werkzeug",
    source="https://taourl.com/read-2951819.html",
    source_kind="qa",
    cause="await is only valid inside an async def function; using it in a plain def is a compile-time "
          "SyntaxError, so the module cannot even be imported.",
    rationale="The Flask view is a plain def but awaits the async mailer; `flask run` cannot import app.py "
              "and prints SyntaxError: 'await' outside async function pointing at the line.",
    make=run({
        "mailer.py": d('''
            import asyncio

            async def send_welcome(email: str) -> None:
                await asyncio.sleep(0)
        '''),
        "app.py": d('''
            from flask import Flask, request
            from mailer import send_welcome

            app = Flask(__name__)

            @app.post("/api/users")
            def register():
                user = request.get_json()["user"]
                await send_welcome(user["email"])
                return {"user": {"email": user["email"], "username": user["username"]}}, 201
        '''),
    }, f"timeout 10 {FLASK}", env={"PORT": "5999"}),
    libraries=("flask",), framework="flask",
    expect=r"SyntaxError: 'await' outside async function",
)

# --------------------------------------------------------------------------------------------------
# startup.entrypoint
# --------------------------------------------------------------------------------------------------

case(
    id="pyapi-python-app-py-without-run-call",
    label="startup.entrypoint.run_script",
    shape="status-line",
    source="https://openillumi.com/en/en-flask-deploy-wsgi-app-run-is-it-needed",
    source_kind="blog",
    cause="Running a Flask module directly only starts a server if the script calls app.run() (usually under "
          "if __name__ == '__main__'); without that block `python app.py` defines the app and exits.",
    rationale="The start command is `python app.py` but app.py never calls app.run(); the process exits "
              "silently with status 0 and every client request finds nothing listening on the port.",
    make=serve({
        "app.py": d('''
            from flask import Flask, jsonify

            app = Flask(__name__)

            @app.get("/api/health")
            def health():
                return jsonify(status="ok")

            @app.get("/api/tags")
            def tags():
                return jsonify(tags=["dragons", "training"])
        '''),
    }, "python app.py; echo \"app.py exited with status $?\"", [{"method": "GET", "path": "/api/health"}, {"method": "GET", "path": "/api/tags"}],
        startup=4),
    libraries=("flask",), framework="flask",
    expect=r"GET /api/health -> no response",
)

case(
    id="pyapi-gunicorn-factory-not-called",
    label="startup.entrypoint.app_object",
    shape="gunicorn",
    source="https://makemeengr.com/gunicorn-cant-find-app-when-name-changed-from-application",
    source_kind="qa",
    cause="Gunicorn's APP_MODULE must name the WSGI application; an app factory has to be called in the "
          "spec ('module:create_app()'), otherwise gunicorn serves the factory function itself as the app.",
    rationale="The start command is `gunicorn app:create_app` without parentheses; the worker boots but "
              "every request calls create_app(environ, start_response) and gunicorn logs TypeError: "
              "create_app() takes 0 positional arguments but 2 were given -- the entry point, not a "
              "project function signature.",
    make=serve({
        "app.py": d('''
            from flask import Flask, jsonify

            def create_app():
                app = Flask(__name__)

                @app.get("/api/tags")
                def tags():
                    return jsonify(tags=["dragons", "training"])

                return app
        '''),
    }, f"{GUNICORN} app:create_app", [{"method": "GET", "path": "/api/tags"}]),
    libraries=("flask", "gunicorn"), framework="flask",
    expect=r"create_app\(\) takes 0 positional arguments but 2 were given",
)

# --------------------------------------------------------------------------------------------------
# library objects used wrongly
# --------------------------------------------------------------------------------------------------

case(
    id="pyapi-fastapi-fileresponse-bytesio",
    label="framework.wiring.request_response",
    shape="uvicorn",
    source="https://openillumi.com/en/en-fastapi-s3-pdf-response-fix",
    source_kind="blog",
    cause="Starlette's FileResponse serves a file from a filesystem path; content that is already in memory "
          "(a BytesIO buffer or bytes) has to be returned with a plain Response (or streamed) instead.",
    rationale="The invoice route builds the PDF in an io.BytesIO and returns FileResponse(buffer, ...); "
              "uvicorn logs TypeError: stat: path should be string, bytes, os.PathLike or integer, not "
              "BytesIO from inside starlette's FileResponse, a library response object given the wrong kind "
              "of content.",
    make=serve({
        "main.py": d('''
            import io
            from fastapi import FastAPI
            from fastapi.responses import FileResponse

            app = FastAPI()

            def render_invoice(order_id: int) -> bytes:
                return b"%PDF-1.4\\n% invoice " + str(order_id).encode() + b"\\n%%EOF\\n"

            @app.get("/api/orders/{order_id}/invoice")
            async def invoice(order_id: int):
                buffer = io.BytesIO(render_invoice(order_id))
                buffer.seek(0)
                return FileResponse(buffer, media_type="application/pdf", filename=f"invoice-{order_id}.pdf")
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/orders/7/invoice"}]),
    libraries=("fastapi", "starlette", "uvicorn"), framework="fastapi",
    expect=r"TypeError: stat: path should be string, bytes, os.PathLike or integer, not BytesIO",
)

case(
    id="pyapi-django-instance-update-method",
    label="data.orm.api_misuse",
    shape="django-debug-page",
    source="https://wiki.gubat.org/content/stackoverflow.com_en_all_2023-11/questions/30449960/django-save-vs-update-to-update-the-database",
    source_kind="qa",
    cause="update() is a QuerySet (and Manager) method that issues one UPDATE; a model instance returned by "
          "get() has no update() and is changed by setting attributes and calling save().",
    rationale="The profile PUT view does Article.objects.get(slug=...).update(title=...); the DEBUG page "
              "shows AttributeError: 'Article' object has no attribute 'update' -- an ORM method called on "
              "the wrong kind of ORM object, not a missing project field.",
    make=dj.make({
        "articles/models.py": d('''
            from django.db import models

            class Article(models.Model):
                slug = models.SlugField(unique=True)
                title = models.CharField(max_length=200)
                body = models.TextField(default="")
        '''),
        "articles/views.py": d('''
            import json
            from django.http import JsonResponse
            from django.views.decorators.csrf import csrf_exempt
            from .models import Article

            @csrf_exempt
            def article_detail(request, slug):
                if request.method == "PUT":
                    data = json.loads(request.body)["article"]
                    Article.objects.get(slug=slug).update(**data)
                article = Article.objects.get(slug=slug)
                return JsonResponse({"article": {"slug": article.slug, "title": article.title}})
        '''),
        "articles/urls.py": d('''
            from django.urls import path
            from . import views

            urlpatterns = [path("articles/<slug:slug>", views.article_detail)]
        '''),
    }, mode="page-text", apps=("articles",),
        setup=dj.shell("from articles.models import Article; Article.objects.create(slug='how-to-train', title='How to train')"),
        requests=[{"method": "PUT", "path": "/api/articles/how-to-train", "json": {"article": {"title": "Updated"}}}]),
    libraries=("django",), framework="django", database="sqlite",
    expect=r"'Article' object has no attribute 'update'",
)

# --------------------------------------------------------------------------------------------------
# logic.business / logic.state
# --------------------------------------------------------------------------------------------------

case(
    id="pyapi-flask-errorhandler-exception-swallows-404",
    label="logic.business.status_code",
    shape="status-line",
    source="https://docs.mewrite.jp/errors/python/flask-errorhandler-catches-404",
    source_kind="blog",
    cause="A Flask handler registered for Exception also receives HTTPExceptions such as NotFound raised by "
          "abort(404) or the router; unless it passes them through, every client error is turned into 500.",
    rationale="app.py registers @app.errorhandler(Exception) returning 500 for everything; GET of an unknown "
              "article (abort(404)) and of an unknown path both answer 500 with the generic error body where "
              "the spec expects 404.",
    make=serve({
        "app.py": d('''
            from flask import Flask, abort, jsonify

            app = Flask(__name__)
            ARTICLES = {"how-to-train": {"slug": "how-to-train", "title": "How to train"}}

            @app.errorhandler(Exception)
            def handle_error(err):
                app.logger.error("request failed: %r", err)
                return jsonify(errors={"body": ["internal error"]}), 500

            @app.get("/api/articles/<slug>")
            def get_article(slug):
                article = ARTICLES.get(slug)
                if article is None:
                    abort(404)
                return jsonify(article=article)
        '''),
    }, FLASK, [
        {"method": "GET", "path": "/api/articles/how-to-train"},
        {"method": "GET", "path": "/api/articles/no-such-article"},
        {"method": "GET", "path": "/api/no-such-route"},
    ]),
    libraries=("flask", "werkzeug"), framework="flask",
    expect=r"GET /api/articles/no-such-article -> 500 INTERNAL SERVER ERROR",
)

case(
    id="pyapi-flask-sqlite3-insert-without-commit",
    label="logic.state.not_persisted",
    shape="pytest",
    source="http://xania.org/200711/python-sqlite-gotcha",
    source_kind="blog",
    cause="Python's sqlite3 opens a transaction implicitly before INSERT/UPDATE/DELETE; if the connection is "
          "closed without commit(), the transaction is rolled back and the write is lost.",
    rationale="The create route inserts the article on a per-request connection and closes it without "
              "commit(); the POST answers 201 but the test's follow-up GET on a fresh connection gets 404, "
              "which pytest reports as an assertion on the status code.",
    make=run({
        "app.py": d('''
            import sqlite3
            from flask import Flask, g, jsonify, request

            app = Flask(__name__)
            app.config["DATABASE"] = "app.db"

            def db():
                if "db" not in g:
                    g.db = sqlite3.connect(app.config["DATABASE"])
                    g.db.row_factory = sqlite3.Row
                return g.db

            @app.teardown_appcontext
            def close_db(exc):
                conn = g.pop("db", None)
                if conn is not None:
                    conn.close()

            def init_db():
                conn = sqlite3.connect(app.config["DATABASE"])
                conn.execute("CREATE TABLE IF NOT EXISTS articles (slug TEXT PRIMARY KEY, title TEXT NOT NULL)")
                conn.close()

            @app.post("/api/articles")
            def create_article():
                data = request.get_json()["article"]
                slug = data["title"].lower().replace(" ", "-")
                db().execute("INSERT INTO articles (slug, title) VALUES (?, ?)", (slug, data["title"]))
                return jsonify(article={"slug": slug, "title": data["title"]}), 201

            @app.get("/api/articles/<slug>")
            def get_article(slug):
                row = db().execute("SELECT slug, title FROM articles WHERE slug = ?", (slug,)).fetchone()
                if row is None:
                    return jsonify(errors={"article": ["not found"]}), 404
                return jsonify(article=dict(row))
        '''),
        "test_articles.py": d('''
            import app as server

            def test_create_then_read(tmp_path):
                server.app.config["DATABASE"] = str(tmp_path / "test.db")
                server.init_db()
                client = server.app.test_client()
                created = client.post("/api/articles", json={"article": {"title": "How to train"}})
                assert created.status_code == 201
                slug = created.get_json()["article"]["slug"]
                fetched = client.get(f"/api/articles/{slug}")
                assert fetched.status_code == 200, fetched.get_json()
        '''),
    }, PYTEST),
    libraries=("flask", "sqlite3", "pytest"), framework="flask", database="sqlite",
    expect=r"AssertionError: \{'errors': \{'article': \['not found'\]\}\}",
)

case(
    id="pyapi-aiohttp-asyncpg-execute-status-as-id",
    label="logic.state.identifier_lost",
    shape="aiohttp",
    source="https://tessl.io/registry/tessl/pypi-asyncpg/0.30.0/files/docs/query-execution.md",
    source_kind="docs",
    cause="asyncpg's Connection.execute() returns the command status string (such as 'INSERT 0 1'), not rows; "
          "a value from INSERT ... RETURNING must be read with fetchval()/fetchrow().",
    rationale="The create handler takes `await conn.execute('INSERT ... RETURNING id')` as the new id, so the "
              "201 body carries id 'INSERT 0 1' and the follow-up GET to /api/comments/INSERT%200%201 gets "
              "404: the identifier is lost between the two steps.",
    make=None,  # set below (needs a PostgreSQL server)
    libraries=("aiohttp", "asyncpg"), framework="aiohttp", database="postgres",
    expect=r'"id": "INSERT 0 1"',
)


def _asyncpg_status_as_id(ctx):
    import urllib.parse

    from capture import postgres
    ctx.write({"app.py": d('''
        import os
        import asyncpg
        from aiohttp import web

        async def on_startup(app):
            app["pool"] = await asyncpg.create_pool(os.environ["DATABASE_URL"])
            async with app["pool"].acquire() as conn:
                await conn.execute("CREATE TABLE IF NOT EXISTS comments (id serial PRIMARY KEY, body text NOT NULL)")

        async def create_comment(request):
            body = (await request.json())["comment"]["body"]
            async with request.app["pool"].acquire() as conn:
                comment_id = await conn.execute("INSERT INTO comments (body) VALUES ($1) RETURNING id", body)
            return web.json_response({"comment": {"id": comment_id, "body": body}}, status=201)

        async def get_comment(request):
            async with request.app["pool"].acquire() as conn:
                row = await conn.fetchrow("SELECT id, body FROM comments WHERE id = $1", int(request.match_info["id"]))
            if row is None:
                raise web.HTTPNotFound()
            return web.json_response({"comment": dict(row)})

        app = web.Application()
        app.on_startup.append(on_startup)
        app.router.add_post("/api/comments", create_comment)
        app.router.add_get(r"/api/comments/{id:\\d+}", get_comment)

        if __name__ == "__main__":
            web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
    ''')})
    import json as _json
    import subprocess
    import time
    import urllib.request

    from capture import _stop, _wait_port, status_lines
    with postgres() as dsn:
        out_path = ctx.dir / ".server.out"
        with out_path.open("wb") as out:
            proc = subprocess.Popen("python -u app.py", cwd=ctx.dir, shell=True, start_new_session=True, stdout=out,
                                    stderr=subprocess.STDOUT, env=ctx._env({"PORT": str(ctx.port), "DATABASE_URL": dsn}))
            try:
                responses = []
                if _wait_port(ctx.port, proc, 20):
                    first = ctx._request(ctx.port, {"method": "POST", "path": "/api/comments", "json": {"comment": {"body": "Nice"}}})
                    responses.append(first)
                    new_id = _json.loads(first["body"])["comment"]["id"] if first["status"] == 201 else None
                    responses.append(ctx._request(ctx.port, {"method": "GET", "path": "/api/comments/" + urllib.parse.quote(str(new_id))}))
                time.sleep(0.3)
            finally:
                _stop(proc)
    return {"log": ctx.clean(out_path.read_text(errors="replace")), "test_output": status_lines(responses)}


CASES[-1].make = _asyncpg_status_as_id

# --------------------------------------------------------------------------------------------------
# contract.serialization
# --------------------------------------------------------------------------------------------------

case(
    id="pyapi-flask-bcrypt-hash-bytes-in-json-honcho",
    label="contract.serialization.json_encode",
    shape="compose-prefix",
    source="https://keydecryptor.com/blog/hash-password-bcrypt-python",
    source_kind="blog",
    cause="bcrypt.hashpw returns bytes; kept as bytes in the user record, the value reaches the JSON encoder, "
          "which has no representation for bytes (it must be decoded to str first, and kept out of responses).",
    rationale="The register view stores bcrypt.hashpw(...) as bytes and returns the whole user record; "
              "honcho's web.1 lines show TypeError: Object of type bytes is not JSON serializable raised by "
              "Flask's JSON provider.",
    make=serve({
        "Procfile": "web: python -m flask --app app run --port $PORT\n",
        "app.py": d('''
            import bcrypt
            from flask import Flask, jsonify, request

            app = Flask(__name__)
            USERS = {}

            @app.post("/api/users")
            def register():
                data = request.get_json()["user"]
                user = {
                    "username": data["username"],
                    "email": data["email"],
                    "password_hash": bcrypt.hashpw(data["password"].encode(), bcrypt.gensalt(rounds=4)),
                }
                USERS[user["email"]] = user
                return jsonify(user=user), 201
        '''),
    }, "honcho start", [{"method": "POST", "path": "/api/users",
                         "json": {"user": {"username": "jane", "email": "jane@example.com", "password": "pw123456"}}}]),
    libraries=("flask", "bcrypt", "honcho"), framework="flask",
    expect=r"TypeError: Object of type bytes is not JSON serializable",
)

case(
    id="pyapi-django-model-to-dict-m2m-instances",
    label="contract.serialization.json_encode",
    shape="gunicorn",
    source="http://blog.enogarage.com/programaci%C3%B3n/convertir-instancia-de-un-modelo-de-django-a-un-diccionario/",
    source_kind="blog",
    cause="django.forms.models.model_to_dict puts a ManyToManyField's related model instances into the dict; "
          "handing that dict to JsonResponse fails because model instances are not JSON serializable.",
    rationale="The article view returns JsonResponse({'article': model_to_dict(article)}) for an article with "
              "tags; gunicorn logs TypeError: Object of type Tag is not JSON serializable from DjangoJSONEncoder.",
    make=dj.make({
        "articles/models.py": d('''
            from django.db import models

            class Tag(models.Model):
                name = models.CharField(max_length=50, unique=True)

            class Article(models.Model):
                slug = models.SlugField(unique=True)
                title = models.CharField(max_length=200)
                tags = models.ManyToManyField(Tag, blank=True)
        '''),
        "articles/views.py": d('''
            from django.forms.models import model_to_dict
            from django.http import JsonResponse
            from django.shortcuts import get_object_or_404
            from .models import Article

            def article_detail(request, slug):
                article = get_object_or_404(Article, slug=slug)
                return JsonResponse({"article": model_to_dict(article)})
        '''),
        "articles/urls.py": d('''
            from django.urls import path
            from . import views

            urlpatterns = [path("articles/<slug:slug>", views.article_detail)]
        '''),
    }, mode="gunicorn", apps=("articles",),
        setup=dj.shell("from articles.models import Article, Tag; a = Article.objects.create(slug='how-to-train', title='How to train'); "
                       "a.tags.add(Tag.objects.create(name='dragons'))"),
        requests=[{"method": "GET", "path": "/api/articles/how-to-train"}]),
    libraries=("django", "gunicorn"), framework="django", database="sqlite",
    expect=r"TypeError: Object of type Tag is not JSON serializable",
)

# --------------------------------------------------------------------------------------------------
# ORM API misuse
# --------------------------------------------------------------------------------------------------

case(
    id="pyapi-django-get-or-create-tuple-m2m-add",
    label="data.orm.api_misuse",
    shape="python-traceback",
    source="https://www.sqlpey.com/python/solved-how-to-effectively-utilize-getorcreate-in-django",
    source_kind="blog",
    cause="QuerySet.get_or_create() returns a (object, created) tuple; using the return value as the object "
          "passes a tuple where Django expects a model instance.",
    rationale="The create view does tag = Tag.objects.get_or_create(name=...) and article.tags.add(tag); the "
              "runserver log shows TypeError: Field 'id' expected a number but got (<Tag: dragons>, True) "
              "raised by the related manager, which took the tuple for a primary key -- an ORM return value misused, not a project signature mismatch.",
    make=dj.make({
        "articles/models.py": d('''
            from django.db import models

            class Tag(models.Model):
                name = models.CharField(max_length=50, unique=True)

                def __str__(self):
                    return self.name

            class Article(models.Model):
                slug = models.SlugField(unique=True)
                title = models.CharField(max_length=200)
                tags = models.ManyToManyField(Tag, blank=True)
        '''),
        "articles/views.py": d('''
            import json
            from django.http import JsonResponse
            from django.utils.text import slugify
            from django.views.decorators.csrf import csrf_exempt
            from .models import Article, Tag

            @csrf_exempt
            def create_article(request):
                data = json.loads(request.body)["article"]
                article = Article.objects.create(slug=slugify(data["title"]), title=data["title"])
                for name in data.get("tagList", []):
                    tag = Tag.objects.get_or_create(name=name)
                    article.tags.add(tag)
                return JsonResponse({"article": {"slug": article.slug, "tagList": data.get("tagList", [])}}, status=201)
        '''),
        "articles/urls.py": d('''
            from django.urls import path
            from . import views

            urlpatterns = [path("articles", views.create_article)]
        '''),
    }, mode="runserver", apps=("articles",),
        requests=[{"method": "POST", "path": "/api/articles", "json": {"article": {"title": "How to train", "tagList": ["dragons"]}}}]),
    libraries=("django",), framework="django", database="sqlite",
    expect=r"TypeError: Field 'id' expected a number but got \(<Tag: dragons>, True\)",
)

case(
    id="pyapi-sqla-session-add-list-ci",
    label="data.orm.api_misuse",
    shape="ci-timestamp",
    source="https://taourl.com/read-3042577.html",
    source_kind="qa",
    cause="Session.add() takes one mapped instance; passing anything else (an int, a list of instances) raises "
          "UnmappedInstanceError because SQLAlchemy finds no mapping for that Python type. Several objects go "
          "through add_all().",
    rationale="The seed helper calls session.add([...]) with a list of Tag objects; the CI log (timestamped "
              "pytest run) shows sqlalchemy.orm.exc.UnmappedInstanceError: Class 'builtins.list' is not mapped.",
    make=run({
        "models.py": d('''
            from sqlalchemy import Column, Integer, String
            from sqlalchemy.orm import declarative_base

            Base = declarative_base()

            class Tag(Base):
                __tablename__ = "tags"
                id = Column(Integer, primary_key=True)
                name = Column(String, unique=True, nullable=False)
        '''),
        "seed.py": d('''
            from models import Tag

            def seed_tags(session, names):
                session.add([Tag(name=n) for n in names])
                session.commit()
        '''),
        "tests/test_seed.py": d('''
            from sqlalchemy import create_engine, select
            from sqlalchemy.orm import Session
            from models import Base, Tag
            from seed import seed_tags

            def test_seed_tags():
                engine = create_engine("sqlite://")
                Base.metadata.create_all(engine)
                with Session(engine) as session:
                    seed_tags(session, ["dragons", "training"])
                    assert session.scalars(select(Tag.name).order_by(Tag.name)).all() == ["dragons", "training"]
        '''),
        "pytest.ini": "[pytest]\npythonpath = .\n",
    }, lambda ctx: ts_cmd(ctx, PYTEST.replace("COLUMNS=160 PY_COLORS=0 ", "") + " --tb=short"), env={"COLUMNS": "160", "PY_COLORS": "0"}),
    libraries=("sqlalchemy", "pytest"), database="sqlite",
    expect=r"UnmappedInstanceError: Class 'builtins.list' is not mapped",
)

case(
    id="pyapi-psycopg3-tuple-row-by-column-name",
    label="data.orm.api_misuse",
    shape="unittest",
    source="https://www.psycopg.org/psycopg3/docs/advanced/rows.html",
    source_kind="docs",
    cause="psycopg 3 cursors return each row as a tuple unless a row factory such as dict_row is set on the "
          "connection or cursor; indexing a tuple row by column name fails.",
    rationale="The repository reads row['email'] from conn.execute(...).fetchone() on a connection opened "
              "without row_factory; unittest reports TypeError: tuple indices must be integers or slices, not "
              "str -- a driver result type misused, not a missing field.",
    make=None,
    libraries=("psycopg",), database="postgres",
    expect=r"TypeError: tuple indices must be integers or slices, not str",
)


def _psycopg_tuple_rows(ctx):
    from capture import postgres
    ctx.write({
        "repo.py": d('''
            import os
            import psycopg

            def connect():
                return psycopg.connect(os.environ["DATABASE_URL"])

            def find_user(conn, email):
                row = conn.execute("SELECT id, email, username FROM users WHERE email = %s", (email,)).fetchone()
                if row is None:
                    return None
                return {"id": row["id"], "email": row["email"], "username": row["username"]}
        '''),
        "test_repo.py": d('''
            import unittest
            import repo

            class FindUserTest(unittest.TestCase):
                def setUp(self):
                    self.conn = repo.connect()
                    self.conn.execute("CREATE TABLE IF NOT EXISTS users (id serial PRIMARY KEY, email text UNIQUE, username text)")
                    self.conn.execute("INSERT INTO users (email, username) VALUES ('jane@example.com', 'jane') ON CONFLICT DO NOTHING")

                def tearDown(self):
                    self.conn.rollback()
                    self.conn.close()

                def test_find_user(self):
                    user = repo.find_user(self.conn, "jane@example.com")
                    self.assertEqual(user["username"], "jane")

            if __name__ == "__main__":
                unittest.main()
        '''),
    })
    with postgres() as dsn:
        return {"log": ctx.run("python -m unittest -v test_repo", env={"DATABASE_URL": dsn})}


CASES[-1].make = _psycopg_tuple_rows

# --------------------------------------------------------------------------------------------------
# startup.syntax (continued)
# --------------------------------------------------------------------------------------------------

case(
    id="pyapi-fstring-reused-quotes-py311-gunicorn",
    label="startup.syntax",
    shape="gunicorn",
    source="https://discuss.python.org/t/pep-701-syntactic-formalization-of-f-strings/22046/34",
    source_kind="qa",
    cause="Reusing the enclosing quote character inside an f-string expression is only valid from Python "
          "3.12 (PEP 701); on 3.11 and earlier the f-string ends at the inner quote and the module fails to "
          "compile.",
    rationale="views.py builds f\"{user[\"username\"]}...\" in 3.12 style; the 3.11 gunicorn worker cannot "
              "import the module and logs SyntaxError: f-string: unmatched '['.",
    make=serve({
        "views.py": d('''
            def profile_payload(user, following):
                return {
                    "profile": {
                        "username": user["username"],
                        "bio": user.get("bio") or f"{user["username"]} has not written a bio yet",
                        "following": following,
                    }
                }
        '''),
        "app.py": d('''
            from flask import Flask
            from views import profile_payload

            app = Flask(__name__)

            @app.get("/api/profiles/<username>")
            def profile(username):
                return profile_payload({"username": username}, False)
        '''),
    }, f"{GUNICORN} app:app", [{"method": "GET", "path": "/api/profiles/jane"}], startup=8),
    libraries=("flask", "gunicorn"), framework="flask",
    expect=r"SyntaxError: f-string: unmatched '\['",
)

# --------------------------------------------------------------------------------------------------
# batch 4: syntax / dependency / business / misuse
# --------------------------------------------------------------------------------------------------

case(
    id="pyapi-markdown-fence-wrapped-main-uvicorn",
    label="startup.syntax",
    shape="uvicorn",
    source="https://hex.pm/packages/credence/0.8.1/files/lib/syntax/no_markdown_code_fences.ex",
    source_kind="docs",
    cause="Generated source is often wrapped in markdown code fences (a line of three backticks, optionally "
          "with a language tag); written to disk as-is, that line is not valid source and the module fails "
          "to parse.",
    rationale="main.py starts with a ```python line and ends with ``` copied from the model's reply; uvicorn "
              "cannot import main and reports SyntaxError: invalid syntax at line 1 of main.py.",
    make=serve({
        "main.py": "```python\n" + d('''
            from fastapi import FastAPI

            app = FastAPI()

            @app.get("/api/tags")
            def list_tags():
                return {"tags": ["dragons", "training"]}
        ''') + "```\n",
    }, UVICORN, [{"method": "GET", "path": "/api/tags"}], startup=8),
    libraries=("fastapi", "uvicorn"), framework="fastapi",
    expect=r'main\.py", line 1\n\s+```python\n\s+\^\nSyntaxError: invalid syntax',
)

case(
    id="pyapi-sqla-postgres-url-psycopg2-missing",
    label="startup.dependency.missing_package",
    shape="uvicorn",
    source="http://www.kouhan.cn/en/article/00024567",
    source_kind="blog",
    cause="A postgresql:// URL makes SQLAlchemy load the default PostgreSQL driver, psycopg2; when that "
          "driver package is not installed, create_engine fails with 'No module named psycopg2'.",
    rationale="database.py calls create_engine('postgresql://...') at import and the environment has "
              "SQLAlchemy but no psycopg2; uvicorn's traceback ends in SQLAlchemy's dialect import_dbapi with "
              "ModuleNotFoundError: No module named 'psycopg2' -- a missing third-party driver.",
    make=serve({
        "database.py": d('''
            import os
            from sqlalchemy import create_engine
            from sqlalchemy.orm import sessionmaker

            DATABASE_URL = os.environ.get("DATABASE_URL", "postgresql://conduit:conduit@127.0.0.1:5432/conduit")
            engine = create_engine(DATABASE_URL, pool_pre_ping=True)
            SessionLocal = sessionmaker(bind=engine)
        '''),
        "main.py": d('''
            from fastapi import FastAPI
            from database import SessionLocal

            app = FastAPI()

            @app.get("/api/health")
            def health():
                return {"status": "ok"}
        '''),
    }, "python -S -m uvicorn main:app --port $PORT", [{"method": "GET", "path": "/api/health"}],
        setup=lambda ctx: hide_packages(ctx, "psycopg2"), startup=10),
    libraries=("sqlalchemy", "psycopg2", "fastapi", "uvicorn"), framework="fastapi", database="postgres",
    expect=r"ModuleNotFoundError: No module named 'psycopg2'",
)

case(
    id="pyapi-flask-email-deliverability-check-offline",
    label="logic.business.validation",
    shape="status-line",
    source="https://pypi.org/project/email-validator/2.0.0/",
    source_kind="docs",
    cause="email-validator's validate_email checks deliverability by default (a DNS lookup of the domain); "
          "where the domain has no mail setup or DNS is unavailable, syntactically valid addresses are "
          "rejected unless check_deliverability=False.",
    rationale="The register endpoint calls validate_email(email) with the default deliverability check; the "
              "spec's test user jane@example.com is refused with 422 and an 'email' error from "
              "EmailUndeliverableError, a validation rule stricter than the contract.",
    make=serve({
        "app.py": d('''
            from email_validator import EmailNotValidError, validate_email
            from flask import Flask, jsonify, request

            app = Flask(__name__)
            USERS = {}

            @app.post("/api/users")
            def register():
                data = request.get_json()["user"]
                try:
                    email = validate_email(data["email"]).normalized
                except EmailNotValidError as exc:
                    return jsonify(errors={"email": [str(exc)]}), 422
                USERS[email] = {"username": data["username"], "email": email}
                return jsonify(user=USERS[email]), 201
        '''),
    }, FLASK, [{"method": "POST", "path": "/api/users",
                "json": {"user": {"username": "jane", "email": "jane@example.com", "password": "pw123456"}}}]),
    libraries=("flask", "email-validator"), framework="flask",
    expect=r"POST /api/users -> 422 UNPROCESSABLE ENTITY\n\{\"errors\":\{\"email\":\[\"The domain name example\.com",
)

case(
    id="pyapi-sqla2-row-string-key-json-log",
    label="startup.dependency.incompatible",
    shape="json-log",
    source="https://sqlalchemy.org/docs/changelog/migration_20.html",
    source_kind="docs",
    cause="In SQLAlchemy 2.0 a result Row behaves like a named tuple; the 1.x dictionary-style access "
          "row['column'] was removed and mapping access moved to row._mapping (or result.mappings()).",
    rationale="The tag listing reads row['name'] from conn.execute(text(...)); the app's python-json-logger "
              "error line for GET /api/tags carries TypeError: tuple indices must be integers or slices, not "
              "str raised on a SQLAlchemy Row -- 1.x code on a 2.0 library.",
    make=serve({
        "app.py": JSON_LOG + d('''
            from flask import Flask, jsonify
            from sqlalchemy import create_engine, text

            engine = create_engine("sqlite:///./app.db")
            with engine.begin() as conn:
                conn.execute(text("CREATE TABLE IF NOT EXISTS tags (name TEXT PRIMARY KEY)"))
                conn.execute(text("INSERT OR IGNORE INTO tags (name) VALUES ('dragons'), ('training')"))

            app = Flask(__name__)

            @app.get("/api/tags")
            def list_tags():
                with engine.connect() as conn:
                    rows = conn.execute(text("SELECT name FROM tags ORDER BY name")).fetchall()
                return jsonify(tags=[row["name"] for row in rows])
        '''),
    }, FLASK, [{"method": "GET", "path": "/api/tags"}]),
    libraries=("flask", "sqlalchemy", "python-json-logger"), framework="flask", database="sqlite",
    expect=r'"levelname": "ERROR".*TypeError: tuple indices must be integers or slices, not str',
)

case(
    id="pyapi-fastapi-httpexception-caught-as-500",
    label="logic.business.status_code",
    shape="pytest",
    source="https://www.garudax.id/posts/revathy-ramalingam_fastapi-backenddevelopment-python-activity-7442859074163163136-pQRM",
    source_kind="blog",
    cause="HTTPException is itself an Exception; a broad `except Exception` around the handler body also "
          "catches the intended 404/403 and re-raises it as a 500 unless HTTPException is re-raised first.",
    rationale="The article route raises HTTPException(404) inside try/except Exception that converts every "
              "error into HTTPException(500, str(e)); the pytest run shows assert 500 == 404 with detail "
              "'404: Article not found'.",
    make=run({
        "main.py": d('''
            from fastapi import FastAPI, HTTPException

            app = FastAPI()
            ARTICLES = {"how-to-train": {"slug": "how-to-train", "title": "How to train"}}

            @app.get("/api/articles/{slug}")
            def get_article(slug: str):
                try:
                    article = ARTICLES.get(slug)
                    if article is None:
                        raise HTTPException(status_code=404, detail="Article not found")
                    return {"article": article}
                except Exception as exc:
                    raise HTTPException(status_code=500, detail=str(exc))
        '''),
        "test_articles.py": d('''
            from fastapi.testclient import TestClient
            from main import app

            client = TestClient(app)

            def test_unknown_article_is_404():
                r = client.get("/api/articles/does-not-exist")
                assert r.status_code == 404, r.json()
        '''),
    }, PYTEST),
    libraries=("fastapi", "pytest", "httpx"), framework="fastapi",
    expect=r"AssertionError: \{'detail': '404: Article not found'\}",
)

case(
    id="pyapi-pydantic2-orm-mode-from-orm",
    label="startup.dependency.incompatible",
    shape="uvicorn",
    source="https://dev.to/getversyka/the-pydantic-v1-to-v2-cheat-sheet-and-the-trap-the-deprecation-warnings-hide-1kc0",
    source_kind="blog",
    cause="Pydantic 2 renamed the orm_mode config to from_attributes (model_config = ConfigDict(...)); a v1 "
          "`class Config: orm_mode = True` only triggers a warning, and from_orm then refuses to run.",
    rationale="schemas.py keeps class Config: orm_mode = True and the route calls ArticleOut.from_orm(row); "
              "uvicorn logs the 'orm_mode' has been renamed warning at import and then PydanticUserError: You "
              "must set the config attribute `from_attributes=True` to use from_orm on the request.",
    make=serve({
        "schemas.py": d('''
            from pydantic import BaseModel

            class ArticleOut(BaseModel):
                slug: str
                title: str

                class Config:
                    orm_mode = True
        '''),
        "main.py": d('''
            from dataclasses import dataclass
            from fastapi import FastAPI
            from schemas import ArticleOut

            @dataclass
            class ArticleRow:
                id: int
                slug: str
                title: str

            app = FastAPI()
            DB = {"how-to-train": ArticleRow(1, "how-to-train", "How to train")}

            @app.get("/api/articles/{slug}")
            def get_article(slug: str):
                return {"article": ArticleOut.from_orm(DB[slug])}
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/articles/how-to-train"}]),
    libraries=("pydantic", "fastapi", "uvicorn"), framework="fastapi",
    expect=r"PydanticUserError: You must set the config attribute `from_attributes=True` to use from_orm",
)

case(
    id="pyapi-starlette-response-dict-content-structlog",
    label="framework.wiring.request_response",
    shape="structlog-json",
    source="https://gitea.hypermine.com/Rooba/starlette/src/commit/672cd427fa58c2ec41acc6ed5dc2678fd35e3097/docs/responses.md",
    source_kind="docs",
    cause="Starlette's plain Response takes content as str or bytes and encodes it itself; a dict has to go "
          "through JSONResponse (or be serialized first).",
    rationale="The profile route returns Response(content={'profile': ...}, media_type='application/json'); "
              "the app's structlog JSON error line shows AttributeError: 'dict' object has no attribute "
              "'encode' raised inside starlette's Response.render, a framework response class fed the wrong "
              "content type.",
    make=serve({
        "main.py": d('''
            import sys
            import structlog
            from fastapi import FastAPI, Request, Response

            structlog.configure(
                processors=[structlog.processors.add_log_level, structlog.processors.TimeStamper(fmt="iso"),
                            structlog.processors.format_exc_info, structlog.processors.JSONRenderer()],
                logger_factory=structlog.PrintLoggerFactory(sys.stdout),
            )
            log = structlog.get_logger("api")
            app = FastAPI()

            @app.middleware("http")
            async def log_errors(request: Request, call_next):
                try:
                    return await call_next(request)
                except Exception:
                    log.exception("request_failed", method=request.method, path=request.url.path)
                    return Response(status_code=500)

            @app.get("/api/profiles/{username}")
            async def profile(username: str):
                body = {"profile": {"username": username, "bio": None, "following": False}}
                return Response(content=body, media_type="application/json")
        '''),
    }, UVICORN + " --log-level warning", [{"method": "GET", "path": "/api/profiles/jane"}]),
    libraries=("fastapi", "starlette", "structlog"), framework="fastapi",
    expect=r'"event": "request_failed".*AttributeError: \'dict\' object has no attribute \'encode\'',
)

case(
    id="pyapi-flask-jsonify-args-and-kwargs",
    label="framework.wiring.request_response",
    shape="werkzeug",
    source="https://demo-pro.fjord.host/orbit-oss/flask/raw/commit/c7c3d6a3bd56be76ea4da8da40bfb238e224b71a/docs/build/html/flask.json.html",
    source_kind="docs",
    cause="jsonify (the JSON provider's response()) serializes either its positional arguments or its "
          "keyword arguments, not both; mixing a dict argument with extra keywords raises TypeError.",
    rationale="The list view returns jsonify({'articles': rows}, articlesCount=len(rows)); the dev server logs "
              "TypeError: app.json.response() takes either args or kwargs, not both -- a Flask helper called "
              "with an argument combination it refuses.",
    make=serve({
        "app.py": d('''
            from flask import Flask, jsonify

            app = Flask(__name__)
            ARTICLES = [{"slug": "how-to-train", "title": "How to train"}]

            @app.get("/api/articles")
            def list_articles():
                return jsonify({"articles": ARTICLES}, articlesCount=len(ARTICLES))
        '''),
    }, FLASK, [{"method": "GET", "path": "/api/articles"}]),
    libraries=("flask",), framework="flask",
    expect=r"TypeError: app\.json\.response\(\) takes either args or kwargs, not both",
)

case(
    id="pyapi-fastapi-body-max-length-invented",
    label="logic.business.validation",
    shape="unittest",
    source="https://app.studyraid.com/en/read/15002/518525/implementing-string-length-and-regex-constraints",
    source_kind="blog",
    cause="min_length/max_length constraints declared on pydantic Field() are enforced on every input, so a "
          "length limit the API contract does not have rejects valid requests.",
    rationale="ArticleCreate declares body: str = Field(..., max_length=500) though the spec sets no limit; "
              "unittest shows the create request with a longer article body answered 422 string_too_long "
              "instead of 201.",
    make=run({
        "main.py": d('''
            from fastapi import FastAPI
            from pydantic import BaseModel, Field

            class ArticleCreate(BaseModel):
                title: str = Field(..., min_length=1, max_length=120)
                description: str = Field(..., max_length=255)
                body: str = Field(..., max_length=500)

            class ArticleEnvelope(BaseModel):
                article: ArticleCreate

            app = FastAPI()

            @app.post("/api/articles", status_code=201)
            def create_article(payload: ArticleEnvelope):
                a = payload.article
                return {"article": {"slug": a.title.lower().replace(" ", "-"), "title": a.title, "body": a.body}}
        '''),
        "test_articles.py": d('''
            import unittest
            from fastapi.testclient import TestClient
            from main import app

            class CreateArticleTest(unittest.TestCase):
                def test_long_body_is_accepted(self):
                    body = "Dragons need patience. " * 40
                    r = TestClient(app).post("/api/articles", json={"article": {
                        "title": "How to train your dragon", "description": "Ever wonder how?", "body": body}})
                    self.assertEqual(r.status_code, 201, r.text)

            if __name__ == "__main__":
                unittest.main()
        '''),
    }, "python -m unittest -v test_articles"),
    libraries=("fastapi", "pydantic", "httpx"), framework="fastapi",
    expect=r"AssertionError: 422 != 201 : .*string_too_long",
)

case(
    id="pyapi-aiohttp-run-app-default-port",
    label="startup.entrypoint.port",
    shape="aiohttp",
    source="https://docs.aiohttp.org/en/latest/_modules/aiohttp/web.html",
    source_kind="docs",
    cause="aiohttp's web.run_app listens on port 8080 (all interfaces) when no port is passed; a platform "
          "that routes traffic to the port in $PORT finds nothing listening there.",
    rationale="app.py ends with web.run_app(app) and never reads PORT; aiohttp announces 'Running on "
              "http://0.0.0.0:8080' while every client request to the assigned port gets no response.",
    make=serve({
        "app.py": d('''
            from aiohttp import web

            async def health(request):
                return web.json_response({"status": "ok"})

            app = web.Application()
            app.router.add_get("/api/health", health)

            if __name__ == "__main__":
                web.run_app(app)
        '''),
    }, "python -u app.py", [{"method": "GET", "path": "/api/health"}], startup=5),
    libraries=("aiohttp",), framework="aiohttp",
    expect=r"GET /api/health -> no response",
)

# --------------------------------------------------------------------------------------------------
# batch 5
# --------------------------------------------------------------------------------------------------

case(
    id="pyapi-werkzeug21-safe-str-cmp-ci",
    label="startup.dependency.incompatible",
    shape="ci-timestamp",
    source="https://github.com/miguelgrinberg/flask-httpauth/blob/main/CHANGES.md",
    source_kind="docs",
    cause="werkzeug.security.safe_str_cmp was deprecated in Werkzeug 2.0 and removed in 2.1; constant-time "
          "comparison now comes from hmac.compare_digest, and code importing the old helper fails.",
    rationale="auth.py imports safe_str_cmp from werkzeug.security to compare API keys; the timestamped CI "
              "log of the pytest run shows the collection error ImportError: cannot import name "
              "'safe_str_cmp' from 'werkzeug.security' -- a name removed from the library, not a project module.",
    make=run({
        "auth.py": d('''
            import os
            from functools import wraps
            from flask import abort, request
            from werkzeug.security import safe_str_cmp

            API_KEY = os.environ.get("API_KEY", "dev-key")

            def require_api_key(view):
                @wraps(view)
                def wrapper(*args, **kwargs):
                    if not safe_str_cmp(request.headers.get("X-API-Key", ""), API_KEY):
                        abort(401)
                    return view(*args, **kwargs)
                return wrapper
        '''),
        "app.py": d('''
            from flask import Flask, jsonify
            from auth import require_api_key

            app = Flask(__name__)

            @app.get("/api/admin/stats")
            @require_api_key
            def stats():
                return jsonify(users=1, articles=2)
        '''),
        "tests/test_stats.py": d('''
            from app import app

            def test_stats_requires_key():
                client = app.test_client()
                assert client.get("/api/admin/stats").status_code == 401
                assert client.get("/api/admin/stats", headers={"X-API-Key": "dev-key"}).status_code == 200
        '''),
        "pytest.ini": "[pytest]\npythonpath = .\n",
    }, lambda ctx: ts_cmd(ctx, "python -m pytest -q --color=no -p no:cacheprovider"), env={"COLUMNS": "160", "PY_COLORS": "0"}),
    libraries=("werkzeug", "flask", "pytest"), framework="flask",
    expect=r"ImportError: cannot import name 'safe_str_cmp' from 'werkzeug\.security'",
)

case(
    id="pyapi-flask3-markup-import-fenced",
    label="startup.dependency.incompatible",
    shape="markdown-fence",
    source="https://checklist.day/registry/Flask",
    source_kind="docs",
    cause="Flask used to re-export Markup (and escape) from MarkupSafe; the re-exports were deprecated and "
          "then dropped in Flask 3, so `from flask import Markup` fails and the import must come from "
          "markupsafe.",
    rationale="views.py imports Markup from flask to build an HTML snippet in the article body; `flask run` "
              "(output pasted in a fenced block) cannot load the app: ImportError: cannot import name 'Markup' "
              "from 'flask'.",
    make=run({
        "views.py": d('''
            from flask import Blueprint, Markup, jsonify

            bp = Blueprint("articles", __name__)

            @bp.get("/api/articles/<slug>/preview")
            def preview(slug):
                html = Markup("<h1>{}</h1>").format(slug.replace("-", " ").title())
                return jsonify(preview=str(html))
        '''),
        "app.py": d('''
            from flask import Flask
            from views import bp

            app = Flask(__name__)
            app.register_blueprint(bp)
        '''),
    }, f"timeout 10 {FLASK}", env={"PORT": "5998"}, render=fence),
    libraries=("flask", "markupsafe"), framework="flask",
    expect=r"ImportError: cannot import name 'Markup' from 'flask'",
)

case(
    id="pyapi-flask-login-state-in-cookie-session",
    label="logic.state",
    shape="status-line",
    source="https://runebook.dev/en/articles/flask/api/index/flask.session.modified",
    source_kind="blog",
    cause="Flask's default session lives in a signed cookie that the client must send back on later "
          "requests; an API client that does not keep cookies (one expecting a token in the response) "
          "loses the logged-in state between requests.",
    rationale="Login stores user_id in session and returns the user without a token; the API client sends "
              "no cookie on the next call, so GET /api/user answers 401 right after a 200 login -- the "
              "state never reaches the second request.",
    make=serve({
        "app.py": d('''
            from flask import Flask, jsonify, request, session

            app = Flask(__name__)
            app.secret_key = "dev-not-secret"
            USERS = {"jane@example.com": {"id": 1, "email": "jane@example.com", "username": "jane", "password": "pw123456"}}

            @app.post("/api/users/login")
            def login():
                data = request.get_json()["user"]
                user = USERS.get(data["email"])
                if not user or user["password"] != data["password"]:
                    return jsonify(errors={"credentials": ["invalid"]}), 401
                session["user_id"] = user["id"]
                return jsonify(user={"email": user["email"], "username": user["username"]})

            @app.get("/api/user")
            def current_user():
                user_id = session.get("user_id")
                if user_id is None:
                    return jsonify(errors={"auth": ["not logged in"]}), 401
                user = next(u for u in USERS.values() if u["id"] == user_id)
                return jsonify(user={"email": user["email"], "username": user["username"]})
        '''),
    }, FLASK, [
        {"method": "POST", "path": "/api/users/login", "json": {"user": {"email": "jane@example.com", "password": "pw123456"}}},
        {"method": "GET", "path": "/api/user"},
    ]),
    libraries=("flask",), framework="flask",
    expect=r"GET /api/user -> 401 UNAUTHORIZED",
)

# --------------------------------------------------------------------------------------------------
# batch 6: contract.serialization
# --------------------------------------------------------------------------------------------------

case(
    id="pyapi-flask-jsonify-orm-instances-html",
    label="contract.serialization.json_encode",
    shape="html-escaped",
    source="https://stackoverflow.com/questions/5022066/how-to-serialize-sqlalchemy-result-to-json",
    source_kind="qa",
    cause="SQLAlchemy model instances are plain Python objects to the JSON encoder; a list of fetched rows "
          "has to be converted to dicts (or run through a schema) before jsonify can serialize it.",
    rationale="The list view executes the query (.all()) and passes the Article instances straight to "
              "jsonify; the dev-server traceback (shared as escaped HTML) ends in TypeError: Object of type "
              "Article is not JSON serializable from Flask's JSON provider.",
    make=serve({
        "app.py": d('''
            from flask import Flask, jsonify
            from flask_sqlalchemy import SQLAlchemy

            db = SQLAlchemy()
            app = Flask(__name__)
            app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///app.db"
            db.init_app(app)

            class Article(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                slug = db.Column(db.String(200), unique=True, nullable=False)
                title = db.Column(db.String(200), nullable=False)

            with app.app_context():
                db.create_all()
                if not db.session.execute(db.select(Article)).first():
                    db.session.add(Article(slug="how-to-train", title="How to train"))
                    db.session.commit()

            @app.get("/api/articles")
            def list_articles():
                articles = db.session.execute(db.select(Article)).scalars().all()
                return jsonify(articles=articles, articlesCount=len(articles))
        '''),
    }, FLASK, [{"method": "GET", "path": "/api/articles"}], render=html_pre),
    libraries=("flask", "flask-sqlalchemy", "sqlalchemy"), framework="flask", database="sqlite",
    expect=r"TypeError: Object of type Article is not JSON serializable",
)

case(
    id="pyapi-fastapi-response-emailstr-seeded-localhost",
    label="contract.serialization.response_validation",
    shape="uvicorn",
    source="https://blog.greeden.me/en/2025/02/04/what-is-fastapis-responsevalidationerror-detailed-explanation-of-causes-and-solutions",
    source_kind="blog",
    cause="FastAPI validates what a route returns against its response_model; a stored value that fails a "
          "field's type (here an EmailStr) raises ResponseValidationError and the client gets a 500.",
    rationale="The profile response model types email as EmailStr while the seed data holds "
              "'admin@localhost'; uvicorn logs fastapi.exceptions.ResponseValidationError with a value_error "
              "for ('response', 'user', 'email') -- the output, not the request, fails validation.",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI, HTTPException
            from pydantic import BaseModel, EmailStr

            class UserOut(BaseModel):
                username: str
                email: EmailStr
                bio: str | None = None

            class UserEnvelope(BaseModel):
                user: UserOut

            app = FastAPI()
            USERS = {"admin": {"username": "admin", "email": "admin@localhost", "bio": "seeded"}}

            @app.get("/api/users/{username}", response_model=UserEnvelope)
            def get_user(username: str):
                user = USERS.get(username)
                if user is None:
                    raise HTTPException(404, "user not found")
                return {"user": user}
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/users/admin"}]),
    libraries=("fastapi", "pydantic", "email-validator", "uvicorn"), framework="fastapi",
    expect=r"ResponseValidationError: 1 validation errors:\n\s+\{'type': 'value_error', 'loc': \('response', 'user', 'email'\)",
)
