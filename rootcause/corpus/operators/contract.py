"""Response-contract operators: JSON shape (``contract.shape.*``) and serialisation (``contract.serialization.*``).

The serialisers live in the HTTP layer's ``common.py`` (``user_json``, ``profile_json``,
``article_json``, ``comment_json``); envelopes are built in each handler.
"""

from __future__ import annotations

from typing import cast

import libcst as cst
import libcst.matchers as m

from rootcause.corpus.operators.auth import common_path, ensure_import, first_arg, handler, scoped_count, scoped_each, scoped_rewrite
from rootcause.corpus.operators.base import ALL, call_named, operator, string_is

ASYNC_JSON = ("flask_sqlalchemy", "fastapi_sqlalchemy_async", "aiohttp_raw_sql")
NOT_FLASK = ("fastapi_sqlalchemy_async", "django_orm", "aiohttp_raw_sql")


def _key(name: str) -> m.DictElement:
    return m.DictElement(key=string_is(name))


def _wrap(func: str, node: cst.BaseExpression) -> cst.Call:
    return cst.Call(func=cst.Name(func), args=[cst.Arg(node)])


def _page(app) -> tuple[str, str]:
    path, _ = handler(app, "list_articles")
    return path, "_page_json"


# ----------------------------------------------------------------------------- shape: fields

_SNAKE = {"tagList": "tag_list", "createdAt": "created_at", "updatedAt": "updated_at", "favoritesCount": "favorites_count", "articlesCount": "articles_count"}


@operator("snake_case_response_key", "contract.shape.missing_field", stacks=ALL)
def snake_case_response_key(app):
    """A camelCase response key leaks out in snake_case (tag_list, created_at, articles_count...).

    Study: the model's column names serialised as they are, so the tests reading tagList,
    createdAt or favoritesCount find nothing.
    """
    common = common_path(app)
    for func, keys in (("article_json", ("tagList", "createdAt", "updatedAt", "favoritesCount")), ("comment_json", ("createdAt",))):
        for key in keys:
            yield from scoped_each(
                app, common, func, _key(key), lambda n, key=key: n.with_changes(key=cst.SimpleString(f'"{_SNAKE[key]}"')), f"{key} -> {_SNAKE[key]}"
            )
    path, func = _page(app)
    yield from scoped_each(
        app, path, func, _key("articlesCount"), lambda n: n.with_changes(key=cst.SimpleString('"articles_count"')), "articlesCount -> articles_count"
    )


_DROPPED = (
    ("user_json", "email"),
    ("user_json", "bio"),
    ("profile_json", "following"),
    ("profile_json", "image"),
    ("article_json", "description"),
    ("article_json", "favorited"),
    ("article_json", "author"),
    ("comment_json", "body"),
)


@operator("response_field_dropped", "contract.shape.missing_field", stacks=ALL)
def response_field_dropped(app):
    """A field the contract requires is left out of a response object.

    Study: author profile without following, user without email/bio, article without
    favorited or body; the requests answer 200 but their field assertions fail.
    """
    common = common_path(app)
    for func, key in _DROPPED:
        yield from scoped_each(app, common, func, _key(key), lambda _n: cst.RemovalSentinel.REMOVE, f"no {key!r}")
    body = m.If(test=m.Name("include_body"))
    yield from scoped_each(app, common, "article_json", body, lambda _n: cst.RemovalSentinel.REMOVE, "single article without 'body'")


# ----------------------------------------------------------------------------- shape: envelopes

_ENVELOPED = (
    ("register", "user"),
    ("login", "user"),
    ("get_current_user", "user"),
    ("create_article", "article"),
    ("get_article", "article"),
    ("favorite", "article"),
    ("add_comment", "comment"),
    ("list_comments", "comments"),
    ("get_profile", "profile"),
    ("list_tags", "tags"),
)


@operator("response_envelope_missing", "contract.shape.wrapping", stacks=ALL)
def response_envelope_missing(app):
    """A handler returns the bare object (or list) without its {"user"|"article"|...} envelope.

    Study: response body is the bare object, so every test reading body.article or
    body.user fails and the slug/token are never stored.
    """
    for name, key in _ENVELOPED:
        path, func = handler(app, name)
        envelope = m.Dict(elements=[_key(key)])
        yield from scoped_each(app, path, func, envelope, lambda n: n.elements[0].value, f'no {{"{key}": ...}} envelope')


