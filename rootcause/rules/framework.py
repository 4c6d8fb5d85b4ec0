"""Rules for framework conventions and lifecycle: routes, methods, slashes, body parsing, async."""

from __future__ import annotations

import re

from rootcause.evidence.facts import Facts, access_evidence, line_evidence, request_evidence
from rootcause.evidence.names import is_request_body
from rootcause.records import Evidence
from rootcause.rules.base import HEURISTIC, HIGH, INFERENCE, Verdict, rule
from rootcause.rules.handlers import ROUTE_PARAM, declared_routes, path_in, request_timeline, route_segments, route_serves, url_path
from rootcause.rules.match import (
    MAX_CODE_CHARS,
    code_evidence,
    exception_verdict,
    failing_with,
    find_exception,
    library_misuse,
    line_verdict,
    match_anywhere,
    requests_verdict,
)

_BODYLESS_POST = re.compile(r"favorite|follow", re.IGNORECASE)
_COROUTINE_MISUSE = re.compile(
    r"'coroutine' object (?:is not subscriptable|has no attribute|is not iterable|is not callable|does not support)|coroutine '(?P<fn>[\w.]{1,200})' was never awaited|object (?:Row|dict|list) can't be used in 'await' expression"
)
_PERSIST_CALLS = re.compile(r"(?:^|\.)(?:commit|flush|save)$")
_AUTH_WORDS = re.compile(r"user|viewer|auth|token|current|login|identity|principal|jwt", re.IGNORECASE)


@rule("RC401", "framework.wiring.method_not_allowed", signals={"http", "access", "log", "static"}, confidence=INFERENCE, also=("incomplete.endpoint.missing",))
def method_not_allowed(facts: Facts) -> Verdict | None:
    """A route exists but does not accept the request's method (405).

    Detects a failing request answered 405, a 405 in the access log, or the framework's
    ``Method Not Allowed`` line: typically one path registered twice (GET in one view,
    PUT/DELETE in another) so one definition shadows the other. When the run's code declares
    routes and none of them serves that method on that path (nor PUT for PATCH, or the reverse:
    that is the handler under another method), the handler was never written:
    ``incomplete.endpoint.missing``.

    Fires on: ``Method Not Allowed: /api/articles/how-to-train-your-dragon`` and ``"GET /api/articles/... HTTP/1.1" 405``.
    Does not fire on: a run whose failing requests are all 200/422.
    """
    failing = [r for r in facts.failing_requests if r.status == 405]
    if failing:
        verdict = requests_verdict(failing)
        line = facts.search(re.compile(r"Method Not Allowed"))
        extra = [line_evidence(line)] if line else []
        verdict = Verdict(evidence=[*verdict.evidence, *extra], position=verdict.position)
    else:
        entry = next((a for a in facts.access if a.status == 405 and a.path.startswith("/api")), None)
        if entry is None:
            return None
        verdict = Verdict(evidence=[access_evidence(entry)], position=float(entry.line))
    return _unwritten_method(facts, verdict) or verdict


_SAME_OPERATION = {"PUT": ("PATCH",), "PATCH": ("PUT",)}


def _unwritten_method(facts: Facts, verdict: Verdict) -> Verdict | None:
    """The 405 as a handler never written: the code declares routes, none for this method and path."""
    if not facts.whole_files:
        return None
    routes = declared_routes(facts.files)
    refused = [(method, path) for method, path, status, _ in request_timeline(facts) if status == 405]
    if not routes or not refused:
        return None
    method, path = refused[0]
    # PUT for PATCH (or the reverse) is the handler under another method, not a missing one.
    accepted = {None, method, *_SAME_OPERATION.get(method, ())}
    if any(route.method in accepted and route_serves(route.route, path) for route in routes):
        return None
    static = Evidence(kind="static", text=f"no {method} route among the {len(routes)} the code declares serves {path}")
    return Verdict(evidence=[*verdict.evidence, static], root_cause="incomplete.endpoint.missing", position=verdict.position)


@rule("RC402", "framework.wiring.trailing_slash", signals={"traceback", "access", "log"}, confidence=INFERENCE)
def trailing_slash_mismatch(facts: Facts) -> Verdict | None:
    """Routes are declared with a different trailing slash than the contract's paths.

    Detects Django's ``APPEND_SLASH`` RuntimeError (HIGH), redirects (301/307/308) the
    server answers for ``/api`` paths (the test client does not follow them for POST/PUT,
    or follows them to a route that does not exist), and a path answered 404 in a run where the
    same method on the same path with the trailing slash flipped was answered (frameworks that
    match paths exactly, such as aiohttp and Express's strict routing).

    Fires on: ``"POST /api/users HTTP/1.1" 307 Temporary Redirect`` with FastAPI routes declared as ``/api/users/``.
    Fires on: ``GET /api/articles/ -> 200`` and ``GET /api/articles -> 404`` in aiohttp's access log.
    Does not fire on: a 302 redirect of a browser login page outside ``/api``.
    """
    exc = find_exception(facts, message=re.compile(r"APPEND_SLASH|doesn't end in a slash"))
    if exc:
        return exception_verdict(exc, confidence=HIGH)
    redirects = [a for a in facts.access if a.status in (301, 307, 308) and a.path.startswith("/api")]
    if redirects:
        first = redirects[0]
        return Verdict(evidence=[access_evidence(first)], position=float(first.line))
    # The same method and path answered with the trailing slash and 404 without it (or the reverse).
    timeline = request_timeline(facts)
    answered = {(method, path): evidence for method, path, status, evidence in timeline if status is not None and 200 <= status < 400}
    for method, path, status, evidence in timeline:
        if status != 404 or len(path) < 2:
            continue
        other = path[:-1] if path.endswith("/") else path + "/"
        if (method, other) in answered:
            return Verdict(evidence=[answered[(method, other)], evidence], position=float(evidence.line or 0))
    return None


