"""Which database and driver a project uses (imports, connection URLs), and the schema built from what was collected."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rootcause.code.index import ModuleInfo
from rootcause.code.sql.checks import _is_test
from rootcause.code.sql.schema import _ALTER_TABLE, _CREATE_FUNCTION, _CREATE_TABLE, _CREATE_VIEW, Schema, _schema_from_sql
from rootcause.code.sql.text import _dialect_name
from rootcause.code.sql.vocab import PG_URL, POSTGRES_DRIVERS, SCHEMA_OWNERS, SQLITE_DRIVERS, SQLITE_URL, WRAPPERS

if TYPE_CHECKING:
    from rootcause.code.sql.collect import _Collector


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
