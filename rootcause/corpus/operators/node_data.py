"""Node data-layer and state operators: Sequelize misuse, raw SQL queries, the schema, lost state.

Tree-sitter operators for the Node reference apps (see ``node``): Sequelize associations and
attribute names on the Sequelize stacks, PostgreSQL parameter typing and filter columns in the raw SQL
of the raw stacks, columns and constraints of the schema (the CREATE TABLE text, or the Sequelize
model definitions), and writes that never reach the database.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from tree_sitter import Node

from rootcause.corpus.operators import js
from rootcause.corpus.operators.base import NODE_STACKS, AppSource, Mutant, operator
from rootcause.corpus.operators.node import EXPRESS, HONO, SEQUELIZE, _at, _delete, _delete_element, _src

RAW_SQL = (EXPRESS, HONO)


def _each_match(
    app: AppSource, path: str, nodes: list[Node], regex: re.Pattern[str], edit: Callable[[Node, re.Match[str]], list[js.Span] | None]
) -> Iterator[Mutant]:
    """One mutant per match of ``regex`` in the text of each of ``nodes`` (the edit gets the node and the match)."""
    for node in nodes:
        for hit in regex.finditer(js.text(node)):
            spans = edit(node, hit)
            if not spans:
                continue
            try:
                new = js.apply_edits(app.files[path], spans)
            except ValueError:
                continue
            if new != app.files[path] and js.parses(new, path):
                line = js.line(node) + js.text(node).count("\n", 0, hit.start())
                yield (f"{path}:{line} {hit.group(0).strip()[:60]!r}", {path: new})


def _span_in(node: Node, hit: re.Match[str], new: str, group: int = 0) -> js.Span:
    """The byte span of a regex match (``group``) inside ``node``'s text, replaced by ``new``."""
    code = js.text(node)
    start = node.start_byte + len(code[: hit.start(group)].encode("utf-8"))
    end = node.start_byte + len(code[: hit.end(group)].encode("utf-8"))
    return (start, end, new)


def _sql_nodes(app: AppSource, path: str, keyword: str = r"SELECT|INSERT|UPDATE|DELETE") -> list[Node]:
    """String and template literals of ``path`` holding SQL (a statement keyword anywhere in them)."""
    return [n for n in js.find(app, path, ("string", "template_string")) if re.search(rf"(?:\b|_)(?:{keyword})\b", js.text(n))]


# ----------------------------------------------------------------------------- data.orm (Sequelize)

_ASSOCIATIONS = ("belongsTo", "belongsToMany")


def _association_alias(node: Node) -> str | None:
    """``as`` of a statement ``A.belongsTo(B, { as: 'x', ... })`` / ``belongsToMany``, else None."""
    if node.type != "expression_statement" or not node.named_children or node.named_children[0].type != "call_expression":
        return None
    call = node.named_children[0]
    if js.callee_name(call) not in _ASSOCIATIONS:
        return None
    found = re.search(r"""\bas:\s*['"](\w+)['"]""", js.text(call))
    return found.group(1) if found else None


@operator("node_sequelize_association_removed", "data.orm.eager_loading", stacks=SEQUELIZE)
def node_sequelize_association_removed(app: AppSource) -> Iterator[Mutant]:
    """An association the repositories eager-load is never declared (its ``belongsTo``/``belongsToMany`` left out).

    Study: Sequelize "SequelizeEagerLoadingError: User is not associated to Article!" on the
    article and comment reads: the include names an association the models never set up (the
    association call dropped or written in a file that is never run).
    """
    used = "\n".join(app.files[p] for p in _src(app, "repositories"))

    def loaded(node: Node) -> bool:
        alias = _association_alias(node)
        return alias is not None and re.search(rf"""\b(?:association|as):\s*['"]{alias}['"]""", used) is not None

    for path in _src(app, "models"):
        yield from js.rewrite_each(
            app, [path], loaded, functools.partial(_delete, app, path), describe=lambda n: f"association {_association_alias(n)!r} not declared"
        )


