"""Where a name from an error message comes from: the project's own code, or a library.

``'FileResponse' object ...``, ``Flask.before_first_request``, ``db.get(...).then is not a
function``: an attribute or signature error on a *library* object is a misuse of that library's
API (or an API its installed version no longer has), not one project file disagreeing with
another. This module answers "who owns this name" from the run's code when it has some (read
as text with bounded patterns, never imported or run), and from a short table of well-known
library types when it has none.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass

#: Library types (and a few functions) an error message names often enough to recognise without the run's code.
KNOWN_LIBRARY_TYPES: Mapping[str, str] = {
    **dict.fromkeys(("Flask", "Blueprint", "send_file", "send_from_directory", "jsonify", "render_template", "make_response", "url_for"), "flask"),
    **dict.fromkeys(("FastAPI", "APIRouter", "Depends", "UploadFile", "OAuth2PasswordRequestForm", "OAuth2PasswordBearer", "HTTPBearer"), "fastapi"),
    **dict.fromkeys(
        ("FileResponse", "JSONResponse", "HTMLResponse", "PlainTextResponse", "StreamingResponse", "RedirectResponse", "Starlette", "StaticFiles"), "starlette"
    ),
    **dict.fromkeys(
        (
            "Session",
            "AsyncSession",
            "Engine",
            "AsyncEngine",
            "Connection",
            "InstrumentedList",
            "InstrumentedAttribute",
            "Query",
            "Select",
            "Result",
            "ScalarResult",
            "CursorResult",
            "Row",
            "LegacyRow",
            "sessionmaker",
            "scoped_session",
        ),
        "sqlalchemy",
    ),
    **dict.fromkeys(("QuerySet", "Manager", "WSGIRequest", "HttpRequest", "HttpResponse", "JsonResponse"), "django"),
    **dict.fromkeys(("Cursor", "sqlite3.Connection", "sqlite3.Cursor"), "sqlite3"),
    **dict.fromkeys(("CryptContext",), "passlib"),
    **dict.fromkeys(("PyJWT", "PyJWS"), "jwt"),
    **dict.fromkeys(("ClientSession", "web.Request", "web.Application"), "aiohttp"),
}

#: What misusing a library's API means, by the library's top-level package.
LIBRARY_AREAS: Mapping[str, str] = {
    **dict.fromkeys(
        "sqlalchemy sqlmodel peewee tortoise sqlite3 psycopg psycopg2 asyncpg aiosqlite pymongo motor databases "
        "sequelize pg better-sqlite3 knex typeorm mongoose mysql mysql2 drizzle-orm @prisma/client prisma".split(),
        "data",
    ),
    **dict.fromkeys(
        "flask werkzeug fastapi starlette django rest_framework aiohttp uvicorn gunicorn pydantic jinja2 flask_sqlalchemy "
        "express koa @koa/router koa-router koa-bodyparser fastify hono @hono/node-server @nestjs/common @nestjs/core "
        "body-parser multer cookie-parser express-session cors".split(),
        "web",
    ),
    **dict.fromkeys("jwt jose passlib bcrypt argon2 itsdangerous jsonwebtoken bcryptjs passport".split(), "auth"),
}

_PY_FROM = re.compile(r"^[ \t]{0,40}from[ \t]+(?P<mod>\.{0,5}[\w.]{0,200})[ \t]+import[ \t]+(?P<names>\([^)]{0,2000}\)|[^\n#]{1,1000})", re.MULTILINE)
_PY_IMPORT = re.compile(r"^[ \t]{0,40}import[ \t]+(?P<names>[^\n#]{1,1000})", re.MULTILINE)
_JS_REQUIRE = re.compile(
    r"\b(?:const|let|var)[ \t]+(?P<bind>\{[^}]{0,1000}\}|[\w$]{1,100})[ \t]*=[ \t]*require\([ \t]*['\"](?P<mod>[^'\"\n]{1,200})['\"][ \t]*\)"
)
_JS_IMPORT = re.compile(r"^[ \t]{0,40}import[ \t]+(?P<bind>[^'\";\n]{1,1000}?)[ \t]+from[ \t]+['\"](?P<mod>[^'\"\n]{1,200})['\"]", re.MULTILINE)
_JS_ASSIGN = re.compile(r"\b(?:const|let|var)[ \t]+(?P<name>[\w$]{1,100})[ \t]*=[ \t]*(?:await[ \t]+)?(?:new[ \t]+)?(?P<expr>[\w$.]{1,200})")
_PY_ASSIGN = re.compile(r"^[ \t]{0,40}(?P<name>\w{1,100})[ \t]*(?::[^=\n]{1,200})?=[ \t]*(?:await[ \t]+)?(?P<expr>[\w.]{1,200})", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class Origin:
    """Who owns a name: ``project`` (with the file that defines it) or ``library`` (with its package)."""

    kind: str  # "project" | "library"
    module: str  # the top-level package for a library; the defining file for the project
    path: str | None = None
    line: int | None = None

    @property
    def area(self) -> str | None:
        """``data``, ``web`` or ``auth`` for a library this module knows; None otherwise."""
        return LIBRARY_AREAS.get(self.module) if self.kind == "library" else None


@functools.lru_cache(maxsize=512)
def _definition(name: str, language: str) -> re.Pattern[str]:
    n = re.escape(name)
    if language == "python":
        return re.compile(rf"^[ \t]{{0,40}}(?:async[ \t]+)?(?:class|def)[ \t]+{n}\b", re.MULTILINE)
    return re.compile(
        rf"\b(?:class|function\*?|interface|type)[ \t]+{n}\b|\b(?:export[ \t]+)?(?:const|let|var)[ \t]+{n}[ \t]*=[ \t]*(?:async[ \t]*)?(?:function|\(|class\b|[\w$]{{1,100}}[ \t]*=>)"
    )


def _language(path: str) -> str | None:
    if path.endswith((".py", ".pyi")):
        return "python"
    if path.endswith((".js", ".mjs", ".cjs", ".ts", ".tsx", ".jsx", ".mts", ".cts")):
        return "node"
    return None


def _top_package(module: str, language: str) -> str:
    if language == "python":
        return module.split(".")[0]
    parts = module.split("/")
    return "/".join(parts[:2]) if module.startswith("@") else parts[0]


def _is_relative(module: str) -> bool:
    return module.startswith(".") or module.startswith("/")


def _line_of(text: str, offset: int) -> int:
    return text.count("\n", 0, offset) + 1


@functools.lru_cache(maxsize=64)
def _python_imports(text: str) -> dict[str, str]:
    """Local name -> module it is imported from, for one Python file."""
    out: dict[str, str] = {}
    for m in _PY_FROM.finditer(text):
        for part in m.group("names").strip("()").replace("\n", " ").split(","):
            bits = part.split()
            if not bits or bits[0] == "*":
                continue
            local = bits[2] if len(bits) == 3 and bits[1] == "as" else bits[0]
            out[local] = f"{m.group('mod')}.{bits[0]}" if not m.group("mod").endswith(".") else m.group("mod") + bits[0]
    for m in _PY_IMPORT.finditer(text):
        for part in m.group("names").split(","):
            bits = part.split()
            if not bits:
                continue
            local = bits[2] if len(bits) == 3 and bits[1] == "as" else bits[0].split(".")[0]
            out[local] = bits[0]
    return out


@functools.lru_cache(maxsize=64)
def _js_imports(text: str) -> dict[str, str]:
    """Local name -> module it is required or imported from, for one JavaScript/TypeScript file."""
    out: dict[str, str] = {}
    for pattern in (_JS_REQUIRE, _JS_IMPORT):
        for m in pattern.finditer(text):
            bind, module = m.group("bind"), m.group("mod")
            for piece in re.split(r"[,{}]", bind):
                piece = piece.strip()
                if not piece or piece == "type":
                    continue
                piece = re.sub(r"^\*[ \t]+as[ \t]+", "", piece)
                local = re.split(r"(?<![ \t])[ \t]+as[ \t]+|:[ \t]*", piece)[-1].strip()
                if re.fullmatch(r"[\w$]{1,100}", local):
                    out[local] = module
    return out


def _project_modules(files: Mapping[str, str]) -> set[str]:
    names: set[str] = set()
    for path in files:
        stem = path.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        names.add(stem)
        names.update(p for p in path.split("/")[:-1] if p)
    return names


def name_origin(name: str, files: Mapping[str, str], *, _depth: int = 0) -> Origin | None:
    """Who owns ``name`` (a class, function or variable; ``a.b`` looks up ``a``) in the run's code.

    The project, when a file defines it (``class``/``def``/``function``) or imports it from a
    project module; a library, when a file imports it from a package the project does not hold,
    or binds it from such an import (``const db = new sqlite3.Database(...)``, one step); then,
    with no answer from the code, the table of well-known library types. None when unknown.
    """
    if not name:
        return None
    head = name.split(".")[0]
    local_modules = _project_modules(files) if files else set()
    for path, text in files.items():
        language = _language(path)
        if language is None or not isinstance(text, str):
            continue
        text = text[:500_000]
        m = _definition(head, language).search(text)
        if m:
            return Origin("project", path, path, _line_of(text, m.start()))
        imports = _python_imports(text) if language == "python" else _js_imports(text)
        module = imports.get(head)
        if module is not None:
            top = _top_package(module.lstrip("."), language)
            if _is_relative(module) or top in local_modules:
                return Origin("project", module, path)
            return Origin("library", top, path)
        if _depth == 0:
            assign = _PY_ASSIGN if language == "python" else _JS_ASSIGN
            for m in assign.finditer(text):
                if m.group("name") == head and m.group("expr").split(".")[0] != head:
                    origin = name_origin(m.group("expr"), {path: text}, _depth=1)
                    if origin is not None and origin.kind == "library":
                        return Origin("library", origin.module, path, _line_of(text, m.start()))
    if name in KNOWN_LIBRARY_TYPES or head in KNOWN_LIBRARY_TYPES:
        return Origin("library", KNOWN_LIBRARY_TYPES.get(name) or KNOWN_LIBRARY_TYPES[head])
    return None


#: The owner an attribute or signature error names, by message shape.
_OWNER_PATTERNS = (
    re.compile(r"^'(?P<owner>[\w.]{1,200})' object has no attribute '(?P<attr>\w{1,200})'"),
    re.compile(r"^type object '(?P<owner>[\w.]{1,200})' has no attribute '(?P<attr>\w{1,200})'"),
    re.compile(r"^module '(?P<owner>[\w.]{1,200})' has no attribute '(?P<attr>\w{1,200})'"),
    re.compile(
        r"^(?P<owner>[\w.]{1,200}?)(?:\.__init__)?\(\) (?:got an unexpected keyword argument '(?P<attr>\w{1,200})'|missing \d{1,2} required|takes (?:from )?\d|got multiple values)"
    ),
    re.compile(r"^(?P<owner>[\w$.]{1,200})\.(?P<attr>[\w$]{1,100}) is not a function"),
)
_SIGNATURE_PATTERN = 3


def error_owner(message: str) -> tuple[str, str | None] | None:
    """(owner, attribute) named by an attribute or signature error message, e.g.
    ``('FileResponse', 'content')`` for ``FileResponse.__init__() got an unexpected keyword argument 'content'``."""
    for i, pattern in enumerate(_OWNER_PATTERNS):
        m = pattern.search(message)
        if m:
            owner = m.group("owner")
            if i == _SIGNATURE_PATTERN:
                owner = owner.split(".")[0]  # "Session.execute()": a method of Session
            return owner, m.groupdict().get("attr")
    return None


#: Expressions that hold a request's parsed body, by framework.
_REQUEST_BODY = re.compile(r"^(?:req|request|ctx\.request|c\.req)\.body\b")


def is_request_body(expr: str, files: Mapping[str, str]) -> bool:
    """Whether ``expr`` is the request body (``req.body``, ``ctx.request.body``) or a variable bound
    straight from it (``const text = req.body``), in any JavaScript/TypeScript file of the run."""
    if _REQUEST_BODY.match(expr):
        return True
    head = re.escape(expr.split(".")[0])
    bound = re.compile(
        rf"\b(?:const|let|var)[ \t]+{head}[ \t]*=[ \t]*(?:req|request|ctx\.request)\.body\b|\b(?:const|let|var)[ \t]+\{{[^}}]{{0,300}}\b{head}\b[^}}]{{0,300}}\}}[ \t]*=[ \t]*(?:req|request|ctx\.request)\.body\b"
    )
    return any(_language(path) == "node" and isinstance(text, str) and bound.search(text[:500_000]) for path, text in files.items())


#: Query methods of ORM managers, querysets, sessions and model classes. Called on a model
#: *instance* (or a plain row), they do not exist there: ``article.update(...)``, ``user.filter``.
ORM_QUERY_METHODS = frozenset(
    "update filter filter_by exclude all first get_or_create order_by values values_list select_related prefetch_related "
    "annotate aggregate query findAll findOne findByPk findOrCreate findAndCountAll bulkCreate where".split()
)
#: Owners named like a layer of the project (a service calling a method it lacks is a cross-file reference).
_LAYER_OWNER = re.compile(r"(?:service|repository|repo|controller|dao|handler|router|api|client|manager|store)s?$", re.IGNORECASE)


def orm_method_on_instance(owner: str, attr: str | None) -> bool:
    """Whether ``owner.attr`` reads as a query method of an ORM called on one object (a model
    instance or a row), not on its manager or model class: ``'Article' object has no attribute
    'update'``, ``user.update is not a function``."""
    return bool(attr) and attr in ORM_QUERY_METHODS and not _LAYER_OWNER.search(owner.split(".")[-1])
