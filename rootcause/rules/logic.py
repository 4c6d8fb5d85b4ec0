"""Rules for business logic and state propagation seen through the contract suite."""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator

from rootcause.evidence.facts import Facts, line_evidence
from rootcause.parsing.http import ISSUES_TOKEN
from rootcause.records import Evidence, RequestResult
from rootcause.rules.base import HEURISTIC, INFERENCE, Verdict, rule
from rootcause.rules.handlers import StatusSite, answering_sites, answers_only_absence, python_tree, refused_value, request_body, request_timeline
from rootcause.rules.match import (
    MAX_CODE_CHARS,
    code_evidence,
    exception_verdict,
    failing_with,
    find_exception,
    line_verdict,
    requests_verdict,
    run_failed,
    server_quiet,
)

_LOST_SEGMENT = re.compile(r"/(?:null|undefined|NaN|None|\[object%20Object\]|%5Bobject%20Object%5D)(?:/|\?|$)")
_WRITE = re.compile(r"^(?:Create|Update|Favorite|Unfavorite|Follow|Unfollow|Delete)\b", re.IGNORECASE)


_WRITE_METHODS = ("POST", "PUT", "PATCH")
#: One request of :func:`~rootcause.rules.handlers.request_timeline`: method, path, status, evidence.
Step = tuple[str, str, int | None, Evidence]


def _creator_failed(facts: Facts, creator: str) -> bool:
    """Whether the request that creates the identifier (``create article``...) got no 2xx answer."""
    return any(r.name.lower().startswith(creator) and (r.status is None or r.status >= 400) for r in facts.failing_requests)


@rule("RC801", "logic.state.identifier_lost", signals={"access", "traceback"}, confidence=INFERENCE)
def identifier_lost_between_requests(facts: Facts) -> Verdict | None:
    """An id or slug never reached the client, so later requests address ``/null``.

    Detects requests (in the access log, else as a test or harness printed them) whose path has
    a ``null``/``undefined``/``NaN`` segment (``GET /api/articles/null``) and handler errors parsing ``'null'`` as an id:
    the create response did not carry the identifier the suite stores for the next calls.

    Silent when the request that creates the identifier (create article or comment) itself
    got no 2xx answer: then the ``null`` is that failure's cascade.

    Fires on: ``"GET /api/articles/null HTTP/1.1" 422 Unprocessable Entity``.
    Does not fire on: ``GET /api/articles/how-to-train-your-dragon``; ``/api/articles/null``
    after ``Create Article POST → 401``.
    """
    entry = next((step for step in request_timeline(facts) if _LOST_SEGMENT.search(step[1])), None)
    if entry and _creator_failed(facts, "create comment" if "/comments/" in entry[1] else "create article"):
        return None  # the request that makes the id failed: the null is its cascade, not a lost id
    if entry:
        return Verdict(evidence=[entry[3]], position=float(entry[3].line or 0))
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
        r
        for r in facts.failing_requests
        if r.expected_status is not None and r.status is not None and r.status != r.expected_status and 200 <= r.status < 300 and 200 <= r.expected_status < 300
    ]
    return requests_verdict(wrong) if wrong else None


_DELIVERABILITY_CHECK = re.compile(r"\bvalidate_email\((?![^)\n]{0,300}check_deliverability[ \t]*=[ \t]*False)")
_NO_DELIVERABILITY = re.compile(r"\bCHECK_DELIVERABILITY[ \t]*=[ \t]*False")


@rule("RC805", "logic.business.validation", signals={"http", "static"}, confidence=INFERENCE)
def email_deliverability_checked(facts: Facts) -> Verdict | None:
    """Valid sign-ups are refused because the code checks that the e-mail domain receives mail.

    Detects a failing request answered 400/422 by code that calls email-validator's
    ``validate_email(...)`` without ``check_deliverability=False``: the library's default looks the
    domain up in DNS, so test addresses (``user@example.com``, or any address with no network)
    are rejected. A validation rule the contract does not have.

    Fires on: ``Expected 201 but got 400 for user registration`` with ``validate_email(data.email)`` in the code.
    Does not fire on: ``validate_email(email, check_deliverability=False)``.
    """
    refused = [r for r in facts.failing_requests if r.status in (400, 422)]
    if not refused:
        return None
    static = code_evidence(facts, _DELIVERABILITY_CHECK, unless=_NO_DELIVERABILITY)
    if static is None:
        return None
    verdict = requests_verdict(refused)
    return Verdict(evidence=[*verdict.evidence, static], position=verdict.position)


