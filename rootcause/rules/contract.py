"""Rules for responses that break the contract: shape and serialization."""

from __future__ import annotations

import re

from rootcause.evidence.facts import Facts
from rootcause.model import Evidence
from rootcause.rules.base import HIGH, INFERENCE, Verdict, rule
from rootcause.rules.match import exception_verdict, find_exception, match_anywhere


@rule("RC701", "contract.serialization.json_encode", signals={"traceback", "log"}, confidence=HIGH)
def value_not_json_serializable(facts: Facts) -> Verdict | None:
    """A response value cannot be encoded as JSON (datetime, Decimal, UUID, BigInt, ORM object).

    Detects ``Object of type X is not JSON serializable``, ``Do not know how to serialize a
    BigInt``, ``Converting circular structure to JSON`` and Django's ``is not JSON
    serializable``: the handler returns a value the encoder does not know.

    Fires on: ``TypeError: Object of type datetime is not JSON serializable``.
    Does not fire on: ``json.decoder.JSONDecodeError`` while reading a request body.
    """
    return match_anywhere(facts, re.compile(r"Object of type '?\w{1,100}'? is not JSON serializable|is not JSON serializable|Do not know how to serialize a BigInt|Converting circular structure to JSON|Unable to serialize unknown type"))


@rule("RC702", "contract.serialization.response_validation", signals={"traceback", "log"}, confidence=HIGH)
def response_fails_its_own_model(facts: Facts) -> Verdict | None:
    """The response does not validate against the route's declared response model.

    Detects FastAPI's ``ResponseValidationError`` and pydantic ``validation error(s) for``
    a ``...Response``/``...Out`` model raised while serializing, and fastify's
    ``FST_ERR_RESPONSE_SERIALIZATION`` / ``"x" is required!`` from a response schema.

    Fires on: ``fastapi.exceptions.ResponseValidationError: 1 validation errors: {'type': 'missing', 'loc': ('response', 'user', 'token')...``.
    Does not fire on: ``RequestValidationError`` (the request, not the response).
    """
    exc = find_exception(facts, names=("ResponseValidationError",))
    if exc:
        return exception_verdict(exc)
    exc = find_exception(facts, names=("ValidationError",), message=re.compile(r"validation errors? for \w{0,100}(?:Response|Out|Schema)\b"), where=lambda e: any("serializ" in (f.function or "") or "response" in (f.function or "") for f in e.frames))
    if exc:
        return exception_verdict(exc)
    return match_anywhere(facts, re.compile(r"FST_ERR_RESPONSE_SERIALIZATION|ResponseValidationError|is required!.{0,400}serializ|serializ.{0,400}is required!"))


_SHAPE_MESSAGE = re.compile(r"to have (?:property|key)s? '(?P<prop>\w{1,100})'|(?:has|contains) \"?(?P<prop2>\w{1,100})\"? (?:property|field|key)|expected .{0,100} to be an? (?:array|object|string|number|boolean)", re.IGNORECASE)


@rule("RC703", "contract.shape.missing_field", signals={"http", "test"}, confidence=INFERENCE)
def response_lacks_contract_field(facts: Facts) -> Verdict | None:
    """Responses succeed but miss fields or types the contract requires.

    Detects failed assertion messages (from Newman reports or test output) that say a
    property is missing or has the wrong type, on requests that were answered 2xx.

    Fires on: ``AssertionError: expected { Object (id, title) } to have property 'slug'`` on ``Create Article POST → 201``.
    Does not fire on: status-code assertions (``expected response to have status code 200 but got 500``).
    """
    for request in facts.failing_requests:
        if request.status is None or not 200 <= request.status < 300:
            continue
        for message in request.messages:
            m = _SHAPE_MESSAGE.search(message[:2000])
            if m:
                return Verdict(evidence=[Evidence(kind="request", text=f"{request.name}: {message[:300]}", line=request.position + 1, source="requests")], position=float(request.position))
    for test in facts.tests:
        if test.outcome in ("failed", "error") and test.message and _SHAPE_MESSAGE.search(test.message[:2000]):
            return Verdict(evidence=[Evidence(kind="test", text=f"{test.name}: {test.message[:300]}", path=test.path, line=test.line)])
    return None


RULES = (value_not_json_serializable, response_fails_its_own_model, response_lacks_contract_field)
