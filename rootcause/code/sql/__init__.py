"""Static checks of the SQL a generated project sends to its database (rules SQ301-SQ308).

The project is parsed with libcst, never imported or run. SQL is taken from string literals
(and module-level string constants) passed to ``execute``/``fetch``/``text``/``raw``-style
calls, parsed with sqlglot in the project's dialect, and checked against the tables the
project itself declares (``CREATE TABLE`` in SQL strings and ``.sql`` files, plus an optional
``extra_schema`` such as ORM models).

Precision comes first: a check that cannot be sure stays silent. F-string placeholders
(``__expr__`` in the indexed text) are never blamed, and a statement that one check reports
is not reported again by a weaker one.

Every dialect claim (what SQLite or PostgreSQL rejects) is checked against the real
databases in ``tests/code/test_sql_dialects_real.py``.

The package: ``vocab``, ``text`` (SQL text helpers), ``schema``, ``collect`` (SQL in the code),
``database`` (which database and driver), ``checks`` (SQ301-SQ308); :func:`check_sql` runs them.
"""

from __future__ import annotations

import logging
import re

import libcst as cst

from rootcause.code.index import code_children, code_fields
from rootcause.code.model import CodeFinding
from rootcause.code.sql.checks import _Checker, _wrapper_shapes
from rootcause.code.sql.collect import SqlSite, _Collector
from rootcause.code.sql.database import DatabaseFacts, build_schema, infer_database
from rootcause.code.sql.schema import Schema, TableDef
from rootcause.code.sql.text import Placeholder, find_placeholders, mask_sql, normalise_placeholders, split_statements
from rootcause.code.sql.vocab import (
    DDL_START,
    DIALECT,
    DRIVER_METHODS,
    DRIVER_TYPE,
    FUNCTION_CALL,
    IMPLICIT_COLUMNS,
    MISSING_COLUMN,
    MISSING_TABLE,
    PARAM_STYLE,
    PG_ONLY,
    PG_ONLY_FUNCTIONS,
    PG_URL,
    PLACEHOLDER_NAME,
    POSTGRES_DRIVERS,
    SCHEMA_OWNERS,
    SQL_START,
    SQL_TEXT,
    SQLITE_DRIVERS,
    SQLITE_ONLY,
    SQLITE_ONLY_FUNCTIONS,
    SQLITE_URL,
    SYSTEM_TABLE,
    TEXT_CALLEES,
    WRAPPER_METHODS,
    WRAPPERS,
)

# ================================================================================================
# entry point
# ================================================================================================
_SQL_WORD = re.compile(r"\b(?:SELECT|INSERT|UPDATE|DELETE|CREATE|WITH|ALTER|DROP|PRAGMA|REPLACE)\b", re.IGNORECASE)


def _may_hold_sql(module) -> bool:
    """A module with no SQL keyword and no execute/fetch wrapper cannot contribute: skip its libcst walk."""
    if _SQL_WORD.search(module.source):
        return True
    names = set(module.functions) | {m for cls in module.classes.values() for m in cls.methods}
    return bool(names & (DRIVER_METHODS | WRAPPER_METHODS))


class _TooDeep(Exception):
    pass


#: libcst's own visit recurses, several frames a level, and raises RecursionError a few hundred
#: nodes deep (the file is then skipped). The fast visit below, which does not recurse, hands
#: trees deeper than this back to it, so that such files are treated as before.
FAST_VISIT_MAX_DEPTH = 100


class _FieldOrder(cst.CSTVisitor):
    """Records the order in which libcst visits a node's fields (it calls on_visit_attribute for each, empty or not)."""

    def __init__(self, root: cst.CSTNode) -> None:
        super().__init__()
        self.root = root
        self.fields: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        return node is self.root

    def on_visit_attribute(self, node: cst.CSTNode, attribute: str) -> None:
        if node is self.root:
            self.fields.append(attribute)

    def on_leave_attribute(self, original_node: cst.CSTNode, attribute: str) -> None:
        pass


_VISIT_ORDER: dict[type, tuple[str, ...]] = {}


def _visit_order(node: cst.CSTNode) -> tuple[str, ...]:
    """The fields of ``node``'s type that may hold code, in libcst's visiting order (not always the
    dataclass order: a function's decorators come before its body), learnt once per type from libcst."""
    order = _VISIT_ORDER.get(type(node))
    if order is None:
        recorder = _FieldOrder(node)
        node.visit(recorder)
        fields = code_fields(type(node))
        rest = [f for f in fields if f not in recorder.fields]  # fields libcst does not visit when they are empty
        order = _VISIT_ORDER[type(node)] = (*(f for f in recorder.fields if f in fields), *rest)
    return order


