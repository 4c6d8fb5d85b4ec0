"""The corpus build's constraint verifier: layering, required ORM and required database.

The study ran static verifiers on each patch besides the Newman suite; a run whose
verifier reported a violated constraint counted as failed even when every request
passed. :func:`verify` plays that part for the corpus apps. It only parses the files
(``ast``), never imports them, and returns one message per violation, worded as the
study's verifier printed them. An empty list means every constraint holds.

Rules (the reference apps satisfy all of them on both databases):

* layered architecture: routes (``routes/`` or ``views/``) -> services -> repositories
  -> models. Routes may import services only, services repositories and models,
  repositories models only, models no other layer. Imports under ``if TYPE_CHECKING:``
  do not count. A route that queries the database itself (session ``execute``/``scalars``,
  Django ``.objects``, a raw connection's ``fetch_*``) skips the layers too.
* ORM required (every stack but ``aiohttp_raw_sql``, whose design is raw SQL): no SQL
  statement that reads or writes a table is run as text (``text(...)``, ``cursor.execute``,
  ``.raw(...)``, ``exec_driver_sql``) and no bare DB-API driver is imported by a layer.
  A connectivity probe such as ``SELECT 1`` touches no table and is allowed.
* required database: nothing connects to the other database unconditionally. A SQLite URL
  used as the fallback of an environment lookup (``os.environ.get(...) or DEFAULT``, a
  ``DEFAULT_*`` constant) is a default, not a connection, and is allowed.

The Node.js apps (``NODE_STACKS``) are not verified: :func:`verify` returns no violation for
them (the rules above read Python only, and no Node operator injects a constraint violation),
so a Node mutant fails on its requests or its startup alone.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator, Mapping

__all__ = ["verify", "layer_of"]

LAYERS = ("routes", "services", "repositories", "models")
_FOLDERS = {"routes": "routes", "views": "routes", "services": "services", "repositories": "repositories", "models": "models"}
#: Which layers each layer may import (besides its own).
_ALLOWED = {"routes": {"services"}, "services": {"repositories", "models"}, "repositories": {"models"}, "models": set()}
_ALLOWED_TEXT = {
    "routes": "routes may only import services",
    "services": "services may only import repositories and models",
    "repositories": "repositories may only import models",
    "models": "models may not import other layers",
}
_RAW_STACK = "aiohttp_raw_sql"
#: The Node.js reference apps (``operators.base.NODE_STACKS``), which this verifier does not judge.
_NODE_STACKS = ("express_raw_sql", "fastify_sequelize", "hono_raw_sql", "koa_sequelize")

#: Calls that run a statement on a session, cursor or raw connection.
_QUERY_CALLS = {"execute", "executemany", "scalars", "scalar", "fetch_one", "fetch_all", "fetchrow", "fetchval", "fetch", "exec_driver_sql", "raw", "query"}
_SQL_TEXT_CALLS = {"text", "execute", "executemany", "exec_driver_sql", "raw", "fetch_one", "fetch_all", "fetchrow", "fetchval", "fetch"}
_QUERY_BUILDERS = {"select", "insert", "update", "delete", "text", "func", "and_", "or_", "exists"}
_DRIVERS = {"sqlite3", "aiosqlite", "psycopg", "psycopg2", "asyncpg", "pymysql", "MySQLdb"}
_TABLE_SQL = re.compile(r"^\s*(SELECT|INSERT|UPDATE|DELETE|WITH|REPLACE)\b.*?\b(FROM|INTO|UPDATE|JOIN)\s+[\"`]?[A-Za-z_]", re.I | re.S)
_CONNECT_CALLS = {"create_engine", "create_async_engine", "make_engine", "init_db", "Database", "database_from_url", "connect", "create_pool"}
_URL_KEYWORDS = {"url", "database_url", "dsn", "database", "db_url", "DATABASE_URL", "SQLALCHEMY_DATABASE_URI"}
_URL_NAMES = {"database_url", "db_url", "DATABASE_URL", "SQLALCHEMY_DATABASE_URI", "DB_URL"}
_ENV_CALLS = {"get", "getenv", "setdefault"}


def layer_of(path: str) -> str | None:
    """The layer a file belongs to, from its folders (``conduit/models.py`` is the models layer)."""
    parts = path.split("/")
    for part in reversed(parts[:-1]):
        if part in _FOLDERS:
            return _FOLDERS[part]
    stem = parts[-1].rsplit(".", 1)[0]
    return "models" if stem == "models" else None


def _module_layer(module: str) -> str | None:
    parts = module.split(".")
    for part in reversed(parts):
        if part in _FOLDERS:
            return _FOLDERS[part]
    return None


def _package(path: str) -> list[str]:
    """The package a module sits in, as name parts (``conduit/routes/x.py`` -> conduit, routes)."""
    return path[:-3].split("/")[:-1]


def _resolve(path: str, node: ast.ImportFrom) -> list[str]:
    """Absolute module names an ``from ... import`` refers to (the module and ``module.name``)."""
    if node.level:
        base = _package(path)
        base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
        prefix = ".".join(base + ([node.module] if node.module else []))
    else:
        prefix = node.module or ""
    if node.module:
        return [prefix]
    return [f"{prefix}.{a.name}" if prefix else a.name for a in node.names]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _walk(tree: ast.AST) -> Iterator[ast.AST]:
    """Every node except those under ``if TYPE_CHECKING:``."""
    stack = [tree]
    while stack:
        node = stack.pop()
        yield node
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.If) and _is_type_checking(child.test):
                stack.extend(child.orelse)
                continue
            stack.append(child)


def _call_name(node: ast.Call) -> str:
    func = node.func
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


def _strings(tree: ast.AST) -> dict[str, str]:
    """Names assigned a string constant anywhere in a module (``sql = "SELECT ..."``)."""
    out: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
            text = _text(node.value, {})
            if text is None:
                continue
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    out[target.id] = text
    return out


def _text(node: ast.AST | None, names: Mapping[str, str], strict: bool = False) -> str | None:
    """The text of a string expression (constant parts of f-strings and concatenations).

    ``strict``: only a whole literal (a URL rewritten from a variable is not one).
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "x" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _text(node.left, names, strict), _text(node.right, names, strict)
        if strict and (left is None or right is None):
            return None
        if left is not None or right is not None:
            return (left or "") + (right or "")
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Call) and _call_name(node) == "text" and node.args:
        return _text(node.args[0], names)
    return None


