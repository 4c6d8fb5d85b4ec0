"""client group, Python side (Flask, FastAPI, aiohttp): cases seen from the client or test runner."""

from __future__ import annotations

from _client_kit import FLASK, HARNESS_PY, PYTEST, UVICORN, case, d, run, serve, with_server

PY = dict(language="python")

# --------------------------------------------------------------------------------------------------
# auth.config: a Secure session cookie over plain http never comes back from the client
# --------------------------------------------------------------------------------------------------
case(
    id="client-flask-secure-session-cookie-http",
    label="auth.config",
    shape="harness-lines",
    source="https://tooli.top/posts/flask_cookie_security",
    source_kind="blog",
    cause="A cookie flagged Secure is only sent back over HTTPS; with SESSION_COOKIE_SECURE on, a client "
          "talking plain http to the dev server stores the session cookie but never returns it.",
    rationale="app.py sets SESSION_COOKIE_SECURE=True and the harness runs over http://127.0.0.1; login answers "
              "200 with a Secure Set-Cookie, the next GET /api/user carries no cookie and gets 401, while the "
              "werkzeug log shows only ordinary access lines.",
    make=with_server({
        "app.py": d('''
            from flask import Flask, jsonify, request, session

            app = Flask(__name__)
            app.config.update(SECRET_KEY="dev-key", SESSION_COOKIE_SECURE=True, SESSION_COOKIE_HTTPONLY=True)
            USERS = {"jake@jake.jake": {"username": "jake", "password": "jakejake"}}

            @app.post("/api/users/login")
            def login():
                creds = request.get_json()["user"]
                user = USERS.get(creds["email"])
                if not user or user["password"] != creds["password"]:
                    return jsonify(errors={"body": ["invalid credentials"]}), 401
                session["email"] = creds["email"]
                return jsonify(user={"email": creds["email"], "username": user["username"]})

            @app.get("/api/user")
            def current_user():
                email = session.get("email")
                if email is None:
                    return jsonify(errors={"body": ["not logged in"]}), 401
                return jsonify(user={"email": email, "username": USERS[email]["username"]})
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_status, main, test, url

            @test
            def login_and_fetch_current_user():
                s = requests.Session()
                r = s.post(url("/api/users/login"), json={"user": {"email": "jake@jake.jake", "password": "jakejake"}})
                expect_status(r, 200, "POST /api/users/login")
                r = s.get(url("/api/user"))
                expect_status(r, 200, "GET /api/user with the session cookie")

            main()
        '''),
    }, FLASK, "python test_api.py"),
    libraries=("flask", "requests"), framework="flask",
    expect=r"Expected 200 but got 401 for GET /api/user", **PY,
)

# --------------------------------------------------------------------------------------------------
# logic.business.status_code: a catch-all error handler swallows HTTP errors
# --------------------------------------------------------------------------------------------------
case(
    id="client-flask-errorhandler-exception-404-as-500",
    label="logic.business.status_code",
    shape="pytest",
    source="https://docs.mewrite.jp/errors/python/flask-errorhandler-catches-404",
    source_kind="blog",
    cause="Flask's HTTP errors (NotFound, Forbidden, ...) are Exception subclasses, so an "
          "@app.errorhandler(Exception) safety net also catches abort(404) and answers 500 instead.",
    rationale="The article view calls abort(404) for an unknown slug, but the app registers a handler for "
              "Exception that always returns a 500 JSON body; pytest's check for 404 fails with 'assert 500 == 404'.",
    make=run({
        "app.py": d('''
            from flask import Flask, abort, jsonify

            app = Flask(__name__)
            ARTICLES = {"how-to-train-your-dragon": {"slug": "how-to-train-your-dragon", "title": "How to train your dragon"}}

            @app.get("/api/articles/<slug>")
            def get_article(slug):
                article = ARTICLES.get(slug)
                if article is None:
                    abort(404)
                return jsonify(article=article)

            @app.errorhandler(Exception)
            def handle_unexpected(err):
                app.logger.error("unhandled error: %r", err)
                return jsonify(errors={"body": ["internal server error"]}), 500
        '''),
        "test_articles.py": d('''
            from app import app

            def test_get_existing_article():
                r = app.test_client().get("/api/articles/how-to-train-your-dragon")
                assert r.status_code == 200

            def test_unknown_article_is_404():
                r = app.test_client().get("/api/articles/no-such-article")
                assert r.status_code == 404
        '''),
    }, PYTEST),
    libraries=("flask", "pytest"), framework="flask",
    expect=r"assert 500 == 404", **PY,
)

