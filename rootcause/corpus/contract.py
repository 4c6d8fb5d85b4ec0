"""The team's end-to-end contract suite for the Conduit API, over plain HTTP (stdlib only).

It sends the study's requests, with the study's names and in the study's order, to a live
server, with the ``Authorization: Token <jwt>`` scheme, and keeps the token, the article
slug and the comment id between steps the way a Postman collection does: a value that was
never stored is sent as the literal ``null`` (``/articles/null/comments``), so one broken
step shows up downstream as it did in the study's Newman runs.

Every request has a fixed list of assertions, all evaluated every time (a request whose
response is missing or not JSON fails every assertion it cannot check), so failed counts
are comparable between runs. The status assertion comes first and is named
``Response code is NNN``, which is how readers recover the expected status.

    results = run_suite("http://127.0.0.1:8000/api")
    csv_text = to_newman_csv(results)        # newman-reporter-csv columns
    print("\\n".join(summary_lines(results)))  # "NAME METHOD → STATUS: N failed"
"""

from __future__ import annotations

import csv
import http
import http.client
import io
import json
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from rootcause.records import RequestResult

COLLECTION_NAME = "Conduit"

#: The newman-reporter-csv columns, in its order.
CSV_COLUMNS = (
    "iteration",
    "collectionName",
    "requestName",
    "method",
    "url",
    "status",
    "code",
    "responseTime",
    "responseSize",
    "executed",
    "failed",
    "skipped",
    "totalAssertions",
    "executedCount",
    "failedCount",
    "skippedCount",
)

_ISO_8601 = re.compile(r"^\d{4,}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d(?:\.\d+)?(?:[+-][0-2]\d:?[0-5]\d|Z)$")
_NO_BODY = object()


# ----------------------------------------------------------------------------- state


@dataclass
class SuiteState:
    """What the suite remembers between requests (Postman's environment and globals)."""

    suffix: str
    token: str | None = None
    slug: str | None = None
    comment_id: Any = None

    @property
    def username(self) -> str:
        return f"rc_user_{self.suffix}"

    @property
    def email(self) -> str:
        return f"rc_user_{self.suffix}@example.com"

    @property
    def password(self) -> str:
        return f"pw-{self.suffix}-secret"

    @property
    def celeb(self) -> str:
        return f"rc_celeb_{self.suffix}"

    @property
    def celeb_email(self) -> str:
        return f"rc_celeb_{self.suffix}@example.com"

    @property
    def tag(self) -> str:
        return f"dragons{self.suffix}"

    @property
    def tags(self) -> list[str]:
        return [self.tag, "training"]

    @property
    def title(self) -> str:
        return f"How to train your dragon {self.suffix}"

    description = "Ever wonder how?"
    article_body = "Very carefully."
    updated_body = "With two hands."
    bio = "I like to skateboard"
    comment_body = "Thank you so much!"


def _var(value: Any) -> str:
    """A stored value as it goes into a URL; a value never stored is the literal ``null``."""
    if value is None:
        return "null"
    return urllib.parse.quote(str(value), safe="-_.~")


# ----------------------------------------------------------------------------- assertions


class Checks:
    """Collects named assertions; a predicate that raises counts as failed."""

    def __init__(self, responded: bool) -> None:
        self.responded = responded
        self.items: list[tuple[str, bool]] = []

    def __call__(self, name: str, predicate: Callable[[], Any]) -> None:
        ok = False
        if self.responded:
            try:
                ok = bool(predicate())
            except Exception:  # a missing key, a wrong type: the assertion fails
                ok = False
        self.items.append((name, ok))


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _iso(value: Any) -> bool:
    return isinstance(value, str) and bool(_ISO_8601.match(value))


def _obj(body: Any, key: str) -> dict:
    value = body[key]
    if not isinstance(value, dict):
        raise TypeError(f"{key} is not an object")
    return value


def _list(body: Any, key: str) -> list:
    value = body[key]
    if not isinstance(value, list):
        raise TypeError(f"{key} is not an array")
    return value


