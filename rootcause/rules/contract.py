"""Rules for responses that break the contract: shape and serialization."""

from __future__ import annotations

import re

from rootcause.evidence.facts import Facts, line_evidence
from rootcause.records import Evidence
from rootcause.rules.base import HEURISTIC, HIGH, INFERENCE, Verdict, rule
from rootcause.rules.match import exception_verdict, find_exception, match_anywhere, server_quiet


@rule("RC701", "contract.serialization.json_encode", signals={"traceback", "log"}, confidence=HIGH)
def value_not_json_serializable(facts: Facts) -> Verdict | None:
    """A response value cannot be encoded as JSON (datetime, Decimal, UUID, BigInt, ORM object).

    Detects ``Object of type X is not JSON serializable``, ``Do not know how to serialize a
    BigInt``, ``Converting circular structure to JSON`` and Django's ``is not JSON
    serializable``: the handler returns a value the encoder does not know.

    Fires on: ``TypeError: Object of type datetime is not JSON serializable``.
    Does not fire on: ``json.decoder.JSONDecodeError`` while reading a request body.
    """
    return match_anywhere(
        facts,
        re.compile(
            r"Object of type '?\w{1,100}'? is not JSON serializable|is not JSON serializable|Do not know how to serialize a BigInt|Converting circular structure to JSON|Unable to serialize unknown type"
        ),
    )


#: The whole response is ``None``: the handler returned nothing at all (a ``pass`` body, a forgotten ``return``).
_NOTHING_RETURNED = re.compile(r"'loc': \('response',\), 'msg': '[^'\n]{1,200}', 'input': None\}")


@rule("RC702", "contract.serialization.response_validation", signals={"traceback", "log"}, confidence=HIGH, also=("incomplete.endpoint.stub",))
def response_fails_its_own_model(facts: Facts) -> Verdict | None:
    """The response does not validate against the route's declared response model.

    Detects FastAPI's ``ResponseValidationError`` and pydantic ``validation error(s) for``
    a ``...Response``/``...Out`` model raised while serializing, and fastify's
    ``FST_ERR_RESPONSE_SERIALIZATION`` / ``"x" is required!`` from a response schema.

    When the value that failed is the whole response and it is ``None`` (``'loc': ('response',)``,
    ``'input': None``), the handler returned nothing: a placeholder body, ``incomplete.endpoint.stub``.

    Fires on: ``fastapi.exceptions.ResponseValidationError: 1 validation errors: {'type': 'missing', 'loc': ('response', 'user', 'token')...``.
    Does not fire on: ``RequestValidationError`` (the request, not the response).
    """
    exc = find_exception(facts, names=("ResponseValidationError",))
    if exc:
        if _NOTHING_RETURNED.search(exc.full_text()[:4000]) or facts.search(_NOTHING_RETURNED) is not None:
            return exception_verdict(exc, root_cause="incomplete.endpoint.stub", message="The handler returned nothing: its response is None.")
        return exception_verdict(exc)
    exc = find_exception(
        facts,
        names=("ValidationError",),
        message=re.compile(r"validation errors? for \w{0,100}(?:Response|Out|Schema)\b"),
        where=lambda e: any("serializ" in (f.function or "") or "response" in (f.function or "") for f in e.frames),
    )
    if exc:
        return exception_verdict(exc)
    return match_anywhere(
        facts, re.compile(r"FST_ERR_RESPONSE_SERIALIZATION|ResponseValidationError|is required!.{0,400}serializ|serializ.{0,400}is required!")
    )


_SHAPE_MESSAGE = re.compile(
    r"to have (?:property|key)s? '(?P<prop>\w{1,100})'|(?:has|contains) \"?(?P<prop2>\w{1,100})\"? (?:property|field|key)|expected .{0,100} to be an? (?:array|object|string|number|boolean)|"
    # assertion names that state a key or a type and nothing else: 'User has "email"', '"id" is an integer'
    r"(?:has|contains) (?:an? )?\"\w{1,100}\"(?: (?:array|object|list))?$|\"\w{1,100}\" is an? (?:integer|string|number|boolean|array|object|ISO 8601 timestamp)$|has every field$",
    re.IGNORECASE,
)

_FIELD_UNDEFINED = re.compile(
    r"\b[Ee]xpected [\w$.\[\]'\"]{1,100} to (?:be|equal|eql) [^\n]{1,120}? but (?:got|was|received) undefined\b|"
    r"\bexpected undefined to (?:be|equal|eql|deep|have|include|contain)\b"
)


