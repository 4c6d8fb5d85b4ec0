"""Rules for authentication and authorization misconfiguration."""

from __future__ import annotations

import re

from rootcause.evidence.facts import Facts
from rootcause.parsing.http import ISSUES_TOKEN, request_topics
from rootcause.records import Evidence
from rootcause.rules.base import HEURISTIC, HIGH, INFERENCE, Verdict, rule
from rootcause.rules.match import code_evidence, failing_with, match_anywhere, requests_verdict

_PUBLIC = re.compile(
    r"^(?:All Articles|Articles by (?:Author|Tag)|Articles Favorited by Username|Single Article|All Comments for Article without login|Profile|All Tags|Register|Login)(?! with auth)",
    re.IGNORECASE,
)


@rule("RC501", "auth.config", signals={"http"}, confidence=HEURISTIC)
def valid_token_rejected(facts: Facts) -> Verdict | None:
    """Authenticated requests are refused with 401/403 although the client logged in.

    Detects a run whose earliest failing request that needs a token got 401 or 403 (or
    where such refusals are the most common failure): the token the API issued is not
    accepted back (scheme, secret, header parsing or user lookup). Public requests
    refused with 401 point at auth applied to public routes (``auth.config.public_route``).

    Fires on: ``Current User GET → 401: 5 failed`` as the first failure after a successful Login.
    Does not fire on: a run whose only 401 comes after an earlier 500 on Register (the
    user was never created; the upstream cause is elsewhere), nor after Register or Login
    failed otherwise than by a refusal (``Register POST → 404``: no token was ever issued).
    """
    failing = facts.failing_requests
    if not failing:
        return None
    refused = [r for r in failing if r.status in (401, 403)]
    if not refused:
        return None
    public = [r for r in refused if r.method == "GET" and _PUBLIC.match(r.name)]
    first = failing[0]
    if public and public[0] is first:
        return requests_verdict(public, root_cause="auth.config.public_route")
    authenticated = [r for r in refused if "authenticated" in request_topics(r)]
    earlier_server_errors = [r for r in failing if r.position < refused[0].position and (r.status is None or r.status >= 500)]
    if earlier_server_errors:
        return None
    never_issued = [r for r in failing if r.position < refused[0].position and r.status not in (401, 403) and ISSUES_TOKEN.search(r.name)]
    if never_issued:
        return None  # the client never got a token to send: the refusals follow from that failure
    if first.status in (401, 403) or len(refused) * 2 >= len(failing):
        return requests_verdict(authenticated or refused)
    return None


@rule("RC502", "auth.config.token_issue", signals={"traceback", "log"}, confidence=HIGH)
def token_cannot_be_issued_or_verified(facts: Facts) -> Verdict | None:
    """Tokens cannot be signed or verified: JWT library errors.

    Detects ``JsonWebTokenError``, ``TokenExpiredError``, ``jwt malformed``, ``invalid
    signature``, ``secretOrPrivateKey must have a value``, PyJWT's ``DecodeError`` /
    ``InvalidSignatureError`` / ``Not enough segments`` and python-jose's ``JWTError``.

    Fires on: ``JsonWebTokenError: invalid signature``.
    Does not fire on: ``Login POST → 200`` with a token in the body and no JWT errors logged.
    """
    return match_anywhere(
        facts,
        re.compile(
            r"JsonWebTokenError|TokenExpiredError|jwt malformed|invalid signature|secretOrPrivateKey must have a value|jwt\.exceptions\.\w+|InvalidSignatureError|Not enough segments|JWTError|Signature verification failed|invalid token|Invalid header string|jwt must be provided|FST_JWT_\w+"
        ),
    )


