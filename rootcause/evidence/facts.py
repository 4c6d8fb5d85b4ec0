"""Everything rules read about one run, extracted once from its RunRecord."""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property
from typing import TYPE_CHECKING

from rootcause.parsing.frames import ExceptionInfo
from rootcause.parsing.http import AccessEntry, parse_access_log, parse_newman_summary
from rootcause.parsing.lines import split_lines
from rootcause.parsing.node_errors import parse_node_errors
from rootcause.parsing.patch import PatchedFile, parse_patch
from rootcause.parsing.pytest_sections import exception_from_test
from rootcause.parsing.python_tb import parse_python_tracebacks
from rootcause.parsing.shapes import (
    SERVER_DID_NOT_START,
    normalise_lines,
    parse_bare_exceptions,
    parse_django_debug,
    parse_status_signals,
    parse_test_summaries,
    parse_typescript_errors,
)
from rootcause.parsing.trajectory import TrajectoryFacts, parse_trajectory
from rootcause.records import Evidence, RequestResult, RunRecord, TestResult
from rootcause.study import framework_from_task

if TYPE_CHECKING:
    from rootcause.code.model import CodeFinding

#: Exceptions a test client raises about a response (a status, not a server defect); read as failing requests.
#: The time budget of one record's static analysis (seconds); checks not started by then are
#: skipped and the row's warnings say so.
STATIC_SECONDS = 30.0
_CLIENT_ERRORS = re.compile(r"^(?:requests\.exceptions|httpx|urllib\.error|urllib3\.exceptions|aiohttp\.client_exceptions)\.")
#: Errors a test client raises about its own connection (Node's fetch): the request's failure, not the server's.
_CLIENT_MESSAGES = re.compile(r"^(?:fetch failed|Failed to fetch)\b")


#: Client errors about what the response held (its content type, its JSON): evidence about the server's answer.
_RESPONSE_CONTENT_ERRORS = frozenset({"ContentTypeError", "JSONDecodeError"})


def _server_side(e: ExceptionInfo) -> bool:
    """Whether an exception tells about the server, not only about the client's connection."""
    if e.short_type in _RESPONSE_CONTENT_ERRORS:
        return True
    return not _CLIENT_ERRORS.match(e.type) and not (e.short_type == "TypeError" and _CLIENT_MESSAGES.match(e.message))


_SQL_LINE = re.compile(r"^\s*(?:\[SQL: |sql: '|Executing \(\w+\): )(?P<sql>.{1,4000})")


@dataclass(frozen=True, slots=True)
class LogLine:
    text: str
    source: str  # record field
    line: int  # 1-based


@dataclass
class Facts:
    """Evidence of one run: exceptions, failing requests, access log, trajectory, patch.

    Built by :func:`extract_facts`; rules read these fields and never the raw record text.
    """

    record: RunRecord
    exceptions: list[ExceptionInfo] = field(default_factory=list)
    requests: list[RequestResult] = field(default_factory=list)
    access: list[AccessEntry] = field(default_factory=list)
    lines: list[LogLine] = field(default_factory=list)
    tests: list[TestResult] = field(default_factory=list)
    patch_files: list[PatchedFile] = field(default_factory=list)
    patch_problem: str | None = None  # why the patch could not be parsed, if it could not
    trajectory: TrajectoryFacts = field(default_factory=TrajectoryFacts)
    sql: list[LogLine] = field(default_factory=list)
    verifier_lines: list[LogLine] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    static: list[CodeFinding] = field(default_factory=list)  # defects the static analysis finds in the run's code

    @property
    def metadata(self):
        return self.record.metadata

    @property
    def whole_files(self) -> Mapping[str, str]:
        """The files the run carries whole (the record's ``files``), without what the patch or the
        trajectory shows; rules that need a handler's full source start from these."""
        return self.record.files or {}

    @property
    def patch_is_empty(self) -> bool:
        """The run has a patch and it holds nothing (an agent that submitted no change)."""
        return self.record.patch is not None and not self.record.patch.strip()

    @cached_property
    def framework(self) -> str | None:
        """The framework, from metadata or the task name: a study name as :mod:`rootcause.study` reads
        it (``uv-flask-openapi-...`` is Flask), any other name by its first word."""
        framework = self.metadata.get("framework")
        if framework:
            return str(framework).lower()
        task = str(self.metadata.get("task") or "")
        return framework_from_task(task) or (task.split("-", 1)[0].lower() or None if task else None)

    @cached_property
    def database(self) -> str | None:
        text = " ".join(str(self.metadata.get(k) or "") for k in ("task", "database", "constraints")).lower()
        for name in ("postgres", "sqlite", "mysql"):
            if name in text:
                return name
        return None

    @cached_property
    def catalogue_matches(self) -> list:
        """What the error catalogue explains in this run (``rootcause.catalogue.Match``), computed once
        for the catalogue rule and the model's features."""
        from rootcause.catalogue import load_catalogue

        return load_catalogue().matches(self)

    @cached_property
    def failing_requests(self) -> list[RequestResult]:
        return [r for r in self.requests if not r.ok]

    @cached_property
    def files(self) -> dict[str, str]:
        """Project files known for the run: ``files``, then the patch, then the trajectory's heredocs."""
        merged: dict[str, str] = {}
        merged.update(self.trajectory.files_written)
        merged.update({f.path: f.content for f in self.patch_files if not f.is_deleted})
        merged.update(self.record.files or {})
        return merged

    @cached_property
    def _texts(self) -> list[tuple[str, str, list[int], list[LogLine]]]:
        """Per source: its (capped) lines joined, the offset where each line starts, the lines."""
        grouped: dict[str, list[LogLine]] = {}
        for line in self.lines:
            grouped.setdefault(line.source, []).append(line)
        out = []
        for source, lines in grouped.items():
            starts, offset = [], 0
            for line in lines:
                starts.append(offset)
                offset += len(line.text) + 1
            out.append((source, "\n".join(line.text for line in lines), starts, lines))
        return out

    def search(self, pattern: re.Pattern[str], sources: tuple[str, ...] | None = None) -> LogLine | None:
        """The first log line matching ``pattern``, in source order.

        The pattern runs once over each source's joined lines (in C, not line by line in Python),
        with ``^``/``$`` anchoring at line ends; lines are capped, so patterns stay cheap.
        """
        found = self.search_all(pattern, limit=1, sources=sources)
        return found[0] if found else None

    def search_all(self, pattern: re.Pattern[str], limit: int = 50, sources: tuple[str, ...] | None = None) -> list[LogLine]:
        multiline = _multiline(pattern)
        out: list[LogLine] = []
        for source, text, starts, lines in self._texts:
            if sources is not None and source not in sources:
                continue
            for m in multiline.finditer(text):
                index = bisect.bisect_right(starts, m.start()) - 1
                if not out or out[-1] is not lines[index]:
                    out.append(lines[index])
                if len(out) >= limit:
                    return out
        return out


