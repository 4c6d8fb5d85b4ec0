"""Data-layer defects (``data.query.*``, ``data.orm.*``, ``data.schema.*``).

Query composition (wrong filter or lookup column, broken paging and counts, malformed or
dialect-specific SQL, per-viewer fields), ORM/driver misuse (detached instances, lazy
loads under asyncio, transaction lifecycle, single-row accessors on many rows, unknown
fields, rows used as models) and schema drift (tables or columns never created, NOT NULL
values left out). Every site is on a path the contract suite exercises; the reference
database is fresh for each run (one user writes one article with two tags), so defects
that only show with more data are left out.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from typing import cast

import libcst as cst

from rootcause.corpus.operators.base import ALL, SQLALCHEMY, AppSource, Mutant, operator

FLASK, FASTAPI, DJANGO, AIOHTTP = "flask_sqlalchemy", "fastapi_sqlalchemy_async", "django_orm", "aiohttp_raw_sql"

ARTICLE_REPO = "conduit/repositories/article_repository.py"
USER_REPO = "conduit/repositories/user_repository.py"
COMMENT_REPO = "conduit/repositories/comment_repository.py"
TAG_REPO = "conduit/repositories/tag_repository.py"
ARTICLE_SERVICE = "conduit/services/article_service.py"
USER_SERVICE = "conduit/services/user_service.py"
COMMENT_SERVICE = "conduit/services/comment_service.py"
DB = "conduit/db.py"
MIGRATION = "conduit/migrations/0001_initial.py"
SCHEMAS = ("schema.sql", "schema.postgres.sql")

Pred = Callable[[cst.CSTNode], bool]


# ----------------------------------------------------------------------------- helpers


def _norm(text: str) -> str:
    return " ".join(text.split())


def _src(node: cst.CSTNode) -> str:
    """A node's code on one line, without a trailing comma."""
    return _norm(cst.Module(body=[]).code_for_node(node)).rstrip(",").strip()


class _Scoped(cst.CSTTransformer):
    """Rewrites the ``index``-th node matching ``pred`` inside functions named in ``funcs``."""

    def __init__(self, pred: Pred, rewrite, funcs: Iterable[str] | None, index: int) -> None:
        self.pred, self.rewrite, self.index = pred, rewrite, index
        self.funcs = set(funcs) if funcs is not None else None
        self.names: list[str] = []
        self.count = 0
        self.target: cst.CSTNode | None = None

    def _inside(self) -> bool:
        return self.funcs is None or any(n in self.funcs for n in self.names)

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.FunctionDef):
            self.names.append(node.name.value)
        if self._inside() and self.pred(node):
            if self.count == self.index:
                self.target = node
            self.count += 1
        return True

    def on_leave(self, original, updated):
        if isinstance(original, cst.FunctionDef):
            self.names.pop()
        if original is self.target and self.rewrite is not None:
            return self.rewrite(updated)
        return updated


def _count(text: str, pred: Pred, funcs: Iterable[str] | None = None) -> int:
    finder = _Scoped(pred, None, funcs, -1)
    cst.parse_module(text).visit(finder)
    return finder.count


def _edit(text: str | None, pred: Pred, rewrite, funcs: Iterable[str] | None = None, index: int = 0) -> str | None:
    """``text`` with the ``index``-th match rewritten; None when there is no such match."""
    if text is None:
        return None
    tr = _Scoped(pred, rewrite, funcs, index)
    try:
        out = cst.parse_module(text).visit(tr).code
    except (cst.CSTValidationError, ValueError, TypeError):
        return None
    return out if tr.target is not None and out != text else None


def _edit_all(text: str | None, pred: Pred, rewrite, funcs: Iterable[str] | None = None) -> str | None:
    """``text`` with every match rewritten (None when nothing matched)."""
    if text is None:
        return None
    original = text
    for _ in range(50):
        if not _count(text, pred, funcs):
            break
        new = _edit(text, pred, rewrite, funcs, 0)
        if new is None:
            return None
        text = new
    return text if text != original else None


def _is(code: str) -> Pred:
    """Expressions or arguments whose code is ``code`` (whitespace-insensitive)."""
    want = _norm(code)
    return lambda n: isinstance(n, (cst.BaseExpression, cst.Arg)) and _src(n) == want


def _to(code: str):
    """A rewrite to the expression (or argument) ``code``."""

    def rewrite(node):
        if isinstance(node, cst.Arg):
            return cst.parse_expression(f"f({code})").args[0].with_changes(comma=node.comma)
        return cst.parse_expression(code)

    return rewrite


def _swap(text: str | None, funcs, old: str, new: str, index: int = 0) -> str | None:
    return _edit(text, _is(old), _to(new), funcs, index)


def _stmt(code: str) -> Pred:
    want = _norm(code)
    return lambda n: isinstance(n, cst.SimpleStatementLine) and _norm(cst.Module(body=[n.with_changes(leading_lines=[])]).code) == want


def _drop_stmt(text, funcs, code: str, index: int = 0) -> str | None:
    return _edit(text, _stmt(code), lambda _n: cst.RemovalSentinel.REMOVE, funcs, index)


def _after(code: str):
    """A rewrite that keeps a statement and adds ``code`` after it."""
    return lambda n: cst.FlattenSentinel([n, cst.parse_statement(code)])


def _strings(old: str) -> Pred:
    """String literals (or f-string text parts) containing ``old``."""
    return lambda n: isinstance(n, (cst.SimpleString, cst.FormattedStringText)) and old in n.value


def _sql(text, funcs, old: str, new: str, index: int = 0) -> str | None:
    return _edit(text, _strings(old), lambda n: n.with_changes(value=n.value.replace(old, new, 1)), funcs, index)


def _drop_args(call: cst.Call, drop: Callable[[cst.Arg], bool]) -> cst.Call:
    """``call`` without the arguments ``drop`` selects, the commas kept tidy."""
    last = call.args[-1] if call.args else None
    args = [a for a in call.args if not drop(a)]
    if args and last is not None and args[-1] is not last:
        args[-1] = args[-1].with_changes(comma=last.comma)
    return call.with_changes(args=args)


def _drop_arg(call: cst.Call, keyword: str) -> cst.Call:
    return _drop_args(call, lambda a: a.keyword is not None and a.keyword.value == keyword)


def _kwarg_call(callee: str, keyword: str) -> Pred:
    """Calls of ``callee(...)`` passing ``keyword=``."""
    return lambda n: (
        isinstance(n, cst.Call)
        and isinstance(n.func, cst.Name)
        and n.func.value == callee
        and any(a.keyword is not None and a.keyword.value == keyword for a in n.args)
    )


def _add_import(text: str | None, line: str) -> str | None:
    """``text`` with the import ``line`` added before its first relative import."""
    if text is None or line in text:
        return text
    lines = text.split("\n")
    at = next((i for i, line in enumerate(lines) if line.startswith("from .")), None)
    if at is None:
        at = max((i for i, line in enumerate(lines) if line.startswith(("from ", "import "))), default=-1) + 1
    lines.insert(at, line)
    return "\n".join(lines)