#: A model attribute and the near miss an agent writes for it (Sequelize's default foreign key
#: names, the raw schema's column names, another casing).
_WRONG_FIELD = {
    "articleId": "ArticleId",
    "userId": "UserId",
    "tagId": "TagId",
    "authorId": "userId",
    "followingId": "followedId",
    "followerId": "userId",
    "username": "user_name",
    "name": "tagName",
}


def _where_key(node: Node) -> bool:
    """A key of an object literal given as ``where: { ... }`` that has a near miss in ``_WRONG_FIELD``."""
    if node.type == "shorthand_property_identifier":
        key = node
    elif node.type == "property_identifier" and node.parent is not None and node.parent.type == "pair" and node.parent.child_by_field_name("key") == node:
        key = node
    else:
        return False
    if js.text(key) not in _WRONG_FIELD:
        return False
    obj = key.parent if key.type == "shorthand_property_identifier" else key.parent.parent  # type: ignore[union-attr]
    pair = obj.parent if obj is not None else None
    return obj is not None and obj.type == "object" and pair is not None and pair.type == "pair" and js.text(pair.child_by_field_name("key")) == "where"


@operator("node_sequelize_unknown_where_field", "data.orm.field_error", stacks=SEQUELIZE)
def node_sequelize_unknown_where_field(app: AppSource) -> Iterator[Mutant]:
    """A Sequelize ``where`` names an attribute the model does not define (``UserId`` for ``userId``, ``followedId`` for ``followingId``).

    Study: Sequelize queries written with the default foreign-key names (``ArticleId``) or the raw
    schema's names where the models declare others: Sequelize passes the key through and the
    database answers "no such column: Favorite.UserId" / column "followedId" does not exist.
    """

    def rewrite(node: Node) -> js.Span:
        name = js.text(node)
        wrong = _WRONG_FIELD[name]
        return js.replace(node, f"{wrong}: {name}" if node.type == "shorthand_property_identifier" else wrong)

    yield from js.rewrite_each(app, _src(app, "repositories"), _where_key, rewrite, describe=lambda n: f"where {js.text(n)} -> {_WRONG_FIELD[js.text(n)]}")


# ----------------------------------------------------------------------------- data.query

_COMPARE_DOLLAR = re.compile(r"(?<![\w.$])((?:[a-z_]+\.)?[a-z_]+) = \$(\d+)\b")
_COMPARE_QMARK = re.compile(r"(?<![\w.])((?:[a-z_]+\.)?[a-z_]+) = \?")


def _db_call(node: Node) -> tuple[Node, Node] | None:
    """``(sql, params)`` of ``this.db.get|all|run(sql, [..])`` when every ``?`` of the SQL has one array element."""
    if node.type != "call_expression" or js.callee_name(node) not in ("get", "all", "run"):
        return None
    args = node.child_by_field_name("arguments")
    items = args.named_children if args is not None else []
    if len(items) != 2 or items[0].type not in ("string", "template_string") or items[1].type != "array":
        return None
    sql, params = items
    elements = params.named_children
    if any(e.type == "spread_element" for e in elements) or js.text(sql).count("?") != len(elements):
        return None
    return sql, params


def _sql_constants(app: AppSource) -> dict[str, str]:
    """``const NAME = `...`;`` SQL fragments of the repositories, by name (to see what a ``${NAME}`` holds)."""
    out = {}
    for path in _src(app, "repositories"):
        for node in js.find(app, path, "variable_declarator"):
            value = node.child_by_field_name("value")
            if value is not None and value.type in ("string", "template_string"):
                out[js.text(node.child_by_field_name("name"))] = js.text(value)
    return out