case(
    id="client-fastapi-except-exception-403-as-400",
    label="logic.business.status_code",
    shape="harness-lines",
    source="https://www.garudax.id/posts/revathy-ramalingam_fastapi-backenddevelopment-python-activity-7442859074163163136-pQRM",
    source_kind="blog",
    cause="HTTPException is an ordinary exception, so a broad 'except Exception' around the handler body also "
          "catches the 403/404 the handler raises and replaces its status with the catch-all's.",
    rationale="delete_article raises HTTPException(403) for a non-author inside try/except Exception, which "
              "re-raises everything as 400; the harness expects 403 and prints 'Expected 403 but got 400', and "
              "uvicorn's access log only shows the 400.",
    make=with_server({
        "main.py": d('''
            from fastapi import FastAPI, Header, HTTPException

            app = FastAPI()
            ARTICLES = {"dragons": {"slug": "dragons", "author": "jake"}}

            @app.delete("/api/articles/{slug}")
            def delete_article(slug: str, authorization: str = Header(default="")):
                try:
                    user = authorization.removeprefix("Token ").strip()
                    article = ARTICLES.get(slug)
                    if article is None:
                        raise HTTPException(status_code=404, detail="article not found")
                    if article["author"] != user:
                        raise HTTPException(status_code=403, detail="only the author may delete this article")
                    del ARTICLES[slug]
                    return {}
                except Exception as exc:
                    raise HTTPException(status_code=400, detail=f"could not delete article: {exc}")
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_status, main, test, url

            @test
            def non_author_cannot_delete_article():
                r = requests.delete(url("/api/articles/dragons"), headers={"Authorization": "Token celeb_jane"})
                expect_status(r, 403, "DELETE /api/articles/dragons as a non-author")

            @test
            def deleting_unknown_article_is_404():
                r = requests.delete(url("/api/articles/nope"), headers={"Authorization": "Token jake"})
                expect_status(r, 404, "DELETE /api/articles/nope")

            main()
        '''),
    }, UVICORN, "python test_api.py"),
    libraries=("fastapi", "uvicorn", "requests"), framework="fastapi",
    expect=r"Expected 403 but got 400 for DELETE", **PY,
)

# --------------------------------------------------------------------------------------------------
# contract.shape: plain text returned as a JSON string; a null field dropped from the response
# --------------------------------------------------------------------------------------------------
case(
    id="client-fastapi-plain-text-json-quoted",
    label="contract.shape",
    shape="pytest",
    source="https://fastapi.tiangolo.com/advanced/custom-response/?h=file",
    source_kind="docs",
    cause="FastAPI sends whatever a path operation returns as JSON by default; a str becomes a quoted JSON "
          "string with application/json unless the route declares PlainTextResponse.",
    rationale="The contract says GET /api/health answers text/plain 'ok'; the route returns the str 'ok' with "
              "no response_class, so the test client sees the body '\"ok\"' and pytest fails on the comparison.",
    make=run({
        "main.py": d('''
            from fastapi import FastAPI

            app = FastAPI()

            @app.get("/api/health")
            def health():
                return "ok"
        '''),
        "test_health.py": d('''
            from fastapi.testclient import TestClient
            from main import app

            client = TestClient(app)

            def test_health_is_plain_text():
                r = client.get("/api/health")
                assert r.status_code == 200
                assert r.text == "ok"
                assert r.headers["content-type"].startswith("text/plain")
        '''),
    }, PYTEST),
    libraries=("fastapi", "httpx", "pytest"), framework="fastapi",
    expect=r"""assert '"ok"' == 'ok'""", **PY,
)

