"""Where a program answers an HTTP error status, and under which condition.

A refused request is explained by the statement that refused it: ``return ..., 400`` under
``if len(password) < 8``, ``res.status(409)`` under ``if (existing)``, ``abort(401)`` under a
token check. :func:`status_sites` lists those statements with the condition they run under and
a kind for that condition, so rules can ask "how can this handler answer 400?".

Python is parsed with :mod:`ast` (never imported or run). JavaScript and TypeScript are read
with bounded patterns and bracket matching: a handler is the route registration call
(``app.post('/x', ...)``) up to its closing parenthesis, and a statement's condition is the
nearest ``if``/``catch`` above it in that handler.
"""

from __future__ import annotations

import ast
import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from http import HTTPStatus

from rootcause.evidence.facts import access_evidence, request_evidence
from rootcause.records import Evidence
from rootcause.rules.match import MAX_CODE_CHARS

#: Kinds of condition, most specific first (the first pattern that matches names the kind).
GUARD_KINDS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "auth",
        re.compile(
            r"token|authori[sz]|bearer|\bjwt\b|\bauth|current_user|\bsession\b|api[_-]?key|permission|\brole\b|is_admin|\bowner|logged|check_password|verify|bcrypt|compare(?:Sync)?\(|hashpw|checkpw|credential",
            re.IGNORECASE,
        ),
    ),
    (
        "body",
        re.compile(
            r"typeof[ \t]+req(?:uest)?\.body|content[_-]?type|\bis_json\b|get_json|!req(?:uest)?\.body\b|not request\.(?:json|data|form)\b", re.IGNORECASE
        ),
    ),
    ("duplicate", re.compile(r"exist|already|duplicate|taken|\bunique|\bconflict", re.IGNORECASE)),
    (
        "validation",
        re.compile(
            r"\bre\.(?:match|fullmatch|search)\(|\.test\(|\.match\(|\bis(?:digit|alnum|alpha|numeric|decimal|upper|lower)\(|"
            r"\bregex|\bpattern|valid|\bformat|luhn|[<>]=?[ \t]*-?\d|\bincludes\(|\bisinstance\(|\btypeof\b|isnan|isinteger|isfinite|"
            r"['\"]@['\"]|\bstartswith\(|\bendswith\(|\bcount\(|\bany\(|\bnot in[ \t]+\(|\bnot in[ \t]+\[|\bnot in[ \t]+[A-Z_]{2,}",
            re.IGNORECASE,
        ),
    ),
    (
        "lookup",
        re.compile(r"\bis None\b|== ?None|===? ?(?:null|undefined)|^not \w+$|^!\w+$|\bfetchone\b|rowcount|changes ?===? ?0|\bnot found\b", re.IGNORECASE),
    ),
)

_ROUTE_METHODS = {"get", "post", "put", "patch", "delete", "route", "api_route", "all"}
_STATUS_CALLS = {"abort", "HTTPException", "JSONResponse", "Response", "make_response", "PlainTextResponse", "HTMLResponse", "ORJSONResponse", "json_response"}
_HTTP_NAME = re.compile(r"^HTTP_(\d{3})(?:_|$)")
_VALIDATORS = {"validator", "field_validator", "root_validator", "model_validator"}


@dataclass(frozen=True, slots=True)
class StatusSite:
    """One statement that answers ``status``, the condition it runs under and that condition's kind."""

    path: str
    line: int
    status: int
    guard: str  # the condition's source text; '' when the statement runs unconditionally
    kind: str  # auth | body | duplicate | validation | lookup | found | except | other
    route: str | None = None  # the route of the handler the statement is in, when known
    method: str | None = None


_BARE_NAME = re.compile(r"[A-Za-z_$][\w$]{0,60}(?:\.[A-Za-z_$][\w$]{0,60}){0,3}")


def guard_kind(guard: str) -> str:
    """The kind of a condition's source text (``other`` when no kind's pattern matches)."""
    text = guard.strip()[:400]
    if text.startswith("except") or text.startswith("catch"):
        return "except"
    for kind, pattern in GUARD_KINDS:
        if pattern.search(text):
            return kind
    if _BARE_NAME.fullmatch(text):
        return "found"  # ``if row:`` / ``if (existing)``: something was found
    return "other"