def _find(items: list, key: str, value: Any) -> dict:
    for item in items:
        if isinstance(item, dict) and value is not None and str(item.get(key)) == str(value):
            return item
    raise LookupError(f"no item with {key}={value!r}")


def _article_ok(article: Any) -> bool:
    """The fields a list entry must carry (the contract's MultipleArticlesResponse)."""
    author = article["author"]
    return (
        isinstance(article["slug"], str)
        and isinstance(article["title"], str)
        and isinstance(article["description"], str)
        and isinstance(article["tagList"], list)
        and _iso(article["createdAt"])
        and _iso(article["updatedAt"])
        and isinstance(article["favorited"], bool)
        and _is_int(article["favoritesCount"])
        and isinstance(author["username"], str)
        and "bio" in author
        and "image" in author
        and isinstance(author["following"], bool)
    )


def _check_user(c: Checks, body: Any, username: str | None = None, email: str | None = None) -> None:
    c('Response contains "user"', lambda: _obj(body, "user") is not None)
    for key in ("email", "username", "bio", "image", "token"):

        def has_key(key: str = key) -> bool:
            return key in _obj(body, "user")

        c(f'User has "{key}"', has_key)
    if username is not None:
        c("User has the expected username", lambda: _obj(body, "user")["username"] == username)
    if email is not None:
        c("User has the expected email", lambda: _obj(body, "user")["email"] == email)


def _check_list_envelope(c: Checks, body: Any) -> None:
    c('Response contains "articles" array', lambda: _list(body, "articles") is not None)
    c('"articlesCount" is an integer', lambda: _is_int(body["articlesCount"]))


def _check_empty_list(c: Checks, body: Any, what: str) -> None:
    _check_list_envelope(c, body)
    c(f"No articles {what}", lambda: _list(body, "articles") == [] and body["articlesCount"] == 0)


def _check_single_article(c: Checks, body: Any, st: SuiteState) -> None:
    c('Response contains "article"', lambda: _obj(body, "article") is not None)
    c("Article has every field", lambda: _article_ok(_obj(body, "article")) and isinstance(_obj(body, "article")["body"], str))
    c("Article has the saved slug", lambda: _obj(body, "article")["slug"] == st.slug)


# ----------------------------------------------------------------------------- steps


@dataclass(frozen=True)
class Step:
    """One request of the suite."""

    name: str
    method: str
    expected_status: int
    path: Callable[[SuiteState], str]
    check: Callable[[Checks, SuiteState, Any], None]
    body: Callable[[SuiteState], Any] | None = None
    auth: bool = False
    save: Callable[[SuiteState, Any], None] | None = None


def _register_body(st: SuiteState) -> dict:
    return {"user": {"email": st.email, "password": st.password, "username": st.username}}


def _login_body(st: SuiteState) -> dict:
    return {"user": {"email": st.email, "password": st.password}}


def _save_token(st: SuiteState, body: Any) -> None:
    token = body["user"]["token"]
    if isinstance(token, str) and token:
        st.token = token


def _save_slug(st: SuiteState, body: Any) -> None:
    slug = body["article"]["slug"]
    if isinstance(slug, str) and slug:
        st.slug = slug


def _save_comment_id(st: SuiteState, body: Any) -> None:
    comment_id = body["comment"]["id"]
    if comment_id is not None and comment_id != "":
        st.comment_id = comment_id


def _c_register(c: Checks, st: SuiteState, body: Any) -> None:
    _check_user(c, body, st.username, st.email)


def _c_login(c: Checks, st: SuiteState, body: Any) -> None:
    _check_user(c, body, st.username, st.email)


def _c_login_remember(c: Checks, st: SuiteState, body: Any) -> None:
    _check_user(c, body, st.username, st.email)
    c("Token is a non-empty string", lambda: isinstance(_obj(body, "user")["token"], str) and _obj(body, "user")["token"] != "")