_RATE_LIMITED = re.compile(
    r"\b429\b[^\n]{0,80}(?:Too Many Requests|rate.?limit)|(?:Too Many Requests|rate.?limit(?:ed| exceeded))[^\n]{0,80}\b429\b", re.IGNORECASE
)


@rule("RC806", "logic.business.rule", signals={"http", "log"}, confidence=INFERENCE)
def requests_rate_limited(facts: Facts) -> Verdict | None:
    """The server refuses the client's ordinary requests with 429: a rate limit nobody asked for.

    Detects a failing request answered 429 (Too Many Requests) or a line saying so: a test
    suite sends requests at its own pace, and a limit the contract does not define turns the
    later ones away. A business rule added by the code.

    Fires on: ``Failed to execute command with status code 429 and message: Rate limit exceeded``.
    Does not fire on: a run whose failing requests got 400 or 500.
    """
    limited = failing_with(facts, (429,))
    if limited:
        return requests_verdict(limited)
    line = facts.search(_RATE_LIMITED)
    return line_verdict(line) if line is not None else None


@rule("RC807", "logic.business.status_code", signals={"http", "static"}, confidence=INFERENCE)
def handler_error_swallowed(facts: Facts) -> Verdict | None:
    """A broad ``except`` turns the handler's own error status into 400 or 500.

    Detects a failing request that expected a 4xx but got 400 or 500, in Python code where an
    ``HTTPException``/``abort(...)`` raised inside a ``try`` is caught by ``except Exception`` (or a
    bare ``except``) that answers with another status: the right refusal is raised and then
    replaced. The code is parsed, never run.

    Fires on: ``Expected 403 but got 500 for adding a duplicate profile`` with ``raise HTTPException(403)`` inside ``try: ... except Exception: raise HTTPException(500)``.
    Does not fire on: ``except IntegrityError:`` around the same raise.
    """
    wrong = [
        r
        for r in facts.failing_requests
        if r.status in (400, 500) and r.expected_status is not None and 400 <= r.expected_status < 500 and r.expected_status != r.status
    ]
    if not wrong:
        return None
    for path, text in facts.files.items():
        if not path.endswith(".py") or not isinstance(text, str):
            continue
        line = swallowing_handler(text[:MAX_CODE_CHARS])
        if line is not None:
            verdict = requests_verdict(wrong)
            static = Evidence(kind="static", text="an HTTP error raised in this try is caught by a broad except", path=path, line=line)
            return Verdict(evidence=[*verdict.evidence, static], position=verdict.position)
    return None


def swallowing_handler(source: str) -> int | None:
    """Line of the first broad ``except`` that catches an HTTP error raised in its own ``try`` body."""
    tree = python_tree(source)
    if tree is None:
        return None

    def raises_http(nodes, helpers: frozenset[str] = frozenset()) -> bool:
        for node in nodes:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Raise) and sub.exc is not None:
                    call = sub.exc.func if isinstance(sub.exc, ast.Call) else sub.exc
                    name = call.attr if isinstance(call, ast.Attribute) else getattr(call, "id", "")
                    if name in ("HTTPException", "Forbidden", "NotFound", "Conflict", "Unauthorized"):
                        return True
                if isinstance(sub, ast.Call):
                    called = sub.func.attr if isinstance(sub.func, ast.Attribute) else getattr(sub.func, "id", None)
                    if called == "abort" or called in helpers:
                        return True
        return False

    # Functions of the module that raise an HTTP error themselves: a call to one inside a try counts.
    helpers = frozenset(node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and raises_http(node.body))

    for node in ast.walk(tree):
        if not isinstance(node, ast.Try) or not raises_http(node.body, helpers):
            continue
        for handler in node.handlers:
            caught = handler.type
            if caught is None or (isinstance(caught, ast.Name) and caught.id in ("Exception", "BaseException")):
                return handler.lineno
            if isinstance(caught, ast.Tuple) and any(getattr(e, "id", None) in ("Exception", "BaseException") for e in caught.elts):
                return handler.lineno
            if isinstance(caught, ast.Name) and caught.id in ("HTTPException",):
                break
    return None