def status_sites(files: Mapping[str, object]) -> list[StatusSite]:
    """Every statement in ``files`` that answers a 4xx or 5xx status, in file and line order."""
    sites: list[StatusSite] = []
    for path, text in files.items():
        if not isinstance(text, str):
            continue
        if path.endswith(".py"):
            sites.extend(_python_sites(path, text[:MAX_CODE_CHARS]))
        elif path.endswith((".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")):
            sites.extend(_js_sites(path, text[:MAX_CODE_CHARS]))
    return sites


@dataclass(frozen=True, slots=True)
class DeclaredRoute:
    """A route the project's code declares: ``@app.get("/x")``, ``router.post('/x', ...)``, ``path("x/", view)``."""

    path: str  # the file
    line: int
    route: str
    method: str | None  # None: any method, or not known
    params_read: tuple[str, ...] | None = None  # path parameters the handler reads (JS/TS); None: not known
    empty: bool = False  # the handler's body does nothing (only comments, ``pass``, a docstring or ``...``)


_DJANGO_PATH = re.compile(r"\b(?:re_)?path\([ \t]*r?['\"](?P<route>[^'\"\n]{0,200})['\"]")


def declared_routes(files: Mapping[str, object]) -> list[DeclaredRoute]:
    """Every route ``files`` declare, in file and line order (Python parsed with ``ast``; JS/TS and
    Django URLconfs by bounded patterns). Mount prefixes are not resolved: a route is as written."""
    routes: list[DeclaredRoute] = []
    for path, text in files.items():
        if not isinstance(text, str):
            continue
        if path.endswith(".py"):
            routes.extend(_python_routes(path, text[:MAX_CODE_CHARS]))
        elif path.endswith((".js", ".mjs", ".cjs", ".ts", ".mts", ".cts")):
            text = text[:MAX_CODE_CHARS]
            for m in _JS_ROUTE.finditer(text):
                method = m["method"].upper()
                body = text[m.end() : _call_end(text, text.index("(", m.start("method")) + 1)]
                read = tuple(dict.fromkeys(_params_read(body)))
                empty = _EMPTY_JS_HANDLER.search(_JS_COMMENT.sub("", body)) is not None
                routes.append(DeclaredRoute(path, text.count("\n", 0, m.start()) + 1, m["route"], None if method == "ALL" else method, read, empty))
    return routes


_JS_COMMENT = re.compile(r"//[^\n]{0,2000}|/\*.{0,5000}?\*/", re.DOTALL)
#: A call's last argument is a function whose block is empty: ``(req, res) => { }``, ``function (req, res) { }``.
_EMPTY_JS_HANDLER = re.compile(r"(?:=>|\))[ \t\r\n]{0,50}\{[ \t\r\n]{0,2000}\}[ \t\r\n]{0,50}\)[ \t;]{0,5}$")
_PARAM_READ = re.compile(
    r"\b(?:req|request|ctx)\.params(?:\.(?P<a>[A-Za-z_$][\w$]{0,60})|\[['\"](?P<b>[\w$]{1,60})['\"]\])"
    r"|\bc\.req\.param\([ \t]*['\"](?P<c>[\w$]{1,60})['\"]"
)
_PARAMS_DESTRUCTURED = re.compile(r"\{(?P<names>[\w$\s,:]{1,300})\}[ \t]*=[ \t]*(?:req|request|ctx)\.params\b")


def _params_read(body: str) -> list[str]:
    """Names of the path parameters a JS handler's body reads (``req.params.id``, ``const { slug } = req.params``)."""
    names = [m["a"] or m["b"] or m["c"] for m in _PARAM_READ.finditer(body)]
    for m in _PARAMS_DESTRUCTURED.finditer(body):
        names.extend(part.split(":")[0].strip() for part in m["names"].split(",") if part.strip())
    return [n for n in names if n]


