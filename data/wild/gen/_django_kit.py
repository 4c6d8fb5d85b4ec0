"""Helpers for gen/django.py: a small Django project written into the case folder, and runners.

Every runner really starts Django (runserver, gunicorn, uvicorn, honcho, manage.py test, pytest)
and returns what it printed. Nothing here fakes output.
"""

from __future__ import annotations

import html.parser
import json
import re
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from typing import Any

from capture import Context, _stop, _wait_port, postgres, status_lines

MANAGE = '''#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
'''

WSGI = '''import os
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()
'''

ASGI = '''import os
from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_asgi_application()
'''

BASE_APPS = [
    "django.contrib.admin", "django.contrib.auth", "django.contrib.contenttypes",
    "django.contrib.sessions", "django.contrib.messages", "django.contrib.staticfiles",
]

BASE_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def settings(
    apps: list[str] = ("rest_framework", "articles"),
    *,
    debug: bool = True,
    middleware: list[str] | None = None,
    rest: dict | None = None,
    database: str = "sqlite",
    allowed_hosts: list[str] = ("127.0.0.1", "localhost", "testserver"),
    extra: str = "",
) -> str:
    if database == "sqlite":
        db = '{"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}'
    else:  # postgres: the DSN comes from the environment (capture.postgres)
        db = (
            '{"default": {"ENGINE": "django.db.backends.postgresql", "NAME": _pg.path.lstrip("/"), '
            '"USER": _pg.username, "HOST": _pg.hostname, "PORT": _pg.port}}'
        )
    text = f'''from pathlib import Path
import os
from urllib.parse import urlparse

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = "wild-case-not-a-secret-0123456789abcdefghijklmnopqrstuvwxyz"
DEBUG = {debug!r}
ALLOWED_HOSTS = {list(allowed_hosts)!r}

INSTALLED_APPS = {BASE_APPS + list(apps)!r}

MIDDLEWARE = {list(middleware if middleware is not None else BASE_MIDDLEWARE)!r}

ROOT_URLCONF = "config.urls"
TEMPLATES = [{{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [],
    "APP_DIRS": True,
    "OPTIONS": {{"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]}},
}}]
WSGI_APPLICATION = "config.wsgi.application"
_pg = urlparse(os.environ.get("DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/app"))
DATABASES = {db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
STATIC_URL = "static/"
'''
    if rest is not None:
        text += f"REST_FRAMEWORK = {rest!r}\n"
    return text + extra


LOCAL_APPS = ("articles", "accounts")


def project(
    files: dict[str, str],
    *,
    apps: tuple[str, ...] = ("rest_framework", "articles"),
    settings_kw: dict | None = None,
) -> dict[str, str]:
    """The files of a Django project ``config`` with its apps; ``files`` overrides or adds."""
    out = {
        "manage.py": MANAGE,
        "config/__init__.py": "",
        "config/settings.py": settings(list(apps), **(settings_kw or {})),
        "config/wsgi.py": WSGI,
        "config/asgi.py": ASGI,
        "config/urls.py": 'from django.urls import include, path\n\nurlpatterns = [path("api/", include("articles.urls"))]\n',
    }
    for app in apps:
        if "." in app:
            continue
        if app not in LOCAL_APPS:
            continue
        out[f"{app}/__init__.py"] = ""
        out[f"{app}/migrations/__init__.py"] = ""
        out.setdefault(f"{app}/models.py", "from django.db import models\n")
        if app == "articles":
            out.setdefault("articles/urls.py", "urlpatterns = []\n")
    out.update(files)
    return {k: v for k, v in out.items() if v is not None}


def migrate(ctx: Context, apps: tuple[str, ...] = ("articles",), env: dict | None = None) -> str:
    """makemigrations for the project's apps, then migrate; returns the output (kept quiet in cases)."""
    out = ctx.run(["python", "manage.py", "makemigrations", *apps], env=env, timeout=60)
    out += ctx.run(["python", "manage.py", "migrate", "-v", "0"], env=env, timeout=60)
    return out


def runserver_cmd() -> str:
    return "exec python manage.py runserver 127.0.0.1:$PORT --noreload"


def serve_full(ctx: Context, cmd: str | list[str], requests: list[dict[str, Any]], *, env: dict | None = None,
               startup: float = 20, settle: float = 0.4) -> tuple[str, list[dict[str, Any]]]:
    """Like ``ctx.serve`` but keeps each response body whole (Django's debug page is long)."""
    port = ctx.port
    out_path = ctx.dir / ".server.out"
    with out_path.open("wb") as out:
        proc = subprocess.Popen(
            cmd, cwd=ctx.dir, env=_server_env(ctx, {"PORT": str(port), **(env or {})}), stdout=out,
            stderr=subprocess.STDOUT, shell=isinstance(cmd, str), start_new_session=True,
        )
        try:
            up = _wait_port(port, proc, startup)
            responses = []
            for spec in requests:
                if not up:
                    responses.append({"method": spec.get("method", "GET"), "path": spec["path"], "status": None,
                                      "reason": "server not listening", "body": ""})
                    continue
                responses.append(_fetch(port, spec))
            time.sleep(settle)
        finally:
            _stop(proc)
    return ctx.clean(out_path.read_text(errors="replace")), responses