def _c_current_user(c: Checks, st: SuiteState, body: Any) -> None:
    _check_user(c, body, st.username, st.email)


def _c_update_user(c: Checks, st: SuiteState, body: Any) -> None:
    _check_user(c, body, st.username)
    c("User bio is updated", lambda: _obj(body, "user")["bio"] == st.bio)


def _c_all_articles_before(c: Checks, st: SuiteState, body: Any) -> None:
    _check_list_envelope(c, body)
    c("Every article has every field", lambda: all(_article_ok(a) for a in _list(body, "articles")))


def _c_create_article(c: Checks, st: SuiteState, body: Any) -> None:
    art = lambda: _obj(body, "article")  # noqa: E731
    c('Response contains "article"', lambda: art() is not None)
    c('Article has a "slug"', lambda: isinstance(art()["slug"], str) and art()["slug"] != "")
    c("Article has the sent title", lambda: art()["title"] == st.title)
    c("Article has the sent description", lambda: art()["description"] == st.description)
    c("Article has the sent body", lambda: art()["body"] == st.article_body)
    c("Article has the sent tagList", lambda: sorted(art()["tagList"]) == sorted(st.tags))
    c('Article "createdAt" is an ISO 8601 timestamp', lambda: _iso(art()["createdAt"]))
    c('Article "updatedAt" is an ISO 8601 timestamp', lambda: _iso(art()["updatedAt"]))
    c("Article is not favorited", lambda: art()["favorited"] is False)
    c('Article "favoritesCount" is 0', lambda: _is_int(art()["favoritesCount"]) and art()["favoritesCount"] == 0)
    c("Article author is the current user", lambda: art()["author"]["username"] == st.username)
    c("Author is not followed", lambda: art()["author"]["following"] is False)


def _c_feed(c: Checks, st: SuiteState, body: Any) -> None:
    _check_empty_list(c, body, "in the feed of a user who follows nobody")


def _c_all_articles(c: Checks, st: SuiteState, body: Any) -> None:
    _check_list_envelope(c, body)
    c("List holds the new article", lambda: _find(_list(body, "articles"), "slug", st.slug) is not None)
    c("Every article has every field", lambda: all(_article_ok(a) for a in _list(body, "articles")))
    c("Article is not favorited", lambda: _find(_list(body, "articles"), "slug", st.slug)["favorited"] is False)


def _c_all_articles_auth(c: Checks, st: SuiteState, body: Any) -> None:
    _check_list_envelope(c, body)
    c("limit=1 returns one article", lambda: len(_list(body, "articles")) == 1)
    c("Newest article comes first", lambda: _list(body, "articles")[0]["slug"] == st.slug)
    c('"articlesCount" counts every article', lambda: body["articlesCount"] >= 1)
    c("Every article has every field", lambda: all(_article_ok(a) for a in _list(body, "articles")))
    c("Article is not favorited", lambda: _find(_list(body, "articles"), "slug", st.slug)["favorited"] is False)


def _filtered(c: Checks, st: SuiteState, body: Any, rule: str, keep: Callable[[dict], bool]) -> None:
    _check_list_envelope(c, body)
    c("List holds the new article", lambda: _find(_list(body, "articles"), "slug", st.slug) is not None)
    c(rule, lambda: all(keep(a) for a in _list(body, "articles")))
    c('"articlesCount" is 1', lambda: body["articlesCount"] == 1)
    c("Every article has every field", lambda: all(_article_ok(a) for a in _list(body, "articles")))


def _c_by_author(c: Checks, st: SuiteState, body: Any) -> None:
    _filtered(c, st, body, "Every article is by the author", lambda a: a["author"]["username"] == st.username)


def _c_by_author_auth(c: Checks, st: SuiteState, body: Any) -> None:
    _c_by_author(c, st, body)
    c("Article is not favorited", lambda: _find(_list(body, "articles"), "slug", st.slug)["favorited"] is False)


