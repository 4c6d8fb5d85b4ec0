"""Exceptions from pytest failure sections (``E   Type: message`` and ``path:line: Type``)."""

from __future__ import annotations

import re

from rootcause.parsing.frames import ExceptionInfo, Frame, library_of
from rootcause.records import TestResult

_E_LINE = re.compile(r"^E\s+(?P<type>[A-Za-z_][\w.]{0,200}(?:Error|Exception|Warning|Exit|Found|Operation|Greenlet))(?::\s?(?P<msg>.{0,2000}))?$")
_FRAME = re.compile(r"^(?P<path>[^\s:][^:]{0,500}):(?P<line>\d{1,9}):(?: in (?P<func>\S{1,200})| (?P<type>[\w.]{1,200}))?\s*$")


def exception_from_test(test: TestResult, source: str = "test_output") -> ExceptionInfo | None:
    """The exception a failing pytest test raised, with its frames, or None if the section has none."""
    if not test.details:
        return None
    frames: list[Frame] = []
    exc_type = message = None
    for line in test.details.splitlines():
        line = line[:2500]
        fm = _FRAME.match(line)
        if fm:
            path = fm.group("path")
            frames.append(Frame(path=path, line=int(fm.group("line")), function=fm.group("func"), library=library_of(path)))
            continue
        em = _E_LINE.match(line)
        if em and exc_type is None:
            exc_type, message = em.group("type"), (em.group("msg") or "").strip()
    if exc_type is None:
        return None
    return ExceptionInfo(type=exc_type, message=message or "", frames=tuple(frames), language="python", source=source)