def _one(app: AppSource, site: str, edit: dict[str, str | None]) -> Iterator[Mutant]:
    """Yield the mutant when every edited file changed."""
    if edit and all(t is not None and t != app.files.get(p) for p, t in edit.items()):
        yield (site, edit)


def _aw(app: AppSource) -> str:
    return "await " if app.stack == FASTAPI else ""


# ============================================================================= data.query.filter


@operator("lookup_by_wrong_column", "data.query.filter", stacks=ALL)
def lookup_by_wrong_column(app):
    """A single-row lookup compares the wrong column: the slug against the id, a username against the email.

    Study: lookups by id where the slug is given (404 or "invalid input syntax for type
    integer"), and copy-pasted finders that search the wrong field.
    """
    if app.stack in SQLALCHEMY:
        table = [
            (ARTICLE_REPO, "get_by_slug", "Article.slug == slug", "Article.id == slug"),
            (USER_REPO, "get_by_username", "User.username == username", "User.email == username"),
            (USER_REPO, "get_by_email", "User.email == email", "User.username == email"),
        ]
        edit = _swap
    elif app.stack == DJANGO:
        table = [
            (ARTICLE_REPO, "get_by_slug", "slug=slug", "id=slug"),
            (USER_REPO, "get_by_username", "username=username", "email=username"),
            (USER_REPO, "get_by_email", "email=email", "username=email"),
        ]
        edit = _swap
    else:
        table = [
            (ARTICLE_REPO, "get_by_slug", "WHERE a.slug = ?", "WHERE a.id = ?"),
            (USER_REPO, "get_by_username", "WHERE username = ?", "WHERE email = ?"),
            (USER_REPO, "get_by_email", "WHERE email = ?", "WHERE username = ?"),
        ]
        edit = _sql
    for path, func, old, new in table:
        yield from _one(app, f"{path} {func}: {old} -> {new}", {path: edit(app.files[path], [func], old, new)})


@operator("follow_filter_dropped", "data.query.filter", stacks=ALL)
def follow_filter_dropped(app):
    """The list query loses the "authors the viewer follows" condition, so the feed lists every article.

    Study: feed returning articles of unfollowed authors: the followed_by branch of the
    query builder is missing or its result is discarded.
    """
    text = app.files[ARTICLE_REPO]
    cond = "flt.followed_by is not None"
    is_branch = lambda n: isinstance(n, cst.If) and _src(n.test) == cond  # noqa: E731
    yield from _one(app, f"{ARTICLE_REPO}: `if {cond}` branch removed", {ARTICLE_REPO: _edit(text, is_branch, lambda _n: cst.RemovalSentinel.REMOVE)})

    def not_reassigned(node: cst.If) -> cst.If:
        body = list(node.body.body)
        for i, line in enumerate(body):
            assign = line.body[0] if isinstance(line, cst.SimpleStatementLine) else None
            if isinstance(assign, cst.Assign) and _src(assign.targets[0].target) in ("stmt", "qs"):
                body[i] = line.with_changes(body=[cst.Expr(assign.value)])
        return node.with_changes(body=node.body.with_changes(body=body))

    if app.stack != AIOHTTP:
        yield from _one(app, f"{ARTICLE_REPO}: followed_by condition built but not assigned", {ARTICLE_REPO: _edit(text, is_branch, not_reassigned)})


@operator("list_filters_miswired", "data.query.filter", stacks=ALL)
def list_filters_miswired(app):
    """The article list passes the tag/author/favorited query values to the wrong filter.

    Study: "Articles by Tag/Author" 200 with the wrong contents: the handler reads the
    author value into the tag filter (and the like), so the list is empty or unfiltered.
    """
    old = "ArticleFilter(tag=tag or None, author=author or None, favorited=favorited or None)"
    for a, b in (("tag", "author"), ("author", "favorited"), ("tag", "favorited")):
        values = {"tag": "tag", "author": "author", "favorited": "favorited"}
        values[a], values[b] = values[b], values[a]
        new = f"ArticleFilter(tag={values['tag']} or None, author={values['author']} or None, favorited={values['favorited']} or None)"
        yield from _one(app, f"{ARTICLE_SERVICE} list: {a} and {b} swapped", {ARTICLE_SERVICE: _swap(app.files[ARTICLE_SERVICE], ["list"], old, new)})


# ============================================================================= data.query.pagination


@operator("limit_offset_mixed_up", "data.query.pagination", stacks=ALL)
def limit_offset_mixed_up(app):
    """Limit and offset are swapped (or the offset takes the limit), so pages come back empty.

    Study: limit/offset ignored or swapped; GET /articles?limit=1&offset=0 returns no articles.
    """
    text = app.files[ARTICLE_REPO]
    if app.stack in SQLALCHEMY:
        lim = lambda n: isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value == "limit" and _src(n.args[0]) == "limit"  # noqa: E731
        off = lambda n: isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value == "offset" and _src(n.args[0]) == "offset"  # noqa: E731
        swapped = _edit(
            _edit(text, lim, lambda n: n.with_changes(args=[cst.Arg(cst.Name("offset"))]), ["list"]),
            off,
            lambda n: n.with_changes(args=[cst.Arg(cst.Name("limit"))]),
            ["list"],
        )
        offset_is_limit = _edit(text, off, lambda n: n.with_changes(args=[cst.Arg(cst.Name("limit"))]), ["list"])
    elif app.stack == DJANGO:
        old = 'qs.select_related("author").order_by("-created_at", "-id")[offset:offset + limit]'
        swapped = _swap(text, ["list"], old, old.replace("[offset:offset + limit]", "[limit:limit + offset]"))
        offset_is_limit = _swap(text, ["list"], old, old.replace("[offset:offset + limit]", "[limit:limit + limit]"))
    else:
        swapped = _swap(text, ["list"], "(*params, limit, offset)", "(*params, offset, limit)")
        offset_is_limit = _swap(text, ["list"], "(*params, limit, offset)", "(*params, limit, limit)")
    yield from _one(app, f"{ARTICLE_REPO} list: limit and offset swapped", {ARTICLE_REPO: swapped})
    yield from _one(app, f"{ARTICLE_REPO} list: offset set to the limit", {ARTICLE_REPO: offset_is_limit})
    yield from _one(
        app,
        f"{ARTICLE_SERVICE} list: repository called with (offset, limit)",
        {ARTICLE_SERVICE: _swap(app.files[ARTICLE_SERVICE], ["list"], "self.articles.list(flt, lim, off)", "self.articles.list(flt, off, lim)")},
    )