def _c_by_tag(c: Checks, st: SuiteState, body: Any) -> None:
    _filtered(c, st, body, "Every article has the tag", lambda a: st.tag in a["tagList"])


def _c_single(c: Checks, st: SuiteState, body: Any) -> None:
    _check_single_article(c, body, st)
    c("Article has the sent title", lambda: _obj(body, "article")["title"] == st.title)
    c("Article has the sent body", lambda: _obj(body, "article")["body"] == st.article_body)
    c("Article has the sent tagList", lambda: sorted(_obj(body, "article")["tagList"]) == sorted(st.tags))


def _c_update_article(c: Checks, st: SuiteState, body: Any) -> None:
    _check_single_article(c, body, st)
    c("Article body is updated", lambda: _obj(body, "article")["body"] == st.updated_body)
    c("Article title is unchanged", lambda: _obj(body, "article")["title"] == st.title)


def _c_favorite(c: Checks, st: SuiteState, body: Any) -> None:
    _check_single_article(c, body, st)
    c("Article is favorited", lambda: _obj(body, "article")["favorited"] is True)
    c('Article "favoritesCount" is 1', lambda: _obj(body, "article")["favoritesCount"] == 1)


def _c_favorited_by(c: Checks, st: SuiteState, body: Any) -> None:
    _filtered(c, st, body, "Every article is favorited by the user", lambda a: a["favoritesCount"] >= 1)
    c('Article "favoritesCount" is 1', lambda: _find(_list(body, "articles"), "slug", st.slug)["favoritesCount"] == 1)


def _c_favorited_by_auth(c: Checks, st: SuiteState, body: Any) -> None:
    _c_favorited_by(c, st, body)
    c("Article is favorited", lambda: _find(_list(body, "articles"), "slug", st.slug)["favorited"] is True)


def _c_unfavorite(c: Checks, st: SuiteState, body: Any) -> None:
    _check_single_article(c, body, st)
    c("Article is not favorited", lambda: _obj(body, "article")["favorited"] is False)
    c('Article "favoritesCount" is 0', lambda: _obj(body, "article")["favoritesCount"] == 0)


def _c_create_comment(c: Checks, st: SuiteState, body: Any) -> None:
    com = lambda: _obj(body, "comment")  # noqa: E731
    c('Response contains "comment"', lambda: com() is not None)
    c('Comment has an "id"', lambda: com()["id"] is not None and com()["id"] != "")
    c("Comment has the sent body", lambda: com()["body"] == st.comment_body)
    c('Comment "createdAt" is an ISO 8601 timestamp', lambda: _iso(com()["createdAt"]))
    c('Comment "updatedAt" is an ISO 8601 timestamp', lambda: _iso(com()["updatedAt"]))
    c("Comment author is the current user", lambda: com()["author"]["username"] == st.username)


def _c_comments(c: Checks, st: SuiteState, body: Any) -> None:
    found = lambda: _find(_list(body, "comments"), "id", st.comment_id)  # noqa: E731
    c('Response contains "comments" array', lambda: _list(body, "comments") is not None)
    c("List holds the new comment", lambda: found() is not None)
    c("Comment has the sent body", lambda: found()["body"] == st.comment_body)
    c('Comment "createdAt" is an ISO 8601 timestamp', lambda: _iso(found()["createdAt"]))
    c('Comment "updatedAt" is an ISO 8601 timestamp', lambda: _iso(found()["updatedAt"]))
    c("Comment author is the user", lambda: found()["author"]["username"] == st.username)


def _c_status_only(c: Checks, st: SuiteState, body: Any) -> None:
    return None


def _c_register_celeb(c: Checks, st: SuiteState, body: Any) -> None:
    _check_user(c, body, st.celeb, st.celeb_email)


