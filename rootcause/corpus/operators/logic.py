"""Logic operators: spec behaviour (``logic.business.*``) and state between requests (``logic.state.*``)."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from rootcause.corpus.operators.auth import common_path, handler, scoped_each
from rootcause.corpus.operators.base import ALL, SQLALCHEMY, call_named, code_of, operator, string_is

USER_SERVICE = "conduit/services/user_service.py"
ARTICLE_SERVICE = "conduit/services/article_service.py"
COMMENT_SERVICE = "conduit/services/comment_service.py"


def _flatten(node: cst.If):
    """The ``if`` replaced by its body: the branch always runs."""
    return cst.FlattenSentinel(list(node.body.body))


def _field_in_data(field: str) -> m.If:
    """``if "<field>" in data:``"""
    return m.If(test=m.Comparison(left=string_is(field), comparisons=[m.ComparisonTarget(operator=m.In(), comparator=m.Name("data"))]))


def _statement_calling(name: str) -> m.Expr:
    """A statement that only calls ``x.name(...)`` (awaited or not)."""
    call = m.Call(func=m.Attribute(attr=m.Name(name)))
    return m.Expr(value=m.OneOf(call, m.Await(expression=call)))


# ============================================================================= logic.business

_STATUSES = (
    ("register", 200),
    ("login", 201),
    ("create_article", 200),
    ("add_comment", 201),
    ("favorite", 201),
    ("follow", 201),
    ("delete_article", 204),
    ("delete_comment", 204),
)


def _with_status(status: int):
    def rewrite(node):
        if isinstance(node, cst.Tuple):  # Flask: return jsonify(...), 201
            return node.with_changes(elements=[node.elements[0], node.elements[1].with_changes(value=cst.Integer(str(status)))])
        args = list(node.args)  # respond(data[, status])
        if len(args) > 1:
            args[1] = args[1].with_changes(value=cst.Integer(str(status)))
        else:
            args = [args[0].with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))), cst.Arg(cst.Integer(str(status)))]
        return node.with_changes(args=args)

    return rewrite


@operator("wrong_status_code", "logic.business.status_code", stacks=ALL)
def wrong_status_code(app):
    """A handler works but answers a status the spec does not expect (200/201 swapped, 204 on delete).

    Study: POST returns 200 where 201 is expected (or the reverse on login/comments),
    DELETE answers 204 where the collection expects 200.
    """
    for name, status in _STATUSES:
        path, func = handler(app, name)
        if app.stack == "flask_sqlalchemy":
            match = m.Tuple(elements=[m.Element(call_named("jsonify")), m.Element(m.Integer())])
        else:
            match = call_named("respond")
        yield from scoped_each(app, path, func, match, _with_status(status), f"answers {status}")


@operator("optional_field_required", "logic.business.validation", stacks=ALL)
def optional_field_required(app):
    """An update treats optional fields as required, so a partial PUT gets 422.

    Study: PUT /api/user with {"user": {"bio": ...}} -> 422 "email can't be blank";
    PUT /api/articles/:slug with only a body -> 422 for the missing title.
    """
    for path, fields in ((USER_SERVICE, ("username", "email", "password")), (ARTICLE_SERVICE, ("title", "description"))):
        for field in fields:
            yield from scoped_each(app, path, "update", _field_in_data(field), _flatten, f"{field!r} always validated")


@operator("pagination_too_strict", "logic.business.validation", stacks=ALL)
def pagination_too_strict(app):
    """Valid pagination parameters are rejected (offset=0 or limit=1 -> 422).

    Study: 422 on GET /api/articles?limit=..&offset=0, allowed query parameters refused.
    """
    path = "conduit/services/validation.py"
    offset = m.Call(func=m.Name("to_int"), args=[m.DoNotCare(), m.Arg(string_is("offset")), m.DoNotCare(), m.Arg(m.Integer("0"))])
    yield from scoped_each(
        app, path, "pagination", offset, lambda n: n.with_changes(args=[*n.args[:3], n.args[3].with_changes(value=cst.Integer("1"))]), "offset must be >= 1"
    )
    below = m.Comparison(left=m.Name("value"), comparisons=[m.ComparisonTarget(operator=m.LessThan(), comparator=m.Name("minimum"))])
    yield from scoped_each(
        app,
        path,
        "to_int",
        below,
        lambda n: n.with_changes(comparisons=[n.comparisons[0].with_changes(operator=cst.LessThanEqual())]),
        "value <= minimum rejected",
    )


def _author_check(node) -> bool:
    return (
        isinstance(node, cst.Comparison)
        and len(node.comparisons) == 1
        and isinstance(node.comparisons[0].operator, cst.NotEqual)
        and "author_id" in code_of(node)
    )


def _self_follow(node) -> bool:
    return (
        isinstance(node, cst.Comparison)
        and len(node.comparisons) == 1
        and isinstance(node.comparisons[0].operator, cst.Equal)
        and "target" in code_of(node)
        and "viewer" in code_of(node)
    )


def _flip(node: cst.Comparison) -> cst.Comparison:
    op = node.comparisons[0].operator
    new = cst.Equal() if isinstance(op, cst.NotEqual) else cst.NotEqual()
    return node.with_changes(comparisons=[node.comparisons[0].with_changes(operator=new)])


@operator("identity_check_inverted", "logic.business.rule", stacks=ALL)
def identity_check_inverted(app):
    """An ownership or identity check is inverted: the author is refused, a stranger would pass.

    Study: authors refused (403) on their own article update/delete or comment delete;
    following another user rejected as "following yourself".
    """
    for path, funcs in ((ARTICLE_SERVICE, ("check_can_edit", "update", "delete")), (COMMENT_SERVICE, ("delete",))):
        for func in funcs:
            yield from scoped_each(app, path, func, _author_check, _flip, "author check inverted")
    yield from scoped_each(app, USER_SERVICE, "follow", _self_follow, _flip, "self-follow check inverted")


@operator("feed_not_filtered", "logic.business.rule", stacks=ALL)
def feed_not_filtered(app):
    """The feed is not limited to followed authors: it lists every article, or the viewer's own.

    Study: feed showing articles by authors the user does not follow.
    """
    flt = m.Call(func=m.Name("ArticleFilter"), args=[m.Arg(keyword=m.Name("followed_by"))])
    yield from scoped_each(app, ARTICLE_SERVICE, "feed", flt, lambda n: n.with_changes(args=[]), "feed lists every article")
    own = "viewer['username']" if app.stack == "aiohttp_raw_sql" else "viewer.username"
    yield from scoped_each(
        app,
        ARTICLE_SERVICE,
        "feed",
        flt,
        lambda n: n.with_changes(
            args=[cst.Arg(cst.parse_expression(own), keyword=cst.Name("author"), equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")))]
        ),
        "feed lists the viewer's own articles",
    )


# ============================================================================= logic.state


@operator("identifier_dropped", "logic.state.identifier_lost", stacks=ALL)
def identifier_dropped(app):
    """The created resource's identifier (article slug, comment id) is not returned.

    Study: Create Article -> 201 without a slug, then every request goes to
    /api/articles/null; comment id missing, so Delete Comment hits /comments/null.
    """
    common = common_path(app)
    yield from scoped_each(app, common, "article_json", m.DictElement(key=string_is("slug")), lambda _n: cst.RemovalSentinel.REMOVE, "no 'slug' in the article")
    yield from scoped_each(app, common, "comment_json", m.DictElement(key=string_is("id")), lambda _n: cst.RemovalSentinel.REMOVE, "no 'id' in the comment")


def _echo(app, key: str) -> cst.BaseExpression:
    arg = "" if app.stack == "flask_sqlalchemy" else "request"
    call = f"json_body({arg})" if app.stack in ("flask_sqlalchemy", "django_orm") else f"(await json_body({arg}))"
    return cst.parse_expression(f'{call}["{key}"]')


@operator("create_echoes_request", "logic.state.identifier_lost", stacks=ALL)
def create_echoes_request(app):
    """Create answers with the request's object instead of the stored one, so no slug/id comes back.

    Study: create response whose slug/id is missing while the create itself succeeded;
    the chain continues with null.
    """
    for name, key, serialiser in (("create_article", "article", "article_json"), ("add_comment", "comment", "comment_json")):
        path, func = handler(app, name)
        yield from scoped_each(
            app,
            path,
            func,
            m.DictElement(key=string_is(key), value=m.Call(func=m.Name(serialiser), args=[m.Arg(m.Name())])),
            lambda n, key=key: n.with_changes(value=_echo(app, key)),
            f"echoes the request's {key}",
        )


@operator("favorite_not_saved", "logic.state.not_persisted", stacks=ALL)
def favorite_not_saved(app):
    """Favorite / unfavorite answers 200 without writing the favorite row.

    Study: favorite POST 200 but favorited false and favoritesCount unchanged in the
    same response.
    """
    for func in ("favorite", "unfavorite"):
        yield from scoped_each(app, ARTICLE_SERVICE, func, _statement_calling(func), lambda _n: cst.RemovalSentinel.REMOVE, f"{func} row never written")


@operator("update_not_applied", "logic.state.not_persisted", stacks=ALL)
def update_not_applied(app):
    """An update validates a field but never stores it, so the response keeps the old value.

    Study: PUT returns the old values (bio unchanged after Update User, body unchanged
    after Update Article).
    """
    bio = m.If(test=m.Comparison(left=m.Name("bio")))
    yield from scoped_each(app, USER_SERVICE, "update", bio, lambda _n: cst.RemovalSentinel.REMOVE, "bio never assigned")
    yield from scoped_each(app, ARTICLE_SERVICE, "update", _field_in_data("body"), lambda _n: cst.RemovalSentinel.REMOVE, "body never assigned")


@operator("commit_missing", "logic.state.not_persisted", stacks=SQLALCHEMY)
def commit_missing(app):
    """A write path never commits its session, so the change is rolled back after the response.

    Study: no commit/save in the write path: the create/favorite/comment answers success,
    later reads do not see it.
    """
    commit = _statement_calling("commit")
    for path, func in ((USER_SERVICE, "register"), (ARTICLE_SERVICE, "create"), (ARTICLE_SERVICE, "favorite"), (COMMENT_SERVICE, "add")):
        yield from scoped_each(app, path, func, commit, lambda _n: cst.RemovalSentinel.REMOVE, "commit() removed")