@operator("count_ignores_filters", "data.query.pagination", stacks=ALL)
def count_ignores_filters(app):
    """articlesCount counts every article instead of the ones matching the filters.

    Study: articlesCount differing from the number of matching articles (the feed of a
    user who follows nobody reports the total number of articles).
    """
    text = app.files[ARTICLE_REPO]
    if app.stack in SQLALCHEMY:
        new = _swap(text, ["list"], "select(func.count()).select_from(base.subquery())", "select(func.count(Article.id))")
    elif app.stack == DJANGO:
        new = _swap(text, ["list"], "qs.count()", "Article.objects.count()")
    else:
        new = _swap(
            text,
            ["list"],
            'self.db.fetch_one(f"SELECT COUNT(*) AS n FROM articles a{where}", params)',
            'self.db.fetch_one("SELECT COUNT(*) AS n FROM articles")',
        )
    yield from _one(app, f"{ARTICLE_REPO} list: count over all articles", {ARTICLE_REPO: new})


@operator("count_inflated_by_join", "data.query.pagination", stacks=ALL)
def count_inflated_by_join(app):
    """The list query joins the article's tags, so articlesCount counts one row per tag.

    Study: COUNT over a join producing duplicates (articlesCount 2 for one article with
    two tags).
    """
    text = app.files[ARTICLE_REPO]
    if app.stack in SQLALCHEMY:
        new = _swap(text, ["_filtered"], "select(Article)", "select(Article).outerjoin(article_tags, article_tags.c.article_id == Article.id)")
    elif app.stack == DJANGO:
        new = _add_import(
            _swap(text, ["list"], "Article.objects.all()", 'Article.objects.annotate(tag_name=F("tags__name"))'), "from django.db.models import F"
        )
    else:
        new = _sql(
            text, ["list"], "SELECT COUNT(*) AS n FROM articles a", "SELECT COUNT(*) AS n FROM articles a LEFT JOIN article_tags lt ON lt.article_id = a.id"
        )
    yield from _one(app, f"{ARTICLE_REPO} list: tags joined into the counted query", {ARTICLE_REPO: new})


# ============================================================================= data.query.sql_text


@operator("sql_misspelled_column", "data.query.sql_text", stacks=ALL)
def sql_misspelled_column(app):
    """Hand-written SQL names a column the way the API spells it (createdAt, authorId), not as the table does.

    Study: "no such column" from raw SQL fragments whose column names are misspelled or
    camelCased.
    """
    if app.stack == AIOHTTP:
        table = [
            (ARTICLE_REPO, None, "ORDER BY a.created_at DESC", "ORDER BY a.createdAt DESC"),
            (ARTICLE_REPO, None, "a.author_id, a.created_at", "a.authorId, a.created_at"),
            (ARTICLE_REPO, ["favorites_counts"], "SELECT article_id, COUNT(*)", "SELECT articleId, COUNT(*)"),
            (COMMENT_REPO, None, "ORDER BY c.created_at ASC", "ORDER BY c.createdAt ASC"),
            (USER_REPO, None, "email, password_hash, bio", "email, passwordHash, bio"),
            (TAG_REPO, ["list_in_use"], "ORDER BY name", "ORDER BY tag_name"),
        ]
        for path, funcs, old, new in table:
            yield from _one(app, f"{path}: {old!r} -> {new!r}", {path: _sql(app.files[path], funcs, old, new)})
    elif app.stack in SQLALCHEMY:
        table = [
            (ARTICLE_REPO, "list", "Article.created_at.desc()", 'text("createdAt DESC")'),
            (COMMENT_REPO, "list_for_article", "Comment.created_at.asc()", 'text("createdAt ASC")'),
            (TAG_REPO, "list_in_use", "Tag.name", 'text("tag_name")'),
        ]
        for path, func, old, new in table:
            text = app.files[path]
            pred = lambda n, old=old: _is(old)(n) and True  # noqa: E731
            idx = 0
            # Only the ordering use: the last match inside order_by(...).
            hits = _count(text, pred, [func])
            if func == "list_in_use":
                idx = hits - 1
            new_text = _add_import(_edit(text, pred, _to(new), [func], idx), "from sqlalchemy import text")
            yield from _one(app, f"{path} {func}: order_by({new})", {path: new_text})
    else:
        table = [
            (
                ARTICLE_REPO,
                "list",
                "qs.filter(author__username=flt.author)",
                'qs.extra(where=["author_id IN (SELECT id FROM users WHERE user_name = %s)"], params=[flt.author])',
            ),
            (
                ARTICLE_REPO,
                "list",
                'qs.select_related("author").order_by("-created_at", "-id")',
                'qs.select_related("author").extra(order_by=["-articles.createdAt"])',
            ),
            (
                COMMENT_REPO,
                "list_for_article",
                'Comment.objects.filter(article=article).select_related("author").order_by("created_at", "id")',
                'Comment.objects.filter(article=article).select_related("author").extra(order_by=["comments.createdAt"])',
            ),
        ]
        for path, func, old, new in table:
            yield from _one(app, f"{path} {func}: raw SQL {new[:50]}", {path: _swap(app.files[path], [func], old, new)})


@operator("sql_alias_out_of_scope", "data.query.sql_text", stacks=(AIOHTTP,))
def sql_alias_out_of_scope(app):
    """A SQL fragment names a table alias its statement never joins (u.username in the count query).

    Study: "no such column: u.username" where u is joined in the page query but not in
    the COUNT query that reuses the same WHERE clause.
    """
    table = [
        (ARTICLE_REPO, ["_where"], "a.author_id IN (SELECT au.id FROM users au WHERE au.username = ?)", "u.username = ?"),
        (ARTICLE_REPO, ["_where"], "a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE t.name = ?)", "t.name = ?"),
        (TAG_REPO, ["names_for_articles"], "FROM article_tags at JOIN tags t ON t.id = at.tag_id ", "FROM article_tags at "),
        (COMMENT_REPO, None, "FROM comments c JOIN users u ON u.id = c.author_id", "FROM comments c"),
    ]
    for path, funcs, old, new in table:
        yield from _one(app, f"{path}: {old[:50]!r} -> {new!r}", {path: _sql(app.files[path], funcs, old, new)})
    fav = "a.id IN (SELECT f.article_id FROM favorites f JOIN users fu ON fu.id = f.user_id "
    yield from _one(
        app,
        f"{ARTICLE_REPO}: favorited filter uses fu without its join",
        {ARTICLE_REPO: _sql(_sql(app.files[ARTICLE_REPO], ["_where"], fav, "fu.username = ?"), ["_where"], '"WHERE fu.username = ?)"', '""')},
    )


@operator("sql_placeholder_mismatch", "data.query.sql_text", stacks=(AIOHTTP,))
def sql_placeholder_mismatch(app):
    """An INSERT lists more columns than it has ``?`` placeholders.

    Study: "N values for M columns" / bind-count mismatches in hand-written INSERTs.
    """
    table = [
        (USER_REPO, "add", "VALUES (?, ?, ?, '', '', ?, ?)", "VALUES (?, ?, ?, '', '', ?)"),
        (ARTICLE_REPO, "add", "VALUES (?, ?, ?, ?, ?, ?, ?)", "VALUES (?, ?, ?, ?, ?, ?)"),
        (ARTICLE_REPO, "set_tags", "VALUES (?, ?, ?)", "VALUES (?, ?)"),
        (ARTICLE_REPO, "favorite", "VALUES (?, ?)", "VALUES (?)"),
        (COMMENT_REPO, "add", "VALUES (?, ?, ?, ?, ?)", "VALUES (?, ?, ?, ?)"),
        (USER_REPO, "follow", "VALUES (?, ?)", "VALUES (?)"),
    ]
    for path, func, old, new in table:
        yield from _one(app, f"{path} {func}: {old!r} -> {new!r}", {path: _sql(app.files[path], [func], old, new)})