@rule("RC403", "framework.wiring.body_parsing", signals={"log", "http", "metadata"}, confidence=INFERENCE)
def fastify_rejects_empty_json_body(facts: Facts) -> Verdict | None:
    """Fastify rejects the bodyless JSON POSTs of favourite/follow with 400.

    Detects ``FST_ERR_CTP_EMPTY_JSON_BODY`` in the log (HIGH), or, on a Fastify project, a
    favourite/follow POST answered 400: Fastify's default parser refuses
    ``Content-Type: application/json`` with an empty body, which the contract's suite sends.

    Fires on: ``Favorite Article POST → 400: 15 failed`` in a ``fastify-openapi-...`` task.
    Does not fire on: the same 400 on an Express project (no such default there).
    """
    line = facts.search(re.compile(r"FST_ERR_CTP_EMPTY_JSON_BODY|Body cannot be empty when content-type is set to 'application/json'"))
    if line:
        return line_verdict(line, confidence=HIGH)
    if facts.framework != "fastify":
        return None
    bodyless = [r for r in facts.failing_requests if r.method == "POST" and r.status == 400 and _BODYLESS_POST.search(r.name)]
    return requests_verdict(bodyless) if bodyless else None


@rule("RC404", "framework.wiring.async_misuse", signals={"traceback", "log"}, confidence=INFERENCE, also=("auth.config",))
def coroutine_never_awaited(facts: Facts) -> Verdict | None:
    """An async function is called without ``await`` and its coroutine used as a value.

    Detects ``'coroutine' object is not subscriptable`` / ``has no attribute`` and
    ``coroutine '...' was never awaited``. When the coroutine is the current user or token
    lookup (the frame's code or function names a user/auth/token), the upstream cause is
    authentication and the verdict is ``auth.config.current_user``; when the coroutine never
    awaited is a commit, flush or save, the write is never made: ``logic.state.not_persisted``.

    Fires on: ``TypeError: 'coroutine' object is not subscriptable`` at ``viewer_username = viewer["username"]``.
    Does not fire on: ``TypeError: 'NoneType' object is not subscriptable``.
    """
    exc = find_exception(facts, message=_COROUTINE_MISUSE)
    if exc:
        frame = exc.deepest_project_frame
        context = " ".join(filter(None, [frame.code if frame else "", frame.function if frame else "", exc.message]))
        root = "auth.config.current_user" if _AUTH_WORDS.search(context) else None
        return exception_verdict(exc, root_cause=root)
    line = facts.search(_COROUTINE_MISUSE)
    if line:
        m = _COROUTINE_MISUSE.search(line.text)
        if m and m.group("fn") and _PERSIST_CALLS.search(m.group("fn")):
            # ``coroutine 'AsyncSession.commit' was never awaited``: the write is never saved
            return line_verdict(line, root_cause="logic.state.not_persisted")
    if line:
        m = _COROUTINE_MISUSE.search(line.text)
        root = "auth.config.current_user" if m and m.group("fn") and _AUTH_WORDS.search(m.group("fn")) else None
        return line_verdict(line, root_cause=root)
    return None


@rule("RC405", "framework.wiring.app_config", signals={"traceback", "log"}, confidence=HIGH)
def framework_configuration_error(facts: Facts) -> Verdict | None:
    """The framework's settings or application context are misconfigured at request time.

    Detects Django ``ImproperlyConfigured``, ``DisallowedHost`` / ``Invalid HTTP_HOST header``,
    ``CSRF verification failed`` / ``CSRF Failed`` on the API, Flask's ``Working outside of
    application context``, and FastAPI's ``FastAPIError``.

    Fires on: ``Forbidden (CSRF cookie not set.): /api/users`` on a Django API.
    Does not fire on: ``Watching for file changes with StatReloader``.
    """
    return match_anywhere(
        facts,
        re.compile(
            r"ImproperlyConfigured|DisallowedHost|Invalid HTTP_HOST header|CSRF (?:verification failed|Failed|cookie not set|token missing)|Working outside of (?:application|request) context|FastAPIError|No application found\. Either work inside a view function"
        ),
    )


