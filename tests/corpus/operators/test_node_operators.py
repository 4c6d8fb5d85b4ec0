"""The Node.js operators (tree-sitter): registered like the libcst ones, mutating every Node app they
claim into code that still parses (but for syntax defects), and, run for real on three of them, failing."""

from __future__ import annotations

import functools
import shutil

import pytest

from rootcause.corpus import build, harness
from rootcause.corpus.contract import run_suite
from rootcause.corpus.operators import KNOWN_STACKS, NODE_STACKS, PYTHON_STACKS, REGISTRY, STACKS, AppSource, OperatorError, js, operator
from rootcause.taxonomy import load_taxonomy

NODE_OPS = sorted(name for name, op in REGISTRY.items() if set(op.stacks) & set(NODE_STACKS))


@functools.cache
def _app(stack: str) -> AppSource:
    return AppSource.from_dir(build.app_dir(stack), stack)


# ----------------------------------------------------------------------------- stacks and the registry


def test_stacks_keep_their_meaning():
    assert STACKS == PYTHON_STACKS
    assert set(KNOWN_STACKS) == set(PYTHON_STACKS) | set(NODE_STACKS)
    assert not set(PYTHON_STACKS) & set(NODE_STACKS)
    found = {p.parent.name for p in build.default_apps_dir().glob("*/package.json") if (p.parent / "run.sh").exists()}
    assert found == set(NODE_STACKS)


def test_python_operators_do_not_claim_node_stacks():
    for op in REGISTRY.values():
        if op.name not in NODE_OPS:
            assert set(op.stacks) <= set(PYTHON_STACKS), op.name


def test_registration_accepts_node_stacks_and_refuses_unknown_ones():
    with pytest.raises(OperatorError, match="unknown stacks"):
        operator("node_test_only_unknown", "startup.syntax", stacks=("rails_active_record",))(lambda app: iter(()))
    assert "node_test_only_unknown" not in REGISTRY
    try:
        operator("node_test_only_koa", "startup.syntax", stacks=("koa_sequelize",))(lambda app: iter(()))
        assert REGISTRY["node_test_only_koa"].applies_to("koa_sequelize")
    finally:
        REGISTRY.pop("node_test_only_koa", None)


def test_the_builder_takes_node_stacks_when_named():
    assert build.select_stacks(["koa", "express_raw_sql"]) == ["koa_sequelize", "express_raw_sql"]
    assert build.select_stacks(["fastify,fastapi"]) == ["fastify_sequelize", "fastapi_sqlalchemy_async"]
    assert build.select_stacks(None) == list(PYTHON_STACKS)  # the default build stays the Python corpus
    with pytest.raises(ValueError, match="unknown stack 'rails'"):
        build.select_stacks(["rails"])
    jobs = build.plan(["hono_raw_sql"], [REGISTRY["node_missing_await"]], sites_per_stack=1)
    assert [j.id for j in jobs] == ["hono_raw_sql.sqlite.node_missing_await.00", "hono_raw_sql.postgres.node_missing_await.00"]


def test_node_task_names_follow_the_study():
    from rootcause.study import parse_task

    assert build.task_name("express_raw_sql", "sqlite") == "express-openapi-clean_architecture-sqlite"
    assert build.task_name("fastify_sequelize", "postgres") == "fastify-openapi-clean_architecture-postgres-sequelize"
    assert build.task_name("flask_sqlalchemy", "sqlite") == "uv-flask-openapi-clean_architecture-sqlite-sqlalchemy"
    for stack in NODE_STACKS:
        for database in ("sqlite", "postgres"):
            parsed = parse_task(build.task_name(stack, database))
            assert parsed["framework"] == build.FRAMEWORK[stack] == stack.split("_")[0]
            assert parsed["runtime"] == build.runtime_of(stack) == "node"
            assert parsed["database"] == database and parsed["clean_architecture"] and parsed["level"] == ("L3" if "sequelize" in stack else "L2")
    assert all(build.runtime_of(s) == "python" for s in PYTHON_STACKS)


def test_the_verifier_does_not_judge_node_apps():
    from rootcause.corpus import verify

    assert set(verify._NODE_STACKS) == set(NODE_STACKS)
    app = _app("express_raw_sql")
    assert verify.verify(app.files, "express_raw_sql", "postgres") == []


def test_node_reference_files_leave_out_node_modules_and_the_lockfile():
    files = build._reference_files(build.app_dir("koa_sequelize"), "koa_sequelize")
    assert "run.sh" in files and "package.json" in files and "src/server.js" in files
    assert not any(p.startswith("node_modules/") or p.endswith("package-lock.json") for p in files)


