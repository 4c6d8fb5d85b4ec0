"""Startup, incomplete-endpoint and structure operators: mutants exist, break what they claim."""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from rootcause.corpus.operators import REGISTRY
from rootcause.corpus.operators.base import STACKS, AppSource
from rootcause.corpus.verify import verify

APPS = Path(__file__).resolve().parents[3] / "data" / "apps"
FAMILIES = ("startup", "incomplete", "structure")
OURS = sorted(n for n, op in REGISTRY.items() if op.generate.__module__.rsplit(".", 1)[1] in FAMILIES)


@cache
def app(stack: str) -> AppSource:
    return AppSource.from_dir(APPS / stack)


def compiles(text: str, path: str) -> bool:
    try:
        compile(text, path, "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


def test_families_have_four_operators_each_covering_every_stack():
    for prefix in ("startup.syntax", "startup.dependency", "incomplete.endpoint", "structure.constraint"):
        ops = [REGISTRY[n] for n in OURS if REGISTRY[n].label.startswith(prefix)]
        assert len(ops) >= 4, prefix
        for stack in STACKS:
            assert any(op.applies_to(stack) and op.mutants(app(stack)) for op in ops), (prefix, stack)


@pytest.mark.parametrize("name", OURS)
def test_operator_yields_mutants_on_each_claimed_stack(name):
    op = REGISTRY[name]
    assert op.summary and op.label
    for stack in op.stacks:
        assert op.mutants(app(stack)), (name, stack)


@pytest.mark.parametrize("name", OURS)
def test_mutated_python_parses_unless_syntax_operator(name):
    op = REGISTRY[name]
    for stack in op.stacks:
        for site, edit in op.mutants(app(stack)):
            for path, text in edit.items():
                if text is None or not path.endswith(".py"):
                    continue
                if op.label == "startup.syntax":
                    assert not compiles(text, path), (stack, site)
                else:
                    assert compiles(text, path), (stack, site)


def test_syntax_sites_spread_over_layers():
    for stack in STACKS:
        paths = {p for _, e in REGISTRY["syntax_missing_colon"].mutants(app(stack)) for p in e}
        assert any("/services/" in p for p in paths) and any("/repositories/" in p for p in paths)
        assert any("/routes/" in p or "/views/" in p for p in paths)


def test_missing_package_imports_an_absent_module():
    import importlib.util

    for stack in STACKS:
        for _, edit in REGISTRY["import_missing_auth_package"].mutants(app(stack)):
            (text,) = edit.values()
            assert any(m in text for m in ("from jose ", "passlib", "import bcrypt", "argon2"))
    for name in ("jose", "passlib", "bcrypt", "argon2", "flask_cors", "dotenv", "marshmallow", "corsheaders", "aiohttp_cors"):
        assert importlib.util.find_spec(name) is None, name


def test_delete_endpoint_removes_handler_and_registration():
    django = app("django_orm")
    (edit,) = [e for s, e in REGISTRY["delete_endpoint_handler"].mutants(django) if "_feed" in s]
    assert "def _feed" not in edit["conduit/views/articles.py"]
    assert "articles.feed" not in edit["conduit_project/urls.py"]
    aio = app("aiohttp_raw_sql")
    (edit,) = [e for s, e in REGISTRY["delete_resource"].mutants(aio) if "comments.py deleted" in s]
    assert edit["conduit/routes/comments.py"] is None
    assert "comments" not in edit["conduit/routes/__init__.py"].split("ROUTE_TABLE")[1]


def test_stub_operators_leave_a_placeholder():
    flask = app("flask_sqlalchemy")
    texts = [t for _, e in REGISTRY["stub_handler_todo"].mutants(flask) for t in e.values()]
    assert any("NotImplementedError" in t for t in texts) and any("pass  # TODO" in t for t in texts)
    texts = [t for _, e in REGISTRY["stub_service_method"].mutants(flask) for t in e.values()]
    assert all("        ...\n" in t for t in texts)


@pytest.mark.parametrize("stack", STACKS)
def test_every_structure_mutant_is_reported_by_the_verifier(stack):
    for name in OURS:
        op = REGISTRY[name]
        if not op.label.startswith("structure.") or not op.applies_to(stack):
            continue
        for site, edit in op.mutants(app(stack)):
            files = {**app(stack).files, **edit}
            for database in op.databases:
                assert verify(files, stack, database), (name, site, database)


def test_hardcoded_sqlite_only_runs_on_postgres():
    assert REGISTRY["hardcoded_sqlite"].databases == ("postgres",)