_SESSION_WRITE = re.compile(
    r"\bsession\[[^\]\n]{1,100}\][ \t]*(?:=|\.append\(|\+=)|\bsession\.setdefault\(|\breq\.session\.[\w$]{1,100}[ \t]*=[^=]|\bres\.cookie\([ \t]*['\"][\w-]{0,40}(?:cart|session|sid)[\w-]{0,40}['\"]",
    re.IGNORECASE,
)
_VALUE_MISMATCH = re.compile(
    r"(?:mismatch|expected)[^\n]{0,120}\b(?:got|but was|received|actual)\b|\bnot found in (?:the )?response\b|\bis empty\b|\bassert [^\n]{1,200} == ",
    re.IGNORECASE,
)


@rule("RC808", "logic.state.not_persisted", signals={"http", "static", "test"}, confidence=HEURISTIC)
def state_kept_in_client_session(facts: Facts) -> Verdict | None:
    """State the next request needs is kept in a cookie session the client does not send back.

    Detects code that stores request state in a session or cookie (Flask ``session[...] = ...``,
    ``req.session.x = ...``, a ``cart``/``session`` cookie) in a run whose requests all succeed
    (no server error, no 401/403) while the test reports a wrong or missing value: an API client
    without a cookie jar starts every call with an empty session, so what one call stored is not
    there for the next.

    Fires on: ``Cart total mismatch: expected 50.00, got 0.00`` with ``session['cart'] = cart`` in the code.
    Does not fire on: the same code when the failing request got 500.
    """
    if facts.exceptions or any(r.status is None or r.status >= 400 for r in facts.failing_requests):
        return None
    static = code_evidence(facts, _SESSION_WRITE)
    if static is None:
        return None
    line = facts.search(_VALUE_MISMATCH)
    if line is None:
        return None
    return Verdict(evidence=[line_evidence(line, "test"), static], position=float(line.line))


#: Writes through an API that keeps them in an open transaction until ``commit()``.
_UNCOMMITTED_WRITES = (
    # DB-API drivers (sqlite3, psycopg, pymysql): an INSERT/UPDATE/DELETE executed on a cursor or connection.
    (
        re.compile(r"^[ \t]*import[ \t]+(?:sqlite3|psycopg2?|pymysql|MySQLdb)\b|^[ \t]*from[ \t]+(?:sqlite3|psycopg2?|pymysql)\b", re.MULTILINE),
        re.compile(r"\.execute(?:many)?\([ \t]*(?:f|r)?['\"]{1,3}[ \t]*(?:INSERT|UPDATE|DELETE|REPLACE)\b", re.IGNORECASE),
    ),
    # SQLAlchemy Core on engine.connect() (2.0 style: nothing is committed without conn.commit()).
    (
        re.compile(r"\.connect\(\)"),
        re.compile(r"\.execute\([ \t]*(?:insert|update|delete)\([ \t]*\w|\.execute\([ \t]*text\([ \t]*['\"][ \t]*(?:INSERT|UPDATE|DELETE)\b", re.IGNORECASE),
    ),
    # An ORM session: objects added or deleted, perhaps flushed, never committed.
    (
        re.compile(r"\bfrom[ \t]+(?:sqlalchemy|sqlmodel|flask_sqlalchemy)\b"),
        re.compile(r"\b(?:session|db|db\.session|db_session)\.(?:add|add_all|delete|merge)\("),
    ),
    # node-postgres: a transaction begun by hand.
    (re.compile(r"require\([ \t]*['\"]pg['\"]\)|from[ \t]+['\"]pg['\"]"), re.compile(r"\.query\([ \t]*['\"`][ \t]*BEGIN\b", re.IGNORECASE)),
)
_COMMITS = re.compile(
    r"\.commit\(|\bautocommit\b|isolation_level[ \t]*=[ \t]*None|\.begin\(\)|\bCOMMIT\b|^[ \t]*(?:async[ \t]+)?with[ \t]+(?:sqlite3\.|psycopg2?\.|\w{1,40}[ \t]+as[ \t]+\w|conn\b|connection\b|con\b|db\b)",
    re.MULTILINE,
)
#: A Sequelize/TypeORM instance changed from the request and returned without being saved.
_SEQUELIZE_UNSAVED = re.compile(
    r"^[ \t]*(?!(?:const|let|var|this)\b)[a-z]\w{0,40}\.[a-z]\w{0,40}[ \t]*=[ \t]*(?:req|request|ctx\.request|c\.req)\.\w", re.MULTILINE
)
_SAVES = re.compile(r"\.(?:save|update|increment|decrement|upsert|reload)\(")
_ORM_NODE = re.compile(r"require\([ \t]*['\"](?:sequelize|typeorm)['\"]\)|from[ \t]+['\"](?:sequelize|typeorm)['\"]")