@rule("RC406", "framework.wiring.request_response", signals={"traceback", "log"}, confidence=INFERENCE)
def response_sent_twice(facts: Facts) -> Verdict | None:
    """A handler writes the response twice or returns the wrong object to the framework.

    Detects ``ERR_HTTP_HEADERS_SENT`` / ``Cannot set headers after they are sent``, Fastify's
    ``Reply was already sent``, Hono's ``Context is not finalized``, Flask's ``The view
    function did not return a valid response`` and DRF's ``Request`` vs ``HttpRequest`` assertion.

    Fires on: ``Error [ERR_HTTP_HEADERS_SENT]: Cannot set headers after they are sent to the client``.
    Does not fire on: a handler that returns once.
    """
    return match_anywhere(
        facts,
        re.compile(
            r"ERR_HTTP_HEADERS_SENT|Cannot set headers after they are sent|Reply was already sent|Context is not finalized|did not return a valid response|must be an instance of `HttpRequest`, not|The view function for '.{1,200}' did not return"
        ),
    )


@rule("RC407", "framework.wiring.adapter", signals={"traceback", "log"}, confidence=HIGH)
def server_adapter_mismatch(facts: Facts) -> Verdict | None:
    """The framework runs on a server adapter it does not fit (Hono/undici requests, Node vs fetch APIs).

    Detects ``RequestInit: duplex option is required when sending a body`` (a Node request
    passed where a fetch Request is expected), ``headers.get is not a function`` on the
    framework's raw request, and ``app.fetch is not a function``: the app is mounted on the
    wrong adapter, so bodies or headers never reach the handlers.

    Fires on: ``TypeError: RequestInit: duplex option is required when sending a body.``
    Does not fire on: ``TypeError: values.map is not a function`` in a repository.
    """
    return match_anywhere(
        facts,
        re.compile(
            r"duplex option is required when sending a body|(?:raw\.)?headers\.get is not a function|app\.fetch is not a function|Cannot read properties of undefined \(reading 'duplex'\)"
        ),
    )


@rule("RC408", "framework.wiring", signals={"traceback", "static"}, confidence=INFERENCE, also=("data.orm", "startup.dependency"))
def library_api_misused(facts: Facts) -> Verdict | None:
    """The code calls a library's object with an attribute, method or argument the library does not have.

    Detects an ``AttributeError`` or signature ``TypeError`` (and Node's ``x.y is not a function``)
    raised from project code whose owner is a library's type or object, not the project's: the
    run's code imports it from a package (``from starlette.responses import FileResponse``,
    ``const db = new sqlite3.Database(...)``), or, with no code, it is a well-known library type.
    Misusing a web framework's API is a wiring defect; a data library's is ``data.orm.api_misuse``;
    an auth library's is ``auth.config``; an API the installed version removed (the error catalogue
    knows it) is ``startup.dependency.incompatible``. The same errors on the project's own classes
    are cross-file references (RC204, RC205).

    Fires on: ``TypeError: FileResponse.__init__() got an unexpected keyword argument 'content'`` with ``from fastapi.responses import FileResponse`` in the code.
    Does not fire on: ``TypeError: ArticleService.create() got an unexpected keyword argument 'tag_list'`` where the project defines ``ArticleService`` (RC205).
    """
    for exc in facts.exceptions:
        misuse = library_misuse(exc, facts)
        if misuse is not None:
            root_cause, static = misuse
            verdict = exception_verdict(exc, root_cause=root_cause)
            return Verdict(evidence=[*verdict.evidence, *([static] if static else [])], root_cause=root_cause, position=verdict.position)
    return None


_NODE_BODY_MISUSE = re.compile(
    r"^(?P<expr>[\w$.]{1,200})\.[\w$]{1,100} is not a function|^Cannot (?:read|destructure) propert(?:y|ies) .{0,100}of '?(?P<of>[\w$.]{1,200})'? as it is (?:undefined|null)"
)


@rule("RC409", "framework.wiring.body_parsing", signals={"traceback", "static"}, confidence=INFERENCE)
def request_body_not_parsed(facts: Facts) -> Verdict | None:
    """A Node handler uses the request body as if a parser had produced it, and none did.

    Detects a ``TypeError`` in a project frame on the request body or a variable bound straight
    from it (``const text = req.body; text.match(...)`` -> ``text.match is not a function``), or
    ``Cannot read properties of undefined`` on a project line that reads ``req.body``: no body
    parser ran for the request's content type (``express.json()`` missing, ``express.text()``
    limited to a type the client does not send), so the body is ``undefined`` or ``{}``.

    Fires on: ``TypeError: emailText.match is not a function`` where ``const emailText = req.body``.
    Does not fire on: ``TypeError: articleService.findAll is not a function`` (RC204).
    """
    for exc in facts.exceptions:
        if exc.language != "node" or exc.short_type != "TypeError":
            continue
        m = _NODE_BODY_MISUSE.search(exc.message)
        frame = exc.deepest_project_frame
        if m and is_request_body(m.group("expr") or m.group("of") or "", facts.files):
            return exception_verdict(exc)
        if frame is not None and "Cannot read properties of undefined" in exc.message and frame.line:
            source = next((text for path, text in facts.files.items() if frame.path.endswith(path.lstrip("./"))), None)
            lines = source.splitlines() if isinstance(source, str) else []
            if 0 < frame.line <= len(lines) and re.search(r"\b(?:req|request|ctx\.request)\.body\b", lines[frame.line - 1]):
                return Verdict(
                    evidence=[
                        *exception_verdict(exc).evidence,
                        Evidence(kind="static", text=lines[frame.line - 1].strip()[:200], path=frame.path, line=frame.line),
                    ],
                    position=float(exc.line or 0),
                )
    return None


