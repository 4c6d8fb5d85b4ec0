"""Stack frames and exceptions shared by the Python and Node.js extractors."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

#: Path parts that mark code that is not the project's own.
_LIBRARY_MARKERS = ("site-packages/", "dist-packages/", "node_modules/")
_RUNTIME_PREFIXES = ("node:", "<frozen", "<string>", "<anonymous>", "internal/", "<unknown>")
_STDLIB = re.compile(r"/(?:usr/(?:local/)?)?lib/python3(?:\.\d+)?/(?!site-packages|dist-packages)")
#: Folders generated projects are mounted at; stripped to get a project-relative path.
PROJECT_ROOTS = ("/repository/", "/workspace/", "/app/", "/code/", "/project/", "/root/", "/srv/app/", "/usr/src/app/", "/opt/app/")

#: Library name -> the layer it belongs to; used by rules and (later) features.
LIBRARY_LAYERS = {
    "sqlalchemy": "orm",
    "sqlmodel": "orm",
    "sequelize": "orm",
    "django/db": "orm",
    "tortoise": "orm",
    "peewee": "orm",
    "prisma": "orm",
    "typeorm": "orm",
    "sqlite3": "driver",
    "aiosqlite": "driver",
    "asyncpg": "driver",
    "psycopg": "driver",
    "psycopg2": "driver",
    "pg": "driver",
    "better-sqlite3": "driver",
    "databases": "driver",
    "flask": "framework",
    "werkzeug": "framework",
    "fastapi": "framework",
    "starlette": "framework",
    "pydantic": "framework",
    "aiohttp": "framework",
    "django": "framework",
    "uvicorn": "server",
    "gunicorn": "server",
    "express": "framework",
    "fastify": "framework",
    "hono": "framework",
    "koa": "framework",
    "@koa": "framework",
    "jsonwebtoken": "auth",
    "jwt": "auth",
    "bcrypt": "auth",
    "passlib": "auth",
}


@dataclass(frozen=True, slots=True)
class Frame:
    """One stack frame as the log printed it."""

    path: str
    line: int | None
    function: str | None = None
    code: str | None = None
    library: str | None = None  # None for project frames and the runtime's own

    @property
    def is_project(self) -> bool:
        return self.library is None and not is_runtime_path(self.path)

    @property
    def relpath(self) -> str:
        return project_relpath(self.path)

    @property
    def layer(self) -> str | None:
        if self.library is None:
            return None
        return LIBRARY_LAYERS.get(self.library) or LIBRARY_LAYERS.get(self.library.split("/")[0])


@dataclass(frozen=True, slots=True)
class ExceptionInfo:
    """An exception (Python) or error (Node.js) found in a log, with its frames.

    ``type`` is the name as printed (``sqlalchemy.exc.OperationalError``,
    ``SequelizeEagerLoadingError``); ``short_type`` drops the module path.
    ``properties`` holds Node error properties (code, errno, sql, name, parent).
    ``cause_of`` is the index of the exception this one led to (Python chains).
    """

    type: str
    message: str
    frames: tuple[Frame, ...] = ()
    language: str = "python"
    source: str | None = None  # record field the log came from
    line: int | None = None  # 1-based line of the exception line in that text
    properties: Mapping[str, str] = field(default_factory=dict)
    chained: str | None = None  # "cause" or "context" when another exception follows from this one
    syntax: tuple[str, int, str] | None = None  # (path, line, code) of a syntax error

    @property
    def short_type(self) -> str:
        base = self.type.split(" [")[0]
        return base.rsplit(".", 1)[-1]

    @property
    def names(self) -> frozenset[str]:
        """Every name this error goes by (``EagerLoadingError [SequelizeEagerLoadingError]`` has two)."""
        found = {self.short_type, self.type}
        bracket = re.search(r"\[(\w+)\]", self.type)
        if bracket:
            found.add(bracket.group(1))
        if "name" in self.properties:
            found.add(self.properties["name"])
        return frozenset(found)

    @property
    def project_frames(self) -> tuple[Frame, ...]:
        return tuple(f for f in self.frames if f.is_project)

    @property
    def deepest_project_frame(self) -> Frame | None:
        frames = self.project_frames
        if not frames:
            return None
        # Python prints the innermost frame last, Node.js first; a Node require stack has no line.
        if self.language == "python":
            return frames[-1]
        with_line = [f for f in frames if f.line is not None]
        return with_line[0] if with_line else frames[0]

    @property
    def libraries(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.library for f in self.frames if f.library))

    @property
    def headline(self) -> str:
        return f"{self.type}: {self.message}" if self.message else self.type

    def full_text(self) -> str:
        """Message plus Node properties (sql, parent), for matching."""
        parts = [self.message]
        parts.extend(f"{k}: {v}" for k, v in self.properties.items())
        return "\n".join(p for p in parts if p)


def library_of(path: str) -> str | None:
    """The third-party package a frame's file belongs to, or None for project/runtime code."""
    norm = path.replace("\\", "/")
    for marker in _LIBRARY_MARKERS:
        idx = norm.rfind(marker)
        if idx >= 0:
            rest = norm[idx + len(marker) :]
            parts = rest.split("/")
            if parts[0].startswith("@") and len(parts) > 1:
                return f"{parts[0]}/{parts[1]}"
            name = parts[0]
            if name.endswith(".py"):
                name = name[:-3]
            if name == "django" and len(parts) > 1 and parts[1] == "db":
                return "django/db"
            return name
    if norm.startswith("<") and not norm.startswith(("<frozen", "<string>", "<stdin>", "<anonymous>", "<unknown>")):
        # Generated code, e.g. "<sqlalchemy generated _go() wrapper ...>": named after its package.
        m = re.match(r"<(?P<name>[A-Za-z_][\w.-]{0,80})", norm)
        return m.group("name").split(".")[0] if m else "generated"
    parts = norm.split("/")
    compiled = norm.endswith((".pyx", ".pxd", ".pxi")) or (parts[0] == "lib" and len(parts) > 2)
    if compiled:
        # Cython sources and build-relative paths ("lib/sqlalchemy/engine/_result_cy.py") are library code.
        known = next((p for p in parts if p in LIBRARY_LAYERS), None)
        return known or (parts[1] if parts[0] == "lib" else parts[0])
    if _STDLIB.search(norm):
        parts = _STDLIB.split(norm, maxsplit=1)[1].split("/")
        name = parts[0][:-3] if parts[0].endswith(".py") else parts[0]
        return f"stdlib:{name}"
    return None


def is_runtime_path(path: str) -> bool:
    return path.startswith(_RUNTIME_PREFIXES) or path in ("<anonymous>", "native")


def project_relpath(path: str) -> str:
    norm = path.replace("\\", "/")
    for root in PROJECT_ROOTS:
        if norm.startswith(root):
            return norm[len(root) :]
    if norm.startswith("file://"):
        return project_relpath(norm[len("file://") :])
    return norm.lstrip("./") if norm.startswith("./") else norm
