"""pyfill: incomplete endpoints and serialization situations."""

from __future__ import annotations

import _django_kit as dj
from _pyfill_kit import FLASK, HARNESS_PY, PYTEST, STRUCTLOG_SETUP, UVICORN, d, pg, run, serve, with_server
from capture import Case

CASES: list[Case] = []


def case(**kw):
    kw.setdefault("language", "python")
    CASES.append(Case(**kw))


# ==================================================================================================
# incomplete.endpoint
# ==================================================================================================
case(
    id="pyfill-fastapi-pass-body-returns-null",
    label="incomplete.endpoint.stub",
    shape="harness-lines",
    source="https://apipark.com/techblog/en/fastapi-return-null-common-scenarios-and-solutions/",
    source_kind="blog",
    cause="A FastAPI path function whose body never returns anything returns None, which FastAPI serialises as "
          "JSON null with status 200, so an unimplemented handler looks like a successful empty answer.",
    rationale="update_profile in main.py was left with a docstring and 'pass'; PUT /api/profile answers 200 with "
              "the body null, and the harness expecting the updated profile prints 'Expected profile.bio to be ... "
              "but got None'.",
    make=with_server({
        "main.py": d('''
            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI(title="Profiles")
            PROFILE = {"username": "jake", "bio": "", "image": None}


            class ProfileUpdate(BaseModel):
                bio: str | None = None
                image: str | None = None


            @app.get("/api/profile")
            def get_profile():
                return PROFILE


            @app.put("/api/profile")
            def update_profile(update: ProfileUpdate):
                """Update the current user's bio and image."""
                pass
        '''),
        "harness.py": HARNESS_PY,
        "test_profile.py": d('''
            import requests
            from harness import expect_equal, expect_status, main, test, url

            @test
            def update_profile_returns_new_bio():
                r = requests.put(url("/api/profile"), json={"bio": "I work at statefarm"})
                expect_status(r, 200, "PUT /api/profile")
                body = r.json() or {}
                expect_equal(body.get("bio"), "I work at statefarm", "profile.bio")

            main()
        '''),
    }, UVICORN, "python test_profile.py"),
    code=("main.py",),
    libraries=("fastapi", "uvicorn", "requests"), framework="fastapi",
    expect=r"Expected profile\.bio to be 'I work at statefarm' but got None",
)

case(
    id="pyfill-flask-methodview-delete-not-written",
    label="incomplete.endpoint.missing",
    shape="werkzeug",
    source="https://www.mintlify.com/pallets/flask/api/views",
    source_kind="docs",
    cause="A Flask MethodView is registered only for the HTTP methods it defines as methods of the class; a "
          "verb with no method on the class is answered 405 Method Not Allowed.",
    rationale="TaskAPI in app.py implements get and patch but the delete handler the client calls was never "
              "written; the werkzeug log and the client both show DELETE /api/tasks/1 answered 405.",
    make=serve({
        "app.py": d('''
            from flask import Flask, abort, jsonify, request
            from flask.views import MethodView

            app = Flask(__name__)
            TASKS = {1: {"id": 1, "title": "Write report", "done": False}}


            class TaskAPI(MethodView):
                def get(self, task_id):
                    task = TASKS.get(task_id) or abort(404)
                    return jsonify(task)

                def patch(self, task_id):
                    task = TASKS.get(task_id) or abort(404)
                    task.update(request.get_json() or {})
                    return jsonify(task)


            app.add_url_rule("/api/tasks/<int:task_id>", view_func=TaskAPI.as_view("task"))
        '''),
    }, FLASK, [
        {"method": "GET", "path": "/api/tasks/1"},
        {"method": "DELETE", "path": "/api/tasks/1"},
    ]),
    code=("app.py",),
    libraries=("flask",), framework="flask",
    expect=r"DELETE /api/tasks/1 -> 405 METHOD NOT ALLOWED",
)

case(
    id="pyfill-fastapi-service-notimplemented-structlog",
    label="incomplete.endpoint.stub",
    shape="structlog-json",
    source="https://docs.python.org/3/library/exceptions.html",
    source_kind="docs",
    cause="NotImplementedError is the conventional marker for code whose real implementation still has to be "
          "written; when a route reaches such a placeholder the request fails with a server error.",
    rationale="The refund route calls services.refund_order, which only raises NotImplementedError('refunds "
              "are not supported yet'); the app's structlog JSON error line records the exception, uvicorn logs "
              "the 500 and the client sees Internal Server Error.",
    make=serve({
        "logconf.py": STRUCTLOG_SETUP,
        "services.py": d('''
            ORDERS = {42: {"id": 42, "status": "paid", "total_cents": 2599}}


            def get_order(order_id: int) -> dict | None:
                return ORDERS.get(order_id)


            def refund_order(order: dict, reason: str) -> dict:
                # TODO: call the payment provider and store the refund
                raise NotImplementedError("refunds are not supported yet")
        '''),
        "main.py": d('''
            from fastapi import FastAPI, HTTPException, Request
            from fastapi.responses import JSONResponse
            from pydantic import BaseModel

            import services
            from logconf import log

            app = FastAPI(title="Orders")


            @app.exception_handler(Exception)
            async def unhandled(request: Request, exc: Exception):
                log.error("request_failed", path=request.url.path, exc_info=exc)
                return JSONResponse(status_code=500, content={"detail": "Internal Server Error"})


            class RefundIn(BaseModel):
                reason: str


            @app.post("/api/orders/{order_id}/refund")
            def refund(order_id: int, payload: RefundIn):
                order = services.get_order(order_id)
                if order is None:
                    raise HTTPException(status_code=404, detail="Order not found")
                return services.refund_order(order, payload.reason)
        '''),
    }, UVICORN, [{"method": "POST", "path": "/api/orders/42/refund", "json": {"reason": "damaged"}}],
        env={"PYTHONUNBUFFERED": "1"}),
    code=("main.py", "services.py", "logconf.py"),
    libraries=("fastapi", "structlog", "uvicorn"), framework="fastapi",
    expect=r"NotImplementedError: refunds are not supported yet",
)

