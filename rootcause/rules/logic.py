"""Rules for business logic and state propagation seen through the contract suite."""

from __future__ import annotations

import re

from rootcause.evidence.facts import Facts
from rootcause.model import Evidence
from rootcause.rules.base import HEURISTIC, INFERENCE, Verdict, rule
from rootcause.rules.match import exception_verdict, find_exception, requests_verdict

_LOST_SEGMENT = re.compile(r"/(?:null|undefined|NaN|None|\[object%20Object\]|%5Bobject%20Object%5D)(?:/|\?|$)")
_WRITE = re.compile(r"^(?:Create|Update|Favorite|Unfavorite|Follow|Unfollow|Delete)\b", re.IGNORECASE)


def _creator_failed(facts: Facts, creator: str) -> bool:
    """Whether the request that creates the identifier (``create article``...) got no 2xx answer."""
    return any(r.name.lower().startswith(creator) and (r.status is None or r.status >= 400) for r in facts.failing_requests)


@rule("RC801", "logic.state.identifier_lost", signals={"access", "traceback"}, confidence=INFERENCE)
def identifier_lost_between_requests(facts: Facts) -> Verdict | None:
    """An id or slug never reached the client, so later requests address ``/null``.

    Detects requests in the access log whose path has a ``null``/``undefined``/``NaN``
    segment (``GET /api/articles/null``) and handler errors parsing ``'null'`` as an id:
    the create response did not carry the identifier the suite stores for the next calls.

    Silent when the request that creates the identifier (create article or comment) itself
    got no 2xx answer: then the ``null`` is that failure's cascade.

    Fires on: ``"GET /api/articles/null HTTP/1.1" 422 Unprocessable Entity``.
    Does not fire on: ``GET /api/articles/how-to-train-your-dragon``; ``/api/articles/null``
    after ``Create Article POST → 401``.
    """
    entry = next((a for a in facts.access if _LOST_SEGMENT.search(a.path)), None)
    if entry and _creator_failed(facts, "create comment" if "/comments/" in entry.path else "create article"):
        return None  # the request that makes the id failed: the null is its cascade, not a lost id
    if entry:
        return Verdict(evidence=[Evidence(kind="log", text=f"{entry.method} {entry.path} -> {entry.status}", source=entry.source, line=entry.line)], position=float(entry.line))
    exc = find_exception(facts, message=re.compile(r"invalid literal for int\(\) with base 10: '(?:null|undefined|None)'"))
    return exception_verdict(exc) if exc else None


@rule("RC802", "logic.state.not_persisted", signals={"http"}, confidence=HEURISTIC)
def writes_answer_but_do_not_stick(facts: Facts) -> Verdict | None:
    """Writes answer 2xx but their effect is missing from the response or from later reads.

    Detects a run whose failing requests are mostly writes (create, update, favourite,
    follow) answered 2xx with a few failed assertions each: the handler ran, but the new
    state was not saved or not reflected (``favorited`` stays false, the update is lost).

    Fires on: ``Update Article PUT → 200: 5 failed``, ``Favorite Article POST → 200: 1 failed``, ``Update User PUT → 200: 1 failed``.
    Does not fire on: writes answered 422 or 500 (rejected or crashed, not lost).
    """
    failing = facts.failing_requests
    writes = [r for r in failing if _WRITE.match(r.name) and r.status is not None and 200 <= r.status < 300]
    if len(writes) < 2 or len(writes) * 3 < len(failing) * 2:
        return None
    return requests_verdict(writes)


@rule("RC803", "logic.business.validation", signals={"http"}, confidence=HEURISTIC)
def valid_input_rejected(facts: Facts) -> Verdict | None:
    """The first failure is a valid write rejected with 400/422.

    Detects a run whose earliest failing request is a write answered 400 or 422 (and the
    framework is not one whose body parser explains the 400): the handler's validation
    rules are stricter than the contract.

    Fires on: ``Update Article PUT → 422: 13 failed`` as the first failure.
    Does not fire on: ``Favorite Article POST → 400`` on Fastify (body parsing: RC403).
    """
    failing = facts.failing_requests
    if not failing:
        return None
    first = failing[0]
    if first.method in ("POST", "PUT", "PATCH") and first.status in (400, 422):
        if facts.framework == "fastify" and first.status == 400 and re.search(r"favorite|follow", first.name, re.IGNORECASE):
            return None
        return requests_verdict([first])
    return None


@rule("RC804", "logic.business.status_code", signals={"http"}, confidence=INFERENCE)
def success_with_the_wrong_status(facts: Facts) -> Verdict | None:
    """A request succeeds but answers a different success status than the contract's.

    Detects failing requests whose expected status is known (from the suite's assertion
    names, e.g. "Response code is 201") and whose actual status is another 2xx: the handler
    works but reports it with the wrong code (200 for a creation, 201 for an update).

    Fires on: ``Register`` answered 200 where the suite asserts "Response code is 201".
    Does not fire on: ``Register`` answered 500 (a crash, not a status choice).
    """
    wrong = [
        r for r in facts.failing_requests
        if r.expected_status is not None and r.status is not None and r.status != r.expected_status and 200 <= r.status < 300 and 200 <= r.expected_status < 300
    ]
    return requests_verdict(wrong) if wrong else None


RULES = (identifier_lost_between_requests, writes_answer_but_do_not_stick, valid_input_rejected, success_with_the_wrong_status)
