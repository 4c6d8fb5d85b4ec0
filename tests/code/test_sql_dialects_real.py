"""The SQL rules' claims, checked against real databases.

SQLite (the stdlib ``sqlite3``) always runs. PostgreSQL runs when its server binaries
(``initdb``, ``pg_ctl``, ``psql``: Debian's ``postgresql`` package puts them in
``/usr/lib/postgresql/<version>/bin``) are found and a throw-away server starts on loopback
in a temporary directory; otherwise those tests are skipped. As root, the server runs as the
``postgres`` user through ``runuser``.

For each statement a rule flags, the database must reject it, and it must accept the fix,
which the rule leaves alone. The clean sample projects' SQL must all be accepted, and each
seeded variant of them that a SQL-level rule reports must be rejected.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import pytest

from rootcause.code.project import Project
from rootcause.code.sql_checks import (
    PG_ONLY,
    PG_ONLY_FUNCTIONS,
    SQLITE_ONLY,
    SQLITE_ONLY_FUNCTIONS,
    check_sql,
    collect_sql,
    find_placeholders,
    mask_sql,
    split_statements,
)

PROJECTS = Path(__file__).parent / "projects"

SQLITE_SCHEMA = [
    "CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT, tags TEXT, n INTEGER, created_at TEXT)",
    "CREATE TABLE u (id INTEGER PRIMARY KEY, name TEXT, t_id INTEGER REFERENCES t(id))",
]
PG_SCHEMA = [
    "CREATE TABLE t (id SERIAL PRIMARY KEY, name TEXT, tags TEXT[], meta JSONB, n INTEGER, created_at TIMESTAMPTZ)",
    "CREATE TABLE u (id SERIAL PRIMARY KEY, name TEXT, t_id INTEGER REFERENCES t(id))",
]


# ================================================================================================
# databases
# ================================================================================================
def sqlite_error(statements: list[str], params: tuple | dict = ()) -> str | None:
    """The error SQLite raises for the last statement (after the schema), or None."""
    conn = sqlite3.connect(":memory:")
    try:
        for ddl in SQLITE_SCHEMA:
            conn.execute(ddl)
        for stmt in statements[:-1]:
            conn.execute(stmt)
        try:
            conn.execute(statements[-1], params).fetchall()
        except sqlite3.Error as exc:
            return f"{type(exc).__name__}: {exc}"
        return None
    finally:
        conn.close()


def _pg_bindir() -> str | None:
    dirs = []
    found = shutil.which("pg_ctl")
    if found:
        dirs.append(os.path.dirname(os.path.realpath(found)))
    dirs += sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for d in dirs:
        if all(os.access(os.path.join(d, b), os.X_OK) for b in ("initdb", "pg_ctl", "psql", "postgres")):
            return d
    return None


class PostgresServer:
    def __init__(self, bindir: str) -> None:
        self.bindir = bindir
        self.tmp = tempfile.mkdtemp(prefix="rootcause-pg-")
        self.data = os.path.join(self.tmp, "data")
        self.log = os.path.join(self.tmp, "server.log")
        self.prefix: list[str] = []
        if os.geteuid() == 0:
            try:
                user = pwd.getpwnam("postgres")
            except KeyError:
                raise RuntimeError("running as root and there is no postgres user to run the server") from None
            if not shutil.which("runuser"):
                raise RuntimeError("running as root and runuser is missing")
            os.chown(self.tmp, user.pw_uid, user.pw_gid)
            self.prefix = ["runuser", "-u", "postgres", "--"]
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]

    def _run(self, *args: str, timeout: int = 120) -> subprocess.CompletedProcess:
        return subprocess.run([*self.prefix, *args], capture_output=True, text=True, timeout=timeout, cwd=self.tmp)

    def start(self) -> None:
        b = self.bindir
        done = self._run(f"{b}/initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
        if done.returncode:
            raise RuntimeError(f"initdb failed: {done.stderr[-500:]}")
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.tmp} -c fsync=off"
        done = self._run(f"{b}/pg_ctl", "-D", self.data, "-l", self.log, "-w", "-t", "60", "-o", options, "start")
        if done.returncode:
            log = Path(self.log).read_text() if os.path.exists(self.log) else ""
            raise RuntimeError(f"pg_ctl start failed: {done.stderr[-300:]} {log[-500:]}")

    def stop(self) -> None:
        try:
            self._run(f"{self.bindir}/pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", timeout=60)
        finally:
            shutil.rmtree(self.tmp, ignore_errors=True)

    def error(self, statements: list[str]) -> str | None:
        """Run the schema and statements in one transaction (rolled back); the first error, or None."""
        cmd = [
            f"{self.bindir}/psql",
            "-X",
            "-q",
            "-h",
            "127.0.0.1",
            "-p",
            str(self.port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            "BEGIN",
        ]
        for stmt in [*PG_SCHEMA, *statements]:
            cmd += ["-c", stmt]
        cmd += ["-c", "ROLLBACK"]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PG")}
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=60, env=env)
        if done.returncode == 0:
            return None
        return done.stderr.strip() or f"psql exit {done.returncode}"


@pytest.fixture(scope="module")
def pg():
    bindir = _pg_bindir()
    if bindir is None:
        pytest.skip("PostgreSQL server binaries (initdb, pg_ctl, psql) not found")
    try:
        server = PostgresServer(bindir)
        server.start()
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        pytest.skip(f"cannot start a PostgreSQL server: {exc}")
    deadline = time.time() + 30
    while server.error(["SELECT 1"]) is not None:
        if time.time() > deadline:
            server.stop()
            pytest.skip("PostgreSQL server did not answer")
        time.sleep(0.5)
    yield server
    server.stop()


# ================================================================================================
# the rules on one statement
# ================================================================================================
def rules_for(sql: str, dialect: str, params: str = "") -> list[str]:
    """Rules check_sql reports for ``sql`` run through the dialect's driver, with the test schema."""
    driver = "sqlite3" if dialect == "sqlite" else "asyncpg"
    schema = ";\n".join(SQLITE_SCHEMA if dialect == "sqlite" else PG_SCHEMA) + ";\n"
    call = f"conn.execute({sql!r}{', ' + params if params else ''})"
    files = {"schema.sql": schema, "app.py": f"import {driver}\n\n\ndef run(conn):\n    return {call}\n"}
    return [f.rule for f in check_sql(Project.from_files(files))]