def _visit_readonly(tree: cst.Module, visitor: cst.CSTVisitor) -> None:
    """``tree.visit(visitor)`` for a visitor that only reads, without rebuilding the tree.

    libcst's visit rebuilds every node it passes (it serves transformers too), which cost as much
    as the SQL collection itself. This walk calls the same ``visit_X``/``leave_X`` methods in the
    same order (``visit_X`` returning False skips the children), but passes over trivia, and
    calls no ``visit_X_attribute`` hooks: the collector has neither. Raises _TooDeep on trees
    deeper than FAST_VISIT_MAX_DEPTH.
    """
    handlers: dict[type, tuple] = {}
    stack: list[tuple[cst.CSTNode, int]] = [(tree, 0)]  # (node, depth); (node, -1): leave the node
    while stack:
        node, depth = stack.pop()
        kind = type(node)
        found = handlers.get(kind)
        if found is None:
            found = handlers[kind] = (getattr(visitor, f"visit_{kind.__name__}", None), getattr(visitor, f"leave_{kind.__name__}", None))
        visit, leave = found
        if depth < 0:
            leave(node)
            continue
        if depth > FAST_VISIT_MAX_DEPTH:
            raise _TooDeep
        if leave is not None:
            stack.append((node, -1))
        if visit is not None and visit(node) is False:
            continue
        children = code_children(node, _visit_order(node))
        stack.extend((child, depth + 1) for child in reversed(children))


def collect_sql(project) -> list[_Collector]:
    collectors = []
    for module in project.modules.values():
        if module.syntax is not None or not _may_hold_sql(module) or module.tree is None:
            continue
        try:
            collector = _Collector(module)
            try:
                _visit_readonly(module.tree, collector)
            except _TooDeep:
                collector = _Collector(module)
                module.tree.visit(collector)
        except RecursionError:
            continue
        collector.resolve_constants()
        collectors.append(collector)
    return collectors


def check_sql(project, extra_schema: dict[str, set[str]] | None = None, dialect: str | None = None) -> list[CodeFinding]:
    """Static findings SQ301-SQ308 on the SQL a project sends to its database.

    ``extra_schema`` ({table: columns}, e.g. from ORM models) is added to the tables the SQL
    declares; ``dialect`` (``sqlite``/``postgres``) overrides the one inferred from imports
    and database URLs. Files that do not parse are skipped; others are still checked.
    """
    logger = logging.getLogger("sqlglot")
    level = logger.level
    logger.setLevel(logging.ERROR)  # "falling back to parsing as a Command" is not news here
    try:
        return _check_sql(project, extra_schema, dialect)
    finally:
        logger.setLevel(level)


def _check_sql(project, extra_schema: dict[str, set[str]] | None, dialect: str | None) -> list[CodeFinding]:
    collectors = collect_sql(project)
    db = infer_database(project, dialect)
    schema = build_schema(project, extra_schema, db.dialect, collectors)
    if not schema.complete:
        db.dialect_facts.append("schema incomplete: " + "; ".join(schema.why_incomplete))
    checker = _Checker(project, db, schema, _wrapper_shapes(collectors))
    sites = [site for collector in collectors for site in collector.sites]
    if db.dialect is not None:
        for path, text in sorted(project.files.items()):
            if path.endswith(".sql"):
                sites.append(
                    SqlSite(
                        path=path,
                        sql=text,
                        is_fstring=False,
                        line=1,
                        column=1,
                        exact=True,
                        body_column=1,
                        callee="(SQL file)",
                        method="",
                        kind="file",
                        call_line=1,
                        call_column=1,
                    )
                )
    for site in sites:
        try:
            checker.check(site)
        except RecursionError:
            continue
    return sorted(checker.findings, key=lambda f: (f.path, f.line, f.column, f.rule))


__all__ = [
    "DDL_START",
    "DIALECT",
    "DRIVER_METHODS",
    "DRIVER_TYPE",
    "DatabaseFacts",
    "FUNCTION_CALL",
    "IMPLICIT_COLUMNS",
    "MISSING_COLUMN",
    "MISSING_TABLE",
    "PARAM_STYLE",
    "PG_ONLY",
    "PG_ONLY_FUNCTIONS",
    "PG_URL",
    "PLACEHOLDER_NAME",
    "POSTGRES_DRIVERS",
    "Placeholder",
    "SCHEMA_OWNERS",
    "SQLITE_DRIVERS",
    "SQLITE_ONLY",
    "SQLITE_ONLY_FUNCTIONS",
    "SQLITE_URL",
    "SQL_START",
    "SQL_TEXT",
    "SYSTEM_TABLE",
    "Schema",
    "SqlSite",
    "TEXT_CALLEES",
    "TableDef",
    "WRAPPERS",
    "WRAPPER_METHODS",
    "build_schema",
    "check_sql",
    "collect_sql",
    "find_placeholders",
    "infer_database",
    "mask_sql",
    "normalise_placeholders",
    "split_statements",
]
