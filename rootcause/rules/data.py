"""Rules for the data layer: ORM and DB-API runtime violations, schema, query composition."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, unquote, urlsplit

from rootcause.evidence.facts import Facts
from rootcause.parsing.frames import ExceptionInfo
from rootcause.parsing.http import request_topics
from rootcause.records import Evidence
from rootcause.rules.base import HEURISTIC, HIGH, INFERENCE, Verdict, rule
from rootcause.rules.handlers import path_in, request_body, request_timeline, route_segments
from rootcause.rules.match import (
    MAX_CODE_CHARS,
    catalogue_entry,
    code_evidence,
    exception_verdict,
    find_exception,
    in_data_layer,
    line_verdict,
    match_anywhere,
    requests_verdict,
    run_failed,
    server_quiet,
    uses_data_library,
)
from rootcause.sql import undefined_qualifiers

# --- ORM / DB-API runtime -------------------------------------------------------------


@rule("RC301", "data.orm.detached_instance", signals={"traceback"}, confidence=HIGH)
def detached_instance(facts: Facts) -> Verdict | None:
    """An ORM object is used after its session closed.

    Detects SQLAlchemy's ``DetachedInstanceError`` and ``is not bound to a Session`` errors:
    a lazy attribute was loaded after the object left its session (commonly returned from a
    repository whose ``with Session()`` block has ended).

    Fires on: ``sqlalchemy.orm.exc.DetachedInstanceError: Parent instance <Article at 0x...> is not bound to a Session; lazy load operation of attribute 'author' cannot proceed``.
    Does not fire on: ``sqlalchemy.exc.MissingGreenlet`` (RC302).
    """
    return match_anywhere(facts, re.compile(r"DetachedInstanceError|is not bound to a Session"))


@rule("RC302", "data.orm.async_lazy_load", signals={"traceback"}, confidence=HIGH)
def missing_greenlet(facts: Facts) -> Verdict | None:
    """A lazy relationship is loaded implicitly inside async code (SQLAlchemy MissingGreenlet).

    Detects ``MissingGreenlet`` / ``greenlet_spawn has not been called``: async SQLAlchemy
    cannot emit IO from an attribute access, so the relationship must be eager-loaded.

    Fires on: ``sqlalchemy.exc.MissingGreenlet: greenlet_spawn has not been called; can't call await_only() here.``
    Does not fire on: ``DetachedInstanceError`` in a synchronous Flask app (RC301).
    """
    return match_anywhere(facts, re.compile(r"MissingGreenlet|greenlet_spawn has not been called"))


@rule("RC303", "data.orm.multiple_results", signals={"traceback"}, confidence=HIGH)
def multiple_results_for_one(facts: Facts) -> Verdict | None:
    """A query that must return one row returned several.

    Detects SQLAlchemy ``MultipleResultsFound`` and Django ``MultipleObjectsReturned``:
    ``.one()``/``.get()``/``scalar_one()`` used where the filter does not select a single row.

    Fires on: ``sqlalchemy.exc.MultipleResultsFound: Multiple rows were found when exactly one was required``.
    Does not fire on: ``NoResultFound`` (zero rows).
    """
    exc = find_exception(facts, names=("MultipleResultsFound", "MultipleObjectsReturned"))
    if exc:
        return exception_verdict(exc)
    return match_anywhere(facts, re.compile(r"Multiple rows were found when (?:exactly )?one|returned more than one \w+ -- it returned"))


@rule("RC304", "data.orm.pool_exhaustion", signals={"traceback", "log"}, confidence=INFERENCE)
def connections_not_returned(facts: Facts) -> Verdict | None:
    """Database connections are never returned to the pool, until the pool runs dry.

    Detects SQLAlchemy's ``QueuePool limit of size N overflow M reached`` (HIGH), its
    ``garbage collector is trying to clean up non-checked-in connection`` warning,
    Sequelize's ``ConnectionAcquireTimeoutError`` and Postgres ``too many clients``.
    Sessions or connections opened per request and never closed.

    Fires on: ``SAWarning: The garbage collector is trying to clean up non-checked-in connection <AdaptedConnection ...>``.
    Does not fire on: a single ``connection closed`` line at shutdown.
    """
    limit = match_anywhere(
        facts, re.compile(r"QueuePool limit of size \d+|ConnectionAcquireTimeoutError|sorry, too many clients already|remaining connection slots are reserved")
    )
    if limit:
        return Verdict(evidence=limit.evidence, confidence=HIGH, position=limit.position)
    line = facts.search(re.compile(r"garbage collector is trying to clean up (?:non-checked-in )?connection"))
    return line_verdict(line) if line else None


_SESSION_MISUSE = re.compile(
    r"another operation is in progress|threads can only be started once|PendingRollbackError|This transaction is inactive"
    r"|Can't reconnect until invalid transaction is rolled back|is not persistent within this Session|is already attached to session"
    r"|Cannot operate on a closed database|SQLite objects created in a thread can only be used in that same thread"
    r"|This result object is closed|This Connection is closed|cannot perform operation: another operation is in progress"
    r"|Object '.{1,200}' is already attached|Instance '.{1,200}' is not persisted|SQLITE_MISUSE|Database is closed|connection is closed|pool is closed"
    r"|Cannot use a pool after calling end on the pool|Client was closed and is not queryable|database is locked|SQLITE_BUSY"
    r"|TransactionManagementError|current transaction is aborted, commands ignored|You can't execute queries until the end of the 'atomic' block"
)
#: A transaction left failed and used again: the error that failed it was caught and never rolled back.
_TRANSACTION_LEFT_FAILED = re.compile(
    r"PendingRollbackError|TransactionManagementError|current transaction is aborted, commands ignored|You can't execute queries until the end of the 'atomic' block|"
    r"Can't reconnect until invalid transaction is rolled back|This Session's transaction has been rolled back"
)


@rule("RC305", "data.orm.session_misuse", signals={"traceback", "log"}, confidence=HIGH)
def session_or_connection_misuse(facts: Facts) -> Verdict | None:
    """A session or connection is used against its lifecycle (shared, reused, closed, or left in a failed transaction).

    Detects asyncpg's ``another operation is in progress``, aiosqlite's ``threads can only be
    started once`` (a connection object awaited twice), SQLAlchemy ``PendingRollbackError``,
    closed-database and cross-thread SQLite errors, and ``database is locked``.

    Fires on: ``RuntimeError: threads can only be started once`` raised from ``aiosqlite/core.py``.
    Does not fire on: a ``RuntimeError`` from a project frame with no database library involved.
    """
    exc = find_exception(
        facts,
        message=_SESSION_MISUSE,
        where=lambda e: e.short_type != "RuntimeError" or uses_data_library(e) or "threads can only be started once" not in e.message,
    )
    if exc:
        return exception_verdict(exc)
    # A bare log line is only evidence where its words are the database's own.
    line = facts.search(_SESSION_MISUSE)
    if line and "threads can only be started once" not in line.text:
        return line_verdict(line)
    return None


@rule("RC306", "data.orm.field_error", signals={"traceback"}, confidence=HIGH)
def unknown_orm_field(facts: Facts) -> Verdict | None:
    """An ORM call names a field, lookup or relation the model does not have.

    Detects Django ``FieldError: Cannot resolve keyword``, invalid ``select_related`` /
    ``prefetch_related`` names, SQLAlchemy ``Entity namespace ... has no property`` (a bad
    ``filter_by``), ``'x' is an invalid keyword argument for Model`` and Sequelize's
    ``column ... does not exist`` raised from model attributes.

    Fires on: ``django.core.exceptions.FieldError: Cannot resolve keyword 'tag' into field. Choices are: ...``.
    Does not fire on: ``no such column: u.username`` in raw SQL (RC321/RC331).
    """
    exc = find_exception(
        facts,
        message=re.compile(
            r"Cannot resolve keyword '\w{1,200}' into field|Invalid field name\(s\) given in select_related|Cannot find '\w{1,200}' on \w{1,200} object"
            r"|Entity namespace for .{1,300} has no property|is an invalid keyword argument for \w{1,200}|has no attribute '\w{1,200}'.{0,50}InstrumentedAttribute"
            r"|Unknown field\(s\) \(|is not a valid field name|Related Field got invalid lookup"
        ),
    )
    if exc is None:
        exc = find_exception(facts, names=("FieldError", "FieldDoesNotExist"))
    return exception_verdict(exc) if exc else None


@rule("RC307", "data.orm.eager_loading", signals={"traceback"}, confidence=HIGH)
def association_not_defined(facts: Facts) -> Verdict | None:
    """A query includes a relation the models never declared.

    Detects Sequelize ``EagerLoadingError: X is not associated to Y!``, ``Association with
    alias ... does not exist``, and SQLAlchemy's ``Could not determine join condition`` /
    ``NoForeignKeysError`` for relationships without a usable foreign key.

    Fires on: ``EagerLoadingError [SequelizeEagerLoadingError]: Tag is not associated to ArticleTag!``.
    Does not fire on: a Sequelize ``UniqueConstraintError`` (RC322).
    """
    return match_anywhere(
        facts,
        re.compile(
            r"EagerLoadingError|is not associated to \w{1,200}!|Association with alias \".{1,200}\" does not exist|Could not determine join condition|NoForeignKeysError|Can't find any foreign key relationships"
        ),
    )


#: A date's method called on text: a timestamp column the driver returned as a string.
_DATE_READ_AS_TEXT = re.compile(
    r"'str' object has no attribute '(?:isoformat|strftime|timestamp|date|year|month|day|hour|astimezone|tzinfo)'|"
    r"\.(?:toISOString|getTime|getFullYear|toLocaleDateString|toUTCString) is not a function"
)


@rule("RC308", "data.orm.driver_type", signals={"traceback", "log"}, confidence=HIGH)
def driver_rejects_value(facts: Facts) -> Verdict | None:
    """The database driver rejects a bound value, or binds it to a placeholder the statement lacks.

    Detects asyncpg ``invalid input for query argument`` and naive/aware datetime clashes,
    SQLite ``SQLITE_RANGE``, ``Error binding parameter`` and ``type 'X' is not supported``:
    the values handed to the DB-API do not fit the statement. A count of values that differs
    from the statement's placeholders (``Incorrect number of bindings supplied``, Postgres's
    ``bind message supplies N parameters``) is the SQL text's fault, not the driver's: the
    error catalogue names it (``data.query``).

    A date method called on a string (``'str' object has no attribute 'isoformat'``,
    ``row.created_at.toISOString is not a function``) is a timestamp the driver hands back as
    text (SQLite stores dates as text or numbers; Python's sqlite3 converts them only with
    ``detect_types``): INFERENCE, since the code may have made the string itself.

    Fires on: ``[Error: SQLITE_RANGE: column index out of range] { errno: 25, code: 'SQLITE_RANGE' }``.
    Does not fire on: ``SQLITE_ERROR: no such table: users`` (RC320); ``Incorrect number of
    bindings supplied. The current statement uses 3, and there are 4 supplied.`` (the catalogue).
    """
    found = match_anywhere(facts, _DATE_READ_AS_TEXT)
    if found is not None:
        return Verdict(evidence=found.evidence, position=found.position, confidence=INFERENCE)
    return match_anywhere(
        facts,
        re.compile(
            r"can't subtract offset-naive and offset-aware|invalid input for query argument|SQLITE_RANGE|column index out of range"
            r"|Error binding parameter|type '\w{1,100}' is not supported"
            r"|SQLite (?:DateTime|Date) type only accepts|unsupported type for timedelta|Wrong API use : tried to bind a value of an unknown type"
        ),
    )


@rule("RC309", "data.orm.sync_in_async", signals={"traceback"}, confidence=HIGH)
def sync_orm_call_in_async_view(facts: Facts) -> Verdict | None:
    """A synchronous ORM call runs inside an async view (Django SynchronousOnlyOperation).

    Detects ``SynchronousOnlyOperation: You cannot call this from an async context``: the
    Django ORM must be wrapped in ``sync_to_async`` or use its async API.

    Fires on: ``django.core.exceptions.SynchronousOnlyOperation: You cannot call this from an async context - use a thread or sync_to_async.``
    Does not fire on: an async view that awaits ``Article.objects.aget(...)``.
    """
    return match_anywhere(facts, re.compile(r"SynchronousOnlyOperation|You cannot call this from an async context"))


@rule("RC310", "data.orm", signals={"traceback"}, confidence=INFERENCE)
def error_raised_in_data_layer(facts: Facts) -> Verdict | None:
    """A runtime error is raised inside the data-access code or a database library.

    Detects an exception (of a kind no more specific rule names) whose deepest project frame
    sits in the data layer (repositories, models, db, dao...) or whose frames run through
    an ORM or driver (SQLAlchemy, Sequelize, sqlite3, asyncpg, psycopg...). The study counts
    such crashes as database runtime errors. An error the error catalogue knows is left to it.

    Fires on: ``UnboundLocalError: cannot access local variable 'Article'`` at ``src/repositories/article_repository.py:33``.
    Does not fire on: ``KeyError: 'user'`` raised in ``src/routes/users.py`` with no database frames.
    """
    ignored = ("SyntaxError", "IndentationError", "ModuleNotFoundError", "ImportError", "NameError", "HTTPException", "ValidationError", "AssertionError")
    exc = find_exception(facts, where=lambda e: e.short_type not in ignored and (in_data_layer(e) or uses_data_library(e)))
    if exc is None or catalogue_entry(exc, facts) is not None:
        return None  # the error catalogue names this error's cause (RC990): more precise than "raised in the data layer"
    return exception_verdict(exc)


# --- schema -----------------------------------------------------------------------------

_MISSING_TABLE = re.compile(
    r"no such table: (?P<t1>[\w.\"`]{1,200})|relation \"(?P<t2>[\w.]{1,200})\" does not exist|Table '(?P<t3>[\w.]{1,200})' doesn't exist|SQLITE_ERROR: no such table"
)
_MISSING_COLUMN = re.compile(
    r"no such column: (?P<c1>[\w.\"`]{1,200})|column \"?(?P<c2>[\w.]{1,200})\"? (?:of relation \"\w{1,200}\" )?does not exist|has no column named (?P<c3>\w{1,200})|Unknown column '(?P<c4>[\w.]{1,200})'"
)


_STRING_LITERAL_HINT = re.compile(r"should this be a string literal in single-quotes")
_PG_COLUMN_HINT = re.compile(r"Perhaps you meant to reference the column \\?\"(?:\w{1,200}\.)?(?P<column>\w{1,200})\\?\"")


def _values_sent(facts: Facts) -> set[str]:
    """What the client put in the run's requests, lowercased: each path's last segment, query
    values and the string values of request bodies a test printed."""
    values: set[str] = set()
    for _method, path, _status, _evidence in request_timeline(facts):
        segments = route_segments(path.split("?", 1)[0])
        if len(segments) >= 2:
            values.add(unquote(segments[-1]).lower())
        values.update(v.lower() for _k, v in parse_qsl(urlsplit(path).query))
    for r in facts.requests:
        for message in r.messages[:5]:
            values.update(str(v).lower() for v in request_body(message).values() if isinstance(v, str))
        url = r.url or path_in(r.name) or ""
        values.update(v.lower() for _k, v in parse_qsl(urlsplit(url).query))
    return {v for v in values if 2 <= len(v) <= 200}


def not_a_column(text: str, facts: Facts) -> str | None:
    """Why the "missing column" in ``text`` is no column of any schema, or None.

    A SQL text error hides behind a missing-column message when the name is a value: SQLite's
    own hint for a double-quoted string, a value the client sent (``WHERE name = alice`` built by
    formatting), a name PostgreSQL folded to lower case although its hint names the camelCase
    column, or an alias of the SELECT list read in WHERE.
    """
    m = _MISSING_COLUMN.search(text)
    if m is None:
        return None
    bare = next(g for g in m.groups() if g).strip('"`').split(".")[-1]
    if _STRING_LITERAL_HINT.search(text) or facts.search(_STRING_LITERAL_HINT):
        return f'"{bare}" is a value in double quotes, which SQL reads as a column name'
    hint = facts.search(_PG_COLUMN_HINT)
    hinted = _PG_COLUMN_HINT.search(hint.text) if hint else _PG_COLUMN_HINT.search(text)
    if hinted and hinted["column"] != bare and hinted["column"].lower() == bare.lower():
        return f"the column is {hinted['column']}, but the SQL writes it unquoted, so PostgreSQL folds it to {bare}"
    if bare.lower() in _values_sent(facts):
        return f"{bare} is a value the client sent, pasted into the SQL where a literal or a placeholder belongs"
    alias = re.compile(rf"\bAS[ \t]+[\"`]?{re.escape(bare)}\b", re.IGNORECASE)
    if any(isinstance(code, str) and alias.search(code[:MAX_CODE_CHARS]) for code in facts.files.values()):
        return f"{bare} is an alias of the SELECT list, which WHERE cannot see"
    return None


@rule("RC320", "data.schema.missing_table", signals={"traceback", "log"}, confidence=HIGH)
def table_never_created(facts: Facts) -> Verdict | None:
    """The code queries a table that was never created (no create_all, migrations not run).

    Detects SQLite ``no such table``, Postgres ``relation "x" does not exist`` and MySQL's
    ``Table 'x' doesn't exist``.

    Fires on: ``sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) no such table: users``.
    Does not fire on: ``no such column: articles.slug`` (RC321).
    """
    return match_anywhere(facts, _MISSING_TABLE)


@rule("RC321", "data.schema.missing_column", signals={"traceback", "sql"}, confidence=HIGH)
def column_missing_from_schema(facts: Facts) -> Verdict | None:
    """The code reads or writes a column the table does not have.

    Detects ``no such column``, ``column "x" does not exist``, ``has no column named`` and
    ``Unknown column`` — unless the failing SQL qualifies the column with an alias it never
    declared, or the name is no column at all (a value, a case-folded name, a SELECT alias:
    see :func:`not_a_column`), which are query-composition errors (RC331) rather than schema ones. The SQL
    is parsed with sqlglot to tell the two apart.

    Fires on: ``column "tagList" does not exist`` for ``INSERT INTO articles ("tagList") ...``.
    Does not fire on: ``no such column: u.username`` in ``SELECT ... FROM articles a WHERE u.username = ?`` (alias ``u`` never joined).
    """
    exc = find_exception(facts, message=_MISSING_COLUMN)
    if exc is None:
        line = facts.search(_MISSING_COLUMN)
        return line_verdict(line) if line and not not_a_column(line.text, facts) else None
    if _undefined_alias(exc, facts) or not_a_column(exc.message, facts):
        return None
    return exception_verdict(exc)


def _failing_sql(exc: ExceptionInfo, facts: Facts) -> str | None:
    """The SQL statement behind an exception: its ``sql`` property, the call line, or the nearest ``[SQL:`` line."""
    if exc.properties.get("sql"):
        return exc.properties["sql"]
    call = exc.properties.get("call", "")
    m = re.search(r"\(\s*(['\"`])(?P<sql>.{1,4000}?)\1", call)
    if m:
        return m.group("sql")
    m = re.search(r"\[SQL: (?P<sql>.{1,4000}?)\]?$", exc.message, re.MULTILINE)
    if m:
        return m.group("sql")
    after = [s for s in facts.sql if s.source == exc.source and exc.line is not None and 0 <= s.line - exc.line <= 3]
    return after[0].text if after else None


def _undefined_alias(exc: ExceptionInfo, facts: Facts) -> list[str]:
    """Qualifiers of the failing SQL that it never declares.

    Without the SQL in the log, a one- or two-letter qualifier (``u.username``) is taken to be
    an alias: tables are not named like that, aliases usually are.
    """
    sql = _failing_sql(exc, facts)
    if sql:
        return undefined_qualifiers(sql, dialect=facts.database)
    m = _MISSING_COLUMN.search(exc.message)
    column = next((g for g in (m.groups() if m else ()) if g), "")
    qualifier = column.strip('"`').split(".")[0] if "." in column else ""
    return [qualifier] if 0 < len(qualifier) <= 2 else []


# --- integrity --------------------------------------------------------------------------


@rule("RC322", "data.schema.integrity", signals={"traceback", "log"}, confidence=HIGH)
def integrity_violation(facts: Facts) -> Verdict | None:
    """A write violates a UNIQUE, NOT NULL or foreign-key constraint of the schema.

    Detects ``IntegrityError``, ``UNIQUE constraint failed``, ``NOT NULL constraint failed``,
    ``duplicate key value violates unique constraint``, ``violates foreign key constraint``,
    ``SQLITE_CONSTRAINT`` and Sequelize's ``UniqueConstraintError`` / ``notNull Violation``.

    Fires on: ``sqlite3.IntegrityError: UNIQUE constraint failed: users.email``.
    Does not fire on: a 422 response to a duplicate registration that the app handled itself; a
    violation followed by ``PendingRollbackError`` or Django's ``TransactionManagementError``: the
    violation was caught and the transaction never rolled back, so the session is what broke (RC305).
    """
    if facts.search(_TRANSACTION_LEFT_FAILED) is not None:
        return None
    return match_anywhere(
        facts,
        re.compile(
            r"IntegrityError|UNIQUE constraint failed|NOT NULL constraint failed|FOREIGN KEY constraint failed|duplicate key value violates|violates (?:foreign key|not-null|check) constraint|SQLITE_CONSTRAINT|UniqueConstraintError|notNull Violation|ForeignKeyConstraintError"
        ),
    )


# --- query composition -------------------------------------------------------------------

_PG_ONLY_ON_SQLITE = re.compile(
    r"unrecognized token: \"@|near \"(?:ILIKE|@>|<@|\?\||::|RETURNING|ANY|DISTINCT ON)\": syntax error|no such function: (?:ARRAY_AGG|STRING_AGG|JSON_AGG|JSONB_\w+|TO_TSVECTOR|NOW|ARRAY_LENGTH|UNNEST|ANY|GEN_RANDOM_UUID|ILIKE)",
    re.IGNORECASE,
)
_SQLITE_ONLY_ON_PG = re.compile(
    r"function (?:group_concat|json_group_array|datetime|strftime|ifnull|instr)\(.{0,200}\) does not exist|operator does not exist|syntax error at or near \"(?:AUTOINCREMENT|PRAGMA|GLOB)\"",
    re.IGNORECASE,
)
_BACKEND_UNSUPPORTED = re.compile(
    r"NotSupportedError.{0,200}(?:lookup is not supported|not supported on this database backend)|lookup is not supported on this database backend"
)


@rule("RC330", "data.query.dialect", signals={"traceback", "sql"}, confidence=HIGH)
def operator_of_another_dialect(facts: Facts) -> Verdict | None:
    """A query uses an operator or function the configured database does not have.

    Detects Postgres-only syntax (``@>``, ``ILIKE``, ``ARRAY_AGG``, ``::`` casts) failing on
    SQLite, SQLite-only functions (``group_concat``...) or mistyped operators failing
    on Postgres (``operator does not exist``), and Django lookups the backend lacks
    (``NotSupportedError: contains lookup is not supported on this database backend``).

    Fires on: ``SQLITE_ERROR: unrecognized token: "@"`` for ``WHERE `Article`.`tagList` @> '["dragons"]'``.
    Does not fire on: ``near "FROM": syntax error`` (a plain SQL text error: RC331).
    """
    return match_anywhere(facts, _PG_ONLY_ON_SQLITE) or match_anywhere(facts, _SQLITE_ONLY_ON_PG) or match_anywhere(facts, _BACKEND_UNSUPPORTED)


@rule("RC331", "data.query.sql_text", signals={"traceback", "sql"}, confidence=HIGH)
def malformed_sql(facts: Facts) -> Verdict | None:
    """The SQL text itself is wrong: syntax, an undeclared alias, an ambiguous column, a bad GROUP BY.

    Detects SQL syntax errors, ``ambiguous column name``, ``must appear in the GROUP BY
    clause`` (Postgres GroupingError), aggregates in WHERE, untyped parameters Postgres
    cannot infer (``could not determine data type of parameter $1``), LIMIT/OFFSET given
    the wrong type (``data.query.pagination``), and ``no such column: a.x`` where sqlglot
    shows that the alias ``a`` is never declared in the statement; a "missing column" that is a
    value, a case-folded name or a SELECT alias (:func:`not_a_column`: HIGH on the database's own
    hint, INFERENCE otherwise).

    Fires on: ``SQLITE_ERROR: no such column: u.username`` for ``SELECT COUNT(*) FROM articles a WHERE u.username = ?``.
    Does not fire on: ``unrecognized token: "@"`` on SQLite (dialect: RC330).
    """
    said = find_exception(facts, message=_MISSING_COLUMN) or facts.search(_MISSING_COLUMN)
    why = not_a_column(said.message if isinstance(said, ExceptionInfo) else said.text, facts) if said is not None else None
    if said is not None and why:
        verdict = exception_verdict(said) if isinstance(said, ExceptionInfo) else line_verdict(said)
        sure = HIGH if why.startswith(('"', "the column")) else INFERENCE
        return Verdict(evidence=[*verdict.evidence, Evidence(kind="sql", text=why)], confidence=sure, position=verdict.position)
    exc = find_exception(facts, message=_MISSING_COLUMN)
    if exc is not None:
        aliases = _undefined_alias(exc, facts)
        if aliases:
            verdict = exception_verdict(exc)
            sql = _failing_sql(exc, facts)
            if sql:
                fact = Evidence(kind="sql", text=f"alias {', '.join(aliases)} is used but never declared in: {sql[:300]}", source=exc.source, line=exc.line)
                return Verdict(evidence=[*verdict.evidence, fact], position=verdict.position)
            fact = Evidence(
                kind="sql", text=f"qualifier {aliases[0]!r} looks like a table alias; the failing SQL is not in the log", source=exc.source, line=exc.line
            )
            return Verdict(evidence=[*verdict.evidence, fact], confidence=INFERENCE, position=verdict.position)
    pagination = match_anywhere(
        facts,
        re.compile(
            r"argument of (?:LIMIT|OFFSET) must|(?:LIMIT|OFFSET) must not be negative|invalid (?:LIMIT|OFFSET)|datatype mismatch.{0,100}(?:LIMIT|OFFSET)",
            re.IGNORECASE,
        ),
    )
    if pagination:
        return Verdict(evidence=pagination.evidence, root_cause="data.query.pagination", position=pagination.position)
    candidate = match_anywhere(facts, _SQL_TEXT_ERROR)
    # A syntax error on a Postgres-only token is the dialect's (RC330), not the SQL text's.
    if candidate and not any(_PG_ONLY_ON_SQLITE.search(e.text) for e in candidate.evidence):
        return candidate
    return None


_SQL_TEXT_ERROR = re.compile(
    r"syntax error at (?:or near|end of input)|could not determine data type of parameter|near \"[^\"]{1,100}\": syntax error|SQLITE_ERROR: incomplete input|ambiguous column name|column reference \"\w{1,200}\" is ambiguous"
    r"|must appear in the GROUP BY clause|GroupingError|aggregate functions are not allowed in WHERE|misuse of aggregate|You have an error in your SQL syntax"
    r"|missing FROM-clause entry for table|invalid reference to FROM-clause entry|each \w+ query must have the same number of columns"
)


@rule("RC332", "data.query.bad_parameter", signals={"traceback", "sql", "log"}, confidence=INFERENCE)
def wrong_value_bound_into_query(facts: Facts) -> Verdict | None:
    """A query receives the wrong value: an object, ``undefined`` or ``null`` where an id belongs.

    Detects ``'[object Object]'`` or ``'undefined'`` inside logged SQL, and Postgres
    ``invalid input syntax for type integer/uuid`` errors: the code passes the wrong variable
    (a whole object, an unresolved promise) to the query.

    Fires on: ``WHERE "Article"."id" = '[object Object]';``.
    Does not fire on: ``WHERE "Article"."slug" = 'how-to-train-your-dragon'``.
    """
    line = facts.search(re.compile(r"= '\[object Object\]'|= '?undefined'?(?:[;\s)]|$)|IN \('\[object Object\]'|\[object Promise\]"))
    if line:
        return line_verdict(line, kind="sql")
    return match_anywhere(
        facts, re.compile(r"invalid input syntax for (?:type )?(?:integer|uuid|bigint)|WHERE parameter \"\w{1,100}\" has invalid \"undefined\" value")
    )


#: Assertion names about a field's presence or type (response shape), not about which rows came back.
_SHAPE_ASSERTION = re.compile(
    r'^Response (?:contains|has) "|\bhas "[^"]{1,40}"$|\bhas every field\b|\bis an? (?:integer|string|array|number|boolean|object|ISO)\b', re.IGNORECASE
)


@rule("RC333", "data.query.filter", signals={"http"}, confidence=HEURISTIC)
def list_filters_fail_while_writes_work(facts: Facts) -> Verdict | None:
    """Only listings and their filters fail: the list query's join or filter is wrong.

    Detects a run in which at least two thirds of the failing requests are listings
    (all articles, by tag, by author, favorited by, feed, all comments, all tags), they got
    answers (not 401/404/5xx), and the writes before them (register, login, create article) pass.
    The data was stored; the query that reads it back is composed wrongly.

    Fires on: ``Articles Favorited by Username GET → 200: 12 failed`` and ``Articles by Tag GET → 200: 12 failed`` as the only failures.
    Does not fire on: a run where ``Create Article POST`` itself fails (the data never got stored);
    listings that each fail a check of a field's presence or type (``"articlesCount" is an
    integer``): the response's shape is wrong first, and content checks fail with it.
    """
    failing = facts.failing_requests
    if not failing:
        return None
    listings = [
        r
        for r in failing
        if ("article_list" in request_topics(r) or (r.method == "GET" and r.name.lower().startswith("all ")))
        and r.status is not None
        and r.status < 500
        and r.status not in (401, 403, 404, 405)
    ]
    if len(listings) < max(1, (2 * len(failing) + 2) // 3):
        return None
    if all(any(_SHAPE_ASSERTION.search(m) for m in r.messages) for r in listings):
        return None  # each listing fails a check of a field's presence or type: the response shape comes first
    writes_failing = [r for r in failing if r.method in ("POST", "PUT") and any(w in r.name.lower() for w in ("register", "create article", "login"))]
    if writes_failing:
        return None
    return requests_verdict(listings)


#: One placeholder inside ``IN ( )``: a list bound to it is one value, not a list of values.
_IN_ONE_PLACEHOLDER = re.compile(r"\bIN[ \t]*\([ \t]*(?:\?|\$\d{1,2}|%s|:\w{1,40})[ \t]*\)", re.IGNORECASE)
_BINDING_ERROR = re.compile(
    r"Error binding parameter|type '?list'? is not supported|Incorrect number of bindings|probably unsupported type|can't adapt type|invalid input syntax for type|cannot be matched|operator does not exist: \w{1,40} = \w{1,40}\[\]",
    re.IGNORECASE,
)


@rule("RC334", "data.query.bad_parameter", signals={"static", "http", "test", "traceback"}, confidence=INFERENCE)
def list_bound_to_one_placeholder(facts: Facts) -> Verdict | None:
    """A list of values is bound to a single placeholder inside ``IN (...)``.

    Detects SQL in the run's code with one placeholder in an ``IN`` list (``WHERE id IN (?)``,
    ``IN ($1)``, ``IN (%s)``) in a run that failed with no server error other than a binding
    error: the driver binds the whole list as one value, so the query matches nothing (or the
    driver refuses the list). The placeholders must be built per element, or ``= ANY($1)`` used.

    Fires on: ``Expected articles.length to be 3 but got 0`` with ``WHERE id IN (?)`` bound to ``[ids]``.
    Does not fire on: ``WHERE id IN (?, ?, ?)``; a run whose server raised another error.
    """
    if not facts.whole_files or not run_failed(facts) or not server_quiet(facts, allowed=_BINDING_ERROR):
        return None
    static = code_evidence(facts, _IN_ONE_PLACEHOLDER)
    if static is None:
        return None
    if facts.failing_requests:
        verdict = requests_verdict(facts.failing_requests)
        return Verdict(evidence=[*verdict.evidence, static], position=verdict.position)
    return Verdict(evidence=[static])


#: A SELECT string with a LIMIT and no ORDER BY: "the first n" rows in no defined order.
_LIMIT_WITHOUT_ORDER = re.compile(r"['\"`][ \t\n]*SELECT\b(?:(?!ORDER[ \t\n]+BY)[^'\"`;]){1,600}?\bLIMIT\b", re.IGNORECASE)
_ORDER_EXPECTED = re.compile(r"\b(?:latest|newest|oldest|most recent|recent(?:ly)?|sorted|ordered|in order|order(?: of)?|first|top \d{1,4})\b", re.IGNORECASE)


@rule("RC335", "data.query.sql_text", signals={"static", "test", "http"}, confidence=HEURISTIC)
def limit_without_order_by(facts: Facts) -> Verdict | None:
    """A query takes "the first n" rows with ``LIMIT`` but never orders them.

    Detects a ``SELECT ... LIMIT`` string with no ``ORDER BY`` in the run's code, in a run whose
    failing test or request speaks of an order (``latest``, ``newest first``, ``sorted``,
    ``first``) while the server raised nothing: without ``ORDER BY`` the database returns rows in
    whatever order it finds them, so "the latest" is not.

    Fires on: ``latest articles are newest first`` failing with ``SELECT id, title FROM articles LIMIT $1``.
    Does not fire on: ``SELECT ... ORDER BY created_at DESC LIMIT $1``.
    """
    if not facts.whole_files or not run_failed(facts) or not server_quiet(facts):
        return None
    static = code_evidence(facts, _LIMIT_WITHOUT_ORDER)
    if static is None:
        return None
    said = [r.name for r in facts.failing_requests] + [t.name for t in facts.tests if t.outcome in ("failed", "error")]
    line = next((text for text in said if _ORDER_EXPECTED.search(text)), None)
    if line is None:
        found = facts.search(_ORDER_EXPECTED)
        if found is None or found.source not in ("test_output",):
            return None
        line = found.text
    return Verdict(evidence=[Evidence(kind="test", text=line[:300]), static])


#: What a read asked the database for: a query string, request parameters, or a test named after a filter,
#: a page or an aggregate (matched on words, so ``test_favorites_count`` and ``CountTests`` read as "count").
_READ_ASKED = re.compile(
    r"[?&](?:tags?|q|query|search|term|filter|page|offset|limit|per_page|page_size|size|sort|sort_by|order|order_by|author|"
    r"favorited|cursor|category|min_\w{1,40}|max_\w{1,40})=|\bparams\s?=\s?\{|"
    r"\b(?:filter(?:ed|s|ing)?|search(?:es|ing)?|tagged|by tags?|pages?|paging|paginat\w{0,10}|offset|limit|sort(?:ed|s|ing)?|"
    r"order(?:ed|ing)?|counts?|total|average|avg|sum|distinct|duplicat\w{0,10}|case insensitive|ignores case|matches|newest|latest|oldest)\b",
    re.IGNORECASE,
)
_AGGREGATE_ASKED = re.compile(r"\b(?:counts?|total|average|avg|sum)\b", re.IGNORECASE)
_PAGE_ASKED = re.compile(r"[?&](?:page|offset|limit|per_page|page_size|cursor)=|\b(?:pages?|paging|paginat\w{0,10}|offset|limit)\b", re.IGNORECASE)
#: An assertion that compares values: lists, numbers or strings that differ (pytest, unittest, jest, chai, node:assert).
_VALUE_ASSERTION = re.compile(
    r"^E\s{1,8}(?:AssertionError: )?assert (?:\[|-?\d|'[^'\n]{0,200}' ==|\"[^\"\n]{0,200}\" ==)|Left contains|Right contains|"
    r"\b-?\d{1,15}(?:\.\d{1,15})? != -?\d|'[^'\n]{0,80}' != '|Lists differ|toEqual|toHaveLength|Expected length|Received length|toBe\(|"
    r"expected -?\d[\d.]{0,30} to (?:equal|be|deep)|to have (?:a )?length|to deep(?:ly)? equal|deepStrictEqual|strictEqual",
    re.MULTILINE,
)
#: ...and what makes the comparison about something else: a status, a key or a type (a number sent as a string), a missing value.
_NOT_ROWS = re.compile(
    r"status|\b[1-5]\d\d\b.{0,20}(?:!=|==|to equal|toBe)|(?:!=|==|to equal|toBe)\(?\s?[1-5]\d\d\b|"
    r"(?:Expected|Received|to equal|==|!=):? ['\"]-?\d[\d.]{0,30}['\"]|['\"]-?\d[\d.]{0,30}['\"] (?:==|!=|to equal)|"
    r"Expected: (?:true|false)\b|isArray|KeyError|not found in \{|' in \{|isinstance|toHaveProperty|toMatchObject|ObjectContaining|to have (?:property|key)|undefined|\bNone\b|\bnull\b",
    re.IGNORECASE,
)


def _words(text: str) -> str:
    """``test_favorites_count`` and ``CountTests`` as words: underscores and camel-case humps become spaces."""
    return re.sub(r"(?<=[a-z])(?=[A-Z])", " ", text.replace("_", " "))


@rule("RC336", "data.query.filter", signals={"test"}, confidence=HEURISTIC, also=("data.query.pagination", "data.query.derived_fields"))
def read_answers_wrong_rows(facts: Facts) -> Verdict | None:
    """A filtered, paged or counted read answers, but with the wrong rows or numbers.

    Detects a failing test whose assertion compares values (a list, a count, a first item:
    ``Left contains 2 more items``, ``6 != 2``, jest's ``toEqual`` on an array) on a read that
    asked for a filter, a page or an aggregate (``?tag=go``, ``params={"limit": 5}``, a test named
    ``test_favorites_count``), in a run whose server raised nothing: the rows were stored and
    the request was understood, so the query that selects or counts them is composed wrongly.
    A page or offset makes it ``data.query.pagination``, a count, total or average
    ``data.query.derived_fields``.

    Fires on: ``assert ['Go channels', 'Django admin', 'MongoDB indexes'] == ['Go channels']`` after ``get("/posts?tag=go")``.
    Does not fire on: a status assertion (``assert 500 == 200``); a key or a type that differs
    (``'favoritesCount' in {...}``, ``Expected: 59.97 Received: "59.97"``): the response's shape.
    """
    if not server_quiet(facts):
        return None
    failed = [t for t in facts.tests if t.outcome in ("failed", "error")]
    # each failing test as (its text, its evidence); with no test parsed, the assertion errors the output holds
    texts: list[tuple[str, Evidence]] = [
        (" ".join(x for x in (t.name, t.message, t.details) if x), Evidence(kind="test", text=f"{t.name}: {t.message or ''}"[:300], path=t.path, line=t.line))
        for t in failed
    ]
    if not failed:
        texts = [
            (f"{e.type}: {e.message}", Evidence(kind="test", text=f"{e.type}: {e.message}"[:300]))
            for e in facts.exceptions
            if e.short_type.startswith("AssertionError")
        ]
    for text, evidence in texts:
        text = text[:4000]
        words = _words(text)
        if not (_VALUE_ASSERTION.search(text) and _READ_ASKED.search(words)) or _NOT_ROWS.search(text):
            continue
        root_cause = "data.query.pagination" if _PAGE_ASKED.search(words) else "data.query.derived_fields" if _AGGREGATE_ASKED.search(words) else None
        return Verdict(evidence=[evidence], root_cause=root_cause)
    return None


_SQL_TABLE_USE = re.compile(
    r"\b(?:INSERT[ \t]+(?:OR[ \t]+\w{1,20}[ \t]+)?INTO|UPDATE|DELETE[ \t]+FROM|SELECT[^;'\"`]{1,300}?\bFROM)[ \t\n]{1,20}[\"`\[]?(?P<table>[A-Za-z_]\w{0,100})",
    re.IGNORECASE,
)
_SQL_TABLE_CREATE = re.compile(
    r"\bCREATE[ \t]+(?:TEMP(?:ORARY)?[ \t]+)?TABLE[ \t]+(?:IF[ \t]+NOT[ \t]+EXISTS[ \t]+)?[\"`\[]?(?:\w{1,100}\.)?(?P<table>[A-Za-z_]\w{0,100})", re.IGNORECASE
)
#: Schema made another way than CREATE TABLE: an ORM's create/sync, migrations, a schema file, an executescript of a file.
_SCHEMA_ELSEWHERE = re.compile(
    r"\bcreate_all\(|\.sync\(|\bmigrat|\bexecutescript\(|\.exec\([ \t]*(?:schema|sql|fs\.)|readFileSync\([^)]{0,200}\.sql|\.sql['\"]|\bsynchronize[ \t]*:[ \t]*true|Base\.metadata|SQLModel\.metadata|\bdb\.create_tables\(|\bgenerate_schemas",
    re.IGNORECASE,
)


@rule("RC323", "data.schema.missing_table", signals={"http", "static"}, confidence=INFERENCE)
def tables_never_created(facts: Facts) -> Verdict | None:
    """The code reads and writes SQL tables it never creates.

    Detects code (Python or JavaScript, read as text) whose SQL strings insert into, update or
    select from a table that no ``CREATE TABLE`` in the run's code creates and no ORM sync or
    migration sets up, in a run where requests fail with 500: the database starts empty, so the
    first statement on that table fails, often without the error reaching the log. Only runs that
    carry their whole code (``files``) are read; a patch may not show the file that creates the schema.

    Fires on: ``POST recipe upload not ok: 500`` with ``INSERT INTO recipes ...`` and no ``CREATE TABLE`` in ``app.js``.
    Does not fire on: the same code with ``db.run("CREATE TABLE IF NOT EXISTS recipes (...)")``.
    """
    crashed = [r for r in facts.failing_requests if r.status is not None and r.status >= 500]
    if not crashed or not facts.whole_files:
        return None  # a patch or a trajectory shows only part of the code: the schema may be elsewhere
    used: dict[str, Evidence] = {}
    created: set[str] = set()
    for path, text in facts.files.items():
        if not isinstance(text, str) or not path.endswith((".py", ".js", ".mjs", ".cjs", ".ts")):
            continue
        text = text[:MAX_CODE_CHARS]
        if _SCHEMA_ELSEWHERE.search(text):
            return None
        created.update(m.group("table").lower() for m in _SQL_TABLE_CREATE.finditer(text))
        for m in _SQL_TABLE_USE.finditer(text):
            table = m.group("table").lower()
            if table not in used and table not in ("select", "where", "set", "values", "sqlite_master", "information_schema", "dual"):
                line = text.count("\n", 0, m.start()) + 1
                used[table] = Evidence(
                    kind="static", text=f"table {m.group('table')} is used but never created: {text.splitlines()[line - 1].strip()[:160]}", path=path, line=line
                )
    missing = [e for table, e in used.items() if table not in created]
    if not missing:
        return None
    verdict = requests_verdict(crashed)
    return Verdict(evidence=[*verdict.evidence, missing[0]], position=verdict.position)


_MAKES_FOLDERS = re.compile(r"\b(?:makedirs|mkdirSync|mkdir|mkdirp|ensureDir)\b")
_NO_SUCH_PATH = re.compile(
    r"No such file or directory: '(?P<path>(?!/)[^'\n]{1,300}/[^'\n]{1,200})'|ENOENT: no such file or directory, open '(?P<js>[^'\n]{1,300})'"
)


@rule("RC324", "data.schema", signals={"traceback", "static"}, confidence=INFERENCE)
def storage_folder_never_created(facts: Facts) -> Verdict | None:
    """A handler writes files into a folder the application never creates.

    Detects ``FileNotFoundError: ... No such file or directory: 'uploads/x.png'`` (or Node's
    ``ENOENT ... open``) raised while serving a request, for a relative path under a folder that
    no ``os.makedirs``/``mkdir`` in the run's code creates: the storage the API depends on was
    never initialised, like a table never created.

    Fires on: ``FileNotFoundError: [Errno 2] No such file or directory: 'profile_photos/user1.png'`` and no ``makedirs`` in ``app.py``.
    Does not fire on: the same error at start-up (RC109), or for a folder the code creates.
    """
    exc = find_exception(facts, message=_NO_SUCH_PATH, where=lambda e: e.deepest_project_frame is not None or not e.frames)
    if exc is None or exc.deepest_project_frame is not None and exc.deepest_project_frame.function == "<module>":
        return None
    m = _NO_SUCH_PATH.search(exc.message)
    path = (m.group("path") or m.group("js") or "") if m else ""
    folder = path.rsplit("/", 1)[0].lstrip("./") if "/" in path else ""
    if not folder or not facts.files:
        return None
    if code_evidence(facts, _MAKES_FOLDERS) is not None:
        return None
    return exception_verdict(exc)


RULES = (
    tables_never_created,
    storage_folder_never_created,
    detached_instance,
    missing_greenlet,
    multiple_results_for_one,
    connections_not_returned,
    session_or_connection_misuse,
    unknown_orm_field,
    association_not_defined,
    driver_rejects_value,
    sync_orm_call_in_async_view,
    error_raised_in_data_layer,
    table_never_created,
    column_missing_from_schema,
    integrity_violation,
    operator_of_another_dialect,
    malformed_sql,
    wrong_value_bound_into_query,
    list_filters_fail_while_writes_work,
    list_bound_to_one_placeholder,
    limit_without_order_by,
    read_answers_wrong_rows,
)

__all__ = ["RULES"]