case(
    id="pyfill-django-comments-url-never-written-debug-page",
    label="incomplete.endpoint.missing",
    shape="django-debug-page",
    source="https://docs.djangoproject.com/en/5.1/topics/http/urls/",
    source_kind="docs",
    cause="Django walks the URL patterns in order and, when none matches the requested path, answers 404 "
          "(with DEBUG on, a page listing the patterns it tried).",
    rationale="articles/urls.py defines the list and detail routes but the comments endpoint the client calls "
              "was never added; the debug 404 page says the current path "
              "api/articles/hello-world/comments/ didn't match any of the listed patterns.",
    make=dj.make({
        "articles/models.py": d('''
            from django.db import models


            class Article(models.Model):
                slug = models.SlugField(unique=True)
                title = models.CharField(max_length=200)
                body = models.TextField()
        '''),
        "articles/views.py": d('''
            from django.http import JsonResponse
            from django.shortcuts import get_object_or_404

            from .models import Article


            def article_list(request):
                data = list(Article.objects.values("slug", "title"))
                return JsonResponse({"articles": data, "articlesCount": len(data)})


            def article_detail(request, slug):
                article = get_object_or_404(Article, slug=slug)
                return JsonResponse({"article": {"slug": article.slug, "title": article.title, "body": article.body}})
        '''),
        "articles/urls.py": d('''
            from django.urls import path

            from . import views

            urlpatterns = [
                path("articles/", views.article_list),
                path("articles/<slug:slug>/", views.article_detail),
            ]
        '''),
    }, mode="page-text", apps=("articles",), requests=[
        {"method": "GET", "path": "/api/articles/"},
        {"method": "GET", "path": "/api/articles/hello-world/comments/"},
    ]),
    code=("articles/urls.py", "articles/views.py", "articles/models.py", "config/urls.py"),
    libraries=("django",), framework="django", database="sqlite",
    expect=r"didn.t match any of these",
)

case(
    id="pyfill-fastapi-501-placeholder-route",
    label="incomplete.endpoint.stub",
    shape="pytest",
    source="https://developer.mozilla.org/en-US/docs/Web/HTTP/Reference/Status/501",
    source_kind="docs",
    cause="501 Not Implemented means the server does not support the functionality the request needs; a "
          "route that still answers 501 is a placeholder whose feature was never implemented.",
    rationale="The export route in main.py only raises HTTPException(status_code=501, detail='CSV export coming "
              "soon'); the pytest test expecting a CSV download fails with 'assert 501 == 200'.",
    make=run({
        "main.py": d('''
            from fastapi import FastAPI, HTTPException

            app = FastAPI(title="Expenses")
            EXPENSES = [
                {"id": 1, "label": "Train ticket", "amount": 42.0},
                {"id": 2, "label": "Hotel", "amount": 180.0},
            ]


            @app.get("/api/expenses")
            def list_expenses():
                return EXPENSES


            @app.get("/api/expenses/export")
            def export_expenses():
                raise HTTPException(status_code=501, detail="CSV export coming soon")
        '''),
        "test_expenses.py": d('''
            from fastapi.testclient import TestClient

            from main import app

            client = TestClient(app)


            def test_list_expenses():
                assert len(client.get("/api/expenses").json()) == 2


            def test_export_returns_csv():
                r = client.get("/api/expenses/export")
                assert r.status_code == 200
                assert r.headers["content-type"].startswith("text/csv")
        '''),
    }, PYTEST),
    code=("main.py",),
    libraries=("fastapi", "pytest"), framework="fastapi",
    expect=r"assert 501 == 200",
)

