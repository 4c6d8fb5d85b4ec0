"""pyspec: contract.shape situations (wrapping, key case, HTML errors, list vs object, numbers as strings)."""

from __future__ import annotations

from _pyspec_kit import AIOHTTP, HARNESS_PY, PYTEST, UVICORN, case, d, pg, run, with_server

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-aiohttp-data-envelope-for-list",
    label="contract.shape.wrapping",
    shape="harness-lines",
    source="https://paulund.co.uk/notebook/apis/rest-api-response-shape",
    source_kind="blog",
    cause="Whether a collection comes back as a bare JSON array or inside a {\"data\": ...} envelope is part of the "
          "contract; a server that adds (or drops) the envelope breaks clients written for the other shape.",
    rationale="The spec's GET /api/todos returns a bare array; app.py wraps it as {\"data\": [...], \"meta\": {...}}, "
              "so the harness prints 'Expected type of GET /api/todos body to be 'list' but got 'dict''.",
    make=with_server({
        "app.py": d('''
            import logging
            import os

            from aiohttp import web

            logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
            TODOS = [{"id": 1, "title": "Write spec", "done": True}, {"id": 2, "title": "Ship API", "done": False}]


            async def list_todos(request):
                return web.json_response({"data": TODOS, "meta": {"total": len(TODOS)}})


            app = web.Application()
            app.router.add_get("/api/todos", list_todos)

            if __name__ == "__main__":
                web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_equal, expect_status, main, test, url


            @test
            def list_todos():
                r = requests.get(url("/api/todos"))
                expect_status(r, 200, "GET /api/todos")
                expect_equal(type(r.json()).__name__, "list", "type of GET /api/todos body")

            main()
        '''),
    }, AIOHTTP, "python test_api.py"),
    libraries=("aiohttp", "requests"), framework="aiohttp",
    expect=r"Expected type of GET /api/todos body to be 'list' but got 'dict'", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-django-snake-case-keys-spec-camel",
    label="contract.shape.missing_field",
    shape="pytest",
    source="https://www.hacksoft.io/blog/how-to-deal-with-cases-mismatch-between-django-and-react",
    source_kind="blog",
    cause="Python backends emit snake_case keys by default while JavaScript clients and specs use camelCase; "
          "without a conversion at the boundary the client looks for keys that are never there.",
    rationale="The spec's article has createdAt, favoritesCount and tagList; app.py builds the JSON from the "
              "model-style dict with created_at/favorites_count/tag_list, so pytest fails on "
              "\"assert 'favoritesCount' in ...\".",
    make=run({
        "app.py": d('''
            from django.conf import settings

            settings.configure(DEBUG=True, SECRET_KEY="conduit-dev", ALLOWED_HOSTS=["testserver"], ROOT_URLCONF=__name__,
                               MIDDLEWARE=[], INSTALLED_APPS=[], DATABASES={})

            import django  # noqa: E402

            django.setup()

            from django.http import JsonResponse  # noqa: E402
            from django.urls import path  # noqa: E402

            ARTICLES = {
                "dragons": {"slug": "dragons", "title": "How to train your dragon", "created_at": "2024-01-10T10:00:00Z",
                            "favorites_count": 2, "tag_list": ["dragons", "training"]},
            }


            def get_article(request, slug):
                return JsonResponse({"article": ARTICLES[slug]})


            urlpatterns = [path("api/articles/<slug:slug>", get_article)]
        '''),
        "test_articles.py": d('''
            from django.test import Client

            import app  # noqa: F401  (configures Django)


            def test_article_has_spec_fields():
                article = Client().get("/api/articles/dragons").json()["article"]
                assert "favoritesCount" in article
                assert article["tagList"] == ["dragons", "training"]
        '''),
    }, PYTEST),
    libraries=("django", "pytest"), framework="django",
    expect=r"assert 'favoritesCount' in", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-flask-html-error-page-for-json-client",
    label="contract.shape",
    shape="pytest",
    source="https://flask.palletsprojects.com/en/stable/errorhandling/#returning-api-errors-as-json",
    source_kind="docs",
    cause="Flask answers abort(404) and other HTTP errors with its default HTML error page; an API has to register "
          "an error handler to send JSON error bodies.",
    rationale="The spec's error responses are JSON {\"errors\": {...}}; app.py calls abort(404) with no handler, so "
              "the test sees content type text/html and pytest fails comparing it with application/json.",
    make=run({
        "app.py": d('''
            from flask import Flask, abort, jsonify

            app = Flask(__name__)
            ARTICLES = {"dragons": {"slug": "dragons", "title": "How to train your dragon"}}


            @app.get("/api/articles/<slug>")
            def get_article(slug):
                if slug not in ARTICLES:
                    abort(404, description="Article not found")
                return jsonify(article=ARTICLES[slug])
        '''),
        "test_errors.py": d('''
            from app import app


            def test_unknown_article_is_json_404():
                r = app.test_client().get("/api/articles/nope")
                assert r.status_code == 404
                assert r.content_type == "application/json"
                assert "errors" in r.get_json()
        '''),
    }, PYTEST),
    libraries=("flask", "pytest"), framework="flask",
    expect=r"text/html", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-fastapi-profile-list-instead-of-object",
    label="contract.shape.type",
    shape="uvicorn",
    source="https://sheet.devopsguy.fun/database/sqlalchemy/result_fetching",
    source_kind="blog",
    cause="ScalarResult.all() always returns a list, even for a lookup by a unique key; only first()/one() return "
          "a single model, so a handler that uses all() sends an array where one object is expected.",
    rationale="get_profile in main.py returns {\"profile\": session.exec(...).all()}; the spec's profile is an object, "
              "so the harness prints 'Expected type of profile to be 'dict' but got 'list'' while uvicorn logs 200.",
    make=with_server({
        "main.py": d('''
            from fastapi import FastAPI
            from sqlmodel import Field, Session, SQLModel, create_engine, select

            engine = create_engine("sqlite:///./app.db")


            class Profile(SQLModel, table=True):
                id: int | None = Field(default=None, primary_key=True)
                username: str = Field(unique=True)
                bio: str = ""
                following: bool = False


            SQLModel.metadata.create_all(engine)
            with Session(engine) as s:
                if not s.exec(select(Profile)).first():
                    s.add(Profile(username="jake", bio="I work at statefarm"))
                    s.commit()

            app = FastAPI()


            @app.get("/api/profiles/{username}")
            def get_profile(username: str):
                with Session(engine) as session:
                    profile = session.exec(select(Profile).where(Profile.username == username)).all()
                    return {"profile": profile}
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_equal, expect_status, main, test, url


            @test
            def get_profile():
                r = requests.get(url("/api/profiles/jake"))
                expect_status(r, 200, "GET /api/profiles/jake")
                expect_equal(type(r.json()["profile"]).__name__, "dict", "type of profile")

            main()
        '''),
    }, UVICORN, "python test_api.py"),
    libraries=("fastapi", "sqlmodel", "sqlalchemy"), framework="fastapi", database="sqlite",
    expect=r"Expected type of profile to be 'dict' but got 'list'", code=("main.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-flask-pg-numeric-price-as-string",
    label="contract.shape.type",
    shape="compose-prefix",
    source="https://flask.palletsprojects.com/en/stable/api/#flask.json.provider.DefaultJSONProvider",
    source_kind="docs",
    cause="PostgreSQL NUMERIC columns come back as decimal.Decimal and Flask's default JSON provider serializes "
          "Decimal as a string, so a price the spec defines as a number reaches the client as text.",
    rationale="app.py selects price NUMERIC(10,2) with psycopg and jsonify()s the rows; the client (run next to the "
              "honcho-managed server) reports 'Expected type of price to be 'float' but got 'str''.",
    make=pg(with_server({
        "Procfile": "web: python -m flask --app app run --port $PORT\n",
        "app.py": d('''
            import os

            import psycopg
            from flask import Flask, jsonify

            app = Flask(__name__)
            DSN = os.environ["DATABASE_URL"]

            with psycopg.connect(DSN) as conn:
                conn.execute("CREATE TABLE IF NOT EXISTS products (id serial PRIMARY KEY, name text NOT NULL, price numeric(10, 2) NOT NULL)")
                if conn.execute("SELECT count(*) FROM products").fetchone()[0] == 0:
                    conn.execute("INSERT INTO products (name, price) VALUES ('Dragon saddle', 19.99), ('Training manual', 5.50)")


            @app.get("/api/products")
            def list_products():
                with psycopg.connect(DSN) as conn:
                    rows = conn.execute("SELECT id, name, price FROM products ORDER BY id").fetchall()
                return jsonify(products=[{"id": r[0], "name": r[1], "price": r[2]} for r in rows])
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_equal, expect_status, main, test, url


            @test
            def product_price_is_a_number():
                r = requests.get(url("/api/products"))
                expect_status(r, 200, "GET /api/products")
                expect_equal(type(r.json()["products"][0]["price"]).__name__, "float", "type of price")

            main()
        '''),
    }, "exec honcho start --no-colour -p $PORT", "python test_api.py")),
    libraries=("flask", "psycopg", "honcho"), framework="flask", database="postgres",
    expect=r"Expected type of price to be 'float' but got 'str'", code=("app.py",),
)