# ============================================================================= data.query.dialect


@operator("postgres_sql_on_sqlite", "data.query.dialect", stacks=ALL, databases=("sqlite",))
def postgres_sql_on_sqlite(app):
    """A query uses PostgreSQL-only syntax (ILIKE, ``::`` casts), which SQLite rejects.

    Study: Postgres syntax on SQLite: ILIKE for case-insensitive lookups, ::int casts.
    """
    if app.stack == AIOHTTP:
        table = [
            (USER_REPO, ["get_by_email"], "WHERE email = ?", "WHERE email ILIKE ?"),
            (USER_REPO, ["get_by_username"], "WHERE username = ?", "WHERE username ILIKE ?"),
            (ARTICLE_REPO, ["_where"], "WHERE t.name = ?", "WHERE t.name ILIKE ?"),
            (ARTICLE_REPO, ["_where"], "WHERE au.username = ?", "WHERE au.username ILIKE ?"),
            (ARTICLE_REPO, ["list"], "SELECT COUNT(*) AS n", "SELECT COUNT(*)::int AS n"),
        ]
        for path, funcs, old, new in table:
            yield from _one(app, f"{path}: {old!r} -> {new!r}", {path: _sql(app.files[path], funcs, old, new)})
    elif app.stack in SQLALCHEMY:
        table = [
            (USER_REPO, "get_by_email", "User.email == email", 'User.email.op("ILIKE")(email)'),
            (USER_REPO, "get_by_username", "User.username == username", 'User.username.op("ILIKE")(username)'),
            (ARTICLE_REPO, "_filtered", "Tag.name == flt.tag", 'Tag.name.op("ILIKE")(flt.tag)'),
            (ARTICLE_REPO, "_filtered", "User.username == flt.author", 'User.username.op("ILIKE")(flt.author)'),
        ]
        for path, func, old, new in table:
            yield from _one(app, f"{path} {func}: {new}", {path: _swap(app.files[path], [func], old, new)})
    else:
        table = [
            (USER_REPO, "get_by_email", "User.objects.filter(email=email)", 'User.objects.extra(where=["email ILIKE %s"], params=[email])'),
            (USER_REPO, "get_by_username", "User.objects.filter(username=username)", 'User.objects.extra(where=["username ILIKE %s"], params=[username])'),
            (
                ARTICLE_REPO,
                "list",
                "qs.filter(author__username=flt.author)",
                'qs.extra(where=["author_id IN (SELECT id FROM users WHERE username ILIKE %s)"], params=[flt.author])',
            ),
        ]
        for path, func, old, new in table:
            yield from _one(app, f"{path} {func}: {new[:60]}", {path: _swap(app.files[path], [func], old, new)})


@operator("sqlite_sql_on_postgres", "data.query.dialect", stacks=ALL, databases=("postgres",))
def sqlite_sql_on_postgres(app):
    """A query uses SQLite-only syntax (INSERT OR IGNORE, COLLATE NOCASE), which PostgreSQL rejects.

    Study: SQLite syntax carried over to Postgres: syntax error at or near "OR" /
    collation "nocase" does not exist.
    """
    if app.stack == AIOHTTP:
        table = [
            (
                ARTICLE_REPO,
                "favorite",
                "INSERT INTO favorites (user_id, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                "INSERT OR IGNORE INTO favorites (user_id, article_id) VALUES (?, ?)",
            ),
            (
                USER_REPO,
                "follow",
                "INSERT INTO follows (follower_id, followed_id) VALUES (?, ?) ON CONFLICT DO NOTHING",
                "INSERT OR IGNORE INTO follows (follower_id, followed_id) VALUES (?, ?)",
            ),
            (
                TAG_REPO,
                "get_or_create_many",
                "INSERT INTO tags (name) VALUES (?) ON CONFLICT (name) DO NOTHING",
                "INSERT OR IGNORE INTO tags (name) VALUES (?)",
            ),
            (USER_REPO, "get_by_email", "WHERE email = ?", "WHERE email = ? COLLATE NOCASE"),
        ]
        for path, func, old, new in table:
            yield from _one(app, f"{path} {func}: {new[:60]!r}", {path: _sql(app.files[path], [func], old, new)})
    elif app.stack in SQLALCHEMY:
        table = [
            (ARTICLE_REPO, "favorite", "insert(favorites)", 'insert(favorites).prefix_with("OR IGNORE")'),
            (USER_REPO, "follow", "insert(follows)", 'insert(follows).prefix_with("OR IGNORE")'),
            (USER_REPO, "get_by_email", "User.email == email", 'User.email.collate("NOCASE") == email'),
        ]
        for path, func, old, new in table:
            yield from _one(app, f"{path} {func}: {new}", {path: _swap(app.files[path], [func], old, new)})
    else:
        table = [
            (USER_REPO, "get_by_email", "User.objects.filter(email=email)", 'User.objects.extra(where=["email = %s COLLATE NOCASE"], params=[email])'),
            (
                USER_REPO,
                "get_by_username",
                "User.objects.filter(username=username)",
                'User.objects.extra(where=["username = %s COLLATE NOCASE"], params=[username])',
            ),
            (
                ARTICLE_REPO,
                "list",
                "qs.filter(author__username=flt.author)",
                'qs.extra(where=["author_id IN (SELECT id FROM users WHERE username = %s COLLATE NOCASE)"], params=[flt.author])',
            ),
        ]
        for path, func, old, new in table:
            yield from _one(app, f"{path} {func}: {new[:60]}", {path: _swap(app.files[path], [func], old, new)})


# ============================================================================= data.query.derived_fields


_DTO_HELPERS = ("_to_dtos", "_to_dto", "_dto", "_dto_by_id")


@operator("viewer_not_passed", "data.query.derived_fields", stacks=ALL)
def viewer_not_passed(app):
    """The article list or the favorite response is built without the viewer, so favorited stays false.

    Study: favourite persisted but favorited false in the response or the list: the
    viewer id is not passed to the read query.
    """
    helper = lambda n: (  # noqa: E731
        isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value in _DTO_HELPERS and any(_src(a) == "viewer" for a in n.args)
    )
    anonymous = lambda n: n.with_changes(args=[a.with_changes(value=cst.Name("None")) if _src(a) == "viewer" else a for a in n.args])  # noqa: E731
    for func in ("list", "favorite"):
        yield from _one(
            app, f"{ARTICLE_SERVICE} {func}: DTOs built for viewer None", {ARTICLE_SERVICE: _edit(app.files[ARTICLE_SERVICE], helper, anonymous, [func])}
        )