# (label the rule uses, statement it flags, the fix); run on SQLite, where PostgreSQL syntax fails
SQLITE_REJECTS = [
    (
        "the @> containment operator",
        "SELECT id FROM t WHERE tags @> '[\"a\"]'",
        "SELECT id FROM t WHERE EXISTS (SELECT 1 FROM json_each(t.tags) WHERE value = 'a')",
    ),
    ("the <@ containment operator", "SELECT id FROM t WHERE tags <@ '[\"a\"]'", "SELECT id FROM t WHERE tags = '[\"a\"]'"),
    ("the ?| / ?& JSONB key operators", "SELECT id FROM t WHERE tags ?| 'a'", "SELECT id FROM t WHERE tags LIKE '%a%'"),
    ("ILIKE", "SELECT id FROM t WHERE name ILIKE 'a%'", "SELECT id FROM t WHERE name LIKE 'a%'"),
    ("a :: cast", "SELECT id::text FROM t", "SELECT CAST(id AS TEXT) FROM t"),
    ("DISTINCT ON", "SELECT DISTINCT ON (name) name, id FROM t", "SELECT name, MIN(id) FROM t GROUP BY name"),
    ("= ANY(...)", "SELECT id FROM t WHERE id = ANY('[1]')", "SELECT id FROM t WHERE id IN (SELECT value FROM json_each('[1]'))"),
]
# (label, statement, fix); run on PostgreSQL, where SQLite syntax fails
PG_REJECTS = [
    (
        "AUTOINCREMENT",
        "CREATE TABLE z (id INTEGER PRIMARY KEY AUTOINCREMENT, v TEXT)",
        "CREATE TABLE z (id INTEGER GENERATED ALWAYS AS IDENTITY PRIMARY KEY, v TEXT)",
    ),
    ("INSERT OR ...", "INSERT OR IGNORE INTO t (id, name) VALUES (1, 'a')", "INSERT INTO t (id, name) VALUES (1, 'a') ON CONFLICT DO NOTHING"),
    (
        "REPLACE INTO",
        "REPLACE INTO t (id, name) VALUES (1, 'a')",
        "INSERT INTO t (id, name) VALUES (1, 'a') ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name",
    ),
    ("PRAGMA", "PRAGMA foreign_keys = ON", "SET TIME ZONE 'UTC'"),
    ("GLOB", "SELECT id FROM t WHERE name GLOB 'a*'", "SELECT id FROM t WHERE name LIKE 'a%'"),
]
PG_FUNCTION_FIXES = {
    "group_concat": "SELECT STRING_AGG(name, ',') FROM t",
    "ifnull": "SELECT COALESCE(name, '') FROM t",
    "datetime": "SELECT NOW()",
    "strftime": "SELECT to_char(created_at, 'YYYY') FROM t",
    "instr": "SELECT strpos(name, 'a') FROM t",
    "json_group_array": "SELECT json_agg(name) FROM t",
    "json_extract": "SELECT meta->>'a' FROM t",
    "typeof": "SELECT pg_typeof(name) FROM t",
    "iif": "SELECT CASE WHEN n > 0 THEN 1 ELSE 2 END FROM t",
    "printf": "SELECT format('%s', name) FROM t",
}
SQLITE_FUNCTION_FIXES = {
    "array_agg": "SELECT GROUP_CONCAT(name) FROM t",
    "now": "SELECT CURRENT_TIMESTAMP",
    "json_agg": "SELECT json_group_array(name) FROM t",
    "json_build_object": "SELECT json_object('a', name) FROM t",
    "gen_random_uuid": "SELECT lower(hex(randomblob(16)))",
    "date_trunc": "SELECT date(created_at) FROM t",
    "to_char": "SELECT strftime('%Y', created_at) FROM t",
}


