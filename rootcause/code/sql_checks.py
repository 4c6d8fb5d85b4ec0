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
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import libcst as cst

from rootcause.code.index import ModuleInfo, code_children, code_fields, dotted
from rootcause.code.model import CodeFinding

# --- taxonomy ids ------------------------------------------------------------------------------
SQL_TEXT = "data.query.sql_text"
DIALECT = "data.query.dialect"
MISSING_TABLE = "data.schema.missing_table"
MISSING_COLUMN = "data.schema.missing_column"
DRIVER_TYPE = "data.orm.driver_type"
#: A placeholder style the driver does not understand. The brief asked for driver_type; the
#: taxonomy puts "placeholder style ... that only another database supports" and
#: '? placeholders sent to Postgres' under data.query.dialect, so that is used.
PARAM_STYLE = DIALECT

PLACEHOLDER_NAME = "__expr__"  # what index-style f-string text puts where a {placeholder} was

# --- which calls carry SQL -----------------------------------------------------------------------
#: DB-API / asyncpg / aiosqlite methods whose first argument is SQL run by the driver.
DRIVER_METHODS = frozenset({"execute", "executemany", "executescript", "fetch", "fetchrow", "fetchval", "prepare"})
#: Methods of project wrappers (``db.fetchone(sql, params)``) and of query libraries.
WRAPPER_METHODS = frozenset({"fetchone", "fetchall", "fetchmany", "fetch_one", "fetch_all", "fetch_val", "execute_many", "query"})
TEXT_CALLEES = frozenset({"text", "sqlalchemy.text", "sa.text", "sql.text", "db.text", "sqlalchemy.sql.text", "expression.text"})

SQL_START = re.compile(
    r"""^\s*+(?:(?:--[^\n]*\n|/\*.*?\*/)\s*+)*+\(?\s*+(?:
        SELECT\b | INSERT\s+(?:OR\s+\w+\s+)?INTO\b | UPDATE\s+\S+\s+SET\b | DELETE\s+FROM\b | REPLACE\s+INTO\b
      | CREATE\s+(?:OR\s+REPLACE\s+|UNIQUE\s+|TEMP\s+|TEMPORARY\s+|VIRTUAL\s+)*(?:TABLE|INDEX|VIEW|TRIGGER|EXTENSION|TYPE|SCHEMA|SEQUENCE|FUNCTION)\b
      | WITH\s+(?:RECURSIVE\s+)?[\w"]+\s*(?:\([^)]*\)\s*)?AS\b | ALTER\s+TABLE\b | DROP\s+(?:TABLE|INDEX|VIEW|TRIGGER|TYPE|SEQUENCE)\b | PRAGMA\s+\w+
    )""",
    re.IGNORECASE | re.VERBOSE | re.DOTALL,
)

# --- project facts ------------------------------------------------------------------------------
POSTGRES_DRIVERS = {"asyncpg": "numeric", "psycopg": "pyformat", "psycopg2": "pyformat", "psycopg_pool": "pyformat", "aiopg": "pyformat"}
SQLITE_DRIVERS = {"sqlite3": "qmark", "aiosqlite": "qmark"}
#: Libraries that sit between the code and the driver (their own placeholder style, their own
#: schema): when present, placeholder and binding checks stay silent.
WRAPPERS = frozenset(
    {
        "sqlalchemy",
        "databases",
        "sqlmodel",
        "django",
        "tortoise",
        "peewee",
        "pony",
        "ormar",
        "piccolo",
        "records",
        "dataset",
        "pugsql",
        "aiosql",
        "gino",
        "pydal",
        "flask_sqlalchemy",
        "edgedb",
        "prisma",
        "mongoengine",
    }
)
#: Libraries that create tables the SQL strings do not show (models, migrations).
SCHEMA_OWNERS = frozenset(
    {
        "sqlalchemy",
        "sqlmodel",
        "django",
        "tortoise",
        "peewee",
        "pony",
        "ormar",
        "piccolo",
        "gino",
        "flask_sqlalchemy",
        "alembic",
        "yoyo",
        "aerich",
        "pydal",
        "flask_migrate",
    }
)