@functools.lru_cache(maxsize=64)
def python_tree(text: str) -> ast.Module | None:
    """``text`` parsed once for every rule that reads it (never mutate the tree); None if it does not parse."""
    try:
        return ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None


@functools.lru_cache(maxsize=64)
def _python_routes(path: str, text: str) -> tuple[DeclaredRoute, ...]:
    tree = python_tree(text)
    if tree is None:
        return ()
    routes = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            route, method = _route_of(node)
            if route is not None:
                line = min((d.lineno for d in node.decorator_list), default=node.lineno)  # the decorator names the route
                empty = all(isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)) for s in node.body)
                routes.append(DeclaredRoute(path, line, route, method, empty=empty))
    for m in _DJANGO_PATH.finditer(text):
        route = m["route"].lstrip("^").rstrip("$")
        routes.append(DeclaredRoute(path, text.count("\n", 0, m.start()) + 1, "/" + route, None))
    return tuple(sorted(routes, key=lambda r: r.line))


# ---------------------------------------------------------------------------------------------
# Python


def _int_status(node: ast.AST | None) -> int | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and not isinstance(node.value, bool) and 400 <= node.value <= 599:
        return node.value
    name = node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", None)
    if not isinstance(name, str):
        return None
    m = _HTTP_NAME.match(name)
    if m:
        return int(m.group(1))
    if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "HTTPStatus" and name in HTTPStatus.__members__:
        value = HTTPStatus[name].value
        return value if value >= 400 else None
    return None


def _call_name(call: ast.Call) -> str | None:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)


def _call_status(call: ast.Call) -> int | None:
    name = _call_name(call)
    if name not in _STATUS_CALLS:
        return None
    for kw in call.keywords:
        if kw.arg in ("status_code", "status", "code"):
            return _int_status(kw.value)
    if name in ("abort", "HTTPException") and call.args:
        return _int_status(call.args[0])
    if name == "make_response" and len(call.args) > 1:
        return _int_status(call.args[1])
    return None


def _route_of(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str | None, str | None]:
    for dec in fn.decorator_list:
        if not (isinstance(dec, ast.Call) and isinstance(dec.func, ast.Attribute) and dec.func.attr in _ROUTE_METHODS):
            continue
        if not (dec.args and isinstance(dec.args[0], ast.Constant) and isinstance(dec.args[0].value, str)):
            continue
        method: str | None = dec.func.attr.upper()
        if method in ("ROUTE", "API_ROUTE", "ALL"):
            method = None
            for kw in dec.keywords:
                if kw.arg == "methods" and isinstance(kw.value, (ast.List, ast.Tuple)) and len(kw.value.elts) == 1:
                    only = kw.value.elts[0]
                    method = only.value.upper() if isinstance(only, ast.Constant) and isinstance(only.value, str) else None
            if dec.func.attr == "route" and method is None and not any(kw.arg == "methods" for kw in dec.keywords):
                method = "GET"  # Flask's default
        return dec.args[0].value, method
    return None, None


