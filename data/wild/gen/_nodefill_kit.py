"""Helpers for gen/nodefill.py: write a small generated-looking Node backend, run it for real, keep the output.

- ``run``: write the files, run one command (optionally through a CI timestamp wrapper or honcho), keep its output.
- ``serve``: start the server, send fixed requests, keep the server log and the client's status lines.
- ``with_client``: start the server, run a client program (our harness, a node script) once it listens.
- ``pg``: wrap a make() so that a throwaway PostgreSQL cluster runs while it does (DSN in ``ctx.env``).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import subprocess
import textwrap
import time

from _client_kit import HARNESS_JS  # noqa: F401  (re-exported for the cases)
from capture import Case, _stop, _wait_port, free_port, postgres, status_lines

CI_STAMP = '''
import datetime, subprocess, sys
proc = subprocess.Popen(sys.argv[1], shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
for line in proc.stdout:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "0000Z"
    sys.stdout.write(f"{now} {line}")
    sys.stdout.flush()
sys.exit(proc.wait())
'''


def d(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def pkg(*deps: str, main: str | None = None, module: bool = False, scripts: dict | None = None,
        jest: bool = False) -> str:
    data: dict = {"name": "generated-api", "version": "1.0.0", "private": True}
    if main:
        data["main"] = main
    if module:
        data["type"] = "module"
    if scripts:
        data["scripts"] = scripts
    if deps:
        data["dependencies"] = {name: "*" for name in deps}
    if jest:
        data["jest"] = {"testEnvironment": "node"}
    return json.dumps(data, indent=2) + "\n"


def _write(ctx, files: dict[str, str]) -> None:
    ctx.write({k: (d(v) if k.endswith((".js", ".mjs", ".cjs", ".ts")) else v) for k, v in files.items()})
    ctx.link_node_modules()


def _sub(text: str, ctx) -> str:
    for key, value in ctx.env.items():
        text = text.replace("{" + key + "}", value)
    return text.replace("{PORT}", str(ctx.port))


def _fill(ctx, names) -> None:
    for name in names:
        path = ctx.dir / name
        path.write_text(_sub(path.read_text(), ctx))


def ci(ctx, command: str, *, timeout: float = 40, env: dict | None = None) -> str:
    ctx.write({".ci/stamp.py": CI_STAMP})
    return ctx.run(["python", ".ci/stamp.py", command], timeout=timeout, env=env)


def run(files: dict[str, str], cmd: str, *, key: str = "log", stamp: bool = False, env: dict | None = None,
        timeout: float = 40, fill: tuple[str, ...] = (), setup=None, hold_port: bool = False):
    """A make(): write files, run one command, keep its output (under ``key``)."""
    def make(ctx):
        _write(ctx, files)
        _fill(ctx, fill)
        if setup:
            setup(ctx)
        command = _sub(cmd, ctx)
        environ = {"PORT": str(ctx.port), **{k: _sub(v, ctx) for k, v in (env or {}).items()}}
        with _holder(ctx.port) if hold_port else contextlib.nullcontext():
            out = ci(ctx, command, timeout=timeout, env=environ) if stamp else ctx.run(command, timeout=timeout, env=environ)
        return {key: out}
    return make


@contextlib.contextmanager
def _holder(port: int):
    """Another process already listening on the port (a dev server left running)."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("0.0.0.0", port))
    s.listen(1)
    try:
        yield
    finally:
        s.close()


def serve(files: dict[str, str], cmd: str, requests: list[dict], *, env: dict | None = None, settle: float = 0.4,
          startup: float = 15, fill: tuple[str, ...] = ()):
    """A make(): start the server, send the requests, keep its log and the client's status lines."""
    def make(ctx):
        _write(ctx, files)
        _fill(ctx, fill)
        environ = {k: _sub(v, ctx) for k, v in (env or {}).items()}
        log, responses = ctx.serve(_sub(cmd, ctx), requests, startup=startup, env=environ, settle=settle)
        return {"log": log, "test_output": ctx.clean(status_lines(responses))}
    return make