PG_URL = re.compile(r"\bpostgres(?:ql)?(?:\+\w+)?://", re.IGNORECASE)
SQLITE_URL = re.compile(r"\bsqlite(?:\+\w+)?:///", re.IGNORECASE)

SYSTEM_TABLE = re.compile(r"^(?:sqlite_\w+|pg_\w+|information_schema|dual)$", re.IGNORECASE)
_KEYWORD_VALUES = {
    "current_user",
    "session_user",
    "user",
    "current_role",
    "current_catalog",
    "current_schema",
    "localtime",
    "localtimestamp",
    "current_date",
    "current_time",
    "current_timestamp",
    "default",
}
IMPLICIT_COLUMNS = {
    "sqlite": {"rowid", "oid", "_rowid_"} | _KEYWORD_VALUES,
    "postgres": {"ctid", "xmin", "xmax", "cmin", "cmax", "tableoid", "oid"} | _KEYWORD_VALUES,
}

# --- dialect features (each one verified against the real database in test_sql_dialects_real) ---
#: Postgres-only syntax and functions, as SQLite 3.40 reports them. STRING_AGG is left out on
#: purpose: SQLite has it since 3.44, so whether it fails depends on the SQLite version.
PG_ONLY: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"@>"), "the @> containment operator"),
    (re.compile(r"<@"), "the <@ containment operator"),
    (re.compile(r"\?[|&](?![|&])"), "the ?| / ?& JSONB key operators"),
    (re.compile(r"\bILIKE\b", re.IGNORECASE), "ILIKE"),
    (re.compile(r"::\s*[A-Za-z_]"), "a :: cast"),
    (re.compile(r"\bDISTINCT\s+ON\s*\(", re.IGNORECASE), "DISTINCT ON"),
    (re.compile(r"(?:=|<>|!=|<|>)\s*ANY\s*\(", re.IGNORECASE), "= ANY(...)"),
]
PG_ONLY_FUNCTIONS = frozenset(
    {
        "array_agg",
        "array_length",
        "array_to_string",
        "array_append",
        "unnest",
        "now",
        "gen_random_uuid",
        "uuid_generate_v4",
        "json_agg",
        "json_build_object",
        "json_build_array",
        "json_object_agg",
        "json_array_elements",
        "json_array_elements_text",
        "jsonb_agg",
        "jsonb_build_object",
        "jsonb_build_array",
        "jsonb_object_agg",
        "jsonb_array_elements",
        "jsonb_array_elements_text",
        "jsonb_array_length",
        "jsonb_typeof",
        "jsonb_strip_nulls",
        "jsonb_pretty",
        "to_tsvector",
        "to_tsquery",
        "plainto_tsquery",
        "date_trunc",
        "to_char",
        "to_timestamp",
    }
)
#: SQLite-only syntax and functions, as PostgreSQL 15 reports them (``date('now')`` is fine in
#: Postgres, a function-style cast, so it is not here).
SQLITE_ONLY: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bAUTOINCREMENT\b", re.IGNORECASE), "AUTOINCREMENT"),
    (re.compile(r"\bINSERT\s+OR\s+(?:IGNORE|REPLACE|ABORT|FAIL|ROLLBACK)\b", re.IGNORECASE), "INSERT OR ..."),
    (re.compile(r"^\s*REPLACE\s+INTO\b", re.IGNORECASE | re.MULTILINE), "REPLACE INTO"),
    (re.compile(r"^\s*PRAGMA\b", re.IGNORECASE | re.MULTILINE), "PRAGMA"),
    (re.compile(r"\bGLOB\b", re.IGNORECASE), "GLOB"),
]
SQLITE_ONLY_FUNCTIONS = frozenset(
    {
        "group_concat",
        "ifnull",
        "datetime",
        "strftime",
        "julianday",
        "instr",
        "last_insert_rowid",
        "json_group_array",
        "json_group_object",
        "json_extract",
        "typeof",
        "randomblob",
        "zeroblob",
        "unixepoch",
        "iif",
        "printf",
        "total_changes",
        "changes",
    }
)
FUNCTION_CALL = re.compile(r"(?<![\w.$])([A-Za-z_]\w*)\s*\(")