@operator("favorites_count_wrong_table", "data.query.derived_fields", stacks=ALL)
def favorites_count_wrong_table(app):
    """favoritesCount is counted from the article-tag links instead of the favorites.

    Study: favoritesCount not reflecting the favorites (2 for a new article with two tags).
    """
    text = app.files[ARTICLE_REPO]
    if app.stack in SQLALCHEMY:
        new = _edit_all(text, _is("favorites.c.article_id"), _to("article_tags.c.article_id"), ["favorites_counts"])
    elif app.stack == DJANGO:
        new = _edit_all(text, _is("Article.favorited_by.through.objects"), _to("ArticleTag.objects"), ["favorites_counts"])
    else:
        new = _sql(text, ["favorites_counts"], "FROM favorites WHERE", "FROM article_tags WHERE")
    yield from _one(app, f"{ARTICLE_REPO} favorites_counts: counts article_tags rows", {ARTICLE_REPO: new})


# ============================================================================= data.orm


def _commit_sites(app: AppSource) -> list[tuple[str, str]]:
    return [
        (USER_SERVICE, "register"),
        (USER_SERVICE, "update"),
        (USER_SERVICE, "follow"),
        (ARTICLE_SERVICE, "create"),
        (ARTICLE_SERVICE, "favorite"),
        (ARTICLE_SERVICE, "unfavorite"),
        (COMMENT_SERVICE, "add"),
    ]


@operator("session_closed_after_commit", "data.orm.detached_instance", stacks=(FLASK,))
def session_closed_after_commit(app):
    """A service closes its session right after commit (with expire_on_commit left on), then reads the objects.

    Study: DetachedInstanceError "is not bound to a Session; attribute refresh operation
    cannot proceed" when the response is built from objects of a closed session.
    (Flask only: under asyncio the expired attributes fail first with MissingGreenlet.)
    """
    db = _edit(
        app.files[DB],
        lambda n: isinstance(n, cst.Arg) and n.keyword is not None and n.keyword.value == "expire_on_commit",
        lambda _n: cst.RemovalSentinel.REMOVE,
    )
    aw = _aw(app)
    for path, func in _commit_sites(app):
        new = _edit(app.files[path], _stmt(f"{aw}self.session.commit()"), _after(f"{aw}self.session.close()\n"), [func])
        yield from _one(app, f"{path} {func}: session closed after commit", {DB: db, path: new})


@operator("lazy_load_in_async", "data.orm.async_lazy_load", stacks=(FASTAPI,))
def lazy_load_in_async(app):
    """An async query drops its selectinload (the relationship left lazy), or commits expire the objects.

    Study: MissingGreenlet "greenlet_spawn has not been called" when a relationship or an
    expired attribute is loaded implicitly under an AsyncSession.
    """

    def lazy_default(target: str):
        pred = lambda n: isinstance(n, cst.AnnAssign) and _src(n.target) == target and isinstance(n.value, cst.Call)  # noqa: E731
        return pred, lambda n: n.with_changes(value=_drop_arg(n.value, "lazy"))

    remove = lambda _n: cst.RemovalSentinel.REMOVE  # noqa: E731

    def without(code: str, text: str, func: str) -> str | None:
        options = lambda n: (
            isinstance(n, cst.Call) and isinstance(n.func, cst.Attribute) and n.func.attr.value == "options" and any(_src(a.value) == code for a in n.args)
        )  # noqa: E731
        return _edit(text, options, lambda n: _drop_args(n, lambda a: _src(a.value) == code), [func])

    article_model = "conduit/models/article.py"
    for rel in ("author", "tags"):
        pred, rewrite = lazy_default(rel)
        yield from _one(
            app,
            f"{ARTICLE_REPO} _with_relations: no selectinload(Article.{rel}), relationship lazy",
            {
                article_model: _edit(app.files[article_model], pred, rewrite),
                ARTICLE_REPO: without(f"selectinload(Article.{rel})", app.files[ARTICLE_REPO], "_with_relations"),
            },
        )
    # Comment.author is left out: its user is already in the identity map, so no I/O happens.
    yield from _one(
        app,
        f"{DB}: expire_on_commit left at True",
        {DB: _edit(app.files[DB], lambda n: isinstance(n, cst.Arg) and n.keyword is not None and n.keyword.value == "expire_on_commit", remove)},
    )


@operator("transaction_misuse", "data.orm.session_misuse", stacks=(FLASK, FASTAPI, DJANGO))
def transaction_misuse(app):
    """A repository opens or switches a transaction by hand inside the request's transaction.

    Study: "A transaction is already begun on Session" from session.begin() after autobegin;
    Django TransactionManagementError from manual autocommit handling inside ATOMIC_REQUESTS.
    """
    sites = [(USER_REPO, "add"), (ARTICLE_REPO, "add"), (COMMENT_REPO, "add")]
    if app.stack == DJANGO:
        sites += [(ARTICLE_REPO, "favorite"), (USER_REPO, "follow")]
        is_fn = lambda n: isinstance(n, cst.FunctionDef)  # noqa: E731

        def manual(node: cst.FunctionDef) -> cst.FunctionDef:
            body = [cst.parse_statement("transaction.set_autocommit(False)\n"), *node.body.body]
            return node.with_changes(body=node.body.with_changes(body=body))

        for path, func in sites:
            text = app.files[path]
            pred = lambda n, func=func: is_fn(n) and n.name.value == func  # noqa: E731
            yield from _one(
                app,
                f"{path} {func}: set_autocommit(False) inside the request transaction",
                {path: _add_import(_edit(text, pred, manual), "from django.db import transaction")},
            )
        return
    aw = "async " if app.stack == FASTAPI else ""

    def begin(node: cst.FunctionDef) -> cst.FunctionDef:
        body = list(node.body.body)
        first = body[0]
        block = cast(cst.With, cst.parse_statement(f"{aw}with self.session.begin():\n    pass\n"))
        block = block.with_changes(body=block.body.with_changes(body=[first]))
        return node.with_changes(body=node.body.with_changes(body=[block, *body[1:]]))

    for path, func in sites:
        pred = lambda n, func=func: isinstance(n, cst.FunctionDef) and n.name.value == func  # noqa: E731
        yield from _one(app, f"{path} {func}: session.add wrapped in session.begin()", {path: _edit(app.files[path], pred, begin)})


@operator("sqlite_connection_misuse", "data.orm.session_misuse", stacks=(AIOHTTP,), databases=("sqlite",))
def sqlite_connection_misuse(app):
    """The shared aiosqlite connection is mishandled: re-entered as a context manager, or its transaction never begun/committed.

    Study: aiosqlite "threads can only be started once" from `async with self.conn:`;
    "cannot start a transaction within a transaction" when COMMIT is missing.
    """
    text = app.files[DB]
    lock = lambda n: isinstance(n, cst.With) and _src(n.items[0].item) == "self._lock"  # noqa: E731
    yield from _one(
        app,
        f"{DB} transaction: `async with self._sqlite:` instead of the lock",
        {DB: _edit(text, lock, lambda n: n.with_changes(items=[n.items[0].with_changes(item=cst.parse_expression("self._sqlite"))]), ["transaction"])},
    )
    commit = lambda n: isinstance(n, cst.Try) and n.orelse is not None and "COMMIT" in _src(n.orelse)  # noqa: E731
    yield from _one(app, f"{DB} transaction: COMMIT never sent", {DB: _edit(text, commit, lambda n: n.with_changes(orelse=None), ["transaction"])})
    yield from _one(app, f"{DB} transaction: BEGIN never sent", {DB: _drop_stmt(text, ["transaction"], 'await self._sqlite.execute("BEGIN")')})


