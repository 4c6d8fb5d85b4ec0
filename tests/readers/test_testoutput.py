"""Test-runner output: pytest (-rA, -q), JUnit XML, Django unittest, SWE-bench evaluation folders."""

from __future__ import annotations

import json
import re
import shutil
from collections import Counter
from pathlib import Path

import pytest
import yaml

from rootcause import classify, read_runs
from rootcause.evidence import extract_facts
from rootcause.parsing.pytest_sections import exception_from_test
from rootcause.parsing.test_output import parse_pytest, parse_test_output, parse_unittest
from rootcause.readers.junit import read_junit
from rootcause.readers.swebench import END, START, read_instance
from rootcause.readers.swebench import harness_test_output as harness_test_section

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PYTEST = FIXTURES / "pytest"
PYTEST_MANIFEST = {f["file"]: f for f in yaml.safe_load((PYTEST / "MANIFEST.yaml").read_text(encoding="utf-8"))["files"]}
DJANGO = FIXTURES / "django_unittest" / "django_test_output.txt"
SWEBENCH = FIXTURES / "swebench"

FAILURES = {
    # node id: (exception type, file, line) -- from tests/fixtures/pytest/MANIFEST.yaml
    "tests/test_pricing.py::test_order_summary": ("AssertionError", "tests/test_pricing.py", 12),
    "tests/test_stock.py::test_reserve_from_unknown_warehouse": ("KeyError", "inventory/stock.py", 9),
    "tests/test_stock.py::test_reserve_parses_quantity": ("ValueError", "inventory/stock.py", 5),
}
ERROR_TEST = "tests/test_stock.py::test_catalog_has_skus"


def summary_counts(text: str) -> Counter:
    """Counts from pytest's final line: ``3 failed, 2 passed, 2 skipped, 1 error in 0.07s``."""
    line = [ln for ln in text.splitlines() if re.search(r"\d+ (?:passed|failed|error)", ln)][-1]
    counts = Counter()
    for number, word in re.findall(r"(\d+) (failed|passed|skipped|errors?|xfailed|xpassed)", line):
        counts[{"errors": "error"}.get(word, word)] += int(number)
    return counts


# --- pytest -rA -----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ra_tests():
    (record,) = read_runs(PYTEST / "pytest_rA.txt")
    return record.tests


def test_ra_outcome_counts_match_the_summary_line(ra_tests):
    expected = summary_counts((PYTEST / "pytest_rA.txt").read_text(encoding="utf-8"))
    assert expected == Counter({"failed": 3, "passed": 2, "skipped": 2, "error": 1})
    assert Counter(t.outcome for t in ra_tests) == expected


def test_ra_counts_match_the_manifest(ra_tests):
    assert PYTEST_MANIFEST["pytest_rA.txt"]["summary"] == "3 failed, 2 passed, 2 skipped, 1 error"
    assert len(ra_tests) == 8


def test_ra_failures_have_message_and_location(ra_tests):
    by_name = {t.name: t for t in ra_tests}
    for node, (exc_type, path, line) in FAILURES.items():
        test = by_name[node]
        assert test.outcome == "failed"
        assert test.message.startswith(exc_type + ":")
        assert (test.path, test.line) == (path, line)
        assert f"E       {exc_type}" in test.details


def test_ra_passes_and_skips(ra_tests):
    by_outcome = {}
    for t in ra_tests:
        by_outcome.setdefault(t.outcome, []).append(t)
    assert [t.name for t in by_outcome["passed"]] == ["tests/test_pricing.py::test_apply_discount", "tests/test_stock.py::test_available"]
    skips = {(t.path, t.line, t.message) for t in by_outcome["skipped"]}
    assert skips == {("tests/test_stock.py", 24, "warehouse sync is not implemented yet"), ("tests/test_stock.py", 29, "windows-only path handling")}


def test_ra_setup_error_is_an_error_with_its_section(ra_tests):
    (error,) = [t for t in ra_tests if t.outcome == "error"]
    assert error.name == ERROR_TEST
    assert error.message.startswith("FileNotFoundError")
    assert "tests/conftest.py:10" in error.details


