"""The shapes error text takes in the wild, turned into the evidence the rules read.

Logs reach rootcause pasted, wrapped and prefixed: behind docker-compose / honcho prefixes
(``web_1  | ``), CI timestamps and log levels, as JSON log lines (pino, structlog), inside
markdown fences, HTML-escaped, as Django's debug page, or as one bare line
(``sqlalchemy.exc.OperationalError: ...``) with no traceback around it. Test harnesses report
failures in their own words (``Expected 201 but got 400 for ...``, supertest's
``expected 200 "OK", got 404 "Not Found"``, ``FAILED tests/x.py::test - KeyError: 'id'``).

Two stages, both line-count preserving where they can be:
:func:`normalise_lines` turns a text into plain lines (prefixes, fences, HTML, JSON expanded);
the ``parse_*`` functions read those lines into exceptions, requests and tests. Every pattern
is anchored or bounded and runs on lines already cut to ``MAX_LINE`` characters.
"""

from __future__ import annotations

import html
import json
import re
from http import HTTPStatus

from rootcause.parsing.frames import ExceptionInfo, Frame, library_of
from rootcause.parsing.lines import MAX_LINE, strip_ansi
from rootcause.records import RequestResult, TestResult

# --- normalisation ------------------------------------------------------------------------

#: A process-manager prefix: docker compose (``web-1  | ``, ``web_1  | ``), honcho (``12:00:01 web.1  | ``).
#: concurrently's ``[api] `` / ``[0] `` is the bracketed form.
_COMPOSE = re.compile(r"^(?:\d{2}:\d{2}:\d{2}\s{1,4})?(?:(?P<name>[A-Za-z][\w.-]{0,40}(?:[._-]\d{1,3})?)\s{0,12}\| ?|\[(?P<bracket>[\w.-]{1,30})\] )")
#: A timestamp at the start of a line: ISO 8601 (CI runners), ``2026-12-06 21:10:09,568``, ``[...]``.
_TIMESTAMP = re.compile(r"^\[?\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})?\]?(?: - [0-9a-f]{16,64} -)?\s{1,4}")
#: A log level (with an optional timestamp after it) at the start of a line, as loggers print it.
_LEVEL = re.compile(
    r"^\[?(?:TRACE|DEBUG|INFO|WARN|WARNING|ERROR|CRITICAL|FATAL|error|warn|info)\]?(?::| -)?\s{1,8}"
    r"(?=\d{4}-\d{2}-\d{2}|\S)"
)
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)[\w+-]{0,20}\s*$")
_ENTITY = re.compile(r"&(?:quot|lt|gt|amp|apos|#39|#x27|#34|#x22|#x2F|#47|nbsp);")
_HTML_DOC = re.compile(r"<(?:!doctype html|html|body|table|pre|div|textarea)\b", re.IGNORECASE)
_BLOCK_TAGS = re.compile(r"<(?:br|/?p|/?tr|/?pre|/?div|/?li|/?h\d|/?table|/?textarea|/?title|/?ul|/?ol)\b[^>]{0,400}>", re.IGNORECASE)
_CELL_END = re.compile(r"</t[hd]>\s*", re.IGNORECASE)
_DROP_BLOCKS = re.compile(r"<(script|style)\b[^>]{0,400}>.{0,200000}?</\1>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^<>]{0,2000}>")
_JSON_MESSAGE_KEYS = ("msg", "message", "event", "error", "err", "exception", "exc_info", "stack", "stacktrace", "traceback")
MAX_JSON_LINE = 200_000
MAX_HTML_SCRIPT_SCAN = 2_000_000
MAX_EXPANDED_LINES = 400


def normalise_text(text: str) -> str:
    """The text as a reader would see it: no ANSI colour, HTML turned back into text."""
    text = strip_ansi(text)
    head = text[:4000]
    if _HTML_DOC.search(head) and ("</" in head or text.count("</") > 3):
        text = html_to_text(text)
    elif "&" in text and _ENTITY.search(text):
        text = html.unescape(text)
    return text


def html_to_text(text: str) -> str:
    """An HTML page (Django's debug page, an error page) as lines of text; table cells joined by a space."""
    if len(text) <= MAX_HTML_SCRIPT_SCAN:  # a lazy scan per <script>: bounded, so only on pages of a sane size
        text = _DROP_BLOCKS.sub("\n", text)
    text = _CELL_END.sub(" ", text)
    text = _BLOCK_TAGS.sub("\n", text)
    text = _TAG.sub("", text)
    return html.unescape(text)