def _profile(c: Checks, st: SuiteState, body: Any, following: bool) -> None:
    prof = lambda: _obj(body, "profile")  # noqa: E731
    c('Response contains "profile"', lambda: prof() is not None)
    c("Profile has the celeb's username", lambda: prof()["username"] == st.celeb)
    c('Profile has "bio"', lambda: "bio" in prof())
    c('Profile has "image"', lambda: "image" in prof())
    c(f'Profile "following" is {str(following).lower()}', lambda: prof()["following"] is following)


def _c_tags(c: Checks, st: SuiteState, body: Any) -> None:
    c('Response contains "tags" array', lambda: _list(body, "tags") is not None)
    c("Every tag is a string", lambda: all(isinstance(t, str) for t in _list(body, "tags")))


def _q(path: str, **params: str) -> str:
    return f"{path}?{urllib.parse.urlencode(params)}" if params else path


STEPS: tuple[Step, ...] = (
    # Auth
    Step("Register", "POST", 201, lambda st: "/users", _c_register, body=_register_body),
    Step("Login", "POST", 200, lambda st: "/users/login", _c_login, body=_login_body),
    Step("Login and Remember Token", "POST", 200, lambda st: "/users/login", _c_login_remember, body=_login_body, save=_save_token),
    Step("Current User", "GET", 200, lambda st: "/user", _c_current_user, auth=True),
    Step("Update User", "PUT", 200, lambda st: "/user", _c_update_user, body=lambda st: {"user": {"bio": st.bio}}, auth=True),
    # Articles, before any exist
    Step("All Articles", "GET", 200, lambda st: "/articles", _c_all_articles_before),
    Step(
        "Articles by Author", "GET", 200, lambda st: _q("/articles", author=st.username), lambda c, st, b: _check_empty_list(c, b, "by a user who wrote none")
    ),
    Step(
        "Articles Favorited by Username",
        "GET",
        200,
        lambda st: _q("/articles", favorited=st.username),
        lambda c, st, b: _check_empty_list(c, b, "favorited by a user who favorited none"),
    ),
    Step("Articles by Tag", "GET", 200, lambda st: _q("/articles", tag=st.tag), lambda c, st, b: _check_empty_list(c, b, "with an unused tag")),
    # Articles, favorites, comments
    Step(
        "Create Article",
        "POST",
        201,
        lambda st: "/articles",
        _c_create_article,
        body=lambda st: {"article": {"title": st.title, "description": st.description, "body": st.article_body, "tagList": st.tags}},
        auth=True,
        save=_save_slug,
    ),
    Step("Feed", "GET", 200, lambda st: "/articles/feed", _c_feed, auth=True),
    Step("All Articles", "GET", 200, lambda st: _q("/articles", limit="20", offset="0"), _c_all_articles),
    Step("All Articles with auth", "GET", 200, lambda st: _q("/articles", limit="1", offset="0"), _c_all_articles_auth, auth=True),
    Step("Articles by Author", "GET", 200, lambda st: _q("/articles", author=st.username), _c_by_author),
    Step("Articles by Author with auth", "GET", 200, lambda st: _q("/articles", author=st.username), _c_by_author_auth, auth=True),
    Step("Single Article by slug", "GET", 200, lambda st: f"/articles/{_var(st.slug)}", _c_single, auth=True),
    Step("Articles by Tag", "GET", 200, lambda st: _q("/articles", tag=st.tag, limit="10", offset="0"), _c_by_tag),
    Step(
        "Update Article",
        "PUT",
        200,
        lambda st: f"/articles/{_var(st.slug)}",
        _c_update_article,
        body=lambda st: {"article": {"body": st.updated_body}},
        auth=True,
    ),
    Step("Favorite Article", "POST", 200, lambda st: f"/articles/{_var(st.slug)}/favorite", _c_favorite, auth=True),
    Step("Articles Favorited by Username", "GET", 200, lambda st: _q("/articles", favorited=st.username), _c_favorited_by),
    Step("Articles Favorited by Username with auth", "GET", 200, lambda st: _q("/articles", favorited=st.username), _c_favorited_by_auth, auth=True),
    Step("Unfavorite Article", "DELETE", 200, lambda st: f"/articles/{_var(st.slug)}/favorite", _c_unfavorite, auth=True),
    Step(
        "Create Comment for Article",
        "POST",
        200,
        lambda st: f"/articles/{_var(st.slug)}/comments",
        _c_create_comment,
        body=lambda st: {"comment": {"body": st.comment_body}},
        auth=True,
        save=_save_comment_id,
    ),
    Step("All Comments for Article", "GET", 200, lambda st: f"/articles/{_var(st.slug)}/comments", _c_comments, auth=True),
    Step("All Comments for Article without login", "GET", 200, lambda st: f"/articles/{_var(st.slug)}/comments", _c_comments),
    Step("Delete Comment for Article", "DELETE", 200, lambda st: f"/articles/{_var(st.slug)}/comments/{_var(st.comment_id)}", _c_status_only, auth=True),
    Step("Delete Article", "DELETE", 200, lambda st: f"/articles/{_var(st.slug)}", _c_status_only, auth=True),
    # Profiles
    Step(
        "Register Celeb",
        "POST",
        201,
        lambda st: "/users",
        _c_register_celeb,
        body=lambda st: {"user": {"email": st.celeb_email, "password": st.password, "username": st.celeb}},
    ),
    Step("Profile", "GET", 200, lambda st: f"/profiles/{_var(st.celeb)}", lambda c, st, b: _profile(c, st, b, False), auth=True),
    Step("Follow Profile", "POST", 200, lambda st: f"/profiles/{_var(st.celeb)}/follow", lambda c, st, b: _profile(c, st, b, True), auth=True),
    Step("Unfollow Profile", "DELETE", 200, lambda st: f"/profiles/{_var(st.celeb)}/follow", lambda c, st, b: _profile(c, st, b, False), auth=True),
    # Tags
    Step("All Tags", "GET", 200, lambda st: "/tags", _c_tags),
)

