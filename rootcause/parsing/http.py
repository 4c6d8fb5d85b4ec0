"""HTTP evidence: failing contract-suite requests and the server's access log.

Newman summaries (``Register POST → 500: 6 failed``) and CSV reports become
:class:`~rootcause.records.RequestResult`; access-log lines of uvicorn, werkzeug, Django,
aiohttp, morgan, Hono/Koa loggers and pino JSON become :class:`AccessEntry`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from rootcause.records import RequestResult

METHODS = "GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS"
_SUMMARY = re.compile(rf"^\s*(?P<name>\S.{{0,200}}?) (?P<method>{METHODS}) (?:→|->|=>) (?P<status>\d{{3}})?\s*:\s*(?P<failed>\d{{1,6}}) failed\s*$")
_QUOTED = re.compile(rf'"(?P<method>{METHODS}) (?P<path>\S{{1,2000}}) HTTP/[\d.]{{1,4}}"\s+(?P<status>\d{{3}})\b')
_ARROW = re.compile(rf"^\s*--> (?P<method>{METHODS}) (?P<path>\S{{1,2000}}) (?P<status>\d{{3}})\b")
_MORGAN = re.compile(rf"^(?:\S+ - \S+ \[[^\]]{{1,60}}\] )?(?P<method>{METHODS}) (?P<path>/\S{{0,2000}}) (?P<status>\d{{3}})(?:\s|$)")


@dataclass(frozen=True, slots=True)
class AccessEntry:
    """One request as the server logged it."""

    method: str
    path: str
    status: int
    line: int  # 1-based line in the log
    source: str | None = None


def parse_newman_summary(text: str) -> list[RequestResult]:
    """Failing requests from the study's summary lines ("NAME METHOD → STATUS: N failed")."""
    results: list[RequestResult] = []
    for line in text.splitlines():
        m = _SUMMARY.match(line[:400])
        if not m:
            continue
        results.append(
            RequestResult(
                name=m.group("name").strip(),
                method=m.group("method"),
                status=int(m.group("status")) if m.group("status") else None,
                failed=int(m.group("failed")),
                position=len(results),
            )
        )
    return results


def parse_access_log(lines: list[str], source: str | None = None) -> list[AccessEntry]:
    """Requests the server logged, in order (lines are already ANSI-stripped)."""
    entries: list[AccessEntry] = []
    pino_requests: dict[str, tuple[str, str]] = {}
    for index, line in enumerate(lines):
        if line.startswith("{") and '"req' in line:
            entry = _pino(line, pino_requests, index, source)
            if entry:
                entries.append(entry)
            continue
        m = _QUOTED.search(line) or _ARROW.match(line) or _MORGAN.match(line)
        if m:
            entries.append(AccessEntry(m.group("method"), m.group("path"), int(m.group("status")), index + 1, source))
    return entries


def _pino(line: str, pending: dict[str, tuple[str, str]], index: int, source: str | None) -> AccessEntry | None:
    try:
        record = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(record, dict):
        return None
    req_id = str(record.get("reqId", ""))
    req, res = record.get("req"), record.get("res")
    if isinstance(req, dict) and "method" in req:
        pending[req_id] = (str(req.get("method")), str(req.get("url", "")))
    if isinstance(res, dict) and "statusCode" in res and req_id in pending:
        method, url = pending.pop(req_id)
        try:
            return AccessEntry(method, url, int(res["statusCode"]), index + 1, source)
        except (TypeError, ValueError):
            return None
    return None


#: Words in the study's request names that tell what a request exercises.
REQUEST_TOPICS = {
    "auth": ("register", "login", "current user", "update user"),
    "article_list": ("all articles", "articles by", "articles favorited", "feed"),
    "filter": ("by tag", "by author", "favorited by", "feed"),
    "article": ("article",),
    "comment": ("comment",),
    "profile": ("profile",),
    "favorite": ("favorite", "unfavorite"),
    "follow": ("follow",),
    "tags": ("tags",),
    "mutation": ("create", "update", "delete", "favorite", "follow", "register", "post", "put"),
}


#: Requests that obtain a token rather than use one (registration, login).
ISSUES_TOKEN = re.compile(r"\b(?:register|registration|login|log ?in|sign ?up|sign ?in)\b", re.IGNORECASE)


def request_topics(request: RequestResult) -> set[str]:
    name = request.name.lower()
    topics = {topic for topic, words in REQUEST_TOPICS.items() if any(w in name for w in words)}
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        topics.add("mutation")
    elif "mutation" in topics and request.method == "GET":
        topics.discard("mutation")
    if "auth" in topics and request.method == "GET" and "current user" in name:
        topics.add("authenticated")
    if "with auth" in name or "feed" in name or request.method in ("PUT", "DELETE") or "current user" in name:
        topics.add("authenticated")
    if request.method == "POST" and not any(w in name for w in ("register", "login")):
        topics.add("authenticated")
    return topics