def _guard(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> tuple[str, ast.AST | None]:
    """The condition ``node`` runs under and the function it is in."""
    child, parent = node, parents.get(node)
    guard = ""
    while parent is not None and not isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
        if not guard and isinstance(parent, ast.ExceptHandler):
            guard = "except " + (ast.unparse(parent.type) if parent.type is not None else "")
        elif not guard and isinstance(parent, ast.If):
            test = ast.unparse(parent.test)
            guard = test if child in parent.body else f"not ({test})"
        child, parent = parent, parents.get(parent)
    return guard, parent


@functools.lru_cache(maxsize=64)
def _python_sites(path: str, text: str) -> tuple[StatusSite, ...]:
    tree = python_tree(text)
    if tree is None:
        return ()
    parents: dict[ast.AST, ast.AST] = {}
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            parents[child] = node
    fastapi = re.search(r"^[ \t]*(?:from|import)[ \t]+(?:fastapi|pydantic)\b", text, re.MULTILINE) is not None
    sites = []
    for node in ast.walk(tree):
        status = None
        if isinstance(node, ast.Call):
            status = _call_status(node)
        elif isinstance(node, ast.Return) and isinstance(node.value, ast.Tuple) and len(node.value.elts) >= 2:
            status = _int_status(node.value.elts[1])
        elif fastapi and isinstance(node, ast.Raise) and node.exc is not None:
            exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
            if getattr(exc, "id", None) in ("ValueError", "AssertionError") and _in_validator(node, parents):
                sites.append(StatusSite(path, node.lineno, 422, "pydantic validator", "validation"))
            continue
        if status is None or not isinstance(node, (ast.Call, ast.Return)):
            continue
        guard, fn = _guard(node, parents)
        route, method = _route_of(fn) if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)) else (None, None)
        sites.append(StatusSite(path, node.lineno, status, guard, guard_kind(guard) if guard else "other", route, method))
    if fastapi:
        sites.extend(_field_constraints(path, text))
    return tuple(sorted(_expand_collectors(sites, text, _PY_GUARD), key=lambda s: s.line))


def _in_validator(node: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    parent = parents.get(node)
    while parent is not None and not isinstance(parent, (ast.FunctionDef, ast.AsyncFunctionDef)):
        parent = parents.get(parent)
    if parent is None:
        return False
    for dec in parent.decorator_list:
        target = dec.func if isinstance(dec, ast.Call) else dec
        name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", None)
        if name in _VALIDATORS:
            return True
    return False


_FIELD_LIMIT = re.compile(
    r"^[ \t]+(?P<field>\w{1,80})[ \t]*:[^=\n]{0,120}?(?:=[ \t]*Field\(|constr\(|conint\(|confloat\(|Annotated\[)[^\n]{0,300}?"
    r"\b(?P<limit>min_length|max_length|pattern|regex|gt|ge|lt|le|min_items|max_items)[ \t]*=[ \t]*(?P<value>[^,)\n]{1,120})",
    re.MULTILINE,
)


def _field_constraints(path: str, text: str) -> list[StatusSite]:
    """pydantic field limits (``Field(min_length=8)``, ``constr(pattern=...)``): FastAPI answers 422 when a value breaks one."""
    sites = []
    for m in _FIELD_LIMIT.finditer(text):
        guard = f"{m.group('field')}: {m.group('limit')}={m.group('value').strip()}"
        sites.append(StatusSite(path, text.count("\n", 0, m.start()) + 1, 422, guard, "validation"))
    return sites


# ---------------------------------------------------------------------------------------------
# JavaScript / TypeScript

_JS_ROUTE = re.compile(r"\b[\w$]{1,40}\.(?P<method>get|post|put|patch|delete|all)\([ \t]*['\"`](?P<route>/[^'\"`\n]{0,200})['\"`]")
_JS_STATUS = re.compile(
    r"\.(?:status|sendStatus|code)\([ \t]*(?P<a>[45]\d\d)[ \t]*\)|\bctx\.status[ \t]*=[ \t]*(?P<b>[45]\d\d)\b|\bctx\.throw\([ \t]*(?P<c>[45]\d\d)\b|"
    r"\bc\.(?:json|text|body|html)\([^\n]{0,300}?,[ \t]*(?P<d>[45]\d\d)[ \t]*\)|\bHTTPException\([ \t]*(?P<e>[45]\d\d)\b"
)
_JS_GUARD = re.compile(r"^[ \t}]*(?:else[ \t]+)?if[ \t]*\((?P<cond>.{0,300})|^[ \t}]*catch\b|\.catch\(")
_SCAN_LIMIT = 200_000


def _call_end(text: str, start: int) -> int:
    """Index just past the parenthesis that closes the call opened before ``start`` (bounded scan)."""
    depth, i, end = 1, start, min(len(text), start + _SCAN_LIMIT)
    while i < end:
        ch = text[i]
        if ch in "'\"`":
            close = text.find(ch, i + 1)
            while close != -1 and text[close - 1] == "\\":
                close = text.find(ch, close + 1)
            if close == -1 or (ch != "`" and "\n" in text[i:close]):
                i += 1
                continue
            i = close + 1
            continue
        if text.startswith("//", i):
            nl = text.find("\n", i)
            i = end if nl == -1 else nl
            continue
        if text.startswith("/*", i):
            close = text.find("*/", i + 2)
            i = end if close == -1 else close + 2
            continue
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return end


def _condition(after_paren: str) -> str:
    """The text of an ``if (...)`` condition, given what follows its opening parenthesis."""
    depth = 1
    for i, ch in enumerate(after_paren):
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if depth == 0:
            return after_paren[:i].strip()
    return after_paren.strip()


@functools.lru_cache(maxsize=64)
def _js_sites(path: str, text: str) -> tuple[StatusSite, ...]:
    handlers = []
    for m in _JS_ROUTE.finditer(text):
        open_paren = text.index("(", m.start("method"))
        handlers.append((m.start(), _call_end(text, open_paren + 1), m.group("route"), m.group("method").upper()))
    lines = text.splitlines()
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line) + 1)
    sites = []
    for m in _JS_STATUS.finditer(text):
        status = int(next(v for v in m.groupdict().values() if v))
        lineno = text.count("\n", 0, m.start()) + 1
        handler = next((h for h in reversed(handlers) if h[0] <= m.start() < h[1]), None)
        floor = text.count("\n", 0, handler[0]) + 1 if handler else max(1, lineno - 6)
        guard = ""
        for n in range(lineno, max(floor, lineno - 6) - 1, -1):
            g = _JS_GUARD.search(lines[n - 1][:400])
            if g:
                guard = "catch" if g.group("cond") is None else _condition(g.group("cond"))
                break
        route, method = (handler[2], None if handler[3] == "ALL" else handler[3]) if handler else (None, None)
        sites.append(StatusSite(path, lineno, status, guard, guard_kind(guard) if guard else "other", route, method))
    return tuple(_expand_collectors(sites, text, _JS_GUARD))


