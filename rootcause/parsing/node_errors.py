"""Node.js errors in server logs: headers, ``at`` frames, property blocks, syntax carets.

Shapes handled (all as Node 18-22 print them):
``Error: msg`` followed by ``    at fn (file:line:col)`` frames; ``[Error: msg] { code: ... }``;
``EagerLoadingError [SequelizeEagerLoadingError]: msg``; property blocks ``{ name: '...', sql: '...' }``
with a nested ``parent: [Error: ...]``; and the ``file:line`` / code / caret lines printed above a
SyntaxError or an uncaught exception.
"""

from __future__ import annotations

import re

from rootcause.parsing.frames import ExceptionInfo, Frame, library_of

_HEADER = re.compile(
    r"^\s{0,8}(?:Uncaught )?(?P<bracket>\[)?(?P<type>(?:[A-Z][\w$]{0,80})?(?:Error|Exception)(?: \[[\w$]{1,80}\])?|error)"
    r"(?P<rest>(?::.*)?|\]?\s*\{?)$"
)
# ``console.error('Error fetching articles:', err)`` prints the message, then the error's own header
# (node-postgres errors print their name in lower case: ``request failed: error: invalid input syntax``).
_PREFIXED_HEADER = re.compile(
    r"^[ \t]{0,8}(?P<prefix>[^\[{\s][^\[{]{0,200}?): (?P<bracket>\[)?(?P<type>(?:[A-Z][\w$]{0,80})?(?:Error|Exception)(?: \[[\w$]{1,80}\])?|error(?=: ))"
    r"(?P<rest>(?::.*)?|\]?\s*\{?)$"
)
_AT = re.compile(r"^\s+at (?:async )?(?:(?P<func>[^()\n]{1,300}?) \()?(?P<loc>[^()\s][^()]{0,1000}?)(?::(?P<line>\d{1,9}))?(?::\d{1,9})?\)?\s*$")
_PROP = re.compile(r"^\s{1,8}(?P<key>[\w$]{1,40}): (?P<value>.*?),?\s*$")
_LOCATION = re.compile(r"^(?P<path>(?:/|[A-Za-z]:\\|file://|\./|[\w.-]+/)[^:\s]{0,1000}\.(?:[cm]?[jt]sx?)):(?P<line>\d{1,9})\s*$")
_NODE_FOOTER = re.compile(r"^Node\.js v\d")
_PROP_KEYS = ("name", "code", "errno", "sql", "parent", "original", "syscall", "path", "table", "fields", "parameters")


def _unquote(value: str) -> str:
    value = value.strip()
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"`":
        value = value[1:-1]
    return value.replace("\\'", "'").replace('\\"', '"')