case(
    id="client-fastapi-exclude-none-drops-bio",
    label="contract.shape.missing_field",
    shape="unittest",
    source="https://cloud.tencent.com/developer/information/%E5%A6%82%E4%BD%95%E4%BD%BF%E7%94%A8FastAPI%E7%9A%84%22response_model_exclude_none%3DTrue%E2%80%9C%E4%BB%8E%E5%B5%8C%E5%A5%97%E6%A8%A1%E5%9E%8B%E4%B8%AD%E6%8E%92%E9%99%A4%22None%E2%80%9D%E5%80%BC%EF%BC%9F",
    source_kind="blog",
    cause="response_model_exclude_none=True makes FastAPI leave out every field whose value is None, so keys the "
          "contract requires with a null value disappear from the response.",
    rationale="The profile route sets response_model_exclude_none=True; a user without bio or image gets a "
              "profile object lacking both keys, and the unittest that checks the contract's key set fails.",
    make=run({
        "main.py": d('''
            from typing import Optional

            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()

            class Profile(BaseModel):
                username: str
                bio: Optional[str] = None
                image: Optional[str] = None
                following: bool = False

            class ProfileEnvelope(BaseModel):
                profile: Profile

            USERS = {"jake": {"username": "jake", "bio": None, "image": None}}

            @app.get("/api/profiles/{username}", response_model=ProfileEnvelope, response_model_exclude_none=True)
            def get_profile(username: str):
                return {"profile": {**USERS[username], "following": False}}
        '''),
        "test_profiles.py": d('''
            import unittest

            from fastapi.testclient import TestClient
            from main import app


            class ProfileContract(unittest.TestCase):
                def test_profile_has_all_contract_keys(self):
                    r = TestClient(app).get("/api/profiles/jake")
                    self.assertEqual(r.status_code, 200)
                    self.assertEqual(sorted(r.json()["profile"]), ["bio", "following", "image", "username"])


            if __name__ == "__main__":
                unittest.main()
        '''),
    }, "python -m unittest -v test_profiles"),
    libraries=("fastapi", "pydantic", "httpx"), framework="fastapi",
    expect=r"AssertionError: Lists differ", **PY,
)

# --------------------------------------------------------------------------------------------------
# framework.wiring: body parsing and trailing slashes
# --------------------------------------------------------------------------------------------------
case(
    id="client-fastapi-uploadfile-gets-text-field",
    label="framework.wiring.body_parsing",
    shape="python-traceback",
    source="https://bugstack.ai/errors/fastapi-file-upload-error",
    source_kind="blog",
    cause="A parameter declared as UploadFile must arrive as a file part of a multipart body; when the client "
          "sends the same field as a plain text form value, FastAPI's validation rejects the request with 422.",
    rationale="The avatar route declares image: UploadFile while the client sends image as an ordinary form "
              "field holding a URL; requests' raise_for_status prints the 422 HTTPError and uvicorn logs the 422.",
    make=with_server({
        "main.py": d('''
            from fastapi import FastAPI, UploadFile

            app = FastAPI()

            @app.put("/api/user/image")
            async def set_image(image: UploadFile):
                data = await image.read()
                return {"user": {"image": image.filename, "size": len(data)}}
        '''),
        "client.py": d('''
            import os
            import requests

            base = f"http://127.0.0.1:{os.environ['PORT']}"
            r = requests.put(f"{base}/api/user/image", files={"image": (None, "https://cdn.example.com/jake.png")})
            print(r.text)
            r.raise_for_status()
        '''),
    }, UVICORN, "python client.py"),
    libraries=("fastapi", "python-multipart", "requests"), framework="fastapi",
    expect=r"requests\.exceptions\.HTTPError: 422 Client Error: Unprocessable Entity", **PY,
)