_PY_GUARD = re.compile(r"^[ \t]*(?:el)?if[ \t]+(?P<cond>.{1,300}?):|^[ \t]*except\b")
#: A condition that only asks whether earlier checks collected complaints (``if errors:``,
#: ``if (Object.keys(errors).length)``): the checks that fill the collection are the real sites.
_COLLECTOR = re.compile(
    r"^(?:not[ \t]+)?(?:len\(|Object\.(?:keys|values)\()?(?P<name>errors?|problems|issues|missing|messages|violations|invalid)\)?"
    r"(?:\.length)?\)?(?:[ \t]*(?:>|!=|!==|>=)[ \t]*[01])?$"
)


def _expand_collectors(sites: list[StatusSite], text: str, guard_line: re.Pattern[str]) -> list[StatusSite]:
    """Replace a site guarded by ``if errors:`` with one site per check that adds to ``errors``."""
    out: list[StatusSite] = []
    lines: list[str] | None = None
    for site in sites:
        m = _COLLECTOR.match(site.guard.strip())
        if not m:
            out.append(site)
            continue
        lines = lines if lines is not None else text.splitlines()
        name = re.escape(m.group("name"))
        adds = re.compile(rf"\b{name}(?:\.(?:append|push|add|extend)\(|\[[^\]\n]{{1,120}}\][ \t]*=[^=]|\.[\w$]{{1,80}}[ \t]*=[^=])")
        first = max(1, site.line - 200)
        checks = []
        for n in range(first, site.line):
            if not adds.search(lines[n - 1][:400]):
                continue
            guard = ""
            for k in range(n, max(first, n - 4) - 1, -1):
                g = guard_line.search(lines[k - 1][:400])
                if g:
                    cond = g.groupdict().get("cond")
                    guard = "except" if cond is None else (_condition(cond) if guard_line is _JS_GUARD else cond.strip())
                    break
            checks.append(StatusSite(site.path, n, site.status, guard, guard_kind(guard) if guard else "other", site.route, site.method))
        out.extend(checks or [site])
    return out