@operator("node_pg_untyped_parameter", "data.query.bad_parameter", stacks=RAW_SQL, databases=("postgres",))
def node_pg_untyped_parameter(app: AppSource) -> Iterator[Mutant]:
    """A lookup is written as an optional filter, ``($1 IS NULL OR col = $1)``: PostgreSQL cannot type the parameter.

    Study: raw-SQL Node backends on PostgreSQL failing with "could not determine data type of
    parameter $1" (42P18/42P08): a parameter used only in ``IS NULL`` (or first there) has no type
    node-postgres can send, where SQLite took the same SQL.
    """
    constants = _sql_constants(app)
    for path in _src(app, "repositories"):
        if app.stack == EXPRESS:

            def dollar(node: Node, hit: re.Match[str]) -> list[js.Span] | None:
                column, number = hit.group(1), hit.group(2)
                before = re.sub(r"\$\{(\w+)\}", lambda m: constants.get(m.group(1), ""), js.text(node)[: hit.start()])
                if re.search(rf"\${number}\b", before):
                    return None  # typed by an earlier use: PostgreSQL would accept it
                return [_span_in(node, hit, f"(${number} IS NULL OR {column} = ${number})")]

            yield from _each_match(app, path, _sql_nodes(app, path, "SELECT"), _COMPARE_DOLLAR, dollar)
            continue
        for call in js.find(app, path, "call_expression"):
            found = _db_call(call)
            if found is None or not re.search(r"\bSELECT\b", js.text(found[0])):
                continue
            sql, params = found

            def qmark(node: Node, hit: re.Match[str], params: Node = params) -> list[js.Span]:
                index = js.text(node)[: hit.start()].count("?")
                value = params.named_children[index]
                return [_span_in(node, hit, f"(? IS NULL OR {hit.group(1)} = ?)"), (value.start_byte, value.start_byte, f"{js.text(value)}, ")]

            yield from _each_match(app, path, [sql], _COMPARE_QMARK, qmark)


#: A column of a lookup or filter and the column an agent compares the value with by mistake.
_WRONG_COLUMN = {"slug": "id", "username": "email", "email": "username", "name": "id"}
_FILTER = re.compile(r"(?<![\w.])(?:[a-z]+\.)?([a-z_]+) = (?:\$\d+\b|\?|\$\{)")


def _existence_check(node: Node) -> bool:
    """True inside a method that only checks whether a value is taken (a wrong column there changes nothing visible)."""
    return any(a.type == "method_definition" and re.search(r"Exists|Taken", js.text(a.child_by_field_name("name"))) for a in js.ancestors(node))


@operator("node_sql_filter_wrong_column", "data.query.filter", stacks=RAW_SQL)
def node_sql_filter_wrong_column(app: AppSource) -> Iterator[Mutant]:
    """A lookup or filter compares its value with the wrong column (``a.id = $1`` given the slug, ``email = ?`` given the username).

    Study: hand-written SQL filtering on the wrong column: lookups by id where the slug is given
    ("invalid input syntax for type integer" on PostgreSQL, nothing found on SQLite), author or
    favorited filters that match no article.
    """
    for path in _src(app, "repositories"):

        def edit(node: Node, hit: re.Match[str]) -> list[js.Span] | None:
            wrong = _WRONG_COLUMN.get(hit.group(1))
            return None if wrong is None or _existence_check(node) else [_span_in(node, hit, wrong, 1)]

        yield from _each_match(app, path, _sql_nodes(app, path), _FILTER, edit)


# ----------------------------------------------------------------------------- data.schema

_COLUMN_LINE = re.compile(r"^[ \t]+([a-z_]+) (?:VARCHAR|TEXT|INTEGER|\$\{\w+\})[^\n]*,[ \t]*\n", re.M)
#: Attributes the repositories name in queries (dropping one from the model leaves no such column).
_QUERIED_ATTRIBUTES = ("slug", "username", "email", "name", "position")


def _schema_paths(app: AppSource) -> list[str]:
    return [p for p in _src(app, "db") if p.endswith("/schema.js")]


def _schema_literals(app: AppSource, path: str) -> list[Node]:
    return [n for n in js.find(app, path, "template_string") if "CREATE TABLE" in js.text(n)]


def _keyed_columns(app: AppSource, path: str) -> set[str]:
    """Columns named in a PRIMARY KEY (...) or an index: dropping them breaks the DDL itself at startup."""
    code = app.files[path]
    return {c.strip() for group in re.findall(r"(?:PRIMARY KEY|ON \w+) \(([^)]*)\)", code) for c in group.split(",")}


def _model_attribute(names: tuple[str, ...]) -> Callable[[Node], bool]:
    """A ``name: { type: ... }`` pair of the attributes object of ``sequelize.define(...)``."""

    def test(node: Node) -> bool:
        if node.type != "pair" or js.text(node.child_by_field_name("key")) not in names:
            return False
        obj = node.parent
        args = obj.parent if obj is not None else None
        call = args.parent if args is not None else None
        return obj is not None and obj.type == "object" and call is not None and call.type == "call_expression" and js.callee_name(call) == "define"

    return test