case(
    id="client-fastapi-trailing-slash-307-post",
    label="framework.wiring.trailing_slash",
    shape="status-line",
    source="https://new-notes.kodekloud.com/docs/Python-API-Development-with-FastAPI/Testing/Trailing-Slashes-In-Path/page",
    source_kind="blog",
    cause="A FastAPI path declared with a trailing slash answers the slash-less path with a 307 redirect "
          "instead of running the handler, so a client expecting 201 sees 307.",
    rationale="The create route is '/api/articles/' and the client POSTs '/api/articles'; uvicorn logs "
              "'307 Temporary Redirect' and the client, which does not re-send the POST, reports 307.",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()

            class NewArticle(BaseModel):
                title: str
                body: str

            @app.post("/api/articles/", status_code=201)
            def create_article(article: NewArticle):
                return {"article": {"slug": article.title.lower().replace(" ", "-"), **article.model_dump()}}
        '''),
    }, UVICORN, [{"method": "POST", "path": "/api/articles", "json": {"title": "Hello", "body": "x"}}]),
    libraries=("fastapi", "uvicorn"), framework="fastapi",
    expect=r"POST /api/articles -> 307 Temporary Redirect", **PY,
)

# --------------------------------------------------------------------------------------------------
# logic.state.not_persisted: AsyncSession.commit() called without await
# --------------------------------------------------------------------------------------------------
case(
    id="client-fastapi-async-commit-not-awaited",
    label="logic.state.not_persisted",
    shape="harness-lines",
    source="https://php.bkmy88.com/faq/2121719.html",
    source_kind="blog",
    cause="Every AsyncSession operation is a coroutine; calling session.commit() without await only creates "
          "the coroutine, the transaction is never committed and is rolled back when the session closes.",
    rationale="create_article calls db.commit() without await and still answers 201; the follow-up GET by slug "
              "finds nothing and the harness prints 'Expected 200 but got 404', while the server log carries only "
              "a RuntimeWarning that the commit coroutine was never awaited.",
    make=with_server({
        "main.py": d('''
            from fastapi import Depends, FastAPI, HTTPException
            from pydantic import BaseModel
            from sqlalchemy import String, select
            from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker, create_async_engine
            from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

            engine = create_async_engine("sqlite+aiosqlite:///./app.db")
            SessionLocal = async_sessionmaker(engine, expire_on_commit=False)

            class Base(DeclarativeBase):
                pass

            class Article(Base):
                __tablename__ = "articles"
                id: Mapped[int] = mapped_column(primary_key=True)
                slug: Mapped[str] = mapped_column(String(200), unique=True)
                title: Mapped[str] = mapped_column(String(200))

            app = FastAPI()

            @app.on_event("startup")
            async def create_tables():
                async with engine.begin() as conn:
                    await conn.run_sync(Base.metadata.create_all)

            async def get_db():
                async with SessionLocal() as session:
                    yield session

            class NewArticle(BaseModel):
                title: str

            @app.post("/api/articles", status_code=201)
            async def create_article(body: NewArticle, db: AsyncSession = Depends(get_db)):
                article = Article(slug=body.title.lower().replace(" ", "-"), title=body.title)
                db.add(article)
                db.commit()
                return {"article": {"slug": article.slug, "title": article.title}}

            @app.get("/api/articles/{slug}")
            async def get_article(slug: str, db: AsyncSession = Depends(get_db)):
                article = (await db.execute(select(Article).where(Article.slug == slug))).scalar_one_or_none()
                if article is None:
                    raise HTTPException(404, "article not found")
                return {"article": {"slug": article.slug, "title": article.title}}
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_status, main, test, url

            @test
            def create_then_read_article():
                r = requests.post(url("/api/articles"), json={"title": "How to train your dragon"})
                expect_status(r, 201, "POST /api/articles")
                slug = r.json()["article"]["slug"]
                r = requests.get(url(f"/api/articles/{slug}"))
                expect_status(r, 200, f"GET /api/articles/{slug}")

            main()
        '''),
    }, "python -W default -m uvicorn main:app --port $PORT", "python test_api.py"),
    libraries=("fastapi", "sqlalchemy", "aiosqlite", "requests"), framework="fastapi", database="sqlite",
    expect=r"Expected 200 but got 404 for GET /api/articles/how-to-train-your-dragon", **PY,
)

# --------------------------------------------------------------------------------------------------
# aiohttp: an auth middleware on every route; request.post() used for a JSON body
# --------------------------------------------------------------------------------------------------
case(
    id="client-aiohttp-auth-middleware-blocks-register",
    label="auth.config.public_route",
    shape="harness-lines",
    source="https://us-pycon-2019-tutorial.readthedocs.io/aiohttp_middlewares.html",
    source_kind="docs",
    cause="An aiohttp middleware passed to web.Application runs for every route of the application; a token "
          "check written as middleware also guards registration and login unless those paths are exempted.",
    rationale="auth_middleware rejects requests without an Authorization header and is installed app-wide; the "
              "harness's registration (no token yet, by design) gets 401, so the later login step never runs.",
    make=with_server({
        "server.py": d('''
            import logging
            import os
            from aiohttp import web

            logging.basicConfig(level=logging.INFO)

            USERS = {}

            @web.middleware
            async def auth_middleware(request, handler):
                header = request.headers.get("Authorization", "")
                if not header.startswith("Token "):
                    return web.json_response({"errors": {"body": ["missing token"]}}, status=401)
                request["user"] = USERS.get(header[6:])
                return await handler(request)

            async def register(request):
                user = (await request.json())["user"]
                USERS[user["username"]] = user
                return web.json_response({"user": {"username": user["username"], "token": user["username"]}}, status=201)

            async def current_user(request):
                return web.json_response({"user": request["user"]})

            app = web.Application(middlewares=[auth_middleware])
            app.router.add_post("/api/users", register)
            app.router.add_get("/api/user", current_user)

            if __name__ == "__main__":
                web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_status, main, test, url

            @test
            def register_new_user():
                r = requests.post(url("/api/users"), json={"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}})
                expect_status(r, 201, "POST /api/users (registration)")

            main()
        '''),
    }, "python -u server.py", "python test_api.py"),
    libraries=("aiohttp", "requests"), framework="aiohttp",
    expect=r"Expected 201 but got 401 for POST /api/users", **PY,
)

case(
    id="client-aiohttp-request-post-on-json-body",
    label="framework.wiring.body_parsing",
    shape="status-line",
    source="https://proxiesapi.com/articles/processing-json-requests-with-aiohttp-in-python",
    source_kind="blog",
    cause="In aiohttp a JSON request body is read with await request.json(); request.post() only decodes "
          "form-encoded and multipart bodies and gives an empty mapping for application/json.",
    rationale="The login handler reads credentials with await request.post(); the client sends JSON, the "
              "mapping is empty, and the handler's own validation answers 422 'email can't be blank' for a valid body.",
    make=serve({
        "server.py": d('''
            import logging
            import os
            from aiohttp import web

            logging.basicConfig(level=logging.INFO)

            async def login(request):
                form = await request.post()
                email = form.get("email")
                if not email:
                    return web.json_response({"errors": {"email": ["can't be blank"]}}, status=422)
                return web.json_response({"user": {"email": email, "token": "t"}})

            app = web.Application()
            app.router.add_post("/api/users/login", login)

            if __name__ == "__main__":
                web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
    }, "python -u server.py", [{"method": "POST", "path": "/api/users/login",
                                "json": {"email": "jake@jake.jake", "password": "jakejake"}}]),
    libraries=("aiohttp",), framework="aiohttp",
    expect=r"POST /api/users/login -> 422 Unprocessable Entity", **PY,
)

