"""Python web frameworks (Flask/Werkzeug, FastAPI/Starlette/pydantic, aiohttp, PyJWT, passlib/bcrypt):
real failure situations, reproduced on the real libraries under the real servers and test runners.

Every program below is our own minimal reconstruction of a situation a public page reports; the
captured text is what the run printed. Helpers live in ``_pyweb_helpers.py``.
"""

from __future__ import annotations

import json
import subprocess
import time

from _pyweb_helpers import FLASK, GUNICORN, PYTEST, UVICORN, d, fence, hide_packages, html_pre, occupy_port, run, serve, ts_cmd
from capture import Case, _stop, _wait_port, status_lines

CASES: list[Case] = []


def case(**kw):
    kw.setdefault("language", "python")
    CASES.append(Case(**kw))


# --------------------------------------------------------------------------------------------------
# framework.wiring
# --------------------------------------------------------------------------------------------------

case(
    id="pyweb-flask-builderror-blueprint-prefix",
    label="framework.wiring.route_missing",
    shape="werkzeug",
    source="https://bugstack.ai/errors/flask-werkzeug-routing-error",
    source_kind="blog",
    cause="url_for was given the bare view name although the view lives on a blueprint, so its endpoint "
          "carries the blueprint prefix and Werkzeug cannot build a URL for the bare name.",
    rationale="The login view redirects with url_for('profile') while the route is registered as "
              "'users.profile'; the dev server logs werkzeug BuildError with a 'Did you mean' hint.",
    make=serve({
        "app.py": d('''
            from flask import Flask, Blueprint, redirect, url_for

            users = Blueprint("users", __name__, url_prefix="/users")

            @users.route("/me")
            def profile():
                return {"user": "jane"}

            app = Flask(__name__)
            app.register_blueprint(users)

            @app.post("/login")
            def login():
                return redirect(url_for("profile"))
        '''),
    }, FLASK, [{"method": "POST", "path": "/login", "json": {"email": "jane@example.com"}}]),
    libraries=("flask", "werkzeug"), framework="flask",
    expect=r"BuildError: Could not build url for endpoint 'profile'",
)

case(
    id="pyweb-flask-app-context-seed-script",
    label="framework.wiring.app_config",
    shape="bare-exception",
    source="https://flask-sqlalchemy.palletsprojects.com/en/latest/contexts/",
    source_kind="docs",
    cause="Flask-SQLAlchemy needs an active application context for db.session and db.create_all; a "
          "stand-alone script that touches the database without app.app_context() fails.",
    rationale="seed.py imports the app's db and calls db.create_all() at module level with no app "
              "context; the script's own handler prints RuntimeError 'Working outside of application context'.",
    make=run({
        "app.py": d('''
            from flask import Flask
            from flask_sqlalchemy import SQLAlchemy

            db = SQLAlchemy()

            def create_app():
                app = Flask(__name__)
                app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///dev.db"
                db.init_app(app)
                return app

            class User(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                email = db.Column(db.String(120), unique=True)
        '''),
        "seed.py": d('''
            import sys
            from app import create_app, db, User

            app = create_app()
            try:
                db.create_all()
                db.session.add(User(email="admin@example.com"))
                db.session.commit()
                print("seeded")
            except Exception as e:
                print(f"seed failed: {type(e).__module__}.{type(e).__name__}: {str(e).splitlines()[0]}")
                sys.exit(1)
        '''),
    }, "python seed.py"),
    libraries=("flask", "flask-sqlalchemy"), framework="flask",
    expect=r"builtins\.RuntimeError: Working outside of application context",
)

case(
    id="pyweb-flask-405-post-not-allowed",
    label="framework.wiring.method_not_allowed",
    shape="status-line",
    source="https://www.codingeasypeasy.com/blog/fixing-method-not-allowed-405-errors-in-flask-a-comprehensive-guide",
    source_kind="blog",
    cause="A Flask route without a methods argument only accepts GET (plus HEAD/OPTIONS); POSTing to it "
          "is answered with 405 before the view runs.",
    rationale="The articles route checks request.method == 'POST' but the decorator lists no methods; "
              "the client sees 405 METHOD NOT ALLOWED on POST while GET works.",
    make=serve({
        "app.py": d('''
            from flask import Flask, request, jsonify

            app = Flask(__name__)
            ARTICLES = []

            @app.route("/api/articles")
            def articles():
                if request.method == "POST":
                    ARTICLES.append(request.get_json()["article"])
                    return jsonify(article=ARTICLES[-1]), 201
                return jsonify(articles=ARTICLES, articlesCount=len(ARTICLES))
        '''),
    }, FLASK, [
        {"method": "GET", "path": "/api/articles"},
        {"method": "POST", "path": "/api/articles", "json": {"article": {"title": "Hi"}}},
    ]),
    libraries=("flask",), framework="flask",
    expect=r"POST /api/articles -> 405 METHOD NOT ALLOWED",
)

case(
    id="pyweb-flask-trailing-slash-308",
    label="framework.wiring.trailing_slash",
    shape="werkzeug",
    source="https://stackoverflow.com/questions/21050320/flask-301-response",
    source_kind="qa",
    cause="A Flask rule declared with a trailing slash is canonical with the slash; a request to the "
          "path without it is answered by Werkzeug's routing with a redirect instead of the view.",
    rationale="The route is '/api/users/' and the client POSTs '/api/users'; werkzeug logs a 308 for the "
              "POST and the client, which does not re-send the body, never reaches the view.",
    make=serve({
        "app.py": d('''
            from flask import Flask, request

            app = Flask(__name__)

            @app.route("/api/users/", methods=["POST"])
            def register():
                user = request.get_json()["user"]
                return {"user": {"username": user["username"]}}, 201
        '''),
    }, FLASK, [{"method": "POST", "path": "/api/users", "json": {"user": {"username": "jane"}}}]),
    libraries=("flask", "werkzeug"), framework="flask",
    expect=r'POST /api/users HTTP/1.1\S{0,8}" 308',
)

case(
    id="pyweb-flask-request-json-415",
    label="framework.wiring.body_parsing",
    shape="status-line",
    source="https://openillumi.com/en/en-flask-restful-content-type-error-fix",
    source_kind="blog",
    cause="request.json / get_json() only parse a body whose Content-Type is application/json; a client "
          "that sends form-encoded data gets 415 Unsupported Media Type.",
    rationale="The client posts form-encoded fields (as requests' data= does) to a view reading "
              "request.json; the response is 415 with Flask's 'Did not attempt to load JSON data' text.",
    make=serve({
        "app.py": d('''
            from flask import Flask, request

            app = Flask(__name__)

            @app.post("/api/users/login")
            def login():
                body = request.json
                return {"user": {"email": body["email"], "token": "t"}}
        '''),
    }, FLASK, [{"method": "POST", "path": "/api/users/login", "body": "email=jane%40example.com&password=pw",
                "headers": {"Content-Type": "application/x-www-form-urlencoded"}}]),
    libraries=("flask",), framework="flask",
    expect=r"415 UNSUPPORTED MEDIA TYPE",
)

case(
    id="pyweb-flask-view-returned-none",
    label="framework.wiring.request_response",
    shape="werkzeug",
    source="http://www.kouhan.cn/en/article/00042840",
    source_kind="blog",
    cause="A Flask view must return a response on every path; a branch that falls off the end returns "
          "None and Flask raises TypeError.",
    rationale="The update view returns only inside the 'if user' branch; for an unknown user it ends "
              "without return and the log shows 'did not return a valid response ... returned None'.",
    make=serve({
        "app.py": d('''
            from flask import Flask, request

            app = Flask(__name__)
            USERS = {"jane": {"username": "jane", "bio": ""}}

            @app.put("/api/profiles/<username>")
            def update_profile(username):
                user = USERS.get(username)
                if user:
                    user.update(request.get_json().get("profile", {}))
                    return {"profile": user}
        '''),
    }, FLASK, [{"method": "PUT", "path": "/api/profiles/bob", "json": {"profile": {"bio": "x"}}}]),
    libraries=("flask",), framework="flask",
    expect=r"did not return a valid response",
)

case(
    id="pyweb-fastapi-scalar-param-is-query-422",
    label="framework.wiring.body_parsing",
    shape="uvicorn",
    source="https://loginvast.com/python-fastapi-error-422-with-post-request-when-sending-json-data",
    source_kind="qa",
    cause="FastAPI reads a parameter of a plain scalar type as a query parameter, not from the JSON body; "
          "a JSON POST therefore fails validation with the field missing in 'query'.",
    rationale="The handler declares `email: str, password: str`; the client sends them as JSON and "
              "uvicorn logs 422 while the body says loc ['query', 'email'] missing.",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI

            app = FastAPI()

            @app.post("/api/users/login")
            def login(email: str, password: str):
                return {"user": {"email": email, "token": "t"}}
        '''),
    }, UVICORN, [{"method": "POST", "path": "/api/users/login", "json": {"email": "a@b.c", "password": "pw"}}]),
    libraries=("fastapi", "pydantic", "uvicorn"), framework="fastapi",
    expect=r'"loc":\["query","email"\]',
)

case(
    id="pyweb-fastapi-depends-in-plain-function",
    label="framework.wiring.dependency_injection",
    shape="uvicorn",
    source="https://stackoverflow.com/questions/68981634/attributeerror-depends-object-has-no-attribute-query-fastapi",
    source_kind="qa",
    cause="Depends() is only resolved for path operations and other dependencies; a helper called "
          "directly keeps the Depends marker object as its default instead of a session.",
    rationale="authenticate_user(db=Depends(get_db)) is called as a plain function from the login route, "
              "so db is the Depends object and uvicorn logs AttributeError: 'Depends' object has no attribute 'query'.",
    make=serve({
        "db.py": d('''
            class Session:
                def query(self, model):
                    return []

            def get_db():
                db = Session()
                try:
                    yield db
                finally:
                    pass
        '''),
        "main.py": d('''
            from fastapi import Depends, FastAPI, HTTPException
            from pydantic import BaseModel
            from db import get_db

            app = FastAPI()

            class Login(BaseModel):
                email: str
                password: str

            def authenticate_user(email: str, password: str, db=Depends(get_db)):
                users = db.query("User")
                return next((u for u in users if u["email"] == email), None)

            @app.post("/api/users/login")
            def login(body: Login):
                user = authenticate_user(body.email, body.password)
                if not user:
                    raise HTTPException(401, "bad credentials")
                return {"user": user}
        '''),
    }, UVICORN, [{"method": "POST", "path": "/api/users/login", "json": {"email": "a@b.c", "password": "pw"}}]),
    libraries=("fastapi", "uvicorn"), framework="fastapi",
    expect=r"AttributeError: 'Depends' object has no attribute 'query'",
)

case(
    id="pyweb-fastapi-missing-depends-wrapper",
    label="framework.wiring.dependency_injection",
    shape="pytest",
    source="https://www.fixdevs.com/blog/fastapi-dependency-injection-error/",
    source_kind="blog",
    cause="A parameter meant to be injected but declared without Depends() is taken by FastAPI as a "
          "query parameter, so requests fail with 422 'field required' for it.",
    rationale="GET /api/user declares `current_user: str` with no Depends(get_current_user); the pytest "
              "run shows 422 with loc ['query', 'current_user'] instead of 200.",
    make=run({
        "main.py": d('''
            from fastapi import FastAPI, Header

            app = FastAPI()

            def get_current_user(authorization: str = Header(...)) -> str:
                return authorization.removeprefix("Token ")

            @app.get("/api/user")
            def read_me(current_user: str):
                return {"user": {"username": current_user}}
        '''),
        "test_user.py": d('''
            from fastapi.testclient import TestClient
            from main import app

            client = TestClient(app)

            def test_current_user():
                r = client.get("/api/user", headers={"Authorization": "Token jane"})
                assert r.status_code == 200, r.text
                assert r.json()["user"]["username"] == "jane"
        '''),
    }, PYTEST),
    libraries=("fastapi", "pytest", "httpx"), framework="fastapi",
    expect=r"FAILED test_user.py::test_current_user - AssertionError.*current_user",
)

case(
    id="pyweb-fastapi-unawaited-coroutine-response",
    label="framework.wiring.async_misuse",
    shape="uvicorn",
    source="https://dev.to/atifwattoo/what-is-a-coroutine-object-in-python-55h3",
    source_kind="blog",
    cause="Calling an async repository function without await yields a coroutine object; returning it "
          "makes FastAPI try to serialize the coroutine, which fails, and the coroutine never runs.",
    rationale="The route returns repo.get_article(slug) without await; uvicorn logs the jsonable_encoder "
              "ValueError about a 'coroutine' object and a 'was never awaited' RuntimeWarning.",
    make=serve({
        "repo.py": d('''
            import asyncio

            async def get_article(slug: str) -> dict:
                await asyncio.sleep(0)
                return {"slug": slug, "title": "Hello"}
        '''),
        "main.py": d('''
            from fastapi import FastAPI
            import repo

            app = FastAPI()

            @app.get("/api/articles/{slug}")
            async def read_article(slug: str):
                article = repo.get_article(slug)
                return {"article": article}
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/articles/hello"}]),
    libraries=("fastapi", "uvicorn", "starlette"), framework="fastapi",
    expect=r"'coroutine' object is not iterable",
)

case(
    id="pyweb-fastapi-route-order-users-me",
    label="framework.wiring.route_order",
    shape="pytest",
    source="https://good-code-bad-code.pages.dev/tracks/fastapi/path-operation-order",
    source_kind="blog",
    cause="FastAPI matches path operations in declaration order; a dynamic /users/{user_id} declared "
          "before the fixed /users/me captures 'me' and fails int validation.",
    rationale="The test calls GET /users/me and gets 422 int_parsing for path user_id, because the "
              "{user_id} route is declared first.",
    make=run({
        "main.py": d('''
            from fastapi import FastAPI

            app = FastAPI()

            @app.get("/users/{user_id}")
            def read_user(user_id: int):
                return {"id": user_id}

            @app.get("/users/me")
            def read_me():
                return {"id": 1, "username": "jane"}
        '''),
        "tests/test_users.py": d('''
            from fastapi.testclient import TestClient
            from main import app

            client = TestClient(app)

            def test_me():
                r = client.get("/users/me")
                assert r.status_code == 200, r.json()
        '''),
    }, PYTEST + " tests", env={"PYTHONPATH": "."}),
    libraries=("fastapi", "pytest"), framework="fastapi",
    expect=r"FAILED tests/test_users.py::test_me - AssertionError: .*'loc': \['path', 'user_id'\]",
)