def test_at_least_eight_node_operators():
    assert len(NODE_OPS) >= 8
    assert len(set(NODE_OPS)) == len(NODE_OPS)


@pytest.mark.parametrize("name", NODE_OPS)
def test_node_operator_contract(name):
    op = REGISTRY[name]
    assert op.label in load_taxonomy(), op.label
    assert not op.label.startswith(("agent.", "unknown"))
    assert op.summary and "Study:" in op.doc, f"{name}: the docstring names the defect and the study failure"
    assert op.stacks and set(op.stacks) <= set(NODE_STACKS)
    assert set(op.databases) <= {"sqlite", "postgres"} and op.databases


@pytest.mark.parametrize("name", NODE_OPS)
def test_node_operator_mutates_every_stack_it_claims(name):
    op = REGISTRY[name]
    syntax = op.label.startswith("startup.syntax")
    for stack in op.stacks:
        app = _app(stack)
        mutants = op.mutants(app)
        assert mutants, f"{name} makes no mutant of {stack}"
        for site, edit in mutants:
            assert edit, site
            for path, text in edit.items():
                assert text is not None and text != app.files[path], site
                if path.endswith(js.JS_SUFFIXES + js.TS_SUFFIXES):  # run.sh and package.json are not JavaScript
                    assert js.parses(text, path) != syntax, f"{name} {site}: {'parses' if syntax else 'does not parse'}"
    assert all(op.mutants(_app(s)) == [] for s in PYTHON_STACKS)


def test_node_apps_are_read_without_node_modules():
    app = _app("koa_sequelize")
    assert "src/server.js" in app.files and "package.json" in app.files
    assert not any(p.startswith("node_modules/") or p.endswith("package-lock.json") for p in app.files)


# ----------------------------------------------------------------------------- the tree-sitter helpers


def test_apply_edits_back_to_front_on_bytes():
    text = "const é = 'ü'; f(1, 2);"
    tree = js.parse(text)
    numbers = [n for n in js.walk(tree.root_node) if n.type == "number"]
    assert js.apply_edits(text, [js.replace(numbers[0], "10"), js.replace(numbers[1], "20")]) == "const é = 'ü'; f(10, 20);"
    with pytest.raises(ValueError):
        js.apply_edits(text, [(0, 5, "x"), (3, 8, "y")])


def test_parses_and_language_by_suffix():
    assert js.parses("const x = 1;")
    assert not js.parses("function f() {")
    assert js.parses("let x: number = 1;", "a.ts") and not js.parses("let x: number = 1;", "a.js")


def test_tree_is_parsed_once_per_app_and_path():
    app = _app("express_raw_sql")
    assert js.tree(app, "src/app.js") is js.tree(app, "src/app.js")


def test_resolve_module():
    app = _app("express_raw_sql")
    assert js.resolve_module(app, "src/app.js", "./routes") == "src/routes/index.js"
    assert js.resolve_module(app, "src/routes/index.js", "../errors") == "src/errors.js"
    assert js.resolve_module(app, "src/app.js", "../routes") is None
    assert js.resolve_module(app, "src/app.js", "express") is None


# ----------------------------------------------------------------------------- run for real

#: (operator, stack): each mutant must fail the contract suite on SQLite.
REAL = [
    ("node_tables_not_created", "express_raw_sql"),
    ("node_sequelize_include_wrong_alias", "fastify_sequelize"),
    ("node_bearer_only_scheme", "hono_raw_sql"),
]


@pytest.mark.integration
@pytest.mark.parametrize(("name", "stack"), REAL)
def test_mutant_fails_for_real_on_sqlite(name, stack, tmp_path):
    source = build.app_dir(stack)
    if shutil.which("node") is None or not (source / "node_modules").is_dir():
        pytest.skip(f"{stack}: needs node and the app's node_modules (npm ci)")
    site, edit = REGISTRY[name].mutants(_app(stack))[0]
    root = tmp_path / "app"
    shutil.copytree(source, root, ignore=shutil.ignore_patterns("node_modules", "*.db"))
    (root / "node_modules").symlink_to(source / "node_modules", target_is_directory=True)
    for path, text in edit.items():
        (root / path).write_text(text, encoding="utf-8")
    port = harness.free_port()
    env = {"PORT": str(port), "HOST": "127.0.0.1", "DATABASE_URL": f"sqlite:///{tmp_path / 'conduit.db'}"}
    try:
        with harness.ServerProcess(["bash", str(root / "run.sh")], cwd=tmp_path, env=env, port=port) as server:
            results = run_suite(server.api_url)
    except harness.ServerStartError:
        return  # the server never came up: the defect is real
    failed = [r.name for r in results if r.failed]
    assert failed, f"{name} {site}: every request passed (an equivalent mutant)"