@operator("node_schema_column_missing", "data.schema.missing_column", stacks=NODE_STACKS)
def node_schema_column_missing(app: AppSource) -> Iterator[Mutant]:
    """A column the code reads and writes is left out of the table (the CREATE TABLE text, or the Sequelize model).

    Study: Node backends whose schema and queries disagree: "SQLITE_ERROR: table users has no
    column named bio", "no such column: Article.slug", 'column "position" does not exist'.
    """
    if app.stack in SEQUELIZE:
        for path in _src(app, "models"):
            yield from js.rewrite_each(
                app,
                [path],
                _model_attribute(_QUERIED_ATTRIBUTES),
                functools.partial(_delete_element, app, path),
                describe=lambda n: f"attribute {js.text(n.child_by_field_name('key'))} left out of the model",
            )
        return
    for path in _schema_paths(app):
        keyed = _keyed_columns(app, path) | {"id"}

        def drop(node: Node, hit: re.Match[str], keyed: set[str] = keyed) -> list[js.Span] | None:
            return None if hit.group(1) in keyed else [_span_in(node, hit, "")]

        yield from _each_match(app, path, _schema_literals(app, path), _COLUMN_LINE, drop)


#: The join table's article key made UNIQUE: an article with a second tag breaks it.
_JOIN_TABLE_KEY = re.compile(r"CREATE TABLE IF NOT EXISTS article_tags \(\s*article_id INTEGER NOT NULL(?= REFERENCES)")
_EMPTY_DEFAULT = re.compile(r"NOT NULL( DEFAULT '')")


def _empty_default(node: Node) -> bool:
    return node.type == "pair" and js.text(node.child_by_field_name("key")) == "defaultValue" and js.text(node.child_by_field_name("value")) in ("''", '""')


@operator("node_schema_wrong_constraint", "data.schema.integrity", stacks=NODE_STACKS)
def node_schema_wrong_constraint(app: AppSource) -> Iterator[Mutant]:
    """A constraint is wrong: NOT NULL with no default (bio, image), or UNIQUE on a join table's key that repeats (an article's tags).

    Study: "UNIQUE constraint failed: article_tags.article_id" on an article's second tag,
    "duplicate key value violates unique constraint", and "NOT NULL constraint failed: users.bio" /
    "notNull Violation: User.bio cannot be null" on registration.
    """
    if app.stack in SEQUELIZE:
        for path in _src(app, "models"):
            yield from js.rewrite_each(app, [path], _empty_default, functools.partial(_delete_element, app, path), describe=lambda n: "defaultValue '' dropped")
        return
    for path in _schema_paths(app):
        literals = _schema_literals(app, path)
        yield from _each_match(app, path, literals, _JOIN_TABLE_KEY, lambda node, hit: [_span_in(node, hit, hit.group(0) + " UNIQUE")])
        yield from _each_match(app, path, literals, _EMPTY_DEFAULT, lambda node, hit: [_span_in(node, hit, "", 1)])


# ----------------------------------------------------------------------------- logic.state

_RELATION_WRITES = ("favorite", "unfavorite", "follow", "unfollow")


def _relation_write(node: Node) -> bool:
    """The statement that writes a favorite/follow row in the repository method of that name."""
    if node.type != "expression_statement" or "await" not in js.text(node):
        return False
    body = node.parent
    method = body.parent if body is not None else None
    return method is not None and method.type == "method_definition" and js.text(method.child_by_field_name("name")) in _RELATION_WRITES