def _uncommitted_write(facts: Facts) -> Evidence | None:
    for path, text in facts.files.items():
        if not isinstance(text, str):
            continue
        text = text[:MAX_CODE_CHARS]
        found = None
        for uses, write in _UNCOMMITTED_WRITES:
            m = write.search(text) if uses.search(text) else None
            if m:
                found = m
                break
        if found is None and _ORM_NODE.search(text) and not _SAVES.search(text):
            found = _SEQUELIZE_UNSAVED.search(text)
        elif found is not None and _COMMITS.search(text):
            found = None
        if found is not None:
            line = text.count("\n", 0, found.start()) + 1
            return Evidence(kind="static", text=f"written, never committed or saved: {text.splitlines()[line - 1].strip()[:160]}", path=path, line=line)
    return None


@rule("RC809", "logic.state.not_persisted", signals={"http", "static", "test"}, confidence=INFERENCE)
def writes_never_committed(facts: Facts) -> Verdict | None:
    """The code writes inside a transaction it never commits, so later reads do not see the write.

    Detects code that writes with an API that holds writes in an open transaction until an
    explicit commit (a DB-API ``execute("INSERT ...")`` on sqlite3/psycopg, SQLAlchemy Core on
    ``engine.connect()``, a session's ``add()``/``flush()``, node-postgres ``BEGIN``) and never
    commits anywhere in the file (no ``commit()``, autocommit, ``with`` block or ``engine.begin()``),
    or a Sequelize instance changed from the request and never saved, in a run where the server
    raised nothing and answered no 5xx while a request or test found the data missing or unchanged.
    The connection closes, the transaction rolls back, and the write answered 2xx for nothing.

    Fires on: ``Expected 200 but got 404 for GET /api/orders/1`` with ``db.add(order); db.flush()`` and no ``commit()``.
    Does not fire on: the same code with ``db.commit()``; a run where the write raised a traceback.
    """
    if not facts.whole_files:
        return None
    if not server_quiet(facts, assertions=("AssertionError",)):
        return None  # the server (or the test) raised: that error is the cause to explain
    if any(r.status is None or r.status >= 500 or r.status in (401, 403) for r in facts.failing_requests):
        return None
    if not run_failed(facts, assertions=("AssertionError",)):
        return None
    static = _uncommitted_write(facts)
    if static is None:
        return None
    if facts.failing_requests:
        verdict = requests_verdict(facts.failing_requests)
        return Verdict(evidence=[*verdict.evidence, static], position=verdict.position)
    return Verdict(evidence=[static])


def _refusing_sites(facts: Facts, statuses: tuple[int, ...]) -> list[tuple[RequestResult, list[StatusSite]]]:
    """Each failing request refused with one of ``statuses`` where the contract wanted a success,
    with the statements of the code that can have answered it (its route's handler when found)."""
    if not facts.whole_files:
        return []
    refused = [r for r in facts.failing_requests if r.status in statuses and (r.expected_status is None or 200 <= r.expected_status < 300)]
    return [(r, answering_sites(facts, r)) for r in refused]


def _site_evidence(site: StatusSite, detail: str) -> Evidence:
    return Evidence(kind="static", text=f"answers {site.status} {detail}"[:300], path=site.path, line=site.line)


@rule("RC810", "logic.business.validation", signals={"http", "static"}, confidence=HEURISTIC)
def own_validation_refuses(facts: Facts) -> Verdict | None:
    r"""A valid request is refused by a validation rule the code made up.

    Detects a failing request answered 400 or 422 where the test expected a success, in a run
    whose server raised nothing, when every statement of the code that answers that status (in
    the route's handler when it is found) runs under a validation condition: a length limit, a
    pattern, a format or range check (``if len(password) < 8``, ``Field(min_length=8)``,
    ``if (!/^\d+$/.test(phone))``). INFERENCE when the request body the test printed holds a
    value the limit refuses. The code is parsed, never run.

    Fires on: ``Expected 201 but got 400 for user registration {'password': 'pass1'}`` with ``if len(password) < 8: return jsonify(...), 400``.
    Does not fire on: the same request when the handler answers 400 only when a field is missing (``if not password``).
    """
    if not server_quiet(facts):
        return None
    for r, sites in _refusing_sites(facts, (400, 422)):
        if not sites:
            continue
        body = next((b for text in (r.name, *r.messages) if (b := request_body(text))), {})
        proof = next(((s, hit) for s in sites if s.kind == "validation" and (hit := refused_value(s, body))), None)
        if proof is not None:
            site, (field, value) = proof
            verdict = requests_verdict([r], confidence=INFERENCE)
            static = _site_evidence(site, f"when {site.guard[:160]}; the test sent {field}={value!r}")
            return Verdict(evidence=[*verdict.evidence, static], position=verdict.position, confidence=INFERENCE)
        possible = [s for s in sites if not answers_only_absence(s, body)]
        if possible and all(s.kind == "validation" for s in possible):
            verdict = requests_verdict([r])
            return Verdict(evidence=[*verdict.evidence, _site_evidence(possible[0], f"when {possible[0].guard[:200]}")], position=verdict.position)
    return None