# --------------------------------------------------------------------------------------------------
# Flask: g used as a store; json.dumps returned as text/html; a rate limit nobody asked for
# --------------------------------------------------------------------------------------------------
case(
    id="client-flask-g-used-as-store",
    label="logic.state.not_persisted",
    shape="harness-lines",
    source="https://pcds.co.in/iqa/what-is-the-g-object-in-flask-how-does-it-differ-from-the-session-object.php",
    source_kind="blog",
    cause="flask.g lives on the application context of one request and is discarded afterwards; data "
          "stored on it is gone by the next request.",
    rationale="The create view appends the new todo to g.todos and answers 201; the list view in the next "
              "request starts from an empty g, so the harness finds an empty list and reports the mismatch.",
    make=with_server({
        "app.py": d('''
            from flask import Flask, g, jsonify, request

            app = Flask(__name__)

            def todos():
                if "todos" not in g:
                    g.todos = []
                return g.todos

            @app.post("/api/todos")
            def create_todo():
                todo = {"id": len(todos()) + 1, "title": request.get_json()["title"], "done": False}
                todos().append(todo)
                return jsonify(todo), 201

            @app.get("/api/todos")
            def list_todos():
                return jsonify(todos())
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_equal, expect_status, main, test, url

            @test
            def created_todo_is_listed():
                r = requests.post(url("/api/todos"), json={"title": "write tests"})
                expect_status(r, 201, "POST /api/todos")
                r = requests.get(url("/api/todos"))
                expect_status(r, 200, "GET /api/todos")
                expect_equal(len(r.json()), 1, "number of todos after one create")

            main()
        '''),
    }, FLASK, "python test_api.py"),
    libraries=("flask", "requests"), framework="flask",
    expect=r"Expected number of todos after one create to be 1 but got 0", **PY,
)

