"""detect_format: every fixture kind is recognised from its layout, name and first bytes."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rootcause.errors import InputError, InputFormatError
from rootcause.readers import FORMATS, detect_format, read_runs

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STUDY = FIXTURES / "study" / "results"
OPENHANDS_RUN = STUDY / "node/openhands_sdk/gpt-5-mini/express-openapi-sqlite/2026-03-04T08-15-00/run_0"
MINI_RUN = STUDY / "node/mini_swe_sdk/gpt-5-mini/express-openapi-sqlite/2026-03-02T09-30-00/run_0"


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        pytest.param(FIXTURES / "swebench", "swebench", id="folder-of-swebench-instances"),
        pytest.param(FIXTURES / "swebench" / "demo__proj-1", "swebench", id="one-swebench-instance"),
        pytest.param(FIXTURES / "swebench" / "django__demo-2", "swebench", id="one-django-swebench-instance"),
        pytest.param(FIXTURES / "study", "study", id="study-root-above-results"),
        pytest.param(STUDY, "study", id="study-results-tree"),
        pytest.param(MINI_RUN, "study", id="one-mini-run-folder"),
        pytest.param(OPENHANDS_RUN, "study", id="one-openhands-run-folder"),
        pytest.param(FIXTURES / "newman" / "newman-run-report-2026-11-22-03-43-22-318-0.csv", "newman-csv", id="newman-csv"),
        pytest.param(FIXTURES / "newman" / "newman-run-report-down.csv", "newman-csv", id="newman-csv-server-down"),
        pytest.param(FIXTURES / "pytest" / "junit.xml", "junit", id="junit-xml"),
        pytest.param(FIXTURES / "python" / "flask_no_such_table.log", "log", id="python-server-log"),
        pytest.param(FIXTURES / "node" / "sequelize_eager_loading.log", "log", id="node-server-log"),
        pytest.param(FIXTURES / "newman" / "newman_cli.txt", "log", id="newman-cli-text"),
    ],
)
def test_detect_fixture_kinds(path, expected):
    assert detect_format(path) == expected


@pytest.mark.parametrize("name", ["pytest_rA.txt", "pytest_q.txt", "pytest_junit_stdout.txt"])
def test_pytest_text_is_read_as_test_output(name):
    """pytest console output has no dedicated name or header bytes: it is detected as text and
    recognised by its content, so its tests come out either way."""
    path = FIXTURES / "pytest" / name
    assert detect_format(path) in ("pytest", "log")
    (record,) = read_runs(path)
    assert record.error is None
    assert record.test_output and not record.log
    assert {t.outcome for t in record.tests} >= {"failed", "error"}


def test_django_unittest_text_is_read_as_test_output():
    path = FIXTURES / "django_unittest" / "django_test_output.txt"
    assert detect_format(path) in ("unittest", "log")
    (record,) = read_runs(path)
    assert record.test_output and not record.log
    assert {t.outcome for t in record.tests} >= {"failed", "error", "passed"}


@pytest.mark.parametrize(
    ("name", "text", "expected"),
    [
        ("runs.jsonl", '{"id": "a"}\n{"id": "b"}\n', "jsonl"),
        ("runs.ndjson", '{"id": "a"}\n{"id": "b"}\n', "jsonl"),
        ("runs.txt", '{"id": "a", "log": "x"}\n{"id": "b"}\n', "jsonl"),
        ("runs.json", '{"id": "a"}\n{"id": "b"}\n', "jsonl"),
        ("runs.json", json.dumps([{"id": "a"}, {"id": "b"}], indent=2), "json"),
        ("export.json", json.dumps({"records": [{"id": "a"}, {"id": "b"}]}, indent=2), "json"),
    ],
    ids=["jsonl-extension", "ndjson-extension", "jsonl-content-other-name", "json-lines-in-dot-json", "json-array", "json-records-object"],
)
def test_record_files_by_name_and_content(tmp_path, name, text, expected):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert detect_format(path) == expected
    assert [r.id for r in read_runs(path)] == ["a", "b"]


def test_json_array_with_bom_and_leading_whitespace(tmp_path):
    path = tmp_path / "runs.json"
    path.write_bytes(b"\xef\xbb\xbf\n  " + json.dumps([{"id": "a"}]).encode())
    assert detect_format(path) == "json"
    assert [r.id for r in read_runs(path)] == ["a"]


def test_newman_json_report_is_read_as_a_newman_report():
    assert detect_format(FIXTURES / "newman" / "newman_report.json") == "newman-json"


def test_junit_xml_by_content_under_another_name(tmp_path):
    path = tmp_path / "report.txt"
    path.write_bytes((FIXTURES / "pytest" / "junit.xml").read_bytes())
    assert detect_format(path) == "junit"


def test_csv_without_request_name_is_a_table_not_a_run(tmp_path):
    # Read as a log it used to get a confident diagnosis (issue 13); --input-format log still reads it.
    path = tmp_path / "other.csv"
    path.write_text("a,b,c\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InputFormatError, match=r"other.csv is a table \(columns: a, b, c\)"):
        detect_format(path)


def test_binary_file_goes_to_the_text_reader_which_reports_it(tmp_path):
    path = tmp_path / "core.bin"
    path.write_bytes(b"\x7fELF\x00\x00\x01" * 100)
    assert detect_format(path) == "log"
    (record,) = read_runs(path)
    assert record.error and "binary" in record.error and str(path) in record.error


def test_missing_path_raises_input_error_naming_it(tmp_path):
    path = tmp_path / "nope.log"
    with pytest.raises(InputError) as info:
        detect_format(path)
    assert str(path) in str(info.value)
    assert isinstance(info.value, ValueError)  # callers catching ValueError keep working


def test_every_detected_format_is_a_documented_one():
    for path in (FIXTURES / "swebench", STUDY, FIXTURES / "pytest" / "junit.xml", FIXTURES / "python" / "clean_flask.log"):
        assert detect_format(path) in FORMATS


def test_input_format_overrides_detection():
    (record,) = read_runs(FIXTURES / "pytest" / "pytest_rA.txt", input_format="pytest")
    assert len(record.tests) == 8
    (record,) = read_runs(FIXTURES / "django_unittest" / "django_test_output.txt", input_format="unittest")
    assert any(t.outcome == "error" for t in record.tests)


def test_file_format_forced_on_a_folder_is_an_error_record():
    (record,) = read_runs(FIXTURES / "swebench", input_format="jsonl")
    assert record.error and "folder" in record.error and str(FIXTURES / "swebench") in record.error