@rule("RC811", "logic.business.rule", signals={"http", "static"}, confidence=HEURISTIC)
def existing_record_refused(facts: Facts) -> Verdict | None:
    """A request the contract accepts is refused because a matching record already exists.

    Detects a failing request answered 400, 403 or 409 where the test expected a success, in a run
    whose server raised nothing, when every statement of the code that answers that status (in
    the route's handler when found) runs under an "already exists" condition (``if existing:``,
    ``if (row) return res.status(409)``: a lookup found something): the code forbids a second write the contract allows
    (an update through the same call, a second item for the same owner). The code is parsed, never run.

    Fires on: ``Expected 200 but got 409 for storing a second token`` with ``if existing: return jsonify(error="exists"), 409``.
    Does not fire on: a 409 where the test expected 409 (the contract's own duplicate rule).
    """
    if not server_quiet(facts):
        return None
    for r, sites in _refusing_sites(facts, (400, 403, 409)):
        if sites and all(s.kind in ("duplicate", "found") for s in sites):
            verdict = requests_verdict([r])
            return Verdict(evidence=[*verdict.evidence, _site_evidence(sites[0], f"when {sites[0].guard[:200]}")], position=verdict.position)
    return None


@rule("RC812", "logic.state.not_persisted", signals={"access", "http"}, confidence=INFERENCE, also=("logic.state.identifier_lost",))
def written_then_not_found(facts: Facts) -> Verdict | None:
    """What a write reported as done is not there when the run reads it back.

    Detects a write (POST, PUT, PATCH) answered 2xx, then later in the same run a read (GET) of
    that path or of a path under it (``POST /api/articles`` then ``GET /api/articles/<slug>``)
    answered 404: the handler said it stored the record, but the record was never kept (no
    commit, a save never awaited, a transaction built but never run). When the read's path holds
    ``undefined``, ``null`` or ``None`` where the id belongs, the write was kept but its answer
    did not carry the identifier: ``logic.state.identifier_lost``.

    A failing test whose own source writes first and then reads (``client.post(...)`` then
    ``client.get(...)``), the read answered 404, reads the same way.

    Silent when the log says no route matched the read (``Cannot GET /api/articles/x``): then the
    read handler is missing, not the data.

    Fires on: ``POST /api/articles -> 201`` then ``GET /api/articles/how-to-train-your-dragon -> 404``.
    Does not fire on: ``POST /api/articles -> 422`` then the same GET answered 404 (nothing was written).
    """
    pair = next(
        _writes_then_reads(facts, _WRITE_METHODS, lambda base, path, status: status == 404 and (path.rstrip("/") == base or path.startswith(base + "/"))), None
    )
    if pair is None:
        return _test_wrote_then_got_404(facts)
    write, (_, path, _, read) = pair
    if facts.search(re.compile(rf"Cannot GET {re.escape(path)}\b|Route GET:{re.escape(path)} not found")):
        return None
    lost = "logic.state.identifier_lost" if _LOST_SEGMENT.search(path) else None
    return Verdict(evidence=[write[3], read], root_cause=lost, position=float(read.line or 0))


#: A test's source as the runner shows it: the failing line (pytest ``>``, jest ``> 6 |``) and the lines before it.
_FAILING_SOURCE_LINE = re.compile(r"^\s{0,12}>\s(?:\s{0,4}\d{1,6} \|)?(?P<code>.{0,400})$", re.MULTILINE)
_TEST_WRITE = re.compile(r"\.(?:post|put|patch)\(")


