"""The study's naming in one place: what a task name (``uv-flask-openapi-clean_architecture-sqlite-sqlalchemy``)
says about framework, runtime, constraints and level.

Readers (the framework of a run), the static analysis (the constraints a project must keep),
the classifier's features and the statistics all read task names through here, so they agree.
"""

from __future__ import annotations

import os
import re
from typing import Any

from rootcause.errors import InputError

#: Runtime of each framework the study covers.
FRAMEWORK_RUNTIME = {
    "express": "node",
    "fastify": "node",
    "hono": "node",
    "koa": "node",
    "flask": "python",
    "fastapi": "python",
    "django": "python",
    "aiohttp": "python",
}
#: Columns :func:`parse_task` returns and :func:`add_task_columns` adds, in this order.
TASK_COLUMNS = ("framework", "runtime", "clean_architecture", "database", "orm", "level")
DATABASES = ("sqlite", "postgres")
ORMS = ("sqlalchemy", "sequelize")

_RUNTIME_PREFIX = {"uv": "python", "python": "python", "node": "node"}
_TASK = re.compile(r"^(?:(?P<prefix>uv|node|python)-)?(?P<framework>[a-z0-9]+)-openapi(?:-(?P<rest>.+))?$")


def parse_task(task: str) -> dict[str, Any]:
    """Framework, runtime and constraints a study task name states.

    ``parse_task("express-openapi-clean_architecture-postgres-sequelize")`` gives
    ``{"framework": "express", "runtime": "node", "clean_architecture": True,
    "database": "postgres", "orm": "sequelize", "level": "L3"}``. A leading ``uv-``/``node-``
    (task files, our corpus) and a ``.json`` suffix are accepted. ``runtime`` is ``node`` or
    ``python`` (the study's ``uv``); None for a framework the study does not cover and no prefix.
    Raises :class:`InputError` for a name that does not follow the scheme.
    """
    name = os.path.basename(str(task)).removesuffix(".json")
    m = _TASK.match(name)
    if not m:
        raise InputError("not a study task name (<framework>-openapi[-<constraints>])", excerpt=name)
    framework = m.group("framework")
    tokens = (m.group("rest") or "unconstrained").split("-")
    clean, database, orm = False, None, None
    if tokens != ["unconstrained"]:
        # Tokens come in the study's order; anything else is a name we would misread.
        rest = list(tokens)
        if rest and rest[0] == "clean_architecture":
            clean = True
            rest.pop(0)
        if rest and rest[0] in DATABASES:
            database = rest.pop(0)
        if rest and rest[0] in ORMS and database is not None:
            orm = rest.pop(0)
        if rest:
            raise InputError(f"unknown constraint {rest[0]!r} in task name", excerpt=name)
    runtime = FRAMEWORK_RUNTIME.get(framework) or _RUNTIME_PREFIX.get(m.group("prefix") or "")
    level = int(clean) + (database is not None) + (orm is not None)
    return {"framework": framework, "runtime": runtime, "clean_architecture": clean, "database": database, "orm": orm, "level": f"L{level}"}


def framework_from_task(task: object) -> str | None:
    """The framework a study task name states (``flask`` for ``uv-flask-openapi-sqlite``); None for other names."""
    try:
        return parse_task(str(task or ""))["framework"]
    except InputError:
        return None


def task_constraints(task: object) -> set[str] | None:
    """The constraint words of a study task name (``{"clean_architecture", "sqlite", "sqlalchemy"}``),
    or None when the name does not follow the study's scheme."""
    try:
        parsed = parse_task(str(task or ""))
    except InputError:
        return None
    return {word for word in ("clean_architecture" if parsed["clean_architecture"] else None, parsed["database"], parsed["orm"]) if word}
