"""Helpers for gen/pyspec.py: generated-looking backends that start fine but answer a spec's client differently.

Reuses the shared runners (``with_server``, ``run``, ``serve``, the ``HARNESS_PY`` functional-test harness, the
CI timestamp wrapper, the structlog setup, the throwaway PostgreSQL wrapper ``pg``) and adds small Django
project builders (a single-file app and a two-app project) used by several cases.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _client_kit import HARNESS_PY, d, run, serve, with_server  # noqa: E402,F401
from _pyfill_kit import STRUCTLOG_SETUP, TS_FILES, pg, ts  # noqa: E402,F401
from capture import Case  # noqa: E402

UVICORN = "exec python -m uvicorn main:app --host 127.0.0.1 --port $PORT"
FLASK = "exec python -m flask --app app run --port $PORT"
AIOHTTP = "exec python -u app.py"
DJANGO_SINGLE = "exec python app.py runserver --noreload $PORT"
PYTEST = "COLUMNS=160 PY_COLORS=0 python -m pytest -q --color=no -p no:cacheprovider"

PY = dict(language="python")
CASES: list[Case] = []


def case(**kw) -> None:
    CASES.append(Case(**PY, **kw))


def django_single(body: str, *, debug: bool = True, middleware: tuple[str, ...] = (), extra: str = "") -> str:
    """A one-file Django API (settings.configure + urlpatterns + manage-style entry point)."""
    mw = list(middleware) or ["django.middleware.common.CommonMiddleware"]
    head = d(f'''
        import sys

        from django.conf import settings

        settings.configure(
            DEBUG={debug!r},
            SECRET_KEY="conduit-dev-secret",
            ALLOWED_HOSTS=["127.0.0.1", "localhost", "testserver"],
            ROOT_URLCONF=__name__,
            MIDDLEWARE={mw!r},
            INSTALLED_APPS=["django.contrib.contenttypes", "django.contrib.auth"],
            DATABASES={{}},{extra}
        )

        import django  # noqa: E402

        django.setup()
    ''')
    tail = d('''

        from django.core.wsgi import get_wsgi_application  # noqa: E402

        application = get_wsgi_application()

        if __name__ == "__main__":
            from django.core.management import execute_from_command_line

            execute_from_command_line(sys.argv)
    ''')
    return head + "\n" + d(body) + tail


def django_project(*, models: str, views: str, urls: str, database: str = "sqlite", debug: bool = True) -> dict[str, str]:
    """A small Django project (``conduit`` settings + ``blog`` app); PostgreSQL comes from DATABASE_URL."""
    if database == "postgres":
        db = d('''
            _url = urlparse(os.environ["DATABASE_URL"])
            DATABASES = {"default": {"ENGINE": "django.db.backends.postgresql", "NAME": _url.path.lstrip("/"),
                                     "USER": _url.username, "HOST": _url.hostname, "PORT": _url.port}}
        ''')
    else:
        db = 'DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3"}}\n'
    return {
        "manage.py": d('''
            import os
            import sys

            if __name__ == "__main__":
                os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conduit.settings")
                from django.core.management import execute_from_command_line
                execute_from_command_line(sys.argv)
        '''),
        "conduit/__init__.py": "",
        "conduit/settings.py": d(f'''
            import os
            from pathlib import Path
            from urllib.parse import urlparse

            BASE_DIR = Path(__file__).resolve().parent.parent
            SECRET_KEY = "conduit-dev-secret"
            DEBUG = {debug!r}
            ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
            INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "blog"]
            MIDDLEWARE = ["django.middleware.common.CommonMiddleware"]
            ROOT_URLCONF = "conduit.urls"
            USE_TZ = True
            DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
        ''') + db,
        "conduit/urls.py": d(urls),
        "blog/__init__.py": "",
        "blog/models.py": d(models),
        "blog/views.py": d(views),
    }


DJANGO_PROJECT_RUN = ("python manage.py migrate --run-syncdb -v 0 && python seed.py && "
                      "exec python manage.py runserver --noreload $PORT")
DJANGO_SEED_HEAD = d('''
    import os

    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "conduit.settings")
    django.setup()
''')
