"""SQ301-SQ308: the checks run on each collected statement against the project's database and schema."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import libcst as cst

from rootcause.code.model import CodeFinding
from rootcause.code.sql.text import Placeholder, _error_offset, _parse, find_placeholders, mask_sql, normalise_placeholders, split_statements
from rootcause.code.sql.vocab import (
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
    PLACEHOLDER_NAME,
    SQL_START,
    SQL_TEXT,
    SQLITE_ONLY,
    SQLITE_ONLY_FUNCTIONS,
    SYSTEM_TABLE,
    WRAPPER_METHODS,
)

if TYPE_CHECKING:
    from rootcause.code.sql.collect import SqlSite, _Collector
    from rootcause.code.sql.database import DatabaseFacts
    from rootcause.code.sql.schema import Schema, TableDef


# ================================================================================================
# the checks
# ================================================================================================
class _Checker:
    def __init__(self, project, db: DatabaseFacts, schema: Schema, wrapper_shapes: dict[str, set[str]]) -> None:
        self.project = project
        self.db = db
        self.schema = schema
        self.wrapper_shapes = wrapper_shapes
        self.findings: list[CodeFinding] = []
        self._seen: set[tuple] = set()

    # positions --------------------------------------------------------------------------------
    def where(self, site: SqlSite, offset: int | None) -> tuple[int, int]:
        if offset is None or not site.exact:
            return site.line, site.column
        before = site.sql[:offset]
        nl = before.count("\n")
        if nl == 0:
            return site.line, site.body_column + offset
        return site.line + nl, offset - before.rfind("\n")

    def report(self, site: SqlSite, rule: str, root_cause: str, offset: int | None, message: str, facts: Iterable[str] = (), stmt: str | None = None) -> None:
        line, col = self.where(site, offset)
        key = (rule, site.path, line, col, message)
        if key in self._seen:
            return
        self._seen.add(key)
        if site.kind in ("ddl", "file"):
            where = "in a DDL string" if site.kind == "ddl" else "in an SQL file"
        elif site.via_constant is None:
            where = f"passed to {site.callee}() at line {site.call_line}"
        else:
            where = f"in {site.via_constant}, passed to {site.callee}() at line {site.call_line}"
        text = site.sql if stmt is None else stmt
        all_facts = [f"sql: {' '.join(text.split())[:300]}", where, *facts, *self.db.dialect_facts]
        self.findings.append(CodeFinding(rule, root_cause, site.path, line, col, message, tuple(all_facts)))

    # per site ---------------------------------------------------------------------------------
    def check(self, site: SqlSite) -> None:
        if site.kind != "file" and not SQL_START.match(site.sql):
            return
        masked = mask_sql(site.sql)
        holes = [m.span() for m in re.finditer(re.escape(PLACEHOLDER_NAME), masked)] if site.is_fstring else []
        placeholders = [p for p in find_placeholders(masked, self.db.dialect) if not _inside(p.offset, holes)]
        dialect = self.db.dialect
        style_bad = self.check_param_style(site, placeholders)
        for offset, stmt in split_statements(site.sql, masked):
            stmt_masked = masked[offset : offset + len(stmt)]
            stmt_holes = [(a - offset, b - offset) for a, b in holes if offset <= a < offset + len(stmt)]
            stmt_ph = [Placeholder(p.style, p.offset - offset, p.text, p.name) for p in placeholders if offset <= p.offset < offset + len(stmt)]
            if self.check_dialect(site, offset, stmt, stmt_masked, stmt_holes):
                continue
            self.check_statement(site, offset, stmt, stmt_ph, stmt_holes, dialect)
        if not style_bad:
            self.check_bindings(site, placeholders)

    # SQ306 ------------------------------------------------------------------------------------
    def check_dialect(self, site: SqlSite, base: int, stmt: str, masked: str, holes: list[tuple[int, int]]) -> bool:
        dialect = self.db.dialect
        if dialect == "sqlite":
            patterns, functions, other = PG_ONLY, PG_ONLY_FUNCTIONS, "PostgreSQL"
        elif dialect == "postgres":
            patterns, functions, other = SQLITE_ONLY, SQLITE_ONLY_FUNCTIONS, "SQLite"
        else:
            return False
        hits: list[tuple[int, str]] = []
        for pattern, label in patterns:
            for m in pattern.finditer(masked):
                if not _inside(m.start(), holes):
                    hits.append((m.start(), label))
                    break
        for m in FUNCTION_CALL.finditer(masked):
            name = m.group(1).lower()
            if name in functions and name not in self.schema.functions and not _inside(m.start(), holes):
                if _NOT_A_CALL.search(masked[max(0, m.start() - 30) : m.start()]):
                    continue  # INSERT INTO now (...), REFERENCES typeof (...): a table name
                hits.append((m.start(), f"{m.group(1)}()"))
        if not hits:
            return False
        hits.sort()
        offset, label = hits[0]
        db_name = "SQLite" if dialect == "sqlite" else "PostgreSQL"
        others = sorted({lab for _, lab in hits[1:]} - {label})
        extra = f" (also {', '.join(others)})" if others else ""
        self.report(
            site, "SQ306", DIALECT, base + offset, f"{label} is {other} syntax that {db_name} does not have{extra}; the project runs on {db_name}", stmt=stmt
        )
        return True

    # SQ307 ------------------------------------------------------------------------------------
    def check_param_style(self, site: SqlSite, placeholders: list[Placeholder]) -> bool:
        style = self.db.driver_style
        if style is None or self.db.wrappers or self.db.translation or site.kind not in ("driver", "wrapper"):
            return False
        if site.kind == "wrapper" and site.method not in self.wrapper_shapes:
            return False
        bad = {"qmark": {"format", "pyformat"}, "pyformat": {"qmark", "numeric", "named"}, "numeric": {"qmark", "format", "pyformat", "named"}}[style]
        wrong = [p for p in placeholders if p.style in bad]
        if not wrong:
            return False
        p = wrong[0]
        driver = ", ".join(sorted(self.db.drivers))
        expects = {"qmark": "? (or :name)", "pyformat": "%s (or %(name)s)", "numeric": "$1, $2, ..."}[style]
        self.report(
            site,
            "SQ307",
            PARAM_STYLE,
            p.offset,
            f"placeholder {p.text} is not a parameter style {driver} understands; it expects {expects}",
            (f"driver: {driver} ({style} parameters)",),
        )
        return True

    # SQ308 ------------------------------------------------------------------------------------
    def check_bindings(self, site: SqlSite, placeholders: list[Placeholder]) -> None:
        style = self.db.driver_style
        if style is None or self.db.wrappers or site.is_fstring or site.kind not in ("driver", "wrapper") or site.has_star:
            return
        if site.method in ("executescript", "prepare"):
            return
        semantics = "varargs" if style == "numeric" else "tuple"
        shapes = self.wrapper_shapes.get(site.method)
        if shapes is not None:
            if shapes != {semantics}:
                return
        elif site.kind == "wrapper":
            return
        if style == "qmark":
            if any(p.style != "qmark" or p.name for p in placeholders):
                return
            expected = len(placeholders)
        elif style == "pyformat":
            if any(p.style != "format" for p in placeholders):
                return
            expected = len(placeholders)
        else:
            if any(p.style != "numeric" for p in placeholders):
                return
            expected = max((int(p.name or 0) for p in placeholders), default=0)
        if semantics == "varargs":
            if site.method == "executemany":
                counts = _literal_rows(site.params)
                if counts is None:
                    return
            else:
                counts = [site.extra_args]
        else:
            if site.params is None:
                return
            if site.method == "executemany":
                counts = _literal_rows(site.params)
            else:
                n = _literal_len(site.params)
                counts = None if n is None else [n]
            if counts is None:
                return
        for n in counts:
            if n != expected:
                unit = "argument(s) after the query" if semantics == "varargs" and site.method != "executemany" else "value(s)"
                self.report(
                    site,
                    "SQ308",
                    DRIVER_TYPE,
                    None,
                    f"the SQL has {expected} placeholder(s) but {site.callee}() at line {site.call_line} passes {n} {unit}",
                    (f"driver style: {style}",),
                )
                return

    # SQ301-SQ305 ------------------------------------------------------------------------------
    def check_statement(self, site: SqlSite, base: int, stmt: str, placeholders: list[Placeholder], holes: list[tuple[int, int]], dialect: str | None) -> None:
        from sqlglot import exp

        head = mask_sql(stmt).lstrip().upper()
        risky = re.match(
            r"(?:CREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP\w*\s+)?(?:TRIGGER|FUNCTION|PROCEDURE|VIRTUAL|EXTENSION|TYPE|RULE|POLICY|AGGREGATE|DOMAIN)|DO\b|BEGIN\b|COMMIT\b|END\b|ROLLBACK\b|GRANT\b|REVOKE\b|COPY\b|VACUUM\b|ANALYZE\b|EXPLAIN\b|PRAGMA\b|ATTACH\b|SET\b|SHOW\b|LISTEN\b|NOTIFY\b|COMMENT\b)",
            head,
        )
        norm = normalise_placeholders(stmt, placeholders)
        trees, error = _parse(norm, dialect)
        if trees is None:
            if risky or site.is_fstring:
                return
            others = [d for d in ("sqlite", "postgres") if d != dialect]
            if any(_parse(norm, d)[0] is not None for d in others):
                return  # parses in another dialect: not sure it is broken, and SQ306 did not know the feature
            offset, desc = _error_offset(error, norm)
            self.report(
                site, "SQ301", SQL_TEXT, None if offset is None else base + offset, f"SQL does not parse ({dialect or 'any dialect'}): {desc}", stmt=stmt
            )
            return
        for tree in trees:
            if isinstance(tree, (exp.Select, exp.Union, exp.Insert, exp.Update, exp.Delete)) or (isinstance(tree, exp.Subquery)):
                _StatementCheck(self, site, base, tree, stmt, holes, dialect).run()


_NOT_A_CALL = re.compile(r"\b(?:INTO|TABLE|EXISTS|JOIN|FROM|UPDATE|REFERENCES|INDEX|ON|VIEW|TRIGGER)\s+(?:\w+\.)?$", re.IGNORECASE)


def _is_test(path: str) -> bool:
    parts = path.split("/")
    return any(p in ("tests", "test") for p in parts[:-1]) or parts[-1].startswith("test_") or parts[-1] == "conftest.py"


def _inside(offset: int, holes: list[tuple[int, int]]) -> bool:
    return any(a <= offset < b for a, b in holes)


def _literal_len(node: cst.BaseExpression | None) -> int | None:
    if isinstance(node, (cst.Tuple, cst.List)) and not any(isinstance(e, cst.StarredElement) for e in node.elements):
        return len(node.elements)
    return None


def _literal_rows(node: cst.BaseExpression | None) -> list[int] | None:
    if not isinstance(node, (cst.Tuple, cst.List)) or any(isinstance(e, cst.StarredElement) for e in node.elements):
        return None
    rows = [_literal_len(e.value) for e in node.elements]
    return None if any(r is None for r in rows) or not rows else rows  # type: ignore[return-value]


@dataclass
class _Source:
    alias: str
    table: str | None  # a known-or-unknown real table name; None for subqueries, CTEs, functions
    node: object
    pseudo: bool = False  # ``excluded`` in an upsert: reachable by qualifier only


class _StatementCheck:
    def __init__(self, checker: _Checker, site: SqlSite, base: int, tree, stmt: str, holes, dialect: str | None) -> None:
        self.c = checker
        self.site = site
        self.base = base
        self.tree = tree
        self.stmt = stmt
        self.holes = holes
        self.dialect = dialect
        self.schema = checker.schema
        self.fstring_holes = bool(holes)

    # helpers ----------------------------------------------------------------------------------
    def report(self, rule: str, root_cause: str, offset: int | None, message: str, facts: Iterable[str] = ()) -> None:
        self.c.report(self.site, rule, root_cause, offset, message, facts, stmt=self.stmt)

    def offset(self, node) -> int | None:
        from sqlglot import exp

        ident = node.this if isinstance(node, (exp.Column, exp.Table)) and isinstance(node.this, exp.Identifier) else node
        for part in ("db", "table") if isinstance(node, (exp.Column, exp.Table)) else ():
            qualifier = node.args.get(part)
            if isinstance(qualifier, exp.Identifier) and isinstance((qualifier.meta or {}).get("start"), int):
                ident = qualifier
                break
        meta = getattr(ident, "meta", None) or {}
        start = meta.get("start")
        if isinstance(start, int):
            if getattr(ident, "quoted", False) and start > 0 and self.stmt[start - 1 : start] in ('"', "`"):
                start -= 1
            return self.base + start
        return None

    def table_def(self, name: str | None) -> TableDef | None:
        return self.schema.tables.get(name.lower()) if name else None

    def cte_names(self) -> set[str]:
        from sqlglot import exp

        return {cte.alias.lower() for cte in self.tree.find_all(exp.CTE) if cte.alias}

    def sources(self, block) -> list[_Source]:
        """FROM/JOIN sources of a SELECT (or the target and FROM/USING of a DML statement)."""
        from sqlglot import exp

        items = []
        if isinstance(block, exp.Select):
            from_ = block.args.get("from") or block.args.get("from_")
            if from_ is not None:
                items.append(from_.this)
                items.extend(from_.expressions or [])
            items.extend(j.this for j in block.args.get("joins") or [])
            items.extend(block.args.get("laterals") or [])
        elif isinstance(block, (exp.Update, exp.Delete)):
            items.append(block.this)
            from_ = block.args.get("from") or block.args.get("from_")
            if from_ is not None:
                items.append(from_.this)
            items.extend(block.args.get("using") or [])
            items.extend(j.this for j in block.args.get("joins") or [])
        elif isinstance(block, exp.Insert):
            target = block.this.this if isinstance(block.this, exp.Schema) else block.this
            items.append(target)
        ctes = self.cte_names()
        out = []
        for item in items:
            if isinstance(item, exp.Table) and isinstance(item.this, exp.Identifier):
                name = item.name
                alias = item.alias_or_name
                db = (item.db or "").lower()
                is_real = name.lower() not in ctes and db in ("", "public", "main")
                out.append(_Source(alias.lower(), name.lower() if is_real else None, item))
            else:
                alias = getattr(item, "alias_or_name", "") or ""
                out.append(_Source(alias.lower(), None, item))
        if isinstance(block, exp.Insert):
            target = out[0] if out else None
            if target is not None:
                out.append(_Source("excluded", target.table, target.node, pseudo=True))
        return out

    def block_of(self, node):
        from sqlglot import exp

        parent = node.parent
        while parent is not None:
            if isinstance(parent, (exp.Select, exp.Update, exp.Delete, exp.Insert)):
                return parent
            parent = parent.parent
        return None

    def enclosing_blocks(self, block):
        from sqlglot import exp

        out = []
        node = block.parent if block is not None else None
        while node is not None:
            if isinstance(node, (exp.Select, exp.Update, exp.Delete, exp.Insert)):
                out.append(node)
            node = node.parent
        return out

    def has_hole(self, text: str) -> bool:
        return PLACEHOLDER_NAME in text

    def output_names(self) -> set[str]:
        from sqlglot import exp

        names = set()
        for alias in self.tree.find_all(exp.Alias):
            names.add(alias.alias.lower())
        return names

    # run --------------------------------------------------------------------------------------
    def run(self) -> None:
        if self.check_tables():
            return
        self.check_qualifiers()
        self.check_columns()
        if self.dialect == "postgres" and not self.fstring_holes and self.schema.complete:
            self.check_group_by()

    # SQ302 ------------------------------------------------------------------------------------
    def check_tables(self) -> bool:
        from sqlglot import exp

        if not self.schema.tables or not self.schema.complete:
            return False
        ctes = self.cte_names()
        reported = False
        for table in self.tree.find_all(exp.Table):
            if not isinstance(table.this, exp.Identifier):
                continue
            name = table.name.lower()
            db = (table.db or "").lower()
            if db and db not in ("public", "main"):
                continue
            if name in ctes or SYSTEM_TABLE.match(name) or self.has_hole(name) or name in self.schema.tables:
                continue
            if self.dialect == "postgres" and name in ("generate_series", "unnest"):
                continue
            known = ", ".join(sorted(self.schema.tables)[:12])
            self.report(
                "SQ302",
                MISSING_TABLE,
                self.offset(table),
                f"table {table.name!r} is not created anywhere in the project (known tables: {known})",
                (f"schema from: {', '.join(sorted({t.origin for t in self.schema.tables.values()}))}",),
            )
            reported = True
        return reported

    # SQ303 (qualifiers) -----------------------------------------------------------------------
    def check_qualifiers(self) -> None:
        from sqlglot import exp

        from rootcause.sql import undefined_qualifiers

        if self.fstring_holes:
            return
        missing = [q for q in undefined_qualifiers(self.tree.sql(dialect=self.dialect or None), self.dialect) if q.lower() not in ("excluded", "new", "old")]
        for qualifier in missing:
            column = next((c for c in self.tree.find_all(exp.Column) if c.table == qualifier), None)
            if column is None:
                continue
            self.report(
                "SQ303", SQL_TEXT, self.offset(column), f"{qualifier}.{column.name} uses {qualifier!r}, which no FROM or JOIN of this statement declares"
            )

    # SQ303 / SQ304 (columns) ------------------------------------------------------------------
    def check_columns(self) -> None:
        from sqlglot import exp

        if not self.schema.tables or not self.schema.complete:
            return
        outputs = self.output_names()
        implicit = IMPLICIT_COLUMNS.get(self.dialect or "", set()) | (IMPLICIT_COLUMNS["sqlite"] if self.dialect is None else set())
        # INSERT INTO t (a, b)
        if isinstance(self.tree, exp.Insert) and isinstance(self.tree.this, exp.Schema):
            target = self.tree.this.this
            tdef = self.table_def(target.name) if isinstance(target, exp.Table) else None
            if tdef is not None and tdef.columns is not None:
                for ident in self.tree.this.expressions:
                    name = ident.name.lower()
                    if name and name not in tdef.columns and not self.has_hole(name):
                        self.report(
                            "SQ303",
                            MISSING_COLUMN,
                            self.offset(ident),
                            f"INSERT names column {ident.name!r}, which table {tdef.name!r} does not have ({_cols(tdef)})",
                            (f"{tdef.name} declared in {tdef.origin}",),
                        )
        using_names = {i.name.lower() for j in self.tree.find_all(exp.Join) for i in (j.args.get("using") or [])}
        natural = any((j.args.get("method") or "").upper() == "NATURAL" or j.args.get("natural") for j in self.tree.find_all(exp.Join))
        for column in self.tree.find_all(exp.Column):
            if not isinstance(column.this, exp.Identifier):
                continue
            name = column.name.lower()
            if self.has_hole(name) or (column.table and self.has_hole(column.table)) or name in implicit:
                continue
            if column.this.quoted and self.dialect != "postgres":
                continue  # SQLite reads an unknown "double-quoted" name as a string
            if column.find_ancestor(exp.Values) is not None:
                continue
            block = self.block_of(column)
            if block is None:
                continue
            sources = self.sources(block)
            if column.table:
                qualifier = column.table.lower()
                src = next((s for s in sources if s.alias == qualifier), None)
                if src is None:
                    for outer in self.enclosing_blocks(block):
                        src = next((s for s in self.sources(outer) if s.alias == qualifier), None)
                        if src is not None:
                            break
                tdef = self.table_def(src.table) if src is not None else None
                if tdef is not None and tdef.columns is not None and name not in tdef.columns:
                    self.report(
                        "SQ303",
                        MISSING_COLUMN,
                        self.offset(column),
                        f"column {column.table}.{column.name}: table {tdef.name!r} has no column {column.name!r} ({_cols(tdef)})",
                        (f"{tdef.name} declared in {tdef.origin}",),
                    )
                continue
            if self.fstring_holes:
                continue
            in_ordering = column.find_ancestor(exp.Order, exp.Group, exp.Having) is not None
            if name in outputs:
                continue  # an output alias (ORDER BY total), or a name that is one somewhere: not sure
            defs = [(s, self.table_def(s.table)) for s in sources if not s.pseudo]
            opaque = any(d is None or d.columns is None for _, d in defs)
            having = [(s, d) for s, d in defs if d is not None and d.columns is not None and name in d.columns]
            if len(having) >= 2 and not in_ordering and name not in using_names and not natural and name not in outputs:
                tables = ", ".join(f"{s.alias} ({d.name})" if s.alias != d.name else d.name for s, d in having)
                self.report("SQ304", SQL_TEXT, self.offset(column), f"column {column.name!r} is ambiguous: {tables} all have it; qualify it")
                continue
            if having or opaque or not defs or name in outputs:
                continue
            if self._outer_has(block, name):
                continue
            names = [d.name for _, d in defs if d is not None]
            if len(names) == 1:
                tdef = defs[0][1]
                assert tdef is not None  # not opaque: every source's table is known
                msg = f"column {column.name!r} does not exist in table {tdef.name!r} ({_cols(tdef)})"
            else:
                msg = f"column {column.name!r} is in none of the tables {', '.join(names)}"
            self.report("SQ303", MISSING_COLUMN, self.offset(column), msg, tuple(f"{d.name} declared in {d.origin}" for _, d in defs if d is not None))

    def _outer_has(self, block, name: str) -> bool:
        """Whether an enclosing query could supply ``name`` (a correlated reference), or cannot be told."""
        for outer in self.enclosing_blocks(block):
            for src in self.sources(outer):
                tdef = self.table_def(src.table)
                if tdef is None or tdef.columns is None or name in tdef.columns:
                    return True
        return False

    # SQ305 ------------------------------------------------------------------------------------
    def check_group_by(self) -> None:
        from sqlglot import exp

        for select in self.tree.find_all(exp.Select):
            group = select.args.get("group")
            projections = select.expressions
            aggregate_in_projection = any(_aggregates(p) for p in projections)
            if group is None and not aggregate_in_projection:
                continue
            if group is not None and any(k in group.args and group.args[k] for k in ("rollup", "cube", "grouping_sets")):
                continue
            if select.args.get("distinct") and select.args["distinct"].args.get("on"):
                continue
            sources = self.sources(select)
            grouped: set[tuple[str, str]] = set()
            grouped_exprs = []
            aliases = {p.alias.lower(): p.this for p in projections if isinstance(p, exp.Alias)}
            ok = True
            for g in group.expressions if group is not None else []:
                if isinstance(g, exp.Literal) and g.is_int and 0 < int(g.this) <= len(projections):
                    g = projections[int(g.this) - 1]
                    g = g.this if isinstance(g, exp.Alias) else g
                elif isinstance(g, exp.Column) and not g.table and g.name.lower() in aliases and not self._resolve(g, sources):
                    g = aliases[g.name.lower()]
                grouped_exprs.append(g)
                if isinstance(g, exp.Column):
                    r = self._resolve(g, sources)
                    if r is None:
                        ok = False
                        break
                    grouped.add(r)
            if not ok:
                continue
            offenders = []
            for proj in projections:
                expr = proj.this if isinstance(proj, exp.Alias) else proj
                if isinstance(expr, exp.Star) or any(expr == g for g in grouped_exprs):
                    continue
                bare = _bare_columns(expr)
                if bare is None:
                    continue  # a function that may be an aggregate, or a subquery
                for column in bare:
                    r = self._resolve(column, sources)
                    if r is None:
                        break
                    if r in grouped:
                        continue
                    tdef = self.table_def(r[0])
                    if tdef is None or tdef.primary_key is None:
                        break
                    if tdef.primary_key and all((r[0], k) in grouped for k in tdef.primary_key):
                        continue  # grouped by the primary key: functionally dependent
                    offenders.append(column)
                    break
            if offenders:
                labels = [f"{c.table}.{c.name}" if c.table else c.name for c in offenders]
                also = f" (also {', '.join(labels[1:])})" if len(labels) > 1 else ""
                self.report(
                    "SQ305",
                    SQL_TEXT,
                    self.offset(offenders[0]),
                    f"column {labels[0]} is selected in an aggregate query but is neither in GROUP BY nor inside an aggregate{also}; "
                    "PostgreSQL rejects this (SQLite would allow it)",
                )

    def _resolve(self, column, sources: list[_Source]) -> tuple[str, str] | None:
        """(table, column) a column of this SELECT refers to, or None when it cannot be told."""
        name = column.name.lower()
        if column.table:
            src = next((s for s in sources if s.alias == column.table.lower()), None)
            return (src.table, name) if src is not None and src.table else None
        owners = []
        for s in sources:
            if s.pseudo:
                continue
            tdef = self.table_def(s.table)
            if tdef is None or tdef.columns is None:
                return None
            if name in tdef.columns:
                owners.append(tdef.name)
        return (owners[0], name) if len(owners) == 1 else None


def _aggregates(node) -> bool:
    from sqlglot import exp

    for agg in node.find_all(exp.AggFunc):
        if agg.find_ancestor(exp.Window, exp.Subquery) is None:
            return True
    return False


def _bare_columns(expr) -> list | None:
    """Columns of ``expr`` outside aggregates; None when some function might be an aggregate."""
    from sqlglot import exp

    if any(True for _ in expr.find_all(exp.Anonymous, exp.Subquery, exp.Window)):
        return None
    out = []
    for column in expr.find_all(exp.Column):
        if column.find_ancestor(exp.AggFunc) is not None:
            continue
        if not isinstance(column.this, exp.Identifier):
            return None
        out.append(column)
    return out


def _cols(tdef: TableDef) -> str:
    cols = sorted(tdef.columns or ())
    shown = ", ".join(cols[:15]) + (", ..." if len(cols) > 15 else "")
    return f"columns: {shown}" if cols else "no columns"


def _wrapper_shapes(collectors: list[_Collector]) -> dict[str, set[str]]:
    """For project functions named like SQL methods: ``tuple`` (sql, params) or ``varargs`` (sql, *args)."""
    shapes: dict[str, set[str]] = {}
    for col in collectors:
        for name, params, is_method in col.functions:
            if name not in DRIVER_METHODS and name not in WRAPPER_METHODS:
                continue
            plain = list(params.posonly_params) + list(params.params)
            if is_method and plain and plain[0].name.value in ("self", "cls"):
                plain = plain[1:]
            star = isinstance(params.star_arg, cst.Param)
            if star and len(plain) == 1:
                shape = "varargs"
            elif not star and len(plain) == 2:
                shape = "tuple"
            else:
                shape = "other"
            shapes.setdefault(name, set()).add(shape)
    return shapes