# ----------------------------------------------------------------------------- layering


def _layering(path: str, tree: ast.AST, layer: str) -> list[str]:
    out: list[str] = []
    for node in _walk(tree):
        targets: list[str] = []
        if isinstance(node, ast.ImportFrom):
            targets = _resolve(path, node)
        elif isinstance(node, ast.Import):
            targets = [a.name for a in node.names]
        for target in targets:
            other = _module_layer(target)
            if other is None or other == layer or other in _ALLOWED[layer]:
                continue
            out.append(f"constraint violated: layered architecture: {path} imports {target} ({_ALLOWED_TEXT[layer]})")
        if layer != "routes":
            continue
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "").split(".")[0] == "sqlalchemy":
            built = sorted(a.name for a in node.names if a.name in _QUERY_BUILDERS)
            if built:
                out.append(
                    f"constraint violated: layered architecture: {path}:{node.lineno} builds queries with sqlalchemy {', '.join(built)} (routes may only call services)"
                )
        if isinstance(node, ast.ImportFrom) and not node.level and (node.module or "") in ("django.db", "django.db.models"):
            out.append(f"constraint violated: layered architecture: {path}:{node.lineno} imports {node.module} (routes may only call services)")
        if isinstance(node, ast.Call) and _call_name(node) in _QUERY_CALLS:
            out.append(f"constraint violated: layered architecture: {path}:{node.lineno} queries the database directly (routes may only call services)")
        if isinstance(node, ast.Attribute) and node.attr == "objects":
            out.append(f"constraint violated: layered architecture: {path}:{node.lineno} queries the database directly (routes may only call services)")
    return out


# ----------------------------------------------------------------------------- ORM


def _raw_sql(path: str, tree: ast.AST) -> list[str]:
    names = _strings(tree)
    out: list[str] = []
    seen: set[int] = set()
    for node in _walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            mods = [a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""] if not node.level else []
            for mod in mods:
                if mod.split(".")[0] in _DRIVERS:
                    out.append(f"constraint violated: ORM required: {path}:{node.lineno} imports the database driver {mod} (queries must go through the ORM)")
        if not isinstance(node, ast.Call) or _call_name(node) not in _SQL_TEXT_CALLS or not node.args:
            continue
        if _call_name(node) != "text" and isinstance(node.args[0], ast.Call) and _call_name(node.args[0]) == "text":
            continue  # reported at the text(...) call
        sql = _text(node.args[0], names)
        if sql and _TABLE_SQL.search(sql) and node.lineno not in seen:
            seen.add(node.lineno)
            out.append(f"constraint violated: ORM required: {path}:{node.lineno} executes raw SQL ({' '.join(sql.split())[:60]!r})")
    return out