_FORM_PARAMETER = re.compile(r"\bOAuth2PasswordRequestForm\b|[=:][ \t]*(?:Annotated\[[^\]\n]{0,100})?\b(?:Form|File)\([^)\n]{0,200}\)|\bUploadFile\b")
_RESTRICTED_PARSER = re.compile(
    r"\b(?:express|bodyParser)\.(?:text|raw|json|urlencoded)\([ \t]*\{[^}]{0,300}\btype[ \t]*:|"
    r"\brequest\.(?:content_type|mimetype|headers\.get\([ \t]*['\"]Content-Type['\"]\))[ \t]*(?:!=|not in)[ \t]*[(\[]?[ \t]*['\"](?!application/json)|"
    r"\breq\.is\([ \t]*['\"][\w/+*-]{1,60}['\"][ \t]*\)|\brequest\.headers\[['\"]content-type['\"]\][ \t]*!==?",
    re.IGNORECASE,
)

#: Flask/Django code that reads the body as form fields only (a JSON body leaves them empty: 400).
_FORM_FIELDS_READ = re.compile(r"\brequest\.(?:form|POST)\b[ \t]*(?:\[|\.get\(|\.getlist\(|\.to_dict\()")
#: An Express app that parses form bodies and no JSON ones.
_FORM_PARSER_ONLY = re.compile(r"\b(?:express|bodyParser)\.urlencoded\(")
_JSON_PARSER = re.compile(r"\b(?:express|bodyParser)\.json\(|koa-body|bodyparser|\bjson\(\)")
_JSON_BODY_READ = re.compile(r"\bget_json\(|\brequest\.json\b|\bjson\.loads\([ \t]*request\.(?:body|data|get_data)|\brequest\.data\b")


@rule("RC410", "framework.wiring.body_parsing", signals={"http", "static"}, confidence=INFERENCE)
def body_declared_in_another_encoding(facts: Facts) -> Verdict | None:
    """Requests are refused because the code reads the body in another encoding than the client sends.

    Detects a failing request answered 422 (or 400/415) by code that declares its input as a form
    or an upload (FastAPI's ``OAuth2PasswordRequestForm``, ``Form(...)``, ``File(...)``,
    ``UploadFile``) or parses the body only for one content type (``express.text({type: ...})``,
    a ``Content-Type`` check, ``req.is(...)``), or reads it only as form fields (Flask's
    ``request.form[...]``, Django's ``request.POST``, with no JSON read anywhere; Express's
    ``urlencoded()`` parser with no ``json()`` one): a JSON or
    header-less request never reaches the handler's logic. A wiring choice, not a business rule. A 415 (Unsupported Media Type) says so
    by itself.

    Fires on: ``Expected 200 but got 422 for valid login`` with ``form_data: OAuth2PasswordRequestForm = Depends()`` in the code.
    Does not fire on: a 422 from code that declares a JSON body model (RC803).
    """
    python = failing_with(facts, (422,))
    if python:
        static = code_evidence(facts, _FORM_PARAMETER)
        if static is not None:
            verdict = requests_verdict(python)
            return Verdict(evidence=[*verdict.evidence, static], position=verdict.position)
    unsupported = failing_with(facts, (415,))
    if unsupported:  # 415 Unsupported Media Type: no parser for the body the client sent
        return requests_verdict(unsupported)
    refused = failing_with(facts, (400, 415, 422))
    if refused:
        static = (
            code_evidence(facts, _RESTRICTED_PARSER)
            or code_evidence(facts, _FORM_FIELDS_READ, unless=_JSON_BODY_READ)
            or code_evidence(facts, _FORM_PARSER_ONLY, unless=_JSON_PARSER)
        )
        if static is not None:
            verdict = requests_verdict(refused)
            return Verdict(evidence=[*verdict.evidence, static], position=verdict.position)
    return None


#: Route declarations of routers that try routes in the order they were declared (Django's
#: urlpatterns, Starlette/FastAPI, Express, Koa's router, Hono). Flask (Werkzeug sorts rules by
#: how specific they are), Fastify (find-my-way prefers static segments) and aiohttp do not
#: shadow, so their routes are not read here.
_ORDERED_ROUTERS = (
    (re.compile(r"^[ \t]*from[ \t]+django\b", re.MULTILINE), re.compile(r"\b(?:re_)?path\([ \t]*r?['\"](?P<route>[^'\"\n]{0,200})['\"]")),
    (
        re.compile(r"^[ \t]*from[ \t]+(?:fastapi|starlette)\b", re.MULTILINE),
        re.compile(r"@\w{1,40}\.(?P<method>get|post|put|patch|delete|api_route)\([ \t]*['\"](?P<route>/[^'\"\n]{0,200})['\"]"),
    ),
    (
        re.compile(r"require\([ \t]*['\"](?:express|koa-router|@koa/router|hono)['\"]\)|from[ \t]+['\"](?:express|koa-router|@koa/router|hono)['\"]"),
        re.compile(r"\b\w{1,40}\.(?P<method>get|post|put|patch|delete|all)\([ \t]*['\"`](?P<route>/[^'\"`\n]{0,200})['\"`]"),
    ),
)