def test_every_dialect_pattern_has_a_real_database_case():
    assert {label for _, label in PG_ONLY} == {label for label, _, _ in SQLITE_REJECTS}
    assert {label for _, label in SQLITE_ONLY} == {label for label, _, _ in PG_REJECTS}


@pytest.mark.parametrize("label, flagged, fix", SQLITE_REJECTS, ids=[c[0] for c in SQLITE_REJECTS])
def test_postgres_syntax_fails_on_sqlite(label, flagged, fix):
    assert sqlite_error([flagged]) is not None
    assert sqlite_error([fix]) is None
    assert rules_for(flagged, "sqlite") == ["SQ306"]
    assert rules_for(fix, "sqlite") == []


@pytest.mark.parametrize("name", sorted(PG_ONLY_FUNCTIONS))
def test_postgres_functions_missing_from_sqlite(name):
    stmt = f"SELECT {name}(name) FROM t"
    assert "no such function" in (sqlite_error([stmt]) or "")
    assert rules_for(stmt, "sqlite") == ["SQ306"]
    if name in SQLITE_FUNCTION_FIXES:
        assert sqlite_error([SQLITE_FUNCTION_FIXES[name]]) is None
        assert rules_for(SQLITE_FUNCTION_FIXES[name], "sqlite") == []


def test_string_agg_depends_on_the_sqlite_version_so_it_is_not_flagged():
    # SQLite added string_agg in 3.44: whether it fails depends on the library, so no rule claims it.
    missing = sqlite_error(["SELECT STRING_AGG(name, ',') FROM t"]) is not None
    assert missing == (sqlite3.sqlite_version_info < (3, 44, 0))
    assert rules_for("SELECT STRING_AGG(name, ',') FROM t", "sqlite") == []


@pytest.mark.parametrize("label, flagged, fix", PG_REJECTS, ids=[c[0] for c in PG_REJECTS])
def test_sqlite_syntax_fails_on_postgres(pg, label, flagged, fix):
    assert pg.error([flagged]) is not None
    assert pg.error([fix]) is None, pg.error([fix])
    assert rules_for(flagged, "postgres") == ["SQ306"]
    assert rules_for(fix, "postgres") == []


