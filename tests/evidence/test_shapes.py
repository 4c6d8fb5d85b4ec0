"""Evidence from the shapes error text takes in the wild, on real captured output.

The texts come from the wild set's dev split (data/wild/cases/*.jsonl: our own programs run under
the real tools; see data/wild/DATASHEET.md). Each shape gets a test that names what must come out
of it; one test sweeps every dev case: a text that holds an exception, an error code or a failing
status never reaches the rules empty-handed.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rootcause.catalogue import codes_in
from rootcause.evidence import extract_facts
from rootcause.evidence.facts import server_did_not_start
from rootcause.parsing.shapes import compose_names, expand_json_line, normalise_lines, parse_status_signals, parse_test_summaries, strip_prefix
from rootcause.readers.records import record_from_mapping

CASES = Path(__file__).resolve().parents[2] / "data" / "wild" / "cases"
HIDDEN = ("label", "rationale", "cause", "source", "generator", "split", "source_kind", "shape", "libraries")


def _dev_cases() -> list[dict]:
    out = []
    for path in sorted(CASES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            if case["split"] == "dev":
                out.append(case)
    return out


DEV = _dev_cases()


def facts_of(case: dict):
    shown = {k: v for k, v in case.items() if k not in HIDDEN}
    shown["runtime"] = case["language"]
    return extract_facts(record_from_mapping(shown, fallback_id=case["id"], source="wild"))


def of_shape(shape: str) -> list[dict]:
    cases = [c for c in DEV if c["shape"] == shape]
    if not cases:
        pytest.skip(f"no dev case of shape {shape}")
    return cases


def test_the_dev_split_is_there():
    assert len(DEV) >= 150
    assert len({c["shape"] for c in DEV}) >= 20


@pytest.mark.parametrize("case_id", [c["id"] for c in DEV])
def test_a_failure_in_the_text_is_never_lost(case_id):
    """Every dev case shows its failure somehow; the evidence must hold it (or the case holds no such signal)."""
    case = next(c for c in DEV if c["id"] == case_id)
    facts = facts_of(case)
    text = "\n".join(case.get(k) or "" for k in ("log", "test_output"))
    signal = bool(
        facts.exceptions
        or facts.failing_requests
        or any(t.outcome in ("failed", "error") for t in facts.tests)
        or any(codes_in(line.text) for line in facts.lines)
        or server_did_not_start(facts)
    )
    holds = bool(codes_in(text)) or any(w in text for w in ("Traceback", "Error:", "Exception:", " 500 ", "-> 4", "-> 5", "expected ", "Expected "))
    if holds:
        assert signal, f"{case_id} ({case['shape']}): an exception, code or failing status in the text gave no evidence"


@pytest.mark.parametrize("shape", ["compose-prefix", "ci-timestamp"])
def test_prefixed_tracebacks_are_read_through_the_prefix(shape):
    found = 0
    for case in of_shape(shape):
        if "Traceback" not in (case.get("log") or "") and "    at " not in (case.get("log") or ""):
            continue
        facts = facts_of(case)
        assert facts.exceptions, case["id"]
        assert not any(e.type.endswith("|") or "|" in e.type for e in facts.exceptions)
        found += 1
    assert found, f"no {shape} case with a traceback"


def test_compose_prefix_is_only_stripped_when_it_repeats():
    lines = ["web_1  | Traceback (most recent call last):", 'web_1  |   File "/app/x.py", line 1, in <module>', "web_1  | KeyError: 'a'"]
    names = compose_names(lines)
    assert names == frozenset({"web_1"})
    assert strip_prefix(lines[1], names) == '  File "/app/x.py", line 1, in <module>'
    assert strip_prefix("total | 3", compose_names(["total | 3", "a line"])) == "total | 3"
    concurrently = ["[api] listening on 3000", "[api] Error: boom", "[api]     at f (/srv/app/a.js:1:1)"]
    assert [strip_prefix(x, compose_names(concurrently)) for x in concurrently][2] == "    at f (/srv/app/a.js:1:1)"


def test_harness_timestamps_and_levels_are_stripped():
    assert strip_prefix("ERROR 2026-12-06 21:10:10,730 got exception:") == "got exception:"
    assert strip_prefix("2026-12-06T22:20:48.8768430Z ERROR:    Error loading ASGI app.") == "Error loading ASGI app."
    assert strip_prefix("INFO:     Uvicorn running on http://0.0.0.0:5000") == "INFO:     Uvicorn running on http://0.0.0.0:5000"


def test_django_debug_page_gives_the_exception_type_and_message():
    for case in of_shape("django-debug-page"):
        facts = facts_of(case)
        text = "\n".join(case.get(k) or "" for k in ("log", "test_output"))
        if "Exception Type" not in text:
            continue
        assert facts.exceptions, case["id"]
        assert any(e.message for e in facts.exceptions), case["id"]


@pytest.mark.parametrize("shape", ["pino-json", "structlog-json", "json-log"])
def test_json_log_lines_give_their_error(shape):
    cases = [c for c in of_shape(shape) if "rror" in (c.get("log") or "")]
    assert cases
    for case in cases:
        assert facts_of(case).exceptions or facts_of(case).failing_requests, case["id"]


def test_json_line_keeps_the_line_and_adds_its_error():
    line = '{"level":50,"msg":"boom","err":{"type":"Error","message":"no such table: users","stack":"Error: no such table: users\\n    at run (/srv/app/db.js:3:9)","code":"SQLITE_ERROR"}}'
    lines = normalise_lines(line)
    assert lines[0] == line
    assert "Error: no such table: users" in lines and "    code: 'SQLITE_ERROR'" in lines
    assert expand_json_line('{"not": "a log"}') is None
    assert expand_json_line("{broken") is None


@pytest.mark.parametrize("shape", ["tsc", "esbuild"])
def test_typescript_and_bundler_errors_carry_code_and_file(shape):
    for case in of_shape(shape):
        facts = facts_of(case)
        assert facts.exceptions, case["id"]
        exc = facts.exceptions[0]
        if shape == "tsc":
            assert exc.type.startswith("TS") and exc.frames and exc.frames[0].line, case["id"]


@pytest.mark.parametrize("shape", ["jest", "mocha", "pytest", "unittest"])
def test_test_runner_output_gives_failing_tests_or_requests(shape):
    for case in of_shape(shape):
        facts = facts_of(case)
        assert facts.exceptions or facts.failing_requests or [t for t in facts.tests if t.outcome != "passed"], case["id"]


def test_status_lines_become_failing_requests():
    cases = [c for c in of_shape("status-line") if any(f"-> {d}" in (c.get("test_output") or "") for d in "45")]
    assert cases
    for case in cases:
        statuses = {r.status for r in facts_of(case).failing_requests}
        assert any(s and s >= 400 for s in statuses), case["id"]


def test_harness_lines_give_expected_and_actual_status():
    (req,) = parse_status_signals(["WARNING - Expected 201 but got 400 for user registration {'email': 'a'}"], "test_output")
    assert (req.expected_status, req.status) == (201, 400) and req.name.startswith("user registration")
    (req,) = parse_status_signals(['Error: expected 200 "OK", got 404 "Not Found"'], "test_output")
    assert (req.expected_status, req.status) == (200, 404)
    (req,) = parse_status_signals(["requests.exceptions.HTTPError: 401 Client Error: Unauthorized for url: http://localhost:5000/invite_user"], "log")
    assert (req.status, req.url) == (401, "/invite_user")
    (req,) = parse_status_signals(["GET /api/tags -> no response"], "test_output")
    assert req.status is None and req.url == "/api/tags"
    assert parse_status_signals(["got 200 response: []", "Expected 200 but got 200 for x"], "t") == []


def test_harness_lines_with_method_and_path():
    """A harness names the request beside the status: it becomes the request's method and path."""
    (req,) = parse_status_signals(["WARNING - POST /notes not 201: 200 OK"], "test_output")
    assert (req.method, req.url, req.expected_status, req.status) == ("POST", "/notes", 201, 200)
    (req,) = parse_status_signals(["WARNING - POST 'http://localhost:5000/upload' not ok: 500 INTERNAL SERVER ERROR"], "test_output")
    assert (req.method, req.url, req.status) == ("POST", "/upload", 500)
    (req,) = parse_status_signals(["WARNING - POST /cards 4111111111111111 alice failed: 400 Bad Request"], "test_output")
    assert (req.method, req.url, req.status) == ("POST", "/cards", 400)
    # Without a method the line still counts, with no path.
    (req,) = parse_status_signals(["the upload step failed: 500"], "test_output")
    assert (req.method, req.url, req.status) == (None, None, 500)


