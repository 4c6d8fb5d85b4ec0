"""The constraint verifier: silent on the reference apps, specific on violations."""

from __future__ import annotations

from pathlib import Path

import pytest

from rootcause.corpus.operators.base import STACKS, AppSource
from rootcause.corpus.verify import layer_of, verify

APPS = Path(__file__).resolve().parents[2] / "data" / "apps"


def files(stack: str) -> dict[str, str]:
    return dict(AppSource.from_dir(APPS / stack).files)


@pytest.mark.parametrize("database", ["sqlite", "postgres"])
@pytest.mark.parametrize("stack", STACKS)
def test_reference_apps_have_no_violation(stack, database):
    assert verify(files(stack), stack, database) == []


def test_layer_of():
    assert layer_of("conduit/routes/articles.py") == "routes"
    assert layer_of("conduit/views/articles.py") == "routes"
    assert layer_of("conduit/models.py") == "models"
    assert layer_of("conduit/models/user.py") == "models"
    assert layer_of("conduit/db.py") is None


def test_route_importing_a_repository():
    f = files("flask_sqlalchemy")
    f["conduit/routes/articles.py"] = "from ..repositories.article_repository import ArticleRepository\n" + f["conduit/routes/articles.py"]
    assert verify(f, "flask_sqlalchemy", "sqlite") == [
        "constraint violated: layered architecture: conduit/routes/articles.py imports conduit.repositories.article_repository (routes may only import services)"
    ]


def test_type_checking_imports_do_not_count():
    f = files("flask_sqlalchemy")
    f["conduit/routes/extra.py"] = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..models import User\n"
    assert verify(f, "flask_sqlalchemy", "sqlite") == []


def test_upward_import_from_a_repository():
    f = files("django_orm")
    f["conduit/repositories/tag_repository.py"] += "\nfrom ..services import TagService\n"
    (msg,) = verify(f, "django_orm", "postgres")
    assert "conduit/repositories/tag_repository.py imports conduit.services" in msg and "repositories may only import models" in msg


def test_raw_sql_only_where_the_orm_is_required():
    sql = 'from sqlalchemy import text\n\n\ndef q(s):\n    return s.execute(text("SELECT * FROM users WHERE id = 1"))\n'
    f = files("fastapi_sqlalchemy_async")
    f["conduit/repositories/x.py"] = sql
    (msg,) = verify(f, "fastapi_sqlalchemy_async", "sqlite")
    assert msg.startswith("constraint violated: ORM required: conduit/repositories/x.py:5 executes raw SQL")
    g = files("aiohttp_raw_sql")
    g["conduit/repositories/x.py"] = sql
    assert verify(g, "aiohttp_raw_sql", "sqlite") == []


def test_django_cursor_execute_is_raw_sql_but_select_1_is_not():
    f = files("django_orm")
    f["conduit/repositories/x.py"] = (
        "from django.db import connection\n\n\ndef q():\n    with connection.cursor() as c:\n"
        '        c.execute("SELECT 1")\n        c.execute("DELETE FROM comments WHERE id = %s", [1])\n'
    )
    (msg,) = verify(f, "django_orm", "sqlite")
    assert "conduit/repositories/x.py:7 executes raw SQL" in msg


def test_hard_coded_sqlite_when_postgres_is_required():
    f = files("flask_sqlalchemy")
    f["conduit/db.py"] = f["conduit/db.py"].replace("_engine = make_engine(url, echo=echo)", '_engine = make_engine("sqlite:///conduit.db", echo=echo)')
    assert verify(f, "flask_sqlalchemy", "sqlite") == []
    (msg,) = verify(f, "flask_sqlalchemy", "postgres")
    assert msg.startswith("constraint violated: PostgreSQL required: conduit/db.py:") and msg.endswith("connects to SQLite")


def test_django_sqlite_engine_in_settings():
    f = files("django_orm")
    f["conduit_project/settings.py"] += '\nDATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": "db.sqlite3"}}\n'
    assert verify(f, "django_orm", "postgres")
    assert verify(f, "django_orm", "sqlite") == []


def test_unparseable_files_are_skipped():
    f = files("aiohttp_raw_sql")
    f["conduit/routes/articles.py"] = "def broken(:\n"
    assert verify(f, "aiohttp_raw_sql", "postgres") == []