def _shadows(first: list[str], later: list[str]) -> bool:
    """Whether a route declared first takes every request the later, more literal route names."""
    if len(first) != len(later):
        return False
    wider = False
    for a, b in zip(first, later, strict=True):
        if a == b:
            continue
        if ROUTE_PARAM.match(a) and not ROUTE_PARAM.match(b):
            wider = True
            continue
        return False
    return wider


def _matches(segments: list[str], path: str) -> bool:
    parts = route_segments(path.split("?", 1)[0])
    return len(parts) == len(segments) and all(ROUTE_PARAM.match(s) or s == p for s, p in zip(segments, parts, strict=True))


def shadowed_routes(files) -> list[tuple[str, int, str, str]]:
    """(path, line, later route, earlier route) for routes an earlier, wider route of the same method takes."""
    found = []
    for path, text in files.items():
        if not isinstance(text, str):
            continue
        text = text[:MAX_CODE_CHARS]
        for uses, declares in _ORDERED_ROUTERS:
            if not uses.search(text):
                continue
            seen: list[tuple[str, list[str], str]] = []
            for m in declares.finditer(text):
                method = (m.groupdict().get("method") or "any").lower()
                route = m.group("route")
                if route.startswith("^"):
                    continue  # a regular expression (re_path): not compared
                segments = route_segments(route)
                for other_method, other, other_route in seen:
                    if other_method in (method, "any", "all", "api_route") and _shadows(other, segments):
                        found.append((path, text.count("\n", 0, m.start()) + 1, route, other_route))
                        break
                seen.append((method, segments, route))
    return found


@rule("RC411", "framework.wiring.route_order", signals={"http", "access", "static"}, confidence=INFERENCE)
def route_shadowed_by_earlier_route(facts: Facts) -> Verdict | None:
    """A literal route is declared after a parameterised route that takes its requests.

    Detects code that declares ``users/<str:username>`` (or ``/users/{id}``, ``/users/:id``) before
    ``users/me`` for the same method, in a router that tries routes in declaration order (Django,
    FastAPI/Starlette, Express, Koa's router, Hono), in a run where a request to the literal route
    failed: the parameterised handler answers it (``KeyError: 'me'``, a 404 for a user named
    ``me``, a 422 for a non-numeric id) and the intended handler is never reached.

    Fires on: ``GET /api/users/me -> 500`` with ``path("api/users/<str:username>", ...)`` declared before ``path("api/users/me", ...)``.
    Does not fire on: the same routes declared literal first, or in Flask (Werkzeug orders rules by specificity).
    """
    if not facts.whole_files:
        return None
    shadowed = shadowed_routes(facts.files)
    if not shadowed:
        return None
    for path, line, route, earlier in shadowed:
        segments = route_segments(route)
        hit = next((r for r in facts.failing_requests if (url := r.url or path_in(r.name)) and _matches(segments, url)), None)
        entry = next((a for a in facts.access if a.status is not None and a.status >= 400 and _matches(segments, a.path)), None)
        if hit is None and entry is None:
            continue
        static = Evidence(kind="static", text=f"route {route} is declared after {earlier}, which takes its requests", path=path, line=line)
        if hit is not None:
            verdict = requests_verdict([hit])
            return Verdict(evidence=[*verdict.evidence, static], position=verdict.position)
        if entry is not None:
            return Verdict(evidence=[access_evidence(entry), static], position=float(entry.line))
    return None


#: A framework's own answer when no route matched: the path when it names one.
_NO_ROUTE = re.compile(
    r"Cannot (?P<method>GET|POST|PUT|PATCH|DELETE) (?P<path>/[^\s<\"']{0,300})"
    r"|Route (?P<method2>GET|POST|PUT|PATCH|DELETE):(?P<path2>/[^\s\"']{0,300}) not found"
    r"|The current path, (?:<code>)?(?P<path3>[^<\s,]{0,300})(?:</code>)?,"
    r"|The requested URL was not found on the server"
    r"|\{\s*\"detail\"\s*:\s*\"Not Found\"\s*\}"
    r"|^(?:404: )?Not Found$|^404 Not Found$"
)


def _unrouted(facts: Facts) -> list[tuple[str | None, str, Evidence]]:
    """(method, path, evidence) for requests the framework itself answered "no such route"."""
    found = []
    lines = [*facts.lines, *facts.verifier_lines]
    said = [(line, m) for line in lines if (m := _NO_ROUTE.search(line.text[:1000]))]
    for line, m in said:
        path = m["path"] or m["path2"] or (("/" + m["path3"].lstrip("/")) if m["path3"] else None)
        if path:
            found.append((m["method"] or m["method2"], path, line_evidence(line)))
    if said and not found:  # a generic default body: the paths answered 404 are the ones it meant
        found = [(method, path, evidence) for method, path, status, evidence in request_timeline(facts) if status == 404]
    return found


_INT_PARAM = re.compile(r"^(?:<int:\w{1,100}>|\{\w{1,100}:int\})$")


