"""Operators for ``startup.syntax`` and ``startup.dependency``: the server never starts.

Syntax operators edit text (libcst cannot hold unparseable code): one mutant per site,
the sites spread over the layers (routes/views, services, repositories, models), so a
run's traceback points at different modules. Dependency operators import packages that
are not installed in the corpus venv, or APIs the installed versions removed (each one
checked against the venv: Flask 3.1, SQLAlchemy 2.1, Django 5.2, pydantic 2, PyJWT 2,
Python 3.11).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator

from rootcause.corpus.operators.base import ALL, AppSource, Mutant, operator

_ROUTES = {"django_orm": "conduit/views"}


def _routes_dir(app: AppSource) -> str:
    return _ROUTES.get(app.stack, "conduit/routes")


def layer_paths(app: AppSource) -> list[str]:
    """Representative modules, one layer after another: routes, services, repositories, models.

    Every one of them is imported while the app starts.
    """
    r = _routes_dir(app)
    wanted = [
        f"{r}/articles.py",
        "conduit/services/user_service.py",
        "conduit/repositories/article_repository.py",
        "conduit/models/user.py" if "conduit/models/user.py" in app.files else "conduit/models.py",
        f"{r}/users.py",
        "conduit/services/article_service.py",
        "conduit/repositories/user_repository.py",
        f"{r}/comments.py",
        "conduit/services/comment_service.py",
    ]
    return [p for p in wanted if p in app.files]


def _tree(app: AppSource, path: str) -> ast.Module:
    return ast.parse(app.files[path])


def _lines(app: AppSource, path: str) -> list[str]:
    return app.files[path].split("\n")


def _edit_line(app: AppSource, path: str, lineno: int, edit: Callable[[str], str]) -> str:
    lines = _lines(app, path)
    lines[lineno - 1] = edit(lines[lineno - 1])
    return "\n".join(lines)


def _site(path: str, lineno: int, what: str) -> str:
    return f"{path}:{lineno} {what}"


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return sorted((n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))), key=lambda n: n.lineno)


def insert_after_imports(text: str, new_lines: list[str], body_lines: list[str] | None = None) -> str:
    """``text`` with ``new_lines`` after its last top-level import (and ``body_lines`` after that, a blank line apart)."""
    tree = ast.parse(text)
    last = max((n.end_lineno or n.lineno for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))), default=0)
    lines = text.split("\n")
    extra = list(new_lines)
    if body_lines:
        extra += ["", *body_lines]
    return "\n".join(lines[:last] + extra + lines[last:])


# ----------------------------------------------------------------------------- startup.syntax


def _header_lines(app: AppSource, path: str, kinds: tuple[type[ast.stmt], ...]) -> list[int]:
    """Lines of one-line compound-statement headers ending with ``:`` (first line of the node)."""
    lines = _lines(app, path)
    out = []
    for node in ast.walk(_tree(app, path)):
        if isinstance(node, kinds):
            line = lines[node.lineno - 1].rstrip()
            if line.endswith(":") and "#" not in line:
                out.append(node.lineno)
    return sorted(out)


@operator("syntax_missing_colon", "startup.syntax", stacks=ALL)
def syntax_missing_colon(app: AppSource) -> Iterator[Mutant]:
    """A block header (``def``/``if``/``for``) lost its trailing colon: SyntaxError at import.

    Study: "SyntaxError: expected ':'" in a handler or service the agent rewrote by hand.
    """
    for i, path in enumerate(layer_paths(app)):
        kinds = (ast.If, ast.For) if i % 2 else (ast.FunctionDef, ast.AsyncFunctionDef)
        lines = _header_lines(app, path, kinds) or _header_lines(app, path, (ast.FunctionDef, ast.AsyncFunctionDef))
        if lines:
            n = lines[min(1, len(lines) - 1)]
            yield _site(path, n, "header without ':'"), {path: _edit_line(app, path, n, lambda s: s.rstrip()[:-1])}


@operator("syntax_unbalanced_bracket", "startup.syntax", stacks=ALL)
def syntax_unbalanced_bracket(app: AppSource) -> Iterator[Mutant]:
    """A call or literal is left with an unclosed bracket: "'(' was never closed" at import.

    Study: truncated edits that drop the closing parenthesis of a multi-line call.
    """
    for path in layer_paths(app):
        lines = _lines(app, path)
        for n, line in enumerate(lines, 1):
            code = line.rstrip()
            if code.lstrip().startswith(("#", "@", "def ", "async def ", "class ")) or '"""' in code:
                continue
            if code.endswith(")") and code.count("(") == code.count(")") and code.count("(") >= 1 and "return" in code:
                yield _site(path, n, "closing ')' dropped"), {path: _edit_line(app, path, n, lambda s: s.rstrip()[:-1])}
                break