def _test_wrote_then_got_404(facts: Facts) -> Verdict | None:
    """A failing test whose source writes first and then reads, and whose read got 404."""
    if not any(r.status == 404 for r in facts.failing_requests) or not server_quiet(facts):
        return None
    if facts.search(re.compile(r"Cannot GET /|Route GET:/\S{0,300} not found|The requested URL was not found on the server")):
        return None  # no route matched the read: the handler is missing, not the data
    for test in facts.tests:
        details = test.details or ""
        failing = _FAILING_SOURCE_LINE.search(details) if test.outcome in ("failed", "error") else None
        if failing is None:
            continue
        before = details[: failing.start()]
        # the read is the failing line, or the last request made before it (``fetched = client.get(...)`` / ``assert fetched.status_code == 200``)
        calls = [m for m in re.finditer(r"\.(?:get|post|put|patch|delete)\(", before + failing.group("code"))]
        if len(calls) >= 2 and calls[-1].group(0) == ".get(" and any(_TEST_WRITE.match(c.group(0)) for c in calls[:-1]):
            # HEURISTIC: without the response body, a read route that was never written answers 404 the same way
            evidence = [Evidence(kind="test", text=f"{test.name}: {(test.message or '')[:300]}", path=test.path, line=test.line)]
            return Verdict(evidence=evidence, confidence=HEURISTIC)
    return None


def _writes_then_reads(facts: Facts, methods: tuple[str, ...], read: Callable[[str, str, int | None], bool]) -> Iterator[tuple[Step, Step]]:
    """(write, later GET) pairs of the run's timeline, in order: the write (one of ``methods``)
    answered 2xx and ``read(write path without its trailing slash, GET path, GET status)`` holds."""
    timeline = request_timeline(facts)
    for i, step in enumerate(timeline):
        method, path, status, _ = step
        if method not in methods or status is None or not 200 <= status < 300:
            continue
        base = path.rstrip("/")
        for later in timeline[i + 1 :]:
            if later[0] == "GET" and read(base, later[1], later[2]):
                yield step, later


@rule("RC813", "logic.business.status_code", signals={"http"}, confidence=INFERENCE)
def another_refusal_than_expected(facts: Facts) -> Verdict | None:
    """The server refuses the request the contract refuses, but with another client-error status.

    Detects a failing request whose expected status is a 4xx and whose actual status is a
    different 4xx (``expected 401, got 404``; ``Expected 409 but got 400``): the handler saw the
    case the test makes and refused it, so its condition is right; the status it chose is not.
    Silent when the framework itself answered (its "no such route" answer, or FastAPI's own
    validation of the path or query), which is a wiring question.

    Fires on: ``expected 401 "Unauthorized", got 404 "Not Found"`` for a login with an unknown e-mail.
    Does not fire on: ``Expected 401 but got 500`` (a crash, not a choice); ``Expected 404 but got 200``.
    """
    wrong = [
        r
        for r in facts.failing_requests
        if r.status is not None and r.expected_status is not None and 400 <= r.status < 500 and 400 <= r.expected_status < 500 and r.status != r.expected_status
    ]
    if not wrong:
        return None
    if facts.search(_FRAMEWORK_REFUSAL):
        return None
    return requests_verdict(wrong)


#: The framework answering by itself: no route matched, or FastAPI validated the path or query.
_FRAMEWORK_REFUSAL = re.compile(
    r"Cannot (?:GET|POST|PUT|PATCH|DELETE) /|Route (?:GET|POST|PUT|PATCH|DELETE):/\S{0,300} not found|The requested URL was not found on the server"
    r"|['\"]loc['\"]\s*:\s*[\[(]\s*['\"](?:path|query|header)['\"]"
)


#: A client's own check that failed: "Expected todo count to be 1 but got 0", "Field 'x' expected True but got False".
_CHECK_FAILED = re.compile(r"\b[Ee]xpected\b[^\n]{1,200}?\bbut (?:got|received|was)\b")