def _mistyped_parameter(route: str, path: str) -> str | None:
    """The integer-only parameter of ``route`` (``<int:id>``, ``{id:int}``) that ``path`` fills with a non-integer."""
    want, have = route_segments(route), route_segments(path.split("?", 1)[0])
    for w, h in zip(want, have[len(have) - len(want) :], strict=False):
        if _INT_PARAM.match(w) and not h.isdigit():
            return w
    return None


_DJANGO_TRIED = re.compile(r"Django tried these URL patterns")


def _urlconf_never_included(facts: Facts) -> Verdict | None:
    """Django's debug 404 page tried patterns of which none starts like the path: the app's URLconf
    was never included in the project's."""
    start = facts.search(_DJANGO_TRIED)
    if start is None:
        return None
    tried: list[str] = []
    path = None
    for line in facts.lines:
        if line.source != start.source or line.line <= start.line:
            continue
        if line.line > start.line + 400:
            break
        text = re.sub(r"</?code>", "", line.text).strip()  # the page's HTML, or its text once tags are stripped
        if (m := _NO_ROUTE.search(line.text)) and m["path3"]:
            path = m["path3"]
            break
        if text and not text.startswith("<"):
            tried.append(" ".join(text.split()))
    if not tried or path is None:
        return None
    first = route_segments(path)[:1]
    if not first or any(route_segments(pattern)[:1] == first for pattern in tried):
        return None
    text = f"the URLconf's patterns ({', '.join(tried[:5])}) hold nothing under {first[0]}/"
    return Verdict(evidence=[line_evidence(start), Evidence(kind="log", text=text)], position=float(start.line))


@rule(
    "RC412",
    "framework.wiring.route_missing",
    signals={"http", "log", "static"},
    confidence=INFERENCE,
    also=("incomplete.endpoint.missing", "framework.wiring.route_params", "framework.wiring.trailing_slash"),
)
def declared_route_not_served(facts: Facts) -> Verdict | None:
    """The framework answers "no such route" for a path the project's code declares a handler for.

    Detects the framework's own not-found answer (Express ``Cannot GET /api/user``, Fastify
    ``Route GET:/api/user not found``, Django's "The current path ... didn't match", Flask's "The
    requested URL was not found on the server", Starlette's ``{"detail":"Not Found"}``) for a
    path, in a run whose code declares a route that serves that path (``router.get('/user')``,
    ``@app.get("/api/user")``; a mount prefix may come before it): the handler exists but the
    router holding it is never mounted, or is mounted under another prefix. When the code
    declares routes but none serves the path, the handler was never written:
    ``incomplete.endpoint.missing`` (HEURISTIC, since a route declared in a form not read here
    looks the same). When the route that serves the path takes an integer there (``<int:id>``,
    ``{id:int}``) and the path holds something else, the router refused the value:
    ``framework.wiring.route_params``; when it serves the path only once the trailing slash is
    ignored (``'/api/tags/'`` for ``/api/tags``) in a router other than Express's (which ignores
    it by default): ``framework.wiring.trailing_slash``. The code is parsed, never run.

    Without the code, Django's debug 404 page says as much when none of the URL patterns it tried
    starts like the path (``admin/`` only, for ``api/articles``): the app's URLconf was never
    included.

    Fires on: ``Cannot GET /api/user`` with ``router.get('/user', ...)`` in ``routes/user.js``.
    Does not fire on: the same answer with no code in the run; an application's own 404 body
    (``{"errors": {"article": ["not found"]}}``: the route exists, the record does not).
    """
    if not facts.whole_files:
        return _urlconf_never_included(facts)
    routes = declared_routes(facts.files)
    if not routes:
        return None
    unrouted = _unrouted(facts)
    for method, path, evidence in unrouted:
        for route in routes:
            literal = [part for part in route_segments(route.route) if not ROUTE_PARAM.match(part)]
            if literal and (method is None or route.method in (None, method)) and route_serves(route.route, path):
                static = Evidence(kind="static", text=f"{route.method or 'any'} {route.route} is declared here", path=route.path, line=route.line)
                if facts.framework != "express" and route.route.endswith("/") != path.endswith("/") and len(route.route) > 1:
                    # Matched only once the trailing slash is ignored, in a router that does not ignore it.
                    static = Evidence(
                        kind="static", text=f"{route.route} is declared with a different trailing slash than {path}", path=route.path, line=route.line
                    )
                    return Verdict(evidence=[evidence, static], root_cause="framework.wiring.trailing_slash", position=float(evidence.line or 0))
                mistyped = _mistyped_parameter(route.route, path)
                if mistyped:
                    static = Evidence(kind="static", text=f"{route.route} takes only integers at {mistyped}", path=route.path, line=route.line)
                    return Verdict(evidence=[evidence, static], root_cause="framework.wiring.route_params", position=float(evidence.line or 0))
                return Verdict(evidence=[evidence, static], position=float(evidence.line or 0))
    if unrouted:
        method, path, evidence = unrouted[0]
        static = Evidence(kind="static", text=f"no route among the {len(routes)} the code declares serves {path}")
        return Verdict(evidence=[evidence, static], root_cause="incomplete.endpoint.missing", confidence=HEURISTIC, position=float(evidence.line or 0))
    return None