@rule("RC503", "auth.config.password", signals={"traceback", "log"}, confidence=HIGH)
def password_hashing_broken(facts: Facts) -> Verdict | None:
    """Password hashing or verification fails.

    Detects bcrypt/passlib errors: ``password cannot be longer than 72 bytes``, ``Invalid
    salt``, ``data and salt arguments required``, ``(trapped) error reading bcrypt version``,
    passlib's ``MissingBackendError``, and ``hash.startsWith is not a function``-style misuse
    of the hash value.

    Fires on: ``ValueError: Invalid salt`` raised from ``bcrypt.checkpw``.
    Does not fire on: a 401 on Login with no hashing errors logged.
    """
    return match_anywhere(
        facts,
        re.compile(
            r"password cannot be longer than 72 bytes|Invalid salt|data and salt arguments required|error reading bcrypt version|MissingBackendError|Illegal arguments: (?:string|undefined), (?:string|undefined)|UnknownHashError|hash could not be identified"
        ),
    )


_BEARER = re.compile(r"""['"`]Bearer\s?['"`]|startsWith\(\s*['"`]Bearer|split\(\s*['"`]Bearer|replace\(\s*['"`]Bearer|HTTPBearer\(""")
_TOKEN = re.compile(r"""['"`]Token\s?['"`]|startsWith\(\s*['"`]Token|split\(\s*['"`]Token|replace\(\s*['"`]Token|scheme_name\s*=\s*['"]Token""")


@rule("RC504", "auth.config.token_scheme", signals={"static", "http"}, confidence=INFERENCE)
def bearer_scheme_instead_of_token(facts: Facts) -> Verdict | None:
    """The code expects ``Authorization: Bearer`` but the contract sends ``Token``.

    Detects project files (from ``files``, the patch or the trajectory) that parse a
    ``Bearer`` prefix and never accept ``Token``, in a run where authenticated requests
    are refused. The Conduit contract's scheme is ``Token <jwt>``.

    Fires on: ``if (!header.startsWith('Bearer '))`` in ``src/middleware/auth.js`` with ``Current User GET → 401``.
    Does not fire on: code that accepts both (``/^(Token|Bearer) /``).
    """
    refused = [r for r in facts.failing_requests if r.status == 401]
    if not refused:
        return None
    for path, text in facts.files.items():
        if len(text) > 2_000_000:
            continue
        m = _BEARER.search(text)
        if m and not _TOKEN.search(text):
            line = text.count("\n", 0, m.start()) + 1
            verdict = requests_verdict(refused)
            fact = Evidence(kind="static", text=f"expects the Bearer scheme: {text.splitlines()[line - 1].strip()[:200]}", path=path, line=line)
            return Verdict(evidence=[fact, *verdict.evidence[:2]], position=verdict.position)
    return None


_SECURE_COOKIE = re.compile(
    r"\bset_cookie\([^\n]{0,600}\bsecure[ \t]*=[ \t]*True|\bsecure[ \t]*:[ \t]*true\b|SESSION_COOKIE_SECURE['\"]?\]?[ \t]*[=:][ \t]*True"
)


@rule("RC505", "auth.config", signals={"http", "static"}, confidence=INFERENCE)
def secure_cookie_over_http(facts: Facts) -> Verdict | None:
    """The login cookie is marked ``Secure``, so a client on plain http never sends it back.

    Detects failing requests refused with 401/403 in a run whose code sets its auth or session
    cookie with ``secure=True`` (``secure: true``, ``SESSION_COOKIE_SECURE``): over http the client
    drops the cookie, and every authenticated call that follows looks anonymous.

    Fires on: ``failed uploading wares ... status_code=401`` with ``resp.set_cookie("AUTH_COOKIE", token, secure=True)``.
    Does not fire on: 401s from code whose cookies are not ``Secure`` (RC501).
    """
    refused = failing_with(facts, (401, 403))
    if not refused:
        return None
    static = code_evidence(facts, _SECURE_COOKIE)
    if static is None:
        return None
    verdict = requests_verdict(refused)
    return Verdict(evidence=[*verdict.evidence, static], position=verdict.position)


RULES = (valid_token_rejected, token_cannot_be_issued_or_verified, password_hashing_broken, bearer_scheme_instead_of_token, secure_cookie_over_http)