case(
    id="client-flask-json-dumps-text-html",
    label="contract.shape",
    shape="harness-lines",
    source="https://koenwoortman.com/python-flask-return-json-response/",
    source_kind="blog",
    cause="A string returned from a Flask view is sent as text/html; json.dumps produces such a string, so "
          "the body is JSON text but the response does not declare application/json.",
    rationale="The tags view returns json.dumps({...}); the harness's content-type check prints 'Expected "
              "header Content-Type to contain application/json but got text/html; charset=utf-8'.",
    make=with_server({
        "app.py": d('''
            import json
            from flask import Flask

            app = Flask(__name__)

            @app.get("/api/tags")
            def tags():
                return json.dumps({"tags": ["dragons", "training"]})
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_header, expect_status, main, test, url

            @test
            def tags_are_served_as_json():
                r = requests.get(url("/api/tags"))
                expect_status(r, 200, "GET /api/tags")
                expect_header(r, "Content-Type", "application/json", "GET /api/tags")

            main()
        '''),
    }, FLASK, "python test_api.py"),
    libraries=("flask", "requests"), framework="flask",
    expect=r"Expected header Content-Type to contain 'application/json' but got 'text/html; charset=utf-8'", **PY,
)

case(
    id="client-flask-invented-rate-limit-429",
    label="logic.business.rule",
    shape="pytest",
    source="https://dev.to/kushoai/how-to-test-rate-limited-and-throttled-apis-without-breaking-workflows-8oa",
    source_kind="blog",
    cause="A request limit answers 429 Too Many Requests once a client exceeds its quota; a limiter the "
          "specification never asked for makes an ordinary test suite trip it.",
    rationale="app.py wraps article creation in a home-made limit of 3 requests per minute per client; the "
              "pytest that creates five articles in a row gets 429 on the fourth and fails 'assert 429 == 201'.",
    make=run({
        "app.py": d('''
            import time
            from collections import defaultdict, deque
            from functools import wraps

            from flask import Flask, jsonify, request

            app = Flask(__name__)
            ARTICLES = []
            _hits = defaultdict(deque)

            def rate_limited(limit, per):
                def deco(view):
                    @wraps(view)
                    def wrapper(*args, **kwargs):
                        now = time.monotonic()
                        q = _hits[request.remote_addr]
                        while q and now - q[0] > per:
                            q.popleft()
                        if len(q) >= limit:
                            return jsonify(errors={"body": ["too many requests, slow down"]}), 429
                        q.append(now)
                        return view(*args, **kwargs)
                    return wrapper
                return deco

            @app.post("/api/articles")
            @rate_limited(limit=3, per=60)
            def create_article():
                article = request.get_json()["article"]
                ARTICLES.append(article)
                return jsonify(article=article), 201
        '''),
        "test_articles.py": d('''
            import pytest
            from app import app

            @pytest.mark.parametrize("n", range(5))
            def test_create_article(n):
                r = app.test_client().post("/api/articles", json={"article": {"title": f"Post {n}", "body": "b"}})
                assert r.status_code == 201
        '''),
    }, PYTEST),
    libraries=("flask", "pytest"), framework="flask",
    expect=r"assert 429 == 201", **PY,
)

