"""Shared helpers for gen/nodeweb.py: write a small Node project, run it under a real tool, capture output."""

from __future__ import annotations

import json
import textwrap

from capture import Case, status_lines

# A CI-style wrapper: runs a shell command and prefixes every line with a UTC timestamp as it is read
# (what GitHub Actions' raw log looks like). Written into the case folder and run with the venv's python.
CI_STAMP = r'''
import datetime, subprocess, sys
proc = subprocess.Popen(sys.argv[1], shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace")
for line in proc.stdout:
    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "0000Z"
    sys.stdout.write(f"{now} {line}")
    sys.stdout.flush()
sys.exit(proc.wait())
'''


def d(text: str) -> str:
    """Dedent a JS/TS source written inline."""
    return textwrap.dedent(text).lstrip("\n")


def pkg(*, type_module: bool = False, type_cjs: bool = False, scripts: dict | None = None, jest: bool = False,
        deps: tuple[str, ...] = (), main: str | None = None) -> str:
    data: dict = {"name": "conduit-api", "version": "1.0.0", "private": True}
    if main:
        data["main"] = main
    if type_module:
        data["type"] = "module"
    if type_cjs:
        data["type"] = "commonjs"
    if scripts:
        data["scripts"] = scripts
    if deps:
        data["dependencies"] = {name: "*" for name in deps}
    if jest:
        data["jest"] = {"testEnvironment": "node"}
    return json.dumps(data, indent=2) + "\n"


def prep(ctx, files: dict[str, str]) -> None:
    ctx.write({k: (d(v) if k.endswith((".js", ".ts", ".mjs", ".cjs")) else v) for k, v in files.items()})
    ctx.link_node_modules()


def run(files: dict[str, str], cmd: str, *, timeout: float = 40, env: dict | None = None, key: str = "log"):
    """A make(): write files, run one command, keep its output."""
    def make(ctx):
        prep(ctx, files)
        return {key: ctx.run(cmd.replace("{PORT}", str(ctx.port)), timeout=timeout, env=env)}
    return make


def ci(files: dict[str, str], cmd: str, *, timeout: float = 40, env: dict | None = None, key: str = "log"):
    """A make(): like run(), but every line timestamped the way a CI log shows it."""
    def make(ctx):
        prep(ctx, files)
        ctx.write({".ci/stamp.py": CI_STAMP})
        return {key: ctx.run(["python", ".ci/stamp.py", cmd.replace("{PORT}", str(ctx.port))], timeout=timeout, env=env)}
    return make


def serve(files: dict[str, str], cmd: str, requests: list[dict], *, startup: float = 15, env: dict | None = None,
          settle: float = 0.4, pre: str | None = None):
    """A make(): start the server for real, send requests, keep the server log and the client's status lines."""
    def make(ctx):
        prep(ctx, files)
        command = cmd.replace("{PORT}", str(ctx.port))
        log, responses = ctx.serve(command, requests, startup=startup, env=env, settle=settle)
        return {"log": log, "test_output": ctx.clean(status_lines(responses))}
    return make


def case(id, label, shape, source, kind, cause, rationale, make, *, libs=(), fw=None, expect=None, db=None) -> Case:
    return Case(id=id, label=label, language="node", shape=shape, source=source, source_kind=kind, cause=cause,
                rationale=rationale, make=make, libraries=tuple(libs), framework=fw, database=db, expect=expect)