#: FastAPI's 422 detail for a required query parameter the request did not carry.
_MISSING_QUERY = re.compile(
    r"""['"]loc['"]\s*:\s*[\[(]\s*['"]query['"]\s*,\s*['"](?P<name>\w{1,100})['"]\s*[\])](?=.{0,200}?['"](?:missing|Field required)['"])"""
    r"""|['"](?:missing|Field required)['"].{0,200}?['"]loc['"]\s*:\s*[\[(]\s*['"]query['"]\s*,\s*['"](?P<name2>\w{1,100})['"]"""
)
#: Parameter names that stand for a dependency (the current user, a database session), not client input.
_DEPENDENCY_NAME = re.compile(r"^(?:current_)?(?:user|db|session|conn|connection|settings|token|auth|credentials|principal|account|repo|repository|service)$")


@rule("RC413", "framework.wiring.body_parsing", signals={"http", "log", "test"}, confidence=INFERENCE, also=("framework.wiring.dependency_injection",))
def fastapi_reads_a_query_parameter(facts: Facts) -> Verdict | None:
    """FastAPI answers 422 because a parameter meant as body or dependency is read from the query string.

    Detects FastAPI's validation detail ``'loc': ['query', 'name'], 'type': 'missing'`` (in a test
    assertion, a client's output or the server log). FastAPI reads a handler parameter with a
    plain type (``body: str``, ``current_user: str``) from the query string; a client that sends
    JSON or a token never fills it. When the parameter is named like a dependency
    (``current_user``, ``db``, ``session``), the ``Depends(...)`` wrapper was left out:
    ``framework.wiring.dependency_injection``. Otherwise fields of the JSON body were declared as
    plain parameters instead of a pydantic model or ``Body()``. Silent on a GET, where a
    missing query parameter is the client's to send.

    Fires on: ``{'detail': [{'loc': ['query', 'body'], 'msg': 'Field required', 'type': 'missing'}]}`` for ``POST /comments``.
    Does not fire on: ``'loc': ['body', 'email']`` (the body was read; a field is missing from it).
    """
    line = facts.search(_MISSING_QUERY)
    if line is None:
        return None
    m = _MISSING_QUERY.search(line.text[:2000])
    name = (m["name"] or m["name2"]) if m else ""
    if _DEPENDENCY_NAME.match(name):
        return line_verdict(line, root_cause="framework.wiring.dependency_injection")
    methods = {r.method for r in facts.failing_requests if r.status == 422 and r.method} | {a.method for a in facts.access if a.status == 422}
    if methods and methods <= {"GET", "HEAD"}:
        return None
    return line_verdict(line)


@rule("RC414", "framework.wiring.route_params", signals={"http", "access", "static"}, confidence=INFERENCE)
def handler_reads_an_undeclared_parameter(facts: Facts) -> Verdict | None:
    """A JS handler reads a path parameter its route does not declare.

    Detects a route such as ``router.get('/articles/:slug', ...)`` whose handler reads
    ``req.params.id`` (or ``ctx.params.id``, ``c.req.param('id')``, ``const { id } = req.params``),
    in a run where a request to a path that route serves failed: the value is ``undefined``, so
    the lookup finds nothing (404) or the query fails (400/500). The code is parsed, never run.

    Fires on: ``GET /api/articles/how-to -> 404`` with ``router.get('/articles/:slug', ...)`` reading ``req.params.id``.
    Does not fire on: the same handler reading ``req.params.slug``.
    """
    if not facts.whole_files:
        return None
    mismatched = []
    for route in declared_routes(facts.files):
        if not route.params_read:
            continue
        declared = {part.lstrip(":").rstrip("?") for part in route_segments(route.route) if part.startswith(":")}
        unknown = [name for name in route.params_read if name not in declared]
        if unknown:
            mismatched.append((route, unknown))
    if not mismatched:
        return None
    for method, path, status, evidence in request_timeline(facts):
        if status is None or status < 400:
            continue
        for route, unknown in mismatched:
            if route.method in (None, method) and route_serves(route.route, path):
                static = Evidence(
                    kind="static", text=f"{route.route} declares no parameter {unknown[0]!r}, which its handler reads", path=route.path, line=route.line
                )
                return Verdict(evidence=[evidence, static], position=float(evidence.line or 0))
    return None