# ---------------------------------------------------------------------------------------------
# Which sites answered a request


#: A parameter segment of a route: Django's ``<int:id>``, Starlette's ``{id}``, Express's ``:id`` (``:id?``).
ROUTE_PARAM = re.compile(r"^(?:<[^>\n]{1,100}>|\{[^}\n]{1,100}\}|:[\w$]{1,100}\??)$")
_PATH = re.compile(r"(?:^|\s)(/[\w.~%:@/-]{0,300})")


def route_segments(route: str) -> list[str]:
    """The non-empty ``/``-separated segments of a route or path."""
    return [part for part in route.strip("/").split("/") if part]


#: An absolute URL's path: ``http://127.0.0.1:3000/api/users`` -> ``/api/users``.
_URL_PATH = re.compile(r"^[ \t]*[a-z][a-z0-9+.-]{0,20}://[^/\s]{1,300}(/[^\s?#]{0,300})?")


def path_in(text: str | None) -> str | None:
    """The first URL path (``/api/users/1``) in a request's name or a log line, or None."""
    m = _PATH.search(text or "")
    return m.group(1) if m else None


def url_path(url: str | None) -> str | None:
    """The path of an absolute URL (``http://127.0.0.1:3000/api/users`` -> ``/api/users``), else :func:`path_in`."""
    m = _URL_PATH.match(url or "")
    if m:
        return m.group(1) or "/"
    return path_in(url)


def request_timeline(facts) -> list[tuple[str, str, int | None, Evidence]]:
    """The run's requests in order as ``(method, path, status, evidence)``: the server's access
    log when it has one, else the requests a test or harness printed with a method and a path."""
    if facts.access:
        return [(a.method, a.path.split("?", 1)[0], a.status, access_evidence(a, limit=300)) for a in facts.access]
    timeline = []
    for r in sorted(facts.requests, key=lambda r: r.position):
        path = path_in(r.url) or path_in(r.name)
        if r.method and path:
            timeline.append((r.method, path.split("?", 1)[0], r.status, request_evidence(r)))
    return timeline


def answering_sites(facts, request) -> list[StatusSite]:
    """The statements of the run's code that can have answered ``request`` (a failing
    :class:`~rootcause.records.RequestResult`) with its status. The route comes from the request's
    URL or name, else from the server's access line with that status. When the run's output
    shows the message one of those statements sends (``"Content-Type must be text/plain"``), only
    the statements whose message it shows are kept."""
    if not facts.whole_files or request.status is None:
        return []
    path = request.url or path_in(request.name)
    method = request.method
    if path is None:
        entry = next((a for a in facts.access if a.status == request.status), None)
        if entry is not None:
            path, method = entry.path, entry.method
    sites = sites_for(status_sites(facts.files), request.status, method, path)
    # The message the client received names the statement that sent it, when the output shows it.
    said = [site for site in sites if _message_seen(facts, site)]
    return said or sites


_MESSAGE_LITERAL = re.compile(r"""(['"`])(?P<text>[^'"`\n{}$]{12,200})\1""")


def _message_seen(facts, site: StatusSite) -> bool:
    """Whether a message literal of ``site``'s statement (or the two lines above it) is in the run's output."""
    text = facts.files.get(site.path)
    if not isinstance(text, str):
        return False
    lines = text[:MAX_CODE_CHARS].splitlines()[max(0, site.line - 3) : site.line]
    for m in _MESSAGE_LITERAL.finditer("\n".join(lines)):
        literal = m["text"].strip()
        if len(literal) >= 12 and " " in literal and facts.search(re.compile(re.escape(literal))):
            return True
    return False


def route_serves(route: str, path: str) -> bool:
    """Whether a handler declared at ``route`` serves ``path`` (the route may sit under a prefix)."""
    want, have = route_segments(route.split("?", 1)[0]), route_segments(path.split("?", 1)[0])
    if not want or len(want) > len(have):
        return not want and not have
    tail = have[len(have) - len(want) :]
    return all(ROUTE_PARAM.match(w) or w == h for w, h in zip(want, tail, strict=True))


