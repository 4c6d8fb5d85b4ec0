"""Rules for framework conventions and lifecycle: routes, methods, slashes, body parsing, async."""

from __future__ import annotations

import re

from rootcause.evidence.facts import Facts, line_evidence
from rootcause.model import Evidence
from rootcause.rules.base import HIGH, INFERENCE, Verdict, rule
from rootcause.rules.match import exception_verdict, find_exception, line_verdict, match_anywhere, requests_verdict

_BODYLESS_POST = re.compile(r"favorite|follow", re.IGNORECASE)
_COROUTINE_MISUSE = re.compile(r"'coroutine' object (?:is not subscriptable|has no attribute|is not iterable|is not callable|does not support)|coroutine '(?P<fn>[\w.]{1,200})' was never awaited|object (?:Row|dict|list) can't be used in 'await' expression")
_AUTH_WORDS = re.compile(r"user|viewer|auth|token|current|login|identity|principal|jwt", re.IGNORECASE)


@rule("RC401", "framework.wiring.method_not_allowed", signals={"http", "access", "log"}, confidence=INFERENCE)
def method_not_allowed(facts: Facts) -> Verdict | None:
    """A route exists but does not accept the request's method (405).

    Detects a failing request answered 405, a 405 in the access log, or the framework's
    ``Method Not Allowed`` line: typically one path registered twice (GET in one view,
    PUT/DELETE in another) so one definition shadows the other.

    Fires on: ``Method Not Allowed: /api/articles/how-to-train-your-dragon`` and ``"GET /api/articles/... HTTP/1.1" 405``.
    Does not fire on: a run whose failing requests are all 200/422.
    """
    failing = [r for r in facts.failing_requests if r.status == 405]
    if failing:
        verdict = requests_verdict(failing)
        line = facts.search(re.compile(r"Method Not Allowed"))
        extra = [line_evidence(line)] if line else []
        return Verdict(evidence=[*verdict.evidence, *extra], position=verdict.position)
    entry = next((a for a in facts.access if a.status == 405 and a.path.startswith("/api")), None)
    if entry:
        return Verdict(evidence=[Evidence(kind="log", text=f"{entry.method} {entry.path} -> 405", source=entry.source, line=entry.line)], position=float(entry.line))
    return None


@rule("RC402", "framework.wiring.trailing_slash", signals={"traceback", "access", "log"}, confidence=INFERENCE)
def trailing_slash_mismatch(facts: Facts) -> Verdict | None:
    """Routes are declared with a different trailing slash than the contract's paths.

    Detects Django's ``APPEND_SLASH`` RuntimeError (HIGH), and redirects (301/307/308) the
    server answers for ``/api`` paths: the test client does not follow them for POST/PUT,
    or follows them to a route that does not exist.

    Fires on: ``"POST /api/users HTTP/1.1" 307 Temporary Redirect`` with FastAPI routes declared as ``/api/users/``.
    Does not fire on: a 302 redirect of a browser login page outside ``/api``.
    """
    exc = find_exception(facts, message=re.compile(r"APPEND_SLASH|doesn't end in a slash"))
    if exc:
        return exception_verdict(exc, confidence=HIGH)
    redirects = [a for a in facts.access if a.status in (301, 307, 308) and a.path.startswith("/api")]
    if redirects:
        first = redirects[0]
        return Verdict(evidence=[Evidence(kind="log", text=f"{first.method} {first.path} -> {first.status}", source=first.source, line=first.line)], position=float(first.line))
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


@rule("RC404", "framework.wiring.async_misuse", signals={"traceback", "log"}, confidence=INFERENCE)
def coroutine_never_awaited(facts: Facts) -> Verdict | None:
    """An async function is called without ``await`` and its coroutine used as a value.

    Detects ``'coroutine' object is not subscriptable`` / ``has no attribute`` and
    ``coroutine '...' was never awaited``. When the coroutine is the current user or token
    lookup (the frame's code or function names a user/auth/token), the upstream cause is
    authentication and the verdict is ``auth.config.current_user``.

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
        re.compile(r"ImproperlyConfigured|DisallowedHost|Invalid HTTP_HOST header|CSRF (?:verification failed|Failed|cookie not set|token missing)|Working outside of (?:application|request) context|FastAPIError|No application found\. Either work inside a view function"),
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
        re.compile(r"ERR_HTTP_HEADERS_SENT|Cannot set headers after they are sent|Reply was already sent|Context is not finalized|did not return a valid response|must be an instance of `HttpRequest`, not|The view function for '.{1,200}' did not return"),
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
    return match_anywhere(facts, re.compile(r"duplex option is required when sending a body|(?:raw\.)?headers\.get is not a function|app\.fetch is not a function|Cannot read properties of undefined \(reading 'duplex'\)"))


RULES = (
    method_not_allowed,
    trailing_slash_mismatch,
    fastify_rejects_empty_json_body,
    coroutine_never_awaited,
    framework_configuration_error,
    response_sent_twice,
    server_adapter_mismatch,
)
