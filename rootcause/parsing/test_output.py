"""Test-runner console output: pytest (``-rA`` or plain) and Django/unittest.

Both become a list of TestResult. pytest's failure sections keep their text in
``details``; :func:`rootcause.parsing.pytest_sections.exception_from_section` turns them
into exceptions for the rules.
"""

from __future__ import annotations

import re

from rootcause.parsing.frames import library_of
from rootcause.records import TestResult

_PYTEST_SESSION = re.compile(r"^=+ test session starts =+$", re.MULTILINE)
_PYTEST_SUMMARY_LINE = re.compile(r"^(?P<outcome>PASSED|FAILED|ERROR|SKIPPED|XFAIL|XPASS)\s+(?P<rest>\S.{0,2000})$")
_SECTION_RULE = re.compile(r"^=+ (?P<title>[A-Za-z ]{1,60}) =+$")
_SECTION_HEAD = re.compile(r"^_{3,} (?P<name>.{1,400}?) _{3,}$")
_LOCATION = re.compile(r"^(?P<path>[^\s:][^:]{0,500}):(?P<line>\d{1,9}): (?P<type>[\w.]{1,200})$")
_FRAME_LINE = re.compile(r"^(?P<path>[^\s:][^:]{0,500}):(?P<line>\d{1,9}):(?: in \S{1,200})?$")
_UNITTEST_HEAD = re.compile(r"^(?P<outcome>ERROR|FAIL): (?P<name>\S{1,300}) \((?P<where>[^)]{1,500})\)")
_UNITTEST_VERBOSE = re.compile(
    r"^(?P<name>\w{1,300}) \((?P<where>[\w.]{1,500})\)(?:\n.{0,300})? \.\.\. (?P<outcome>ok|FAIL|ERROR|skipped.{0,200}|expected failure|unexpected success)$",
    re.MULTILINE,
)
_RAN = re.compile(r"^Ran \d+ tests? in [\d.]+s$", re.MULTILINE)


def looks_like_pytest(text: str) -> bool:
    return bool(_PYTEST_SESSION.search(text)) or "short test summary info" in text


def looks_like_unittest(text: str) -> bool:
    return bool(_RAN.search(text)) and ("FAIL:" in text or "ERROR:" in text or "... ok" in text or re.search(r"^OK\b", text, re.MULTILINE) is not None)


def parse_pytest(text: str) -> list[TestResult]:
    """Test results from pytest output: summary lines plus the failure/error sections."""
    lines = text.splitlines()
    sections: dict[str, str] = {}
    locations: dict[str, tuple[str, int]] = {}
    current_block = None
    name = None
    buf: list[str] = []

    def flush() -> None:
        if name is not None and buf:
            sections[name] = "\n".join(buf)
            found = [m for line in buf if (m := _LOCATION.match(line.strip()) or _FRAME_LINE.match(line.strip()))]
            project = [m for m in found if library_of(m.group("path")) is None and not m.group("path").startswith("/usr/")]
            chosen = (project or found)[-1:]
            if chosen:
                locations[name] = (chosen[0].group("path"), int(chosen[0].group("line")))

    for line in lines:
        rule = _SECTION_RULE.match(line[:200])
        if rule:
            flush()
            name, buf = None, []
            current_block = rule.group("title").strip().upper()
            continue
        head = _SECTION_HEAD.match(line[:500])
        if head and current_block in ("FAILURES", "ERRORS"):
            flush()
            name = re.sub(r"^ERROR at (?:setup|teardown) of ", "", head.group("name"))
            buf = []
            continue
        if name is not None:
            buf.append(line)
    flush()

    results: list[TestResult] = []
    seen: set[str] = set()
    for line in lines:
        m = _PYTEST_SUMMARY_LINE.match(line[:2100])
        if not m:
            continue
        outcome = {"PASSED": "passed", "FAILED": "failed", "ERROR": "error", "SKIPPED": "skipped", "XFAIL": "skipped", "XPASS": "passed"}[m.group("outcome")]
        rest = m.group("rest")
        node, _, message = rest.partition(" - ")
        node = node.strip()
        short = node.rsplit("::", 1)[-1]
        details = sections.get(short) or sections.get(node)
        path, line_no = locations.get(short, (None, None))
        if outcome == "skipped":
            path_m = re.match(r"\[\d+\] (?P<path>[^:]{1,500}):(?P<line>\d+): (?P<reason>.*)", rest)
            if path_m:
                node, message, path, line_no = (
                    f"{path_m.group('path')}:{path_m.group('line')}",
                    path_m.group("reason"),
                    path_m.group("path"),
                    int(path_m.group("line")),
                )
        results.append(TestResult(name=node, outcome=outcome, message=message.strip() or None, details=details, path=path, line=line_no))
        seen.add(short)
    # Plain (-q) output has no PASSED lines but still lists FAILED/ERROR in the summary, handled above;
    # a section without a summary line (summary cut off) still counts as a failure.
    for short, details in sections.items():
        if short not in seen:
            path, line_no = locations.get(short, (None, None))
            results.append(TestResult(name=short, outcome="failed", details=details, path=path, line=line_no))
    return results


def parse_unittest(text: str) -> list[TestResult]:
    """Test results from unittest/Django ``manage.py test`` output (``-v 2`` adds the passes)."""
    results: list[TestResult] = []
    failing: set[str] = set()
    blocks = re.split(r"^={40,}$", text, flags=re.MULTILINE)
    for block in blocks[1:]:
        block = block.strip("\n")
        m = _UNITTEST_HEAD.match(block)
        if not m:
            continue
        body = block.split("\n", 1)[1] if "\n" in block else ""
        body = re.sub(r"^-{40,}\n", "", body.lstrip("\n"))
        body = re.split(r"^-{40,}$", body, flags=re.MULTILINE)[0] if m.group("outcome") else body
        message = _unittest_message(body)
        name = _unittest_name(m.group("name"), m.group("where"))
        failing.add(m.group("name"))
        results.append(TestResult(name=name, outcome="failed" if m.group("outcome") == "FAIL" else "error", message=message, details=body.strip()))
    for m in _UNITTEST_VERBOSE.finditer(text):
        if m.group("name") in failing:
            continue
        outcome = m.group("outcome")
        kind = "passed" if outcome in ("ok", "unexpected success") else "skipped" if outcome.startswith("skipped") or outcome == "expected failure" else None
        if kind:
            results.append(TestResult(name=_unittest_name(m.group("name"), m.group("where")), outcome=kind))
    return results


def _unittest_name(name: str, where: str) -> str:
    """``module.Class.test`` from unittest's ``test (module.Class)`` or 3.11's ``test (module.Class.test)``."""
    if "." in name:
        return name
    return where if where.endswith(f".{name}") else f"{where}.{name}"


def _unittest_message(body: str) -> str | None:
    """The exception line of a FAIL/ERROR block (first line of the message), else its last line."""
    from rootcause.parsing.python_tb import parse_python_tracebacks

    exceptions, _ = parse_python_tracebacks(body.splitlines())
    if exceptions:
        exc = exceptions[-1]
        first = exc.message.splitlines()[0] if exc.message else ""
        return f"{exc.type}: {first}" if first else exc.type
    lines = [ln for ln in body.strip().splitlines() if ln.strip()]
    return lines[-1].strip() if lines else None


def parse_test_output(text: str) -> list[TestResult]:
    if looks_like_pytest(text):
        return parse_pytest(text)
    if looks_like_unittest(text):
        return parse_unittest(text)
    return []