@operator("pool_connection_leaked", "data.orm.pool_exhaustion", stacks=(AIOHTTP,), databases=("postgres",))
def pool_connection_leaked(app):
    """Each request acquires a pooled asyncpg connection and never releases it.

    Study: first requests succeed, later ones hang once the pool (max 10) is exhausted.
    """
    acquire = lambda n: isinstance(n, cst.With) and _src(n.items[0].item) == "self._pool.acquire()"  # noqa: E731

    def leak(node: cst.With):
        stmt = cst.parse_statement("conn = await self._pool.acquire()\n")
        return cst.FlattenSentinel([stmt, *node.body.body])

    yield from _one(app, f"{DB} transaction: pool.acquire() without release", {DB: _edit(app.files[DB], acquire, leak, ["transaction"])})


@operator("single_row_on_many", "data.orm.multiple_results", stacks=(FLASK, FASTAPI, DJANGO))
def single_row_on_many(app):
    """A single-row accessor or collection load meets several rows (the article's two tags).

    Study: MultipleResultsFound / MultipleObjectsReturned, and "The unique() method must
    be invoked on this Result" after joinedload of a collection.
    """
    text = app.files[ARTICLE_REPO]
    if app.stack == DJANGO:
        new = _add_import(
            _swap(text, ["get_by_slug"], "self._base().filter(slug=slug).first()", 'self._base().annotate(tag_name=F("tags__name")).get(slug=slug)'),
            "from django.db.models import F",
        )
        yield from _one(app, f"{ARTICLE_REPO} get_by_slug: .get() over a tag join", {ARTICLE_REPO: new})
        return
    join = "join(article_tags, article_tags.c.article_id == Article.id)"
    if app.stack == FLASK:
        one = _swap(
            text,
            ["get_by_slug"],
            "self.session.scalar(select(Article).where(Article.slug == slug))",
            f"self.session.execute(select(Article).{join}.where(Article.slug == slug)).scalar_one_or_none()",
        )
        page = _swap(
            _swap(
                text,
                ["list"],
                "base.order_by(Article.created_at.desc(), Article.id.desc())",
                "base.options(joinedload(Article.tags)).order_by(Article.created_at.desc(), Article.id.desc())",
            ),
            ["list"],
            "list(page.unique())",
            "list(page)",
        )
        page = _add_import(page, "from sqlalchemy.orm import joinedload")
    else:
        one = _swap(
            text,
            ["get_by_slug"],
            "await self.session.scalar(_with_relations(select(Article).where(Article.slug == slug)))",
            f"(await self.session.execute(_with_relations(select(Article).{join}.where(Article.slug == slug)))).scalar_one_or_none()",
        )
        page = _swap(_swap(text, ["_with_relations"], "selectinload(Article.tags)", "joinedload(Article.tags)"), ["list"], "list(page.unique())", "list(page)")
        page = _add_import(page, "from sqlalchemy.orm import joinedload")
    yield from _one(app, f"{ARTICLE_REPO} get_by_slug: scalar_one_or_none() over a tag join", {ARTICLE_REPO: one})
    yield from _one(app, f"{ARTICLE_REPO} list: joinedload(Article.tags) without unique()", {ARTICLE_REPO: page})


@operator("orm_unknown_field", "data.orm.field_error", stacks=(FLASK, FASTAPI, DJANGO))
def orm_unknown_field(app):
    """An ORM call names a field, lookup or keyword the model does not have.

    Study: FieldError "Cannot resolve keyword ... into field", "Invalid field name(s) given
    in select_related", "'x' is an invalid keyword argument for Model", "Entity namespace
    has no property".
    """
    if app.stack == DJANGO:
        table = [
            (ARTICLE_REPO, "list", "tag__name=flt.tag", "tags__name=flt.tag"),
            (ARTICLE_REPO, "list", "author__username=flt.author", "author__name=flt.author"),
            (ARTICLE_REPO, "list", "user__username=flt.favorited", "username=flt.favorited"),
            (ARTICLE_REPO, "list", "from_user_id=flt.followed_by", "follower_id=flt.followed_by"),
            (ARTICLE_REPO, "list", '"-created_at"', '"-createdAt"'),
            (ARTICLE_REPO, "_base", '"author"', '"user"'),
            (COMMENT_REPO, "list_for_article", '"created_at"', '"createdAt"'),
        ]
        for path, func, old, new in table:
            yield from _one(app, f"{path} {func}: {old} -> {new}", {path: _swap(app.files[path], [func], old, new)})
        return
    table = [
        (USER_REPO, "get_by_username", "select(User).where(User.username == username)", "select(User).filter_by(name=username)"),
        (USER_REPO, "get_by_email", "select(User).where(User.email == email)", "select(User).filter_by(email_address=email)"),
    ]
    for path, func, old, new in table:
        yield from _one(app, f"{path} {func}: {new}", {path: _swap(app.files[path], [func], old, new)})
    for path, func, callee, old, new in (
        (ARTICLE_SERVICE, "create", "Article", "author_id", "user_id"),
        (COMMENT_SERVICE, "add", "Comment", "author_id", "user_id"),
        (USER_SERVICE, "register", "User", "password_hash", "password"),
    ):
        rename = lambda n, old=old, new=new: n.with_changes(
            args=[a.with_changes(keyword=cst.Name(new)) if a.keyword is not None and a.keyword.value == old else a for a in n.args]
        )  # noqa: E731
        yield from _one(app, f"{path} {func}: {callee}({new}=...)", {path: _edit(app.files[path], _kwarg_call(callee, old), rename, [func])})


