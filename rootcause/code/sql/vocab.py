"""What the SQL checks know: taxonomy ids, the calls that carry SQL, drivers and their placeholder styles, and the functions only SQLite or only PostgreSQL has (each verified against the real database in tests/code/test_sql_dialects_real.py)."""

from __future__ import annotations

import re

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