# --------------------------------------------------------------------------------------------------
case(
    id="pyspec-aiohttp-json-sent-as-text-plain",
    label="contract.shape",
    shape="python-traceback",
    source="https://docs.aiohttp.org/en/stable/client_reference.html",
    source_kind="docs",
    cause="aiohttp's ClientResponse.json() checks the response Content-Type and raises ContentTypeError when a JSON "
          "body is served as text/plain; a server that writes json.dumps() into a plain text response breaks it.",
    rationale="app.py returns web.Response(text=json.dumps(...)), which aiohttp labels text/plain; the spec's aiohttp "
              "client calls resp.json() and dies with ContentTypeError 'unexpected mimetype: text/plain'.",
    make=with_server({
        "app.py": d('''
            import json
            import logging
            import os

            from aiohttp import web

            logging.basicConfig(level=logging.INFO, format="%(levelname)s:%(name)s:%(message)s")
            TAGS = ["dragons", "training", "welcome"]


            async def list_tags(request):
                return web.Response(text=json.dumps({"tags": TAGS}))


            app = web.Application()
            app.router.add_get("/api/tags", list_tags)

            if __name__ == "__main__":
                web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
        "client.py": d('''
            import asyncio
            import os

            import aiohttp


            async def main():
                async with aiohttp.ClientSession() as session:
                    async with session.get(f"http://127.0.0.1:{os.environ['PORT']}/api/tags") as resp:
                        print(f"GET /api/tags -> {resp.status} ({resp.content_type})")
                        data = await resp.json()
                        assert data["tags"], "expected some tags"
                        print("tags:", data["tags"])


            asyncio.run(main())
        '''),
    }, AIOHTTP, "python client.py"),
    libraries=("aiohttp",), framework="aiohttp",
    expect=r"ContentTypeError", code=("app.py",),
)