@operator("row_used_as_model", "data.orm.api_misuse", stacks=ALL)
def row_used_as_model(app):
    """Query results are used as the wrong kind of object: a Row as an entity, a dict as an object, a manager as a list.

    Study: AttributeError on Row/dict results read as model instances; "'ManyRelatedManager'
    object is not iterable".
    """
    if app.stack == AIOHTTP:
        for path in (USER_REPO, ARTICLE_REPO, COMMENT_REPO):
            yield from _one(app, f"{path} add: row.id instead of row['id']", {path: _swap(app.files[path], ["add"], 'row["id"]', "row.id")})
        return
    if app.stack == DJANGO:
        for old, new in (("tag_names.get(a.id, [])", "[t.name for t in a.tags]"), ("counts.get(a.id, 0)", "len(a.favorited_by)")):
            yield from _one(app, f"{ARTICLE_SERVICE} _to_dtos: {new}", {ARTICLE_SERVICE: _swap(app.files[ARTICLE_SERVICE], ["_to_dtos"], old, new)})
        return
    sites = [(ARTICLE_REPO, "get_by_slug"), (USER_REPO, "get_by_username"), (USER_REPO, "get_by_email"), (COMMENT_REPO, "get_for_article")]
    for path, func in sites:
        if app.stack == FLASK:
            pred = lambda n: isinstance(n, cst.Call) and _src(n.func) == "self.session.scalar"  # noqa: E731
            rewrite = lambda n: cst.parse_expression(f"self.session.execute({_src(n.args[0])}).first()")  # noqa: E731
        else:
            pred = lambda n: isinstance(n, cst.Await) and isinstance(n.expression, cst.Call) and _src(n.expression.func) == "self.session.scalar"  # noqa: E731
            rewrite = lambda n: cst.parse_expression(f"(await self.session.execute({_src(n.expression.args[0])})).first()")  # noqa: E731
        yield from _one(app, f"{path} {func}: execute().first() returns a Row", {path: _edit(app.files[path], pred, rewrite, [func])})


# ============================================================================= data.schema


_SQLA_TABLES = ("users", "articles", "tags", "comments", "follows", "favorites", "article_tags")
_LEAF_TABLES = ("comments", "follows", "favorites", "article_tags")


def _sql_table_removed(text: str, table: str) -> str | None:
    """The schema without ``CREATE TABLE table`` (and its indexes)."""
    new = re.sub(rf"CREATE TABLE IF NOT EXISTS {table} \(.*?\n\);\n\n?", "", text, flags=re.S)
    new = re.sub(rf"CREATE INDEX IF NOT EXISTS \w+ ON {table} \(.*?\);\n", "", new)
    return new if new != text else None


@operator("tables_not_created", "data.schema.missing_table", stacks=ALL)
def tables_not_created(app):
    """Some or all tables are never created: create_all/migrate not run, a table left out of it.

    Study: "no such table" / relation does not exist: migrations not applied, create_all
    never called or given only some tables, association tables on a MetaData nobody creates.
    """
    if app.stack in SQLALCHEMY:
        db = app.files[DB]
        if app.stack == FLASK:
            call, stmt = "Base.metadata.create_all(_engine)", "Base.metadata.create_all(_engine)"
        else:
            call, stmt = "Base.metadata.create_all", "await conn.run_sync(Base.metadata.create_all)"
        yield from _one(app, f"{DB} init_db: create_all removed", {DB: _drop_stmt(db, ["init_db"], stmt)})
        for table in _LEAF_TABLES:  # nothing references them, so PostgreSQL still creates the rest
            kept = ", ".join(f'Base.metadata.tables["{t}"]' for t in _SQLA_TABLES if t != table)
            new = f"Base.metadata.create_all(_engine, tables=[{kept}])" if app.stack == FLASK else f"lambda c: Base.metadata.create_all(c, tables=[{kept}])"
            yield from _one(app, f"{DB} init_db: create_all without {table}", {DB: _swap(db, ["init_db"], call, new)})
        assoc = "conduit/models/associations.py"
        for table in ("follows", "favorites"):
            pred = lambda n, table=table: isinstance(n, cst.Arg) and _src(n.value) == "Base.metadata" and True  # noqa: E731
            idx = ("follows", "favorites", "article_tags").index(table)
            new = _edit(app.files[assoc], pred, lambda n: n.with_changes(value=cst.parse_expression("MetaData()")), None, idx)
            new = _add_import(new, "from sqlalchemy import MetaData")
            yield from _one(app, f"{assoc}: {table} defined on its own MetaData()", {assoc: new})
        return
    if app.stack == DJANGO:
        run = app.files["run.sh"]
        yield from _one(app, "run.sh: migrate never run", {"run.sh": "\n".join(line for line in run.split("\n") if "migrate" not in line)})
        mig = app.files[MIGRATION]
        op = lambda kind, name: lambda n: isinstance(n, cst.Element) and _src(n.value).startswith(f"migrations.{kind}(") and name in _src(n.value)  # noqa: E731
        remove = lambda _n: cst.RemovalSentinel.REMOVE  # noqa: E731
        yield from _one(app, f"{MIGRATION}: no CreateModel Comment", {MIGRATION: _edit(mig, op("CreateModel", "name='Comment'"), remove)})
        yield from _one(app, f"{MIGRATION}: no AddField favorited_by (favorites table)", {MIGRATION: _edit(mig, op("AddField", "name='favorited_by'"), remove)})
        field = lambda name: lambda n: isinstance(n, cst.Element) and isinstance(n.value, cst.Tuple) and _src(n.value).startswith(f"('{name}',")  # noqa: E731
        yield from _one(app, f"{MIGRATION}: User without the following M2M (follows table)", {MIGRATION: _edit(mig, field("following"), remove)})
        no_tags = _edit(
            _edit(_edit(mig, op("CreateModel", "name='ArticleTag'"), remove), op("AddField", "name='tags'"), remove), op("AddConstraint", "articletag"), remove
        )
        yield from _one(app, f"{MIGRATION}: no ArticleTag model (article_tags table)", {MIGRATION: no_tags})
        return
    init = lambda n: isinstance(n, cst.SimpleStatementLine) and ("executescript(schema)" in _src(n) or "conn.execute(schema)" in _src(n))  # noqa: E731
    db = _edit(_edit(app.files[DB], init, lambda _n: cst.RemovalSentinel.REMOVE, ["connect"]), init, lambda _n: cst.RemovalSentinel.REMOVE, ["connect"])
    yield from _one(app, f"{DB} connect: schema never executed", {DB: db})
    for table in _LEAF_TABLES:
        yield from _one(app, f"schema: no CREATE TABLE {table}", {p: _sql_table_removed(app.files[p], table) for p in SCHEMAS})


@operator("column_missing_from_schema", "data.schema.missing_column", stacks=(DJANGO, AIOHTTP))
def column_missing_from_schema(app):
    """The model or SQL uses a column that the migration / CREATE TABLE leaves out.

    Study: "table X has no column named Y" / column "Y" does not exist: the DDL or the
    migration disagrees with the model.
    """
    columns = [
        ("users", "bio"),
        ("users", "image"),
        ("articles", "description"),
        ("articles", "updated_at"),
        ("comments", "body"),
        ("article_tags", "position"),
    ]
    if app.stack == DJANGO:
        models = {"users": "User", "articles": "Article", "comments": "Comment", "article_tags": "ArticleTag"}
        mig = app.files[MIGRATION]
        for table, col in columns:
            model = models[table]
            in_model = lambda n, model=model: (
                isinstance(n, cst.Call) and _src(n.func) == "migrations.CreateModel" and any(_src(a) == f"name='{model}'" for a in n.args)
            )  # noqa: E731

            def drop(node: cst.Call, col: str = col) -> cst.Call:
                def without(fields: cst.List) -> cst.List:
                    return fields.with_changes(elements=[e for e in fields.elements if not _src(e.value).startswith(f"('{col}',")])

                return node.with_changes(
                    args=[
                        a.with_changes(value=without(cast(cst.List, a.value)))  # CreateModel(fields=[...])
                        if a.keyword is not None and a.keyword.value == "fields"
                        else a
                        for a in node.args
                    ]
                )

            yield from _one(app, f"{MIGRATION}: {model} created without {col}", {MIGRATION: _edit(mig, in_model, drop)})
        return
    for table, col in columns:
        edit = {}
        for p in SCHEMAS:
            text = app.files[p]
            block = re.search(rf"CREATE TABLE IF NOT EXISTS {table} \(.*?\n\);", text, re.S)
            new = None
            if block:
                body = re.sub(rf"\n    {col} [^\n]*,", "", block.group(0), count=1)
                if body != block.group(0):
                    new = text[: block.start()] + body + text[block.end() :]
            edit[p] = new
        yield from _one(app, f"schema: {table} without {col}", edit)