#: The request names in suite order (the study's Newman order).
REQUEST_NAMES: tuple[str, ...] = tuple(step.name for step in STEPS)


# ----------------------------------------------------------------------------- running


@dataclass(frozen=True)
class Exchange:
    """One request as sent: the RequestResult plus what a Newman report also records."""

    result: RequestResult
    executed: tuple[str, ...] = ()
    response_time_ms: int | None = None
    response_size: int | None = None
    error: str | None = None  # why no response came back
    body: bytes = field(default=b"", repr=False)


_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))  # never route 127.0.0.1 through a proxy


def _send(method: str, url: str, payload: Any, token: str | None, auth: bool, timeout: float) -> tuple[int | None, bytes, str | None]:
    headers = {"Accept": "application/json", "X-Requested-With": "XMLHttpRequest"}
    data = None
    if payload is not None:
        data = json.dumps(payload).encode("utf-8")
        headers["Content-Type"] = "application/json"
    if auth:
        headers["Authorization"] = f"Token {token if token is not None else 'null'}"
    request = urllib.request.Request(url, data=data, headers=headers, method=method)
    try:
        with _OPENER.open(request, timeout=timeout) as response:
            return response.status, response.read(), None
    except urllib.error.HTTPError as exc:
        try:
            raw = exc.read()
        except Exception:  # the body can be cut off too
            raw = b""
        return exc.code, raw, None
    except (urllib.error.URLError, OSError, http.client.HTTPException, ValueError) as exc:
        return None, b"", f"{type(exc).__name__}: {getattr(exc, 'reason', exc)}"