@rule("RC415", "framework.wiring.route_missing", signals={"static", "http", "access"}, confidence=HIGH)
def routes_never_mounted(facts: Facts) -> Verdict | None:
    """Requests answered 404 are served by routes the code declares in a file the server never mounts.

    Detects the static finding FW402 (a JavaScript file declares routes and no file the server
    loads imports it, or its importers never use what they imported) in a run where a request
    that one of those routes serves (a mount prefix may come before it) got 404 or no route:
    the handler was written, then left out of the app's wiring. The code is parsed, never run.

    Fires on: ``POST /api/users -> 404`` with ``routes/users.js`` declaring ``router.post('/users', ...)``
    and ``app.js`` requiring it as ``usersRouter`` without ``app.use(usersRouter)``.
    Does not fire on: the same finding when the 404s are on other paths (a record not found).
    """
    unmounted = [f for f in facts.static if f.rule == "FW402"]
    if not unmounted:
        return None
    # The requests with their paths: a Newman report names the URL (http://host:port/api/users), not the path alone.
    requests = [(r.method, url_path(r.url) or path_in(r.name), r.status, request_evidence(r)) for r in facts.requests if r.method]
    for method, path, status, evidence in request_timeline(facts) + requests:
        if status != 404 or not path:
            continue
        for finding in unmounted:
            for fact in finding.facts:
                _, declared_method, route = (fact.split(" ", 2) + ["", ""])[:3]
                if declared_method in (method, "ALL", "ROUTE") and route_serves(route, path):
                    static = Evidence(kind="static", text=f"FW402: {finding.message}"[:500], path=finding.path, line=finding.line, source="code")
                    return Verdict(evidence=[evidence, static], position=float(evidence.line or 0))
    return None


#: The methods whose requests carry a body (bodiless ones among them, favourite and follow, are told apart by name: _BODYLESS_POST).
_BODY_WRITES = ("POST", "PUT", "PATCH")


@rule("RC416", "framework.wiring.body_parsing", signals={"http"}, confidence=INFERENCE)
def every_body_refused(facts: Facts) -> Verdict | None:
    """Every write that carries a body is refused with 400/422, on two endpoints or more, and none succeeds.

    Detects a run whose first failing request is a POST/PUT/PATCH with a body answered 400 or 422,
    where writes to at least two different paths (registration and login, say) are all refused that
    way and no write with a body gets a 2xx: a validation rule the handler invented rejects one kind
    of input, while input refused everywhere never reached the handlers (no JSON body parser
    mounted, a body schema that strips every field, the body read from the wrong place).

    Fires on: ``Register POST /api/users -> 422`` and ``Login POST /api/users/login -> 422`` with no
    write answered 2xx (``express.json()`` left out).
    Does not fire on: ``Register -> 422`` while ``Login -> 200`` (one handler's own rule, RC803).
    """
    failing = facts.failing_requests
    if not failing or failing[0].method not in _BODY_WRITES or failing[0].status not in (400, 422):
        return None
    writes = [r for r in facts.requests if r.method in _BODY_WRITES and not _BODYLESS_POST.search(r.name)]
    if any(r.status is not None and 200 <= r.status < 300 for r in writes):
        return None
    refused = [r for r in writes if r.status in (400, 422) and not r.ok]
    paths = {(url_path(r.url) or path_in(r.name) or r.name).rstrip("/") for r in refused}
    if len(paths) < 2:
        return None
    return requests_verdict(refused[:4])


#: A view called with arguments that do not fit it: the call is the framework's, from its dispatch.
_VIEW_SIGNATURE = re.compile(
    r"^(?P<view>[\w.]{1,200})\(\) (?:got an unexpected keyword argument|missing \d{1,3} required positional arguments?|takes \d{1,3} positional arguments? but)"
)
#: The web frameworks that call a view with the route's parameters (FastAPI binds them by the signature, so it never does this).
_DISPATCHING_FRAMEWORKS = frozenset({"django", "flask", "werkzeug", "aiohttp", "asgiref"})


@rule("RC417", "framework.wiring.route_params", signals={"traceback"}, confidence=INFERENCE)
def view_called_with_other_parameters(facts: Facts) -> Verdict | None:
    """The framework calls a view with route parameters the view does not take.

    Detects a ``TypeError`` about the view's own signature (``favorite() got an unexpected keyword
    argument 'pk'``, ``missing 1 required positional argument: 'slug'``) whose innermost frame is
    the framework's dispatch (Django's handlers, Flask's ``dispatch_request``, aiohttp's), not
    project code: the URL pattern names its parameter one way and the view another, so the call
    fails before a line of the view runs.

    Fires on: ``TypeError: favorite() got an unexpected keyword argument 'pk'`` under ``django/core/handlers/base.py``.
    Does not fire on: ``ArticleService.create() got an unexpected keyword argument 'tag_list'`` raised in
    the project's own route (RC205).
    """

    def from_dispatch(exc) -> bool:
        if exc.language != "python" or not exc.frames or exc.frames[-1].is_project:
            return False
        innermost = exc.frames[-1]
        return (innermost.library or "").split("/")[0] in _DISPATCHING_FRAMEWORKS

    exc = find_exception(facts, names=("TypeError",), message=_VIEW_SIGNATURE, where=from_dispatch)
    return exception_verdict(exc) if exc else None


RULES = (
    method_not_allowed,
    trailing_slash_mismatch,
    fastify_rejects_empty_json_body,
    coroutine_never_awaited,
    framework_configuration_error,
    response_sent_twice,
    server_adapter_mismatch,
    library_api_misused,
    request_body_not_parsed,
    body_declared_in_another_encoding,
    route_shadowed_by_earlier_route,
    declared_route_not_served,
    routes_never_mounted,
    fastapi_reads_a_query_parameter,
    handler_reads_an_undeclared_parameter,
    every_body_refused,
    view_called_with_other_parameters,
)
