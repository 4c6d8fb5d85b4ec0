"""The tables a project declares: CREATE TABLE / VIEW statements in its SQL strings and .sql files, plus ORM models."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rootcause.code.sql.text import _parse, find_placeholders, mask_sql, normalise_placeholders, split_statements
from rootcause.code.sql.vocab import PLACEHOLDER_NAME


# ================================================================================================
# schema
# ================================================================================================
@dataclass
class TableDef:
    name: str
    columns: set[str] | None  # None: unknown (view, CREATE TABLE AS, unparsed)
    primary_key: tuple[str, ...] | None  # None: unknown
    origin: str


@dataclass
class Schema:
    tables: dict[str, TableDef] = field(default_factory=dict)
    complete: bool = True
    why_incomplete: list[str] = field(default_factory=list)
    functions: set[str] = field(default_factory=set)  # user-defined SQL functions

    def add(self, name: str, columns: set[str] | None, pk: tuple[str, ...] | None, origin: str) -> None:
        key = name.lower()
        old = self.tables.get(key)
        if old is None:
            self.tables[key] = TableDef(key, None if columns is None else {c.lower() for c in columns}, pk, origin)
            return
        if old.columns is None or columns is None:
            old.columns = None
        else:
            old.columns |= {c.lower() for c in columns}
        if old.primary_key != pk:
            old.primary_key = None if (old.primary_key is not None and pk is not None) else (old.primary_key or pk)

    def incomplete(self, why: str) -> None:
        self.complete = False
        if why not in self.why_incomplete:
            self.why_incomplete.append(why)


_CREATE_TABLE = re.compile(r"\bCREATE\s+(?:TEMP\w*\s+|UNLOGGED\s+|VIRTUAL\s+)*TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w.\"`\[\]]+)", re.IGNORECASE)


_CREATE_VIEW = re.compile(r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:TEMP\w*\s+|MATERIALIZED\s+)*VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?([\w.\"`\[\]]+)", re.IGNORECASE)


_ALTER_TABLE = re.compile(r"\bALTER\s+TABLE\b", re.IGNORECASE)


_CREATE_FUNCTION = re.compile(r"\bCREATE\s+(?:OR\s+REPLACE\s+)?(?:FUNCTION|AGGREGATE)\s+(?:[\w\"]+\.)?\"?(\w+)", re.IGNORECASE)


def _clean_name(raw: str) -> str:
    name = raw.strip().strip('"`[]').split(".")[-1].strip('"`[]')
    return name.lower()


def _schema_from_sql(schema: Schema, text: str, origin: str, dialect: str | None) -> None:
    """Tables and columns declared by CREATE TABLE / CREATE VIEW / ALTER TABLE ADD COLUMN in ``text``."""
    from sqlglot import exp

    if not re.search(r"\b(?:CREATE|ALTER)\s", text, re.IGNORECASE):
        return
    for m in _CREATE_FUNCTION.finditer(text):
        schema.functions.add(m.group(1).lower())
    masked = mask_sql(text)
    for _offset, stmt in split_statements(text, masked):
        m_table, m_view = _CREATE_TABLE.search(stmt), _CREATE_VIEW.search(stmt)
        is_alter = bool(_ALTER_TABLE.match(stmt.strip()))
        if not (m_table or m_view or is_alter) or not re.match(r"\s*(?:CREATE|ALTER)\b", mask_sql(stmt), re.IGNORECASE):
            continue
        m_name = m_table or m_view
        raw_name = m_name.group(1) if m_name else None
        if raw_name is not None and (PLACEHOLDER_NAME in raw_name or "{" in raw_name or "%" in raw_name):
            schema.incomplete(f"a table is created under a computed name in {origin}")
            continue
        norm = normalise_placeholders(stmt, find_placeholders(mask_sql(stmt)))
        trees = None
        for d in dict.fromkeys([dialect, "sqlite", "postgres"]):
            trees, _err = _parse(norm, d)
            if trees:
                break
        tree = trees[0] if trees else None
        if isinstance(tree, exp.Create) and (tree.args.get("kind") or "").upper() == "TABLE" and isinstance(tree.this, exp.Schema):
            table = tree.this.this
            if not isinstance(table, exp.Table) or not table.name:
                continue
            columns = {c.name for c in tree.this.expressions if isinstance(c, exp.ColumnDef)}
            pk: list[str] = []
            for c in tree.this.expressions:
                if isinstance(c, exp.ColumnDef) and any(
                    isinstance(k.args.get("kind"), exp.PrimaryKeyColumnConstraint) for k in c.args.get("constraints") or []
                ):
                    pk.append(c.name.lower())
                elif isinstance(c, exp.PrimaryKey):
                    pk.extend(e.name.lower() for e in c.expressions)
            if PLACEHOLDER_NAME in table.name or any(PLACEHOLDER_NAME in c for c in columns):
                schema.add(table.name, None, None, origin)
            else:
                schema.add(table.name, columns, tuple(pk), origin)
        elif isinstance(tree, exp.Alter) and isinstance(tree.this, exp.Table) and tree.this.name:
            key = tree.this.name.lower()
            added = {a.name for a in tree.args.get("actions") or [] if isinstance(a, exp.ColumnDef)}
            altered = schema.tables.get(key)
            if altered is not None and altered.columns is not None:
                altered.columns |= {a.lower() for a in added}
            renamed = [a for a in tree.args.get("actions") or [] if isinstance(a, exp.AlterRename)]
            for r in renamed:
                if isinstance(r.this, exp.Table) and key in schema.tables:
                    old = schema.tables[key]
                    schema.add(r.this.name, None if old.columns is None else set(old.columns), old.primary_key, origin)
        elif raw_name is not None:
            # a view, CREATE TABLE AS, a virtual table, or DDL sqlglot does not read: the table exists, its columns are unknown
            schema.add(_clean_name(raw_name), None, None, origin)