DDL_START = re.compile(
    r"^\s*(?:--[^\n]*\n\s*)*(?:CREATE\s+(?:OR\s+REPLACE\s+|UNIQUE\s+|TEMP\s+|TEMPORARY\s+|UNLOGGED\s+)*(?:TABLE|INDEX|VIEW)\b|ALTER\s+TABLE\b)", re.IGNORECASE
)
_PG_DOLLAR_QUOTE = re.compile(r"\$(?:[A-Za-z_]\w*)?\$")


# ================================================================================================
# SQL text helpers
# ================================================================================================
def mask_sql(sql: str) -> str:
    """``sql`` with string literals, quoted identifiers, comments and $$-bodies blanked out.

    Lengths and newlines are kept, so offsets into the mask are offsets into ``sql``.
    """
    out = list(sql)
    i, n = 0, len(sql)

    def blank(a: int, b: int) -> None:
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        ch = sql[i]
        if ch == "-" and sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif ch == "/" and sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            j = n if j < 0 else j + 2
            blank(i, j)
            i = j
        elif ch in "'\"`":
            j = i + 1
            while j < n:
                if sql[j] == ch:
                    if j + 1 < n and sql[j + 1] == ch:
                        j += 2
                        continue
                    break
                j += 1
            blank(i + 1, j)  # keep the quotes, so tokens do not fuse
            i = j + 1
        elif ch == "$":
            m = _PG_DOLLAR_QUOTE.match(sql, i)
            if m:
                end = sql.find(m.group(0), m.end())
                end = n if end < 0 else end + len(m.group(0))
                blank(i, end)
                i = end
            else:
                i += 1
        else:
            i += 1
    return "".join(out)


#: ``x ? 'key'`` is the JSONB operator in PostgreSQL: a ``?`` right after an operand (a name that
#: is not a keyword, a closing bracket, a literal) is taken for it there.
_OPERAND_BEFORE = re.compile(
    r"(?:[\w\])'\"]|\b(?!(?:VALUES|IN|LIMIT|OFFSET|AND|OR|NOT|LIKE|ILIKE|GLOB|MATCH|REGEXP|SET|THEN|ELSE|WHEN|IS|BETWEEN|SELECT|RETURNING|BY|ESCAPE|DISTINCT|FROM|WHERE|HAVING|ON|CASE|AS|ALL|ANY|EXISTS|SOME|END)\b)[A-Za-z_]\w*)\s*$",
    re.IGNORECASE,
)
_PLACEHOLDER = re.compile(r"%\((?P<pyname>\w+)\)s|%(?P<format>s)\b|%%|\$(?P<num>\d+)|\?(?P<qnum>\d+)?|(?<![:\w\[\]]):(?P<name>[A-Za-z_]\w*)")


@dataclass(frozen=True)
class Placeholder:
    style: str  # qmark | numeric | format | pyformat | named
    offset: int
    text: str
    name: str | None = None


def find_placeholders(masked: str, dialect: str | None = None) -> list[Placeholder]:
    """Bind placeholders in masked SQL: ``?``/``?1``, ``$1``, ``%s``, ``%(name)s``, ``:name``.

    Outside SQLite, ``?`` right after an operand is the JSONB key operator, not a placeholder.
    """
    found: list[Placeholder] = []
    for m in _PLACEHOLDER.finditer(masked):
        text = m.group(0)
        if text == "%%":
            continue
        if m.group("pyname"):
            found.append(Placeholder("pyformat", m.start(), text, m.group("pyname")))
        elif m.group("format"):
            found.append(Placeholder("format", m.start(), text))
        elif m.group("num"):
            found.append(Placeholder("numeric", m.start(), text, m.group("num")))
        elif text.startswith("?"):
            after = masked[m.end() : m.end() + 1]
            if after in ("|", "&") and masked[m.end() : m.end() + 2] not in ("||", "&&"):
                continue
            before = masked[max(0, m.start() - 40) : m.start()]
            if (
                dialect != "sqlite"
                and _OPERAND_BEFORE.search(before)
                and not re.search(
                    r"\b(?:VALUES|IN|LIMIT|OFFSET|AND|OR|NOT|LIKE|ILIKE|SET|THEN|ELSE|WHEN|IS|BETWEEN|SELECT|RETURNING|BY|ESCAPE|WHERE|HAVING|ON|CASE|END)\s*$",
                    before,
                    re.IGNORECASE,
                )
            ):
                continue
            found.append(Placeholder("qmark", m.start(), text, m.group("qnum")))
        elif m.group("name"):
            if masked[m.end() : m.end() + 1] == ":" or masked[max(0, m.start() - 1) : m.start()] == ":":
                continue
            found.append(Placeholder("named", m.start(), text, m.group("name")))
    return found