def test_ra_failure_sections_become_exceptions_with_project_frames(ra_tests):
    by_name = {t.name: t for t in ra_tests}
    for node, (exc_type, path, line) in FAILURES.items():
        exc = exception_from_test(by_name[node])
        assert exc.short_type == exc_type
        frame = exc.deepest_project_frame
        assert (frame.path, frame.line) == (path, line)
    key_error = exception_from_test(by_name["tests/test_stock.py::test_reserve_from_unknown_warehouse"])
    assert key_error.message == "'paris'"


def test_ra_setup_error_exception_type_and_library_frame(ra_tests):
    exc = exception_from_test(next(t for t in ra_tests if t.outcome == "error"))
    assert exc.short_type == "FileNotFoundError"
    assert "catalog.json" in exc.message
    assert "stdlib:pathlib" in exc.libraries


def test_ra_setup_error_project_frame_is_the_conftest_line(ra_tests):
    exc = exception_from_test(next(t for t in ra_tests if t.outcome == "error"))
    frame = exc.deepest_project_frame
    assert frame is not None and (frame.path, frame.line) == ("tests/conftest.py", 10)


def test_ra_record_exceptions_in_order(ra_tests):
    (record,) = read_runs(PYTEST / "pytest_rA.txt")
    facts = extract_facts(record)
    assert sorted(e.short_type for e in facts.exceptions) == ["AssertionError", "FileNotFoundError", "KeyError", "ValueError"]


# --- pytest -q and the --junitxml console -----------------------------------------------------


@pytest.mark.parametrize("name", ["pytest_q.txt", "pytest_junit_stdout.txt"])
def test_plain_output_lists_failures_and_errors(name):
    text = (PYTEST / name).read_text(encoding="utf-8")
    counts = summary_counts(text)
    assert counts == Counter({"failed": 3, "passed": 2, "skipped": 2, "error": 1})
    tests = parse_pytest(text)
    # Without -rA pytest prints no PASSED/SKIPPED lines: only failures and errors are known.
    assert Counter(t.outcome for t in tests) == Counter({"failed": counts["failed"], "error": counts["error"]})
    by_name = {t.name: t for t in tests}
    for node, (exc_type, path, line) in FAILURES.items():
        assert by_name[node].message.startswith(exc_type)
        assert (by_name[node].path, by_name[node].line) == (path, line)
    assert by_name[ERROR_TEST].outcome == "error"


def test_pytest_sections_without_a_summary_still_count_as_failures():
    text = (PYTEST / "pytest_rA.txt").read_text(encoding="utf-8")
    cut = text[: text.index("==== PASSES")]  # the log was cut before the short summary
    tests = parse_pytest(cut)
    failing = {t.name for t in tests if t.outcome == "failed"}
    assert {"test_order_summary", "test_reserve_from_unknown_warehouse", "test_reserve_parses_quantity"} <= failing


def test_parse_test_output_picks_pytest_or_unittest():
    assert {t.name for t in parse_test_output((PYTEST / "pytest_rA.txt").read_text(encoding="utf-8"))} >= set(FAILURES)
    assert any(t.outcome == "error" for t in parse_test_output(DJANGO.read_text(encoding="utf-8")))
    assert parse_test_output("just a server log\nGET / 200\n") == []


# --- JUnit XML ---------------------------------------------------------------------------------


def test_junit_cases_and_outcomes():
    tests = read_junit(PYTEST / "junit.xml")
    assert Counter(t.outcome for t in tests) == Counter({"failed": 3, "passed": 2, "skipped": 2, "error": 1})
    by_name = {t.name: t for t in tests}
    assert by_name["tests.test_stock::test_reserve_from_unknown_warehouse"].message == "KeyError: 'paris'"
    assert by_name["tests.test_stock::test_reserve_parses_quantity"].message == "ValueError: invalid literal for int() with base 10: 'two'"
    assert by_name["tests.test_pricing::test_order_summary"].message.startswith("AssertionError: assert {'items': 2")
    error = by_name["tests.test_stock::test_catalog_has_skus"]
    assert error.outcome == "error" and "FileNotFoundError" in error.message
    skipped = {t.message for t in tests if t.outcome == "skipped"}
    assert skipped == {"warehouse sync is not implemented yet", "windows-only path handling"}