# ----------------------------------------------------------------------------- database


def _is_backend(text: str | None, backend: str) -> bool:
    if not text:
        return False
    low = text.strip().lower()
    if backend == "sqlite":
        return low.startswith("sqlite") or low.endswith((".db", ".sqlite", ".sqlite3")) or low == "django.db.backends.sqlite3"
    return low.startswith(("postgres://", "postgresql://", "postgresql+", "postgres+")) or low.startswith("django.db.backends.postgresql")


def _constants(trees: Mapping[str, ast.AST]) -> dict[str, str]:
    """Module-level string constants of every file (a name's last binding wins)."""
    out: dict[str, str] = {}
    for tree in trees.values():
        for node in getattr(tree, "body", []):
            if isinstance(node, (ast.Assign, ast.AnnAssign)) and node.value is not None:
                text = _text(node.value, {})
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    if text is not None and isinstance(target, ast.Name):
                        out[target.id] = text
    return out


def _env_fallback(node: ast.AST) -> bool:
    """``os.environ.get("X") or D`` / ``os.environ.get("X", D)``: the value comes from the environment."""
    if isinstance(node, ast.BoolOp):
        return any(_env_fallback(v) for v in node.values)
    if isinstance(node, ast.Call) and _call_name(node) in _ENV_CALLS:
        return True
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "environ":
        return True
    return False


def _database(path: str, tree: ast.AST, required: str, constants: Mapping[str, str]) -> list[str]:
    other = "postgres" if required == "sqlite" else "sqlite"
    wanted, found = ("PostgreSQL", "SQLite") if required == "postgres" else ("SQLite", "PostgreSQL")
    out: list[str] = []

    def hit(node: ast.expr | ast.stmt) -> None:
        out.append(f"constraint violated: {wanted} required: {path}:{node.lineno} connects to {found}")

    def is_other(value: ast.AST | None) -> bool:
        if value is None or _env_fallback(value):
            return False
        return _is_backend(_text(value, constants, strict=True), other)

    for node in _walk(tree):
        if isinstance(node, ast.Call):
            name = _call_name(node)
            if name in _CONNECT_CALLS and node.args and is_other(node.args[0]):
                hit(node)
                continue
            if any(kw.arg in _URL_KEYWORDS and is_other(kw.value) for kw in node.keywords):
                hit(node)
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                name = target.id if isinstance(target, ast.Name) else target.attr if isinstance(target, ast.Attribute) else ""
                if name == "DATABASES" and isinstance(node.value, ast.Dict):
                    engines = [n for n in ast.walk(node.value) if isinstance(n, ast.Dict)]
                    for d in engines:
                        for key, value in zip(d.keys, d.values, strict=True):
                            if isinstance(key, ast.Constant) and key.value == "ENGINE" and is_other(value):
                                hit(node)
                elif name in _URL_NAMES and is_other(node.value):
                    hit(node)
    return out


# ----------------------------------------------------------------------------- entry point


def verify(files: Mapping[str, str], stack: str, database: str) -> list[str]:
    """Violation messages for an app's files (relative path -> text); [] when all constraints hold.

    ``database`` is the one the task requires (``sqlite`` or ``postgres``). Files that do not
    parse are skipped: the run fails at startup and no constraint is judged there. A Node stack
    gives [] (not verified, see the module's docstring).
    """
    if stack in _NODE_STACKS:
        return []
    trees: dict[str, ast.AST] = {}
    for path in sorted(files):
        text = files[path]
        if not path.endswith(".py") or text is None or "/migrations/" in f"/{path}":
            continue
        try:
            trees[path] = ast.parse(text, filename=path)
        except (SyntaxError, ValueError):
            continue
    constants = _constants(trees)
    required = "postgres" if database.lower().startswith("postg") else "sqlite"
    out: list[str] = []
    for path, tree in trees.items():
        layer = layer_of(path)
        if layer is not None:
            out += _layering(path, tree, layer)
            if stack != _RAW_STACK:
                out += _raw_sql(path, tree)
        out += _database(path, tree, required, constants)
    return list(dict.fromkeys(out))