@operator("syntax_bad_indentation", "startup.syntax", stacks=ALL)
def syntax_bad_indentation(app: AppSource) -> Iterator[Mutant]:
    """A statement in a function body is indented two spaces off: IndentationError at import.

    Study: mixed indentation after an agent pasted a block into an existing function.
    """
    for i, path in enumerate(layer_paths(app)):
        for fn in _functions(_tree(app, path)):
            body = [s for s in fn.body if not (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant))]
            if len(body) < 2 or body[1].lineno <= (body[0].end_lineno or body[0].lineno):
                continue
            n = body[1].lineno
            if i % 2:
                yield _site(path, n, "dedented by two spaces"), {path: _edit_line(app, path, n, lambda s: s[2:])}
            else:
                yield _site(path, n, "indented by two extra spaces"), {path: _edit_line(app, path, n, lambda s: "  " + s)}
            break


def _compiles(text: str, path: str) -> bool:
    try:
        compile(text, path, "exec", dont_inherit=True)
    except SyntaxError:
        return False
    return True


def _first_line(app: AppSource, path: str, pattern: str, skip: int = 0) -> int | None:
    regex = re.compile(pattern)
    hits = [n for n, line in enumerate(_lines(app, path), 1) if regex.search(line) and '"""' not in line]
    return hits[min(skip, len(hits) - 1)] if hits else None


@operator("syntax_javascript_ism", "startup.syntax", stacks=ALL)
def syntax_javascript_ism(app: AppSource) -> Iterator[Mutant]:
    """JavaScript written into a Python file: ``===``, ``&&``, a ``//`` comment, ``const x =``.

    Study: agents switching between the Node and Python tasks leave JS syntax in .py files.
    """
    paths = layer_paths(app)
    variants = [
        (r"[^=!<>]==[^=]", lambda s: re.sub(r"(?<=[^=!<>])==(?=[^=])", "===", s, count=1), "'==' written as '==='"),
        (r"^\s+#\s", lambda s: s.replace("#", "//", 1), "'#' comment written as '//'"),
        (r"^\s+\w+ = \S", lambda s: re.sub(r"^(\s+)(\w+ = )", r"\1const \2", s, count=1), "assignment written as 'const x ='"),
        (r"\sand\s", lambda s: s.replace(" and ", " && ", 1), "'and' written as '&&'"),
        (r"\bif not ", lambda s: s.replace("if not ", "if !", 1), "'not' written as '!'"),
    ]
    used = set()
    for pattern, edit, what in variants:
        for path in paths:
            if path in used:
                continue
            n = _first_line(app, path, pattern)
            if n is None or "import" in _lines(app, path)[n - 1]:
                continue
            text = _edit_line(app, path, n, edit)
            if _compiles(text, path):  # e.g. the line sat inside a docstring
                continue
            used.add(path)
            yield _site(path, n, what), {path: text}
            break


@operator("syntax_unterminated_string", "startup.syntax", stacks=ALL)
def syntax_unterminated_string(app: AppSource) -> Iterator[Mutant]:
    """A string or f-string literal misses its closing quote: "unterminated string literal".

    Study: quotes lost when an agent wrote source through a shell heredoc or echo.
    """
    regex = re.compile(r"""(f?)(["'])([^"'\n\\]{2,})\2""")
    for path in layer_paths(app):
        lines = _lines(app, path)
        for n, line in enumerate(lines, 1):
            stripped = line.strip()
            if stripped.startswith(("#", "from ", "import ", "@")) or '"""' in line or "'''" in line:
                continue
            hit = regex.search(line)
            if hit:
                cut = hit.end() - 1
                what = "unterminated f-string" if hit.group(1) else "unterminated string"

                def drop_quote(s: str, c: int = cut) -> str:
                    return s[:c] + s[c + 1 :]

                yield _site(path, n, what), {path: _edit_line(app, path, n, drop_quote)}
                break