def test_junit_failure_text_becomes_exceptions_with_project_frames():
    (record,) = read_runs(PYTEST / "junit.xml")
    assert record.error is None
    facts = extract_facts(record)
    frames = {e.short_type: e.deepest_project_frame for e in facts.exceptions}
    assert (frames["KeyError"].path, frames["KeyError"].line) == ("inventory/stock.py", 9)
    assert (frames["ValueError"].path, frames["ValueError"].line) == ("inventory/stock.py", 5)
    assert (frames["AssertionError"].path, frames["AssertionError"].line) == ("tests/test_pricing.py", 12)


def test_junit_malformed_xml_is_an_error_record(tmp_path):
    path = tmp_path / "junit.xml"
    path.write_text('<?xml version="1.0"?><testsuites><testsuite name="x"><testcase', encoding="utf-8")
    (record,) = read_runs(path)
    assert record.error and str(path) in record.error and "JUnit" in record.error


def test_junit_single_testsuite_root(tmp_path):
    path = tmp_path / "suite.xml"
    path.write_text(
        '<?xml version="1.0"?><testsuite name="s" tests="2">'
        '<testcase classname="a.B" name="ok"/>'
        '<testcase classname="a.B" name="bad" file="a/b.py"><failure message="boom">trace</failure></testcase>'
        "</testsuite>",
        encoding="utf-8",
    )
    tests = read_junit(path)
    assert [(t.name, t.outcome, t.message, t.path) for t in tests] == [("a.B::ok", "passed", None, None), ("a.B::bad", "failed", "boom", "a/b.py")]


# --- Django unittest -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def django_tests():
    return parse_unittest(DJANGO.read_text(encoding="utf-8"))


def test_django_fail_and_error_blocks(django_tests):
    failing = [t for t in django_tests if t.outcome in ("failed", "error")]
    assert Counter(t.outcome for t in failing) == Counter({"failed": 1, "error": 1})  # FAILED (failures=1, errors=1)
    error = next(t for t in failing if t.outcome == "error")
    assert "test_create_product_requires_price" in error.name
    assert error.message == "KeyError: 'price'"
    assert 'File "/tmp/rcfx/django_unittest_demo/catalog/services.py", line 30' in error.details
    fail = next(t for t in failing if t.outcome == "failed")
    assert "test_cheap_products_filters_by_price" in fail.name
    assert "AssertionError: Lists differ: ['Nail'] != ['Nail', 'Hammer']" in fail.details


def test_django_verbose_passes_are_listed(django_tests):
    passed = [t for t in django_tests if t.outcome == "passed"]
    assert len(passed) == 2  # Ran 4 tests: 2 ok
    assert any("test_list_products_returns_dicts" in t.name for t in passed)
    assert any("test_product_to_dict_price_is_string" in t.name for t in passed)


def test_django_block_tracebacks_give_project_frames():
    (record,) = read_runs(DJANGO)
    facts = extract_facts(record)
    frames = {(e.short_type, e.deepest_project_frame.relpath, e.deepest_project_frame.line) for e in facts.exceptions}
    assert ("KeyError", "/tmp/rcfx/django_unittest_demo/catalog/services.py", 30) in frames
    assert ("AssertionError", "/tmp/rcfx/django_unittest_demo/catalog/tests.py", 21) in frames


def test_django_test_names_are_not_doubled(django_tests):
    names = {t.name for t in django_tests}
    assert "catalog.tests.ProductServiceTests.test_create_product_requires_price" in names
    assert "catalog.tests.ProductServiceTests.test_list_products_returns_dicts" in names


def test_django_fail_message_is_the_assertion_line(django_tests):
    fail = next(t for t in django_tests if t.outcome == "failed")
    assert fail.message == "AssertionError: Lists differ: ['Nail'] != ['Nail', 'Hammer']"


def test_unittest_old_style_names_are_qualified():
    text = (
        "test_b (pkg.tests.T) ... ok\n\n"
        "======================================================================\n"
        "FAIL: test_a (pkg.tests.T)\n"
        "----------------------------------------------------------------------\n"
        "Traceback (most recent call last):\n"
        '  File "/app/pkg/tests.py", line 5, in test_a\n'
        "    self.assertEqual(1, 2)\n"
        "AssertionError: 1 != 2\n\n"
        "----------------------------------------------------------------------\n"
        "Ran 2 tests in 0.001s\n\nFAILED (failures=1)\n"
    )
    tests = parse_unittest(text)
    assert [(t.name, t.outcome, t.message) for t in tests] == [
        ("pkg.tests.T.test_a", "failed", "AssertionError: 1 != 2"),
        ("pkg.tests.T.test_b", "passed", None),
    ]