@pytest.mark.parametrize("name", sorted(SQLITE_ONLY_FUNCTIONS))
def test_sqlite_functions_missing_from_postgres(pg, name):
    stmt = f"SELECT {name}(name) FROM t"
    assert "does not exist" in (pg.error([stmt]) or "")
    assert rules_for(stmt, "postgres") == ["SQ306"]
    if name in PG_FUNCTION_FIXES:
        assert pg.error([PG_FUNCTION_FIXES[name]]) is None, pg.error([PG_FUNCTION_FIXES[name]])
        assert rules_for(PG_FUNCTION_FIXES[name], "postgres") == []


def test_date_now_is_fine_on_postgres(pg):
    # a function-style cast in PostgreSQL, so date('now') is not on the SQLite-only list
    assert pg.error(["SELECT date('now')"]) is None
    assert rules_for("SELECT date('now')", "postgres") == []


# --- SQL-level rules that both databases agree on ---------------------------------------------------
BOTH = [
    ("SQ301", "SELECT * FROM t WHERE", "SELECT * FROM t"),
    ("SQ302", "SELECT id FROM nope", "SELECT id FROM t"),
    ("SQ303", "SELECT nam FROM t", "SELECT name FROM t"),
    ("SQ303", "SELECT x.name FROM t", "SELECT t.name FROM t"),
    ("SQ303", "INSERT INTO t (id, nam) VALUES (1, 'a')", "INSERT INTO t (id, name) VALUES (1, 'a')"),
    ("SQ303", "SELECT t.id FROM t JOIN u ON u.t_idx = t.id", "SELECT t.id FROM t JOIN u ON u.t_id = t.id"),
    ("SQ304", "SELECT id FROM t JOIN u ON u.t_id = t.id", "SELECT t.id FROM t JOIN u ON u.t_id = t.id"),
    ("SQ304", "SELECT id, t.name FROM t JOIN u ON u.id = t.id", "SELECT id, t.name FROM t JOIN u USING (id)"),
]


@pytest.mark.parametrize("rule, flagged, fix", BOTH, ids=[f"{c[0]}-{i}" for i, c in enumerate(BOTH)])
def test_sql_rules_on_sqlite(rule, flagged, fix):
    assert sqlite_error([flagged]) is not None
    assert sqlite_error([fix]) is None
    assert rules_for(flagged, "sqlite") == [rule]
    assert rules_for(fix, "sqlite") == []


@pytest.mark.parametrize("rule, flagged, fix", BOTH, ids=[f"{c[0]}-{i}" for i, c in enumerate(BOTH)])
def test_sql_rules_on_postgres(pg, rule, flagged, fix):
    assert pg.error([flagged]) is not None
    assert pg.error([fix]) is None, pg.error([fix])
    assert rules_for(flagged, "postgres") == [rule]
    assert rules_for(fix, "postgres") == []


GROUP_BY = [
    ("SELECT name, COUNT(*) FROM t", "SELECT name, COUNT(*) FROM t GROUP BY name"),
    ("SELECT t.name, COUNT(u.id) FROM t JOIN u ON u.t_id = t.id GROUP BY t.n", "SELECT t.name, COUNT(u.id) FROM t JOIN u ON u.t_id = t.id GROUP BY t.name"),
    # grouped by the primary key: the other columns of t are functionally dependent
    (
        "SELECT t.name, u.name, COUNT(*) FROM t JOIN u ON u.t_id = t.id GROUP BY t.id",
        "SELECT t.id, t.name, COUNT(u.id) FROM t JOIN u ON u.t_id = t.id GROUP BY t.id",
    ),
]


@pytest.mark.parametrize("flagged, fix", GROUP_BY)
def test_group_by_is_postgres_only(pg, flagged, fix):
    assert "must appear in the GROUP BY clause" in (pg.error([flagged]) or "")
    assert pg.error([fix]) is None
    assert rules_for(flagged, "postgres") == ["SQ305"]
    assert rules_for(fix, "postgres") == []
    # SQLite runs both, and the rule stays silent there
    assert sqlite_error([flagged]) is None and sqlite_error([fix]) is None
    assert rules_for(flagged, "sqlite") == []