#: The only variables a served process sees: Django's DEBUG page prints the whole environment
#: (request.META), so the servers run with a small, fixed one instead of the machine's.
_KEEP = ("VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE", "PYTHONUNBUFFERED", "DJANGO_COLORS", "NO_UPDATE_NOTIFIER",
         "FORCE_COLOR", "PORT", "DATABASE_URL", "DJANGO_SETTINGS_MODULE")


def _server_env(ctx: Context, extra: dict[str, str]) -> dict[str, str]:
    full = ctx._env(extra)
    env = {k: full[k] for k in _KEEP if k in full}
    env["PATH"] = f"{full['VIRTUAL_ENV']}/bin:/usr/local/bin:/usr/bin:/bin"
    env["HOME"] = str(ctx.dir)
    env["LANG"] = "C.UTF-8"
    return env


def _fetch(port: int, spec: dict[str, Any]) -> dict[str, Any]:
    method = spec.get("method", "GET")
    headers = dict(spec.get("headers") or {})
    data = None
    if "json" in spec:
        data = json.dumps(spec["json"]).encode()
        headers.setdefault("Content-Type", "application/json")
    elif "body" in spec:
        data = spec["body"].encode()
    req = urllib.request.Request(f"http://127.0.0.1:{port}{spec['path']}", data=data, method=method, headers=headers)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *a, **k):
            return None

    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(req, timeout=15) as resp:
            return {"method": method, "path": spec["path"], "status": resp.status, "reason": resp.reason,
                    "body": resp.read().decode(errors="replace"), "headers": dict(resp.headers)}
    except urllib.error.HTTPError as exc:
        return {"method": method, "path": spec["path"], "status": exc.code, "reason": exc.reason,
                "body": exc.read().decode(errors="replace"), "headers": dict(exc.headers)}
    except (urllib.error.URLError, OSError) as exc:
        return {"method": method, "path": spec["path"], "status": None, "reason": str(getattr(exc, "reason", exc)), "body": ""}


class _Text(html.parser.HTMLParser):
    """The visible text of an HTML page (script and style dropped), one block per line."""

    BLOCK = {"p", "div", "tr", "h1", "h2", "h3", "li", "pre", "table", "br", "td", "th", "textarea"}

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.parts.append(data)


def html_text(page: str) -> str:
    p = _Text()
    p.feed(page)
    lines = [ln.rstrip() for ln in "".join(p.parts).splitlines()]
    out, blank = [], False
    for ln in lines:
        if not ln.strip():
            if not blank:
                out.append("")
            blank = True
            continue
        blank = False
        out.append(ln)
    return "\n".join(out).strip() + "\n"


def _short(body: str) -> str:
    """An HTML page (Django's debug page) is shown by its title, as a browser tab would."""
    if body.lstrip().lower().startswith(("<!doctype", "<html")):
        m = re.search(r"<title>(.*?)</title>", body, re.S)
        return " ".join(m.group(1).split()) if m else ""
    return body


def status_only(responses: list[dict[str, Any]], limit: int = 2000) -> str:
    return status_lines([{**r, "body": _short(r.get("body") or "")[:limit]} for r in responses])


# ----------------------------------------------------------------------------- make builders