# --------------------------------------------------------------------------------------------------
# logic.state: a read path cached with lru_cache serves stale data after an update
# --------------------------------------------------------------------------------------------------
case(
    id="client-fastapi-lru-cache-stale-read",
    label="logic.state",
    shape="harness-lines",
    source="http://orbifold.xyz/local-lru.html",
    source_kind="blog",
    cause="functools.lru_cache keeps results in module-global state shared by every request; caching a "
          "database lookup keeps serving the first result after the row has been updated.",
    rationale="load_article(slug) is decorated with @lru_cache and the PUT route updates SQLite without "
              "clearing it; the update answers 200 with the new title, but the follow-up GET returns the cached "
              "old title and the harness prints the mismatch.",
    make=with_server({
        "main.py": d('''
            import sqlite3
            from functools import lru_cache

            from fastapi import FastAPI, HTTPException

            DB = "app.db"
            app = FastAPI()

            def connect():
                conn = sqlite3.connect(DB)
                conn.row_factory = sqlite3.Row
                return conn

            with connect() as conn:
                conn.execute("CREATE TABLE IF NOT EXISTS articles (slug TEXT PRIMARY KEY, title TEXT, body TEXT)")
                conn.execute("INSERT OR REPLACE INTO articles VALUES ('dragons', 'Dragons', 'b')")

            @lru_cache(maxsize=256)
            def load_article(slug: str):
                with connect() as conn:
                    row = conn.execute("SELECT slug, title, body FROM articles WHERE slug = ?", (slug,)).fetchone()
                return dict(row) if row else None

            @app.get("/api/articles/{slug}")
            def get_article(slug: str):
                article = load_article(slug)
                if article is None:
                    raise HTTPException(404, "article not found")
                return {"article": article}

            @app.put("/api/articles/{slug}")
            def update_article(slug: str, body: dict):
                title = body["article"]["title"]
                with connect() as conn:
                    conn.execute("UPDATE articles SET title = ? WHERE slug = ?", (title, slug))
                    row = conn.execute("SELECT slug, title, body FROM articles WHERE slug = ?", (slug,)).fetchone()
                return {"article": dict(row)}
        '''),
        "harness.py": HARNESS_PY,
        "test_api.py": d('''
            import requests
            from harness import expect_equal, expect_status, main, test, url

            @test
            def update_then_read_article():
                r = requests.get(url("/api/articles/dragons"))
                expect_status(r, 200, "GET /api/articles/dragons")
                r = requests.put(url("/api/articles/dragons"), json={"article": {"title": "Training dragons"}})
                expect_status(r, 200, "PUT /api/articles/dragons")
                r = requests.get(url("/api/articles/dragons"))
                expect_status(r, 200, "GET /api/articles/dragons after the update")
                expect_equal(r.json()["article"]["title"], "Training dragons", "article.title after the update")

            main()
        '''),
    }, UVICORN, "python test_api.py"),
    libraries=("fastapi", "uvicorn", "requests"), framework="fastapi", database="sqlite",
    expect=r"Expected article\.title after the update to be 'Training dragons' but got 'Dragons'", **PY,
)