@operator("syntax_await_outside_async", "startup.syntax", stacks=ALL)
def syntax_await_outside_async(app: AppSource) -> Iterator[Mutant]:
    """``await`` inside a plain ``def``: "'await' outside async function" when the module compiles.

    Study: async/sync confusion, e.g. an async handler turned into ``def`` or an ``await``
    copied into a synchronous Flask/Django view.
    """
    async_stack = app.stack in ("fastapi_sqlalchemy_async", "aiohttp_raw_sql")
    for path in layer_paths(app):
        tree = _tree(app, path)
        for fn in _functions(tree):
            if async_stack:
                if isinstance(fn, ast.AsyncFunctionDef) and any(isinstance(n, ast.Await) for n in ast.walk(fn)):
                    line = _lines(app, path)[fn.lineno - 1]
                    if "async def" in line:
                        yield (
                            _site(path, fn.lineno, f"async dropped from {fn.name}"),
                            {path: _edit_line(app, path, fn.lineno, lambda s: s.replace("async def", "def", 1))},
                        )
                        break
            else:
                calls = [s.value for s in fn.body if isinstance(s, (ast.Assign, ast.Return)) and isinstance(s.value, ast.Call)]
                if calls:
                    call = calls[0]
                    col = call.col_offset
                    n = call.lineno

                    def add_await(s: str, c: int = col) -> str:
                        return s[:c] + "await " + s[c:]

                    yield _site(path, n, f"await in def {fn.name}"), {path: _edit_line(app, path, n, add_await)}
                    break


# ----------------------------------------------------------------------------- startup.dependency


def _auth(app: AppSource) -> str:
    return "conduit/auth.py"


def _config(app: AppSource) -> str:
    return "conduit_project/settings.py" if app.stack == "django_orm" else "conduit/config.py"


def _entry(app: AppSource) -> str:
    return "conduit_project/settings.py" if app.stack == "django_orm" else "app.py"


@operator("import_missing_auth_package", "startup.dependency.missing_package", stacks=ALL)
def import_missing_auth_package(app: AppSource) -> Iterator[Mutant]:
    """auth.py imports a JWT or password-hashing package that is not installed.

    Study: ModuleNotFoundError for jose / passlib / bcrypt: the code follows a tutorial's
    stack while the environment has only PyJWT and the standard library.
    """
    path = _auth(app)
    text = app.files[path]
    if "\nimport jwt\n" in text:
        yield f"{path} python-jose", {path: text.replace("\nimport jwt\n", "\nfrom jose import jwt\n", 1)}
    yield (
        f"{path} passlib",
        {path: insert_after_imports(text, ["from passlib.context import CryptContext"], ['pwd_context = CryptContext(schemes=["bcrypt"], deprecated="auto")'])},
    )
    yield f"{path} bcrypt", {path: insert_after_imports(text, ["import bcrypt"], ["BCRYPT_ROUNDS = bcrypt.gensalt(rounds=12)"])}
    yield f"{path} argon2", {path: insert_after_imports(text, ["from argon2 import PasswordHasher"], ["_hasher = PasswordHasher()"])}


#: stack -> (path, import lines added, lines added after the imports, optional (old, new) text change)
_EXTENSIONS: dict[str, list[tuple[str, list[str], list[str] | None, tuple[str, str] | None]]] = {
    "flask_sqlalchemy": [
        ("app.py", ["from flask_cors import CORS"], None, ("    register_blueprints(app)\n", "    register_blueprints(app)\n    CORS(app)\n")),
        ("conduit/config.py", ["from dotenv import load_dotenv"], ["load_dotenv()"], None),
        ("conduit/services/validation.py", ["from marshmallow import Schema, fields"], None, None),
        ("conduit/db.py", ["from flask_sqlalchemy import SQLAlchemy"], ["sqla = SQLAlchemy()"], None),
    ],
    "fastapi_sqlalchemy_async": [
        ("conduit/config.py", ["from pydantic_settings import BaseSettings"], None, None),
        ("app.py", ["from dotenv import load_dotenv"], ["load_dotenv()"], None),
        ("conduit/services/article_service.py", ["from slugify import slugify as make_slug"], None, None),
        ("conduit/services/validation.py", ["from email_validator import EmailNotValidError, validate_email"], None, None),
    ],
    "django_orm": [
        ("conduit_project/settings.py", ["import dj_database_url"], None, None),
        ("conduit_project/settings.py", [], None, ('INSTALLED_APPS = ["conduit"]', 'INSTALLED_APPS = ["corsheaders", "conduit"]')),
        ("conduit/views/common.py", ["from rest_framework import status"], None, None),
        ("conduit_project/settings.py", ["from dotenv import load_dotenv"], ["load_dotenv()"], None),
    ],
    "aiohttp_raw_sql": [
        ("app.py", ["import aiohttp_cors"], None, None),
        ("conduit/config.py", ["from dotenv import load_dotenv"], ["load_dotenv()"], None),
        ("conduit/services/article_service.py", ["from slugify import slugify as make_slug"], None, None),
        ("conduit/auth.py", ["from passlib.hash import pbkdf2_sha256"], None, None),
    ],
}


