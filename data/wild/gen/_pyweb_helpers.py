"""Helpers for gen/pyweb.py: run commands the way the reported shapes show them.

- ``serve``: start a real server (uvicorn, flask run, gunicorn, aiohttp, honcho), send requests, keep
  its output and the client's status lines.
- ``run``: run a tool once (pytest, unittest, a script, a server that fails to start).
- ``ts_cmd``: wrap a command in a small CI-style wrapper that timestamps each line as it is read.
- ``fence`` / ``html_pre``: the tiny renderer that turns a captured log into a markdown-fenced copy or
  an HTML-escaped ``<pre>`` copy (shapes ``markdown-fence`` and ``html-escaped``).
- ``hide_packages``: a project virtualenv-like folder that lacks some installed packages, for
  situations where a package was never installed.
"""

from __future__ import annotations

import html
import os
import socket
import sys
from pathlib import Path
from textwrap import dedent

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from capture import VENV_BIN, Context, status_lines  # noqa: E402

TS_WRAPPER = dedent('''\
    """CI-style log wrapper: prefix every line of the child's output with the time it was read."""
    import datetime, subprocess, sys
    proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    for line in proc.stdout:
        now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"
        sys.stdout.write(f"{now} {line}")
        sys.stdout.flush()
    sys.exit(proc.wait())
''')


def d(text: str) -> str:
    return dedent(text).lstrip("\n")


def fence(text: str, lang: str = "console") -> str:
    return f"```{lang}\n{text.rstrip()}\n```\n"


def html_pre(text: str) -> str:
    return '<pre class="log">' + html.escape(text.rstrip()) + "</pre>\n"


def ts_cmd(ctx: Context, cmd: str) -> str:
    ctx.write({"ci_ts.py": TS_WRAPPER})
    return f"python -u ci_ts.py {cmd}"


def hide_packages(ctx: Context, *names: str) -> dict[str, str]:
    """A site-packages folder without ``names``; returns the env to run ``python -S`` with it."""
    site = next((VENV_BIN.parent / "lib").glob("python3*/site-packages"))
    target = ctx.dir / "venv" / "lib" / site.parent.name / "site-packages"
    target.mkdir(parents=True)
    lowered = tuple(n.lower() for n in names)
    for entry in site.iterdir():
        if entry.name.lower().startswith(lowered):
            continue
        (target / entry.name).symlink_to(entry)
    return {"PYTHONPATH": str(target)}


def serve(files, cmd, requests=(), *, render=None, env=None, setup=None, log_only=False, startup=20, settle=0.3):
    def make(ctx: Context) -> dict[str, str]:
        ctx.write(files)
        extra = dict(env or {})
        if setup:
            extra.update(setup(ctx) or {})
        command = cmd(ctx) if callable(cmd) else cmd
        log, responses = ctx.serve(command, list(requests), env=extra, startup=startup, settle=settle)
        out = {"log": log}
        if not log_only:
            out["test_output"] = status_lines(responses)
        if render:
            out["log"] = render(out["log"])
        return out
    return make


def run(files, cmd, *, key="log", render=None, env=None, setup=None, timeout=60):
    def make(ctx: Context) -> dict[str, str]:
        ctx.write(files)
        extra = dict(env or {})
        if setup:
            extra.update(setup(ctx) or {})
        command = cmd(ctx) if callable(cmd) else cmd
        text = ctx.run(command, env=extra, timeout=timeout)
        if render:
            text = render(text)
        return {key: text}
    return make


def occupy_port(ctx: Context) -> socket.socket:
    sock = socket.socket()
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", ctx.port))
    sock.listen(1)
    return sock


PYTEST = "COLUMNS=160 PY_COLORS=0 python -m pytest -q --color=no -p no:cacheprovider"
UVICORN = "python -m uvicorn main:app --port $PORT"
FLASK = "python -m flask --app app run --port $PORT"
GUNICORN = "gunicorn --bind 127.0.0.1:$PORT --workers 1"
_ = os
