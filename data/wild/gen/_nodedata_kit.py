"""Shared runners for the nodedata group: write a small Node program, run it under the real tool.

Each helper returns the captured texts (``log``/``test_output``); nothing here invents output.
"""

from __future__ import annotations

import json
from typing import Any

from capture import Context, postgres, status_lines

#: A CI-style wrapper: runs a command and stamps each line as it is read (like a CI log viewer).
TS_WRAPPER = r'''
import datetime, signal, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
# the process group gets the stop signal: let the child handle it and keep reading until it exits
signal.signal(signal.SIGINT, lambda *_: None)
signal.signal(signal.SIGTERM, lambda *_: proc.terminate())
for line in proc.stdout:
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    sys.stdout.write(f"{stamp} {line}")
    sys.stdout.flush()
sys.exit(proc.wait())
'''

PKG_CJS = json.dumps({"name": "app", "version": "1.0.0", "private": True})


def _prep(ctx: Context, files: dict[str, str]) -> None:
    ctx.link_node_modules()
    files = dict(files)
    files.setdefault("package.json", PKG_CJS)
    ctx.write(files)


def _wrap(cmd: list[str], shape: str, port: int) -> list[str]:
    if shape == "ci-timestamp":
        return ["python", "ts.py", *cmd]
    if shape == "compose-prefix":
        return ["honcho", "start", "-p", str(port)]
    return cmd


def serve(ctx: Context, files: dict[str, str], requests: list[dict[str, Any]], *, cmd: list[str] | None = None,
          shape: str = "node-stack", pg: bool = False, env: dict[str, str] | None = None, setup: list[str] | None = None,
          client_only: bool = False) -> dict[str, str]:
    """Start the app (optionally against a fresh PostgreSQL), send requests, return log + client view."""
    cmd = cmd or ["node", "app.js"]
    files = dict(files)
    if shape == "ci-timestamp":
        files["ts.py"] = TS_WRAPPER
    if shape == "compose-prefix":
        files["Procfile"] = "web: " + " ".join(cmd) + "\n"
    _prep(ctx, files)
    env = dict(env or {})

    def go() -> dict[str, str]:
        if setup:
            ctx.run(setup, env=env, timeout=30)
        log, responses = ctx.serve(_wrap(cmd, shape, ctx.port), requests, env=env, startup=15)
        client = ctx.clean(status_lines(responses))  # bodies may echo the case folder (e.g. Express's HTML stack)
        if client_only:
            return {"test_output": client}
        return {"log": log, "test_output": client}

    if pg:
        with postgres() as dsn:
            env["DATABASE_URL"] = dsn
            return go()
    return go()


def run(ctx: Context, files: dict[str, str], cmd: list[str], *, shape: str = "node-stack", pg: bool = False,
        env: dict[str, str] | None = None, key: str = "log", timeout: float = 60) -> dict[str, str]:
    """Run a script or a test runner once; its output is the captured text."""
    files = dict(files)
    if shape == "ci-timestamp":
        files["ts.py"] = TS_WRAPPER
        cmd = ["python", "ts.py", *cmd]
    _prep(ctx, files)
    env = dict(env or {})
    env.setdefault("NO_COLOR", "1")
    if pg:
        with postgres() as dsn:
            env["DATABASE_URL"] = dsn
            return {key: ctx.run(cmd, env=env, timeout=timeout)}
    return {key: ctx.run(cmd, env=env, timeout=timeout)}


def jest(ctx: Context, files: dict[str, str], *, pg: bool = False) -> dict[str, str]:
    files = dict(files)
    files["package.json"] = json.dumps({"name": "app", "private": True, "jest": {"testEnvironment": "node"}})
    return run(ctx, files, ["jest", "--ci"], pg=pg, key="test_output")


def mocha(ctx: Context, files: dict[str, str], *, pg: bool = False) -> dict[str, str]:
    return run(ctx, files, ["mocha", "--no-colors", "--exit", "test.js"], pg=pg, key="test_output")


def make_case_decorator(registry: list, Case, group: str = "nodedata"):
    """A decorator that registers ``make`` functions as cases of ``group`` (ids ``<group>-<slug>``)."""
    def case(slug, label, shape, source, kind, cause, rationale, libs, framework, database, expect):
        def deco(fn):
            registry.append(Case(
                id=f"{group}-{slug}", label=label, language="node", shape=shape, source=source, source_kind=kind,
                cause=cause, rationale=rationale, make=fn, libraries=tuple(libs), framework=framework,
                database=database, expect=expect,
            ))
            return fn
        return deco
    return case
