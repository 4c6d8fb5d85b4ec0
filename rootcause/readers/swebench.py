"""SWE-bench evaluation folders: ``patch.diff``, ``test_output.txt``, ``report.json`` per instance.

The test run sits between ``>>>>> Start Test Output`` and ``>>>>> End Test Output`` in the
harness's shell trace; it is pytest ``-rA`` or Django/unittest output. ``report.json`` lists
FAIL_TO_PASS / PASS_TO_PASS successes and failures; the failures become failing tests even
where the console output was cut.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rootcause.errors import InputError
from rootcause.parsing.io import parse_json, read_text, read_text_strict
from rootcause.parsing.test_output import parse_test_output
from rootcause.records import METADATA_FIELDS, RunRecord, TestResult

START, END = ">>>>> Start Test Output", ">>>>> End Test Output"
MARKERS = ("report.json", "test_output.txt", "patch.diff")


def is_instance_folder(path: Path) -> bool:
    return path.is_dir() and any((path / name).is_file() for name in ("report.json", "test_output.txt"))


def harness_test_output(text: str) -> str:
    """The test runner's own output from a harness log (the whole text if the markers are absent)."""
    start = text.find(START)
    if start < 0:
        return text
    start = text.find("\n", start) + 1
    end = text.find(END, start)
    return text[start : end if end >= 0 else len(text)]


def read_instance(folder: str | os.PathLike[str]) -> RunRecord:
    folder = Path(folder)
    instance_id = folder.name
    meta: dict[str, Any] = {name: None for name in METADATA_FIELDS}
    meta["framework"] = None
    warnings: list[str] = []
    errors: list[str] = []
    fields: dict[str, Any] = {}
    tests: list[TestResult] = []
    report_path = folder / "report.json"
    if report_path.is_file():
        try:
            report = parse_json(read_text_strict(report_path), path=report_path)
            entry = report.get(instance_id) or (next(iter(report.values())) if len(report) == 1 else {})
            if not isinstance(entry, dict):
                raise InputError("report.json: expected an object per instance", path=str(report_path))
            meta["resolved"] = entry.get("resolved")
            meta["patch_successfully_applied"] = entry.get("patch_successfully_applied")
            statuses = entry.get("tests_status") or {}
            if not isinstance(statuses, dict):
                raise InputError("report.json: 'tests_status' must be an object", path=str(report_path))
            for group, result in statuses.items():
                failures = result.get("failure", []) if isinstance(result, dict) else None
                if not isinstance(failures, list):
                    errors.append(str(InputError(f"report.json: tests_status.{group}.failure must be a list of test names", path=str(report_path))))
                    continue
                for name in failures:
                    if isinstance(name, str):
                        tests.append(TestResult(name=name, outcome="failed", message=f"{group} test failed"))
        except InputError as exc:
            errors.append(str(exc))
        except (AttributeError, TypeError) as exc:
            errors.append(str(InputError(f"malformed report: {exc}", path=str(report_path))))
    else:
        warnings.append(f"{report_path}: missing")
    output_path = folder / "test_output.txt"
    if output_path.is_file():
        try:
            text, warns = read_text(output_path)
            warnings.extend(warns)
            section = harness_test_output(text)
            fields["test_output"] = section
            parsed = parse_test_output(section)
            by_name = {t.name: t for t in parsed}
            # Keep the console's details for the report's failures; add console-only failures.
            tests = [_with_console_details(t, by_name.get(canonical_test_name(t.name))) or _match_suffix(t, parsed) or t for t in tests]
            known = {canonical_test_name(t.name) for t in tests}
            tests += [t for t in parsed if t.outcome in ("failed", "error") and canonical_test_name(t.name) not in known]
        except InputError as exc:
            errors.append(str(exc))
    else:
        warnings.append(f"{output_path}: missing")
    patch_path = folder / "patch.diff"
    if patch_path.is_file():
        try:
            fields["patch"], warns = read_text(patch_path)
            warnings.extend(warns)
        except InputError as exc:
            errors.append(str(exc))
    if not fields and not tests:
        message = "; ".join(errors) or f"{folder}: no report.json, test_output.txt or patch.diff"
        return RunRecord(id=instance_id, metadata=meta, source=str(folder), error=message, warnings=tuple(warnings))
    return RunRecord(id=instance_id, metadata=meta, tests=tuple(tests), source=str(folder), warnings=tuple(warnings + errors), **fields)


_UNITTEST_STYLE = re.compile(r"^(?P<name>\w{1,300}) \((?P<where>[\w.]{1,500})\)$")


def canonical_test_name(name: str) -> str:
    """``module.Class.test`` for unittest's ``test (module.Class[.test])``; other names unchanged."""
    m = _UNITTEST_STYLE.match(name)
    if not m:
        return name
    where = m.group("where")
    return where if where.endswith(f".{m.group('name')}") else f"{where}.{m.group('name')}"


def _with_console_details(test: TestResult, console: TestResult | None) -> TestResult | None:
    if console is None:
        return None
    return TestResult(
        name=test.name, outcome=console.outcome, message=console.message or test.message, details=console.details, path=console.path, line=console.line
    )


def _match_suffix(test: TestResult, parsed: list[TestResult]) -> TestResult | None:
    for candidate in parsed:
        if candidate.outcome in ("failed", "error") and (test.name.endswith(candidate.name) or candidate.name.endswith(test.name.split("::")[-1])):
            return TestResult(
                name=test.name,
                outcome=candidate.outcome,
                message=candidate.message or test.message,
                details=candidate.details,
                path=candidate.path,
                line=candidate.line,
            )
    return None


def read_swebench(root: str | os.PathLike[str]) -> Iterator[RunRecord]:
    root = Path(root)
    if is_instance_folder(root):
        yield read_instance(root)
        return
    instances = sorted(p for p in root.iterdir() if is_instance_folder(p))
    for folder in instances:
        yield read_instance(folder)
