"""Entrypoint defects (``startup.entrypoint.*``): the code may be fine, but the harness cannot launch it.

The port or host is not the one required, the launcher points at an app object that
is not there, the entry script exits without serving, or ``run.sh`` runs something
that does not exist.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import cast

import libcst as cst
import libcst.matchers as m

from rootcause.corpus.operators.base import ALL, AppSource, Mutant, code_of, operator, replace_code
from rootcause.corpus.operators.xfile import _Rename

RUN = "run.sh"
_LAN_HOST = "192.168.1.100"

#: the command line each run.sh ends with
_LAUNCH = {
    "flask_sqlalchemy": 'exec "${PYTHON:-python3}" app.py',
    "aiohttp_raw_sql": 'exec "${PYTHON:-python3}" app.py',
    "fastapi_sqlalchemy_async": 'exec "${PYTHON:-python3}" -m uvicorn app:app --host "${HOST:-0.0.0.0}" --port "${PORT:-3000}"',
    "django_orm": 'exec "${PYTHON:-python3}" manage.py runserver --noreload "${HOST:-0.0.0.0}:${PORT:-3000}"',
}


def _run_sh(app: AppSource, new_launch: str) -> str | None:
    """run.sh with its launch line replaced (None when the line is not the expected one)."""
    text = app.files.get(RUN, "")
    old = _LAUNCH[app.stack]
    return text.replace(old, new_launch, 1) if old in text else None


def _mutants_of_run_sh(app: AppSource, variants: list[tuple[str, str]]) -> Iterator[Mutant]:
    for launch, what in variants:
        text = _run_sh(app, launch)
        if text is not None:
            yield (f"{RUN}: {what}: {launch}", {RUN: text})


def _server_call(app: AppSource) -> m.Call:
    """The call in app.py that starts serving (Flask ``app.run``, aiohttp ``web.run_app``)."""
    name = "run_app" if app.stack == "aiohttp_raw_sql" else "run"
    return m.Call(func=m.Attribute(attr=m.Name(name)))


def _set_kwarg(call: cst.Call, key: str, value: str | None) -> cst.Call:
    """``call`` with keyword ``key`` set to the expression ``value`` (removed when None)."""
    args = []
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == key:
            if value is None:
                continue
            arg = arg.with_changes(value=cst.parse_expression(value))
        args.append(arg)
    if args:
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return call.with_changes(args=args)


def _app_py_call_edits(app: AppSource, key: str, values: list[str | None]) -> Iterator[Mutant]:
    module = app.module("app.py")
    calls = m.findall(module, _server_call(app))
    if not calls:
        return
    call = cast(cst.Call, calls[0])
    for value in values:
        new = _set_kwarg(call, key, value)
        what = f"{key}={value}" if value is not None else f"no {key}="
        yield (f"app.py {code_of(call)[:40]}...: {what}", {"app.py": replace_code(module, call, new)})


def _config_edits(app: AppSource, key: str, replacements: list[tuple[str, str]]) -> Iterator[Mutant]:
    path = "conduit/config.py"
    text = app.files.get(path, "")
    line = re.search(rf"^(\s+){key}=(.*),$", text, re.M)
    if not line:
        return
    for new, what in replacements:
        mutated = text[: line.start(2)] + new + text[line.end(2) :]
        yield (f"{path}: {what}: {key}={new}", {path: mutated})


# ----------------------------------------------------------------------------- port / host


@operator("port_hardcoded", "startup.entrypoint.port", stacks=ALL)
def port_hardcoded(app: AppSource) -> Iterator[Mutant]:
    """The server ignores ``PORT`` and listens on a fixed port (the framework default or 3000).

    Study: the log says the server listens on a port other than the one the task requires;
    every request is refused.
    """
    if app.stack in ("flask_sqlalchemy", "aiohttp_raw_sql"):
        default = "5000" if app.stack == "flask_sqlalchemy" else "8080"
        yield from _app_py_call_edits(app, "port", [default, None if app.stack == "aiohttp_raw_sql" else "8080"])
        yield from _config_edits(app, "port", [("3000", "PORT ignored"), ('int(os.environ.get("APP_PORT") or 3000)', "reads another variable")])
    elif app.stack == "fastapi_sqlalchemy_async":
        head = 'exec "${PYTHON:-python3}" -m uvicorn app:app --host "${HOST:-0.0.0.0}"'
        yield from _mutants_of_run_sh(
            app,
            [
                (head, "no --port (uvicorn default 8000)"),
                (head + " --port 8000", "hard-coded port"),
                (head + " --port 3000", "hard-coded port"),
                (head + ' --port "${APP_PORT:-3000}"', "reads another variable"),
            ],
        )
    else:
        head = 'exec "${PYTHON:-python3}" manage.py runserver --noreload'
        yield from _mutants_of_run_sh(
            app,
            [
                (head, "no address (runserver default 127.0.0.1:8000)"),
                (head + ' "${HOST:-0.0.0.0}:8000"', "hard-coded port"),
                (head + ' "0.0.0.0:3000"', "hard-coded port"),
                (head + ' "${HOST:-0.0.0.0}:${DJANGO_PORT:-3000}"', "reads another variable"),
            ],
        )


@operator("host_unreachable", "startup.entrypoint.port", stacks=ALL)
def host_unreachable(app: AppSource) -> Iterator[Mutant]:
    """The server binds an interface the client does not reach: IPv6 loopback only, or a LAN address.

    Study: "Server listening on http://[::1]:3000" while every request to 127.0.0.1 gets
    no status; or the bind fails with "Cannot assign requested address".
    """
    if app.stack in ("flask_sqlalchemy", "aiohttp_raw_sql"):
        yield from _app_py_call_edits(app, "host", ['"::1"', f'"{_LAN_HOST}"'])
        yield from _config_edits(app, "host", [('"::1"', "HOST ignored")])
    elif app.stack == "fastapi_sqlalchemy_async":
        yield from _mutants_of_run_sh(
            app, [(f'exec "${{PYTHON:-python3}}" -m uvicorn app:app --host {host} --port "${{PORT:-3000}}"', "fixed host") for host in ("::1", _LAN_HOST)]
        )
    else:
        yield from _mutants_of_run_sh(
            app, [(f'exec "${{PYTHON:-python3}}" manage.py runserver --noreload "{host}:${{PORT:-3000}}"', "fixed host") for host in ("[::1]", _LAN_HOST)]
        )


# ----------------------------------------------------------------------------- app object


@operator("app_object_missing", "startup.entrypoint.app_object", stacks=ALL)
def app_object_missing(app: AppSource) -> Iterator[Mutant]:
    """The launcher is pointed at a module or attribute that is not the application.

    uvicorn/flask/aiohttp CLIs given ``module:attr`` that does not exist (or is a factory
    they cannot serve), the ASGI ``app`` renamed, or Django's settings, URLconf or WSGI
    module path wrong. Study: 'Attribute "app" not found in module', 'Failed to find
    attribute', ImproperlyConfigured at boot.
    """
    if app.stack == "fastapi_sqlalchemy_async":
        module = app.module("app.py")
        for new in ("application", "api"):
            renamed = module.visit(_RenameModuleName("app", new)).code
            yield (f"app.py: the ASGI app is named {new!r}; run.sh still serves app:app", {"app.py": renamed})
        tail = '--host "${HOST:-0.0.0.0}" --port "${PORT:-3000}"'
        yield from _mutants_of_run_sh(
            app,
            [
                (f'exec "${{PYTHON:-python3}}" -m uvicorn main:app {tail}', "module main does not exist"),
                (f'exec "${{PYTHON:-python3}}" -m uvicorn conduit.app:app {tail}', "module conduit.app does not exist"),
            ],
        )
    elif app.stack == "flask_sqlalchemy":
        tail = 'run --host "${HOST:-0.0.0.0}" --port "${PORT:-3000}"'
        yield from _mutants_of_run_sh(
            app,
            [
                (f'exec "${{PYTHON:-python3}}" -m flask --app app:app {tail}', "app.py has a factory, no app object"),
                (f'exec "${{PYTHON:-python3}}" -m flask --app conduit:app {tail}', "the conduit package has no app"),
                (f'exec "${{PYTHON:-python3}}" -m flask --app main {tail}', "module main does not exist"),
            ],
        )
    elif app.stack == "aiohttp_raw_sql":
        head = 'exec "${PYTHON:-python3}" -m aiohttp.web -H "${HOST:-0.0.0.0}" -P "${PORT:-3000}"'
        yield from _mutants_of_run_sh(
            app,
            [
                (f"{head} app:app", "app.py has a factory, no app object"),
                (f"{head} app:main", "the runner, not an app factory"),
                (f"{head} conduit.app:create_app", "module conduit.app does not exist"),
            ],
        )
    else:
        manage = app.files["manage.py"]
        yield ("manage.py: DJANGO_SETTINGS_MODULE=conduit.settings", {"manage.py": manage.replace('"conduit_project.settings"', '"conduit.settings"', 1)})
        yield ("manage.py: DJANGO_SETTINGS_MODULE=settings", {"manage.py": manage.replace('"conduit_project.settings"', '"settings"', 1)})
        settings = app.files["conduit_project/settings.py"]
        yield (
            "settings.py: ROOT_URLCONF=conduit.urls",
            {"conduit_project/settings.py": settings.replace('ROOT_URLCONF = "conduit_project.urls"', 'ROOT_URLCONF = "conduit.urls"', 1)},
        )
        yield (
            "settings.py: WSGI_APPLICATION points at a missing wsgi module",
            {"conduit_project/settings.py": settings.replace("WSGI_APPLICATION = None", 'WSGI_APPLICATION = "conduit_project.wsgi.application"', 1)},
        )


class _RenameModuleName(_Rename):
    """Renames a module-level variable and its loads (not attributes, keywords, imports or parameters)."""

    def leave_Param(self, original, updated):
        return original

    def leave_FunctionDef(self, original, updated):
        # only create_app's body declares a local "app"; keep function bodies as they were,
        # except main(), which serves the module-level object
        return updated if original.name.value == "main" else original


# ----------------------------------------------------------------------------- run script


@operator("main_guard_broken", "startup.entrypoint.run_script", stacks=("flask_sqlalchemy", "aiohttp_raw_sql", "django_orm"))
def main_guard_broken(app: AppSource) -> Iterator[Mutant]:
    """The script run.sh starts exits without serving: a broken ``__main__`` guard or no run call.

    Study: the server ran when the agent started it by hand, but the start command under
    test returns at once and nothing listens.
    """
    path = "manage.py" if app.stack == "django_orm" else "app.py"
    module = app.module(path)
    guard = m.If(test=m.Comparison(left=m.Name("__name__")))
    for node in m.findall(module, guard):
        wrong = node.with_changes(test=cst.parse_expression('__name__ == "main"'))
        yield (f'{path}: if __name__ == "main":', {path: replace_code(module, node, wrong)})
        yield (f"{path}: no __main__ guard call", {path: replace_code(module, node, cst.RemovalSentinel.REMOVE)})
    if app.stack != "django_orm":
        for hit in m.findall(module, _server_call(app)):
            call = cast(cst.Call, hit)
            stmt = next(
                s
                for s in m.findall(module, m.SimpleStatementLine())
                if any(x.deep_equals(cst.Expr(call)) or (isinstance(x, cst.Expr) and x.value is call) for x in cast(cst.SimpleStatementLine, s).body)
            )
            yield (f"{path}: main() builds the app but never calls {code_of(call.func)}", {path: replace_code(module, stmt, cst.RemovalSentinel.REMOVE)})


@operator("run_script_broken", "startup.entrypoint.run_script", stacks=ALL)
def run_script_broken(app: AppSource) -> Iterator[Mutant]:
    """``run.sh`` is missing or runs a file, module or command that does not exist.

    Study: ``./run.sh: not found`` and run scripts pointing at a file absent from the patch;
    every request then fails with connection refused.
    """
    yield (f"{RUN} deleted", {RUN: None})
    if app.stack in ("flask_sqlalchemy", "aiohttp_raw_sql"):
        yield from _mutants_of_run_sh(
            app,
            [
                ('exec "${PYTHON:-python3}" main.py', "file does not exist"),
                ('exec "${PYTHON:-python3}" src/app.py', "file does not exist"),
                ('exec "${PYTHON:-python3}" -m conduit', "package has no __main__"),
            ],
        )
    elif app.stack == "fastapi_sqlalchemy_async":
        yield from _mutants_of_run_sh(
            app, [('exec "${PYTHON:-python3}" main.py', "file does not exist"), ('exec "${PYTHON:-python3}" -m conduit', "package has no __main__")]
        )
    else:
        yield from _mutants_of_run_sh(
            app,
            [
                ('exec "${PYTHON:-python3}" conduit_project/manage.py runserver --noreload "${HOST:-0.0.0.0}:${PORT:-3000}"', "file does not exist"),
                ('exec "${PYTHON:-python3}" manage.py run "${HOST:-0.0.0.0}:${PORT:-3000}"', "unknown management command"),
            ],
        )