def sites_for(sites: list[StatusSite], status: int, method: str | None = None, path: str | None = None) -> list[StatusSite]:
    """The sites that can have answered ``status`` to ``method path``: those in the handler of that
    route when one is found, otherwise every site of that status (framework-level limits included)."""
    same = [s for s in sites if s.status == status]
    if path:
        routed = [s for s in same if s.route is not None and route_serves(s.route, path) and (method is None or s.method in (None, method))]
        if routed:
            return routed + [s for s in same if s.route is None and s.kind == "validation" and s.guard and ":" in s.guard]
    return same


def request_body(text: str) -> dict[str, object]:
    """The JSON or Python dict a harness printed after a failing request's name (``{}`` if none)."""
    text = (text or "")[:4000]
    start = text.find("{")
    if start == -1:
        return {}
    line_end = text.find("\n", start)
    end = text.rfind("}", start, start + 2000 if line_end == -1 else min(line_end, start + 2000))
    if end == -1:
        return {}
    for parse in (json.loads, ast.literal_eval):
        try:
            value = parse(text[start : end + 1])
        except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
            continue
        if isinstance(value, dict):
            return value
    return {}


_LEN_LIMIT = re.compile(
    r"\blen\((?P<py>[^()\n]{1,120}(?:\([^()\n]{0,80}\)[^()\n]{0,40})?)\)[ \t]*(?P<op><=|<|>=|>)[ \t]*(?P<n>\d{1,4})"
    r"|(?P<js>[\w$.\[\]'\"]{1,120})\.length[ \t]*(?P<jop><=|<|>=|>)[ \t]*(?P<jn>\d{1,4})"
    r"|^(?P<field>\w{1,80}): (?P<limit>min_length|max_length)=(?P<fn>\d{1,4})$"
)
_WORD = re.compile(r"[A-Za-z_]\w{0,80}")


def refused_value(site: StatusSite, body: Mapping[str, object]) -> tuple[str, object] | None:
    """(field, value) when the site's length limit refuses a string the client sent."""
    for m in _LEN_LIMIT.finditer(site.guard):
        if m.group("field"):
            field, op, n = m.group("field"), "<" if m.group("limit") == "min_length" else ">", int(m.group("fn"))
        else:
            expr = m.group("py") or m.group("js")
            op, n = m.group("op") or m.group("jop"), int(m.group("n") or m.group("jn"))
            words = [w for w in _WORD.findall(expr) if w in body]
            if not words:
                continue
            field = words[-1]
        value = body.get(field)
        if not isinstance(value, str):
            continue
        size = len(value)
        if {"<": size < n, "<=": size <= n, ">": size > n, ">=": size >= n}[op]:
            return field, value
    return None


_ABSENT_ATOM = re.compile(
    r"^\(?[ \t]*(?:not[ \t]+(?P<py>[^\s()]{1,120}(?:\.get\([^()]{0,80}\))?)|!(?P<js>[^\s()|&]{1,120})|(?P<none>[^\s()]{1,120}) is None"
    r"|['\"](?P<key>\w{1,80})['\"] not in [\w.]{1,80})[ \t]*\)?$"
)
_KEY = re.compile(r"['\"](\w{1,80})['\"]")


def answers_only_absence(site: StatusSite, body: Mapping[str, object]) -> bool:
    """Whether the site's condition only tests that fields are missing (``not email or not password``,
    ``!req.body.title``) and the client sent every one of them, so the site did not answer that
    request. With no body known, a test is taken to send the fields its contract names."""
    if site.kind == "except" or not site.guard:
        return False
    for part in re.split(r"\bor\b|\|\|", site.guard):
        m = _ABSENT_ATOM.match(part.strip())
        if not m:
            return False
        if not body:
            continue
        atom = next(v for v in m.groupdict().values() if v)
        keys = _KEY.findall(atom) or [w for w in _WORD.findall(atom) if w in body][-1:]
        if not keys or not all(body.get(k) not in (None, "", [], {}) for k in keys):
            return False
    return True