def normalise_placeholders(sql: str, placeholders: Iterable[Placeholder]) -> str:
    """Every placeholder replaced by ``?`` padded to its length, which sqlglot parses in all dialects."""
    chars = list(sql)
    for p in placeholders:
        chars[p.offset : p.offset + len(p.text)] = list("?" + " " * (len(p.text) - 1))
    return "".join(chars)


def split_statements(sql: str, masked: str) -> list[tuple[int, str]]:
    """(offset, text) of each statement; a trigger's BEGIN ... END body stays in one piece."""
    out: list[tuple[int, str]] = []
    start, i, n = 0, 0, len(sql)
    depth = 0
    trigger = False
    while i < n:
        if i == start or not masked[start:i].strip():
            head = masked[i : i + 60]
            trigger = bool(re.match(r"\s*CREATE\s+(?:TEMP\w*\s+)?TRIGGER\b", head, re.IGNORECASE))
        if trigger:
            word = re.match(r"\b(BEGIN|CASE|END)\b", masked[i:], re.IGNORECASE) if (i == 0 or not (masked[i - 1].isalnum() or masked[i - 1] == "_")) else None
            if word:
                w = word.group(1).upper()
                depth += 1 if w in ("BEGIN", "CASE") else -1
                i += len(w)
                continue
        if masked[i] == ";" and depth <= 0:
            if sql[start:i].strip():
                out.append((start, sql[start:i]))
            start = i + 1
            depth = 0
        i += 1
    if sql[start:].strip():
        out.append((start, sql[start:]))
    return out


def _dialect_name(dialect: str | None) -> str | None:
    return {"postgres": "postgres", "postgresql": "postgres", "sqlite": "sqlite", "sqlite3": "sqlite"}.get((dialect or "").lower())


def _parse(sql: str, dialect: str | None):
    """sqlglot trees, or the ParseError/TokenError raised."""
    import sqlglot

    try:
        return [t for t in sqlglot.parse(sql, read=dialect) if t is not None], None
    except (sqlglot.errors.ParseError, sqlglot.errors.TokenError) as exc:
        return None, exc
    except (ValueError, RecursionError, KeyError, AttributeError, TypeError) as exc:  # sqlglot internals on odd input
        return None, exc


def _error_offset(exc: Exception, sql: str) -> tuple[int | None, str]:
    """Offset in ``sql`` and the description of a sqlglot error."""
    errors = getattr(exc, "errors", None) or []
    if errors:
        first = errors[0]
        desc = first.get("description") or str(exc)
        line, col, highlight = first.get("line"), first.get("col"), first.get("highlight") or ""
        if isinstance(line, int) and isinstance(col, int):
            lines = sql.split("\n")
            if 1 <= line <= len(lines):
                offset = sum(len(x) + 1 for x in lines[: line - 1]) + max(0, col - len(highlight))
                return min(offset, len(sql)), desc
        return None, desc
    return None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__


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
        raw_name = (m_table or m_view).group(1) if (m_table or m_view) else None
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
            if key in schema.tables and schema.tables[key].columns is not None:
                schema.tables[key].columns |= {a.lower() for a in added}
            renamed = [a for a in tree.args.get("actions") or [] if isinstance(a, exp.AlterRename)]
            for r in renamed:
                if isinstance(r.this, exp.Table) and key in schema.tables:
                    old = schema.tables[key]
                    schema.add(r.this.name, None if old.columns is None else set(old.columns), old.primary_key, origin)
        elif raw_name is not None:
            # a view, CREATE TABLE AS, a virtual table, or DDL sqlglot does not read: the table exists, its columns are unknown
            schema.add(_clean_name(raw_name), None, None, origin)


