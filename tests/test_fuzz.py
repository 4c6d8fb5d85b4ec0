"""Fuzzing the readers and the evidence extractors: whatever a file or a record holds, no exception
escapes and every input record comes out (issue 12). Hypothesis draws the inputs; a failure prints
the smallest input that breaks the promise."""

from __future__ import annotations

import json
import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rootcause.classify import diagnose
from rootcause.evidence import extract_facts
from rootcause.readers import read_runs
from rootcause.readers.records import record_from_mapping

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

#: JSON values of any shape, as a careless writer might put them in any field.
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=20,
)
FIELDS = ["id", "log", "server_log", "test_output", "newman_summary", "newman_csv", "trajectory", "patch", "files", "verifier", "task", "framework", "model"]
#: Text that looks like logs: tracebacks, Node errors, JSON lines, status lines, with noise between.
LOGGISH = st.lists(
    st.sampled_from(
        [
            "Traceback (most recent call last):",
            '  File "/app/x.py", line 3, in f',
            "KeyError: 'a'",
            "Error: boom",
            "    at f (/srv/app.js:1:2) {",
            "  code: 'E1',",
            "}",
            '{"level":50,"msg":"x","err":{"type":"TypeError","message":"y"}}',
            "POST /api/users -> 500",
            "Expected 201 but got 400 for register",
            "FAILED tests/test_a.py::test_b - AssertionError: assert 1 == 2",
            "error TS2339: Property 'x' does not exist",
            "web_1  | ",
            "\x1b[31m",
        ]
    )
    | st.text(alphabet=string.printable, max_size=60),
    max_size=25,
).map("\n".join)


@SETTINGS
@given(st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=6))
def test_any_record_mapping_is_diagnosed_without_an_exception(data):
    record = record_from_mapping(data, fallback_id="fuzz", source="fuzz")
    diagnosis = diagnose(record)
    assert diagnosis.root_cause


@SETTINGS
@given(LOGGISH, LOGGISH)
def test_any_log_text_gives_facts_and_a_diagnosis(log, test_output):
    record = record_from_mapping({"id": "fuzz", "server_log": log, "test_output": test_output}, fallback_id="fuzz", source="fuzz")
    extract_facts(record)
    assert diagnose(record).root_cause


@SETTINGS
@given(
    st.lists(
        st.one_of(
            st.dictionaries(st.sampled_from(FIELDS), JSON, max_size=4).map(json.dumps), st.binary(max_size=60).map(lambda b: b.decode("latin-1")), st.just("{")
        ),
        min_size=1,
        max_size=8,
    )
)
def test_any_jsonl_file_gives_one_row_per_nonblank_line(tmp_path_factory, lines):
    path = tmp_path_factory.mktemp("fuzz") / "runs.jsonl"
    raw = "\n".join(line.replace("\n", " ").replace("\r", " ") for line in lines) + "\n"
    path.write_bytes(raw.encode("utf-8", errors="surrogateescape"))
    records = list(read_runs(path))
    nonblank = [line for line in raw.split("\n") if line.strip()]
    assert len(records) == max(1, len(nonblank))


@SETTINGS
@given(st.binary(max_size=400), st.sampled_from(["x.log", "x.json", "x.jsonl", "x.csv", "x.xml", "report.txt"]))
def test_any_file_gives_at_least_one_row(tmp_path_factory, content, name):
    path = tmp_path_factory.mktemp("fuzz") / name
    path.write_bytes(content)
    records = list(read_runs(path))
    assert records and all(r.id for r in records)
