"""The xfile, framework and entrypoint operators: they make parseable mutants on every stack they claim."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from rootcause.corpus.operators import REGISTRY, entrypoint, framework, xfile  # noqa: F401  (registers them)
from rootcause.corpus.operators.base import STACKS, AppSource
from rootcause.taxonomy import load_taxonomy

APPS = Path(__file__).resolve().parents[3] / "data" / "apps"
MODULES = {"xfile", "framework", "entrypoint"}
FAMILIES = {"xfile": "xfile.reference", "framework": "framework.wiring", "entrypoint": "startup.entrypoint"}
OURS = sorted(n for n, op in REGISTRY.items() if op.generate.__module__.rsplit(".", 1)[-1] in MODULES)


@cache
def app(stack: str) -> AppSource:
    return AppSource.from_dir(APPS / stack, stack)


@cache
def mutants(name: str, stack: str):
    return REGISTRY[name].mutants(app(stack))


def _family(name: str) -> str:
    return REGISTRY[name].generate.__module__.rsplit(".", 1)[-1]


def test_each_family_has_four_operators_covering_all_stacks():
    for module, prefix in FAMILIES.items():
        ops = [REGISTRY[n] for n in OURS if _family(n) == module]
        assert len(ops) >= 4, module
        assert all(op.label.startswith(prefix) for op in ops)
        for stack in STACKS:
            assert any(op.applies_to(stack) and mutants(op.name, stack) for op in ops), (module, stack)


def test_labels_are_taxonomy_ids():
    taxonomy = load_taxonomy()
    for name in OURS:
        assert REGISTRY[name].label in taxonomy, name


@pytest.mark.parametrize("name", OURS)
def test_yields_parseable_mutants_on_each_claimed_stack(name):
    op = REGISTRY[name]
    assert op.summary, name
    for stack in op.stacks:
        made = mutants(name, stack)
        assert made, (name, stack)
        for _site, edit in made:
            for path, text in edit.items():
                if text is not None and path.endswith(".py"):
                    ast.parse(text, filename=path)


def test_service_method_renamed_leaves_callers_on_the_old_name():
    site, edit = mutants("service_method_renamed", "flask_sqlalchemy")[0]
    ((path, text),) = edit.items()
    assert "def list(" not in text and "def list_all(" in text
    assert ".list(" in app("flask_sqlalchemy").files["conduit/routes/articles.py"]


def test_import_dropped_removes_a_used_name_from_the_imports():
    for site, edit in mutants("import_dropped", "django_orm"):
        ((path, text),) = edit.items()
        name = site.rsplit(" ", 1)[-1]
        tree = ast.parse(text)
        imported = {a.asname or a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) for a in n.names}
        assert name not in imported
        assert any(isinstance(n, ast.Name) and n.id == name for n in ast.walk(tree)), site


def test_circular_import_adds_an_import_back_to_an_importer():
    site, edit = mutants("circular_import", "fastapi_sqlalchemy_async")[0]
    ((path, text),) = edit.items()
    new = set(text.splitlines()) - set(app("fastapi_sqlalchemy_async").files[path].splitlines())
    assert any(line.startswith("from ") and " import " in line for line in new), new


def test_callee_keyword_renamed_keeps_the_body_consistent():
    for site, edit in mutants("callee_keyword_renamed", "aiohttp_raw_sql"):
        ((path, text),) = edit.items()
        compile(text, path, "exec")
        assert "got" not in site


def test_trailing_slash_and_wrong_method_change_route_tables():
    site, edit = mutants("route_trailing_slash", "django_orm")[0]
    assert 'path("api/users/"' in edit["conduit_project/urls.py"]
    flask = mutants("route_trailing_slash", "flask_sqlalchemy")[0][1]
    assert "strict_slashes" not in flask["app.py"]
    site, edit = mutants("route_wrong_method", "aiohttp_raw_sql")[0]
    assert 'web.post("/api/articles", list_articles)' in edit["conduit/routes/articles.py"]


def test_router_not_registered_drops_one_router_per_mutant():
    made = mutants("router_not_registered", "fastapi_sqlalchemy_async")
    assert len(made) == 5
    for site, edit in made:
        name = site.split()[1]
        assert f"{name}," not in edit["conduit/routes/__init__.py"].split("for module in", 1)[1].split(":")[0] or name == "tags"


def test_django_settings_and_app_object_edits():
    sites = [s for s, _ in mutants("django_settings_misconfigured", "django_orm")]
    assert any("ALLOWED_HOSTS = []" in s for s in sites)
    edits = [e for _, e in mutants("app_object_missing", "django_orm")]
    assert any('"conduit.settings"' in e.get("manage.py", "") for e in edits)


def test_entrypoint_run_sh_mutants_change_only_the_launch_line():
    for stack in STACKS:
        original = app(stack).files["run.sh"].splitlines()
        for name in ("port_hardcoded", "host_unreachable", "run_script_broken"):
            for site, edit in mutants(name, stack):
                text = edit.get("run.sh")
                if "run.sh" in edit and text is None:
                    continue  # deleted
                if text is not None:
                    changed = [a for a, b in zip(original, text.splitlines(), strict=False) if a != b]
                    assert len(changed) == 1 and changed[0].startswith(("exec", '"${PYTHON')), (stack, site)


def test_run_script_broken_deletes_run_sh_on_every_stack():
    for stack in STACKS:
        assert any(edit == {"run.sh": None} for _, edit in mutants("run_script_broken", stack))