def make(
    files: dict[str, str],
    *,
    mode: str = "runserver",
    requests: list[dict[str, Any]] = (),
    apps: tuple[str, ...] = ("rest_framework", "articles"),
    settings_kw: dict | None = None,
    migrate_apps: tuple[str, ...] | None = ("articles",),
    setup: Callable[[Context], None] | None = None,
    cmd: str | list[str] | None = None,
    page: str | None = None,
    pg: bool = False,
    env: dict | None = None,
) -> Callable[[Context], dict[str, str]]:
    """A ``make`` function: write the project, migrate, run it as ``mode``.

    modes: runserver (log + status lines), page-html / page-text / page-plain (debug page as the
    client saw it), test (manage.py test), pytest, gunicorn, uvicorn, honcho, command (run ``cmd``).
    """

    def run(ctx: Context) -> dict[str, str]:
        ctx.env.update({"PYTHONUNBUFFERED": "1", "DJANGO_COLORS": "nocolor"})
        ctx.env.update(env or {})
        if pg:
            with postgres() as dsn:
                ctx.env["DATABASE_URL"] = dsn
                return _body(ctx)
        return _body(ctx)

    def _body(ctx: Context) -> dict[str, str]:
        out = _inner(ctx)
        return {k: ctx.clean(v) for k, v in out.items()}

    def _inner(ctx: Context) -> dict[str, str]:
        ctx.write(project(files, apps=apps, settings_kw=settings_kw))
        if migrate_apps is not None:
            migrate(ctx, migrate_apps)
        if setup:
            setup(ctx)
        reqs = requests(ctx) if callable(requests) else list(requests)
        if mode == "runserver":
            log, responses = serve_full(ctx, cmd or runserver_cmd(), reqs)
            return {"log": log, "test_output": status_only(responses)}
        if mode.startswith("page"):
            log, responses = serve_full(ctx, cmd or runserver_cmd(), reqs)
            bodies = [r for r in responses if r["status"] and r["status"] >= 400] or responses
            body = bodies[-1]["body"]
            if mode == "page-text":
                body = html_text(body)
            head = f"{bodies[-1]['method']} {bodies[-1]['path']} -> {bodies[-1]['status']} {bodies[-1]['reason']}\n"
            return {"log": log, "test_output": head + body}
        if mode == "test":
            return {"log": ctx.run(cmd or ["python", "manage.py", "test", "-v", "1"], timeout=90)}
        if mode == "pytest":
            return {"log": ctx.run(cmd or ["python", "-m", "pytest", "-q", "-p", "no:cacheprovider", "--color=no"], timeout=90)}
        if mode == "gunicorn":
            log, responses = serve_full(ctx, cmd or "exec gunicorn config.wsgi:application --bind 127.0.0.1:$PORT --workers 1 --access-logfile -", reqs)
            return {"log": log, "test_output": status_only(responses)}
        if mode == "uvicorn":
            log, responses = serve_full(ctx, cmd or "exec uvicorn config.asgi:application --host 127.0.0.1 --port $PORT", reqs)
            return {"log": log, "test_output": status_only(responses)}
        if mode == "honcho":
            ctx.write({"Procfile": "web: python manage.py runserver 127.0.0.1:$PORT --noreload\n"} if cmd is None else {"Procfile": cmd})
            log, responses = serve_full(ctx, "exec honcho start --no-colour -p $PORT", reqs)
            return {"log": log, "test_output": status_only(responses)}
        if mode == "ci":
            ctx.write({"ts.py": TS})
            return {"log": ctx.run(f"({cmd}) 2>&1 | python ts.py", timeout=90)}
        if mode == "command":
            return {"log": ctx.run(cmd, timeout=90)}
        raise ValueError(mode)

    return run


def shell(code: str) -> Callable[[Context], None]:
    """A setup step: run ``code`` in ``manage.py shell`` (seed rows, make tokens)."""

    def step(ctx: Context) -> None:
        out = ctx.run(["python", "manage.py", "shell", "-c", code], timeout=60)
        (ctx.dir / ".setup.out").write_text(out)

    return step


TS = '''import sys
from datetime import datetime, timezone

for line in sys.stdin:
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    sys.stdout.write(f"{stamp} {line}")
    sys.stdout.flush()
'''

JSON_LOGGING = '''
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "pythonjsonlogger.json.JsonFormatter",
                            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
'''

STRUCTLOG_LOGGING = '''
import structlog

structlog.configure(
    processors=[structlog.stdlib.add_log_level, structlog.stdlib.ProcessorFormatter.wrap_for_formatter],
    logger_factory=structlog.stdlib.LoggerFactory(),
)
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {
        "()": structlog.stdlib.ProcessorFormatter,
        "processors": [
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            structlog.processors.TimeStamper(fmt="iso"),
            structlog.processors.dict_tracebacks,
            structlog.processors.JSONRenderer(),
        ],
        "foreign_pre_chain": [structlog.stdlib.add_log_level, structlog.stdlib.add_logger_name],
    }},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json"}},
    "loggers": {"django": {"handlers": ["console"], "level": "INFO", "propagate": False}},
}
'''

MODELS = '''from django.conf import settings
from django.db import models


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)

    def __str__(self):
        return self.name


class Article(models.Model):
    slug = models.SlugField(max_length=255, unique=True)
    title = models.CharField(max_length=255)
    description = models.CharField(max_length=255, default="")
    body = models.TextField(default="")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="articles")
    tags = models.ManyToManyField(Tag, blank=True, related_name="articles")
    favorited_by = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="favorites")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return self.slug


class Comment(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    body = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)
'''

SEED = '''from django.contrib.auth.models import User
from articles.models import Article, Tag
alice = User.objects.create_user("alice", "alice@example.com", "secret123")
bob = User.objects.create_user("bob", "bob@example.com", "secret123")
t = Tag.objects.create(name="django")
a1 = Article.objects.create(slug="how-to-train", title="How to train", body="x", author=alice)
a1.tags.add(t)
Article.objects.create(slug="second-post", title="Second post", body="y", author=alice)
Article.objects.create(slug="bobs-post", title="Bob's post", body="z", author=bob)
'''