@functools.lru_cache(maxsize=1024)
def _multiline(pattern: re.Pattern[str]) -> re.Pattern[str]:
    return pattern if pattern.flags & re.MULTILINE else re.compile(pattern.pattern, pattern.flags | re.MULTILINE)


def line_evidence(line: LogLine, kind: str = "log") -> Evidence:
    return Evidence(kind=kind, text=line.text.strip()[:500], source=line.source, line=line.line)


def exception_evidence(exc: ExceptionInfo) -> list[Evidence]:
    """The exception line, and the deepest project frame (file:line) when there is one."""
    out = [Evidence(kind="exception", text=exc.headline[:500], source=exc.source, line=exc.line)]
    frame = exc.deepest_project_frame
    if exc.syntax:
        path, lineno, code = exc.syntax
        from rootcause.parsing.frames import project_relpath

        out.append(Evidence(kind="frame", text=code[:300] or "(syntax error)", path=project_relpath(path), line=lineno, source=exc.source))
    elif frame is not None:
        out.append(Evidence(kind="frame", text=(frame.code or frame.function or "")[:300], path=frame.relpath, line=frame.line, source=exc.source))
    return out


def request_evidence(request: RequestResult) -> Evidence:
    status = request.status if request.status is not None else "no response"
    method = f" {request.method}" if request.method else ""
    expected = f" (expected {request.expected_status})" if request.expected_status is not None and request.expected_status != request.status else ""
    failed = f": {request.failed} failed" + (f" ({'; '.join(request.messages[:3])})" if request.messages else "")
    return Evidence(kind="request", text=f"{request.name}{method} -> {status}{expected}{failed}"[:500], line=request.position + 1, source="requests")


def access_evidence(entry: AccessEntry, limit: int | None = None) -> Evidence:
    """An access-log line as evidence: ``GET /api/tags -> 404`` (text cut to ``limit`` when given)."""
    text = f"{entry.method} {entry.path} -> {entry.status}"
    return Evidence(kind="log", text=text[:limit] if limit else text, source=entry.source, line=entry.line)