# --- SWE-bench ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def instances():
    return {r.id: r for r in read_runs(SWEBENCH)}


def test_swebench_folder_yields_one_record_per_instance(instances):
    assert list(instances) == ["demo__proj-1", "django__demo-2"]
    for record in instances.values():
        assert record.error is None
        assert record.metadata["resolved"] is False
        assert record.metadata["patch_successfully_applied"] is True
        assert record.patch.startswith("diff ") and "\n+++ " in record.patch


def test_swebench_test_output_is_cut_between_the_markers(instances):
    for record in instances.values():
        raw = (SWEBENCH / record.id / "test_output.txt").read_text(encoding="utf-8")
        section = record.test_output
        assert START in raw and END in raw
        assert START not in section and END not in section
        assert "python --version" not in section  # harness trace before the start marker
        assert "cd ../pristine" not in section  # before the start and after the end marker only
        assert ">>>>> Test Exit Code" not in section
        assert section.strip() and section in raw
    assert "2 failed, 4 passed" in instances["demo__proj-1"].test_output
    assert "Ran 6 tests" in instances["django__demo-2"].test_output


def test_swebench_test_section_without_markers_is_the_whole_text():
    assert harness_test_section("plain output\n") == "plain output\n"
    assert harness_test_section(f"a\n{START}\nb\n") == "b\n"


def test_swebench_report_failures_become_failing_tests(instances):
    for instance_id, record in instances.items():
        report = json.loads((SWEBENCH / instance_id / "report.json").read_text(encoding="utf-8"))[instance_id]
        reported = [name for group in report["tests_status"].values() for name in group["failure"]]
        assert reported
        names = [t.name for t in record.tests if t.outcome in ("failed", "error")]
        for name in reported:
            assert name in names


def test_swebench_pytest_failures_keep_console_details(instances):
    tests = {t.name: t for t in instances["demo__proj-1"].tests}
    assert set(tests) == {"tests/test_slug.py::test_strips_accents", "tests/test_slug.py::test_keeps_digits"}
    accents = tests["tests/test_slug.py::test_strips_accents"]
    assert accents.outcome == "failed"
    assert (accents.path, accents.line) == ("tests/test_slug.py", 21)
    assert "AssertionError" in accents.details


def test_swebench_django_failure_is_one_test_with_details(instances):
    failing = [t for t in instances["django__demo-2"].tests if t.outcome in ("failed", "error")]
    assert len(failing) == 1
    assert failing[0].details and "AssertionError" in failing[0].details


def test_swebench_one_instance_folder():
    (record,) = read_runs(SWEBENCH / "demo__proj-1")
    assert record.id == "demo__proj-1"
    assert len([t for t in record.tests if t.outcome == "failed"]) == 2


def test_swebench_instance_without_report_reads_with_a_warning(tmp_path):
    folder = tmp_path / "demo__proj-1"
    shutil.copytree(SWEBENCH / "demo__proj-1", folder)
    (folder / "report.json").unlink()
    record = read_instance(folder)
    assert record.error is None
    assert any("report.json" in w for w in record.warnings)
    # Console failures are still failing tests.
    assert {t.name for t in record.tests if t.outcome == "failed"} == {"tests/test_slug.py::test_strips_accents", "tests/test_slug.py::test_keeps_digits"}


def test_swebench_malformed_report_is_named(tmp_path):
    folder = tmp_path / "demo__proj-1"
    shutil.copytree(SWEBENCH / "demo__proj-1", folder)
    (folder / "report.json").write_text("{not json", encoding="utf-8")
    record = read_instance(folder)
    assert any("report.json" in w for w in record.warnings + ((record.error,) if record.error else ()))


def test_swebench_classify_rows_in_order():
    frame = classify(SWEBENCH)
    assert frame["id"].tolist() == ["demo__proj-1", "django__demo-2"]
    assert frame["resolved"].tolist() == [False, False]
    assert frame["error"].isna().all()
