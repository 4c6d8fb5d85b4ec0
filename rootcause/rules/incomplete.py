"""Rules for endpoints that were never implemented."""

from __future__ import annotations

import re

from rootcause.evidence.facts import Facts, line_evidence
from rootcause.records import Evidence
from rootcause.rules.base import HEURISTIC, HIGH, INFERENCE, Verdict, rule
from rootcause.rules.handlers import declared_routes
from rootcause.rules.match import exception_verdict, find_exception, line_verdict, requests_verdict

_ROUTE_NOT_FOUND = re.compile(r"Route (?:GET|POST|PUT|DELETE|PATCH):/api/\S{1,300} not found|Cannot (?:GET|POST|PUT|DELETE|PATCH) /api/|^Not Found: /api/")
# Requests whose URL holds no id created earlier in the run: a 404 there means no route.
_STATIC_ROUTES = re.compile(r"^(?:Current User|Update User|Feed|All Tags|All Articles|Articles by|Articles Favorited|Register|Login)\b", re.IGNORECASE)


@rule("RC601", "incomplete.endpoint.missing", signals={"http", "log"}, confidence=HEURISTIC)
def endpoint_answers_404(facts: Facts) -> Verdict | None:
    """Requests for a contract endpoint get 404: the route was never implemented.

    Detects the framework's own not-found messages for ``/api`` paths (Fastify ``Route GET:/api/x
    not found``, Express ``Cannot GET /api/x``, Django ``Not Found: /api/x``; INFERENCE), or a
    404 on a request whose path has no id from an earlier step (``/api/user``, ``/api/tags``,
    ``/api/articles/feed``), or 404s on every request of one resource while others pass.

    Fires on: ``All Comments for Article GET → 404`` and ``Create Comment for Article POST → 404`` with articles working.
    Does not fire on: ``Single Article by slug GET → 404`` after ``Create Article POST`` failed (no article to find).
    """
    line = facts.search(_ROUTE_NOT_FOUND)
    if line:
        return line_verdict(line, confidence=INFERENCE)
    failing = facts.failing_requests
    not_found = [r for r in failing if r.status == 404]
    if not not_found:
        return None
    static = [r for r in not_found if _STATIC_ROUTES.match(r.name)]
    if static and static[0] is failing[0]:
        return requests_verdict(static)
    comments = [r for r in not_found if "comment" in r.name.lower()]
    create_failed = any(r.name.lower().startswith("create article") and r.status != 404 for r in failing)
    if comments and len(comments) == len(not_found) and not create_failed:
        return requests_verdict(comments)
    return None


#: What a JavaScript placeholder throws: ``new Error('Not implemented')``, ``'Method not implemented.'``, ``'TODO'``.
_JS_PLACEHOLDER = re.compile(r"^(?:(?:method |function |endpoint |route )?not (?:yet )?implemented\b|unimplemented\b|todo\b)", re.IGNORECASE)


@rule("RC602", "incomplete.endpoint.stub", signals={"traceback", "http"}, confidence=HIGH)
def endpoint_is_a_stub(facts: Facts) -> Verdict | None:
    """A handler exists but is a placeholder: it raises NotImplementedError or answers 501.

    Detects a ``NotImplementedError`` raised in the project's own code (HIGH: nothing but a
    placeholder raises it in a web handler), failing requests answered ``501 Not
    Implemented`` (INFERENCE), or route handlers in the run's code whose body does nothing
    (only comments, ``pass``, a docstring) in a run where a request was taken and never
    answered (a connection closed without response, a timeout, Flask's "did not return a valid
    response"; INFERENCE). The code is parsed, never run.

    In JavaScript, which has no such class, a plain ``Error`` whose message says the code is not
    implemented (``throw new Error('Not implemented')``, an editor's ``Method not implemented.``),
    thrown from the project's own frame, is the same placeholder.

    Fires on: ``raise NotImplementedError("TODO: update_current_user")`` in ``routes/users.py``.
    Does not fire on: a ``NotImplementedError`` raised only inside a library's frames; a 500.
    """
    exc = find_exception(facts, names=("NotImplementedError",), where=lambda e: bool(e.frames) and e.frames[-1].is_project)
    if exc is not None:
        return exception_verdict(exc)
    # JavaScript has no NotImplementedError: a placeholder throws a plain Error that says so (an editor's
    # generated stub says "Method not implemented.").
    exc = find_exception(
        facts,
        names=("Error",),
        message=_JS_PLACEHOLDER,
        where=lambda e: e.language == "node" and e.short_type == "Error" and bool(e.frames) and e.frames[0].is_project,
    )
    if exc is not None:
        return exception_verdict(exc)
    stubs = [r for r in facts.failing_requests if r.status == 501]
    if stubs:
        return requests_verdict(stubs, confidence=INFERENCE)
    return _empty_handlers(facts)


#: A request the server took and never answered, as clients and frameworks report it.
_NEVER_ANSWERED = re.compile(
    r"Remote end closed connection without response|socket hang up|Read timed out|timed out after|Timeout of \d{1,9}ms exceeded"
    r"|did not finish within \d{1,6} seconds|did not return a valid response|ended without a return statement|^TimeoutError: timed out$"
)


def _empty_handlers(facts: Facts) -> Verdict | None:
    """Route handlers whose body does nothing, in a run where a request went unanswered (INFERENCE)."""
    if not facts.whole_files:
        return None
    empty = [route for route in declared_routes(facts.files) if route.empty]
    if not empty:
        return None
    line = facts.search(_NEVER_ANSWERED)
    unanswered = [r for r in facts.failing_requests if r.status is None]
    if line is None and not unanswered:
        return None
    names = ", ".join(f"{r.method or 'any'} {r.route}" for r in empty[:4])
    static = Evidence(kind="static", text=f"{len(empty)} handler(s) with an empty body: {names}", path=empty[0].path, line=empty[0].line)
    first = [line_evidence(line)] if line else requests_verdict(unanswered).evidence[:1]
    return Verdict(evidence=[*first, static], confidence=INFERENCE, position=float(line.line) if line else 0.0)


RULES = (endpoint_answers_404, endpoint_is_a_stub)