def extract_facts(record: RunRecord) -> Facts:
    """Parse every evidence field of ``record`` once."""
    facts = Facts(record=record)
    runtime = str(record.metadata.get("runtime") or "").lower() or None
    language = "node" if runtime in ("node", "nodejs", "javascript", "typescript") else ("python" if runtime == "python" else None)
    said_requests: list[RequestResult] = []
    said_tests: list[TestResult] = []
    bare: list = []
    for source, text in record.texts():
        lines = normalise_lines(text)
        facts.lines.extend(LogLine(t, source, i + 1) for i, t in enumerate(lines))
        py, used = parse_python_tracebacks(lines, source)
        node, used_node = parse_node_errors(lines, used, source)
        found = py + node + parse_django_debug(lines, source) + parse_typescript_errors(lines, source)
        claimed = used | used_node | {e.line - 1 for e in found if e.line}
        bare.extend(e for e in parse_bare_exceptions(lines, claimed, source, language) if _server_side(e))
        facts.exceptions.extend(sorted((e for e in found if _server_side(e)), key=lambda e: e.line or 0))
        facts.access.extend(parse_access_log(lines, source))
        facts.sql.extend(LogLine(m.group("sql").rstrip("]'"), source, i + 1) for i, t in enumerate(lines) if (m := _SQL_LINE.match(t)))
        if source not in ("patch", "code"):
            said_requests.extend(parse_status_signals(lines, source))
            said_tests.extend(parse_test_summaries(lines, source))
    if record.verifier:
        facts.verifier_lines = [LogLine(t, "verifier", i + 1) for i, t in enumerate(split_lines(record.verifier))]
        facts.lines.extend(facts.verifier_lines)
    requests = list(record.requests)
    if not requests and record.newman_summary:
        requests = parse_newman_summary(record.newman_summary)
    if not requests:
        requests = _dedupe_requests(said_requests)
    facts.requests = requests
    facts.tests = list(record.tests) or said_tests
    for test in facts.tests:
        if test.outcome not in ("failed", "error") or not test.details:
            continue
        exc = exception_from_test(test)
        if exc is None:
            exc_list, _ = parse_python_tracebacks(split_lines(test.details), "test_output")
            exc = exc_list[-1] if exc_list else None
        if exc is not None:
            facts.exceptions.append(exc)
    # Bare exception lines last, and only those no traceback, stack or test already gave.
    for exc in bare:
        if not any(_same_exception(exc, other) for other in facts.exceptions):
            facts.exceptions.append(exc)
    if record.patch:
        facts.patch_files, facts.patch_problem = parse_patch(record.patch)
        if facts.patch_problem:
            facts.problems.append(facts.patch_problem)
    if record.trajectory:
        facts.trajectory = parse_trajectory(record.trajectory)
    if record.files or record.patch or facts.trajectory.files_written:
        facts.static = static_findings(record, facts)
    return facts


def _same_exception(a, b) -> bool:
    """The same exception printed twice, once perhaps cut short (pytest's summary ends a long message in ``...``)."""
    if a.short_type != b.short_type:
        return False
    x, y = a.message.strip().removesuffix("...").strip(), b.message.strip().removesuffix("...").strip()
    return x.startswith(y[:200]) or y.startswith(x[:200])


def _dedupe_requests(requests: list[RequestResult]) -> list[RequestResult]:
    """Requests read from text, once each (a harness prints the same failure in its log and its test output)."""
    seen: set[tuple] = set()
    out: list[RequestResult] = []
    for r in requests:
        key = (r.messages, r.status, r.expected_status)
        if key in seen:
            continue
        seen.add(key)
        out.append(replace(r, position=len(out)))
    return out


def server_did_not_start(facts: Facts) -> LogLine | None:
    """A harness line saying the server never came up (``Server did not start in time``)."""
    return facts.search(SERVER_DID_NOT_START)


def static_findings(record: RunRecord, facts: Facts) -> list[CodeFinding]:
    """Defects the static analysis finds in the run's code (files, patch, trajectory); never runs it.

    The analysis reads the patch and trajectory as ``facts`` already parsed them.
    """
    from rootcause.code.analyze import CHECK_FAILED, OUT_OF_TIME, analyze_project
    from rootcause.code.files import BUDGET_NOTE
    from rootcause.code.js import analyze_js_project
    from rootcause.code.project import Project
    from rootcause.code.structure import constraints_from_task

    project = Project.from_parts(record.files, facts.patch_files, facts.patch_problem, facts.trajectory.files_written, has_patch=bool(record.patch))
    if project is None or not (len(project) or project.scripts.files):
        return []
    constraints = constraints_from_task(str(record.metadata.get("task") or ""))
    try:
        findings = analyze_project(project, constraints, seconds=STATIC_SECONDS) if len(project) else []
        findings += analyze_js_project(project)  # JavaScript/TypeScript files, parsed with tree-sitter
    except RecursionError:
        facts.problems.append("static analysis gave up: nesting too deep")
        return []
    # What the analysis could not do is said on the row (the rest of the record is still diagnosed).
    over = sum(1 for _, reason in project.skipped if reason.startswith(BUDGET_NOTE))
    if over:
        facts.problems.append(f"static analysis: {over} file(s) not analysed, {BUDGET_NOTE} ({len(project)} analysed)")
    facts.problems.extend(f"static analysis: {f.message}" for f in findings if f.rule in (CHECK_FAILED, OUT_OF_TIME))
    return [f for f in findings if f.level == "defect"]
