"""pyfill: startup situations (init errors in the project's own code, entrypoints, database at startup)."""

from __future__ import annotations

import subprocess

import _django_kit as dj
from _pyfill_kit import TS_FILES, UVICORN, d, pg, pg_password, run, serve, serve_probe, ts, with_server
from capture import Case, Context

CASES: list[Case] = []


def case(**kw):
    kw.setdefault("language", "python")
    CASES.append(Case(**kw))


REQ_HEALTH = [{"method": "GET", "path": "/health"}]

# ==================================================================================================
# startup.init_error
# ==================================================================================================
case(
    id="pyfill-flask-config-environ-keyerror-gunicorn",
    label="startup.init_error",
    shape="gunicorn",
    source="https://mikepietsch.com/tech/python/88.01-os-environ-reading-environment-variables/",
    source_kind="blog",
    cause="os.environ['NAME'] raises KeyError when the variable is not set; read in a config module at import "
          "time, it aborts the import of the whole application.",
    rationale="config.py reads SECRET_KEY with os.environ['SECRET_KEY'] in the class body and app.py imports it; "
              "the variable is not set in the deploy, so the gunicorn worker dies importing app.py with "
              "KeyError: 'SECRET_KEY' and gunicorn halts with 'Worker failed to boot'.",
    make=serve({
        "config.py": d('''
            import os


            class Config:
                SECRET_KEY = os.environ["SECRET_KEY"]
                DATABASE_PATH = os.environ.get("DATABASE_PATH", "blog.db")
                POSTS_PER_PAGE = 20
        '''),
        "app.py": d('''
            from flask import Flask, jsonify

            from config import Config

            app = Flask(__name__)
            app.config.from_object(Config)


            @app.get("/health")
            def health():
                return jsonify(status="ok")


            @app.get("/api/posts")
            def list_posts():
                return jsonify(posts=[], per_page=app.config["POSTS_PER_PAGE"])
        '''),
    }, "exec gunicorn app:app --bind 127.0.0.1:$PORT --workers 1", REQ_HEALTH),
    code=("app.py", "config.py"),
    libraries=("flask", "gunicorn"), framework="flask",
    expect=r"KeyError: 'SECRET_KEY'",
)

case(
    id="pyfill-fastapi-int-getenv-none-ci",
    label="startup.init_error",
    shape="ci-timestamp",
    source="https://nothingisnttrivial.com/getenv.html",
    source_kind="blog",
    cause="os.getenv returns None for an unset variable; the None travels on until something uses it, here "
          "int(None), so a missing setting turns into an unrelated-looking TypeError at import.",
    rationale="main.py does RATE_LIMIT = int(os.getenv('RATE_LIMIT_PER_MINUTE')) at module level; the CI smoke "
              "step starts uvicorn without that variable, and the timestamped log shows the import failing with "
              "TypeError: int() argument must be ... not 'NoneType' before the server binds.",
    make=run({
        **TS_FILES,
        "main.py": d('''
            import os
            import time
            from collections import defaultdict

            from fastapi import FastAPI, HTTPException, Request

            RATE_LIMIT = int(os.getenv("RATE_LIMIT_PER_MINUTE"))
            app = FastAPI(title="Shortener")
            _hits: dict[str, list[float]] = defaultdict(list)
            LINKS: dict[str, str] = {}


            @app.middleware("http")
            async def rate_limit(request: Request, call_next):
                now = time.time()
                hits = [t for t in _hits[request.client.host] if now - t < 60]
                if len(hits) >= RATE_LIMIT:
                    raise HTTPException(status_code=429, detail="Too many requests")
                _hits[request.client.host] = hits + [now]
                return await call_next(request)


            @app.get("/health")
            def health():
                return {"status": "ok"}
        '''),
    }, ts("python -m uvicorn main:app --host 127.0.0.1 --port 8091"), key="log", timeout=40),
    code=("main.py",),
    libraries=("fastapi", "uvicorn"), framework="fastapi",
    expect=r"TypeError: int\(\) argument must be a string.{0,80}NoneType",
)