# ================================================================================================
# collecting SQL from the code
# ================================================================================================
@dataclass
class SqlSite:
    """One SQL string handed to a call (or a constant that is)."""

    path: str
    sql: str
    is_fstring: bool
    line: int  # where the SQL text starts
    column: int
    exact: bool  # the literal's source text is the SQL text: offsets map to lines and columns
    body_column: int  # column of the first character of the text (after prefix and quotes)
    callee: str
    method: str
    kind: str  # driver | wrapper | sqlalchemy | django | ddl (a DDL string not passed to a call) | file (.sql)
    call_line: int
    call_column: int
    params: cst.BaseExpression | None = None  # the second positional argument
    extra_args: int = 0  # positional arguments after the SQL
    has_star: bool = False
    via_constant: str | None = None


def _string_text(node: cst.BaseExpression) -> tuple[str, bool] | None:
    """The static text of a literal, concatenation or f-string (placeholders as ``__expr__``)."""
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except Exception:  # noqa: BLE001 - odd escapes
            return None
        return (value.decode("utf-8", "replace") if isinstance(value, bytes) else value), False
    if isinstance(node, cst.ConcatenatedString):
        left, right = _string_text(node.left), _string_text(node.right)
        if left is None or right is None:
            return None
        return left[0] + right[0], left[1] or right[1]
    if isinstance(node, cst.FormattedString):
        parts = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value.replace("{{", "{").replace("}}", "}"))
            else:
                parts.append(PLACEHOLDER_NAME)
        return "".join(parts), True
    return None


def _exact(node: cst.BaseExpression, value: str) -> tuple[bool, int]:
    """Whether the literal's body is ``value`` character for character, and the body's offset."""
    if not isinstance(node, cst.SimpleString):
        return False, 0
    raw = node.value
    prefix_len = len(node.prefix)
    quote = node.quote
    body = raw[prefix_len + len(quote) : len(raw) - len(quote)]
    return body == value, prefix_len + len(quote)


def _method_of(func: cst.BaseExpression) -> str | None:
    if isinstance(func, cst.Attribute):
        return func.attr.value
    if isinstance(func, cst.Name):
        return func.value
    return None


def _kind(callee: str, method: str) -> str | None:
    if callee in TEXT_CALLEES or method == "text" and callee.split(".")[0] in ("sqlalchemy", "sa", "sql", "db", "expression"):
        return "sqlalchemy"
    if method == "text":
        return "sqlalchemy" if callee == "text" else None
    if method == "raw":
        return "django" if "." in callee else None
    if method in DRIVER_METHODS:
        return "driver"
    if method in WRAPPER_METHODS:
        return "wrapper"
    return None