@operator("import_missing_extension", "startup.dependency.missing_package", stacks=ALL)
def import_missing_extension(app: AppSource) -> Iterator[Mutant]:
    """The app imports a framework extension or helper library that is not installed.

    Study: flask_cors, python-dotenv, marshmallow, pydantic-settings, corsheaders, slugify
    imported (or listed in INSTALLED_APPS) without being in the environment.
    """
    for path, imports, body, replace in _EXTENSIONS[app.stack]:
        text = app.files[path]
        if imports:
            text = insert_after_imports(text, imports, body)
        if replace is not None:
            if replace[0] not in text:
                continue
            text = text.replace(replace[0], replace[1], 1)
        if imports:
            what = imports[0]
        else:
            assert replace is not None, "every _EXTENSIONS entry adds an import or changes text"
            what = replace[1].strip()
        yield f"{path} {what}", {path: text}


# (path, import line added, optional (old, new) text change); every name is gone from the installed version.
_REMOVED: dict[str, list[tuple[str, str | None, tuple[str, str] | None]]] = {
    "flask_sqlalchemy": [
        ("app.py", "from flask import _app_ctx_stack", None),
        ("conduit/routes/common.py", "from flask import escape", None),
        ("conduit/errors.py", "from flask.json import JSONEncoder", None),
        ("conduit/models/article.py", "from sqlalchemy.orm import relation", None),
        (
            "app.py",
            None,
            (
                "    register_blueprints(app)\n",
                "    register_blueprints(app)\n\n    @app.before_first_request\n    def _warm_up() -> None:\n        db.get_engine()\n\n",
            ),
        ),
    ],
    "fastapi_sqlalchemy_async": [
        ("conduit/config.py", "from pydantic import BaseSettings", None),
        ("conduit/models/article.py", "from sqlalchemy.orm import relation", None),
        ("conduit/repositories/article_repository.py", "from sqlalchemy.orm import eagerload", None),
        ("conduit/models/user.py", "from sqlalchemy import Binary", None),
    ],
    "django_orm": [
        ("conduit_project/urls.py", "from django.conf.urls import url", None),
        ("conduit/services/validation.py", "from django.utils.encoding import force_text", None),
        ("conduit/models.py", "from django.utils.translation import ugettext_lazy as _", None),
        ("conduit/services/clock.py", "from django.utils.timezone import utc", None),
    ],
    "aiohttp_raw_sql": [
        ("conduit/auth.py", "from jwt.exceptions import ExpiredSignature", None),
        ("conduit/routes/common.py", "from aiohttp.web_reqrep import Request", None),
        ("conduit/errors.py", "from aiohttp import errors as aiohttp_errors", None),
        ("conduit/services/dto.py", "from collections import Mapping", None),
    ],
}


@operator("import_removed_api", "startup.dependency.incompatible", stacks=ALL)
def import_removed_api(app: AppSource) -> Iterator[Mutant]:
    """The code uses an API the installed library version removed (ImportError/AttributeError at startup).

    Study: code written for Flask 1/2, SQLAlchemy 1.x, pydantic 1, Django 3, PyJWT 1 or
    aiohttp 1/2 (``_app_ctx_stack``, ``before_first_request``, ``BaseSettings``,
    ``django.conf.urls.url``, ``relation``...).
    """
    for path, line, replace in _REMOVED[app.stack]:
        text = app.files.get(path)
        if text is None:
            continue
        if line:
            text = insert_after_imports(text, [line])
        if replace is not None:
            if replace[0] not in text:
                continue
            text = text.replace(replace[0], replace[1], 1)
        added = [ln.strip() for ln in replace[1].splitlines() if ln.strip() and ln not in replace[0]] if replace else []
        yield f"{path} {line or added[0]}", {path: text}


@operator("pyjwt_v1_calls", "startup.dependency.incompatible", stacks=ALL)
def pyjwt_v1_calls(app: AppSource) -> Iterator[Mutant]:
    """auth.py calls PyJWT with the 1.x conventions against PyJWT 2 (encode returns str; decode needs algorithms).

    Study: "'str' object has no attribute 'decode'" on register/login, or every token refused
    because ``jwt.decode`` was called without ``algorithms``.
    """
    path = _auth(app)
    text = app.files[path]
    hit = re.search(r"return jwt\.encode\(([^\n]*)\)\n", text)
    if hit:
        yield (
            f"{path} jwt.encode(...).decode('utf-8')",
            {path: text[: hit.start()] + f'return jwt.encode({hit.group(1)}).decode("utf-8")\n' + text[hit.end() :]},
        )
    hit = re.search(r", algorithms=\[ALGORITHM\]\)", text)
    if hit:
        yield f"{path} jwt.decode without algorithms", {path: text[: hit.start()] + ")" + text[hit.end() :]}
