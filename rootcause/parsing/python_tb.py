"""Python tracebacks in server logs: frames, exception lines, chains, SyntaxError carets.

Handles tracebacks cut at the top (a log tail starting mid-traceback), messages running over
several lines (SQLAlchemy's ``[SQL: ...]`` blocks), and "direct cause" / "during handling" chains.
"""

from __future__ import annotations

import re

from rootcause.parsing.frames import ExceptionInfo, Frame, library_of

_HEADER = "Traceback (most recent call last):"
_FRAME = re.compile(r'^\s*File "(?P<path>[^"\n]{1,1000})", line (?P<line>\d{1,9})(?:, in (?P<func>\S.{0,300}))?\s*$')
# An exception line: a dotted identifier, optionally followed by ": message". Bounded quantifiers only.
_EXC = re.compile(r"^(?P<type>[A-Za-z_][\w]{0,100}(?:\.[A-Za-z_]\w{0,100}){0,8})(?::[ ]?(?P<msg>.*))?$")
_CAUSE = "The above exception was the direct cause of the following exception:"
_CONTEXT = "During handling of the above exception, another exception occurred:"
_CONTINUATION = re.compile(r"^(?:\[SQL: |\[parameters: |\(Background on this error|HINT:|DETAIL:|LINE \d+:|\s{2,}\S)")
_ERRORISH = re.compile(r"(?:Error|Exception|Warning|Exit|Interrupt|Found|Operation|Greenlet|NotReady|Iteration|Returned|DoesNotExist|Violation|Http404)$")
_CLASS_NAME = re.compile(r"^[A-Z][A-Za-z0-9]*[a-z][A-Za-z0-9]*$")


def _is_exception_line(line: str) -> re.Match[str] | None:
    if not line or line[0].isspace():
        return None
    m = _EXC.match(line)
    if not m:
        return None
    dotted = m.group("type")
    name = dotted.rsplit(".", 1)[-1]
    if _ERRORISH.search(name):
        return m
    # Otherwise only a module-qualified class name ("psycopg.errors.UniqueViolation",
    # "jwt.exceptions.ExpiredSignature") with a message: "INFO: ..." is a log line, not an exception.
    if "." in dotted and m.group("msg") is not None and _CLASS_NAME.match(name):
        return m
    return None


def parse_python_tracebacks(text: str | list[str], source: str | None = None) -> tuple[list[ExceptionInfo], set[int]]:
    """Every Python exception printed in ``text``, in print order, and the 0-based line indexes used."""
    lines = text if isinstance(text, list) else text.splitlines()
    found: list[ExceptionInfo] = []
    used: set[int] = set()
    i, n = 0, len(lines)
    pending_chain: str | None = None
    last_end = -1  # index just after the last exception's message
    while i < n:
        line = lines[i]
        stripped = line.strip()
        if stripped in (_CAUSE, _CONTEXT):
            pending_chain = "cause" if stripped == _CAUSE else "context"
            used.add(i)
            i += 1
            continue
        is_header = stripped.endswith(_HEADER) and len(stripped) - len(_HEADER) < 200
        frame_start = _FRAME.match(line)
        if not (is_header or frame_start):
            i += 1
            continue
        start = i
        if is_header:
            i += 1
        frames: list[Frame] = []
        syntax: tuple[str, int, str] | None = None
        exc_match = None
        while i < n:
            line = lines[i]
            fm = _FRAME.match(line)
            if fm:
                code = None
                j = i + 1
                # Code line(s) and caret lines sit indented under the frame line.
                while j < n and lines[j].startswith("    ") and not _FRAME.match(lines[j]):
                    text_j = lines[j].strip()
                    if code is None and text_j and set(text_j) - set("^~ "):
                        code = text_j
                    j += 1
                path, lineno = fm.group("path"), int(fm.group("line"))
                if fm.group("func") is None:
                    syntax = (path, lineno, code or "")
                frames.append(Frame(path=path, line=lineno, function=fm.group("func"), code=code, library=library_of(path)))
                i = j
                continue
            exc_match = _is_exception_line(line)
            if exc_match or not line.strip() or not line.startswith(" "):
                break
            i += 1
        if exc_match is None:
            # Frames with no exception line: either cut off, or frames printed after an exception
            # as context (FastAPI prints the endpoint's frame after a ResponseValidationError).
            if found and frames and not is_header and last_end >= 0 and all(not lines[k].strip() for k in range(last_end, start)):
                prev = found[-1]
                found[-1] = ExceptionInfo(
                    type=prev.type,
                    message=prev.message,
                    frames=prev.frames + tuple(frames),
                    language=prev.language,
                    source=prev.source,
                    line=prev.line,
                    properties=prev.properties,
                    chained=prev.chained,
                    syntax=prev.syntax,
                )
            used.update(range(start, i))
            if i == start:
                i += 1
            continue
        exc_line = i
        message = exc_match.group("msg") or ""
        i += 1
        extra = 0
        while i < n and extra < 12 and lines[i].strip() and _CONTINUATION.match(lines[i]) and not _FRAME.match(lines[i]):
            message += "\n" + lines[i].strip()
            i += 1
            extra += 1
        if pending_chain and found:
            prev = found[-1]
            found[-1] = ExceptionInfo(
                type=prev.type,
                message=prev.message,
                frames=prev.frames,
                language=prev.language,
                source=prev.source,
                line=prev.line,
                properties=prev.properties,
                chained=pending_chain,
                syntax=prev.syntax,
            )
        pending_chain = None
        found.append(
            ExceptionInfo(
                type=exc_match.group("type"),
                message=message.strip(),
                frames=tuple(frames),
                language="python",
                source=source,
                line=exc_line + 1,
                syntax=syntax if exc_match.group("type").rsplit(".", 1)[-1] in _SYNTAX_TYPES else None,
            )
        )
        used.update(range(start, i))
        last_end = i
    return found, used


_SYNTAX_TYPES = {"SyntaxError", "IndentationError", "TabError"}