def run_exchanges(base_url: str, timeout: float = 5.0, suffix: str | None = None) -> list[Exchange]:
    """Run the whole suite against ``base_url`` (e.g. ``http://127.0.0.1:8000/api``).

    ``suffix`` makes the user names, e-mails and tag unique (random by default), so the
    suite can run twice against one database.
    """
    base = base_url.rstrip("/")
    st = SuiteState(suffix=suffix if suffix is not None else secrets.token_hex(3))
    out: list[Exchange] = []
    for position, step in enumerate(STEPS):
        url = base + step.path(st)
        payload = step.body(st) if step.body else None
        started = time.monotonic()
        status, raw, error = _send(step.method, url, payload, st.token, step.auth, timeout)
        elapsed = int(round((time.monotonic() - started) * 1000))
        responded = status is not None
        body: Any = _NO_BODY
        if responded:
            try:
                body = json.loads(raw.decode("utf-8")) if raw else _NO_BODY
            except (UnicodeDecodeError, ValueError):
                body = _NO_BODY
        checks = Checks(responded)

        def status_ok(status: int | None = status, step: Step = step) -> bool:
            return status == step.expected_status

        checks(f"Response code is {step.expected_status}", status_ok)
        step.check(checks, st, body)
        if step.save is not None and body is not _NO_BODY and status is not None and status < 400:
            try:
                step.save(st, body)
            except Exception:  # nothing to store: later URLs carry "null"
                pass
        failed = tuple(name for name, ok in checks.items if not ok)
        result = RequestResult(
            name=step.name,
            method=step.method,
            status=status,
            failed=len(failed),
            assertions=len(checks.items),
            url=url,
            expected_status=step.expected_status,
            messages=failed,
            position=position,
        )
        out.append(
            Exchange(
                result=result,
                executed=tuple(name for name, _ in checks.items),
                response_time_ms=elapsed if responded else None,
                response_size=len(raw) if responded else None,
                error=error,
                body=raw,
            )
        )
    return out


def run_suite(base_url: str, timeout: float = 5.0, suffix: str | None = None) -> list[RequestResult]:
    """One RequestResult per request, in suite order (see ``run_exchanges``)."""
    return [exchange.result for exchange in run_exchanges(base_url, timeout=timeout, suffix=suffix)]


# ----------------------------------------------------------------------------- reports


def _status_text(code: int | None) -> str:
    if code is None:
        return ""
    try:
        return http.HTTPStatus(code).phrase
    except ValueError:
        return ""


def _row(item: RequestResult | Exchange, collection_name: str) -> dict[str, Any]:
    if isinstance(item, Exchange):
        result, executed = item.result, list(item.executed)
        response_time, response_size = item.response_time_ms, item.response_size
    else:
        result, response_time, response_size = item, None, None
        # A bare RequestResult knows only its failed names; name the status check first so
        # readers still find the expected status.
        executed = []
        if result.expected_status is not None and not any(m.startswith("Response code is ") for m in result.messages):
            executed.append(f"Response code is {result.expected_status}")
        executed.extend(result.messages)
    total = result.assertions if result.assertions is not None else len(executed)
    return {
        "iteration": 1,
        "collectionName": collection_name,
        "requestName": result.name,
        "method": result.method or "",
        "url": result.url or "",
        "status": _status_text(result.status),
        "code": "" if result.status is None else result.status,
        "responseTime": "" if response_time is None else response_time,
        "responseSize": "" if response_size is None else response_size,
        "executed": ", ".join(executed),
        "failed": ", ".join(result.messages),
        "skipped": "",
        "totalAssertions": total,
        "executedCount": total,
        "failedCount": result.failed,
        "skippedCount": 0,
    }


def to_newman_csv(results: Iterable[RequestResult | Exchange], collection_name: str = COLLECTION_NAME) -> str:
    """A newman-reporter-csv report of the run (readable by ``parse_newman_csv``)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    writer.writeheader()
    for item in results:
        writer.writerow(_row(item, collection_name))
    return buffer.getvalue()


def summary_lines(results: Sequence[RequestResult | Exchange]) -> list[str]:
    """The failing requests in the study's ``NAME METHOD → STATUS: N failed`` form."""
    lines = []
    for item in results:
        result = item.result if isinstance(item, Exchange) else item
        if result.failed:
            status = "" if result.status is None else str(result.status)
            lines.append(f"{result.name} {result.method or ''} → {status}: {result.failed} failed")
    return lines