def test_pytest_short_summary_and_unittest_blocks():
    tests = parse_test_summaries(
        [
            "FAILED tests/test_api.py::test_create - assert 200 == 201",
            "ERROR tests/test_api.py::test_db - sqlite3.OperationalError: no such table: users",
            "FAILED (errors=1)",
        ],
        "test_output",
    )
    assert [(t.name, t.outcome) for t in tests] == [("tests/test_api.py::test_create", "failed"), ("tests/test_api.py::test_db", "error")]


@pytest.mark.parametrize("shape", ["bare-exception", "html-escaped", "markdown-fence"])
def test_wrapped_and_bare_exception_lines_are_found(shape):
    for case in of_shape(shape):
        assert facts_of(case).exceptions, case["id"]


def test_markdown_fences_and_crlf_do_not_hide_a_traceback():
    text = '```python\r\nTraceback (most recent call last):\r\n  File "/app/db.py", line 3, in q\r\n    cur.execute(sql)\r\nsqlite3.OperationalError: no such table: users\r\n```\r\n'
    record = record_from_mapping({"id": "x", "log": text}, fallback_id="x", source="t")
    (exc,) = extract_facts(record).exceptions
    assert exc.type == "sqlite3.OperationalError" and exc.frames[0].line == 3


def test_a_client_http_error_is_a_failing_request_not_a_server_exception():
    text = 'Traceback (most recent call last):\n  File "/opt/harness/run.py", line 9, in t\n    r.raise_for_status()\nrequests.exceptions.HTTPError: 403 Client Error: Forbidden for url: http://localhost:5000/items\n'
    facts = extract_facts(record_from_mapping({"id": "x", "test_output": text}, fallback_id="x", source="t"))
    assert facts.exceptions == []
    assert [(r.status, r.url) for r in facts.failing_requests] == [(403, "/items")]
