"""SQL checks (SQ301-SQ308) on sample projects, clean and with one seeded defect each."""

from __future__ import annotations

from pathlib import Path

import pytest

from rootcause.code.project import Project
from rootcause.code.sql_checks import check_sql, find_placeholders, infer_database, mask_sql

PROJECTS = Path(__file__).parent / "projects"


def load(name: str) -> dict[str, str]:
    root = PROJECTS / name
    return {p.relative_to(root).as_posix(): p.read_text() for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def seeded(name: str, path: str, old: str, new: str) -> dict[str, str]:
    files = load(name)
    assert files[path].count(old) == 1, f"{old!r} must occur once in {path}"
    files[path] = files[path].replace(old, new)
    return files


def summary(findings) -> list[tuple[str, str, str, int]]:
    return [(f.rule, f.root_cause, f.path, f.line) for f in findings]


# --- clean projects --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["sql_sqlite_raw", "sql_postgres_raw"])
def test_clean_projects_have_no_findings(name):
    assert check_sql(Project.from_path(PROJECTS / name)) == []


def test_dialect_is_inferred_from_the_driver_import():
    lite = infer_database(Project.from_path(PROJECTS / "sql_sqlite_raw"))
    assert lite.dialect == "sqlite" and lite.driver_style == "qmark"
    assert lite.dialect_facts == ["dialect sqlite: the code imports aiosqlite (app/db.py)"]
    pg = infer_database(Project.from_path(PROJECTS / "sql_postgres_raw"))
    assert pg.dialect == "postgres" and pg.driver_style == "numeric"
    assert pg.dialect_facts == ["dialect postgres: the code imports asyncpg (app/db.py)"]


# --- seeded defects ----------------------------------------------------------------------------
USERS, ARTICLES = "app/repositories/users.py", "app/repositories/articles.py"
SQLITE_CASES = [
    # (old, new) in path -> exactly this finding
    pytest.param(USERS, "email, bio FROM users", "email, biography FROM users", ("SQ303", "data.schema.missing_column", 3), id="constant-missing-column"),
    pytest.param(
        ARTICLES, "        JOIN users u ON u.id = a.author_id\n        WHERE", "        WHERE", ("SQ303", "data.query.sql_text", 42), id="undeclared-alias"
    ),
    pytest.param(USERS, "FROM users WHERE username LIKE ?", "FROM user WHERE username LIKE ?", ("SQ302", "data.schema.missing_table", 34), id="missing-table"),
    pytest.param(ARTICLES, "(slug, author_id))", "(slug,))", ("SQ308", "data.orm.driver_type", 87), id="too-few-bindings"),
    pytest.param(ARTICLES, '[(1, "python"), (2, "sql")]', '[(1, "python"), (2,)]', ("SQ308", "data.orm.driver_type", 75), id="executemany-row-short"),
    pytest.param(USERS, "VALUES (?, ?, ?)", "VALUES (%s, %s, %s)", ("SQ307", "data.query.dialect", 21), id="format-placeholders-on-sqlite"),
    pytest.param(USERS, "username LIKE ?", "username ILIKE ?", ("SQ306", "data.query.dialect", 34), id="ilike-on-sqlite"),
    pytest.param(ARTICLES, "SELECT COUNT(*) AS total", "SELECT id, COUNT(*) AS total", ("SQ304", "data.query.sql_text", 40), id="ambiguous-column"),
    pytest.param(ARTICLES, 'AND author_id = ?"', 'AND author_id = ? AND"', ("SQ301", "data.query.sql_text", 87), id="does-not-parse"),
    pytest.param(
        ARTICLES,
        "INSERT INTO article_tags (article_id, tag_id)",
        "INSERT INTO article_tags (article, tag_id)",
        ("SQ303", "data.schema.missing_column", 59),
        id="insert-column",
    ),
    pytest.param(
        ARTICLES,
        "LEFT JOIN tags t ON t.id = at.tag_id",
        "LEFT JOIN tags t ON t.id = at.tag",
        ("SQ303", "data.schema.missing_column", 10),
        id="join-column-via-alias",
    ),
    pytest.param("app/db.py", "REFERENCES users(id),\n", "REFERENCES users(id)\n", ("SQ301", "data.query.sql_text", 13), id="ddl-missing-comma"),
]


@pytest.mark.parametrize("path, old, new, expected", SQLITE_CASES)
def test_sqlite_seeded_defect(path, old, new, expected):
    findings = check_sql(Project.from_files(seeded("sql_sqlite_raw", path, old, new)))
    rule, root_cause, line = expected
    assert summary(findings) == [(rule, root_cause, path, line)], [f.message for f in findings]
    f = findings[0]
    assert f.column >= 1 and f.message and any(x.startswith("dialect sqlite") for x in f.facts)


REPO_A, REPO_U = "app/repo/articles.py", "app/repo/users.py"
PG_CASES = [
    pytest.param(REPO_A, "GROUP BY a.id, u.username", "GROUP BY a.id", ("SQ305", "data.query.sql_text", 4), id="group-by"),
    pytest.param(
        REPO_A,
        'WHERE $1 = ANY(tags) OR tags @> ARRAY[$1]::text[]", tag',
        'WHERE ? = ANY(tags)", tag',
        ("SQ307", "data.query.dialect", 23),
        id="qmark-on-asyncpg",
    ),
    pytest.param(REPO_U, "WHERE username = $1", "WHERE username = :username", ("SQ307", "data.query.dialect", 3), id="named-on-asyncpg"),
    pytest.param(
        REPO_A, "json_agg(json_build_object('slug', slug, 'title', title))", "GROUP_CONCAT(slug)", ("SQ306", "data.query.dialect", 49), id="group-concat-on-pg"
    ),
    pytest.param(
        "app/db.py",
        "        id SERIAL PRIMARY KEY,\n        username",
        "        id INTEGER PRIMARY KEY AUTOINCREMENT,\n        username",
        ("SQ306", "data.query.dialect", 12),
        id="autoincrement-in-ddl-list",
    ),
    pytest.param(REPO_U, "user_id, email, bio,\n", "user_id, email,\n", ("SQ308", "data.orm.driver_type", 26), id="too-few-args"),
    pytest.param(
        REPO_A,
        '"SELECT c.id, c.body, u.username FROM comments c JOIN users u ON u.id = c.author_id "',
        '"SELECT c.id, c.body, u.username FROM comments c "',
        ("SQ303", "data.query.sql_text", 85),
        id="undeclared-alias",
    ),
    pytest.param(REPO_A, "FROM comments c JOIN", "FROM comment c JOIN", ("SQ302", "data.schema.missing_table", 85), id="missing-table"),
    pytest.param(REPO_A, '"SELECT c.id, c.body', '"SELECT id, c.body', ("SQ304", "data.query.sql_text", 85), id="ambiguous-column"),
    pytest.param(REPO_A, "VALUES ($1, $2, $3, $4, $5)\n", "VALUES ($1, $2, $3, $4, $5\n", ("SQ301", "data.query.sql_text", 61), id="does-not-parse"),
    pytest.param(
        REPO_A, "ORDER BY author_id, created_at DESC", "ORDER BY author_id, created_on DESC", ("SQ303", "data.schema.missing_column", 36), id="missing-column"
    ),
]


@pytest.mark.parametrize("path, old, new, expected", PG_CASES)
def test_postgres_seeded_defect(path, old, new, expected):
    findings = check_sql(Project.from_files(seeded("sql_postgres_raw", path, old, new)))
    rule, root_cause, line = expected
    assert summary(findings) == [(rule, root_cause, path, line)], [f.message for f in findings]
    assert any(x.startswith("dialect postgres") for x in findings[0].facts)


def test_positions_point_into_multiline_sql():
    files = seeded("sql_postgres_raw", REPO_A, "GROUP BY a.id, u.username", "GROUP BY a.id")
    (finding,) = check_sql(Project.from_files(files))
    line = files[REPO_A].splitlines()[finding.line - 1]
    assert line[finding.column - 1 :].startswith("u.username")
    assert "u.username" in finding.message and "GROUP BY" in finding.message


def test_group_by_is_not_reported_on_sqlite():
    files = seeded("sql_sqlite_raw", ARTICLES, "GROUP BY t.name", "GROUP BY x.tag_id")
    assert check_sql(Project.from_files(files)) == []


def test_group_by_on_the_primary_key_is_allowed_on_postgres():
    # FEED groups by a.id (the primary key) and selects a.slug, a.title: functional dependence
    assert check_sql(Project.from_path(PROJECTS / "sql_postgres_raw")) == []
    files = seeded("sql_postgres_raw", REPO_A, "GROUP BY a.id, u.username", "GROUP BY a.slug, u.username")
    assert [(f.rule, f.message.split(" is ")[0]) for f in check_sql(Project.from_files(files))] == [("SQ305", "column a.id")]


# --- robustness ----------------------------------------------------------------------------------
def test_a_file_that_does_not_parse_does_not_stop_the_others():
    files = seeded("sql_sqlite_raw", USERS, "FROM users WHERE username LIKE ?", "FROM user WHERE username LIKE ?")
    files["app/broken.py"] = 'def oops(:\n    db.execute("SELECT * FROM nowhere")\n'
    assert summary(check_sql(Project.from_files(files))) == [("SQ302", "data.schema.missing_table", USERS, 34)]


def test_fstring_placeholders_are_never_blamed():
    files = load("sql_sqlite_raw")
    files["app/repositories/extra.py"] = (
        "async def any_table(db, table, cols, where, ident):\n"
        '    await db.execute(f"SELECT * FROM {table} WHERE id = ?", (ident,))\n'
        '    await db.execute(f"SELECT {cols} FROM users WHERE id = ?", (ident,))\n'
        '    await db.execute(f"SELECT u.id FROM users u {where} AND x.flag = 1")\n'
        '    await db.execute(f"UPDATE users SET {cols} WHERE id = ?", (ident, ident, ident))\n'
        '    await db.execute(f"SELECT id FROM users_{table}")\n'
    )
    assert check_sql(Project.from_files(files)) == []


def test_fstring_static_parts_are_still_checked():
    files = load("sql_sqlite_raw")
    files["app/repositories/extra.py"] = 'async def by(db, column, value):\n    await db.execute(f"SELECT id FROM postings WHERE {column} = ?", (value,))\n'
    assert summary(check_sql(Project.from_files(files))) == [("SQ302", "data.schema.missing_table", "app/repositories/extra.py", 2)]


def test_no_declared_tables_means_no_table_findings():
    files = {"app.py": 'import sqlite3\n\ndef f(c):\n    return c.execute("SELECT nme FROM anything WHERE id = ?", (1,)).fetchall()\n'}
    assert check_sql(Project.from_files(files)) == []


def test_orm_without_extra_schema_keeps_table_checks_silent():
    files = load("sql_sqlite_raw")
    files["app/models.py"] = "from sqlalchemy.orm import DeclarativeBase\n\nclass Base(DeclarativeBase):\n    pass\n"
    files = {**files, USERS: files[USERS].replace("FROM users WHERE username LIKE ?", "FROM people WHERE username LIKE ?")}
    assert check_sql(Project.from_files(files)) == []


def test_extra_schema_adds_tables_and_columns():
    files = {"repo.py": ('import sqlite3\n\ndef get(conn, uid):\n    return conn.execute("SELECT id, nickname FROM people WHERE id = ?", (uid,)).fetchone()\n')}
    project = Project.from_files(files)
    assert summary(check_sql(project, extra_schema={"people": {"id", "nickname"}})) == []
    found = check_sql(project, extra_schema={"people": {"id", "name"}})
    assert summary(found) == [("SQ303", "data.schema.missing_column", "repo.py", 4)]
    assert "'nickname'" in found[0].message and "people" in found[0].message
    assert summary(check_sql(project, extra_schema={"users": {"id"}})) == [("SQ302", "data.schema.missing_table", "repo.py", 4)]


def test_dialect_argument_overrides_inference():
    found = check_sql(Project.from_path(PROJECTS / "sql_sqlite_raw"), dialect="postgres")
    assert {f.rule for f in found} == {"SQ306"}
    assert any("GROUP_CONCAT" in f.message for f in found) and any("AUTOINCREMENT" in f.message and f.path == "schema.sql" for f in found)
    assert all("dialect postgres: given by the caller" in f.facts for f in found)


def test_dialect_from_urls_and_conflicts():
    url_pg = Project.from_files({"settings.py": 'DATABASE_URL = "postgresql+asyncpg://u:p@db/app"\n'})
    assert infer_database(url_pg).dialect == "postgres"
    url_lite = Project.from_files({"settings.py": 'DATABASE_URL = "sqlite:///./app.db"\n'})
    assert infer_database(url_lite).dialect == "sqlite"
    both = Project.from_files({"a.py": "import sqlite3\n", "b.py": "import asyncpg\n"})
    facts = infer_database(both)
    assert facts.dialect is None and "both" in facts.dialect_facts[0]


PSYCOPG = {
    "schema.sql": "CREATE TABLE items (id SERIAL PRIMARY KEY, name TEXT NOT NULL, owner TEXT);\n",
    "app/store.py": (
        "import psycopg2\n\n"
        "def get(cur, item_id):\n"
        '    cur.execute("SELECT id, name FROM items WHERE id = %s", (item_id,))\n'
        "    return cur.fetchone()\n\n"
        "def by_owner(cur, owner):\n"
        '    cur.execute("SELECT id FROM items WHERE owner = %(owner)s", {"owner": owner})\n'
        "    return cur.fetchall()\n\n"
        "def rename(cur, item_id, name):\n"
        '    cur.execute("UPDATE items SET name = %s WHERE id = %s", (name, item_id))\n'
    ),
}


def test_psycopg_project_clean_and_seeded():
    assert check_sql(Project.from_files(PSYCOPG)) == []
    qmark = {**PSYCOPG, "app/store.py": PSYCOPG["app/store.py"].replace('WHERE id = %s", (item_id,)', 'WHERE id = ?", (item_id,)')}
    assert summary(check_sql(Project.from_files(qmark))) == [("SQ307", "data.query.dialect", "app/store.py", 4)]
    short = {**PSYCOPG, "app/store.py": PSYCOPG["app/store.py"].replace("(name, item_id))", "(name,))")}
    assert summary(check_sql(Project.from_files(short))) == [("SQ308", "data.orm.driver_type", "app/store.py", 12)]


def test_sqlalchemy_text_named_parameters_are_not_driver_placeholders():
    files = {
        "schema.sql": "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);\n",
        "app.py": (
            "import sqlite3\nfrom sqlalchemy import text\n\n"
            "def get(session, i):\n"
            '    return session.execute(text("SELECT id, name FROM items WHERE id = :id"), {"id": i}).all()\n'
        ),
    }
    assert check_sql(Project.from_files(files), extra_schema={}) == []


def test_project_wrapper_with_varargs_changes_binding_semantics():
    files = {
        "schema.sql": "CREATE TABLE items (id INTEGER PRIMARY KEY, name TEXT);\n",
        "db.py": (
            "import sqlite3\n\n"
            "class DB:\n"
            "    def __init__(self):\n"
            '        self.conn = sqlite3.connect("x.db")\n\n'
            "    def execute(self, sql, *args):\n"
            "        return self.conn.execute(sql, args)\n\n"
            "def rename(db, i, name):\n"
            '    db.execute("UPDATE items SET name = ? WHERE id = ?", name, i)\n'
        ),
    }
    assert check_sql(Project.from_files(files)) == []


def test_placeholder_translation_in_the_code_silences_style_checks():
    files = {
        "db.py": (
            "import asyncpg\n\n"
            "def to_pg(sql):\n"
            "    n = 0\n"
            "    while '?' in sql:\n"
            "        n += 1\n"
            "        sql = sql.replace('?', f'${n}', 1)\n"
            "    return sql\n\n"
            "async def get(conn, i):\n"
            '    return await conn.fetchrow(to_pg("SELECT 1 WHERE 1 = ?"), i)\n'
            "async def get2(conn, i):\n"
            '    return await conn.fetchrow("SELECT 1 WHERE 1 = ?", i)\n'
        )
    }
    assert check_sql(Project.from_files(files)) == []


def test_jsonb_question_mark_operator_is_not_a_placeholder():
    assert [p.text for p in find_placeholders(mask_sql("SELECT id FROM t WHERE meta ? 'k' AND id = $1"), "postgres")] == ["$1"]
    assert [p.text for p in find_placeholders(mask_sql("SELECT id FROM t WHERE name ILIKE ? AND n = ?||'x'"), "sqlite")] == ["?", "?"]
    assert find_placeholders(mask_sql("SELECT x::int, ':no', '%s' -- ?\nFROM t"), "postgres") == []


def test_strings_that_are_not_sql_are_ignored():
    files = {
        "schema.sql": "CREATE TABLE items (id INTEGER PRIMARY KEY);\n",
        "app.py": (
            'import sqlite3\n\ndef f(c, log):\n    log.execute("Update failed, retrying")\n    c.execute("delete me")\n    c.fetch("https://example.com")\n'
        ),
    }
    assert check_sql(Project.from_files(files)) == []


def test_sql_held_in_a_local_variable_is_checked():
    files = {
        "db.py": (
            "import psycopg\n\n"
            "def init(conn):\n"
            '    conn.execute("CREATE TABLE customers (id SERIAL PRIMARY KEY, name TEXT NOT NULL, city TEXT)")\n'
            '    conn.execute("CREATE TABLE orders (id SERIAL PRIMARY KEY, customer_id INT REFERENCES customers(id), total NUMERIC)")\n\n'
            "def sales(conn):\n"
            '    sql = """\n'
            "        SELECT c.name, c.city, SUM(o.total) AS revenue\n"
            "        FROM customers c JOIN orders o ON o.customer_id = c.id\n"
            "        GROUP BY c.name\n"
            '    """\n'
            "    return conn.execute(sql).fetchall()\n\n"
            "def maybe(conn, city):\n"
            '    sql = "SELECT name FROM customers"\n'
            "    if city:\n"
            '        sql += " WHERE city = %s AND nme = %s"\n'
            "    return conn.execute(sql, (city,)).fetchall()\n"
        )
    }
    found = check_sql(Project.from_files(files))
    assert summary(found) == [("SQ305", "data.query.sql_text", "db.py", 9)]
    assert "c.city" in found[0].message and "in sql, passed to conn.execute() at line 13" in found[0].facts


def test_keyword_values_are_not_columns():
    files = {
        "app.py": (
            "import asyncpg\n\n"
            "async def f(conn):\n"
            '    await conn.execute("CREATE TABLE audit (id SERIAL PRIMARY KEY, who TEXT, at TIMESTAMPTZ)")\n'
            '    await conn.execute("INSERT INTO audit (who, at) VALUES (CURRENT_USER, CURRENT_TIMESTAMP)")\n'
            "    return await conn.fetch(\"SELECT id FROM audit WHERE who = SESSION_USER AND at > LOCALTIMESTAMP - INTERVAL '1 day'\")\n"
        )
    }
    assert check_sql(Project.from_files(files)) == []