_REQUESTS = (
    ("user_service.py", "register", "user"),
    ("user_service.py", "login", "user"),
    ("user_service.py", "update", "user"),
    ("article_service.py", "create", "article"),
    ("article_service.py", "update", "article"),
    ("comment_service.py", "add", "comment"),
)


@operator("request_envelope_ignored", "contract.shape.wrapping", stacks=ALL)
def request_envelope_ignored(app):
    """The service reads request fields at the top level, not under {"user"|"article"|"comment"}.

    Study: 422 on POST /api/users or /api/users/login about missing email/password,
    because the request model was declared without the wrapper.
    """
    for module, func, key in _REQUESTS:
        path = f"conduit/services/{module}"
        match = m.Call(func=m.Attribute(attr=m.Name("require_object")), args=[m.DoNotCare(), m.Arg(string_is(key))])
        yield from scoped_each(app, path, func, match, first_arg, f"{key} fields read at the top level")


# ----------------------------------------------------------------------------- shape: types


def _typed_sites(app):
    common = common_path(app)
    attr = lambda name: m.Attribute(attr=m.Name(name))  # noqa: E731
    yield (
        common,
        "article_json",
        m.DictElement(key=string_is("tagList")),
        lambda n: n.with_changes(value=cst.parse_expression('",".join(a.tag_list)')),
        "tagList as a comma-separated string",
    )
    yield (
        common,
        "article_json",
        m.DictElement(key=string_is("favoritesCount"), value=attr("favorites_count")),
        lambda n: n.with_changes(value=_wrap("str", n.value)),
        "favoritesCount as a string",
    )
    yield (
        common,
        "article_json",
        m.DictElement(key=string_is("favorited"), value=attr("favorited")),
        lambda n: n.with_changes(value=_wrap("int", n.value)),
        "favorited as 0/1",
    )
    yield (
        common,
        "profile_json",
        m.DictElement(key=string_is("following"), value=attr("following")),
        lambda n: n.with_changes(value=cst.parse_expression("str(p.following).lower()")),
        'following as "true"/"false"',
    )
    path, func = _page(app)
    yield path, func, m.DictElement(key=string_is("articlesCount")), lambda n: n.with_changes(value=_wrap("str", n.value)), "articlesCount as a string"


@operator("wrong_json_type", "contract.shape.type", stacks=ALL)
def wrong_json_type(app):
    """A field has the wrong JSON type: counts as strings, tagList as one string, booleans as 0/1 or "true".

    Study: tagList serialised as "dragons,training", favorited 0/1 from SQLite,
    articlesCount as text (node-postgres COUNT).
    """
    for path, func, match, rewrite, what in _typed_sites(app):
        yield from scoped_each(app, path, func, match, rewrite, what)


def _timestamp_sites(app):
    common = common_path(app)
    for func, key in (("article_json", "createdAt"), ("article_json", "updatedAt"), ("comment_json", "createdAt"), ("comment_json", "updatedAt")):
        yield common, func, m.DictElement(key=string_is(key), value=call_named("iso")), key


@operator("timestamp_not_iso", "contract.shape.type", stacks=ALL)
def timestamp_not_iso(app):
    """createdAt/updatedAt are sent as str(datetime) ("2024-01-02 03:04:05.678000"), not ISO 8601.

    Study: non-ISO dates (space separator, no zone) failing the timestamp assertions.
    """
    for path, func, match, key in _timestamp_sites(app):
        yield from scoped_each(app, path, func, match, lambda n: n.with_changes(value=_wrap("str", first_arg(n.value))), f"{key} = str(datetime)")
    if app.stack != "django_orm":  # Django's datetimes are aware: isoformat() carries +00:00
        common = common_path(app)
        match = m.DictElement(key=string_is("createdAt"), value=call_named("iso"))
        rewrite = lambda n: n.with_changes(value=cst.Call(func=cst.Attribute(first_arg(n.value), cst.Name("isoformat"))))  # noqa: E731
        yield from scoped_each(app, common, "article_json", match, rewrite, "createdAt = naive isoformat() (no zone)")


# ----------------------------------------------------------------------------- serialisation


@operator("datetime_not_encoded", "contract.serialization.json_encode", stacks=ASYNC_JSON)
def datetime_not_encoded(app):
    """A datetime goes into the response as is, and the JSON encoder cannot handle it.

    Study: TypeError: Object of type datetime is not JSON serializable (json.dumps in
    aiohttp / Starlette); Flask's jsonify turns it into an RFC 822 date, not ISO 8601.
    Django's encoder formats datetimes itself, so Django is left out.
    """
    for path, func, match, key in _timestamp_sites(app):
        yield from scoped_each(app, path, func, match, lambda n: n.with_changes(value=first_arg(n.value)), f"{key} = raw datetime")