case(
    id="pyweb-gunicorn-fastapi-sync-worker",
    label="framework.wiring.adapter",
    shape="gunicorn",
    source="https://openillumi.com/fastapi-app-engine-send-error-fix",
    source_kind="blog",
    cause="Gunicorn's default worker speaks WSGI; a FastAPI (ASGI) app served by it is called with two "
          "arguments and fails with a missing 'send' argument unless an ASGI worker class is used.",
    rationale="gunicorn main:app runs without -k uvicorn.workers.UvicornWorker; every request logs "
              "TypeError: ... missing 1 required positional argument: 'send'.",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI

            app = FastAPI()

            @app.get("/api/tags")
            def tags():
                return {"tags": ["python"]}
        '''),
    }, GUNICORN + " main:app", [{"method": "GET", "path": "/api/tags"}]),
    libraries=("fastapi", "gunicorn"), framework="fastapi",
    expect=r"missing 1 required positional argument: 'send'",
)

# --------------------------------------------------------------------------------------------------
# startup.entrypoint / startup.dependency / startup.syntax
# --------------------------------------------------------------------------------------------------

case(
    id="pyweb-uvicorn-could-not-import-module",
    label="startup.entrypoint.app_object",
    shape="uvicorn",
    source="http://www.kouhan.cn/en/article/00021649",
    source_kind="blog",
    cause="uvicorn imports the module named in MODULE:APP relative to the working directory; when the "
          "app lives in src/main.py and uvicorn is started from the root as main:app, the import fails.",
    rationale="The project keeps main.py under src/ and the start command is `uvicorn main:app` from the "
              "root; uvicorn exits with 'Could not import module \"main\"' before serving.",
    make=serve({
        "src/__init__.py": "",
        "src/main.py": d('''
            from fastapi import FastAPI

            app = FastAPI()

            @app.get("/api/ping")
            def ping():
                return {"ok": True}
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/ping"}], startup=8),
    libraries=("uvicorn", "fastapi"), framework="fastapi",
    expect=r'Could not import module "main"',
)

case(
    id="pyweb-uvicorn-attribute-app-not-found",
    label="startup.entrypoint.app_object",
    shape="ci-timestamp",
    source="https://openillumi.com/?p=6585",
    source_kind="blog",
    cause="The attribute after the colon in uvicorn's MODULE:APP must name the ASGI object in the module; "
          "if the instance has another name uvicorn cannot find it.",
    rationale="main.py creates `api = FastAPI()` but CI starts `uvicorn main:app`; the timestamped log "
              "shows 'Attribute \"app\" not found in module \"main\"'.",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI

            api = FastAPI(title="conduit")

            @api.get("/api/ping")
            def ping():
                return {"ok": True}
        '''),
    }, lambda ctx: ts_cmd(ctx, UVICORN), [{"method": "GET", "path": "/api/ping"}], startup=8),
    libraries=("uvicorn", "fastapi"), framework="fastapi",
    expect=r'Attribute "app" not found in module "main"',
)

case(
    id="pyweb-uvicorn-import-string-format",
    label="startup.entrypoint.run_script",
    shape="uvicorn",
    source="https://laganvalleydup.co.uk/post/error-error-loading-asgi-app-import-string-main-must-be-in",
    source_kind="blog",
    cause="uvicorn needs an import string of the form <module>:<attribute>; a run script that passes only "
          "the module name stops uvicorn at load time.",
    rationale="run.sh starts `uvicorn main --port ...`; uvicorn prints 'Import string \"main\" must be in "
              "format \"<module>:<attribute>\"' and never listens.",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI

            app = FastAPI()
        '''),
        "run.sh": "exec python -m uvicorn main --port \"$PORT\"\n",
    }, "sh run.sh", [{"method": "GET", "path": "/docs"}], startup=8),
    libraries=("uvicorn",), framework="fastapi",
    expect=r'Import string "main" must be in format',
)


def _eaddrinuse(ctx):
    ctx.write({"main.py": d('''
        from fastapi import FastAPI

        app = FastAPI()

        @app.get("/api/ping")
        def ping():
            return {"ok": True}
    ''')})
    sock = occupy_port(ctx)
    try:
        out = ctx.run(f"python -m uvicorn main:app --port {ctx.port}", timeout=20)
    finally:
        sock.close()
    return {"log": out}


case(
    id="pyweb-uvicorn-address-in-use",
    label="startup.entrypoint.port",
    shape="uvicorn",
    source="https://openillumi.com/en/en-fastapi-address-already-in-use-fix",
    source_kind="blog",
    cause="Another process (often an earlier server left running) still holds the TCP port, so uvicorn "
          "cannot bind it and exits with Errno 98.",
    rationale="A listener already owns the port when uvicorn starts; uvicorn logs '[Errno 98] error while "
              "attempting to bind on address ... address already in use' and exits.",
    make=_eaddrinuse,
    libraries=("uvicorn",), framework="fastapi",
    expect=r"\[Errno 98\] error while attempting to bind on address",
)

case(
    id="pyweb-gunicorn-failed-to-find-attribute",
    label="startup.entrypoint.app_object",
    shape="gunicorn",
    source="https://azureossd.github.io/2023/01/30/Troubleshooting-'failed-to-find-attribute'-errors-on-Python-Linux-App-Services/index.html",
    source_kind="blog",
    cause="Gunicorn looks up the named WSGI callable in the module; when the Flask object is built by a "
          "factory or named differently, 'app' does not exist there and the worker fails to boot.",
    rationale="app.py only defines create_app(); `gunicorn app:app` logs \"Failed to find attribute 'app' "
              "in 'app'\" and the master shuts down.",
    make=serve({
        "app.py": d('''
            from flask import Flask

            def create_app():
                application = Flask(__name__)

                @application.get("/api/ping")
                def ping():
                    return {"ok": True}

                return application
        '''),
    }, GUNICORN + " app:app", [{"method": "GET", "path": "/api/ping"}], startup=10),
    libraries=("gunicorn", "flask"), framework="flask",
    expect=r"Failed to find attribute 'app' in 'app'",
)

case(
    id="pyweb-flask-run-could-not-locate-app",
    label="startup.entrypoint.app_object",
    shape="werkzeug",
    source="https://taourl.com/read-2466551.html",
    source_kind="qa",
    cause="`flask run` finds the application through --app/FLASK_APP or a file named app.py/wsgi.py; with "
          "the app in another file and nothing set, Flask cannot locate it.",
    rationale="The code is in server.py and the start command is a bare `flask run`; Flask prints "
              "'Error: Could not locate a Flask application.' and exits.",
    make=serve({
        "server.py": d('''
            from flask import Flask

            app = Flask(__name__)

            @app.get("/api/ping")
            def ping():
                return {"ok": True}
        '''),
    }, "python -m flask run --port $PORT", [{"method": "GET", "path": "/api/ping"}], startup=8),
    libraries=("flask",), framework="flask",
    expect=r"Could not locate a Flask application",
)

case(
    id="pyweb-fastapi-form-needs-python-multipart",
    label="startup.dependency.missing_package",
    shape="uvicorn",
    source="https://stackoverflow.com/questions/65504438/how-to-add-both-file-and-json-body-in-a-fastapi-post-request/70640522#70640522",
    source_kind="qa",
    cause="FastAPI's Form/File parameters need the python-multipart package; in an environment without "
          "it, declaring such a route raises at import time.",
    rationale="The login route uses OAuth2PasswordRequestForm (form fields) and the project environment "
              "lacks python-multipart; uvicorn stops with 'Form data requires \"python-multipart\" to be installed'.",
    make=serve({
        "main.py": d('''
            from fastapi import Depends, FastAPI
            from fastapi.security import OAuth2PasswordRequestForm

            app = FastAPI()

            @app.post("/token")
            def token(form: OAuth2PasswordRequestForm = Depends()):
                return {"access_token": form.username, "token_type": "bearer"}
        '''),
    }, "python -S -m uvicorn main:app --port $PORT", [{"method": "GET", "path": "/docs"}],
        setup=lambda ctx: hide_packages(ctx, "python_multipart", "multipart"), startup=10),
    libraries=("fastapi", "python-multipart"), framework="fastapi",
    expect=r'Form data requires "python-multipart" to be installed',
)

case(
    id="pyweb-passlib-bcrypt4-about-attribute",
    label="startup.dependency.incompatible",
    shape="uvicorn",
    source="https://www.nuvikatech.com/blog/posts/passlib-bcrypt-divorce/index.md",
    source_kind="blog",
    cause="passlib 1.7.4 reads bcrypt.__about__.__version__, which bcrypt 4.x removed; passlib traps the "
          "AttributeError and logs '(trapped) error reading bcrypt version'.",
    rationale="The register route hashes with CryptContext(schemes=['bcrypt']) on bcrypt 4.2; the uvicorn "
              "log shows passlib's trapped-error warning and AttributeError on bcrypt.__about__.",
    make=serve({
        "main.py": d('''
            import logging
            from fastapi import FastAPI
            from passlib.context import CryptContext
            from pydantic import BaseModel

            logging.basicConfig(level=logging.WARNING)
            pwd = CryptContext(schemes=["bcrypt"], deprecated="auto")
            app = FastAPI()
            USERS = {}

            class Register(BaseModel):
                username: str
                password: str

            @app.post("/api/users", status_code=201)
            def register(body: Register):
                USERS[body.username] = pwd.hash(body.password)
                return {"user": {"username": body.username}}
        '''),
    }, UVICORN, [{"method": "POST", "path": "/api/users", "json": {"username": "jane", "password": "pw123456"}}]),
    libraries=("passlib", "bcrypt", "fastapi"), framework="fastapi",
    expect=r"\(trapped\) error reading bcrypt version",
)

case(
    id="pyweb-werkzeug3-url-quote-removed",
    label="startup.dependency.incompatible",
    shape="pytest",
    source="https://openillumi.com/?p=5173",
    source_kind="blog",
    cause="Werkzeug 3.0 removed url_quote (and other werkzeug.urls helpers); code written against the older "
          "API fails to import on a current Werkzeug.",
    rationale="helpers.py does `from werkzeug.urls import url_quote`; pytest's collection stops with "
              "ImportError: cannot import name 'url_quote' from 'werkzeug.urls'.",
    make=run({
        "helpers.py": d('''
            from werkzeug.urls import url_quote

            def article_link(slug):
                return "/articles/" + url_quote(slug)
        '''),
        "app.py": d('''
            from flask import Flask
            from helpers import article_link

            app = Flask(__name__)

            @app.get("/api/articles/<slug>/link")
            def link(slug):
                return {"href": article_link(slug)}
        '''),
        "test_app.py": d('''
            from app import app

            def test_link():
                r = app.test_client().get("/api/articles/hello world/link")
                assert r.json["href"] == "/articles/hello%20world"
        '''),
    }, PYTEST),
    libraries=("werkzeug", "flask", "pytest"), framework="flask",
    expect=r"ImportError: cannot import name 'url_quote' from 'werkzeug.urls'",
)

# --------------------------------------------------------------------------------------------------
# auth.config
# --------------------------------------------------------------------------------------------------

case(
    id="pyweb-pyjwt-sub-must-be-string",
    label="auth.config.token_issue",
    shape="pytest",
    source="https://codegive.com/blog/jwt_subject_must_be_a_string.php",
    source_kind="blog",
    cause="The JWT 'sub' claim must be a string; PyJWT 2.10 validates it on decode and rejects tokens "
          "whose subject is an integer user id.",
    rationale="create_token puts sub=user.id (an int) in the payload; decoding it in the auth dependency "
              "raises InvalidSubjectError 'Subject must be a string', failing the pytest run.",
    make=run({
        "auth.py": d('''
            import datetime as dt
            import jwt

            SECRET = "dev-secret"

            def create_token(user_id: int) -> str:
                exp = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
                return jwt.encode({"sub": user_id, "exp": exp}, SECRET, algorithm="HS256")

            def user_id_from(token: str) -> int:
                return int(jwt.decode(token, SECRET, algorithms=["HS256"])["sub"])
        '''),
        "test_auth.py": d('''
            from auth import create_token, user_id_from

            def test_roundtrip():
                assert user_id_from(create_token(42)) == 42
        '''),
    }, PYTEST),
    libraries=("pyjwt", "pytest"),
    expect=r"FAILED test_auth.py::test_roundtrip - jwt.exceptions.InvalidSubjectError: Subject must be a string",
)

case(
    id="pyweb-fastapi-response-model-missing-field",
    label="contract.serialization.response_validation",
    shape="uvicorn",
    source="https://blog.greeden.me/en/2025/02/04/what-is-fastapis-responsevalidationerror-detailed-explanation-of-causes-and-solutions",
    source_kind="blog",
    cause="FastAPI validates the returned value against response_model; a dict missing a required field "
          "raises ResponseValidationError and the client gets a 500.",
    rationale="The profile route returns a dict without 'following' while ProfileOut requires it; uvicorn "
              "logs ResponseValidationError with a 'Field required' entry for ('response', 'following').",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()

            class ProfileOut(BaseModel):
                username: str
                bio: str | None = None
                following: bool

            @app.get("/api/profiles/{username}", response_model=ProfileOut)
            def profile(username: str):
                return {"username": username, "bio": None}
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/profiles/jane"}]),
    libraries=("fastapi", "pydantic"), framework="fastapi",
    expect=r"ResponseValidationError",
)

case(
    id="pyweb-flask-circular-import-db",
    label="xfile.reference.circular_import",
    shape="gunicorn",
    source="https://debugly.pages.dev/blog/posts/flask-circular-import-error-guide",
    source_kind="blog",
    cause="app.py imports the routes module at the top while routes.py imports db from app; the second "
          "import sees a partially initialised app module and fails.",
    rationale="gunicorn loads app:app; app.py imports routes before defining db and routes.py does "
              "`from app import db`, so the worker fails with 'cannot import name 'db' from partially initialized module'.",
    make=serve({
        "app.py": d('''
            from flask import Flask
            from flask_sqlalchemy import SQLAlchemy
            from routes import bp

            app = Flask(__name__)
            app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///dev.db"
            db = SQLAlchemy(app)
            app.register_blueprint(bp)
        '''),
        "routes.py": d('''
            from flask import Blueprint
            from app import db

            bp = Blueprint("api", __name__, url_prefix="/api")

            @bp.get("/tags")
            def tags():
                return {"tags": [r[0] for r in db.session.execute(db.text("select 'x'"))]}
        '''),
    }, GUNICORN + " app:app", [{"method": "GET", "path": "/api/tags"}], startup=10),
    libraries=("flask", "flask-sqlalchemy", "gunicorn"), framework="flask",
    expect=r"cannot import name 'db' from partially initialized module 'app'",
)


# --------------------------------------------------------------------------------------------------
# contract.serialization / contract.shape
# --------------------------------------------------------------------------------------------------

