"""Small helpers rules share: find exceptions, lines and requests, and build verdicts."""

from __future__ import annotations

import re
from typing import Callable, Iterable

from rootcause.evidence.facts import Facts, LogLine, exception_evidence, line_evidence, request_evidence
from rootcause.evidence.frames import ExceptionInfo
from rootcause.model import Confidence, RequestResult
from rootcause.rules.base import Verdict

#: Path parts of modules that make up a project's data-access layer.
DATA_LAYER = re.compile(r"(?:^|/)(?:repositor\w*|dao|daos|db|database|models?|persistence|store|stores|data|entities|orm|crud|queries)(?:/|\.py$|\.[jt]s$|_)", re.IGNORECASE)


def find_exception(
    facts: Facts,
    *,
    names: Iterable[str] = (),
    message: re.Pattern[str] | None = None,
    where: Callable[[ExceptionInfo], bool] | None = None,
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