# ==================================================================================================
# contract.serialization
# ==================================================================================================
case(
    id="pyfill-flask-psycopg-numeric-decimal-json-dumps",
    label="contract.serialization.json_encode",
    shape="werkzeug",
    source="https://tutorialreference.com/python/examples/faq/python-error-typeerror-object-of-type-decimal-is-not-json-serializable",
    source_kind="blog",
    cause="The standard json encoder has no rule for decimal.Decimal and raises TypeError; PostgreSQL NUMERIC "
          "columns come back from psycopg as Decimal values.",
    rationale="The products view builds the body with json.dumps(rows) itself; the price column is "
              "NUMERIC(10,2), so psycopg returns Decimal and the werkzeug log shows TypeError: Object of type "
              "Decimal is not JSON serializable with a 500 for the client.",
    make=pg(serve({
        "app.py": d('''
            import json
            import os

            import psycopg
            from flask import Flask, Response
            from psycopg.rows import dict_row

            DATABASE_URL = os.environ["DATABASE_URL"]
            app = Flask(__name__)

            with psycopg.connect(DATABASE_URL, autocommit=True) as conn:
                conn.execute("CREATE TABLE IF NOT EXISTS products (id serial PRIMARY KEY, name text NOT NULL, price numeric(10,2) NOT NULL)")
                if conn.execute("SELECT count(*) FROM products").fetchone()[0] == 0:
                    conn.execute("INSERT INTO products (name, price) VALUES ('Notebook', 4.50), ('Fountain pen', 27.90)")


            @app.get("/api/products")
            def list_products():
                with psycopg.connect(DATABASE_URL, row_factory=dict_row) as conn:
                    rows = conn.execute("SELECT id, name, price FROM products ORDER BY id").fetchall()
                return Response(json.dumps({"products": rows}), mimetype="application/json")
        '''),
    }, FLASK, [{"method": "GET", "path": "/api/products"}])),
    code=("app.py",),
    libraries=("flask", "psycopg"), framework="flask", database="postgres",
    expect=r"TypeError: Object of type Decimal is not JSON serializable",
)

case(
    id="pyfill-fastapi-response-model-int-id-uuid",
    label="contract.serialization.response_validation",
    shape="uvicorn",
    source="http://www.taourl.com/read-3036233.html",
    source_kind="qa",
    cause="FastAPI validates the returned data against response_model; a value whose type does not match the "
          "declared field (here a UUID string for an int id) raises ResponseValidationError and a 500.",
    rationale="TicketOut declares id: int, but create_ticket stores and returns str(uuid4()) as the id; uvicorn "
              "logs fastapi.exceptions.ResponseValidationError with int_parsing 'Input should be a valid "
              "integer' and the client gets 500.",
    make=serve({
        "main.py": d('''
            from uuid import uuid4

            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI(title="Helpdesk")
            TICKETS: dict[str, dict] = {}


            class TicketIn(BaseModel):
                subject: str
                priority: str = "normal"


            class TicketOut(BaseModel):
                id: int
                subject: str
                priority: str
                status: str


            @app.post("/api/tickets", response_model=TicketOut, status_code=201)
            def create_ticket(payload: TicketIn):
                ticket = {"id": str(uuid4()), "status": "open", **payload.model_dump()}
                TICKETS[ticket["id"]] = ticket
                return ticket
        '''),
    }, UVICORN, [{"method": "POST", "path": "/api/tickets", "json": {"subject": "Printer on fire"}}]),
    code=("main.py",),
    libraries=("fastapi", "pydantic", "uvicorn"), framework="fastapi",
    expect=r"ResponseValidationError",
)

case(
    id="pyfill-aiohttp-asyncpg-uuid-json-response",
    label="contract.serialization.json_encode",
    shape="aiohttp",
    source="https://www.stacklesson.com/react-fastapi/pg-python/ch20-lesson-04-result-serialisation-and-type-mapping/",
    source_kind="blog",
    cause="asyncpg decodes PostgreSQL uuid columns into uuid.UUID objects, which the standard json encoder "
          "cannot serialise unless they are converted to strings first.",
    rationale="The sessions handler passes asyncpg rows straight to web.json_response; the id column is uuid, "
              "so aiohttp's json.dumps raises TypeError: Object of type UUID is not JSON serializable and the "
              "client gets 500.",
    make=pg(serve({
        "app.py": d('''
            import os

            import asyncpg
            from aiohttp import web


            async def init_db(app: web.Application) -> None:
                app["pool"] = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=4)
                async with app["pool"].acquire() as conn:
                    await conn.execute(
                        "CREATE TABLE IF NOT EXISTS sessions ("
                        " id uuid PRIMARY KEY DEFAULT gen_random_uuid(), username text NOT NULL, device text)"
                    )
                    await conn.execute("INSERT INTO sessions (username, device) VALUES ('mira', 'laptop')")


            async def close_db(app: web.Application) -> None:
                await app["pool"].close()


            async def list_sessions(request: web.Request) -> web.Response:
                rows = await request.app["pool"].fetch("SELECT id, username, device FROM sessions")
                return web.json_response({"sessions": [dict(r) for r in rows]})


            app = web.Application()
            app.on_startup.append(init_db)
            app.on_cleanup.append(close_db)
            app.router.add_get("/api/sessions", list_sessions)

            if __name__ == "__main__":
                web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
    }, "exec python -u app.py", [{"method": "GET", "path": "/api/sessions"}])),
    code=("app.py",),
    libraries=("aiohttp", "asyncpg"), framework="aiohttp", database="postgres",
    expect=r"TypeError: Object of type UUID is not JSON serializable",
)