case(
    id="pyweb-flask-jsonify-unexecuted-query",
    label="contract.serialization.json_encode",
    shape="werkzeug",
    source="https://openillumi.com/?p=75289",
    source_kind="blog",
    cause="jsonify was handed a Flask-SQLAlchemy query object instead of the fetched rows; a query is "
          "not JSON serializable, so the response fails with TypeError.",
    rationale="The articles view returns jsonify(articles=Article.query.filter_by(...)) without .all() or "
              "a to_dict step; werkzeug logs TypeError: Object of type Query is not JSON serializable.",
    make=serve({
        "app.py": d('''
            from flask import Flask, jsonify
            from flask_sqlalchemy import SQLAlchemy

            app = Flask(__name__)
            app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
            db = SQLAlchemy(app)

            class Article(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                slug = db.Column(db.String(80))
                author = db.Column(db.String(80))

            with app.app_context():
                db.create_all()
                db.session.add(Article(slug="hello", author="jane"))
                db.session.commit()

            @app.get("/api/articles")
            def list_articles():
                articles = Article.query.filter_by(author="jane")
                return jsonify(articles=articles, articlesCount=articles.count())
        '''),
    }, FLASK, [{"method": "GET", "path": "/api/articles"}]),
    libraries=("flask", "flask-sqlalchemy"), framework="flask",
    expect=r"TypeError: Object of type Query is not JSON serializable",
)

case(
    id="pyweb-flask-jsonify-set-taglist",
    label="contract.serialization.json_encode",
    shape="html-escaped",
    source="http://www.kouhan.cn/en/article/00015667",
    source_kind="blog",
    cause="Python sets have no JSON counterpart, so the standard JSON encoder behind jsonify refuses them.",
    rationale="tagList is collected into a set to de-duplicate tags and returned as is; the Flask log "
              "(rendered as escaped HTML) shows TypeError: Object of type set is not JSON serializable.",
    make=serve({
        "app.py": d('''
            from flask import Flask

            app = Flask(__name__)
            ARTICLES = [{"slug": "a", "tags": ["python", "flask"]}, {"slug": "b", "tags": ["python"]}]

            @app.get("/api/tags")
            def tags():
                tag_list = {t for a in ARTICLES for t in a["tags"]}
                return {"tags": tag_list}
        '''),
    }, FLASK, [{"method": "GET", "path": "/api/tags"}], render=html_pre),
    libraries=("flask",), framework="flask",
    expect=r"TypeError: Object of type set is not JSON serializable",
)

case(
    id="pyweb-fastapi-jsonresponse-datetime",
    label="contract.serialization.json_encode",
    shape="uvicorn",
    source="https://qiita.com/RalianENG/items/f3ec7344b70726e7c989",
    source_kind="blog",
    cause="JSONResponse encodes its content with the standard json module directly, skipping FastAPI's "
          "jsonable_encoder, so a datetime value in the content is not serializable.",
    rationale="The handler builds JSONResponse(content={... 'createdAt': datetime ...}); uvicorn logs "
              "TypeError: Object of type datetime is not JSON serializable from starlette's render.",
    make=serve({
        "main.py": d('''
            from datetime import datetime, timezone
            from fastapi import FastAPI
            from fastapi.responses import JSONResponse

            app = FastAPI()

            @app.post("/api/articles/{slug}/comments")
            def add_comment(slug: str):
                comment = {"id": 1, "body": "Nice", "createdAt": datetime.now(timezone.utc)}
                return JSONResponse(status_code=201, content={"comment": comment})
        '''),
    }, UVICORN, [{"method": "POST", "path": "/api/articles/hello/comments", "json": {"comment": {"body": "Nice"}}}]),
    libraries=("fastapi", "starlette"), framework="fastapi",
    expect=r"TypeError: Object of type datetime is not JSON serializable",
)

case(
    id="pyweb-fastapi-nan-not-json-compliant",
    label="contract.serialization.json_encode",
    shape="structlog-json",
    source="https://pythonetc.orsinium.dev/posts/json-allow-nan",
    source_kind="blog",
    cause="NaN and infinity are not valid JSON; Starlette's JSONResponse encodes with allow_nan=False, so a "
          "NaN in the payload raises 'Out of range float values are not JSON compliant'.",
    rationale="The stats route divides by a zero count with float('nan') as fallback; the app's structlog "
              "JSON error line carries ValueError: Out of range float values are not JSON compliant.",
    make=serve({
        "main.py": d('''
            import logging, sys
            import structlog
            from fastapi import FastAPI, Request
            from fastapi.responses import PlainTextResponse

            structlog.configure(
                processors=[structlog.processors.add_log_level, structlog.processors.TimeStamper(fmt="iso"),
                            structlog.processors.format_exc_info, structlog.processors.JSONRenderer()],
                logger_factory=structlog.PrintLoggerFactory(sys.stdout),
            )
            log = structlog.get_logger()
            app = FastAPI()

            @app.middleware("http")
            async def log_errors(request: Request, call_next):
                try:
                    return await call_next(request)
                except Exception as exc:
                    log.exception("request_failed", method=request.method, path=request.url.path,
                                  error=f"{type(exc).__name__}: {exc}")
                    return PlainTextResponse("Internal Server Error", status_code=500)

            @app.get("/api/profiles/{username}/stats")
            def stats(username: str):
                favorites, articles = 0, 0
                ratio = favorites / articles if articles else float("nan")
                return {"username": username, "favoritesPerArticle": ratio}
        '''),
    }, UVICORN + " --log-level warning", [{"method": "GET", "path": "/api/profiles/jane/stats"}]),
    libraries=("fastapi", "starlette", "structlog"), framework="fastapi",
    expect=r'"error": "ValueError: Out of range float values are not JSON compliant"',
)