@rule("RC703", "contract.shape.missing_field", signals={"http", "test"}, confidence=INFERENCE)
def response_lacks_contract_field(facts: Facts) -> Verdict | None:
    """Responses succeed but miss fields or types the contract requires.

    Detects failed assertion messages (from Newman reports or test output) that say a
    property is missing or has the wrong type, on requests that were answered 2xx, and test
    lines that read a field of the response and got ``undefined`` (``Expected user.firstName
    to be "Ada" but got undefined``, chai's ``expected undefined to be an array``) in a run
    where every request was answered below 400 and the server raised nothing.

    Fires on: ``AssertionError: expected { Object (id, title) } to have property 'slug'`` on ``Create Article POST → 201``.
    Does not fire on: status-code assertions (``expected response to have status code 200 but got 500``).
    """
    for request in facts.failing_requests:
        if request.status is None or not 200 <= request.status < 300:
            continue
        for message in request.messages:
            m = _SHAPE_MESSAGE.search(message[:2000])
            if m:
                return Verdict(
                    evidence=[Evidence(kind="request", text=f"{request.name}: {message[:300]}", line=request.position + 1, source="requests")],
                    position=float(request.position),
                )
    for test in facts.tests:
        if test.outcome in ("failed", "error") and test.message and _SHAPE_MESSAGE.search(test.message[:2000]):
            return Verdict(evidence=[Evidence(kind="test", text=f"{test.name}: {test.message[:300]}", path=test.path, line=test.line)])
    # A test that read a field of the response and found nothing there (JavaScript's ``undefined``).
    if any(r.status is None or r.status >= 400 for r in facts.failing_requests) or not server_quiet(facts):
        return None
    line = facts.search(_FIELD_UNDEFINED)
    return Verdict(evidence=[line_evidence(line, "test")], position=float(line.line)) if line else None


#: A test reading the response body: ``r.json()[...]``, ``res.body.x``, ``body["x"]``, ``response.data``, ``r.text``, ``r.content_type``.
_BODY_READ = re.compile(
    r"\.json\(\)|\bres(?:ponse)?\.(?:body|data)\b|\bbody\s?\[|\bbody\.\w|\bdata\s?\[|"
    r"\b(?:r|resp|res|response)\.(?:text|content_type|mimetype|headers)\b"
)
#: What a shape assertion says: a key not found, a value of another type, an object that lacks fields.
_SHAPE_ASSERTION = re.compile(
    r"KeyError|not found in \{|' in \{|assert isinstance\(|isinstance\('|'[^'\n]{0,60}' != -?\d|\d != '|"
    r"toHaveProperty|toMatchObject|objectContaining|Expected: (?:false|true|\d{1,12}|\[)\s*$|Received: (?:\d{1,12}|\"\d{1,12}\")\s*$|"
    r"Expected path:|Received path:|to have (?:property|key)|"
    # a number sent as a string, JSON-quoted text where plain text is expected, another media type
    r"Received: \"-?\d{1,12}(?:\.\d{1,12})?\"\s*$|'\"[^'\"\n]{0,80}\"' == '|'(?:text|application)/[\w.+-]{1,40}(?:; ?charset=[\w-]{1,20})?' == '(?:text|application)/",
    re.MULTILINE,
)
#: A number that came back as a string: chai's ``expected '3' to equal 3``, pytest's ``assert '3' == 3``, a check's own words.
_NUMBER_AS_STRING = re.compile(
    r"^expected '(?P<a>-?\d{1,15}(?:\.\d{1,15})?)' to (?:equal|be|eql|deep equal|strictly equal) (?P=a)$|"
    r"\bassert '(?P<b>-?\d{1,15}(?:\.\d{1,15})?)' == (?P=b)$|"
    r"\bto be an? (?:number|integer|float), (?:got|but got|received) [\"'](?:-?\d{1,15}(?:\.\d{1,15})?)[\"']"
)
#: The assertion that failed: pytest marks it ``>   ``, jest ``  > 6 |``.
_FAILING_LINE = re.compile(r"^\s{0,12}>\s(?:\s{0,4}\d{1,6} \|)?.{0,400}$", re.MULTILINE)
_STATUS_CHECK = re.compile(r"status(?:Code|_code)?\b.{0,40}(?:toBe|==|toEqual)|\.expect\(\d{3}\)")
_TEST_FILE = re.compile(r"(?:^|/)(?:tests?/|test_[\w-]{1,100}\.py$|[\w-]{1,100}_test\.py$|[\w.-]{1,100}\.(?:test|spec)\.[cm]?[jt]s$|tests\.py$)")