# --- placeholders and bindings -----------------------------------------------------------------------
def test_format_placeholders_fail_in_sqlite3():
    assert "syntax error" in (sqlite_error(["SELECT id FROM t WHERE id = %s"], (1,)) or "")
    assert sqlite_error(["SELECT id FROM t WHERE id = ?"], (1,)) is None
    assert sqlite_error(["SELECT id FROM t WHERE id = :id"], {"id": 1}) is None
    assert rules_for("SELECT id FROM t WHERE id = %s", "sqlite", "(1,)") == ["SQ307"]
    assert rules_for("SELECT id FROM t WHERE id = %(id)s", "sqlite", "{'id': 1}") == ["SQ307"]
    assert rules_for("SELECT id FROM t WHERE id = ?", "sqlite", "(1,)") == []
    assert rules_for("SELECT id FROM t WHERE id = :id", "sqlite", "{'id': 1}") == []


def test_numbered_dollar_placeholders_bind_in_sqlite3_so_they_are_not_flagged():
    # sqlite3 reads $1 as a named parameter and, up to Python 3.13, binds a sequence to it
    # positionally (a DeprecationWarning from 3.12): not a sure failure, so no rule claims it.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        error = sqlite_error(["SELECT id FROM t WHERE id = $1"], (1,))
    if sys.version_info < (3, 14):
        assert error is None
    assert rules_for("SELECT id FROM t WHERE id = $1", "sqlite", "(1,)") == []


@pytest.mark.parametrize("flagged", ["SELECT id FROM t WHERE id = ?", "SELECT id FROM t WHERE id = %s", "SELECT id FROM t WHERE id = :id"])
def test_foreign_placeholders_fail_in_postgres(pg, flagged):
    # asyncpg prepares the statement on the server as written: the server rejects these
    assert "syntax error" in (pg.error([f"PREPARE q AS {flagged}"]) or "")
    assert pg.error(["PREPARE q AS SELECT id FROM t WHERE id = $1"]) is None
    assert rules_for(flagged, "postgres", "1") == ["SQ307"]
    assert rules_for("SELECT id FROM t WHERE id = $1", "postgres", "1") == []


def test_binding_count_in_sqlite3():
    stmt = "SELECT id FROM t WHERE id = ? AND name = ?"
    assert "Incorrect number of bindings" in (sqlite_error([stmt], (1,)) or "")
    assert sqlite_error([stmt], (1, "a")) is None
    assert rules_for(stmt, "sqlite", "(1,)") == ["SQ308"]
    assert rules_for(stmt, "sqlite", "(1, 'a')") == []


def test_binding_count_in_postgres(pg):
    prepare = "PREPARE q AS SELECT id FROM t WHERE id = $1 AND name = $2"
    assert "wrong number of parameters" in (pg.error([prepare, "EXECUTE q(1)"]) or "")
    assert pg.error([prepare, "EXECUTE q(1, 'a')"]) is None
    assert rules_for("SELECT id FROM t WHERE id = $1 AND name = $2", "postgres", "1") == ["SQ308"]
    assert rules_for("SELECT id FROM t WHERE id = $1 AND name = $2", "postgres", "1, 'a'") == []


# ================================================================================================
# the sample projects' own SQL
# ================================================================================================
def project_statements(files: dict[str, str], dialect: str) -> dict[tuple[str, str], list[str]]:
    """Every statement the code hands to the database (f-strings left out), keyed by (path, text)."""
    out: dict[tuple[str, str], list[str]] = {}
    for collector in collect_sql(Project.from_files(files)):
        for site in collector.sites:
            if site.is_fstring:
                continue
            masked = mask_sql(site.sql)
            out[(site.path, site.sql)] = [s.strip() for _, s in split_statements(site.sql, masked)]
    return out


def load(name: str) -> dict[str, str]:
    root = PROJECTS / name
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def sqlite_project_error(files: dict[str, str], stmt: str) -> str | None:
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(files["schema.sql"])
        conn.executescript(
            "CREATE TABLE IF NOT EXISTS favorites (user_id INTEGER NOT NULL REFERENCES users(id), "
            "article_id INTEGER NOT NULL REFERENCES articles(id), PRIMARY KEY (user_id, article_id))"
        )
        holes = find_placeholders(mask_sql(stmt), "sqlite")
        named = {p.name: None for p in holes if p.style == "named"}
        params = named if named else tuple(None for p in holes if p.style == "qmark")
        try:
            conn.execute("EXPLAIN " + stmt, params)  # compiled, not run: names, syntax, functions
        except sqlite3.Error as exc:
            return f"{type(exc).__name__}: {exc}"
        return None
    finally:
        conn.close()