case(
    id="pyweb-aiohttp-json-response-decimal",
    label="contract.serialization.json_encode",
    shape="aiohttp",
    source="https://bobbyhadz.com/blog/python-typeerror-object-of-type-decimal-is-not-json-serializable",
    source_kind="blog",
    cause="The standard json encoder does not know decimal.Decimal; aiohttp's web.json_response uses "
          "json.dumps by default and fails on Decimal values.",
    rationale="The order total is kept as Decimal and passed to web.json_response; the aiohttp server log "
              "shows 'Error handling request' with TypeError: Object of type Decimal is not JSON serializable.",
    make=serve({
        "app.py": d('''
            import logging, os
            from decimal import Decimal
            from aiohttp import web

            logging.basicConfig(level=logging.INFO)

            async def order(request):
                items = [Decimal("19.99"), Decimal("5.01")]
                return web.json_response({"id": request.match_info["id"], "total": sum(items)})

            app = web.Application()
            app.router.add_get("/api/orders/{id}", order)
            web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
    }, "python app.py", [{"method": "GET", "path": "/api/orders/7"}]),
    libraries=("aiohttp",), framework="aiohttp",
    expect=r"TypeError: Object of type Decimal is not JSON serializable",
)

case(
    id="pyweb-fastapi-response-model-filters-token",
    label="contract.shape.missing_field",
    shape="pytest",
    source="https://theneuralbase.com/fastapi-for-ml/learn/beginner/response-model/",
    source_kind="blog",
    cause="FastAPI validates and filters the return value through response_model; fields the model does "
          "not declare are dropped from the response body.",
    rationale="Login returns a user dict with 'token' but response_model=UserOut has no token field; "
              "the test fails with KeyError: 'token' on the response JSON.",
    make=run({
        "main.py": d('''
            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()

            class UserOut(BaseModel):
                email: str
                username: str
                bio: str | None = None

            class Wrapped(BaseModel):
                user: UserOut

            class Login(BaseModel):
                email: str
                password: str

            @app.post("/api/users/login", response_model=Wrapped)
            def login(body: Login):
                return {"user": {"email": body.email, "username": "jane", "bio": None, "token": "jwt-token"}}
        '''),
        "test_login.py": d('''
            from fastapi.testclient import TestClient
            from main import app

            def test_login_returns_token():
                r = TestClient(app).post("/api/users/login", json={"email": "j@x.io", "password": "pw"})
                assert r.status_code == 200
                assert r.json()["user"]["token"]
        '''),
    }, PYTEST),
    libraries=("fastapi", "pydantic", "pytest"), framework="fastapi",
    expect=r"FAILED test_login.py::test_login_returns_token - KeyError: 'token'",
)

case(
    id="pyweb-fastapi-list-model-vs-wrapper",
    label="contract.shape.wrapping",
    shape="uvicorn",
    source="https://debugly.pages.dev/blog/posts/fastapi-response-model-validation-error-fix/",
    source_kind="blog",
    cause="The declared response_model and the returned structure disagree: the route declares a bare list "
          "but returns the list wrapped in an object, so response validation fails with a 500.",
    rationale="GET /api/articles declares response_model=list[ArticleOut] and returns "
              "{'articles': [...], 'articlesCount': n}; uvicorn logs ResponseValidationError 'Input should be a valid list'.",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()

            class ArticleOut(BaseModel):
                slug: str
                title: str

            ARTICLES = [{"slug": "hello", "title": "Hello"}]

            @app.get("/api/articles", response_model=list[ArticleOut])
            def list_articles():
                return {"articles": ARTICLES, "articlesCount": len(ARTICLES)}
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/articles"}]),
    libraries=("fastapi", "pydantic"), framework="fastapi",
    expect=r"Input should be a valid list",
)

case(
    id="pyweb-fastapi-flask-style-tuple-return",
    label="contract.shape.wrapping",
    shape="pytest",
    source="https://toptechtips.github.io/2023-05-28-how-to-return-datetime-fastapi",
    source_kind="blog",
    cause="FastAPI turns whatever a path operation returns into JSON with jsonable_encoder; it has no "
          "Flask-style (body, status) convention, so a returned tuple becomes a JSON array with status 200.",
    rationale="The register route ends with `return {'user': ...}, 201`; the test sees status 200 and a "
              "list body [{...}, 201] instead of the user object.",
    make=run({
        "main.py": d('''
            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()

            class NewUser(BaseModel):
                username: str
                email: str
                password: str

            @app.post("/api/users")
            def register(body: NewUser):
                return {"user": {"username": body.username, "email": body.email}}, 201
        '''),
        "test_register.py": d('''
            from fastapi.testclient import TestClient
            from main import app

            def test_register():
                r = TestClient(app).post("/api/users", json={"username": "jane", "email": "j@x.io", "password": "pw"})
                assert r.json()["user"]["username"] == "jane"
                assert r.status_code == 201
        '''),
    }, PYTEST),
    libraries=("fastapi", "pytest"), framework="fastapi",
    expect=r"FAILED test_register.py::test_register - TypeError: list indices must be integers or slices, not str",
)

case(
    id="pyweb-pydantic-decimal-serialized-as-string",
    label="contract.shape.type",
    shape="unittest",
    source="https://blog.gitcode.com/daa96213f2ff8e1663b68a41bab7c751.html",
    source_kind="blog",
    cause="Pydantic 2 serializes Decimal fields to JSON strings (to keep their precision), so a response "
          "model with a Decimal field emits a string where clients expect a number.",
    rationale="ProductOut.price is Decimal; the unittest comparing the JSON body with a number fails "
              "because FastAPI returned '19.99' (a string).",
    make=run({
        "main.py": d('''
            from decimal import Decimal
            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()

            class ProductOut(BaseModel):
                id: int
                name: str
                price: Decimal

            @app.get("/api/products/{pid}", response_model=ProductOut)
            def product(pid: int):
                return ProductOut(id=pid, name="Mug", price=Decimal("19.99"))
        '''),
        "test_products.py": d('''
            import unittest
            from fastapi.testclient import TestClient
            from main import app

            class ProductTests(unittest.TestCase):
                def test_price_is_number(self):
                    body = TestClient(app).get("/api/products/1").json()
                    self.assertEqual(body["price"], 19.99)

            if __name__ == "__main__":
                unittest.main()
        '''),
    }, "python -m unittest -v test_products"),
    libraries=("fastapi", "pydantic"), framework="fastapi",
    expect=r"AssertionError: '19\.99' != 19\.99",
)

case(
    id="pyweb-flask-user-not-wrapped",
    label="contract.shape.wrapping",
    shape="pytest",
    source="https://adhdecode-articles-1.pages.dev/articles/fastapi/response-model-field-does-not-match/",
    source_kind="blog",
    cause="The response body does not follow the agreed structure: the handler returns the user's fields "
          "at the top level while the client reads them under a 'user' key.",
    rationale="GET /api/user returns {'username': ..., 'email': ...}; the contract test reading "
              "body['user'] fails with KeyError: 'user'.",
    make=run({
        "app.py": d('''
            from flask import Flask, jsonify

            app = Flask(__name__)

            @app.get("/api/user")
            def current_user():
                return jsonify(username="jane", email="jane@example.com", bio=None, image=None, token="t")
        '''),
        "test_contract.py": d('''
            from app import app

            def test_current_user_shape():
                body = app.test_client().get("/api/user").get_json()
                assert body["user"]["username"] == "jane"
        '''),
    }, PYTEST),
    libraries=("flask", "pytest"), framework="flask",
    expect=r"FAILED test_contract.py::test_current_user_shape - KeyError: 'user'",
)

case(
    id="pyweb-fastapi-snake-case-field-names",
    label="contract.shape.missing_field",
    shape="ci-timestamp",
    source="https://adhdecode-articles-1.pages.dev/articles/fastapi/response-model-field-does-not-match/",
    source_kind="blog",
    cause="Field names must match exactly; a pydantic model without camelCase aliases emits snake_case "
          "keys, so a client expecting createdAt/favoritesCount does not find them.",
    rationale="ArticleOut uses created_at and favorites_count with no alias generator; the timestamped CI "
              "pytest output fails with KeyError: 'favoritesCount'.",
    make=run({
        "main.py": d('''
            from datetime import datetime
            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()

            class ArticleOut(BaseModel):
                slug: str
                created_at: datetime
                favorites_count: int

            @app.get("/api/articles/{slug}")
            def article(slug: str) -> dict[str, ArticleOut]:
                return {"article": ArticleOut(slug=slug, created_at=datetime(2024, 1, 1), favorites_count=0)}
        '''),
        "test_article.py": d('''
            from fastapi.testclient import TestClient
            from main import app

            def test_article_fields():
                a = TestClient(app).get("/api/articles/hello").json()["article"]
                assert a["favoritesCount"] == 0
                assert a["createdAt"]
        '''),
    }, lambda ctx: ts_cmd(ctx, "env PY_COLORS=0 python -m pytest -q --color=no -p no:cacheprovider")),
    libraries=("fastapi", "pydantic", "pytest"), framework="fastapi",
    expect=r"Z FAILED test_article.py::test_article_fields - KeyError: 'favoritesCount'",
)

case(
    id="pyweb-flask-id-as-string",
    label="contract.shape.type",
    shape="unittest",
    source="https://adhdecode-articles-1.pages.dev/articles/fastapi/response-model-field-does-not-match/",
    source_kind="blog",
    cause="The value types in the response differ from the contract: ids read from the URL stay strings "
          "when echoed back instead of being converted to integers.",
    rationale="The comment route is declared '/<comment_id>' (no int converter) and echoes the id; the "
              "unittest sees '1' != 1.",
    make=run({
        "app.py": d('''
            from flask import Flask

            app = Flask(__name__)

            @app.get("/api/articles/<slug>/comments/<comment_id>")
            def comment(slug, comment_id):
                return {"comment": {"id": comment_id, "body": "Nice", "article": slug}}
        '''),
        "test_comments.py": d('''
            import unittest
            from app import app

            class CommentTests(unittest.TestCase):
                def test_id_is_int(self):
                    c = app.test_client().get("/api/articles/hello/comments/1").get_json()["comment"]
                    self.assertEqual(c["id"], 1)
        '''),
    }, "python -m unittest test_comments"),
    libraries=("flask",), framework="flask",
    expect=r"AssertionError: '1' != 1",
)

case(
    id="pyweb-pydantic-model-validate-orm-object",
    label="contract.serialization.response_validation",
    shape="uvicorn",
    source="https://deadends.dev/python/fastapi-422-validation-error",
    source_kind="blog",
    cause="Pydantic 2 only reads attributes of arbitrary objects when the model sets from_attributes=True "
          "(the v1 orm_mode); validating an ORM instance without it fails.",
    rationale="UserOut.model_validate(user_row) is called on an ORM-like object and UserOut has no "
              "from_attributes config; uvicorn logs ValidationError 'Input should be a valid dictionary or instance of UserOut'.",
    make=serve({
        "models.py": d('''
            class UserRow:
                def __init__(self, id, username, email):
                    self.id, self.username, self.email = id, username, email
        '''),
        "main.py": d('''
            from fastapi import FastAPI
            from pydantic import BaseModel
            from models import UserRow

            app = FastAPI()

            class UserOut(BaseModel):
                id: int
                username: str
                email: str

                class Config:
                    orm_mode = True

            @app.get("/api/users/{uid}")
            def get_user(uid: int):
                row = UserRow(uid, "jane", "jane@example.com")
                return {"user": UserOut.model_validate(row)}
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/users/1"}]),
    libraries=("fastapi", "pydantic"), framework="fastapi",
    expect=r"Input should be a valid dictionary or instance of UserOut",
)


# --------------------------------------------------------------------------------------------------
# auth.config
# --------------------------------------------------------------------------------------------------

def _two_step(ctx, cmd, login_path, protected_path, scheme, login_json=None, env=None):
    """Start the server, log in, call a protected route with the returned token; return log and client lines."""
    out_path = ctx.dir / ".server.out"
    responses = []
    with out_path.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ctx.dir, env=ctx._env({"PORT": str(ctx.port), **(env or {})}), stdout=out,
                                stderr=subprocess.STDOUT, shell=True, start_new_session=True)
        try:
            if _wait_port(ctx.port, proc, 20):
                login = login_json or {"user": {"email": "jane@example.com", "password": "pw"}}
                r1 = ctx._request(ctx.port, {"method": "POST", "path": login_path, "json": login})
                responses.append(r1)
                token = ""
                try:
                    token = json.loads(r1["body"])["user"]["token"]
                except (ValueError, KeyError, TypeError):  # the login itself may be what failed
                    pass
                responses.append(ctx._request(ctx.port, {"method": "GET", "path": protected_path,
                                                         "headers": {"Authorization": f"{scheme} {token}"}}))
            time.sleep(0.4)
        finally:
            _stop(proc)
    return {"log": ctx.clean(out_path.read_text(errors="replace")), "test_output": status_lines(responses)}


def ctx_write(ctx, files):
    ctx.write(files)
    return ctx


_SECRET_FILES = {
        "Procfile": "web: python -m uvicorn main:app --port $PORT\n",
        ".env": "JWT_SECRET=prod-4f9c2a\n",
        "security.py": d('''
            import os, jwt

            def create_token(username: str) -> str:
                return jwt.encode({"sub": username}, os.environ.get("JWT_SECRET", "secret"), algorithm="HS256")
        '''),
        "deps.py": d('''
            import jwt
            from fastapi import Header

            SECRET_KEY = "secret"

            def current_username(authorization: str = Header(...)) -> str:
                token = authorization.split(" ", 1)[1]
                try:
                    return jwt.decode(token, SECRET_KEY, algorithms=["HS256"])["sub"]
                except jwt.ExpiredSignatureError:
                    raise
        '''),
        "main.py": d('''
            from fastapi import Depends, FastAPI
            from deps import current_username
            from security import create_token

            app = FastAPI()

            @app.post("/api/users/login")
            def login():
                return {"user": {"username": "jane", "token": create_token("jane")}}

            @app.get("/api/user")
            def me(username: str = Depends(current_username)):
                return {"user": {"username": username}}
        '''),
    }


case(
    id="pyweb-pyjwt-secret-differs-between-modules",
    label="auth.config.token_issue",
    shape="compose-prefix",
    source="https://taptools.dev/blog/jwt-invalid-signature",
    source_kind="blog",
    cause="The token was signed with one secret and verified with another (an environment value in one "
          "module, a hard-coded literal in another), so signature verification fails.",
    rationale="security.py signs with the JWT_SECRET from .env while deps.py verifies with a literal; under "
              "honcho the web.1 log shows jwt.exceptions.InvalidSignatureError: Signature verification failed.",
    make=lambda ctx: _two_step(ctx_write(ctx, _SECRET_FILES), "honcho start", "/api/users/login", "/api/user", "Bearer"),
    libraries=("pyjwt", "fastapi", "honcho"), framework="fastapi",
    expect=r"web\.1\s+\| .*InvalidSignatureError: Signature verification failed",
)


case(
    id="pyweb-pyjwt-exp-from-local-time",
    label="auth.config.token_issue",
    shape="pytest",
    source="https://encodings.dev/jwt-expired/",
    source_kind="blog",
    cause="exp is a UTC timestamp; computing it from naive local time on a host west of UTC puts it in the "
          "past, so every fresh token is rejected as expired.",
    rationale="create_token sets exp=datetime.now()+1h (naive local time, TZ is UTC-5) and PyJWT reads "
              "naive datetimes as UTC; the test's authenticated call gets 401 'Signature has expired'.",
    make=run({
        "auth.py": d('''
            from datetime import datetime, timedelta
            import jwt

            SECRET = "s3cr3t"

            def create_token(username):
                exp = datetime.now() + timedelta(hours=1)
                return jwt.encode({"sub": username, "exp": exp}, SECRET, algorithm="HS256")

            def decode_token(token):
                return jwt.decode(token, SECRET, algorithms=["HS256"])
        '''),
        "app.py": d('''
            import jwt
            from flask import Flask, request
            from auth import create_token, decode_token

            app = Flask(__name__)

            @app.post("/api/users/login")
            def login():
                return {"user": {"username": "jane", "token": create_token("jane")}}

            @app.get("/api/user")
            def me():
                token = request.headers.get("Authorization", "").removeprefix("Token ")
                try:
                    claims = decode_token(token)
                except jwt.InvalidTokenError as e:
                    return {"errors": {"body": [str(e)]}}, 401
                return {"user": {"username": claims["sub"]}}
        '''),
        "test_auth.py": d('''
            from app import app

            def test_token_works_right_after_login():
                c = app.test_client()
                token = c.post("/api/users/login", json={}).get_json()["user"]["token"]
                r = c.get("/api/user", headers={"Authorization": f"Token {token}"})
                assert r.status_code == 200, r.get_json()
        '''),
    }, PYTEST, env={"TZ": "EST5"}),
    libraries=("pyjwt", "flask", "pytest"), framework="flask",
    expect=r"FAILED test_auth.py::test_token_works_right_after_login - AssertionError: .*Signature has expired",
)

case(
    id="pyweb-pyjwt-decode-without-algorithms",
    label="auth.config.token_issue",
    shape="aiohttp",
    source="https://checklist.day/registry/pyjwt",
    source_kind="docs",
    cause="PyJWT 2 requires the algorithms argument on jwt.decode; a decode call written without it raises "
          "DecodeError on every verification.",
    rationale="The aiohttp auth middleware calls jwt.decode(token, SECRET) with no algorithms list; the "
              "server log shows DecodeError 'It is required that you pass in a value for the \"algorithms\" argument'.",
    make=serve({
        "app.py": d('''
            import logging, os
            import jwt
            from aiohttp import web

            logging.basicConfig(level=logging.INFO)
            SECRET = "s3cr3t"

            @web.middleware
            async def auth(request, handler):
                header = request.headers.get("Authorization", "")
                if header.startswith("Token "):
                    request["claims"] = jwt.decode(header[6:], SECRET)
                return await handler(request)

            async def me(request):
                return web.json_response({"user": {"username": request["claims"]["sub"]}})

            app = web.Application(middlewares=[auth])
            app.router.add_get("/api/user", me)
            web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
    }, "python app.py", [{"method": "GET", "path": "/api/user", "headers": {
        "Authorization": "Token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqYW5lIn0.hyUE6Nc-qbXFTwdfcR8TrLfd3LCRHkiP8OEWNmPHU_Q"}}]),
    libraries=("pyjwt", "aiohttp"), framework="aiohttp",
    expect=r'DecodeError: It is required that you pass in a value for the "algorithms" argument',
)

case(
    id="pyweb-pyjwt-algorithm-mismatch",
    label="auth.config.token_issue",
    shape="unittest",
    source="https://taptools.dev/blog/jwt-invalid-signature",
    source_kind="blog",
    cause="The token is signed with one algorithm and verified with an allow-list naming another; PyJWT "
          "refuses the token's alg.",
    rationale="config.ALGORITHM is HS512 for signing while the verifier hard-codes algorithms=['HS256']; "
              "the unittest errors with InvalidAlgorithmError: The specified alg value is not allowed.",
    make=run({
        "config.py": 'SECRET_KEY = "s3cr3t-key-with-enough-length-for-hs512-signing-0123456789abcdef"\nALGORITHM = "HS512"\n',
        "tokens.py": d('''
            import jwt
            import config

            def issue(username):
                return jwt.encode({"sub": username}, config.SECRET_KEY, algorithm=config.ALGORITHM)

            def verify(token):
                return jwt.decode(token, config.SECRET_KEY, algorithms=["HS256"])
        '''),
        "test_tokens.py": d('''
            import unittest
            from tokens import issue, verify

            class TokenTests(unittest.TestCase):
                def test_roundtrip(self):
                    self.assertEqual(verify(issue("jane"))["sub"], "jane")
        '''),
    }, "python -m unittest -v test_tokens"),
    libraries=("pyjwt",),
    expect=r"jwt\.exceptions\.InvalidAlgorithmError: The specified alg value is not allowed",
)

case(
    id="pyweb-pyjwt2-encode-returns-str",
    label="auth.config.token_issue",
    shape="werkzeug",
    source="https://jsonic.io/guides/jwt-python",
    source_kind="blog",
    cause="PyJWT 2 returns the token from jwt.encode as str, not bytes; code written for 1.x that calls "
          ".decode('utf-8') on it fails.",
    rationale="The login view does jwt.encode(...).decode('utf-8'); the Flask log shows "
              "AttributeError: 'str' object has no attribute 'decode'.",
    make=serve({
        "app.py": d('''
            import jwt
            from flask import Flask, request

            app = Flask(__name__)
            SECRET = "s3cr3t"

            @app.post("/api/users/login")
            def login():
                email = request.get_json()["user"]["email"]
                token = jwt.encode({"sub": email}, SECRET, algorithm="HS256").decode("utf-8")
                return {"user": {"email": email, "token": token}}
        '''),
    }, FLASK, [{"method": "POST", "path": "/api/users/login", "json": {"user": {"email": "jane@example.com", "password": "pw"}}}]),
    libraries=("pyjwt", "flask"), framework="flask",
    expect=r"AttributeError: 'str' object has no attribute 'decode'",
)

case(
    id="pyweb-flask-token-scheme-not-stripped",
    label="auth.config.token_scheme",
    shape="werkzeug",
    source="https://errorcanon.top/errors/api/oauth2-authorization-header-missing-bearer/",
    source_kind="blog",
    cause="Client and server disagree on the Authorization scheme word; the server strips only 'Bearer ' "
          "while the client sends 'Token <jwt>', so the scheme word stays in the string handed to the decoder.",
    rationale="get_current_user does header.replace('Bearer ', '') and the client sends 'Token ...'; PyJWT "
              "fails with DecodeError 'Invalid header padding' in the Flask log.",
    make=serve({
        "app.py": d('''
            import jwt
            from flask import Flask, request

            app = Flask(__name__)
            SECRET = "s3cr3t"

            def get_current_user():
                token = request.headers.get("Authorization", "").replace("Bearer ", "")
                return jwt.decode(token, SECRET, algorithms=["HS256"])["sub"]

            @app.get("/api/user")
            def me():
                return {"user": {"username": get_current_user()}}
        '''),
    }, FLASK, [{"method": "GET", "path": "/api/user", "headers": {
        "Authorization": "Token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqYW5lIn0.ffyp9pRmtDdW14wR1FjmaN2rBxq2EqZcN9P6o9AZMho"}}]),
    libraries=("pyjwt", "flask"), framework="flask",
    expect=r"DecodeError: Invalid header padding",
)

case(
    id="pyweb-fastapi-oauth2-bearer-token-scheme",
    label="auth.config.token_scheme",
    shape="status-line",
    source="https://errorcanon.top/errors/api/oauth2-authorization-header-missing-bearer/",
    source_kind="blog",
    cause="OAuth2PasswordBearer only accepts an Authorization header whose scheme is Bearer; a client "
          "sending 'Token <jwt>' is treated as unauthenticated.",
    rationale="The API spec's clients send 'Authorization: Token ...' and the app uses OAuth2PasswordBearer; "
              "every protected call returns 401 {'detail': 'Not authenticated'}.",
    make=serve({
        "main.py": d('''
            import jwt
            from fastapi import Depends, FastAPI
            from fastapi.security import OAuth2PasswordBearer

            app = FastAPI()
            oauth2 = OAuth2PasswordBearer(tokenUrl="/api/users/login")

            def current_user(token: str = Depends(oauth2)) -> str:
                return jwt.decode(token, "s3cr3t", algorithms=["HS256"])["sub"]

            @app.get("/api/user")
            def me(username: str = Depends(current_user)):
                return {"user": {"username": username}}
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/user", "headers": {
        "Authorization": "Token eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJqYW5lIn0.ffyp9pRmtDdW14wR1FjmaN2rBxq2EqZcN9P6o9AZMho"}}]),
    libraries=("fastapi",), framework="fastapi",
    expect=r'GET /api/user -> 401 Unauthorized\n\{"detail":"Not authenticated"\}',
)

case(
    id="pyweb-fastapi-httpbearer-403-not-401",
    label="auth.config.token_scheme",
    shape="pytest",
    source="https://fastapi.tiangolo.com/ja/how-to/authentication-error-status-code",
    source_kind="docs",
    cause="Before FastAPI 0.122 the built-in security classes answered a request without credentials with "
          "403 Forbidden rather than 401 Unauthorized.",
    rationale="The app guards /api/user with HTTPBearer on FastAPI 0.115; the contract test for an anonymous "
              "call expects 401 and gets 403 {'detail': 'Not authenticated'}.",
    make=run({
        "main.py": d('''
            from fastapi import Depends, FastAPI
            from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

            app = FastAPI()
            bearer = HTTPBearer()

            @app.get("/api/user")
            def me(creds: HTTPAuthorizationCredentials = Depends(bearer)):
                return {"user": {"token": creds.credentials}}
        '''),
        "test_auth.py": d('''
            from fastapi.testclient import TestClient
            from main import app

            def test_anonymous_gets_401():
                r = TestClient(app).get("/api/user")
                assert r.status_code == 401, (r.status_code, r.json())
        '''),
    }, PYTEST),
    libraries=("fastapi", "pytest"), framework="fastapi",
    expect=r"FAILED test_auth.py::test_anonymous_gets_401 - AssertionError: \(403, \{'detail': 'Not authenticated'\}\)",
)

case(
    id="pyweb-bcrypt-hashpw-str-password",
    label="auth.config.password",
    shape="pytest",
    source="https://compile7.org/hashing/how-to-use-bcrypt-in-python",
    source_kind="blog",
    cause="The bcrypt library works on bytes; passing the password as a str without encoding it raises "
          "TypeError.",
    rationale="register() calls bcrypt.hashpw(password, bcrypt.gensalt()) with the JSON string; pytest's "
              "captured log shows TypeError: argument 'password': 'str' object cannot be converted to 'PyBytes' and the test gets 500.",
    make=run({
        "app.py": d('''
            import bcrypt
            from flask import Flask, request

            app = Flask(__name__)
            USERS = {}

            @app.post("/api/users")
            def register():
                u = request.get_json()["user"]
                USERS[u["email"]] = bcrypt.hashpw(u["password"], bcrypt.gensalt(rounds=4))
                return {"user": {"email": u["email"], "username": u["username"]}}, 201
        '''),
        "test_register.py": d('''
            from app import app

            def test_register():
                r = app.test_client().post("/api/users", json={"user": {"email": "j@x.io", "username": "jane", "password": "pw123456"}})
                assert r.status_code == 201
        '''),
    }, PYTEST),
    libraries=("bcrypt", "flask", "pytest"), framework="flask",
    expect=r"(?s)TypeError: argument 'password': 'str' object cannot be converted to 'PyBytes'.*FAILED test_register.py::test_register - assert 500 == 201",
)

case(
    id="pyweb-bcrypt-invalid-salt-plaintext-seed",
    label="auth.config.password",
    shape="compose-prefix",
    source="https://www.sourcetrail.com/python/flask/how-to-fix-invalid-salt-in-python-flask/",
    source_kind="blog",
    cause="bcrypt.checkpw parses the salt out of the stored hash; a stored value that is not a bcrypt hash "
          "(here a plaintext password written by a seed step) is rejected with ValueError: Invalid salt.",
    rationale="seed.py inserts the demo user's password as plain text while login verifies with "
              "bcrypt.checkpw; honcho's web.1 lines show ValueError: Invalid salt on POST /api/users/login.",
    make=serve({
        "Procfile": "web: python -m flask --app app run --port $PORT\n",
        "seed.py": d('''
            USERS = {"jane@example.com": {"username": "jane", "password": "pw123456"}}
        '''),
        "app.py": d('''
            import bcrypt
            from flask import Flask, request
            from seed import USERS

            app = Flask(__name__)

            @app.post("/api/users/login")
            def login():
                u = request.get_json()["user"]
                row = USERS.get(u["email"])
                if not row or not bcrypt.checkpw(u["password"].encode(), row["password"].encode()):
                    return {"errors": {"body": ["invalid credentials"]}}, 401
                return {"user": {"email": u["email"], "username": row["username"], "token": "t"}}
        '''),
    }, "honcho start", [{"method": "POST", "path": "/api/users/login", "json": {"user": {"email": "jane@example.com", "password": "pw123456"}}}]),
    libraries=("bcrypt", "flask", "honcho"), framework="flask",
    expect=r"web\.1\s+\| ValueError: Invalid salt",
)

case(
    id="pyweb-passlib-unknown-hash-plaintext",
    label="auth.config.password",
    shape="uvicorn",
    source="https://www.iiask.com/34l58952.html",
    source_kind="blog",
    cause="passlib identifies the scheme from the stored hash's prefix; a stored value without any known "
          "hash format cannot be identified and verify() raises.",
    rationale="The user store keeps the password in plain text and login calls pwd_context.verify(); uvicorn "
              "logs passlib.exc.UnknownHashError: hash could not be identified.",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI, HTTPException
            from passlib.context import CryptContext
            from pydantic import BaseModel

            pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")
            app = FastAPI()
            USERS = {"jane@example.com": {"username": "jane", "hashed_password": "pw123456"}}

            class Login(BaseModel):
                email: str
                password: str

            @app.post("/api/users/login")
            def login(body: Login):
                user = USERS.get(body.email)
                if not user or not pwd_context.verify(body.password, user["hashed_password"]):
                    raise HTTPException(401, "invalid credentials")
                return {"user": {"username": user["username"]}}
        '''),
    }, UVICORN, [{"method": "POST", "path": "/api/users/login", "json": {"email": "jane@example.com", "password": "pw123456"}}]),
    libraries=("passlib", "fastapi"), framework="fastapi",
    expect=r"UnknownHashError: hash could not be identified",
)

case(
    id="pyweb-jwt-except-jose-jwterror",
    label="auth.config.token_issue",
    shape="markdown-fence",
    source="https://jsonic.io/guides/jwt-python",
    source_kind="blog",
    cause="python-jose and PyJWT are different libraries with different exception names; code written for "
          "python-jose's JWTError but running on PyJWT fails as soon as a token is rejected.",
    rationale="get_current_user catches jwt.JWTError (a python-jose name) while `jwt` is PyJWT; a bad token "
              "turns into AttributeError: module 'jwt' has no attribute 'JWTError' (log shown in a markdown fence).",
    make=serve({
        "main.py": d('''
            import jwt
            from fastapi import Depends, FastAPI, Header, HTTPException

            app = FastAPI()

            def get_current_user(authorization: str = Header(...)):
                token = authorization.removeprefix("Bearer ")
                try:
                    return jwt.decode(token, "s3cr3t", algorithms=["HS256"])["sub"]
                except jwt.JWTError:
                    raise HTTPException(status_code=401, detail="Could not validate credentials")

            @app.get("/api/user")
            def me(username: str = Depends(get_current_user)):
                return {"user": {"username": username}}
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/user", "headers": {"Authorization": "Bearer not-a-jwt"}}], render=fence),
    libraries=("pyjwt", "fastapi"), framework="fastapi",
    expect=r"AttributeError: module 'jwt' has no attribute 'JWTError'",
)

case(
    id="pyweb-current-user-sub-username-as-id",
    label="auth.config.current_user",
    shape="gunicorn",
    source="https://docs.telusko.com/docs/fastapi/authentication-and-authorization/protecting-routes-and-current-user-dependencies",
    source_kind="docs",
    cause="The current-user lookup must use the same identity the token was issued with; issuing sub as the "
          "username and then reading it back as a numeric id breaks every authenticated call.",
    rationale="login puts the username in 'sub' while get_current_user does USERS_BY_ID[int(sub)]; gunicorn "
              "(uvicorn worker) logs ValueError: invalid literal for int() with base 10: 'jane'.",
    make=lambda ctx: _two_step(ctx_write(ctx, {
        "main.py": d('''
            import jwt
            from fastapi import Depends, FastAPI, Header

            app = FastAPI()
            SECRET = "s3cr3t"
            USERS_BY_ID = {1: {"id": 1, "username": "jane", "email": "jane@example.com"}}

            @app.post("/api/users/login")
            def login():
                user = USERS_BY_ID[1]
                return {"user": {**user, "token": jwt.encode({"sub": user["username"]}, SECRET, algorithm="HS256")}}

            def get_current_user(authorization: str = Header(...)):
                claims = jwt.decode(authorization.split()[1], SECRET, algorithms=["HS256"])
                return USERS_BY_ID[int(claims["sub"])]

            @app.get("/api/user")
            def me(user: dict = Depends(get_current_user)):
                return {"user": user}
        '''),
    }), GUNICORN + " -k uvicorn.workers.UvicornWorker main:app", "/api/users/login", "/api/user", "Token"),
    libraries=("pyjwt", "fastapi", "gunicorn"), framework="fastapi",
    expect=r"ValueError: invalid literal for int\(\) with base 10: 'jane'",
)



# --------------------------------------------------------------------------------------------------
# xfile.reference
# --------------------------------------------------------------------------------------------------

case(
    id="pyweb-fastapi-cannot-import-get-db",
    label="xfile.reference.import",
    shape="uvicorn",
    source="http://www.kouhan.cn/en/article/00018085",
    source_kind="blog",
    cause="A module imports a name that the other project module does not define (here the session "
          "dependency is called get_session in database.py), so the import fails at startup.",
    rationale="routers/articles.py does `from database import get_db` while database.py only defines "
              "get_session; uvicorn stops with ImportError: cannot import name 'get_db' from 'database'.",
    make=serve({
        "database.py": d('''
            from sqlalchemy import create_engine
            from sqlalchemy.orm import sessionmaker

            engine = create_engine("sqlite://")
            SessionLocal = sessionmaker(bind=engine)

            def get_session():
                db = SessionLocal()
                try:
                    yield db
                finally:
                    db.close()
        '''),
        "routers/__init__.py": "",
        "routers/articles.py": d('''
            from fastapi import APIRouter, Depends
            from database import get_db

            router = APIRouter(prefix="/api/articles")

            @router.get("")
            def list_articles(db=Depends(get_db)):
                return {"articles": [], "articlesCount": 0}
        '''),
        "main.py": d('''
            from fastapi import FastAPI
            from routers import articles

            app = FastAPI()
            app.include_router(articles.router)
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/articles"}], startup=10),
    libraries=("fastapi", "sqlalchemy"), framework="fastapi",
    expect=r"ImportError: cannot import name 'get_db' from 'database'",
)

case(
    id="pyweb-fastapi-circular-import-main-router",
    label="xfile.reference.circular_import",
    shape="compose-prefix",
    source="https://askapython.pages.dev/articles/fastapi-dependency-injection-when-depends-causes-circular-import-errors/",
    source_kind="blog",
    cause="main.py imports the router module at the top while the router imports get_db back from main; "
          "the second import finds main only partially initialised.",
    rationale="routers/users.py does `from main import get_db` and main.py imports routers.users before "
              "defining get_db; honcho's web.1 output shows 'cannot import name 'get_db' from partially initialized module 'main''.",
    make=serve({
        "Procfile": "web: python -m uvicorn main:app --port $PORT\n",
        "routers/__init__.py": "",
        "routers/users.py": d('''
            from fastapi import APIRouter, Depends
            from main import get_db

            router = APIRouter(prefix="/api/users")

            @router.get("/{username}")
            def get_user(username: str, db=Depends(get_db)):
                return {"user": {"username": username}}
        '''),
        "main.py": d('''
            from fastapi import FastAPI
            from routers import users

            app = FastAPI()

            def get_db():
                yield {}

            app.include_router(users.router)
        '''),
    }, "honcho start", [{"method": "GET", "path": "/api/users/jane"}], startup=10),
    libraries=("fastapi", "honcho"), framework="fastapi",
    expect=r"web\.1\s+\| ImportError: cannot import name 'get_db' from partially initialized module 'main'",
)

case(
    id="pyweb-flask-nameerror-model-not-imported",
    label="xfile.reference.undefined_name",
    shape="werkzeug",
    source="https://taourl.com/read-1875564.html",
    source_kind="qa",
    cause="A name defined in one module is used in another without being imported there, so Python "
          "raises NameError when the code path runs.",
    rationale="routes.py uses Article (defined in models.py) without importing it; the first request to "
              "the view logs NameError: name 'Article' is not defined.",
    make=serve({
        "models.py": d('''
            from dataclasses import dataclass

            @dataclass
            class Article:
                slug: str
                title: str
        '''),
        "routes.py": d('''
            from flask import Blueprint, request

            bp = Blueprint("articles", __name__, url_prefix="/api/articles")

            @bp.post("")
            def create_article():
                data = request.get_json()["article"]
                article = Article(slug=data["title"].lower().replace(" ", "-"), title=data["title"])
                return {"article": article.__dict__}, 201
        '''),
        "app.py": d('''
            from flask import Flask
            from routes import bp

            app = Flask(__name__)
            app.register_blueprint(bp)
        '''),
    }, FLASK, [{"method": "POST", "path": "/api/articles", "json": {"article": {"title": "Hello World"}}}]),
    libraries=("flask",), framework="flask",
    expect=r"NameError: name 'Article' is not defined",
)

case(
    id="pyweb-token-helper-signature-mismatch",
    label="xfile.reference.signature",
    shape="pytest",
    source="https://nataliiabondarenko.blogspot.com/2023/08/python-typeerror-takes-x-positional-arguments.html",
    source_kind="blog",
    cause="The arguments at the call site do not match the parameters of the function defined in another "
          "module, so the call raises TypeError.",
    rationale="security.create_access_token(data) takes one dict, but the login route calls "
              "create_access_token(user['id'], timedelta(...)); the test fails with 'takes 1 positional argument but 2 were given'.",
    make=run({
        "security.py": d('''
            from datetime import datetime, timedelta, timezone
            import jwt

            def create_access_token(data: dict) -> str:
                payload = {**data, "exp": datetime.now(timezone.utc) + timedelta(minutes=30)}
                return jwt.encode(payload, "s3cr3t", algorithm="HS256")
        '''),
        "main.py": d('''
            from datetime import timedelta
            from fastapi import FastAPI
            from security import create_access_token

            app = FastAPI()
            USER = {"id": 1, "username": "jane"}

            @app.post("/api/users/login")
            def login():
                token = create_access_token(USER["id"], timedelta(minutes=30))
                return {"user": {**USER, "token": token}}
        '''),
        "test_login.py": d('''
            from fastapi.testclient import TestClient
            from main import app

            def test_login():
                assert TestClient(app).post("/api/users/login").status_code == 200
        '''),
    }, PYTEST),
    libraries=("fastapi", "pyjwt", "pytest"), framework="fastapi",
    expect=r"FAILED test_login.py::test_login - TypeError: create_access_token\(\) takes 1 positional argument but 2 were given",
)

case(
    id="pyweb-crud-added-required-parameter",
    label="xfile.reference.signature",
    shape="uvicorn",
    source="https://rohanpm.github.io/pidiff/_sources/errors/signature.rst.txt",
    source_kind="docs",
    cause="A mandatory parameter was added to a function while its callers in other modules were not "
          "updated, so every existing call is missing an argument.",
    rationale="crud.create_user(db, user, hashed_password) gained a third parameter but routes still call "
              "crud.create_user(db, body); uvicorn logs TypeError: create_user() missing 1 required positional argument: 'hashed_password'.",
    make=serve({
        "crud.py": d('''
            USERS = []

            def create_user(db, user, hashed_password):
                row = {"username": user.username, "email": user.email, "password": hashed_password}
                USERS.append(row)
                return row
        '''),
        "main.py": d('''
            from fastapi import FastAPI
            from pydantic import BaseModel
            import crud

            app = FastAPI()

            class NewUser(BaseModel):
                username: str
                email: str
                password: str

            @app.post("/api/users", status_code=201)
            def register(body: NewUser):
                row = crud.create_user(None, body)
                return {"user": {"username": row["username"], "email": row["email"]}}
        '''),
    }, UVICORN, [{"method": "POST", "path": "/api/users", "json": {"username": "jane", "email": "j@x.io", "password": "pw"}}]),
    libraries=("fastapi",), framework="fastapi",
    expect=r"TypeError: create_user\(\) missing 1 required positional argument: 'hashed_password'",
)

case(
    id="pyweb-relative-import-run-as-script",
    label="startup.entrypoint.run_script",
    shape="python-traceback",
    source="https://stackoverflow.com/questions/14132789/relative-imports-for-the-billionth-time",
    source_kind="qa",
    cause="Relative imports resolve against the module's package; a file run directly as a script is "
          "__main__ with no parent package, so `from .models import ...` fails.",
    rationale="main.py's relative import is valid inside the package, but the start command runs `python app/main.py` "
              "instead of `python -m app.main`/uvicorn app.main:app; Python stops with ImportError: attempted relative import with no known parent package.",
    make=run({
        "app/__init__.py": "",
        "app/models.py": "class User:\n    pass\n",
        "app/main.py": d('''
            from fastapi import FastAPI
            from .models import User

            app = FastAPI()

            if __name__ == "__main__":
                import uvicorn
                uvicorn.run(app, port=8000)
        '''),
    }, "python app/main.py"),
    libraries=("fastapi",), framework="fastapi",
    expect=r"ImportError: attempted relative import with no known parent package",
)

case(
    id="pyweb-package-submodule-not-imported",
    label="xfile.reference.attribute",
    shape="gunicorn",
    source="http://www.kouhan.cn/en/article/00042513",
    source_kind="blog",
    cause="Importing a package does not import its submodules; with an empty __init__.py, accessing "
          "package.submodule as an attribute fails unless the submodule was imported explicitly.",
    rationale="main.py does `import routers` and then app.include_router(routers.profiles.router); gunicorn "
              "(uvicorn worker) fails to boot with AttributeError: module 'routers' has no attribute 'profiles'.",
    make=serve({
        "routers/__init__.py": "",
        "routers/profiles.py": d('''
            from fastapi import APIRouter

            router = APIRouter(prefix="/api/profiles")

            @router.get("/{username}")
            def profile(username: str):
                return {"profile": {"username": username, "following": False}}
        '''),
        "main.py": d('''
            from fastapi import FastAPI
            import routers

            app = FastAPI()
            app.include_router(routers.profiles.router)
        '''),
    }, GUNICORN + " -k uvicorn.workers.UvicornWorker main:app", [{"method": "GET", "path": "/api/profiles/jane"}], startup=10),
    libraries=("fastapi", "gunicorn"), framework="fastapi",
    expect=r"AttributeError: module 'routers' has no attribute 'profiles'",
)

case(
    id="pyweb-schema-field-renamed-attributeerror",
    label="xfile.reference.attribute",
    shape="structlog-json",
    source="https://adhdecode-articles-1.pages.dev/articles/fastapi/response-model-field-does-not-match/",
    source_kind="blog",
    cause="Field names must match exactly across modules: the route reads an attribute the pydantic "
          "schema in another file does not declare.",
    rationale="schemas.UserCreate declares `name` while the register route reads body.username; the app's "
              "structlog JSON error line carries AttributeError: 'UserCreate' object has no attribute 'username'.",
    make=serve({
        "schemas.py": d('''
            from pydantic import BaseModel

            class UserCreate(BaseModel):
                name: str
                email: str
                password: str
        '''),
        "main.py": d('''
            import sys
            import structlog
            from fastapi import FastAPI, Request
            from fastapi.responses import JSONResponse
            from schemas import UserCreate

            structlog.configure(
                processors=[structlog.processors.add_log_level, structlog.processors.TimeStamper(fmt="iso"),
                            structlog.processors.format_exc_info, structlog.processors.JSONRenderer()],
                logger_factory=structlog.PrintLoggerFactory(sys.stdout),
            )
            log = structlog.get_logger("api")
            app = FastAPI()

            @app.exception_handler(Exception)
            async def unhandled(request: Request, exc: Exception):
                log.error("unhandled_exception", path=request.url.path, error=f"{type(exc).__name__}: {exc}", exc_info=exc)
                return JSONResponse({"errors": {"body": ["internal error"]}}, status_code=500)

            @app.post("/api/users", status_code=201)
            def register(body: UserCreate):
                return {"user": {"username": body.username, "email": body.email}}
        '''),
    }, UVICORN + " --log-level warning", [{"method": "POST", "path": "/api/users", "json": {"name": "jane", "email": "j@x.io", "password": "pw"}}]),
    libraries=("fastapi", "pydantic", "structlog"), framework="fastapi",
    expect=r'"error": "AttributeError: \'UserCreate\' object has no attribute \'username\'"',
)

case(
    id="pyweb-model-kwargs-from-schema-mismatch",
    label="xfile.reference.attribute",
    shape="unittest",
    source="https://adhdecode-articles-1.pages.dev/articles/fastapi/response-model-field-does-not-match/",
    source_kind="blog",
    cause="The ORM model and the input schema in different files name the same field differently, so "
          "building the model from the schema's dict passes a keyword the model does not have.",
    rationale="crud does models.User(**user_in.model_dump()) where the schema has 'password' and the "
              "SQLAlchemy model has 'password_hash'; the unittest errors with TypeError: 'password' is an invalid keyword argument for User.",
    make=run({
        "models.py": d('''
            from sqlalchemy import Integer, String
            from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

            class Base(DeclarativeBase):
                pass

            class User(Base):
                __tablename__ = "users"
                id: Mapped[int] = mapped_column(Integer, primary_key=True)
                username: Mapped[str] = mapped_column(String(80))
                email: Mapped[str] = mapped_column(String(120))
                password_hash: Mapped[str] = mapped_column(String(200))
        '''),
        "schemas.py": d('''
            from pydantic import BaseModel

            class UserCreate(BaseModel):
                username: str
                email: str
                password: str
        '''),
        "crud.py": d('''
            import models

            def create_user(session, user_in):
                user = models.User(**user_in.model_dump())
                session.add(user)
                session.commit()
                return user
        '''),
        "test_crud.py": d('''
            import unittest
            from sqlalchemy import create_engine
            from sqlalchemy.orm import Session
            import crud, models, schemas

            class CrudTests(unittest.TestCase):
                def test_create_user(self):
                    engine = create_engine("sqlite://")
                    models.Base.metadata.create_all(engine)
                    with Session(engine) as s:
                        u = crud.create_user(s, schemas.UserCreate(username="jane", email="j@x.io", password="pw"))
                        self.assertIsNotNone(u.id)
        '''),
    }, "python -m unittest test_crud"),
    libraries=("sqlalchemy", "pydantic"),
    expect=r"TypeError: 'password' is an invalid keyword argument for User",
)

case(
    id="pyweb-annotation-name-not-imported",
    label="xfile.reference.undefined_name",
    shape="ci-timestamp",
    source="https://taourl.com/read-1875564.html",
    source_kind="qa",
    cause="A name used at module level (here in a function annotation evaluated at definition time) was "
          "defined in another module and never imported, so importing the module raises NameError.",
    rationale="routes.py annotates `db: Session = Depends(get_db)` without importing Session; the "
              "timestamped CI log of uvicorn's startup ends with NameError: name 'Session' is not defined.",
    make=serve({
        "database.py": d('''
            from sqlalchemy.orm import Session, sessionmaker
            from sqlalchemy import create_engine

            SessionLocal = sessionmaker(bind=create_engine("sqlite://"))

            def get_db():
                db = SessionLocal()
                try:
                    yield db
                finally:
                    db.close()
        '''),
        "routes.py": d('''
            from fastapi import APIRouter, Depends
            from database import get_db

            router = APIRouter(prefix="/api/tags")

            @router.get("")
            def tags(db: Session = Depends(get_db)):
                return {"tags": []}
        '''),
        "main.py": d('''
            from fastapi import FastAPI
            from routes import router

            app = FastAPI()
            app.include_router(router)
        '''),
    }, lambda ctx: ts_cmd(ctx, UVICORN), [{"method": "GET", "path": "/api/tags"}], startup=10),
    libraries=("fastapi", "sqlalchemy"), framework="fastapi",
    expect=r"Z NameError: name 'Session' is not defined",
)

case(
    id="pyweb-aiohttp-helper-not-imported",
    label="xfile.reference.undefined_name",
    shape="aiohttp",
    source="http://www.taourl.com/read-2209405.html",
    source_kind="qa",
    cause="A helper defined in one module is called from another without the import statement that "
          "binds its name there.",
    rationale="handlers.py calls slugify() from utils.py without importing it; the aiohttp server log "
              "shows 'Error handling request' with NameError: name 'slugify' is not defined.",
    make=serve({
        "utils.py": d('''
            import re

            def slugify(text: str) -> str:
                return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
        '''),
        "handlers.py": d('''
            from aiohttp import web

            async def create_article(request):
                body = await request.json()
                title = body["article"]["title"]
                return web.json_response({"article": {"slug": slugify(title), "title": title}}, status=201)
        '''),
        "app.py": d('''
            import logging, os
            from aiohttp import web
            from handlers import create_article

            logging.basicConfig(level=logging.INFO)
            app = web.Application()
            app.router.add_post("/api/articles", create_article)
            web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
    }, "python app.py", [{"method": "POST", "path": "/api/articles", "json": {"article": {"title": "Hello World"}}}]),
    libraries=("aiohttp",), framework="aiohttp",
    expect=r"NameError: name 'slugify' is not defined",
)

case(
    id="pyweb-base-imported-from-wrong-module",
    label="xfile.reference.import",
    shape="gunicorn",
    source="http://www.kouhan.cn/en/article/00018085",
    source_kind="blog",
    cause="An import names the wrong project module for a symbol: the declarative Base lives in "
          "database.py but is imported from models.py, which does not define it.",
    rationale="app.py runs `from models import Base` to create tables while Base is defined in database.py; "
              "the gunicorn worker fails with ImportError: cannot import name 'Base' from 'models'.",
    make=serve({
        "database.py": d('''
            from flask_sqlalchemy import SQLAlchemy
            from sqlalchemy.orm import DeclarativeBase

            class Base(DeclarativeBase):
                pass

            db = SQLAlchemy(model_class=Base)
        '''),
        "models.py": d('''
            from database import db

            class Tag(db.Model):
                id = db.Column(db.Integer, primary_key=True)
                name = db.Column(db.String(50), unique=True)
        '''),
        "app.py": d('''
            from flask import Flask
            from database import db
            from models import Base, Tag

            app = Flask(__name__)
            app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite://"
            db.init_app(app)
            with app.app_context():
                Base.metadata.create_all(db.engine)

            @app.get("/api/tags")
            def tags():
                return {"tags": [t.name for t in Tag.query.all()]}
        '''),
    }, GUNICORN + " app:app", [{"method": "GET", "path": "/api/tags"}], startup=10),
    libraries=("flask", "flask-sqlalchemy", "gunicorn"), framework="flask",
    expect=r"ImportError: cannot import name 'Base' from 'models'",
)

case(
    id="pyweb-settings-attribute-case-mismatch",
    label="xfile.reference.attribute",
    shape="bare-exception",
    source="https://www.fixdevs.com/blog/pydantic-settings-not-working/",
    source_kind="blog",
    cause="The settings object in config.py declares a field under one name while another module reads "
          "it under a different name, so the attribute lookup fails.",
    rationale="config.Settings has `secret_key` but auth.py reads settings.SECRET_KEY; the startup "
              "check script prints builtins.AttributeError: 'Settings' object has no attribute 'SECRET_KEY'.",
    make=run({
        "config.py": d('''
            import os
            from dataclasses import dataclass, field

            @dataclass
            class Settings:
                secret_key: str = field(default_factory=lambda: os.environ.get("SECRET_KEY", "dev"))
                algorithm: str = "HS256"

            settings = Settings()
        '''),
        "auth.py": d('''
            import jwt
            from config import settings

            def issue(username):
                return jwt.encode({"sub": username}, settings.SECRET_KEY, algorithm=settings.algorithm)
        '''),
        "check.py": d('''
            import sys
            try:
                from auth import issue
                print("token:", issue("jane")[:16], "...")
            except Exception as e:
                print(f"startup check failed: {type(e).__module__}.{type(e).__name__}: {e}")
                sys.exit(1)
        '''),
    }, "python check.py"),
    libraries=("pyjwt",),
    expect=r"builtins\.AttributeError: 'Settings' object has no attribute 'SECRET_KEY'",
)

case(
    id="pyweb-project-module-name-mismatch",
    label="xfile.reference.import",
    shape="pytest",
    source="https://openillumi.com/en/en-fix-uvicorn-modulenotfounderror-path",
    source_kind="blog",
    cause="An import names a project module that does not exist under that name on the import path "
          "(the file is schema.py but the code imports schemas).",
    rationale="main.py does `from schemas import ArticleIn` while the file is schema.py; pytest's "
              "collection error shows ModuleNotFoundError: No module named 'schemas'.",
    make=run({
        "schema.py": d('''
            from pydantic import BaseModel

            class ArticleIn(BaseModel):
                title: str
                body: str
        '''),
        "main.py": d('''
            from fastapi import FastAPI
            from schemas import ArticleIn

            app = FastAPI()

            @app.post("/api/articles", status_code=201)
            def create(article: ArticleIn):
                return {"article": article.model_dump()}
        '''),
        "test_articles.py": d('''
            from fastapi.testclient import TestClient
            from main import app

            def test_create():
                r = TestClient(app).post("/api/articles", json={"title": "t", "body": "b"})
                assert r.status_code == 201
        '''),
    }, PYTEST),
    libraries=("fastapi", "pytest"), framework="fastapi",
    expect=r"ModuleNotFoundError: No module named 'schemas'",
)

case(
    id="pyweb-package-init-does-not-export-name",
    label="xfile.reference.import",
    shape="html-escaped",
    source="http://www.kouhan.cn/en/article/00042513",
    source_kind="blog",
    cause="A package's __init__.py only exposes what it imports; a class defined in a submodule is not "
          "importable from the package itself unless __init__.py re-exports it.",
    rationale="app/models/user.py defines User but app/models/__init__.py is empty, and main.py does "
              "`from app.models import User`; the uvicorn log (rendered as escaped HTML) shows "
              "ImportError: cannot import name 'User' from 'app.models'.",
    make=serve({
        "app/__init__.py": "",
        "app/models/__init__.py": "",
        "app/models/user.py": d('''
            from dataclasses import dataclass

            @dataclass
            class User:
                id: int
                username: str
        '''),
        "app/main.py": d('''
            from fastapi import FastAPI
            from app.models import User

            app = FastAPI()

            @app.get("/api/users/{uid}")
            def get_user(uid: int):
                return {"user": User(uid, "jane").__dict__}
        '''),
    }, "python -m uvicorn app.main:app --port $PORT", [{"method": "GET", "path": "/api/users/1"}], render=html_pre, startup=10),
    libraries=("fastapi",), framework="fastapi",
    expect=r"ImportError: cannot import name &#x27;User&#x27; from &#x27;app.models&#x27;",
)


# --------------------------------------------------------------------------------------------------
# startup.syntax
# --------------------------------------------------------------------------------------------------

def _heredoc_case(ctx):
    ctx.write({"setup.sh": (
        "#!/bin/bash\n"
        "mkdir -p app && cd app\n"
        "cat > main.py <<EOF\n"
        "from fastapi import FastAPI\n"
        "\n"
        "app = FastAPI()\n"
        "\n"
        "@app.get(\"/api/ping\")\n"
        "def ping():\n"
        "    return {\"ok\": True}\n"
        "    EOF\n"
        "nohup python -m uvicorn main:app --port 8000 > server.log 2>&1 &\n"
    )})
    setup_out = ctx.run("bash setup.sh", timeout=20)
    log, responses = ctx.serve("cd app && python -m uvicorn main:app --port $PORT", [{"method": "GET", "path": "/api/ping"}], startup=8)
    return {"log": "$ bash setup.sh\n" + setup_out + "$ cd app && uvicorn main:app\n" + log, "test_output": status_lines(responses)}


case(
    id="pyweb-heredoc-indented-eof-into-source",
    label="startup.syntax",
    shape="uvicorn",
    source="http://www.kouhan.cn/en/article/00033146",
    source_kind="blog",
    cause="A here-document's closing EOF marker must start at the beginning of its line; an indented "
          "marker does not end the here-document, so the following shell lines are written into the source file.",
    rationale="setup.sh writes main.py with `cat <<EOF` but the closing EOF is indented; bash warns the "
              "here-document was delimited by end-of-file, main.py ends with shell text and uvicorn stops with SyntaxError.",
    make=_heredoc_case,
    libraries=("uvicorn", "fastapi"), framework="fastapi",
    expect=r"(?s)delimited by end-of-file.*SyntaxError",
)

case(
    id="pyweb-flask-indentation-error",
    label="startup.syntax",
    shape="werkzeug",
    source="https://devopsaitoolkit.com/blog/bash-python-error-indentationerror-taberror/",
    source_kind="blog",
    cause="Python's tokenizer requires consistent indentation; a line that dedents to a level matching no "
          "enclosing block makes the whole module fail to compile.",
    rationale="app.py has a `return` dedented to an in-between level after an edit; `flask run` prints "
              "IndentationError: unindent does not match any outer indentation level and never serves.",
    make=serve({
        "app.py": (
            "from flask import Flask, request\n\n"
            "app = Flask(__name__)\n\n"
            "@app.post(\"/api/articles/<slug>/favorite\")\n"
            "def favorite(slug):\n"
            "        user = request.headers.get(\"Authorization\")\n"
            "        if not user:\n"
            "            return {\"errors\": {\"body\": [\"unauthorized\"]}}, 401\n"
            "    return {\"article\": {\"slug\": slug, \"favorited\": True}}\n"
        ),
    }, FLASK, [{"method": "POST", "path": "/api/articles/hello/favorite"}], startup=8),
    libraries=("flask",), framework="flask",
    expect=r"IndentationError: unindent does not match any outer indentation level",
)

case(
    id="pyweb-taberror-pytest-collection",
    label="startup.syntax",
    shape="pytest",
    source="https://errcodes.dev/python/taberror",
    source_kind="blog",
    cause="Python 3 refuses indentation that mixes tabs and spaces ambiguously within a block, raising "
          "TabError when the module is compiled.",
    rationale="services.py has one line indented with a tab among space-indented lines; pytest reports an "
              "error during collection with TabError: inconsistent use of tabs and spaces in indentation.",
    make=run({
        "services.py": (
            "def paginate(items, limit=20, offset=0):\n"
            "    start = int(offset)\n"
            "\tend = start + int(limit)\n"
            "    return items[start:end]\n"
        ),
        "test_services.py": d('''
            from services import paginate

            def test_paginate():
                assert paginate(list(range(50)), 10, 5) == list(range(5, 15))
        '''),
    }, PYTEST),
    libraries=("pytest",),
    expect=r"TabError: inconsistent use of tabs and spaces in indentation",
)

case(
    id="pyweb-unclosed-paren-never-closed",
    label="startup.syntax",
    shape="compose-prefix",
    source="https://thelinuxcode.com/demystifying-pythons-syntaxerror-unexpected-eof-while-parsing-error",
    source_kind="blog",
    cause="A bracket opened in the source is never closed, so the parser reaches the end of the file "
          "inside an expression and reports a SyntaxError.",
    rationale="routes.py leaves a dict( ... call unclosed at the end of the file; honcho's web.1 lines show "
              "uvicorn failing with SyntaxError: '(' was never closed.",
    make=serve({
        "Procfile": "web: python -m uvicorn main:app --port $PORT\n",
        "routes.py": d('''
            from fastapi import APIRouter

            router = APIRouter(prefix="/api/tags")

            @router.get("")
            def tags():
                return dict(tags=sorted({"python", "fastapi"})
        '''),
        "main.py": d('''
            from fastapi import FastAPI
            from routes import router

            app = FastAPI()
            app.include_router(router)
        '''),
    }, "honcho start", [{"method": "GET", "path": "/api/tags"}], startup=10),
    libraries=("fastapi", "honcho"), framework="fastapi",
    expect=r"web\.1\s+\| SyntaxError: '\(' was never closed",
)

# --------------------------------------------------------------------------------------------------
# startup.dependency / startup.entrypoint (more)
# --------------------------------------------------------------------------------------------------

case(
    id="pyweb-missing-python-jose",
    label="startup.dependency.missing_package",
    shape="uvicorn",
    source="https://codegive.com/blog/pip_install_jose.php",
    source_kind="blog",
    cause="The code imports python-jose (module name jose), which is not installed in the environment; "
          "the package on PyPI is python-jose, not jose.",
    rationale="security.py does `from jose import JWTError, jwt` but only PyJWT is installed; uvicorn stops "
              "at import with ModuleNotFoundError: No module named 'jose'.",
    make=serve({
        "security.py": d('''
            from jose import JWTError, jwt

            def decode(token):
                return jwt.decode(token, "s3cr3t", algorithms=["HS256"])
        '''),
        "main.py": d('''
            from fastapi import FastAPI
            import security

            app = FastAPI()
        '''),
    }, UVICORN, [{"method": "GET", "path": "/docs"}], startup=10),
    libraries=("fastapi", "python-jose"), framework="fastapi",
    expect=r"ModuleNotFoundError: No module named 'jose'",
)

case(
    id="pyweb-missing-flask-cors",
    label="startup.dependency.missing_package",
    shape="werkzeug",
    source="https://checklist.day/registry/flask-cors",
    source_kind="docs",
    cause="flask_cors comes from the Flask-CORS distribution, which is not installed in the environment "
          "the app runs in.",
    rationale="app.py starts with `from flask_cors import CORS`; `flask run` fails while importing the app "
              "with ModuleNotFoundError: No module named 'flask_cors'.",
    make=serve({
        "app.py": d('''
            from flask import Flask
            from flask_cors import CORS

            app = Flask(__name__)
            CORS(app)

            @app.get("/api/tags")
            def tags():
                return {"tags": []}
        '''),
    }, FLASK, [{"method": "GET", "path": "/api/tags"}], startup=8),
    libraries=("flask", "flask-cors"), framework="flask",
    expect=r"ModuleNotFoundError: No module named 'flask_cors'",
)

case(
    id="pyweb-missing-python-dotenv",
    label="startup.dependency.missing_package",
    shape="compose-prefix",
    source="https://pypi.org/project/python-dotenv",
    source_kind="docs",
    cause="The dotenv module is provided by the python-dotenv package, which has to be installed; the "
          "environment lacks it.",
    rationale="config.py calls load_dotenv() from `dotenv` and the requirements never listed python-dotenv; "
              "honcho's web.1 output ends with ModuleNotFoundError: No module named 'dotenv'.",
    make=serve({
        "Procfile": "web: python -m flask --app app run --port $PORT\n",
        "config.py": d('''
            import os
            from dotenv import load_dotenv

            load_dotenv()
            DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///dev.db")
        '''),
        "app.py": d('''
            from flask import Flask
            import config

            app = Flask(__name__)
            app.config["DATABASE_URL"] = config.DATABASE_URL
        '''),
    }, "honcho start", [{"method": "GET", "path": "/api/tags"}], startup=10),
    libraries=("flask", "python-dotenv", "honcho"), framework="flask",
    expect=r"web\.1\s+\| ModuleNotFoundError: No module named 'dotenv'",
)

case(
    id="pyweb-pydantic2-basesettings-moved",
    label="startup.dependency.incompatible",
    shape="uvicorn",
    source="https://koinara.org/records/pydantic-v2-basesettings-moved/",
    source_kind="blog",
    cause="Pydantic 2 moved BaseSettings out into the separate pydantic-settings package; v1-style "
          "`from pydantic import BaseSettings` raises on a v2 install.",
    rationale="config.py imports BaseSettings from pydantic on pydantic 2.10; uvicorn stops with "
              "PydanticImportError: `BaseSettings` has been moved to the `pydantic-settings` package.",
    make=serve({
        "config.py": d('''
            from pydantic import BaseSettings

            class Settings(BaseSettings):
                database_url: str = "sqlite:///dev.db"
                secret_key: str = "dev"

            settings = Settings()
        '''),
        "main.py": d('''
            from fastapi import FastAPI
            from config import settings

            app = FastAPI(title="conduit")
        '''),
    }, UVICORN, [{"method": "GET", "path": "/docs"}], startup=10),
    libraries=("pydantic", "fastapi"), framework="fastapi",
    expect=r"PydanticImportError: `BaseSettings` has been moved to the `pydantic-settings` package",
)

case(
    id="pyweb-emailstr-without-email-validator",
    label="startup.dependency.missing_package",
    shape="ci-timestamp",
    source="https://converter3000.com/blog/fix-fastapi-email-validation-stop",
    source_kind="blog",
    cause="Pydantic's EmailStr relies on the optional email-validator package; in an environment without "
          "it, defining a model with EmailStr fails.",
    rationale="schemas.py types the email as EmailStr and the project environment has no email-validator; "
              "the timestamped CI log shows ImportError: email-validator is not installed.",
    make=serve({
        "schemas.py": d('''
            from pydantic import BaseModel, EmailStr

            class UserCreate(BaseModel):
                username: str
                email: EmailStr
                password: str
        '''),
        "main.py": d('''
            from fastapi import FastAPI
            from schemas import UserCreate

            app = FastAPI()

            @app.post("/api/users", status_code=201)
            def register(user: UserCreate):
                return {"user": {"username": user.username, "email": user.email}}
        '''),
    }, lambda ctx: ts_cmd(ctx, "python -S -m uvicorn main:app --port $PORT"), [{"method": "GET", "path": "/docs"}],
        setup=lambda ctx: hide_packages(ctx, "email_validator"), startup=10),
    libraries=("pydantic", "email-validator", "fastapi"), framework="fastapi",
    expect=r"ImportError: email-validator is not installed",
)


def _flask_port_in_use(ctx):
    ctx.write({"app.py": d('''
        import os
        from flask import Flask

        app = Flask(__name__)

        @app.get("/api/ping")
        def ping():
            return {"ok": True}

        if __name__ == "__main__":
            app.run(port=int(os.environ["PORT"]))
    ''')})
    sock = occupy_port(ctx)
    try:
        out = ctx.run("python app.py", timeout=20, env={"PORT": str(ctx.port)})
    finally:
        sock.close()
    return {"log": out}


case(
    id="pyweb-flask-dev-server-port-in-use",
    label="startup.entrypoint.port",
    shape="werkzeug",
    source="https://runebook.dev/en/docs/flask/server/index",
    source_kind="docs",
    cause="Another program already listens on the port the Flask development server wants, so binding "
          "fails and the server exits.",
    rationale="A previous server still holds the port when `python app.py` calls app.run(port=...); "
              "Werkzeug prints 'Address already in use' and 'Port ... is in use by another program'.",
    make=_flask_port_in_use,
    libraries=("flask", "werkzeug"), framework="flask",
    expect=r"Port \d+ is in use by another program",
)

# --------------------------------------------------------------------------------------------------
# incomplete.endpoint
# --------------------------------------------------------------------------------------------------

case(
    id="pyweb-fastapi-notimplemented-stub",
    label="incomplete.endpoint.stub",
    shape="uvicorn",
    source="https://auditbuffet.com/patterns/ab-000269",
    source_kind="blog",
    cause="The endpoint was declared but its body left as a placeholder, so calling it raises "
          "NotImplementedError and the client gets a 500.",
    rationale="The feed route exists in the router but its body is `raise NotImplementedError('feed')`; "
              "uvicorn logs the NotImplementedError traceback for GET /api/articles/feed.",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI

            app = FastAPI()

            @app.get("/api/articles")
            def list_articles():
                return {"articles": [], "articlesCount": 0}

            @app.get("/api/articles/feed")
            def feed():
                # TODO: articles from followed authors
                raise NotImplementedError("feed")
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/articles"}, {"method": "GET", "path": "/api/articles/feed"}]),
    libraries=("fastapi",), framework="fastapi",
    expect=r"NotImplementedError: feed",
)

case(
    id="pyweb-flask-abort-501-placeholder",
    label="incomplete.endpoint.stub",
    shape="status-line",
    source="https://apidog.com/blog/status-code-501-not-implemented",
    source_kind="blog",
    cause="The route is registered but answers 501 Not Implemented because the feature behind it was "
          "never built.",
    rationale="DELETE /api/articles/<slug>/comments/<id> calls abort(501); the client line shows "
              "501 NOT IMPLEMENTED while the other routes work.",
    make=serve({
        "app.py": d('''
            from flask import Flask, abort

            app = Flask(__name__)

            @app.get("/api/articles/<slug>/comments")
            def comments(slug):
                return {"comments": []}

            @app.delete("/api/articles/<slug>/comments/<int:cid>")
            def delete_comment(slug, cid):
                abort(501)
        '''),
    }, FLASK, [{"method": "GET", "path": "/api/articles/hello/comments"},
               {"method": "DELETE", "path": "/api/articles/hello/comments/1"}]),
    libraries=("flask",), framework="flask",
    expect=r"DELETE /api/articles/hello/comments/1 -> 501 NOT IMPLEMENTED",
)

case(
    id="pyweb-aiohttp-httpnotimplemented",
    label="incomplete.endpoint.stub",
    shape="aiohttp",
    source="https://http.dev/501",
    source_kind="docs",
    cause="501 Not Implemented means the server does not (yet) support the functionality the request "
          "needs; the handler was left raising it.",
    rationale="The unfollow handler only raises web.HTTPNotImplemented; aiohttp's access log records the "
              "DELETE .../follow request with status 501.",
    make=serve({
        "app.py": d('''
            import logging, os
            from aiohttp import web

            logging.basicConfig(level=logging.INFO)

            async def follow(request):
                return web.json_response({"profile": {"username": request.match_info["u"], "following": True}})

            async def unfollow(request):
                raise web.HTTPNotImplemented(text="unfollow not implemented yet")

            app = web.Application()
            app.router.add_post("/api/profiles/{u}/follow", follow)
            app.router.add_delete("/api/profiles/{u}/follow", unfollow)
            web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
    }, "python app.py", [{"method": "POST", "path": "/api/profiles/jane/follow"},
                         {"method": "DELETE", "path": "/api/profiles/jane/follow"}]),
    libraries=("aiohttp",), framework="aiohttp",
    expect=r'"DELETE /api/profiles/jane/follow HTTP/1.1" 501',
)

case(
    id="pyweb-fastapi-route-never-written-404",
    label="incomplete.endpoint.missing",
    shape="pytest",
    source="https://apidog.com/blog/status-code-501-not-implemented",
    source_kind="blog",
    cause="The contract lists an endpoint that the implementation never defines, so requests to it get "
          "404 Not Found from the router.",
    rationale="The app implements list/create articles but no favorite route; the contract test for "
              "POST /api/articles/{slug}/favorite fails with 404 {'detail': 'Not Found'}.",
    make=run({
        "main.py": d('''
            from fastapi import FastAPI

            app = FastAPI()
            ARTICLES = {"hello": {"slug": "hello", "favorited": False, "favoritesCount": 0}}

            @app.get("/api/articles")
            def list_articles():
                return {"articles": list(ARTICLES.values()), "articlesCount": len(ARTICLES)}

            @app.get("/api/articles/{slug}")
            def get_article(slug: str):
                return {"article": ARTICLES[slug]}
        '''),
        "test_contract.py": d('''
            from fastapi.testclient import TestClient
            from main import app

            client = TestClient(app)

            def test_list():
                assert client.get("/api/articles").status_code == 200

            def test_favorite():
                r = client.post("/api/articles/hello/favorite")
                assert r.status_code == 200, (r.status_code, r.json())
        '''),
    }, PYTEST),
    libraries=("fastapi", "pytest"), framework="fastapi",
    expect=r"FAILED test_contract.py::test_favorite - AssertionError: \(404, \{'detail': 'Not Found'\}\)",
)

case(
    id="pyweb-flask-todo-stub-empty-body",
    label="incomplete.endpoint.stub",
    shape="unittest",
    source="https://auditbuffet.com/patterns/ab-000269",
    source_kind="blog",
    cause="The handler is a placeholder that returns an empty object with 200, so the route exists but "
          "none of the expected data is produced.",
    rationale="PUT /api/user is a TODO stub returning {} ; the unittest reading body['user'] errors with "
              "KeyError: 'user'.",
    make=run({
        "app.py": d('''
            from flask import Flask

            app = Flask(__name__)

            @app.put("/api/user")
            def update_user():
                # TODO: validate payload and persist changes
                return {}
        '''),
        "test_user.py": d('''
            import unittest
            from app import app

            class UpdateUserTests(unittest.TestCase):
                def test_update_bio(self):
                    r = app.test_client().put("/api/user", json={"user": {"bio": "hi"}})
                    self.assertEqual(r.get_json()["user"]["bio"], "hi")
        '''),
    }, "python -m unittest -v test_user"),
    libraries=("flask",), framework="flask",
    expect=r"KeyError: 'user'",
)

# --------------------------------------------------------------------------------------------------
# framework.wiring (more)
# --------------------------------------------------------------------------------------------------

case(
    id="pyweb-flask-blueprint-not-registered",
    label="framework.wiring.route_missing",
    shape="status-line",
    source="https://fixdevs.com/blog/flask-404-not-found",
    source_kind="blog",
    cause="Defining a Blueprint does not make its routes reachable; without app.register_blueprint the "
          "rules never enter the URL map and requests get 404.",
    rationale="profiles.py defines the profiles blueprint but app.py only registers the users blueprint; "
              "GET /api/profiles/jane returns 404 NOT FOUND while /api/users works.",
    make=serve({
        "users.py": d('''
            from flask import Blueprint

            users = Blueprint("users", __name__, url_prefix="/api/users")

            @users.get("/<username>")
            def get_user(username):
                return {"user": {"username": username}}
        '''),
        "profiles.py": d('''
            from flask import Blueprint

            profiles = Blueprint("profiles", __name__, url_prefix="/api/profiles")

            @profiles.get("/<username>")
            def get_profile(username):
                return {"profile": {"username": username, "following": False}}
        '''),
        "app.py": d('''
            from flask import Flask
            from users import users
            import profiles

            app = Flask(__name__)
            app.register_blueprint(users)
        '''),
    }, FLASK, [{"method": "GET", "path": "/api/users/jane"}, {"method": "GET", "path": "/api/profiles/jane"}]),
    libraries=("flask",), framework="flask",
    expect=r"GET /api/profiles/jane -> 404 NOT FOUND",
)

case(
    id="pyweb-fastapi-cors-preflight-405",
    label="framework.wiring.app_config",
    shape="status-line",
    source="https://choorai.com/en/fix/preflight-405",
    source_kind="blog",
    cause="Without CORS middleware the browser's OPTIONS preflight reaches the router, which has no "
          "OPTIONS route, and gets 405; the real request is then blocked.",
    rationale="The app never adds CORSMiddleware; the preflight OPTIONS /api/articles with Origin and "
              "Access-Control-Request-Method headers returns 405 Method Not Allowed.",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI

            app = FastAPI()

            @app.post("/api/articles", status_code=201)
            def create_article(article: dict):
                return {"article": article}
        '''),
    }, UVICORN, [{"method": "OPTIONS", "path": "/api/articles", "headers": {
        "Origin": "http://localhost:3000", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type,authorization"}}]),
    libraries=("fastapi", "starlette"), framework="fastapi",
    expect=r"OPTIONS /api/articles -> 405 Method Not Allowed",
)

case(
    id="pyweb-fastapi-staticfiles-missing-dir",
    label="framework.wiring.app_config",
    shape="uvicorn",
    source="https://fastapi.tiangolo.com/fa/tutorial/static-files",
    source_kind="docs",
    cause="StaticFiles serves an existing directory named by directory=; mounting it on a directory that "
          "does not exist in the deployed tree fails when the app is built.",
    rationale="main.py mounts StaticFiles(directory='static') but the project has no static/ folder; uvicorn "
              "stops with RuntimeError: Directory 'static' does not exist.",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI
            from fastapi.staticfiles import StaticFiles

            app = FastAPI()
            app.mount("/static", StaticFiles(directory="static"), name="static")

            @app.get("/api/ping")
            def ping():
                return {"ok": True}
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/ping"}], startup=10),
    libraries=("fastapi", "starlette"), framework="fastapi",
    expect=r"RuntimeError: Directory 'static' does not exist",
)

case(
    id="pyweb-aiohttp-handler-returns-dict",
    label="framework.wiring.request_response",
    shape="aiohttp",
    source="http://aiohttp.readthedocs.io/en/latest/web.html",
    source_kind="docs",
    cause="An aiohttp request handler must return a StreamResponse (such as web.Response or "
          "web.json_response); returning a plain dict is not a response.",
    rationale="The tags handler returns {'tags': [...]} as in FastAPI/Flask; the aiohttp log shows "
              "'Web-handler should return a response instance' with AttributeError on 'prepare'.",
    make=serve({
        "app.py": d('''
            import logging, os
            from aiohttp import web

            logging.basicConfig(level=logging.INFO)

            async def tags(request):
                return {"tags": ["python", "aiohttp"]}

            app = web.Application()
            app.router.add_get("/api/tags", tags)
            web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
    }, "python app.py", [{"method": "GET", "path": "/api/tags"}]),
    libraries=("aiohttp",), framework="aiohttp",
    expect=r"Web-handler should return a response instance",
)

case(
    id="pyweb-fastapi-oauth2-form-sent-json",
    label="framework.wiring.body_parsing",
    shape="status-line",
    source="https://notes.kodekloud.com/docs/Python-API-Development-with-FastAPI/Advanced-FastAPI/OAuth2-Password-Request-Form",
    source_kind="blog",
    cause="OAuth2PasswordRequestForm reads username and password from form fields, not from a JSON body; "
          "a JSON login request leaves both fields missing.",
    rationale="The login route depends on OAuth2PasswordRequestForm and the client posts JSON credentials; "
              "the response is 422 with loc ['body', 'username'] and ['body', 'password'] missing.",
    make=serve({
        "main.py": d('''
            from fastapi import Depends, FastAPI
            from fastapi.security import OAuth2PasswordRequestForm

            app = FastAPI()

            @app.post("/api/users/login")
            def login(form: OAuth2PasswordRequestForm = Depends()):
                return {"user": {"email": form.username, "token": "t"}}
        '''),
    }, UVICORN, [{"method": "POST", "path": "/api/users/login", "json": {"username": "jane@example.com", "password": "pw"}}]),
    libraries=("fastapi", "python-multipart"), framework="fastapi",
    expect=r'422 Unprocessable Entity\n.*"loc":\["body","username"\]',
)

case(
    id="pyweb-fastapi-router-auth-on-login",
    label="auth.config.public_route",
    shape="status-line",
    source="http://git.ai0.site/python/fastapi-users/src/commit/7721f8dcc18d4b27b59d4cfefe428170a709fed8/docs/usage/dependency-callables.md",
    source_kind="docs",
    cause="A current-user dependency raises 401 when credentials are missing; attaching it to a whole "
          "router also guards the routes that must stay public, such as login and registration.",
    rationale="users_router = APIRouter(dependencies=[Depends(get_current_user)]) also holds "
              "/api/users/login and registration; an anonymous login attempt gets 401 Not authenticated.",
    make=serve({
        "main.py": d('''
            from fastapi import APIRouter, Depends, FastAPI
            from fastapi.security import OAuth2PasswordBearer

            oauth2 = OAuth2PasswordBearer(tokenUrl="/api/users/login")

            def get_current_user(token: str = Depends(oauth2)):
                return {"username": token}

            users_router = APIRouter(prefix="/api/users", dependencies=[Depends(get_current_user)])

            @users_router.post("")
            def register(body: dict):
                return {"user": body.get("user", {})}

            @users_router.post("/login")
            def login(body: dict):
                return {"user": {"email": body["user"]["email"], "token": "t"}}

            app = FastAPI()
            app.include_router(users_router)
        '''),
    }, UVICORN, [{"method": "POST", "path": "/api/users", "json": {"user": {"username": "jane", "email": "j@x.io", "password": "pw"}}},
                 {"method": "POST", "path": "/api/users/login", "json": {"user": {"email": "j@x.io", "password": "pw"}}}]),
    libraries=("fastapi",), framework="fastapi",
    expect=r'POST /api/users/login -> 401 Unauthorized\n\{"detail":"Not authenticated"\}',
)

case(
    id="pyweb-fastapi-none-in-required-response-field",
    label="contract.serialization.response_validation",
    shape="markdown-fence",
    source="https://debugly.pages.dev/blog/posts/fastapi-response-model-validation-error-fix/",
    source_kind="blog",
    cause="A response_model field declared as a required str receives None from the data layer, so "
          "FastAPI's output validation fails and the client gets a 500.",
    rationale="ProfileOut.image is `str` but new users have image=None; the gunicorn/uvicorn-worker log "
              "(pasted as a markdown fence) shows ResponseValidationError with 'Input should be a valid string'.",
    make=serve({
        "main.py": d('''
            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()
            PROFILES = {"jane": {"username": "jane", "bio": "", "image": None, "following": False}}

            class ProfileOut(BaseModel):
                username: str
                bio: str
                image: str
                following: bool

            class ProfileEnvelope(BaseModel):
                profile: ProfileOut

            @app.get("/api/profiles/{username}", response_model=ProfileEnvelope)
            def profile(username: str):
                return {"profile": PROFILES[username]}
        '''),
    }, GUNICORN + " -k uvicorn.workers.UvicornWorker main:app", [{"method": "GET", "path": "/api/profiles/jane"}], render=fence),
    libraries=("fastapi", "pydantic", "gunicorn"), framework="fastapi",
    expect=r"(?s)ResponseValidationError.*Input should be a valid string",
)

case(
    id="pyweb-aiohttp-request-json-not-awaited",
    label="framework.wiring.async_misuse",
    shape="aiohttp",
    source="http://www.kouhan.cn/en/article/00016905",
    source_kind="blog",
    cause="request.json() in aiohttp is a coroutine; calling it without await yields a coroutine object "
          "instead of the parsed body, and the coroutine never runs.",
    rationale="The create handler does body = request.json() and indexes it; the aiohttp log shows "
              "TypeError: 'coroutine' object is not subscriptable and a 'BaseRequest.json' was never awaited warning.",
    make=serve({
        "app.py": d('''
            import logging, os
            from aiohttp import web

            logging.basicConfig(level=logging.INFO)

            async def create_article(request):
                body = request.json()
                title = body["article"]["title"]
                return web.json_response({"article": {"title": title}}, status=201)

            app = web.Application()
            app.router.add_post("/api/articles", create_article)
            web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
    }, "python app.py", [{"method": "POST", "path": "/api/articles", "json": {"article": {"title": "Hi"}}}]),
    libraries=("aiohttp",), framework="aiohttp",
    expect=r"TypeError: 'coroutine' object is not subscriptable",
)

case(
    id="pyweb-aiohttp-trailing-slash-404",
    label="framework.wiring.trailing_slash",
    shape="status-line",
    source="https://docs.aiohttp.org/en/stable/_modules/aiohttp/web_middlewares.html",
    source_kind="docs",
    cause="aiohttp matches paths exactly; a route registered with a trailing slash does not answer the "
          "path without it unless a path-normalizing middleware adds or removes the slash.",
    rationale="The app registers '/api/articles/' and the client calls '/api/articles'; the client line "
              "is 404 Not Found although the handler exists.",
    make=serve({
        "app.py": d('''
            import logging, os
            from aiohttp import web

            logging.basicConfig(level=logging.INFO)

            async def list_articles(request):
                return web.json_response({"articles": [], "articlesCount": 0})

            app = web.Application()
            app.router.add_get("/api/articles/", list_articles)
            web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
    }, "python app.py", [{"method": "GET", "path": "/api/articles/"}, {"method": "GET", "path": "/api/articles"}]),
    libraries=("aiohttp",), framework="aiohttp",
    expect=r"GET /api/articles -> 404 Not Found",
)