@rule("RC704", "contract.shape", signals={"test", "traceback"}, confidence=HEURISTIC)
def test_asserts_response_shape(facts: Facts) -> Verdict | None:
    """A test reads the response body and finds another shape than it expects.

    Detects a failing test (pytest, unittest, jest) whose assertion reads the response body
    (``r.json()["user"]``, ``res.body.article``) and fails on a missing key or a value of
    another type (``KeyError: 'token'``, ``'user' not found in {...}``, jest's ``toHaveProperty``
    or ``Expected: false / Received: 0``), while the requests themselves succeed and the server
    raised nothing. The contract's shape, not the logic, is what differs.

    Fires on: ``>       assert r.json()["user"]["token"]`` / ``E       KeyError: 'token'`` in ``test_login.py``.
    Does not fire on: ``assert r.status_code == 201`` failing with ``assert 200 == 201`` (a status, not a shape).
    """
    if any(r.status is not None and r.status >= 300 for r in facts.failing_requests):
        return None
    server_side = [
        e for e in facts.exceptions if not _raised_in_test(e) and not e.short_type.endswith("Warning") and not _NUMBER_AS_STRING.search(e.message[:500])
    ]
    if server_side:
        return None
    # A number that came back as a string says the shape by itself, wherever the check was written.
    exc = next((e for e in facts.exceptions if _NUMBER_AS_STRING.search(e.message[:500])), None)
    if exc is not None:
        return exception_verdict(exc)
    for exc in facts.exceptions:
        frame = exc.deepest_project_frame
        code = (frame.code or "") if frame else ""
        if (
            _raised_in_test(exc)
            and (_BODY_READ.search(code) or _BODY_READ.search(exc.message[:500]))
            and _SHAPE_ASSERTION.search(f"{exc.short_type}: {exc.message[:1000]}\n{code}")
        ):
            return exception_verdict(exc)
    for test in facts.tests:
        if test.outcome not in ("failed", "error"):
            continue
        text = f"{test.message or ''}\n{test.details or ''}"[:6000]
        failing = _FAILING_LINE.search(test.details or "")
        where = failing.group(0) if failing else text
        # the body may be read a line before the assertion (``tags = r.json()["tags"]`` / ``assert isinstance(tags, list)``)
        if (_BODY_READ.search(where) or _BODY_READ.search(test.details or "")) and _SHAPE_ASSERTION.search(text) and not _STATUS_CHECK.search(where):
            return Verdict(evidence=[Evidence(kind="test", text=f"{test.name}: {(test.message or '')[:300]}", path=test.path, line=test.line)])
    return None


def _raised_in_test(exc) -> bool:
    if exc.short_type not in ("AssertionError", "KeyError", "TypeError", "IndexError", "JestAssertionError"):
        return False
    frame = exc.deepest_project_frame
    return frame is not None and bool(_TEST_FILE.search(frame.relpath))


_FORMAT_COMPLAINT = re.compile(
    r"\b(?:response|body|content|result|output)\b[^\n]{0,60}\bis not (?:an? )?(?:valid )?(?:HTML|JSON|XML|CSV|txt|text|plain text)\b|"
    r"\bContent-Type\b[^\n]{0,40}(?:is not|was|but got|expected|mismatch)|\bnot (?:an? )?(?:HTML|JSON|txt|CSV)\b[^\n]{0,40}\(Content-Type|"
    r"\b(?:does ?n[o']t|did ?n[o']t|does not|did not) contain (?:the )?expected|\bmissing (?:expected )?(?:substrings?|fields?|keys?|properties)\b|"
    r"\b(?:unexpected|wrong) (?:response )?(?:format|shape|schema|structure)\b|\bfails? (?:the )?(?:response )?schema\b",
    re.IGNORECASE,
)


@rule("RC705", "contract.shape", signals={"test", "http"}, confidence=HEURISTIC)
def response_in_another_format(facts: Facts) -> Verdict | None:
    """The test got an answer, but in another format than the contract's.

    Detects a test or harness line saying the response is not the expected kind of document
    (``response is not HTML``, ``not a txt (Content-Type: text/html)``), lacks expected content
    (``doesn't contain the expected substrings``, ``missing fields``) or fails its schema, in a
    run whose failing requests were answered (no 4xx/5xx) and whose server raised nothing: the
    handler works, but what it returns is shaped differently.

    Fires on: ``response is not HTML: [{"id": ...}]`` after ``got 200 response``.
    Does not fire on: ``Expected 201 but got 500 for user registration``.
    """
    if facts.exceptions or any(r.status is None or r.status >= 400 for r in facts.failing_requests):
        return None
    line = facts.search(_FORMAT_COMPLAINT)
    if line is None:
        return None
    return Verdict(evidence=[line_evidence(line, "test")], position=float(line.line))


RULES = (value_not_json_serializable, response_fails_its_own_model, response_lacks_contract_field, test_asserts_response_shape, response_in_another_format)