def parse_node_errors(lines: list[str], skip: set[int] | None = None, source: str | None = None) -> tuple[list[ExceptionInfo], set[int]]:
    """Every Node.js error printed in ``lines`` (skipping indexes in ``skip``) and the indexes used."""
    skip = skip or set()
    found: list[ExceptionInfo] = []
    used: set[int] = set()
    i, n = 0, len(lines)
    while i < n:
        if i in skip:
            i += 1
            continue
        m = _HEADER.match(lines[i]) or _PREFIXED_HEADER.match(lines[i])
        if not m:
            i += 1
            continue
        message = _header_message(m)
        if message is None:
            i += 1
            continue
        start = i
        j = i + 1
        frames: list[Frame] = []
        props: dict[str, str] = {}
        # Some errors print a "--> in Database#get(...)" line before their frames.
        while j < n and lines[j].startswith("--> in "):
            props.setdefault("call", lines[j][len("--> in ") :].strip())
            j += 1
        # "Cannot find module" lists the requiring files before the stack.
        if j < n and lines[j].startswith("Require stack:"):
            j += 1
            while j < n and lines[j].startswith("- "):
                required_by = lines[j][2:].strip()
                frames.append(Frame(path=required_by, line=None, library=library_of(required_by)))
                j += 1
        opens_block = False
        while j < n:
            line_j = lines[j].rstrip()
            opens_block = line_j.endswith(" {")
            am = _AT.match(line_j[:-2] if opens_block else line_j)
            if not am:
                opens_block = False
                break
            loc = am.group("loc")
            frames.append(Frame(path=loc, line=int(am.group("line")) if am.group("line") else None, function=am.group("func"), library=library_of(loc)))
            j += 1
            if opens_block:
                break
        opened_on_frame = opens_block
        brace = lines[i].rstrip().endswith("{") or opened_on_frame or (j < n and lines[j].strip() == "{")
        if brace:
            if not (lines[i].rstrip().endswith("{") or opened_on_frame):
                j += 1
            depth = 1
            while j < n and depth > 0 and j - start < 400:
                line = lines[j]
                pm = _PROP.match(line)
                if pm and depth == 1 and pm.group("key") in _PROP_KEYS:
                    value = pm.group("value")
                    if value.endswith("{"):
                        value = value[:-1].strip()
                    props.setdefault(pm.group("key"), _unquote(value))
                depth += line.count("{") - line.count("}")
                j += 1
        syntax = None
        location = _find_location_above(lines, start)
        if location is not None:
            loc_index, path, lineno, code = location
            used.update(range(loc_index, start))
            if m.group("type").startswith("SyntaxError"):
                syntax = (path, lineno, code)
            if not frames:
                frames.append(Frame(path=path, line=lineno, code=code or None, library=library_of(path)))
        is_error = bool(frames or props or m.group("bracket") or location)
        if m.group("type") == "error" or "prefix" in m.groupdict():
            # Lowercase "error:" and prefixed headers are common words: only with a stack or properties.
            is_error = bool(frames or props)
        if not is_error:
            i += 1
            continue
        found.append(
            ExceptionInfo(
                type=m.group("type"),
                message=message or props.get("parent", "").strip("[] ") or props.get("original", "").strip("[] "),
                frames=tuple(frames),
                language="node",
                source=source,
                line=start + 1,
                properties=props,
                syntax=syntax,
            )
        )
        used.update(range(start, j))
        i = max(j, i + 1)
    return found, used


def _header_message(m: re.Match[str]) -> str | None:
    """The message of an error header, without a closing ``]`` or an opening ``{``; None if malformed."""
    rest = m.group("rest").rstrip()
    if rest.endswith("{"):
        rest = rest[:-1].rstrip()
    if m.group("bracket"):
        if not rest.endswith("]"):
            return None
        rest = rest[:-1]
    elif rest.endswith("]") and not rest.startswith(":"):
        return None  # "Error]" is the tail of a bracketed header, not a header; "Error: got a [object Undefined]" is one
    return rest[1:].strip() if rest.startswith(":") else rest.strip()


def _find_location_above(lines: list[str], start: int) -> tuple[int, str, int, str] | None:
    """The ``file:line`` / code / caret block Node prints above an uncaught error, if any."""
    k = start - 1
    while k >= 0 and not lines[k].strip():
        k -= 1
    # Expect a caret line, then a code line, then file:line.
    if k >= 0 and set(lines[k].strip()) <= set("^~") and lines[k].strip():
        code_index = k - 1
        loc_index = k - 2
        if loc_index >= 0:
            lm = _LOCATION.match(lines[loc_index].strip()) or re.match(r"^(?P<path>node:[\w/]+):(?P<line>\d+)$", lines[loc_index].strip())
            if lm:
                return loc_index, lm.group("path"), int(lm.group("line")), lines[code_index].strip()
    # No caret line: Node prints it blank when the offending character is not printable or wide
    # (a leaked tokenizer token), so the code line sits right under file:line.
    if k >= 1 and lines[k].strip() and (lm := _LOCATION.match(lines[k - 1].strip())):
        return k - 1, lm.group("path"), int(lm.group("line")), lines[k].strip()
    return None


def is_node_footer(line: str) -> bool:
    return bool(_NODE_FOOTER.match(line))