@operator("node_relation_write_dropped", "logic.state.not_persisted", stacks=NODE_STACKS)
def node_relation_write_dropped(app: AppSource) -> Iterator[Mutant]:
    """A favorite/follow (or unfavorite/unfollow) is answered but never written: the repository method does nothing.

    Study: "favorite POST 200 but favorited false / favoritesCount unchanged", "follow POST 200
    but following false": the handler answers success, the row is never inserted or deleted.
    """
    services = "\n".join(app.files[p] for p in _src(app, "services"))
    # A service that answers ``following: true/false`` without reading it back hides a dropped follow write.
    answered = re.search(r"\.follow\([^;]*\);\s*return \w+\(\w+, true\)", services) is not None

    def dropped(node: Node) -> bool:
        method = js.text(node.parent.parent.child_by_field_name("name")) if _relation_write(node) else ""  # type: ignore[union-attr]
        return method in ("favorite", "unfavorite") or (method in ("follow", "unfollow") and not answered)

    for path in _src(app, "repositories"):
        yield from js.rewrite_each(
            app,
            [path],
            dropped,
            functools.partial(_delete, app, path),
            describe=lambda n: f"{js.text(n.parent.parent.child_by_field_name('name'))}() writes nothing",  # type: ignore[union-attr]
        )


def _update_write(app: AppSource) -> Callable[[Node], js.Span | None]:
    """The rewrite of the statement that saves an update: dropped, or a save turned into a mere ``set``."""

    def rewrite(node: Node) -> js.Span | None:
        code = js.text(node)
        if node.type == "expression_statement" and re.fullmatch(r"await (?:this\.)?\w+\.update\([^;]*\);|await article\.save\(.*\);", code, re.S):
            return js.replace(node, "")
        if node.type == "return_statement" and re.fullmatch(r"return user\.update\(changes\);", code):
            return js.replace(node, "return user;")
        found = re.fullmatch(r"return users\.update\((\w+)\.id, changes, .*\);", code)
        if node.type == "return_statement" and found:
            return js.replace(node, f"return users.findById({found.group(1)}.id);")
        return None

    return rewrite


@operator("node_update_not_persisted", "logic.state.not_persisted", stacks=NODE_STACKS)
def node_update_not_persisted(app: AppSource) -> Iterator[Mutant]:
    """An update answers with the new values (or the old) but never saves them: the next read shows the old ones.

    Study: "PUT returns the old values; no commit/save in the write path": the repository call
    that writes the article or user update left out (``article.save()``, ``user.update()``), or
    the answer built from the user as read before the update, which was never run.
    """
    paths = _src(app, "repositories") if app.stack in SEQUELIZE else _src(app, "services")
    rewrite = _update_write(app)
    for path in paths:
        yield from js.rewrite_each(app, [path], lambda n: rewrite(n) is not None, rewrite, describe=lambda n: f"not saved: {js.text(n)[:50]!r}")


def _identifier_pair(node: Node) -> bool:
    """``slug: x.slug`` of an article or ``id: x.id`` of a comment, in a presenter or a row mapping."""
    if node.type != "pair":
        return False
    key, value = js.text(node.child_by_field_name("key")), js.text(node.child_by_field_name("value"))
    return (key == "slug" and value in ("article.slug", "row.slug")) or (key == "id" and value == "comment.id")


def _row_mapping(app: AppSource, path: str) -> list[Node]:
    """``id: row.id`` pairs of a comment's row mapping (a file that builds Comment objects)."""
    if "Comment" not in app.files[path]:
        return []
    return [
        n
        for n in js.find(app, path, "pair")
        if js.text(n) == "id: row.id"
        and any(a.type in ("function_declaration", "class_declaration") and "Comment" in js.text(a.child_by_field_name("name")) for a in js.ancestors(n))
    ]


@operator("node_identifier_not_returned", "logic.state.identifier_lost", stacks=NODE_STACKS)
def node_identifier_not_returned(app: AppSource) -> Iterator[Mutant]:
    """The article's slug (or the comment's id) is left out of the object the API answers with.

    Study: "POST /api/articles -> 201 with no slug", then every slug-based request goes to
    /api/articles/undefined; comments created without an ``id``, so their deletion targets
    comments/undefined.
    """
    for path in _src(app):
        yield from js.rewrite_each(app, [path], _identifier_pair, functools.partial(_delete_element, app, path), describe=lambda n: f"{js.text(n)!r} left out")
        spans = {(n.start_byte, n.end_byte) for n in _row_mapping(app, path)}
        yield from js.rewrite_each(
            app,
            [path],
            functools.partial(_at, spans),
            functools.partial(_delete_element, app, path),
            describe=lambda n: "comment id left out of the row mapping",
        )
