"""Evidence extraction on the real logs: Python tracebacks, Node errors, access logs, Newman summaries."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from rootcause import RunRecord
from rootcause.evidence import extract_facts
from rootcause.parsing.frames import library_of, project_relpath
from rootcause.parsing.http import parse_access_log, parse_newman_summary
from rootcause.parsing.lines import split_lines
from rootcause.parsing.node_errors import parse_node_errors
from rootcause.parsing.python_tb import parse_python_tracebacks

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


def manifest(kind: str) -> list[dict]:
    return yaml.safe_load((FIXTURES / kind / "MANIFEST.yaml").read_text(encoding="utf-8"))["files"]


def lines_of(kind: str, name: str) -> list[str]:
    return split_lines((FIXTURES / kind / name).read_text(encoding="utf-8", errors="replace"))


def python_exceptions(name: str):
    found, _ = parse_python_tracebacks(lines_of("python", name), "server_log")
    return found


def node_exceptions(name: str):
    lines = lines_of("node", name)
    _, used = parse_python_tracebacks(lines, "server_log")
    found, _ = parse_node_errors(lines, used, "server_log")
    return found


def same_text(actual: str, expected: str) -> bool:
    """Manifest messages are single-line and cut with '...'; compare on collapsed whitespace."""
    expected = expected[:-3] if expected.endswith("...") else expected
    return " ".join(actual.split()).startswith(" ".join(expected.split()))


# --- Python tracebacks, every fixture against its manifest -------------------------------------

PY_WITH_EXCEPTION = [f for f in manifest("python") if f.get("exception")]


@pytest.mark.parametrize("entry", PY_WITH_EXCEPTION, ids=lambda f: f["file"])
def test_python_exception_type_and_message(entry):
    found = python_exceptions(entry["file"])
    matching = [e for e in found if e.type == entry["exception"]]
    assert matching, f"{entry['exception']} not among {[e.type for e in found]}"
    assert any(same_text(e.message, entry["message"]) for e in matching)


@pytest.mark.parametrize("entry", PY_WITH_EXCEPTION, ids=lambda f: f["file"])
def test_python_deepest_project_frame(entry):
    found = python_exceptions(entry["file"])
    exc = next(e for e in found if e.type == entry["exception"] and same_text(e.message, entry["message"]))
    path, line = entry["project_frame"].rsplit(":", 1)
    frame = exc.deepest_project_frame
    assert frame is not None
    assert (frame.path, frame.line) == (path, int(line))


@pytest.mark.parametrize("name", [f["file"] for f in manifest("python") if not f.get("exception")])
def test_python_logs_without_a_traceback_give_no_exception(name):
    assert python_exceptions(name) == []


def test_direct_cause_chain_keeps_both_exceptions():
    found = python_exceptions("flask_no_such_table.log")
    assert [e.type for e in found] == ["sqlite3.OperationalError", "sqlalchemy.exc.OperationalError"]
    cause, effect = found
    assert cause.chained == "cause" and effect.chained is None
    assert cause.message == "no such table: users"
    assert effect.message.startswith("(sqlite3.OperationalError) no such table: users")
    assert "[SQL: SELECT users.id" in effect.message  # the multi-line SQLAlchemy message is kept
    assert cause.line < effect.line
    assert cause.deepest_project_frame is None  # only library frames below the project
    assert effect.deepest_project_frame.relpath == "/tmp/rcfx/flask_no_such_table/src/repositories/user_repository.py"


def test_long_direct_cause_chain_in_order():
    found = python_exceptions("asyncpg_naive_aware.log")
    assert [e.short_type for e in found] == ["TypeError", "DataError", "Error", "DBAPIError"]
    assert [e.chained for e in found] == ["cause", "cause", "cause", None]


def test_project_and_library_frames():
    (exc,) = python_exceptions("flask_sqlalchemy_detached.log")
    assert exc.short_type == "DetachedInstanceError"
    assert exc.libraries == ("flask", "sqlalchemy")
    library_frames = [f for f in exc.frames if f.library]
    assert library_frames and all("site-packages/" in f.path for f in library_frames)
    assert {f.layer for f in library_frames} == {"framework", "orm"}
    project = exc.project_frames
    assert project and all("/tmp/rcfx/flask_sqlalchemy_detached/src/" in f.path for f in project)
    deepest = exc.deepest_project_frame
    assert (deepest.path, deepest.line) == ("/tmp/rcfx/flask_sqlalchemy_detached/src/services/user_service.py", 20)
    assert deepest.function and deepest.code  # the frame keeps its function and source line


def test_django_db_frames_are_the_orm_layer():
    (exc,) = python_exceptions("django_field_error.log")
    assert "django/db" in exc.libraries
    assert any(f.layer == "orm" for f in exc.frames)


def test_stdlib_frames_are_named_as_stdlib():
    (exc,) = python_exceptions("flask_datetime_json.log")
    assert "stdlib:json" in exc.libraries


def test_syntax_error_caret_location():
    (exc,) = python_exceptions("syntax_error_startup.log")
    assert exc.type == "SyntaxError" and exc.message == "expected ':'"
    path, line, code = exc.syntax
    assert (path, line) == ("/tmp/rcfx/syntax_error_startup/src/routes/users.py", 25)
    assert code == 'if not data.get("username") or not data.get("email")'


def test_indentation_error_location():
    (exc,) = python_exceptions("indentation_error_startup.log")
    assert exc.short_type == "IndentationError"
    assert exc.syntax[:2] == ("/tmp/rcfx/indentation_error_startup/src/repositories/post_repository.py", 17)


def test_non_syntax_errors_carry_no_syntax_location():
    for name in ("flask_no_such_table.log", "attribute_error_project.log", "import_error_startup.log"):
        assert all(e.syntax is None for e in python_exceptions(name))


def test_exception_line_numbers_point_at_the_exception_line():
    lines = lines_of("python", "attribute_error_project.log")
    (exc,) = python_exceptions("attribute_error_project.log")
    assert lines[exc.line - 1].startswith("AttributeError: 'User' object has no attribute 'to_profile_dict'")


def test_uvicorn_info_lines_are_not_exceptions():
    found = python_exceptions("fastapi_response_validation.log")
    assert [e.short_type for e in found] == ["ResponseValidationError"]


def test_a_log_cut_mid_traceback_still_gives_the_exception():
    lines = lines_of("python", "name_error_forgotten_import.log")
    start = next(i for i, ln in enumerate(lines) if ln.startswith("Traceback"))
    cut = lines[start + 5 :]  # the log tail begins in the middle of the frames
    found, _ = parse_python_tracebacks(cut)
    assert [e.type for e in found] == ["NameError"]
    assert found[0].deepest_project_frame.path == "/tmp/rcfx/name_error_forgotten_import/src/routes/posts.py"


def test_during_handling_chain_from_a_real_interpreter():
    code = "try:\n    {}['k']\nexcept KeyError:\n    raise ValueError('bad value')\n"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    found, _ = parse_python_tracebacks(proc.stderr)
    assert [(e.type, e.message, e.chained) for e in found] == [("KeyError", "'k'", "context"), ("ValueError", "bad value", None)]


# --- Node.js errors -------------------------------------------------------------------------------


def test_node_header_with_bracketed_name_and_at_frames():
    (exc,) = node_exceptions("sequelize_eager_loading.log")
    assert exc.language == "node"
    assert exc.type == "EagerLoadingError [SequelizeEagerLoadingError]"
    assert exc.message == "User is not associated to Article!"
    assert {"EagerLoadingError", "SequelizeEagerLoadingError"} <= exc.names
    assert len(exc.frames) == 8
    assert exc.libraries == ("sequelize",)
    assert exc.frames[0].function == "Article._getIncludedAssociation"
    deepest = exc.deepest_project_frame  # Node prints the innermost frame first
    assert (deepest.path, deepest.line) == ("/tmp/rcfx-node/sequelize_eager_loading/src/server.js", 14)
    assert any(f.path == "node:internal/process/task_queues" and not f.is_project for f in exc.frames)


def test_node_bracketed_error_with_property_block():
    (exc,) = node_exceptions("sqlite_no_such_column.log")
    assert exc.type == "Error"
    assert exc.message == "SQLITE_ERROR: no such column: u.username"
    assert exc.properties["code"] == "SQLITE_ERROR"
    assert exc.properties["errno"] == "1"
    assert exc.deepest_project_frame is None  # node-sqlite3 errors carry no stack


def test_node_sqlite_range_error():
    (exc,) = node_exceptions("sqlite_range.log")
    assert exc.message == "SQLITE_RANGE: column index out of range"
    assert exc.properties["code"] == "SQLITE_RANGE"


def test_node_property_block_in_a_server_log():
    lines = split_lines((FIXTURES / "newman" / "conduit.log").read_text(encoding="utf-8"))
    found, _ = parse_node_errors(lines)
    (exc,) = found
    assert exc.message == "SQLITE_ERROR: no such column: tag_list"
    assert exc.properties == {"errno": "1", "code": "SQLITE_ERROR"}


def test_node_logged_error_with_name_and_sql_properties():
    found = node_exceptions("sequelize_pg_operator_on_sqlite.log")
    assert found
    exc = found[0]
    assert exc.properties["name"] == "SequelizeDatabaseError"
    assert "@> '[\"dragons\"]'" in exc.properties["sql"]
    assert (exc.deepest_project_frame.path, exc.deepest_project_frame.line) == ("/tmp/rcfx-node/sequelize_pg_operator_on_sqlite/src/server.js", 17)


def test_node_cannot_find_module_with_require_stack():
    (exc,) = node_exceptions("module_not_found.log")
    assert exc.type == "Error"
    assert exc.message == "Cannot find module './routes/users'"
    assert "/tmp/rcfx-node/module_not_found/src/index.js" in [f.path for f in exc.frames]
    assert exc.deepest_project_frame.path == "/tmp/rcfx-node/module_not_found/src/index.js"


def test_node_missing_package_names_the_requiring_file():
    (exc,) = node_exceptions("missing_package.log")
    assert exc.message == "Cannot find module 'jsonwebtoken'"
    assert exc.deepest_project_frame.path == "/tmp/rcfx-node/missing_package/src/middleware/auth.js"


def test_node_cannot_find_module_keeps_frames_and_code():
    (exc,) = node_exceptions("module_not_found.log")
    assert exc.properties.get("code") == "MODULE_NOT_FOUND"
    frame = exc.deepest_project_frame
    assert (frame.path, frame.line) == ("/tmp/rcfx-node/module_not_found/src/index.js", 2)


def test_node_syntax_error_location_from_the_caret_block():
    (exc,) = node_exceptions("syntax_error.log")
    assert exc.type == "SyntaxError"
    assert exc.message == "Unexpected identifier 'articles'"
    path, line, code = exc.syntax
    assert (path, line) == ("/tmp/rcfx-node/syntax_error/src/repositories/articleRepository.js", 4)
    assert code.startswith("const sql = `SELECT a.*")


def test_node_syntax_error_with_a_blank_caret_line():
    """Node prints the caret line blank under a wide or unprintable token (a leaked tokenizer token):
    the location still comes from the ``file:line`` right above the code. Captured from Node 20."""
    text = (
        "/srv/app/app.js:2\n"
        "console<\uff5cbegin\u2581of\u2581sentence\uff5c>.log(`Server is running on port ${port}.`);\n"
        "        \n"
        "\n"
        "SyntaxError: Invalid or unexpected token\n"
        "    at wrapSafe (node:internal/modules/cjs/loader:1464:18)\n"
        "    at Module._compile (node:internal/modules/cjs/loader:1495:20)\n"
    )
    found, _ = parse_node_errors(text.splitlines(), set(), "server_log")
    (exc,) = found
    path, line, code = exc.syntax
    assert (exc.type, path, line) == ("SyntaxError", "/srv/app/app.js", 2)
    assert code.startswith("console<")


def test_node_uncaught_error_frame():
    (exc,) = node_exceptions("port_in_use.log")
    assert exc.message == "listen EADDRINUSE: address already in use :::3000"
    frame = exc.deepest_project_frame
    assert (frame.path, frame.line) == ("/tmp/rcfx-node/port_in_use/src/server.js", 9)


def test_node_pg_lowercase_error_header():
    found = node_exceptions("pg_column_missing.log")
    assert any(e.message == 'column "tagList" does not exist' and e.properties.get("code") == "42703" for e in found)


@pytest.mark.parametrize("name", ["clean_express.log", "run_sh_missing.log"])
def test_node_logs_without_errors(name):
    assert node_exceptions(name) == []


def test_python_and_node_parsers_do_not_claim_each_others_lines():
    for name in ("sequelize_eager_loading.log", "module_not_found.log", "syntax_error.log"):
        py, _ = parse_python_tracebacks(lines_of("node", name))
        assert py == []
    for name in ("flask_no_such_table.log", "django_field_error.log"):
        lines = lines_of("python", name)
        _, used = parse_python_tracebacks(lines)
        node, _ = parse_node_errors(lines, used)
        assert node == []


def test_facts_from_a_record_combine_both_parsers():
    text = (FIXTURES / "node" / "sequelize_eager_loading.log").read_text(encoding="utf-8")
    facts = extract_facts(RunRecord(id="r", server_log=text))
    assert [e.language for e in facts.exceptions] == ["node"]
    assert facts.exceptions[0].source == "server_log"


# --- frame helpers -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "library"),
    [
        ("/work/venv/lib/python3.11/site-packages/sqlalchemy/orm/session.py", "sqlalchemy"),
        ("/work/venv/lib/python3.11/site-packages/django/db/models/query.py", "django/db"),
        ("/app/node_modules/sequelize/lib/model.js", "sequelize"),
        ("/app/node_modules/@fastify/cors/index.js", "@fastify/cors"),
        ("/usr/lib/python3.11/json/encoder.py", "stdlib:json"),
        ("/tmp/rcfx/app/src/routes/users.py", None),
    ],
)
def test_library_of(path, library):
    assert library_of(path) == library


def test_project_relpath_strips_mount_points():
    assert project_relpath("/repository/src/app.py") == "src/app.py"
    assert project_relpath("file:///app/src/server.js") == "src/server.js"
    assert project_relpath("/tmp/rcfx/x/app.py") == "/tmp/rcfx/x/app.py"


# --- access logs ---------------------------------------------------------------------------------


def access(kind: str, name: str):
    return [(a.method, a.path, a.status) for a in parse_access_log(lines_of(kind, name))]


def test_uvicorn_access_lines():
    assert access("python", "fastapi_response_validation.log") == [("GET", "/health", 200), ("GET", "/api/users/1", 500)]


def test_werkzeug_access_lines_with_ansi_colours():
    assert access("python", "flask_trailing_slash.log") == [
        ("GET", "/api/users/", 200),
        ("GET", "/api/users", 308),
        ("POST", "/api/users", 308),
        ("GET", "/api/posts/", 404),
    ]


def test_django_runserver_access_lines():
    assert access("python", "django_405.log") == [("GET", "/api/products/", 200), ("GET", "/api/products/create/", 405), ("POST", "/api/products/", 405)]


def test_aiohttp_access_lines():
    assert access("python", "aiohttp_decimal_json.log") == [("GET", "/health", 200), ("GET", "/api/orders/1", 500)]


def test_pino_json_request_pairs():
    entries = parse_access_log(lines_of("node", "fastify_empty_body.log"), "server_log")
    assert [(a.method, a.path, a.status) for a in entries] == [
        ("GET", "/api/health-check", 200),
        ("POST", "/api/articles/how-to-train-your-dragon/favorite", 400),
    ]
    lines = lines_of("node", "fastify_empty_body.log")
    assert all('"statusCode"' in lines[a.line - 1] for a in entries)  # the line of the response
    assert all(a.source == "server_log" for a in entries)


def test_morgan_style_lines_with_a_trailer():
    lines = ["GET /api/tags 200 3.456 ms - 41", "::1 - - [22/Nov/2026:03:43:22 +0000] POST /api/users 201 12 - 5.1 ms"]
    assert [(a.method, a.path, a.status) for a in parse_access_log(lines)] == [("GET", "/api/tags", 200), ("POST", "/api/users", 201)]


def test_plain_method_path_status_lines():
    got = access("newman", "conduit.log")
    assert ("GET", "/api/user", 401) in got
    assert ("GET", "/api/articles?tag=dragons", 500) in got
    assert got[0] == ("GET", "/api/health-check", 200)


def test_access_line_numbers_are_one_based():
    lines = lines_of("python", "django_405.log")
    for entry in parse_access_log(lines):
        assert f'"{entry.method} {entry.path} HTTP/1.1" {entry.status}' in lines[entry.line - 1]


# --- Newman summary lines ------------------------------------------------------------------------

#: Lines as the study's judge-validation records hold them (newman_summary field).
STUDY_SUMMARY = """Current User GET → 500: 5 failed
Articles Favorited by Username GET → 200: 12 failed
Create Article POST → : 13 failed
All Articles with auth GET → 422: 17 failed"""


def test_newman_summary_lines():
    requests = parse_newman_summary(STUDY_SUMMARY)
    assert [(q.name, q.method, q.status, q.failed, q.position) for q in requests] == [
        ("Current User", "GET", 500, 5, 0),
        ("Articles Favorited by Username", "GET", 200, 12, 1),
        ("Create Article", "POST", None, 13, 2),  # no status: no response came back
        ("All Articles with auth", "GET", 422, 17, 3),
    ]
    assert all(not q.ok for q in requests)


def test_newman_summary_ascii_arrow():
    (q,) = parse_newman_summary("Register POST -> 201: 1 failed")
    assert (q.name, q.method, q.status, q.failed) == ("Register", "POST", 201, 1)


def test_newman_cli_reporter_lines_are_not_summary_lines():
    text = (FIXTURES / "newman" / "newman_cli.txt").read_text(encoding="utf-8")
    assert "→ Register" in text
    assert parse_newman_summary(text) == []


def test_newman_summary_in_a_record_becomes_requests():
    facts = extract_facts(RunRecord(id="r", newman_summary=STUDY_SUMMARY))
    assert [q.name for q in facts.failing_requests] == ["Current User", "Articles Favorited by Username", "Create Article", "All Articles with auth"]