def strip_prefix(line: str, compose: frozenset[str] = frozenset()) -> str:
    """``line`` without a process-manager prefix (of a name in ``compose``), a leading timestamp,
    or a log level next to a timestamp (``ERROR 2026-12-06 21:10:10,730 got exception:``)."""
    for _ in range(3):
        before = line
        m = _COMPOSE.match(line)
        if m and _compose_name(m) in compose:
            line = line[m.end() :]
        m = _LEVEL.match(line)
        if m and _TIMESTAMP.match(line[m.end() :]):
            line = line[m.end() :]
        m = _TIMESTAMP.match(line)
        if m:
            line = line[m.end() :]
            if (m := _LEVEL.match(line)) and line[: m.end()].strip(" :-[]").isupper():
                line = line[m.end() :]
        if line == before:
            break
    return line


def _compose_name(m: re.Match[str]) -> str:
    return m.group("name") or f"[{m.group('bracket')}]"


def compose_names(lines: list[str]) -> frozenset[str]:
    """Process names that prefix many lines (``web_1  | ``, ``[api] ``): a name counts when it starts at least
    three lines or a fifth of the non-empty ones, so a lone ``a | b`` in a log is left alone."""
    counts: dict[str, int] = {}
    nonempty = 0
    for line in lines:
        if not line.strip():
            continue
        nonempty += 1
        m = _COMPOSE.match(line)
        if m:
            name = _compose_name(m)
            counts[name] = counts.get(name, 0) + 1
    return frozenset(name for name, count in counts.items() if count >= 3 or (count >= 2 and count * 5 >= nonempty))


