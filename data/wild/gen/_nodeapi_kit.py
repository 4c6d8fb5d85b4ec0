"""Shared helpers for gen/nodeapi.py: write a small Node API project, run it under a real tool, capture output.

Same conventions as the other Node groups: programs are written inline (dedented), the shared
``data/wild/node/node_modules`` is made visible to the case folder, and the output is captured as the
tool prints it. ``express5=True`` gives the case a node_modules folder in which ``express`` is the
pinned Express 5 release (installed under the npm alias ``express5``), every other package being the
shared one; the alias folder name is shown as ``express`` in captured paths, as it is in a real project.
"""

from __future__ import annotations

import json
import textwrap

from capture import NODE_MODULES, Case, status_lines

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
    return textwrap.dedent(text).lstrip("\n")


def pkg(*, module: bool = False, scripts: dict | None = None, deps: tuple[str, ...] = (), main: str | None = None,
        jest: bool = False) -> str:
    data: dict = {"name": "realworld-api", "version": "1.0.0", "private": True}
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


def _link_express5(ctx) -> None:
    nm = ctx.dir / "node_modules"
    nm.mkdir(exist_ok=True)
    for entry in NODE_MODULES.iterdir():
        name = entry.name
        if name in ("express", "express5"):
            continue
        (nm / name).symlink_to(entry, target_is_directory=entry.is_dir())
    (nm / "express").symlink_to(NODE_MODULES / "express5", target_is_directory=True)


def _fix(text: str) -> str:
    return text.replace("node_modules/express5/", "node_modules/express/")


def prep(ctx, files: dict[str, str], *, express5: bool = False) -> None:
    ctx.write({k: (d(v) if k.endswith((".js", ".ts", ".mjs", ".cjs", ".py")) else v) for k, v in files.items()})
    if express5:
        _link_express5(ctx)
    else:
        ctx.link_node_modules()


def _sub(cmd: str, ctx) -> str:
    return cmd.replace("{PORT}", str(ctx.port))


def run(files: dict[str, str], cmd: str, *, timeout: float = 40, env: dict | None = None, key: str = "log",
        express5: bool = False, ci: bool = False, setup=None):
    """A make(): write files, run one command (optionally CI-timestamped), keep its output."""
    def make(ctx):
        prep(ctx, files, express5=express5)
        if setup:
            setup(ctx)
        command = _sub(cmd, ctx)
        if ci:
            ctx.write({".ci/stamp.py": CI_STAMP})
            out = ctx.run(["python", ".ci/stamp.py", command], timeout=timeout, env=env)
        else:
            out = ctx.run(command, timeout=timeout, env=env)
        return {key: _fix(out)}
    return make


def serve(files: dict[str, str], cmd: str, requests: list[dict], *, startup: float = 15, env: dict | None = None,
          settle: float = 0.4, express5: bool = False, setup=None, port=None):
    """A make(): start the server for real, send requests, keep its log and the client's status lines."""
    def make(ctx):
        prep(ctx, files, express5=express5)
        if setup:
            setup(ctx)
        log, responses = ctx.serve(_sub(cmd, ctx), requests, startup=startup, env=env, settle=settle, port=port)
        return {"log": _fix(log), "test_output": ctx.clean(status_lines(responses))}
    return make


def case(id, label, shape, source, kind, cause, rationale, make, *, libs=(), fw=None, expect=None, db=None) -> Case:
    return Case(id=id, label=label, language="node", shape=shape, source=source, source_kind=kind, cause=cause,
                rationale=rationale, make=make, libraries=tuple(libs), framework=fw, database=db, expect=expect)


def fill(*names: str):
    """A setup(): in the named files, put the case's port for {PORT} and another free port for {FIXED_PORT}."""
    def setup(ctx):
        from capture import free_port
        fixed = str(free_port())
        for name in names:
            path = ctx.dir / name
            path.write_text(path.read_text().replace("{PORT}", str(ctx.port)).replace("{FIXED_PORT}", fixed))
    return setup
