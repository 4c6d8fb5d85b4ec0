"""The data-layer operators: every claimed stack gets mutants, they parse, and they carry their defect."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import rootcause.corpus.operators.data as data
from rootcause.corpus.operators import REGISTRY, STACKS, AppSource

APPS = Path(__file__).resolve().parents[3] / "data" / "apps"
OPERATORS = sorted(name for name, op in REGISTRY.items() if op.generate.__module__ == data.__name__)


@pytest.fixture(scope="module")
def apps() -> dict[str, AppSource]:
    return {stack: AppSource.from_dir(APPS / stack, stack) for stack in STACKS}


_CACHE: dict[tuple[str, str], list] = {}


def _mutants(apps, name, stack):
    if (name, stack) not in _CACHE:
        _CACHE[name, stack] = REGISTRY[name].mutants(apps[stack])
    return _CACHE[name, stack]


def _changed(apps, name, stack, index=0) -> dict[str, str | None]:
    return _mutants(apps, name, stack)[index][1]


def test_families_have_four_operators_each():
    families = {}
    for name in OPERATORS:
        family = ".".join(REGISTRY[name].label.split(".")[:2])
        families.setdefault(family, []).append(name)
    for family in ("data.query", "data.orm", "data.schema"):
        assert len(families[family]) >= 4, family


def test_every_family_covers_every_stack():
    for family in ("data.query", "data.orm", "data.schema"):
        stacks = {s for n in OPERATORS if REGISTRY[n].label.startswith(family) for s in REGISTRY[n].stacks}
        assert stacks == set(STACKS), family


@pytest.mark.parametrize("name", OPERATORS)
def test_yields_parseable_mutants_on_each_claimed_stack(apps, name):
    op = REGISTRY[name]
    assert op.summary, "first docstring line names the defect"
    for stack in op.stacks:
        mutants = _mutants(apps, name, stack)
        assert mutants, f"{name} made nothing on {stack}"
        sites = [site for site, _ in mutants]
        assert len(set(sites)) == len(sites)
        for site, edit in mutants:
            for path, text in edit.items():
                assert path in apps[stack].files
                if path.endswith(".py") and text is not None:
                    ast.parse(text, filename=f"{stack}/{path} ({site})")


def test_not_applied_to_other_stacks(apps):
    assert REGISTRY["sql_placeholder_mismatch"].mutants(apps["flask_sqlalchemy"]) == []
    assert REGISTRY["lazy_load_in_async"].mutants(apps["django_orm"]) == []


def test_lookup_by_wrong_column_compares_the_id(apps):
    text = _changed(apps, "lookup_by_wrong_column", "flask_sqlalchemy")[data.ARTICLE_REPO]
    assert "select(Article).where(Article.id == slug)" in text
    text = _changed(apps, "lookup_by_wrong_column", "aiohttp_raw_sql")[data.ARTICLE_REPO]
    assert "WHERE a.id = ?" in text


def test_limit_offset_swapped_per_stack(apps):
    text = _changed(apps, "limit_offset_mixed_up", "fastapi_sqlalchemy_async")[data.ARTICLE_REPO]
    assert ".limit(offset)" in text and ".offset(limit)" in text
    assert "[limit:limit + offset]" in _changed(apps, "limit_offset_mixed_up", "django_orm")[data.ARTICLE_REPO]
    assert "(*params, offset, limit)" in _changed(apps, "limit_offset_mixed_up", "aiohttp_raw_sql")[data.ARTICLE_REPO]


def test_dialect_operators_run_on_the_other_database_only():
    assert REGISTRY["postgres_sql_on_sqlite"].databases == ("sqlite",)
    assert REGISTRY["sqlite_sql_on_postgres"].databases == ("postgres",)


def test_lazy_load_changes_model_and_query_together(apps):
    edit = _changed(apps, "lazy_load_in_async", "fastapi_sqlalchemy_async")
    assert set(edit) == {"conduit/models/article.py", data.ARTICLE_REPO}
    assert 'relationship(User, lazy="raise")' not in edit["conduit/models/article.py"]
    assert "selectinload(Article.author)" not in edit[data.ARTICLE_REPO]


def test_detached_instance_closes_the_session(apps):
    edit = _changed(apps, "session_closed_after_commit", "flask_sqlalchemy")
    assert "expire_on_commit" not in edit[data.DB]
    assert "self.session.close()" in edit[data.USER_SERVICE]


def test_schema_operators_edit_ddl(apps):
    mutants = _mutants(apps, "tables_not_created", "aiohttp_raw_sql")
    comments = next(edit for site, edit in mutants if "comments" in site)
    for path in data.SCHEMAS:
        assert "CREATE TABLE IF NOT EXISTS comments" not in comments[path]
        assert "ix_comments_article_id" not in comments[path]
    mutants = _mutants(apps, "column_missing_from_schema", "django_orm")
    bio = next(edit for site, edit in mutants if "bio" in site)[data.MIGRATION]
    assert "('bio'," not in bio and "('image'," in bio


def test_integrity_binds_none(apps):
    text = _changed(apps, "required_value_missing", "aiohttp_raw_sql")[data.ARTICLE_REPO]
    assert "(None, title, description, body, author_id, now, now)" in text
    text = _changed(apps, "required_value_missing", "flask_sqlalchemy")[data.ARTICLE_SERVICE]
    assert "slug=self._unique_slug(title)" not in text