def expand_json_line(line: str) -> list[str] | None:
    """The message and error text a JSON log line holds (pino, structlog, python-json-logger), or None."""
    stripped = line.strip()
    if not (stripped.startswith("{") and stripped.endswith("}")) or len(stripped) > MAX_JSON_LINE:
        return None
    try:
        record = json.loads(stripped)
    except (ValueError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    out: list[str] = []
    for key in _JSON_MESSAGE_KEYS:
        value = record.get(key)
        if isinstance(value, str) and value.strip():
            out.extend(value.splitlines())
        elif isinstance(value, list):  # structlog's dict tracebacks: [{exc_type, exc_value, frames}, ...]
            for item in value[:10]:
                if isinstance(item, dict) and isinstance(item.get("exc_type"), str):
                    out.append(f"{item['exc_type']}: {item.get('exc_value') or ''}".rstrip(": "))
        elif isinstance(value, dict):  # pino's serialized error: {type, message, stack, code}
            stack = value.get("stack")
            if isinstance(stack, str) and stack.strip():
                out.extend(stack.splitlines())
            elif isinstance(value.get("message"), str):
                name = value.get("type") or value.get("name") or "Error"
                out.append(f"{name}: {value['message']}")
            for prop in ("code", "sql", "detail"):
                if isinstance(value.get(prop), (str, int)):
                    out.append(f"    {prop}: '{value[prop]}'")
    return [o[:MAX_LINE] for o in out[:MAX_EXPANDED_LINES]] or None


def normalise_lines(text: str) -> list[str]:
    """Plain lines of ``text``: prefixes stripped, fences blanked, JSON log lines followed by their text."""
    out: list[str] = []
    full_lines = normalise_text(text).splitlines()
    raw_lines = [raw[:MAX_LINE] for raw in full_lines]
    compose = compose_names(raw_lines)
    for line, full in zip(raw_lines, full_lines, strict=False):
        if _FENCE.match(line):
            out.append("")
            continue
        line = strip_prefix(line, compose)
        out.append(line)
        if line[:1] == "{":
            # The JSON line stays (access-log readers parse it); its message and error follow it as text.
            # A long one is expanded from the whole line, not the cut one.
            whole = full[full.index("{") :] if len(full) > MAX_LINE else line
            out.extend(expand_json_line(whole) or ())
    return out


# --- exceptions without a traceback around them -------------------------------------------------

_ERROR_NAME = r"(?:Error|Exception|Violation|Warning|Timeout|NotFound|DoesNotExist|Denied|Refused|Greenlet|NotSupported|Invalid\w{0,30})"
#: ``pkg.mod.SomeError: message`` anywhere in a line (quoted in a sentence, after a log prefix).
_BARE = re.compile(
    rf"(?:^|(?<=[\s'\"`(\[]))(?P<type>(?:[a-z_][a-z0-9_]{{0,40}}\.){{0,6}}[A-Z][A-Za-z0-9_]{{0,80}}{_ERROR_NAME}|Error|Exception)(?::[ ]?(?P<msg>\S.{{0,1500}}))"
)
#: Names that are too generic to be an exception by themselves when nothing else says so.
_WEAK = frozenset({"Error", "Exception", "Warning"})


def parse_bare_exceptions(lines: list[str], skip: set[int], source: str | None, language: str | None = None) -> list[ExceptionInfo]:
    """Exception lines that no traceback or stack parser claimed: ``Type: message`` on a line of its own or quoted."""
    found: list[ExceptionInfo] = []
    seen: set[tuple[str, str]] = set()
    for index, line in enumerate(lines):
        if index in skip or ":" not in line:
            continue
        m = _BARE.search(line)
        if not m:
            continue
        exc_type, message = m.group("type"), (m.group("msg") or "").strip()
        opener = line[m.start() - 1] if m.start() > 0 else ""
        closer = {"'": "'", '"': '"', "`": "`", "(": ")", "[": "]"}.get(opener)
        if closer and message.endswith(closer):  # quoted in a sentence: drop the closing quote
            message = message[:-1].rstrip()
        if exc_type in _WEAK and m.start() > 0:
            continue
        key = (exc_type, message[:200])
        if key in seen:
            continue
        seen.add(key)
        lang = language or _language_of(exc_type, line)
        found.append(ExceptionInfo(type=exc_type, message=message, language=lang, source=source, line=index + 1))
    return found


def _language_of(exc_type: str, line: str) -> str:
    if "." in exc_type and exc_type[:1].islower():
        return "python"
    if exc_type.startswith("Sequelize") or "ERR_" in line or ".js" in line or ".ts" in line:
        return "node"
    return "python"


# --- Django's debug page (HTML or text) -----------------------------------------------------

_DJ_TYPE = re.compile(r"^\s{0,8}Exception Type:\s{0,8}(?P<type>[A-Za-z_][\w.]{0,200})(?: at (?P<url>\S{1,500}))?\s*$")
_DJ_VALUE = re.compile(r"^\s{0,8}Exception Value:\s{0,8}(?P<msg>.{0,3000})$")
_DJ_LOCATION = re.compile(r"^\s{0,8}Exception Location:\s{0,8}(?P<path>[^,]{1,1000}), line (?P<line>\d{1,9}), in (?P<func>\S{1,200})")
_DJ_FRAME = re.compile(r'^\s{0,8}File "(?P<path>[^"\n]{1,1000})"(?:, line (?P<line>\d{1,9}),)? in (?P<func>\S{1,200})\s*$')
_DJ_NUMBERED = re.compile(r"^\s{0,16}(?P<line>\d{1,9})\. (?P<code>.{0,500})$")


_DJ_TITLE = re.compile(
    rf"^(?P<type>[A-Z][A-Za-z0-9_]{{0,80}}{_ERROR_NAME}|[A-Z][A-Za-z0-9_]{{0,80}}(?:Returned|NotReady|DoesNotExist|Operation|Http404)) at (?P<url>/\S{{0,500}})\s*$"
)


def _join_django_labels(lines: list[str]) -> list[str]:
    """Django's HTML page rendered as text puts ``Exception Type:`` and its value on separate lines; join them."""
    out = list(lines)
    for i, line in enumerate(lines):
        if line.strip() in ("Exception Type:", "Exception Value:", "Exception Location:"):
            for j in range(i + 1, min(len(lines), i + 4)):
                if lines[j].strip():
                    out[i] = f"{line.strip()} {lines[j].strip()}"
                    break
    return out


def parse_django_debug(lines: list[str], source: str | None) -> list[ExceptionInfo]:
    """The exception of a Django debug page: ``Exception Type/Value/Location`` with its frames,
    or the page's title line (``TypeError at /api/tags``) followed by the message."""
    if not any("Exception Type:" in line or " at /" in line for line in lines):
        return []
    lines = _join_django_labels(lines)
    found: list[ExceptionInfo] = []
    i, n = 0, len(lines)
    frames: list[Frame] = []
    while i < n:
        fm = _DJ_FRAME.match(lines[i])
        if fm:
            lineno = fm.group("line")
            code = None
            if lineno is None and i + 1 < n and (nm := _DJ_NUMBERED.match(lines[i + 1])):
                lineno, code = nm.group("line"), nm.group("code").strip()
            path = fm.group("path")
            frames.append(Frame(path=path, line=int(lineno) if lineno else None, function=fm.group("func"), code=code, library=library_of(path)))
            i += 1
            continue
        tm = _DJ_TYPE.match(lines[i])
        if not tm:
            title = _DJ_TITLE.match(lines[i].strip())
            if title and not any(e.type == title.group("type") for e in found):
                message = next((lines[j].strip() for j in range(i + 1, min(n, i + 4)) if lines[j].strip() and not lines[j].strip().startswith("at /")), "")
                if message.startswith("Request Method"):
                    message = ""
                found.append(ExceptionInfo(type=title.group("type"), message=message, language="python", source=source, line=i + 1))
            i += 1
            continue
        message, location = "", None
        for j in range(i + 1, min(n, i + 4)):
            if vm := _DJ_VALUE.match(lines[j]):
                message = vm.group("msg").strip()
                # An HTML page puts a long value on the following lines.
                k = j + 1
                while not message and k < min(n, j + 4):
                    message = lines[k].strip()
                    k += 1
            if lm := _DJ_LOCATION.match(lines[j]):
                location = lm
        if location is not None and not any(f.path == location.group("path") for f in frames):
            path = location.group("path")
            frames.append(Frame(path=path, line=int(location.group("line")), function=location.group("func"), library=library_of(path)))
        exc_type = tm.group("type")
        found = [e for e in found if not (e.type == exc_type and not e.frames and (not e.message or e.message == message))]
        if not any(e.type == exc_type and e.message == message for e in found):
            found.append(ExceptionInfo(type=exc_type, message=message, frames=tuple(frames), language="python", source=source, line=i + 1))
        frames = []
        i += 1
    return found


# --- TypeScript and bundler errors ------------------------------------------------------------

_TSC = re.compile(
    r"^(?P<path>[^\s(:][^(:]{0,500}?\.(?:[cm]?tsx?|[cm]?jsx?|json))(?:\((?P<line>\d{1,9}),\d{1,9}\)|:(?P<line2>\d{1,9}):\d{1,9})"
    r"(?::| -) error (?P<code>TS\d{3,5}): (?P<msg>.{0,2000})$"
)
_TSC_BARE = re.compile(r"(?:^|\s)error (?P<code>TS\d{3,5}): (?P<msg>.{1,2000})$")
_ESBUILD = re.compile(r"^\s{0,4}(?:✘ )?\[ERROR\] (?P<msg>.{1,2000})$")
_ESBUILD_AT = re.compile(r"^\s{2,12}(?P<path>[^\s:]{1,500}\.[cm]?[jt]sx?):(?P<line>\d{1,9}):\d{1,9}:\s*$")


def parse_typescript_errors(lines: list[str], source: str | None) -> list[ExceptionInfo]:
    """``tsc`` diagnostics (``file.ts(3,5): error TS2307: ...``) and esbuild ``[ERROR]`` blocks."""
    found: list[ExceptionInfo] = []
    for index, line in enumerate(lines):
        if "error" not in line and "ERROR" not in line:
            continue
        m = _TSC.match(line.strip())
        if m:
            lineno = m.group("line") or m.group("line2")
            frame = Frame(path=m.group("path"), line=int(lineno), library=library_of(m.group("path")))
            found.append(
                ExceptionInfo(
                    type=m.group("code"),
                    message=m.group("msg").strip(),
                    frames=(frame,),
                    language="node",
                    source=source,
                    line=index + 1,
                    properties={"code": m.group("code")},
                )
            )
            continue
        m = _TSC_BARE.search(line)
        if m:
            found.append(
                ExceptionInfo(
                    type=m.group("code"), message=m.group("msg").strip(), language="node", source=source, line=index + 1, properties={"code": m.group("code")}
                )
            )
            continue
        m = _ESBUILD.match(line)
        if m:
            frames: tuple[Frame, ...] = ()
            for j in range(index + 1, min(len(lines), index + 4)):
                if am := _ESBUILD_AT.match(lines[j]):
                    frames = (Frame(path=am.group("path"), line=int(am.group("line")), library=library_of(am.group("path"))),)
                    break
            found.append(ExceptionInfo(type="EsbuildError", message=m.group("msg").strip(), frames=frames, language="node", source=source, line=index + 1))
    return found


# --- failing requests as test harnesses and clients print them ----------------------------------

_METHOD = r"(?P<method>GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS)"
_STATUS_PATTERNS: tuple[re.Pattern[str], ...] = (
    # a harness: "Expected 201 but got 400 for user registration {...}"
    re.compile(
        r"\b[Ee]xpected (?:status(?: code)? )?(?P<expected>[1-5]\d\d)\b[^\n]{0,40}?\b(?:but )?(?:got|received|was)(?: status(?: code)?)? (?P<status>[1-5]\d\d)\b(?:[^\n]{0,10}? for (?P<name>.{1,200}))?"
    ),
    # supertest: 'expected 200 "OK", got 404 "Not Found"'
    re.compile(r"\bexpected (?P<expected>[1-5]\d\d) \"[^\"]{0,60}\", got (?P<status>[1-5]\d\d)\b"),
    # jest / chai: "Expected: 201 / Received: 400" handled below; chai: "expected 404 to equal 200"
    re.compile(r"\bexpected (?P<status>[1-5]\d\d) to (?:equal|be|eql) (?P<expected>[1-5]\d\d)\b"),
    # pytest's assertion rewriting: "assert 404 == 201" (actual first, as tests are usually written)
    re.compile(r"\bassert (?P<status>[1-5]\d\d) == (?P<expected>[1-5]\d\d)\b"),
    # requests / httpx: "401 Client Error: Unauthorized for url: http://host/path"
    re.compile(r"\b(?P<status>[45]\d\d) (?:Client|Server) Error: [^\n]{0,80}? for url: (?P<url>\S{1,500})"),
    re.compile(r"\bClient error '(?P<status>[45]\d\d) [^']{0,60}' for url '(?P<url>[^']{1,500})'"),
    # a harness: "POST /entries not 201: 200 OK"
    re.compile(rf"{_METHOD} (?P<path>/\S{{0,500}}) not (?P<expected>[1-5]\d\d): (?P<status>[1-5]\d\d)\b"),
    # a harness's "not ok" or "with status code N" lines ("POST 'http://host/x' not ok: 500", "POST /x ARGS failed: 400"),
    # and a client's "POST /x -> 422 Unprocessable Entity"
    re.compile(
        rf"(?:{_METHOD} (?:(?P<path>/\S{{0,500}})|'(?P<url>https?://[^'\s]{{1,500}})')(?: [^\n]{{1,120}}?)? )?(?:not ok|failed|->|→|returned|responded)(?::| with)? (?:status(?: code)? )?(?P<status>[1-5]\d\d)\b"
    ),
    re.compile(r"\bwith status(?: code)? (?P<status>[1-5]\d\d)\b"),
    re.compile(r"\b(?:fail(?:ed|ure|s)?|error|not ok)\b[^\n]{0,200}?\bstatus(?:_code| code)?[=:] ?(?P<status>[45]\d\d)\b", re.IGNORECASE),
    # a client that got nothing back: "GET /api/tags -> no response", "GET http://host:5000/x -> no response (...)"
    re.compile(rf"^{_METHOD} (?:(?P<path>/\S{{0,500}})|(?P<url>https?://\S{{1,500}})) (?:->|→) (?P<status>no response)\b"),
    # a harness: "Expected 200 but got no response for GET /health"
    re.compile(r"\b[Ee]xpected (?P<expected>[1-5]\d\d)\b[^\n]{0,40}?\bbut got (?P<status>no response)\b(?:[^\n]{0,10}? for (?P<name>.{1,200}))?"),
    re.compile(r"\bgot (?P<status>[1-5]\d\d) response\b"),
)
_JEST_EXPECTED = re.compile(r"^\s{0,12}Expected:?\s{1,8}(?P<expected>[1-5]\d\d)\s*$")
_JEST_RECEIVED = re.compile(r"^\s{0,12}Received:?\s{1,8}(?P<status>[1-5]\d\d)\s*$")
#: A status line alone: "422 Unprocessable Entity", "HTTP/1.1 405 Method Not Allowed".
_STATUS_LINE = re.compile(r"^\s{0,8}(?:HTTP/\d(?:\.\d)? )?(?P<status>[1-5]\d\d) (?P<reason>[A-Z][A-Za-z' -]{1,40})\s*$")
_REASONS = frozenset(s.phrase.lower() for s in HTTPStatus)
#: A client's connection that nobody accepted, as a test prints it (only read in the test output:
#: in a server log the same words are the server's own connection to its database).
_CLIENT_REFUSED = re.compile(
    r"\b(?:fetch failed|ECONNREFUSED|Connection refused|Failed to establish a new connection|connect: connection refused)\b", re.IGNORECASE
)
_TIMEOUT = re.compile(
    r"(?:Read timed out|timed out after|Timeout of \d{1,9}ms exceeded|did not finish within \d{1,6} seconds|ETIMEDOUT|ESOCKETTIMEDOUT|socket hang up)",
    re.IGNORECASE,
)


def parse_status_signals(lines: list[str], source: str | None) -> list[RequestResult]:
    """Failing requests that a harness, test runner or client printed, with expected and actual status.

    A request counts as failing when it got an error status (4xx/5xx) or a status other than
    the one expected, or never answered in time. Successful ones are not reported.
    """
    out: list[RequestResult] = []
    pending_expected: int | None = None
    for index, line in enumerate(lines):
        if not line or len(line) < 5:
            continue
        if jm := _JEST_EXPECTED.match(line):
            pending_expected = int(jm.group("expected"))
            continue
        if pending_expected is not None and (rm := _JEST_RECEIVED.match(line)):
            _add(out, index, line, status=int(rm.group("status")), expected=pending_expected)
            pending_expected = None
            continue
        if sm := _STATUS_LINE.match(line):
            if sm.group("reason").strip().lower() in _REASONS and int(sm.group("status")) >= 400:
                _add(out, index, line, status=int(sm.group("status")))
            continue
        for pattern in _STATUS_PATTERNS:
            m = pattern.search(line)
            if not m:
                continue
            groups = m.groupdict()
            if groups["status"] == "no response":
                expected = int(groups["expected"]) if groups.get("expected") else None
                path = groups.get("path") or _path_of(groups.get("url"))
                _add(out, index, line, status=None, expected=expected, method=groups.get("method"), path=path, name=groups.get("name"))
                break
            status = int(groups["status"])
            expected = int(groups["expected"]) if groups.get("expected") else None
            if expected is None and status < 400 and not (300 <= status < 400 and groups.get("method") and groups.get("path")):
                break  # a success; a redirect the client did not follow counts (a trailing-slash mismatch shows so)
            if expected is not None and expected == status:
                break
            path = groups.get("path") or _path_of(groups.get("url"))
            _add(out, index, line, status=status, expected=expected, method=groups.get("method"), path=path, name=groups.get("name"))
            break
        else:
            if _TIMEOUT.search(line) or (source == "test_output" and _CLIENT_REFUSED.search(line)):
                _add(out, index, line, status=None)
    return out


def _path_of(url: str | None) -> str | None:
    if not url:
        return None
    m = re.match(r"https?://[^/\s]{1,200}(?P<path>/\S{0,500})?", url)
    return (m.group("path") or "/") if m else url


def _add(
    out: list[RequestResult],
    index: int,
    line: str,
    *,
    status: int | None,
    expected: int | None = None,
    method: str | None = None,
    path: str | None = None,
    name: str | None = None,
) -> None:
    label = (name or path or line.strip())[:200].strip()
    message = line.strip()[:300]
    if out and out[-1].messages == (message,):
        return  # the same line read twice (two patterns or a repeated print)
    out.append(RequestResult(name=label, method=method, status=status, failed=1, url=path, expected_status=expected, messages=(message,), position=len(out)))


# --- test-runner summaries ------------------------------------------------------------------

_PYTEST_SUMMARY = re.compile(r"^(?P<outcome>FAILED|ERROR) (?P<test>\S{1,500}?)(?: - (?P<msg>.{0,2000}))?$")
_UNITTEST = re.compile(r"^(?P<outcome>FAIL|ERROR): (?P<test>\S{1,300}) \((?P<where>[\w.]{1,300})\)")
_JEST_CASE = re.compile(r"^\s{0,8}● (?P<test>.{1,500})$")
#: jest's per-test line in a suite's listing: ``✕ latest articles are newest first (175 ms)``.
_JEST_CROSS = re.compile(r"^\s{0,12}[✕×] (?P<test>.{1,500}?)(?: \(\d{1,7} ?m?s\))?\s*$")
_MOCHA_CASE = re.compile(r"^\s{0,8}\d{1,4}\) (?P<test>.{1,500}?):?$")
_HARNESS_FAILED = re.compile(r"^(?:Functional test )?(?P<test>[\w.:/-]{1,200}) failed\.?$")


def parse_test_summaries(lines: list[str], source: str | None) -> list[TestResult]:
    """Failing tests from pytest short summaries, unittest ``FAIL:``/``ERROR:`` blocks, jest ``●`` headings (or its
    ``✕`` lines when no heading details them) and harness ``<test> failed`` lines."""
    out: list[TestResult] = []
    seen: set[str] = set()
    sections = _pytest_sections(lines)
    # jest lists a failed test as "✕ name" and details it under "● suite › name": the details win.
    detailed = [m.group("test").strip() for line in lines if (m := _JEST_CASE.match(line))]
    for index, line in enumerate(lines):
        test: str | None = None
        outcome, message, details = "failed", None, None
        if m := _PYTEST_SUMMARY.match(line):
            test, outcome, message = m.group("test"), "failed" if m.group("outcome") == "FAILED" else "error", m.group("msg")
            details = sections.get(test.split("::")[-1].split("[")[0])
        elif m := _UNITTEST.match(line):
            test, outcome = f"{m.group('where')}.{m.group('test')}", "failed" if m.group("outcome") == "FAIL" else "error"
            message = _next_exception_line(lines, index)
        elif (m := _JEST_CASE.match(line)) and not m.group("test").startswith("Console"):
            test, outcome = m.group("test").strip(), "failed"
            message = _next_nonblank(lines, index)
            details = _jest_block(lines, index)
        elif m := _HARNESS_FAILED.match(line.strip()):
            test, outcome = m.group("test"), "failed"
        elif (m := _JEST_CROSS.match(line)) and not any(d.endswith(m.group("test")) for d in detailed):
            test, outcome = m.group("test"), "failed"
        if test is None or test in seen or test.startswith("("):
            continue
        seen.add(test)
        out.append(TestResult(name=test, outcome=outcome, message=(message or None), details=details, line=index + 1, path=source))
    return out


_PYTEST_SECTION = re.compile(r"^_{3,} (?:ERROR at setup of )?(?P<name>\S.{0,300}?) _{3,}$")


def _pytest_sections(lines: list[str]) -> dict[str, str]:
    """pytest's failure sections (``____ test_name ____`` up to the next section), by test name."""
    out: dict[str, str] = {}
    name: str | None = None
    body: list[str] = []
    for line in lines:
        m = _PYTEST_SECTION.match(line)
        if m or line.startswith("====="):
            if name is not None:
                out.setdefault(name.split(".")[-1].split("[")[0], "\n".join(body[:200]))
            name, body = (m.group("name") if m else None), []
            continue
        if name is not None:
            body.append(line)
    if name is not None:
        out.setdefault(name.split(".")[-1].split("[")[0], "\n".join(body[:200]))
    return out


def _jest_block(lines: list[str], index: int, limit: int = 80) -> str:
    """A jest failure block: from its ``●`` heading to the next heading or the summary."""
    block = []
    for j in range(index + 1, min(len(lines), index + limit)):
        stripped = lines[j].strip()
        if stripped.startswith("● ") or stripped.startswith("Test Suites:"):
            break
        block.append(lines[j])
    return "\n".join(block)


def _next_nonblank(lines: list[str], index: int) -> str | None:
    for j in range(index + 1, min(len(lines), index + 6)):
        if lines[j].strip():
            return lines[j].strip()[:500]
    return None


def _next_exception_line(lines: list[str], index: int) -> str | None:
    """The exception line closing a unittest block (the last ``Type: msg`` before the next separator)."""
    last = None
    for j in range(index + 1, min(len(lines), index + 200)):
        text = lines[j]
        if text.startswith(("=====", "-----")) and j > index + 2:
            break
        if text and not text[0].isspace() and _BARE.match(text):
            last = text.strip()[:500]
    return last


# --- harness lines about the server itself ------------------------------------------------------

SERVER_DID_NOT_START = re.compile(
    r"(?:Server did not start|server (?:never|did not) (?:start|come up|become reachable)|exited with code [1-9]\d{0,3} before becoming reachable|"
    r"Server process exited with code [1-9]|failed to start the server|Application startup failed|Worker failed to boot)",
    re.IGNORECASE,
)