def test_sqlite_sample_project_sql_is_accepted_by_sqlite():
    files = load("sql_sqlite_raw")
    statements = [s for stmts in project_statements(files, "sqlite").values() for s in stmts]
    assert len(statements) >= 15
    for stmt in statements:
        assert sqlite_project_error(files, stmt) is None, stmt


def _pg_project_script(files: dict[str, str]) -> tuple[list[str], list[str]]:
    """(DDL, other statements) of the asyncpg sample project."""
    ddl, other = [], []
    for stmts in project_statements(files, "postgres").values():
        for stmt in stmts:
            (ddl if stmt.upper().startswith("CREATE") else other).append(stmt)
    return ddl, other


def pg_project_error(pg, files: dict[str, str], statements: list[str]) -> str | None:
    ddl, _ = _pg_project_script(files)
    prepared = [stmt if stmt.upper().startswith(("CREATE", "EXECUTE")) else f"PREPARE q{i} AS {stmt}" for i, stmt in enumerate(statements)]
    # the sample project's own tables replace the test schema's t and u
    return pg.error(["DROP TABLE u", "DROP TABLE t", *ddl, *prepared])


def test_postgres_sample_project_sql_is_accepted_by_postgres(pg):
    files = load("sql_postgres_raw")
    ddl, other = _pg_project_script(files)
    assert len(ddl) == 3 and len(other) >= 12
    assert pg_project_error(pg, files, other) is None


def _changed_statements(name: str, path: str, old: str, new: str, dialect: str) -> list[str]:
    clean = load(name)
    seeded = dict(clean)
    seeded[path] = clean[path].replace(old, new)
    before = {s for stmts in project_statements(clean, dialect).values() for s in stmts}
    after = [s for stmts in project_statements(seeded, dialect).values() for s in stmts]
    return [s for s in after if s not in before]


def _sql_level_cases(module_cases, rules=("SQ301", "SQ302", "SQ303", "SQ304", "SQ305", "SQ306")):
    return [c for c in module_cases if c.values[3][0] in rules]


def _load_cases():
    import importlib.util

    spec = importlib.util.spec_from_file_location("_sql_check_cases", Path(__file__).with_name("test_sql_checks.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.SQLITE_CASES, module.PG_CASES


_SQLITE_CASES, _PG_CASES = _load_cases()


@pytest.mark.parametrize("path, old, new, expected", _sql_level_cases(_SQLITE_CASES))
def test_sqlite_seeded_variants_are_rejected_by_sqlite(path, old, new, expected):
    files = load("sql_sqlite_raw")
    changed = _changed_statements("sql_sqlite_raw", path, old, new, "sqlite")
    assert changed
    assert any(sqlite_project_error(files, stmt) is not None for stmt in changed), changed


@pytest.mark.parametrize("path, old, new, expected", _sql_level_cases(_PG_CASES) + _sql_level_cases(_PG_CASES, ("SQ307", "SQ308")))
def test_postgres_seeded_variants_are_rejected_by_postgres(pg, path, old, new, expected):
    changed = _changed_statements("sql_postgres_raw", path, old, new, "postgres")
    seeded = load("sql_postgres_raw")
    seeded[path] = seeded[path].replace(old, new)
    if expected[0] == "SQ308":
        # asyncpg checks the count before sending; the server's own check is EXECUTE with too few values
        stmt = next(s for stmts in project_statements(seeded, "postgres").values() for s in stmts if "COALESCE($2, email)" in s)
        error = pg_project_error(pg, seeded, [stmt, "EXECUTE q0(1, 'e')"])
        assert "wrong number of parameters" in (error or "")
        return
    assert changed
    error = pg_project_error(pg, seeded, changed)
    assert error is not None, changed
