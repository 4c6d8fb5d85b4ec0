"""Does a generated project keep the structure its task asked for? Layers, database, ORM.

The study's task names carry the constraints (``fastapi-openapi-clean_architecture-postgres-sqlalchemy``):
``clean_architecture`` asks for routes, services, repositories and models layers, each
depending only on the one below; ``sqlite``/``postgres`` name the database; ``sqlalchemy``
the ORM (``sequelize`` is the Node twin and is ignored here). Nothing is imported or run:
the checks read the libcst index of :class:`~rootcause.code.project.Project`, its import
statements, and the text of its files (dependency lists included).

Rules:

``ST401`` a required layer is missing (``clean_architecture``) -> ``structure.constraint.layering``.
``ST402`` an upward or skip-level import between layers -> ``structure.constraint.layering``
(a ``remark`` when the task did not ask for clean architecture).
``ST403`` the required database is not the one the code connects to -> ``structure.constraint.database``.
``ST404`` SQLAlchemy is required but never imported -> ``structure.constraint.orm``.
``ST405`` raw SQL executed through a DB-API driver although SQLAlchemy is required -> ``structure.constraint.orm``.

Layers are told by folder and file names (see :data:`FOLDER_ALIASES` and :data:`FILE_ALIASES`).
Pydantic ``schemas``, DRF ``serializers`` and ``dto`` modules count as the models layer: the task
prompt defines that layer as "data structures and domain objects", which these are, and they sit
at the bottom of the import order like entities do (routes, services and repositories may all
import them).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rootcause.code.model import CodeFinding
from rootcause.study import task_constraints

if TYPE_CHECKING:
    from rootcause.code.index import ModuleInfo
    from rootcause.code.project import Project

__all__ = ["CONSTRAINTS", "LAYERS", "FILE_ALIASES", "FOLDER_ALIASES", "check_structure", "constraints_from_task", "layer_of_path", "project_layers"]

#: Constraint words the study's task names use.
CONSTRAINTS = frozenset({"clean_architecture", "sqlite", "postgres", "sqlalchemy", "sequelize"})
_CONSTRAINT_SPELLINGS = {
    "postgresql": "postgres",
    "pg": "postgres",
    "cleanarchitecture": "clean_architecture",
    "clean": "clean_architecture",
    "sqlite3": "sqlite",
}

#: Layers from the top (HTTP) to the bottom (data structures).
LAYERS = ("routes", "services", "repositories", "models")
_RANK = {layer: i for i, layer in enumerate(LAYERS)}

#: Folder names per layer. ``domain/services`` works because the deepest matching part wins.
FOLDER_ALIASES: dict[str, frozenset[str]] = {
    "routes": frozenset(
        {
            "routes",
            "route",
            "routers",
            "router",
            "api",
            "apis",
            "views",
            "view",
            "controllers",
            "controller",
            "handlers",
            "handler",
            "endpoints",
            "endpoint",
            "presentation",
            "web",
            "http",
            "blueprints",
            "delivery",
            "resources",
        }
    ),
    "services": frozenset({"services", "service", "usecases", "usecase", "use_cases", "use_case", "application", "interactors", "interactor"}),
    "repositories": frozenset(
        {
            "repositories",
            "repository",
            "repos",
            "repo",
            "dao",
            "daos",
            "crud",
            "persistence",
            "data_access",
            "dal",
            "infrastructure",
            "infra",
            "db",
            "database",
            "data",
            "storage",
            "store",
            "stores",
        }
    ),
    "models": frozenset({"models", "model", "entities", "entity", "domain", "schemas", "schema", "serializers", "dto", "dtos"}),
}
#: Folders that name a place rather than a layer: a module there counts only if its own name is not a set-up name.
_WEAK_FOLDERS = frozenset({"infrastructure", "infra", "db", "database", "data", "storage", "store", "stores", "api", "web", "http", "application", "domain"})
#: Module names that hold database set-up, not data access (``db/session.py``, ``infrastructure/database.py``).
_SETUP_STEMS = frozenset(
    {
        "__init__",
        "session",
        "sessions",
        "base",
        "database",
        "db",
        "engine",
        "connection",
        "connections",
        "config",
        "settings",
        "init_db",
        "setup",
        "migrations",
        "core",
        "utils",
        "helpers",
        "security",
        "exceptions",
        "errors",
    }
)
#: Module names of the composition root: they wire every layer together, so no layer rule applies to them.
_COMPOSITION_STEMS = frozenset(
    {
        "main",
        "app",
        "server",
        "wsgi",
        "asgi",
        "manage",
        "__main__",
        "run",
        "container",
        "dependencies",
        "deps",
        "di",
        "wiring",
        "bootstrap",
        "extensions",
        "factory",
        "config",
        "settings",
        "conftest",
    }
)
#: Words in a module's own name (``user_service.py``, ``article_repository.py``) per layer.
FILE_ALIASES: dict[str, frozenset[str]] = {
    "routes": frozenset(
        {
            "routes",
            "route",
            "router",
            "routers",
            "views",
            "view",
            "controller",
            "controllers",
            "handler",
            "handlers",
            "endpoint",
            "endpoints",
            "urls",
            "blueprint",
            "blueprints",
            "resource",
            "resources",
            "api",
        }
    ),
    "services": frozenset({"service", "services", "usecase", "usecases", "use_case", "use_cases", "interactor", "interactors"}),
    "repositories": frozenset({"repository", "repositories", "repo", "repos", "dao", "daos", "crud", "store", "gateway"}),
    "models": frozenset({"model", "models", "entity", "entities", "schema", "schemas", "serializer", "serializers", "dto", "dtos", "orm", "tables", "domain"}),
}
_TEST_PARTS = frozenset({"tests", "test", "testing", "migrations", "alembic"})

#: (importing layer, imported layer) -> why it breaks the layering.
_FORBIDDEN = {
    ("repositories", "routes"): "upward",
    ("repositories", "services"): "upward",
    ("services", "routes"): "upward",
    ("models", "routes"): "upward",
    ("models", "services"): "upward",
    ("models", "repositories"): "upward",
    ("routes", "repositories"): "skip-level",
}

# database and ORM evidence ----------------------------------------------------------------------
_PG_MODULES = frozenset({"asyncpg", "psycopg", "psycopg2", "psycopg_pool", "pg8000", "aiopg", "sqlalchemy.dialects.postgresql"})
_SQLITE_MODULES = frozenset({"sqlite3", "aiosqlite", "sqlalchemy.dialects.sqlite"})
_DBAPI_MODULES = frozenset({"sqlite3", "aiosqlite", "asyncpg", "psycopg", "psycopg2", "pg8000", "aiopg", "pymysql", "MySQLdb", "mysql"})
_SQLALCHEMY_MODULES = frozenset({"sqlalchemy", "flask_sqlalchemy", "sqlmodel"})
_OTHER_ORMS = {
    "django": "the Django ORM",
    "peewee": "peewee",
    "tortoise": "Tortoise ORM",
    "pony": "Pony ORM",
    "mongoengine": "MongoEngine",
    "databases": "the `databases` query builder",
    "pymongo": "MongoDB (pymongo)",
    "motor": "MongoDB (motor)",
}
_CODE_PATTERNS = (
    ("postgres", re.compile(r"\bpostgres(?:ql)?(?:\+\w+)?://")),
    ("sqlite", re.compile(r"\bsqlite(?:\+\w+)?://")),
    ("postgres", re.compile(r"\bdjango\.contrib\.gis\.db\.backends\.postgis\b|\bdjango\.db\.backends\.postgresql\w*")),
    ("sqlite", re.compile(r"\bdjango\.db\.backends\.sqlite3\b")),
)
_REQUIREMENT_PATTERNS = (
    ("postgres", re.compile(r"(?<![\w.-])(?:psycopg2-binary|psycopg2|psycopg-binary|psycopg|asyncpg|pg8000|aiopg)(?![\w-])", re.IGNORECASE)),
    ("sqlite", re.compile(r"(?<![\w.-])aiosqlite(?![\w-])", re.IGNORECASE)),
    ("sqlalchemy", re.compile(r"(?<![\w.-])(?:sqlalchemy|flask-sqlalchemy|flask_sqlalchemy|sqlmodel)(?![\w-])", re.IGNORECASE)),
)
_DEPENDENCY_FILES = ("requirements.txt", "pyproject.toml", "Pipfile", "setup.cfg")
_SQL_START = re.compile(r"^\s*(?:SELECT|INSERT|UPDATE|DELETE|CREATE|DROP|ALTER|WITH|PRAGMA|REPLACE|UPSERT)\b", re.IGNORECASE)
_EXECUTE_METHODS = frozenset({"execute", "executemany", "executescript", "fetch", "fetchrow", "fetchval", "mogrify"})
_DB_CALL_METHODS = frozenset(
    {"execute", "executemany", "executescript", "query", "scalars", "scalar", "commit", "add", "add_all", "filter_by", "fetch", "fetchrow"}
)


@dataclass(frozen=True, slots=True)
class _Evidence:
    what: str  # postgres | sqlite | sqlalchemy
    path: str
    line: int
    column: int
    text: str
    in_code: bool  # False for a dependency list

    def __str__(self) -> str:
        return f"{self.path}:{self.line} {self.text}"


# public API -------------------------------------------------------------------------------------
def constraints_from_task(task_name: str) -> set[str]:
    """The constraint words in a study task name (``uv-fastapi-openapi-clean_architecture-postgres-sqlalchemy``).

    Accepts the bare name, a file name (``.json``) or a path. A study task name is read by
    :func:`rootcause.study.task_constraints`; any other name word by word, unknown words (framework,
    ``openapi``, ``unconstrained``) dropped.
    """
    name = posixpath.basename(str(task_name).replace("\\", "/"))
    if name.endswith(".json"):
        name = name[: -len(".json")]
    study = task_constraints(name)
    if study is not None:  # a study task name: read as everything else reads it
        return study
    found = set()
    for word in re.split(r"[-\s/]+", name.lower()):
        word = _CONSTRAINT_SPELLINGS.get(word, word)
        if word in CONSTRAINTS:
            found.add(word)
    return found


def layer_of_path(path: str) -> str | None:
    """The layer a project-relative module path belongs to, or None (set-up, composition root, tests).

    The module's own name is read first (``api/schemas.py`` is models), then its folders from the
    deepest up (``domain/services/x.py`` is services).
    """
    parts = path.replace("\\", "/").split("/")
    stem = parts[-1].rsplit(".", 1)[0]
    folders = [p.lower() for p in parts[:-1]]
    lowered = stem.lower()
    if _is_test(folders, lowered) or lowered in _COMPOSITION_STEMS:
        return None
    if lowered != "__init__":
        own = _file_layer(lowered)
        if own is not None:
            return own
    for depth, folder in enumerate(reversed(folders)):
        for layer in LAYERS:
            if folder in FOLDER_ALIASES[layer]:
                if folder in _WEAK_FOLDERS and (lowered in _SETUP_STEMS or (depth == 0 and lowered == "__init__")):
                    return None
                return layer
    return None


def project_layers(project: "Project") -> dict[str, list[str]]:
    """``{layer: [module paths]}`` for the layers the project has, counting only modules with content."""
    found: dict[str, list[str]] = {}
    for module in project.modules.values():
        layer = layer_of_path(module.path)
        if layer is not None and _has_content(module):
            found.setdefault(layer, []).append(module.path)
    return {layer: sorted(found[layer]) for layer in LAYERS if layer in found}


def check_structure(project: "Project", constraints: Iterable[str] = ()) -> list[CodeFinding]:
    """Findings ST401-ST405 for a project under the task's constraints.

    ``constraints`` holds words from :data:`CONSTRAINTS` (a task name string is read with
    :func:`constraints_from_task`). With none, only upward imports (ST402) are reported, as
    remarks, and only when the project clearly has layers (three or more). A project with no
    Python module (a Node app) gets no findings: these heuristics are for Python.
    """
    wanted = (
        constraints_from_task(constraints) if isinstance(constraints, str) else {_CONSTRAINT_SPELLINGS.get(str(c).lower(), str(c).lower()) for c in constraints}
    )
    modules = [m for m in project.modules.values() if not _is_test_path(m.path)]
    if not modules:
        return []
    layers = project_layers(project)
    findings: list[CodeFinding] = []
    clean = "clean_architecture" in wanted
    if clean:
        findings += _missing_layers(project, modules, layers)
    if clean or len(layers) >= 3:
        findings += _layer_violations(project, modules, level="defect" if clean else "remark")
    evidence = _database_evidence(project, modules)
    for database in ("postgres", "sqlite"):
        if database in wanted:
            findings += _wrong_database(project, modules, database, evidence)
    if "sqlalchemy" in wanted:
        findings += _orm_missing(project, modules, evidence)
        findings += _raw_sql(project, modules)
    return findings


# layers -----------------------------------------------------------------------------------------
def _is_test(folders: list[str], stem: str) -> bool:
    return any(f in _TEST_PARTS for f in folders) or stem.startswith("test_") or stem.endswith("_test") or stem in ("conftest", "tests")


def _is_test_path(path: str) -> bool:
    parts = path.lower().split("/")
    return _is_test(parts[:-1], parts[-1].rsplit(".", 1)[0])


def _file_layer(stem: str) -> str | None:
    tokens = stem.split("_")
    joined = {stem} | set(tokens) | {"_".join(tokens[i : i + 2]) for i in range(len(tokens) - 1)}
    # the last word decides (``user_model_service`` is a service), then any word
    for candidates in ([tokens[-1], stem, "_".join(tokens[-2:])], joined):
        for layer in LAYERS:
            if any(c in FILE_ALIASES[layer] for c in candidates):
                return layer
    return None


def _has_content(module: "ModuleInfo") -> bool:
    return bool(module.syntax or module.functions or module.classes or module.imports or set(module.assigned) - {"__all__"})


def _entry_module(modules: list["ModuleInfo"]) -> "ModuleInfo":
    """Where a project-wide finding points: the entry module (``main.py``, ``app.py``), else the shallowest."""

    def key(m: "ModuleInfo") -> tuple[int, int, str]:
        stem = posixpath.basename(m.path).rsplit(".", 1)[0]
        rank = 0 if stem in ("main", "app", "server", "run", "manage", "wsgi", "asgi", "__main__") else 1 if stem == "__init__" else 2
        return (m.path.count("/"), rank, m.path)

    return min(modules, key=key)


def _db_calls(module: "ModuleInfo") -> list[str]:
    return [
        f"{module.path}:{c.line} {c.callee}()"
        for c in module.calls
        if "." in c.callee
        and c.callee.rsplit(".", 1)[1] in _DB_CALL_METHODS
        and c.callee.split(".")[0] in ("session", "db", "conn", "connection", "cursor", "cur", "self", "s", "engine")
        or c.callee.endswith(".objects.filter")
        or c.callee.endswith(".objects.get")
        or c.callee.endswith(".objects.create")
    ]


def _missing_layers(project: "Project", modules: list["ModuleInfo"], layers: dict[str, list[str]]) -> list[CodeFinding]:
    missing = [layer for layer in LAYERS if layer not in layers]
    if not missing:
        return []
    facts = [f"layers found: {len(layers)}/4" + (f" ({', '.join(layers)})" if layers else "")]
    facts += [f"{layer}: {', '.join(paths[:4])}{' ...' if len(paths) > 4 else ''}" for layer, paths in layers.items()]
    empty = sorted(
        {
            posixpath.dirname(m.path)
            for m in modules
            if m.is_package
            and not _has_content(m)
            and posixpath.basename(posixpath.dirname(m.path)).lower() not in _WEAK_FOLDERS
            and layer_of_path(posixpath.dirname(m.path) + "/x.py") in missing
        }
    )
    if empty:
        facts.append(f"empty layer package(s): {', '.join(empty)}")
    # point at the code doing the missing layer's work: handlers or services touching the database
    where = None
    if "repositories" in missing or "services" in missing:
        for layer in ("routes", "services", None):
            for module in sorted(modules, key=lambda m: m.path):
                if layer_of_path(module.path) == layer:
                    calls = _db_calls(module)
                    if calls:
                        facts.append(f"database calls outside a repository: {calls[0]}" + (f" (+{len(calls) - 1} more)" if len(calls) > 1 else ""))
                        line = int(calls[0].split(":", 1)[1].split(" ", 1)[0])
                        where = (module.path, line)
                        break
            if where:
                break
    if where is None:
        where = (_entry_module(modules).path, 1)
    message = f"clean architecture required but {len(layers)}/4 layers found; missing: {', '.join(missing)}"
    return [CodeFinding("ST401", "structure.constraint.layering", where[0], where[1], 1, message, tuple(facts))]


def _layer_violations(project: "Project", modules: list["ModuleInfo"], level: str) -> list[CodeFinding]:
    findings = []
    for module in sorted(modules, key=lambda m: m.path):
        source = layer_of_path(module.path)
        if source is None:
            continue
        for imp in module.imports:
            base = project.absolute_import(module, imp)
            if not base:
                continue
            targets = []
            for name, _alias in imp.names or ():
                sub = project.find(f"{base}.{name}")
                if sub is not None:
                    targets.append(sub)
            if not targets:
                target = project.find(base)
                if target is not None:
                    targets.append(target)
            for target in targets:
                dest = layer_of_path(target.path)
                why = _FORBIDDEN.get((source, dest or ""))
                if why is None or target.name == module.name:
                    continue
                if why == "skip-level":
                    message = f"{source} module imports the {dest} layer directly, skipping services"
                else:
                    message = f"{source} module imports the {dest} layer above it"
                facts = (
                    f"{module.path} is in the {source} layer",
                    f"{target.path} is in the {dest} layer",
                    f"import at line {imp.line}" + ("" if imp.module_level else " (inside a function)"),
                    "required order: routes -> services -> repositories -> models",
                )
                findings.append(CodeFinding("ST402", "structure.constraint.layering", module.path, imp.line, imp.column, message, facts, level))
                break
    return findings


# database and ORM -------------------------------------------------------------------------------
def _line_of(text: str, offset: int) -> tuple[int, int, str]:
    start = text.rfind("\n", 0, offset) + 1
    end = text.find("\n", offset)
    line_text = text[start : end if end != -1 else len(text)]
    return text.count("\n", 0, offset) + 1, offset - start + 1, line_text


def _database_evidence(project: "Project", modules: list["ModuleInfo"]) -> list[_Evidence]:
    out: list[_Evidence] = []
    for module in modules:
        for imp in module.imports:
            name = imp.module or ""
            if imp.level:
                continue
            candidates = {name, name.split(".")[0]} | {f"{name}.{n}" for n, _ in imp.names or ()}
            for what, known in (("postgres", _PG_MODULES), ("sqlite", _SQLITE_MODULES), ("sqlalchemy", _SQLALCHEMY_MODULES)):
                if candidates & known:
                    out.append(_Evidence(what, module.path, imp.line, imp.column, f"imports {name}", True))
        for what, pattern in _CODE_PATTERNS:
            for m in pattern.finditer(module.source):
                line, column, text = _line_of(module.source, m.start())
                if text.lstrip().startswith("#"):
                    continue
                out.append(_Evidence(what, module.path, line, column, text.strip()[:120], True))
    for path, text in sorted(project.files.items()):
        if posixpath.basename(path) not in _DEPENDENCY_FILES or _is_test_path(path):
            continue
        for what, pattern in _REQUIREMENT_PATTERNS:
            for m in pattern.finditer(text):
                line, column, line_text = _line_of(text, m.start())
                if line_text.lstrip().startswith("#"):
                    continue
                out.append(_Evidence(what, path, line, column, f"lists {m.group(0)}", False))
    return sorted(out, key=lambda e: (not e.in_code, e.path, e.line))


def _wrong_database(project: "Project", modules: list["ModuleInfo"], database: str, evidence: list[_Evidence]) -> list[CodeFinding]:
    other = "sqlite" if database == "postgres" else "postgres"
    label = {"postgres": "PostgreSQL", "sqlite": "SQLite"}
    required = [e for e in evidence if e.what == database]
    wrong = [e for e in evidence if e.what == other]
    if any(e.in_code for e in required):
        return []
    listed = [e for e in required if not e.in_code]
    wrong_code = [e for e in wrong if e.in_code]
    if listed and not wrong_code:
        return []  # the driver is a dependency and the URL comes from the environment: nothing says otherwise
    facts = [f"{label[other]} evidence: {e}" for e in wrong[:4]]
    facts += [f"{label[database]} only in dependencies: {e}" for e in listed[:2]]
    if wrong_code:
        first = wrong_code[0]
        message = f"{label[database]} required but the code connects to {label[other]} ({first.text})"
        return [CodeFinding("ST403", "structure.constraint.database", first.path, first.line, first.column, message, tuple(facts))]
    facts.append(f"no {label[database]} driver import, connection URL or dependency found")
    entry = _entry_module(modules)
    message = f"{label[database]} required but no {label[database]} driver or connection URL is used"
    return [CodeFinding("ST403", "structure.constraint.database", entry.path, 1, 1, message, tuple(facts))]


def _orm_missing(project: "Project", modules: list["ModuleInfo"], evidence: list[_Evidence]) -> list[CodeFinding]:
    if any(e.what == "sqlalchemy" and e.in_code for e in evidence):
        return []
    facts = [f"SQLAlchemy only in dependencies: {e}" for e in evidence if e.what == "sqlalchemy"][:2]
    instead: list[tuple[str, int, int, str]] = []
    for module in sorted(modules, key=lambda m: m.path):
        for imp in module.imports:
            top = (imp.module or "").split(".")[0]
            if imp.level:
                continue
            if top in _DBAPI_MODULES:
                instead.append((module.path, imp.line, imp.column, f"raw SQL through the {top} driver"))
            elif top in _OTHER_ORMS and (top != "django" or (imp.module or "").startswith("django.db")):
                instead.append((module.path, imp.line, imp.column, _OTHER_ORMS[top]))
    if instead:
        kinds = sorted({i[3] for i in instead})
        facts += [f"uses {k}" for k in kinds] + [f"{p}:{line} imports it" for p, line, _c, _k in instead[:3]]
        path, line, column, kind = instead[0]
        message = f"SQLAlchemy required but never imported; the code uses {kind}"
    else:
        entry = _entry_module(modules)
        path, line, column = entry.path, 1, 1
        facts.append("no database library imported at all (data kept in memory?)")
        message = "SQLAlchemy required but never imported"
    return [CodeFinding("ST404", "structure.constraint.orm", path, line, column, message, tuple(facts))]


def _raw_sql(project: "Project", modules: list["ModuleInfo"]) -> list[CodeFinding]:
    drivers = sorted(
        {(imp.module or "").split(".")[0] for m in modules for imp in m.imports if not imp.level and (imp.module or "").split(".")[0] in _DBAPI_MODULES}
    )
    if not drivers:
        return []
    findings = []
    for module in sorted(modules, key=lambda m: m.path):
        executed = [s for s in module.strings if s.callee.rsplit(".", 1)[-1] in _EXECUTE_METHODS and "." in s.callee and _SQL_START.match(s.value)]
        if not executed:
            continue
        first = executed[0]
        snippet = " ".join(first.value.split())[:80]
        facts = (
            f"DB-API driver imported: {', '.join(drivers)}",
            f"{len(executed)} raw SQL statement(s) executed in {module.path}",
            f"line {first.line}: {first.callee}({snippet!r})",
        )
        message = f"raw SQL executed through the driver ({first.callee}) where SQLAlchemy is required"
        findings.append(CodeFinding("ST405", "structure.constraint.orm", module.path, first.line, first.column, message, facts))
    return findings