case(
    id="pyfill-fastapi-lifespan-seed-keyerror",
    label="startup.init_error",
    shape="uvicorn",
    source="https://reddittips.com/2025/04/02/a-guide-to-using-fastapi-lifespan-events",
    source_kind="blog",
    cause="Code in a FastAPI lifespan handler runs before the server accepts requests; an exception raised "
          "there makes uvicorn report the startup as failed and exit.",
    rationale="The lifespan builds the product index with {p['sku']: p for p in SEED_PRODUCTS} while the seed "
              "records use the key 'id'; uvicorn prints the KeyError: 'sku' traceback and 'Application startup "
              "failed. Exiting.', and the client gets no response.",
    make=serve({
        "main.py": d('''
            from contextlib import asynccontextmanager

            from fastapi import FastAPI, HTTPException

            SEED_PRODUCTS = [
                {"id": "ESP-250", "name": "Espresso beans 250g", "price_cents": 1299},
                {"id": "FIL-1KG", "name": "Filter roast 1kg", "price_cents": 3450},
            ]


            @asynccontextmanager
            async def lifespan(app: FastAPI):
                app.state.catalog = {p["sku"]: p for p in SEED_PRODUCTS}
                yield
                app.state.catalog.clear()


            app = FastAPI(title="Coffee shop", lifespan=lifespan)


            @app.get("/api/products/{sku}")
            def get_product(sku: str):
                product = app.state.catalog.get(sku)
                if product is None:
                    raise HTTPException(status_code=404, detail="Unknown product")
                return product
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/products/ESP-250"}]),
    code=("main.py",),
    libraries=("fastapi", "uvicorn"), framework="fastapi",
    expect=r"Application startup failed\. Exiting\.",
)

case(
    id="pyfill-flask-factory-from-pyfile-missing",
    label="startup.init_error",
    shape="python-traceback",
    source="https://www.cnblogs.com/daicw/p/11690293.html",
    source_kind="blog",
    cause="Flask's config.from_pyfile raises when the file does not exist unless silent=True is passed, so an "
          "app factory that loads a config file that was never created fails before the app exists.",
    rationale="create_app() calls app.config.from_pyfile('settings.cfg') with instance_relative_config=True, but "
              "the project has no instance/settings.cfg; 'flask --app app:create_app() run' stops with "
              "OSError: Unable to load configuration file (No such file or directory).",
    make=run({
        "app.py": d('''
            from flask import Flask, jsonify


            def create_app():
                app = Flask(__name__, instance_relative_config=True)
                app.config.from_mapping(SECRET_KEY="dev", PAGE_SIZE=20)
                app.config.from_pyfile("settings.cfg")

                @app.get("/api/tasks")
                def list_tasks():
                    return jsonify(tasks=[], page_size=app.config["PAGE_SIZE"])

                return app
        '''),
    }, "timeout 20 python -m flask --app 'app:create_app()' run --port 5091", key="log", timeout=40),
    code=("app.py",),
    libraries=("flask",), framework="flask",
    expect=r"Unable to load configuration file \(No such file or directory\)",
)

case(
    id="pyfill-django-allowed-hosts-empty-honcho",
    label="startup.init_error",
    shape="compose-prefix",
    source="https://fadingcoder.top/post/100308.html",
    source_kind="blog",
    cause="With DEBUG = False Django refuses to start the development server unless ALLOWED_HOSTS lists at least "
          "one host; an empty list raises CommandError at startup.",
    rationale="settings.py turns DEBUG off and builds ALLOWED_HOSTS from DJANGO_ALLOWED_HOSTS, which the "
              "Procfile environment does not set, so the list is empty; the honcho web.1 line shows "
              "'CommandError: You must set settings.ALLOWED_HOSTS if DEBUG is False.' and the process exits.",
    make=dj.make({}, mode="honcho", migrate_apps=None, apps=("articles",), requests=REQ_HEALTH, settings_kw={
        "debug": False,
        "extra": 'ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]\n',
    }),
    code=("config/settings.py",),
    libraries=("django", "honcho"), framework="django", database="sqlite",
    expect=r"CommandError: You must set settings.ALLOWED_HOSTS if DEBUG is False",
)

case(
    id="pyfill-django-auth-user-model-app-not-installed",
    label="startup.init_error",
    shape="gunicorn",
    source="https://taourl.com/read-2429549.html",
    source_kind="qa",
    cause="AUTH_USER_MODEL must name a model of an app listed in INSTALLED_APPS; when the app holding the custom "
          "user model is missing from INSTALLED_APPS, Django raises ImproperlyConfigured while it sets up.",
    rationale="settings.py sets AUTH_USER_MODEL = 'accounts.User' and accounts/models.py defines the model, but "
              "'accounts' is not in INSTALLED_APPS; the gunicorn worker fails during django.setup() with "
              "ImproperlyConfigured: AUTH_USER_MODEL refers to model 'accounts.User' that has not been installed.",
    make=dj.make({
        "accounts/__init__.py": "",
        "accounts/models.py": d('''
            from django.contrib.auth.models import AbstractUser
            from django.db import models


            class User(AbstractUser):
                bio = models.TextField(blank=True)
                image = models.URLField(blank=True)
        '''),
    }, mode="gunicorn", migrate_apps=None, apps=("articles",), requests=REQ_HEALTH,
        settings_kw={"extra": 'AUTH_USER_MODEL = "accounts.User"\n'}),
    code=("config/settings.py", "accounts/models.py"),
    libraries=("django", "gunicorn"), framework="django",
    expect=r"AUTH_USER_MODEL refers to model 'accounts.User' that has not been installed",
)

case(
    id="pyfill-fastapi-settings-model-validation-structlog",
    label="startup.init_error",
    shape="structlog-json",
    source="https://python-config-secrets-hub.com/type-safe-validation-with-pydantic-settings/strict-mode-type-coercion/fix-pydantic-validationerror-on-startup/",
    source_kind="blog",
    cause="A settings model validated at import time raises pydantic's ValidationError when a required variable "
          "is unset or has the wrong shape, so the application stops before serving anything.",
    rationale="settings.py validates the environment into a Settings model at import; JWT_SECRET is only 8 "
              "characters and ACCESS_TOKEN_MINUTES is '30m', so the app's own structlog JSON line "
              "'settings_invalid' lists string_too_short and int_parsing and uvicorn fails to load main.py.",
    make=serve({
        "logconf.py": d('''
            import sys

            import structlog

            structlog.configure(
                processors=[
                    structlog.processors.add_log_level,
                    structlog.processors.TimeStamper(fmt="iso", utc=True),
                    structlog.processors.JSONRenderer(),
                ],
                logger_factory=structlog.PrintLoggerFactory(file=sys.stdout),
            )
            log = structlog.get_logger("api")
        '''),
        "settings.py": d('''
            import os

            from pydantic import BaseModel, Field, ValidationError

            from logconf import log


            class Settings(BaseModel):
                app_name: str = "tasks-api"
                jwt_secret: str = Field(min_length=32)
                access_token_minutes: int = 30
                cors_origins: list[str] = []


            def load_settings() -> Settings:
                raw = {
                    "jwt_secret": os.environ.get("JWT_SECRET"),
                    "access_token_minutes": os.environ.get("ACCESS_TOKEN_MINUTES", "30"),
                    "cors_origins": [o for o in os.environ.get("CORS_ORIGINS", "").split(",") if o],
                }
                try:
                    return Settings(**raw)
                except ValidationError as exc:
                    log.error("settings_invalid", errors=[
                        {"field": ".".join(map(str, e["loc"])), "type": e["type"], "msg": e["msg"]} for e in exc.errors()
                    ])
                    raise


            settings = load_settings()
        '''),
        "main.py": d('''
            from fastapi import FastAPI

            from logconf import log
            from settings import settings

            app = FastAPI(title=settings.app_name)
            log.info("app_configured", token_minutes=settings.access_token_minutes)


            @app.get("/health")
            def health():
                return {"status": "ok"}
        '''),
    }, UVICORN, REQ_HEALTH, env={"JWT_SECRET": "changeme", "ACCESS_TOKEN_MINUTES": "30m", "PYTHONUNBUFFERED": "1"}),
    code=("main.py", "settings.py", "logconf.py"),
    libraries=("fastapi", "pydantic", "structlog", "uvicorn"), framework="fastapi",
    expect=r'"event": "settings_invalid"',
)

case(
    id="pyfill-aiohttp-on-startup-config-keyerror",
    label="startup.init_error",
    shape="aiohttp",
    source="https://docs.aiohttp.org/en/stable/web_advanced.html",
    source_kind="docs",
    cause="aiohttp runs the application's on_startup signal handlers (and cleanup contexts) before it starts "
          "serving; an exception raised in one of them aborts web.run_app.",
    rationale="init_payments, registered in app.on_startup, reads app['config']['payments'] but the CONFIG dict "
              "built in app.py has no 'payments' section; run_app dies with KeyError: 'payments' and the client "
              "never gets a response.",
    make=serve({
        "app.py": d('''
            import os

            from aiohttp import web

            CONFIG = {
                "database": {"url": os.environ.get("DATABASE_URL", "sqlite:///shop.db")},
                "mail": {"host": "localhost", "port": 25},
            }


            async def init_payments(app: web.Application) -> None:
                payments = app["config"]["payments"]
                app["payment_provider"] = payments.get("provider", "stripe")


            async def health(request: web.Request) -> web.Response:
                return web.json_response({"status": "ok", "payments": request.app["payment_provider"]})


            def create_app() -> web.Application:
                app = web.Application()
                app["config"] = CONFIG
                app.on_startup.append(init_payments)
                app.router.add_get("/health", health)
                return app


            if __name__ == "__main__":
                web.run_app(create_app(), host="127.0.0.1", port=int(os.environ.get("PORT", "8080")))
        '''),
    }, "exec python -u app.py", REQ_HEALTH),
    code=("app.py",),
    libraries=("aiohttp",), framework="aiohttp",
    expect=r"KeyError: 'payments'",
)

# ==================================================================================================
# startup.entrypoint
# ==================================================================================================
case(
    id="pyfill-uvicorn-run-object-with-reload",
    label="startup.entrypoint.run_script",
    shape="uvicorn",
    source="https://openillumi.com/en/en-fastapi-poetry-uvicorn-reload-fix-pyproject-toml",
    source_kind="blog",
    cause="uvicorn can only reload or spawn workers when it can re-import the app, so uvicorn.run() must get an "
          "import string like 'main:app'; given the app object with reload=True it warns and exits.",
    rationale="main.py ends with uvicorn.run(app, ..., reload=True) and the service is started with "
              "'python main.py'; uvicorn prints 'You must pass the application as an import string to enable "
              "'reload' or 'workers'.' and the process exits without binding, so the health check gets no response.",
    make=serve({
        "main.py": d('''
            import os

            import uvicorn
            from fastapi import FastAPI

            app = FastAPI(title="Inventory")
            STOCK = {"SKU-1": 12, "SKU-2": 0}


            @app.get("/health")
            def health():
                return {"status": "ok"}


            @app.get("/api/stock/{sku}")
            def stock(sku: str):
                return {"sku": sku, "quantity": STOCK.get(sku, 0)}


            if __name__ == "__main__":
                uvicorn.run(app, host="127.0.0.1", port=int(os.environ.get("PORT", "8000")), reload=True)
        '''),
    }, "exec python -u main.py", REQ_HEALTH),
    code=("main.py",),
    libraries=("fastapi", "uvicorn"), framework="fastapi",
    expect=r"You must pass the application as an import string to enable 'reload' or 'workers'",
)

case(
    id="pyfill-fastapi-hardcoded-port-ignores-env",
    label="startup.entrypoint.port",
    shape="harness-lines",
    source="https://openillumi.com/?p=85737",
    source_kind="blog",
    cause="Hosting platforms tell the app which port to listen on through the PORT variable; an app that "
          "hard-codes its own port starts fine but nothing answers on the port the platform probes.",
    rationale="main.py runs uvicorn.run(app, host='0.0.0.0', port=8000) and ignores $PORT; the log shows "
              "'Uvicorn running on http://0.0.0.0:8000' while the platform's probe of $PORT gets connection "
              "refused and the check is reported as failed.",
    make=serve_probe({
        "main.py": d('''
            import uvicorn
            from fastapi import FastAPI

            app = FastAPI(title="Quotes API")
            QUOTES = ["Simplicity is prerequisite for reliability."]


            @app.get("/health")
            def health():
                return {"status": "ok"}


            @app.get("/api/quotes")
            def quotes():
                return QUOTES


            if __name__ == "__main__":
                uvicorn.run(app, host="0.0.0.0", port=8000)
        '''),
        "probe.py": d('''
            import os

            import requests

            port = os.environ["PORT"]
            for attempt in range(1, 4):
                try:
                    r = requests.get(f"http://127.0.0.1:{port}/health", timeout=2)
                    print(f"attempt {attempt}: GET /health on port {port} -> {r.status_code}")
                    break
                except requests.ConnectionError as exc:
                    print(f"Expected 200 but got no response for GET /health on port {port} (attempt {attempt}): connection refused")
            else:
                print("health_check failed: service did not answer on $PORT")
        '''),
    }, "exec python -u main.py", "python probe.py", wait=3.0),
    code=("main.py",),
    libraries=("fastapi", "uvicorn"), framework="fastapi",
    expect=r"Expected 200 but got no response for GET /health",
)

case(
    id="pyfill-flask-gunicorn-healthcheck-path-404",
    label="startup.entrypoint.health",
    shape="ci-timestamp",
    source="https://render.com/tutorials/when-deploys-go-wrong/health-checks-and-crashes",
    source_kind="docs",
    cause="A platform health check requests one configured path and only marks the deploy live on a 2xx "
          "answer; if the app serves its health route under another path, the deploy fails although the "
          "process is up.",
    rationale="The deploy probe polls /healthz (the configured health path) while app.py only defines /health; "
              "gunicorn's access log shows 'GET /healthz' answered 404 three times and the timestamped probe "
              "output ends with 'deploy failed: health check did not return 200'.",
    make=with_server({
        **TS_FILES,
        "app.py": d('''
            from flask import Flask, jsonify

            app = Flask(__name__)


            @app.get("/health")
            def health():
                return jsonify(status="ok")


            @app.get("/api/menu")
            def menu():
                return jsonify(items=[{"name": "Margherita", "price": 9.5}])
        '''),
        "healthcheck.py": d('''
            import os
            import time

            import requests

            PATH = os.environ.get("HEALTH_CHECK_PATH", "/healthz")
            base = f"http://127.0.0.1:{os.environ['PORT']}"
            print(f"==> Waiting for health check on {PATH}")
            for attempt in range(1, 4):
                r = requests.get(base + PATH, timeout=3)
                print(f"==> health check attempt {attempt}: GET {PATH} -> {r.status_code}")
                if r.status_code == 200:
                    print("==> Your service is live")
                    raise SystemExit(0)
                time.sleep(0.3)
            print("==> deploy failed: health check did not return 200")
            raise SystemExit(1)
        '''),
    }, "exec gunicorn app:app --bind 127.0.0.1:$PORT --workers 1 --access-logfile -", ts("python -u healthcheck.py")),
    code=("app.py",),
    libraries=("flask", "gunicorn", "requests"), framework="flask",
    expect=r"health check attempt 3: GET /healthz -> 404",
)

case(
    id="pyfill-django-wsgi-application-setting-wrong",
    label="startup.entrypoint.app_object",
    shape="python-traceback",
    source="https://docs.huihoo.com/django/1.9/howto/deployment/wsgi/index.html",
    source_kind="docs",
    cause="Django's runserver loads the WSGI callable named by the WSGI_APPLICATION setting; the default "
          "module exposes 'application', so a setting that names another attribute cannot be loaded.",
    rationale="settings.py sets WSGI_APPLICATION = 'config.wsgi.app' while config/wsgi.py defines 'application'; "
              "runserver stops with ImproperlyConfigured: WSGI application 'config.wsgi.app' could not be "
              "loaded; Error importing module.",
    make=dj.make({}, mode="runserver", migrate_apps=None, apps=("articles",), requests=REQ_HEALTH,
                 settings_kw={"extra": 'WSGI_APPLICATION = "config.wsgi.app"\n'}),
    code=("config/settings.py", "config/wsgi.py"),
    libraries=("django",), framework="django",
    expect=r"WSGI application 'config.wsgi.app' could not be loaded",
)


def _host_ip(ctx: Context) -> dict[str, str]:
    out = subprocess.run(["hostname", "-I"], capture_output=True, text=True).stdout.split()
    ip = next((a for a in out if "." in a and not a.startswith("127.")), "192.0.2.2")
    return {"PUBLIC_IP": ip}


def _probe_public(files, server_cmd, client_cmd):
    def make(ctx: Context) -> dict[str, str]:
        ctx.env.update(_host_ip(ctx))
        return serve_probe(files, server_cmd, client_cmd, wait=4.0, wait_port=True)(ctx)
    return make


case(
    id="pyfill-flask-app-run-loopback-only",
    label="startup.entrypoint.port",
    shape="status-line",
    source="https://aptible.com/docs/http-health-checks-failed",
    source_kind="docs",
    cause="A server bound to 127.0.0.1 only accepts connections made to the loopback interface; a load "
          "balancer or health check reaching the host's own address gets connection refused.",
    rationale="app.py calls app.run(host='127.0.0.1', port=$PORT); werkzeug reports 'Running on "
              "http://127.0.0.1:...', and the endpoint's probe against the host address on the same port gets "
              "no response (connection refused).",
    make=_probe_public({
        "app.py": d('''
            import os

            from flask import Flask, jsonify

            app = Flask(__name__)


            @app.get("/api/health")
            def health():
                return jsonify(status="ok")


            if __name__ == "__main__":
                app.run(host="127.0.0.1", port=int(os.environ.get("PORT", "5000")))
        '''),
        "lb_probe.py": d('''
            import os
            import urllib.error
            import urllib.request

            target = f"http://{os.environ['PUBLIC_IP']}:{os.environ['PORT']}/api/health"
            try:
                with urllib.request.urlopen(target, timeout=3) as resp:
                    print(f"GET {target} -> {resp.status} {resp.reason}")
            except urllib.error.URLError as exc:
                print(f"GET {target} -> no response ({exc.reason})")
        '''),
    }, "exec python -u app.py", "python lb_probe.py"),
    code=("app.py",),
    libraries=("flask",), framework="flask",
    expect=r"-> no response \(\[Errno 111\] Connection refused\)",
)

# ==================================================================================================
# startup.database
# ==================================================================================================


def _db_renamed(make, name: str):
    def wrapped(ctx: Context) -> dict[str, str]:
        ctx.env["DATABASE_URL"] = ctx.env["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
        return make(ctx)
    return wrapped


case(
    id="pyfill-aiohttp-asyncpg-database-not-created",
    label="startup.database",
    shape="aiohttp",
    source="https://www.errcodes.dev/postgresql/3D000-database-does-not-exist",
    source_kind="blog",
    cause="PostgreSQL rejects a connection to a database name that does not exist in the cluster (SQLSTATE "
          "3D000), typically because the database was never created or the name is wrong.",
    rationale="The aiohttp app creates its asyncpg pool in on_startup from DATABASE_URL, which names the "
              "database 'shop' that was never created; run_app fails with asyncpg's "
              "InvalidCatalogNameError: database \"shop\" does not exist.",
    make=pg(_db_renamed(serve({
        "app.py": d('''
            import os

            import asyncpg
            from aiohttp import web


            async def init_db(app: web.Application) -> None:
                app["pool"] = await asyncpg.create_pool(os.environ["DATABASE_URL"], min_size=1, max_size=5)
                async with app["pool"].acquire() as conn:
                    await conn.execute(
                        "CREATE TABLE IF NOT EXISTS products (id serial PRIMARY KEY, name text NOT NULL, price numeric(10,2))"
                    )


            async def close_db(app: web.Application) -> None:
                await app["pool"].close()


            async def list_products(request: web.Request) -> web.Response:
                rows = await request.app["pool"].fetch("SELECT id, name FROM products ORDER BY id")
                return web.json_response([dict(r) for r in rows])


            app = web.Application()
            app.on_startup.append(init_db)
            app.on_cleanup.append(close_db)
            app.router.add_get("/api/products", list_products)

            if __name__ == "__main__":
                web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        '''),
    }, "exec python -u app.py", [{"method": "GET", "path": "/api/products"}]), "shop")),
    code=("app.py",),
    libraries=("aiohttp", "asyncpg"), framework="aiohttp", database="postgres",
    expect=r'InvalidCatalogNameError: database "shop" does not exist',
)

case(
    id="pyfill-fastapi-psycopg-unix-socket-missing",
    label="startup.database",
    shape="uvicorn",
    source="https://postgrespro.com/docs/postgresql/15/server-start",
    source_kind="docs",
    cause="Without a host, libpq connects through a Unix-domain socket in its default socket directory; when no "
          "server is listening there the connection fails with 'No such file or directory' on the socket path.",
    rationale="The lifespan opens psycopg.connect(dbname=..., user=...) with no host because DB_HOST is not "
              "read at all; uvicorn shows the OperationalError 'connection to server on socket "
              "\".../.s.PGSQL.5432\" failed: No such file or directory' and startup fails.",
    make=serve({
        "main.py": d('''
            import os
            from contextlib import asynccontextmanager

            import psycopg
            from fastapi import FastAPI


            @asynccontextmanager
            async def lifespan(app: FastAPI):
                app.state.db = psycopg.connect(
                    dbname=os.environ.get("DB_NAME", "inventory"),
                    user=os.environ.get("DB_USER", "postgres"),
                    password=os.environ.get("DB_PASSWORD", ""),
                    autocommit=True,
                )
                yield
                app.state.db.close()


            app = FastAPI(title="Inventory", lifespan=lifespan)


            @app.get("/api/items")
            def items():
                rows = app.state.db.execute("SELECT id, name FROM items ORDER BY id").fetchall()
                return [{"id": r[0], "name": r[1]} for r in rows]
        '''),
    }, UVICORN, [{"method": "GET", "path": "/api/items"}], env={"DB_HOST": "127.0.0.1"}),
    code=("main.py",),
    libraries=("fastapi", "psycopg", "uvicorn"), framework="fastapi", database="postgres",
    expect=r"connection to server on socket \"[^\"]{1,80}\.s\.PGSQL\.5432\" failed: No such file or directory",
)

case(
    id="pyfill-flask-sqlalchemy-sslmode-require-local-pg",
    label="startup.database",
    shape="gunicorn",
    source="https://fixmymess.ai/blog/production-only-db-ssl-errors",
    source_kind="blog",
    cause="sslmode=require makes the client refuse any unencrypted connection; against a PostgreSQL server "
          "without SSL enabled the connection attempt fails before authentication.",
    rationale="db.py appends '?sslmode=require' to DATABASE_URL (copied from the hosted-database instructions) "
              "and runs create_all at import; the local PostgreSQL has no SSL, so the gunicorn worker dies with "
              "psycopg2 OperationalError 'server does not support SSL, but SSL was required'.",
    make=pg(serve({
        "db.py": d('''
            import os

            from sqlalchemy import Column, Integer, MetaData, String, Table, create_engine

            engine = create_engine(os.environ["DATABASE_URL"] + "?sslmode=require", pool_pre_ping=True)
            metadata = MetaData()
            members = Table(
                "members", metadata,
                Column("id", Integer, primary_key=True),
                Column("email", String(255), unique=True, nullable=False),
                Column("plan", String(20), nullable=False, default="free"),
            )
            metadata.create_all(engine)
        '''),
        "app.py": d('''
            from flask import Flask, jsonify
            from sqlalchemy import select

            from db import engine, members

            app = Flask(__name__)


            @app.get("/api/members")
            def list_members():
                with engine.connect() as conn:
                    rows = conn.execute(select(members)).mappings().all()
                return jsonify([dict(r) for r in rows])
        '''),
    }, "exec gunicorn app:app --bind 127.0.0.1:$PORT --workers 1", [{"method": "GET", "path": "/api/members"}])),
    code=("app.py", "db.py"),
    libraries=("flask", "sqlalchemy", "psycopg2", "gunicorn"), framework="flask", database="postgres",
    expect=r"server does not support SSL, but SSL was required",
)


def _django_wrong_password(ctx: Context) -> dict[str, str]:
    with pg_password("s3cure-Pa55") as port:
        ctx.env["DATABASE_URL"] = f"postgresql://postgres:postgres@127.0.0.1:{port}/app"
        return dj.make({
            "articles/models.py": d('''
                from django.db import models


                class Article(models.Model):
                    title = models.CharField(max_length=200)
                    body = models.TextField()
            '''),
            "articles/migrations/0001_initial.py": d('''
                from django.db import migrations, models


                class Migration(migrations.Migration):
                    initial = True
                    dependencies = []
                    operations = [
                        migrations.CreateModel(
                            name="Article",
                            fields=[
                                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                                ("title", models.CharField(max_length=200)),
                                ("body", models.TextField()),
                            ],
                        ),
                    ]
            '''),
        }, mode="honcho", migrate_apps=None, apps=("articles",), requests=[{"method": "GET", "path": "/api/"}],
            cmd="web: python manage.py migrate --noinput && python manage.py runserver 127.0.0.1:$PORT --noreload\n",
            settings_kw={"database": "postgres",
                         "extra": 'DATABASES["default"]["PASSWORD"] = _pg.password or ""\n'})(ctx)


case(
    id="pyfill-django-pg-password-authentication-failed",
    label="startup.database",
    shape="compose-prefix",
    source="https://databasefaqs.com/?p=28593",
    source_kind="blog",
    cause="When the server's pg_hba.conf requires password authentication, a role connecting with a password "
          "that does not match the stored one is refused with 'password authentication failed'.",
    rationale="DATABASE_URL carries the placeholder password 'postgres' while the database role was created "
              "with another one (scram-sha-256); the honcho web.1 release step 'manage.py migrate' dies with "
              "OperationalError: FATAL: password authentication failed for user \"postgres\" and runserver "
              "never starts.",
    make=_django_wrong_password,
    code=("config/settings.py",),
    libraries=("django", "psycopg", "honcho"), framework="django", database="postgres",
    expect=r'password authentication failed for user "postgres"',
)

case(
    id="pyfill-django-sqlite-path-folder-missing-ci",
    label="startup.database",
    shape="ci-timestamp",
    source="https://techinfected.net/?p=82",
    source_kind="blog",
    cause="SQLite creates the database file and its journal next to each other in the target directory; if "
          "that directory is not there (or not writable) the database cannot be opened.",
    rationale="settings.py points NAME at BASE_DIR / 'var' / 'db.sqlite3' but the repository has no var/ "
              "folder and nothing creates it; the timestamped CI 'manage.py migrate' step fails with "
              "OperationalError: unable to open database file.",
    make=dj.make({}, mode="ci", migrate_apps=None, apps=("articles",), cmd="python manage.py migrate --noinput",
                 settings_kw={"extra": 'DATABASES["default"]["NAME"] = BASE_DIR / "var" / "db.sqlite3"\n'}),
    code=("config/settings.py",),
    libraries=("django", "sqlite3"), framework="django", database="sqlite",
    expect=r"unable to open database file",
)