@operator("set_not_encoded", "contract.serialization.json_encode", stacks=ALL)
def set_not_encoded(app):
    """A set goes into the response where a list is needed (tagList, tags), and JSON encoding fails.

    Study: TypeError: Object of type set is not JSON serializable after de-duplicating tags
    with set().
    """
    common = common_path(app)
    yield from scoped_each(
        app,
        common,
        "article_json",
        m.DictElement(key=string_is("tagList"), value=call_named("list")),
        lambda n: n.with_changes(value=n.value.with_changes(func=cst.Name("set"))),
        "tagList = set(...)",
    )
    path, func = handler(app, "list_tags")
    yield from scoped_each(app, path, func, _key("tags"), lambda n: n.with_changes(value=_wrap("set", n.value)), "tags = set(...)")


_OBJECTS = (
    ("register", "user_json"),
    ("create_article", "article_json"),
    ("get_article", "article_json"),
    ("add_comment", "comment_json"),
    ("list_comments", "comment_json"),
    ("get_profile", "profile_json"),
)


@operator("dto_not_serialised", "contract.serialization.json_encode", stacks=NOT_FLASK)
def dto_not_serialised(app):
    """A handler puts the service's result object into the response instead of its dict.

    Study: TypeError: Object of type ArticleDTO is not JSON serializable (a model or row
    object handed to the encoder). Flask's encoder turns dataclasses into dicts, so Flask
    is left out.
    """
    for name, serialiser in _OBJECTS:
        path, func = handler(app, name)
        yield from scoped_each(app, path, func, call_named(serialiser), first_arg, f"{serialiser}() skipped")
    common = common_path(app)
    yield from scoped_each(
        app, common, "article_json", m.DictElement(key=string_is("author")), lambda n: n.with_changes(value=first_arg(n.value)), "author object not serialised"
    )


_MODELS = (
    ("create_article", "dict[str, ArticleDTO]"),
    ("get_article", "dict[str, ArticleDTO]"),
    ("update_article", "dict[str, ArticleDTO]"),
    ("favorite", "dict[str, ArticleDTO]"),
    ("list_articles", "ArticlePageDTO"),
    ("add_comment", "dict[str, CommentDTO]"),
    ("list_comments", "dict[str, list[CommentDTO]]"),
)


@operator("dto_as_response_model", "contract.serialization.response_validation", stacks=("fastapi_sqlalchemy_async",))
def dto_as_response_model(app):
    """A FastAPI route declares the service DTO as response_model, but returns the camelCase dict.

    Study: fastapi.exceptions.ResponseValidationError ('missing', ('response', 'article',
    'tag_list')) -> 500 on requests whose writes succeeded.
    """
    for name, model in _MODELS:
        path, func = handler(app, name)
        returns = scoped_count(app, path, func, m.Return(value=call_named("respond")))
        if not returns:
            continue
        status = [a.value.value for r in returns for a in r.value.args[1:] if isinstance(a.value, cst.Integer)]
        eq = cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))
        extra = [cst.Arg(cst.parse_expression(model), keyword=cst.Name("response_model"), equal=eq)]
        if status:
            extra.insert(0, cst.Arg(cst.Integer(status[0]), keyword=cst.Name("status_code"), equal=eq))

        def decorate(n: cst.FunctionDef, extra=extra) -> cst.FunctionDef:
            deco = n.decorators[0]
            call = cast(cst.Call, deco.decorator)  # the route decorator: @router.get("...")
            args = list(call.args)
            args[-1] = args[-1].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
            new = [*args, *[e.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))) for e in extra[:-1]], extra[-1]]
            return n.with_changes(decorators=[deco.with_changes(decorator=call.with_changes(args=new)), *n.decorators[1:]])

        text = scoped_rewrite(app, path, func, m.Return(value=call_named("respond")), lambda r: r.with_changes(value=first_arg(r.value)), index=None)
        if text is None:
            continue
        text = scoped_rewrite(app, path, func, m.FunctionDef(name=m.Name(func)), decorate, code=text)
        if text is None:
            continue
        for cls in ("ArticleDTO", "ArticlePageDTO", "CommentDTO"):
            if cls in model:
                text = ensure_import(text, f"from ..services.dto import {cls}", cls)
        yield (f"{path} {func}(): response_model={model}", {path: text})