class _Collector(cst.CSTVisitor):
    def __init__(self, module: ModuleInfo) -> None:
        super().__init__()
        self.module = module
        self.path = module.path
        self.depth = 0
        self.constants: dict[str, tuple[cst.BaseExpression, int, int] | None] = {}
        self.pending: list[tuple[str, dict]] = []  # constant name, call facts
        self.sites: list[SqlSite] = []
        self.strings: list[str] = []  # every string's static text, for the schema
        self.functions: list[tuple[str, cst.Parameters, bool]] = []  # (name, params, is_method)
        self.created_functions: set[str] = set()
        self.ddl: list[tuple[cst.BaseExpression, tuple[int, int]]] = []  # DDL strings anywhere
        self._class_depth = 0
        self.local_stack: list[dict[str, tuple[cst.BaseExpression, int, int] | None]] = []
        self.pending_stack: list[list[tuple[str, dict]]] = []

    def _pos(self, node: cst.CSTNode) -> tuple[int, int]:
        # The module's positions, shared with the ORM checks; computed on first use, as a module
        # with no SQL call or string constant needs none.
        pos = self.module.positions[node].start
        return pos.line, pos.column + 1

    # scopes
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.append((node.name.value, node.params, self._class_depth > 0 and self.depth == self._class_depth))
        self.depth += 1
        self.local_stack.append({})
        self.pending_stack.append([])
        for param in [*node.params.posonly_params, *node.params.params, *node.params.kwonly_params]:
            self.local_stack[-1][param.name.value] = None

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.depth -= 1
        local = self.local_stack.pop()
        for name, facts in self.pending_stack.pop():
            if name in local:
                entry = local[name]
                if entry is not None:
                    self._site(entry[0], facts, name, (entry[1], entry[2]))
            elif self.pending_stack:
                self.pending_stack[-1].append((name, facts))  # a closure: the enclosing function's name
            else:
                self.pending.append((name, facts))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.depth += 1
        self._class_depth = self.depth

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.depth -= 1
        self._class_depth = 0

    # constants: module-level NAME = "SELECT ...", and a function's own sql = "SELECT ..."
    def _table(self) -> dict | None:
        if self.local_stack:
            return self.local_stack[-1]
        return None if self.depth else self.constants

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value, None)
            return
        table = self._table()
        if not isinstance(target, cst.Name) or table is None:
            return
        name = target.value
        if name in table or value is None or _string_text(value) is None:
            table[name] = None  # assigned twice, or not a plain string: not sure which text runs
        else:
            line, col = self._pos(value)
            table[name] = (value, line, col)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind(target.target, node.value if len(node.targets) == 1 else None)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind(node.target, None)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target, None)

    def visit_For(self, node: cst.For) -> None:
        self._bind(node.target, None)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind(node.asname.name, None)

    # strings, for the schema
    def _string(self, node: cst.BaseExpression) -> bool:
        text = _string_text(node)
        if not text:
            return False
        self.strings.append(text[0])
        if DDL_START.match(text[0]):
            self.ddl.append((node, self._pos(node)))
        return True

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._string(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> bool:
        return not self._string(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._string(node)

    # calls
    def visit_Call(self, node: cst.Call) -> None:
        method = _method_of(node.func)
        if method is None:
            return
        if method == "create_function" and node.args:
            text = _string_text(node.args[0].value)
            if text:
                self.created_functions.add(text[0].lower())
        callee = dotted(node.func) or f"?.{method}"
        kind = _kind(callee, method)
        if kind is None:
            return
        positional = [a for a in node.args if a.keyword is None and not a.star]
        first = positional[0].value if positional else None
        if first is None:
            for a in node.args:
                if a.keyword is not None and a.keyword.value in ("query", "sql", "statement", "operation", "sql_script"):
                    first = a.value
        if first is None:
            return
        line, col = self._pos(node)
        facts = dict(
            callee=callee,
            method=method,
            kind=kind,
            call_line=line,
            call_column=col,
            params=positional[1].value if len(positional) > 1 else None,
            extra_args=len(positional) - 1,
            has_star=any(a.star for a in node.args),
        )
        if isinstance(first, cst.Name):
            (self.pending_stack[-1] if self.pending_stack else self.pending).append((first.value, facts))
            return
        self._site(first, facts, None)

    def _site(self, node: cst.BaseExpression, facts: dict, constant: str | None, pos: tuple[int, int] | None = None) -> None:
        text = _string_text(node)
        if text is None:
            return
        value, is_f = text
        line, col = pos or self._pos(node)
        exact, body = _exact(node, value)
        self.sites.append(
            SqlSite(path=self.path, sql=value, is_fstring=is_f, line=line, column=col, exact=exact, body_column=col + body, via_constant=constant, **facts)
        )

    def resolve_constants(self) -> None:
        for name, facts in self.pending:
            const = self.constants.get(name)
            if const is not None:
                node, line, col = const
                self._site(node, facts, name, (line, col))
        # DDL that is not handed to a call directly (a list of statements run in a loop)
        taken = {(s.line, s.column) for s in self.sites}
        for node, (line, col) in self.ddl:
            if (line, col) not in taken:
                facts = dict(callee="(DDL string)", method="", kind="ddl", call_line=line, call_column=col, params=None, extra_args=0, has_star=False)
                self._site(node, facts, None, (line, col))


# ================================================================================================
# the project's database
# ================================================================================================
@dataclass
class DatabaseFacts:
    dialect: str | None
    dialect_facts: list[str]
    driver_style: str | None  # qmark | pyformat | numeric, when one raw driver is used directly
    drivers: set[str]
    wrappers: set[str]
    translation: bool  # the code rewrites placeholders itself


def _top_imports(modules: Iterable[ModuleInfo]) -> dict[str, str]:
    """Top-level imported package -> first path importing it."""
    out: dict[str, str] = {}
    for m in modules:
        for imp in m.imports:
            if imp.level or not imp.module:
                continue
            top = imp.module.split(".")[0]
            out.setdefault(top, m.path)
    return out


def infer_database(project, dialect: str | None = None) -> DatabaseFacts:
    app = [m for m in project.modules.values() if not _is_test(m.path)]
    imports = _top_imports(app)
    if not any(d in imports for d in (*POSTGRES_DRIVERS, *SQLITE_DRIVERS)):
        imports = _top_imports(project.modules.values())
    pg = sorted(d for d in POSTGRES_DRIVERS if d in imports)
    lite = sorted(d for d in SQLITE_DRIVERS if d in imports)
    wrappers = {w for w in WRAPPERS if w in imports}
    facts: list[str] = []
    chosen = _dialect_name(dialect)
    if chosen:
        facts.append(f"dialect {chosen}: given by the caller")
    elif pg and not lite:
        chosen = "postgres"
        facts.append(f"dialect postgres: the code imports {', '.join(pg)} ({imports[pg[0]]})")
    elif lite and not pg:
        chosen = "sqlite"
        facts.append(f"dialect sqlite: the code imports {', '.join(lite)} ({imports[lite[0]]})")
    elif pg and lite:
        facts.append(f"dialect unknown: the code imports both {', '.join(pg)} and {', '.join(lite)}")
    else:
        pg_urls = sorted(p for p, t in project.files.items() if PG_URL.search(t))
        lite_urls = sorted(p for p, t in project.files.items() if SQLITE_URL.search(t))
        if pg_urls and not lite_urls:
            chosen = "postgres"
            facts.append(f"dialect postgres: a postgresql:// URL in {pg_urls[0]}")
        elif lite_urls and not pg_urls:
            chosen = "sqlite"
            facts.append(f"dialect sqlite: a sqlite:/// URL in {lite_urls[0]}")
        elif pg_urls and lite_urls:
            facts.append(f"dialect unknown: both a postgresql:// URL ({pg_urls[0]}) and a sqlite:/// URL ({lite_urls[0]})")
        else:
            facts.append("dialect unknown: no driver import or database URL")
    styles = {POSTGRES_DRIVERS[d] for d in pg} | {SQLITE_DRIVERS[d] for d in lite}
    style = next(iter(styles)) if len(styles) == 1 else None
    if style == "pyformat" and chosen == "sqlite" or style in ("qmark",) and chosen == "postgres" or style == "numeric" and chosen == "sqlite":
        style = None  # the caller's dialect disagrees with the driver: do not guess
    sources = "\n".join(m.source for m in project.modules.values())
    translation = bool(re.search(r"""(?:replace|sub)\(\s*r?["'](?:\\\\?\?|\?|%s|\$\d?|:)""", sources)) or "paramstyle" in sources
    return DatabaseFacts(chosen, facts, style, set(pg) | set(lite), wrappers, translation)


def build_schema(project, extra_schema: dict[str, set[str]] | None, dialect: str | None, collectors: list[_Collector]) -> Schema:
    schema = Schema()
    for path, text in sorted(project.files.items()):
        if path.endswith(".sql"):
            _schema_from_sql(schema, text, path, dialect)
    for col in collectors:
        for text in col.strings:
            if _CREATE_TABLE.search(text) or _CREATE_VIEW.search(text) or _ALTER_TABLE.search(text) or _CREATE_FUNCTION.search(text):
                _schema_from_sql(schema, text, col.path, dialect)
        schema.functions |= col.created_functions
    for table, columns in (extra_schema or {}).items():
        schema.add(table, set(columns) if columns is not None else None, None, "extra_schema")
    imports = _top_imports(project.modules.values())
    owners = sorted(o for o in SCHEMA_OWNERS if o in imports)
    if owners and extra_schema is None:
        schema.incomplete(f"{', '.join(owners)} may create tables the SQL does not show")
    if any(re.search(r"\b(?:op\.create_table|op\.add_column|migrations\.CreateModel)\b", m.source) for m in project.modules.values()):
        if extra_schema is None:
            schema.incomplete("migrations create tables")
    return schema


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


# --- one parsed statement ------------------------------------------------------------------------
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
