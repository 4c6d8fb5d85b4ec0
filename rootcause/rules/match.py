"""Small helpers rules share: find exceptions, lines and requests, and build verdicts."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from rootcause.evidence.facts import Facts, LogLine, exception_evidence, line_evidence, request_evidence
from rootcause.parsing.frames import ExceptionInfo
from rootcause.records import Confidence, Evidence, RequestResult
from rootcause.rules.base import Verdict

#: Path parts of modules that make up a project's data-access layer.
DATA_LAYER = re.compile(
    r"(?:^|/)(?:repositor\w*|dao|daos|db|database|models?|persistence|store|stores|data|entities|orm|crud|queries)(?:/|\.py$|\.[jt]s$|_)", re.IGNORECASE
)


def find_exception(
    facts: Facts, *, names: Iterable[str] = (), message: re.Pattern[str] | None = None, where: Callable[[ExceptionInfo], bool] | None = None
) -> ExceptionInfo | None:
    """The first exception whose name is one of ``names`` (or any, if empty) and whose
    message (with Node properties) matches ``message`` and which satisfies ``where``."""
    wanted = set(names)
    for exc in facts.exceptions:
        if wanted and not (exc.names & wanted):
            continue
        if message is not None and not message.search(exc.full_text()[:8000]):
            continue
        if where is not None and not where(exc):
            continue
        return exc
    return None


def exception_verdict(exc: ExceptionInfo, root_cause: str | None = None, confidence: Confidence | None = None, message: str | None = None) -> Verdict:
    return Verdict(evidence=exception_evidence(exc), root_cause=root_cause, confidence=confidence, message=message, position=float(exc.line or 0))


def line_verdict(line: LogLine, root_cause: str | None = None, confidence: Confidence | None = None, kind: str = "log") -> Verdict:
    return Verdict(evidence=[line_evidence(line, kind)], root_cause=root_cause, confidence=confidence, position=float(line.line))


def match_anywhere(facts: Facts, pattern: re.Pattern[str], names: Iterable[str] = ()) -> Verdict | None:
    """An exception (optionally of ``names``) or, failing that, a log line matching ``pattern``."""
    exc = find_exception(facts, names=names, message=pattern)
    if exc is not None:
        return exception_verdict(exc)
    line = facts.search(pattern)
    return line_verdict(line) if line is not None else None


def requests_verdict(requests: list[RequestResult], root_cause: str | None = None, confidence: Confidence | None = None, message: str | None = None) -> Verdict:
    return Verdict(
        evidence=[request_evidence(r) for r in requests[:5]],
        root_cause=root_cause,
        confidence=confidence,
        message=message,
        position=float(requests[0].position) if requests else float("inf"),
    )


def in_data_layer(exc: ExceptionInfo) -> bool:
    """The deepest project frame is in a data-access module (judged on the file and its two parent folders)."""
    frame = exc.deepest_project_frame
    if frame is None:
        return False
    tail = "/".join(frame.relpath.split("/")[-3:])
    return bool(DATA_LAYER.search(tail)) and not re.search(r"(?:^|/)tests?(?:/|_)|_test\.py$", tail)


def uses_data_library(exc: ExceptionInfo) -> bool:
    return any(f.layer in ("orm", "driver") for f in exc.frames)


def catalogue_entry(exc: ExceptionInfo, facts: Facts):
    """The error catalogue's entry for ``exc`` in this run's context (database, framework,
    language), or None; ``rootcause explain <id>`` prints it."""
    from rootcause.catalogue import load_catalogue

    context = {"database": facts.database, "framework": facts.framework, "language": exc.language}
    return load_catalogue().match_exception(exc, context)


#: Library areas and what misusing their API is.
_MISUSE_ROOT_CAUSE = {"data": "data.orm.api_misuse", "web": "framework.wiring", "auth": "auth.config"}
#: Owners that are the language's own types: an attribute error on them is a wrong value, not a wrong API.
BUILTIN_OWNERS = frozenset(
    "NoneType str int float bool dict list tuple set bytes coroutine function method module type object "
    "generator async_generator builtin_function_or_method Decimal datetime date UUID".split()
)


def _instance_misuse(exc: ExceptionInfo, named: tuple[str, str | None]) -> bool:
    from rootcause.evidence.names import orm_method_on_instance

    attribute_error = exc.short_type == "AttributeError" and "object has no attribute" in exc.message
    not_a_function = exc.language == "node" and exc.message.endswith("is not a function")
    return (attribute_error or not_a_function) and orm_method_on_instance(named[0], named[1])


def library_misuse(exc: ExceptionInfo, facts: Facts) -> tuple[str, Evidence | None] | None:
    """(root cause, static evidence) when ``exc`` is an attribute or signature error on a *library*
    object: the project uses an API the library (or its installed version) does not have.

    The owner comes from the message (``'Flask' object has no attribute ...``, ``FileResponse.__init__()
    got an unexpected keyword argument ...``, ``db.get(...) is not a function``) and is resolved in the
    run's code (:func:`rootcause.evidence.names.name_origin`). When the error catalogue names the
    exception with a cause outside cross-file references (an API removed in a later version), that cause
    wins; otherwise the library's area decides: data access -> ``data.orm.api_misuse``, web framework ->
    ``framework.wiring``, auth -> ``auth.config``. An ORM query method called on one object
    (``'Article' object has no attribute 'update'``) is ``data.orm.api_misuse`` whoever owns the class.
    """
    if not (exc.names & {"AttributeError", "TypeError"}):
        return None
    # Several rules ask about the same exception: the answer is kept on the run's facts.
    cache = facts.__dict__.setdefault("_library_misuse", {})
    if id(exc) not in cache:
        cache[id(exc)] = _library_misuse(exc, facts)
    return cache[id(exc)]


def _library_misuse(exc: ExceptionInfo, facts: Facts) -> tuple[str, Evidence | None] | None:
    from rootcause.evidence.names import error_owner, name_origin

    if exc.frames and exc.deepest_project_frame is None:
        return None
    named = error_owner(exc.message)
    if named is None or named[0] in BUILTIN_OWNERS or named[0].startswith("_"):
        return None
    origin = name_origin(named[0], facts.files)
    if (origin is None or origin.kind != "library") and _instance_misuse(exc, named):
        evidence = Evidence(kind="static", text=f"{named[1]} is a query method of the ORM's manager or class, not of one object")
        return "data.orm.api_misuse", evidence
    if origin is None or origin.kind != "library":
        return None
    where = f" ({origin.path}:{origin.line})" if origin.path and origin.line else f" ({origin.path})" if origin.path else ""
    evidence = Evidence(kind="static", text=f"{named[0]} comes from the library '{origin.module}'{where}", path=origin.path, line=origin.line)
    entry = catalogue_entry(exc, facts)
    if entry is not None and not entry.root_cause.startswith("xfile."):
        return entry.root_cause, evidence
    root_cause = _MISUSE_ROOT_CAUSE.get(origin.area or "")
    return (root_cause, evidence) if root_cause else None


#: Project code read per file when rules look for a static fact (bounded, like log lines).
MAX_CODE_CHARS = 500_000


def code_evidence(facts: Facts, pattern: re.Pattern[str], *, unless: re.Pattern[str] | None = None) -> Evidence | None:
    """The first line of the run's code (``facts.files``) that ``pattern`` matches, as static
    evidence with file and line; None when no file matches or some file matches ``unless``."""
    found = None
    for path, text in facts.files.items():
        if not isinstance(text, str):
            continue
        text = text[:MAX_CODE_CHARS]
        if unless is not None and unless.search(text):
            return None
        m = pattern.search(text) if found is None else None
        if m:
            line = text.count("\n", 0, m.start()) + 1
            found = Evidence(kind="static", text=text.splitlines()[line - 1].strip()[:200], path=path, line=line)
    return found


def failing_with(facts: Facts, statuses: Iterable[int]) -> list[RequestResult]:
    """Failing requests answered one of ``statuses``."""
    wanted = set(statuses)
    return [r for r in facts.failing_requests if r.status in wanted]


#: Exception types a test runner raises for a failed assertion (not the server's errors).
TEST_ASSERTIONS = ("AssertionError", "JestAssertionError")


def server_quiet(facts: Facts, *, allowed: re.Pattern[str] | None = None, assertions: tuple[str, ...] = TEST_ASSERTIONS, tolerated: Iterable[str] = ()) -> bool:
    """Whether the run holds no exception to explain: only warnings, test assertions (types starting
    with one of ``assertions``), types in ``tolerated`` and errors whose ``type: message`` ``allowed`` matches."""
    tolerated = frozenset(tolerated)
    for e in facts.exceptions:
        if e.short_type.endswith("Warning") or (assertions and e.short_type.startswith(assertions)) or e.short_type in tolerated:
            continue
        if allowed is not None and allowed.search(f"{e.short_type}: {e.message[:500]}"):
            continue
        return False
    return True


def run_failed(facts: Facts, *, assertions: tuple[str, ...] = TEST_ASSERTIONS) -> bool:
    """Whether the run shows a failure: a failing request, a failed test, or a test's assertion error."""
    return bool(
        facts.failing_requests
        or any(t.outcome in ("failed", "error") for t in facts.tests)
        or any(e.short_type.startswith(assertions) for e in facts.exceptions)
    )