def with_client(files: dict[str, str], server_cmd: str, client_cmd: str, *, env: dict | None = None,
                startup: float = 15, settle: float = 0.4, wait_port: bool = True, grace: float = 1.5,
                client_stamp: bool = False, fill: tuple[str, ...] = ()):
    """A make(): start the server; once it listens (or after ``grace`` s when ``wait_port`` is off) run the client."""
    def make(ctx):
        _write(ctx, files)
        _fill(ctx, fill)
        environ = {"PORT": str(ctx.port), **{k: _sub(v, ctx) for k, v in (env or {}).items()}}
        out_path = ctx.dir / ".server.out"
        with out_path.open("wb") as out:
            proc = subprocess.Popen(_sub(server_cmd, ctx), cwd=ctx.dir, env=ctx._env(environ), stdout=out,
                                    stderr=subprocess.STDOUT, shell=True, start_new_session=True)
            try:
                if wait_port:
                    up = _wait_port(ctx.port, proc, startup)
                else:
                    time.sleep(grace)
                    up = True
                if not up:
                    client = "server not listening"
                elif client_stamp:
                    client = ci(ctx, _sub(client_cmd, ctx), env=environ)
                else:
                    client = ctx.run(_sub(client_cmd, ctx), env=environ, timeout=40)
                time.sleep(settle)
            finally:
                _stop(proc)
        return {"test_output": client, "log": ctx.clean(out_path.read_text(errors="replace"))}
    return make


def pg(make, *, password_auth: bool = False, role: str = "app", password: str = "s3cret-2024"):
    """Run ``make`` while a throwaway PostgreSQL cluster is up; ``ctx.env`` gets PG_PORT and DATABASE_URL.

    With ``password_auth`` a login role with a password is created and TCP logins other than the
    superuser's need that password (scram-sha-256).
    """
    def wrapped(ctx):
        with postgres() as dsn:
            port = dsn.rsplit(":", 1)[1].split("/")[0]
            ctx.env["PG_PORT"] = port
            ctx.env["DATABASE_URL"] = dsn
            if password_auth:
                psql = ["psql", dsn, "-v", "ON_ERROR_STOP=1", "-qAt", "-c"]
                subprocess.run(psql + [f"CREATE ROLE {role} LOGIN PASSWORD '{password}'"], check=True, capture_output=True)
                subprocess.run(psql + [f"GRANT ALL ON DATABASE app TO {role}"], check=True, capture_output=True)
                hba = subprocess.run(psql + ["SHOW hba_file"], check=True, capture_output=True, text=True).stdout.strip()
                with open(hba, "w") as fh:
                    fh.write("local all all trust\nhost all postgres 127.0.0.1/32 trust\n"
                             "host all all 127.0.0.1/32 scram-sha-256\n")
                subprocess.run(psql + ["SELECT pg_reload_conf()"], check=True, capture_output=True)
            out = make(ctx)
        return out
    return wrapped


def dead_port(make):
    """Run ``make`` with DEAD_PORT in ``ctx.env``: a loopback port nothing listens on."""
    def wrapped(ctx):
        ctx.env["DEAD_PORT"] = str(free_port())
        return make(ctx)
    return wrapped


def case(id, label, shape, source, kind, cause, rationale, make, *, libs=(), fw=None, db=None, expect=None,
         code=("app.js",)) -> Case:
    return Case(id=f"nodefill-{id}", label=label, language="node", shape=shape, source=source, source_kind=kind,
                cause=cause, rationale=rationale, make=make, libraries=tuple(libs), framework=fw, database=db,
                expect=expect, code=tuple(code))


__all__ = ["HARNESS_JS", "case", "d", "dead_port", "pg", "pkg", "run", "serve", "with_client", "os"]