@rule("RC815", "logic.state.not_persisted", signals={"access", "http"}, confidence=HEURISTIC)
def write_then_read_answers_but_differs(facts: Facts) -> Verdict | None:
    """A write succeeds, the read of the same resource succeeds, and the run still fails.

    Detects a run with no error status and no exception where a write (POST, PUT, PATCH, DELETE)
    answered 2xx and a later GET of the same path, or of the resource the write acted on
    (``POST /api/articles/x/favorite`` then ``GET /api/articles/x``), answered 2xx too: the
    handlers run, but what the write changed is not what the read sees (state kept per request
    or on a copy, a connection per request to an in-memory database). HEURISTIC: a read that
    sees the write but orders or merges it wrongly looks the same.

    Fires on: ``POST /api/todos -> 201``, ``GET /api/todos -> 200`` and ``Expected todo count to be 1 but got 0``.
    Does not fire on: the same run with the POST answered 422 (nothing was written).
    """
    if not server_quiet(facts) or not (run_failed(facts) or facts.search(_CHECK_FAILED)):
        return None
    if any(r.status is not None and r.status >= 400 for r in facts.requests) or any(a.status >= 400 for a in facts.access):
        return None
    pair = next(
        _writes_then_reads(
            facts,
            (*_WRITE_METHODS, "DELETE"),
            lambda base, path, status: status is not None and 200 <= status < 300 and path.rstrip("/") in (base, base.rsplit("/", 1)[0]),
        ),
        None,
    )
    if pair is None:
        return None
    write, read = pair
    return Verdict(evidence=[write[3], read[3]], position=float(read[3].line or 0))


#: Requests that change or remove one existing record: the ones an ownership check guards.
_CHANGES_OF_A_RECORD = ("PUT", "PATCH", "DELETE")
#: An access-log path that registers a user (``POST /api/users``): it issues a token, it needs none.
_REGISTRATION_PATH = re.compile(r"/users/?(?:\?|$)")


@rule("RC816", "logic.business.rule", signals={"http"}, confidence=INFERENCE)
def owner_refused(facts: Facts) -> Verdict | None:
    """The first failure is a 403 on an update or delete, after the same client's authenticated writes succeeded.

    Detects a run whose earliest failing request is a PUT/PATCH/DELETE answered 403 Forbidden
    while earlier writes that need the token (creating the very article or comment, updating the
    user) were answered 2xx: the token is issued and accepted, so authentication works, and the
    refusal comes from the handler's own ownership check (inverted, or comparing the author's id
    with the wrong value). A 401, or a 403 with no authenticated write succeeding first, stays with
    the auth rules.

    Fires on: ``Create Article POST -> 201`` then ``Update Article PUT -> 403`` by the same client.
    Does not fire on: ``Create Article POST -> 403`` (no authenticated write ever succeeded, RC501).
    """
    failing = facts.failing_requests
    if not failing:
        return None
    first = failing[0]
    if first.status != 403 or first.method not in _CHANGES_OF_A_RECORD:
        return None
    # The writes before it, from the suite's report (every request, in order) or the server's access log.
    earlier = [(r.method, r.name, r.status) for r in facts.requests if r.position < first.position]
    refused_at = next((i for i, a in enumerate(facts.access) if a.status == 403 and a.method in _CHANGES_OF_A_RECORD), None)
    if refused_at is not None:
        earlier += [(a.method, a.path, a.status) for a in facts.access[:refused_at]]
    if not any(_authenticated_write(method, name, status) for method, name, status in earlier):
        return None
    return requests_verdict([first])


def _authenticated_write(method: str | None, name: str, status: int | None) -> bool:
    """A write answered 2xx that needed the client's token (not registration or login)."""
    if method not in (*_WRITE_METHODS, "DELETE") or status is None or not 200 <= status < 300:
        return False
    return not (ISSUES_TOKEN.search(name) or (method == "POST" and _REGISTRATION_PATH.search(name)))


@rule("RC817", "logic.business.rule", signals={"http"}, confidence=INFERENCE)
def refusal_missing(facts: Facts) -> Verdict | None:
    """A request the contract refuses is accepted: the check that should refuse it is missing.

    Detects a failing request whose expected status is a 4xx (from the test's assertion or the
    harness line) and whose actual status is a 2xx, in a run whose server raised nothing: the
    handler ran to completion where the contract wants it stopped (a validation, an ownership
    or a uniqueness rule never written).

    Fires on: ``assert 204 == 403`` for a delete by someone who is not the author.
    Does not fire on: ``Expected 201 but got 200`` (a success status, RC804); ``Expected 404 but got 500``.
    """
    if not server_quiet(facts):
        return None
    accepted = [
        r for r in facts.failing_requests if r.expected_status is not None and 400 <= r.expected_status < 500 and r.status is not None and 200 <= r.status < 300
    ]
    return requests_verdict(accepted[:1]) if accepted else None