@operator("required_value_missing", "data.schema.integrity", stacks=ALL)
def required_value_missing(app):
    """An insert leaves a NOT NULL column empty: a constructor field forgotten, or None bound.

    Study: "NOT NULL constraint failed: <table>.<col>" / null value violates not-null
    constraint (e.g. the slug or author computed after the INSERT).
    """
    if app.stack in SQLALCHEMY:
        table = [
            (ARTICLE_SERVICE, "create", "Article", "slug"),
            (ARTICLE_SERVICE, "create", "Article", "description"),
            (ARTICLE_SERVICE, "create", "Article", "author_id"),
            (COMMENT_SERVICE, "add", "Comment", "article_id"),
            (COMMENT_SERVICE, "add", "Comment", "body"),
            (USER_SERVICE, "register", "User", "email"),
            (USER_SERVICE, "register", "User", "password_hash"),
        ]
        for path, func, callee, kw in table:
            yield from _one(
                app,
                f"{path} {func}: {callee}() without {kw}",
                {path: _edit(app.files[path], _kwarg_call(callee, kw), lambda n, kw=kw: _drop_arg(n, kw), [func])},
            )
        return
    if app.stack == DJANGO:
        table = [
            (ARTICLE_REPO, "add", "create", "author"),
            (COMMENT_REPO, "add", "create", "article"),
            (COMMENT_REPO, "add", "create", "author"),
            (ARTICLE_REPO, "set_tags", "ArticleTag", "tag"),
        ]
        for path, func, callee, kw in table:
            pred = lambda n, callee=callee, kw=kw: (  # noqa: E731
                isinstance(n, cst.Call)
                and ((isinstance(n.func, cst.Attribute) and n.func.attr.value == callee) or (isinstance(n.func, cst.Name) and n.func.value == callee))
                and any(a.keyword is not None and a.keyword.value == kw for a in n.args)
            )
            yield from _one(app, f"{path} {func}: {callee}() without {kw}", {path: _edit(app.files[path], pred, lambda n, kw=kw: _drop_arg(n, kw), [func])})
        return
    table = [
        (ARTICLE_REPO, "add", "slug"),
        (ARTICLE_REPO, "add", "description"),
        (ARTICLE_REPO, "add", "author_id"),
        (USER_REPO, "add", "password_hash"),
        (COMMENT_REPO, "add", "author_id"),
        (COMMENT_REPO, "add", "body"),
        (ARTICLE_REPO, "set_tags", "tag_id"),
    ]
    for path, func, name in table:
        pred = lambda n, name=name: isinstance(n, cst.Tuple) and len(n.elements) >= 3 and any(_src(e.value) == name for e in n.elements)  # noqa: E731
        bind_none = lambda n, name=name: n.with_changes(elements=[e.with_changes(value=cst.Name("None")) if _src(e.value) == name else e for e in n.elements])  # noqa: E731
        yield from _one(app, f"{path} {func}: None bound for {name}", {path: _edit(app.files[path], pred, bind_none, [func])})


@operator("column_added_without_ddl", "data.schema.missing_column", stacks=(DJANGO, AIOHTTP))
def column_added_without_ddl(app):
    """The code gains a column (a model field, an INSERT column) that no migration or CREATE TABLE adds.

    Study: "no such column" / "has no column named" after the model was extended
    (favorites_count, token) without makemigrations or a schema change.
    """
    if app.stack == DJANGO:
        path = "conduit/models.py"
        table = [
            ("User", "updated_at", 'token = models.TextField(default="", blank=True)'),
            ("Article", "updated_at", "favorites_count = models.IntegerField(default=0)"),
            ("Article", "updated_at", "tag_list = models.JSONField(default=list)"),
            ("Comment", "updated_at", "edited = models.BooleanField(default=False)"),
        ]
        for model, after, field in table:
            in_class = lambda n, model=model: isinstance(n, cst.ClassDef) and n.name.value == model  # noqa: E731

            def add(node: cst.ClassDef, after=after, field=field) -> cst.ClassDef:
                body = []
                for stmt in node.body.body:
                    body.append(stmt)
                    if isinstance(stmt, cst.SimpleStatementLine) and isinstance(stmt.body[0], cst.Assign) and _src(stmt.body[0].targets[0].target) == after:
                        body.append(cst.parse_statement(f"{field}\n"))
                return node.with_changes(body=node.body.with_changes(body=body))

            yield from _one(app, f"{path} {model}: {field.split(' =')[0]} added, no migration", {path: _edit(app.files[path], in_class, add)})
        return
    table = [
        (ARTICLE_REPO, "add", 'author_id, created_at, updated_at) "', 'author_id, created_at, updated_at, favorites_count) "'),
        (USER_REPO, "add", 'bio, image, created_at, updated_at) "', 'bio, image, created_at, updated_at, token) "'),
        (COMMENT_REPO, "add", 'created_at, updated_at) "', 'created_at, updated_at, edited) "'),
        (ARTICLE_REPO, None, "a.created_at, a.updated_at, ", "a.created_at, a.updated_at, a.favorites_count, "),
    ]
    for path, func, old, new in table:
        text = app.files[path]
        if path == USER_REPO:
            new_text = _sql(_sql(text, [func], old, new), [func], "VALUES (?, ?, ?, '', '', ?, ?)", "VALUES (?, ?, ?, '', '', ?, ?, '')")
        elif func == "add" and path == ARTICLE_REPO:
            new_text = _sql(_sql(text, [func], old, new), [func], "VALUES (?, ?, ?, ?, ?, ?, ?)", "VALUES (?, ?, ?, ?, ?, ?, ?, 0)")
        elif path == COMMENT_REPO:
            new_text = _sql(_sql(text, [func], old, new), [func], "VALUES (?, ?, ?, ?, ?)", "VALUES (?, ?, ?, ?, ?, FALSE)")
        else:
            new_text = _sql(text, [func] if func else None, old, new)
        yield from _one(app, f"{path}: column not in the schema: {new[:60]!r}", {path: new_text})