#: An error the application raised itself to refuse a request (not a library's, not the platform's).
_REFUSAL_RAISED = re.compile(r"\bnot found\b|\bunauthori[sz]ed\b|\bforbidden\b|\bnot allowed\b|\bpermission denied\b", re.IGNORECASE)
_NOT_A_REFUSAL = re.compile(r"\b(?:module|package|table|column|relation|file|directory|command|route|path|ENOENT|binding|property|attribute)\b", re.IGNORECASE)
_GENERIC_ERRORS = frozenset(
    {
        "Error",
        "Exception",
        "HTTPException",
        "HttpException",
        "HTTPError",
        "HttpError",
        "NotFound",
        "NotFoundError",
        "NotFoundException",
        "Unauthorized",
        "UnauthorizedError",
        "Forbidden",
        "ForbiddenError",
    }
)


@rule("RC818", "logic.business.status_code", signals={"http", "traceback"}, confidence=INFERENCE)
def refusal_answered_500(facts: Facts) -> Verdict | None:
    """The handler refuses the request the contract refuses, but the refusal comes out as 500.

    Detects a failing request that expected 401, 403, 404 or 422 and got 500 in a run whose server
    raised nothing, or a first failure answered 500 whose only server errors are the application's
    own refusals (``Error: article no-such-article not found``): an error handler or a broad
    ``except`` turns every error into 500. A 409 expected is left out: a duplicate that reaches
    the database's unique constraint answers 500 for another reason (RC322).

    Fires on: ``Expected 401 but got 500 for current user without token`` with a quiet server.
    Does not fire on: ``Expected 404 but got 500`` next to ``TypeError: 'NoneType' object is not subscriptable`` (a crash).
    """
    failing = facts.failing_requests
    if not failing:
        return None
    if server_quiet(facts):
        wrong = [r for r in failing if r.status == 500 and r.expected_status in (401, 403, 404, 422)]
        return requests_verdict(wrong[:1]) if wrong else None
    first = failing[0]
    if first.status != 500 or first.expected_status not in (None, 401, 403, 404, 422):
        return None
    raised = [e for e in facts.exceptions if not e.short_type.endswith("Warning") and not e.short_type.startswith(("AssertionError", "JestAssertionError"))]
    if raised and all(
        e.short_type in _GENERIC_ERRORS and _REFUSAL_RAISED.search(e.message[:300]) and not _NOT_A_REFUSAL.search(e.message[:300]) for e in raised
    ):
        verdict = requests_verdict([first])
        return Verdict(evidence=[*verdict.evidence, *exception_verdict(raised[0]).evidence], position=verdict.position)
    return None


#: Routes whose refusals are about the caller's credentials, not the resource.
_CREDENTIAL_ROUTE = re.compile(r"/(?:user|me|auth|login|logout|session|token)s?/?(?:$|\?)", re.IGNORECASE)


@rule("RC819", "logic.business.status_code", signals={"http"}, confidence=HEURISTIC)
def read_refused_as_bad_request(facts: Facts) -> Verdict | None:
    """The first failure is a read of one resource answered 400: a GET carries no body to refuse.

    Detects a run whose earliest failing request is a ``GET`` without a query string answered
    400, with a quiet server, on a path that is not about the caller's credentials (``/user``,
    ``/login``): the handler chose 400 for a case the contract answers otherwise, typically a
    record that does not exist answered "bad request" instead of 404, or an ``except`` that
    turns every error into 400.

    Fires on: ``GET /api/profiles/nobody -> 400 BAD REQUEST`` as the first failure.
    Does not fire on: ``GET /api/user -> 400`` (an auth middleware refusing the header's format);
    ``GET /api/articles?limit=x -> 400`` (a query value refused); ``POST /api/articles -> 400``.
    """
    failing = facts.failing_requests
    if not failing or not server_quiet(facts):
        return None
    first = failing[0]
    method = first.method or (first.name.split(" ", 1)[0] if first.name.startswith("GET ") else None)
    if method != "GET" or first.status != 400:
        return None
    path = first.url or (first.name.split(" ")[1] if first.name.startswith("GET /") else "")
    if not path or "?" in path or _CREDENTIAL_ROUTE.search(path):
        return None
    return requests_verdict([first])


RULES = (
    identifier_lost_between_requests,
    writes_answer_but_do_not_stick,
    valid_input_rejected,
    success_with_the_wrong_status,
    email_deliverability_checked,
    requests_rate_limited,
    handler_error_swallowed,
    state_kept_in_client_session,
    writes_never_committed,
    own_validation_refuses,
    existing_record_refused,
    written_then_not_found,
    another_refusal_than_expected,
    write_then_read_answers_but_differs,
    owner_refused,
    refusal_missing,
    refusal_answered_500,
    read_refused_as_bad_request,
)
