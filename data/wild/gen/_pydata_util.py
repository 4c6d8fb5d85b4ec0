"""Helpers for gen/pydata.py: run a small program under the tool that prints a given shape."""

from __future__ import annotations

import contextlib
import textwrap

from capture import postgres, status_lines

CI_WRAPPER = '''\
import datetime, subprocess, sys
proc = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
for line in proc.stdout:
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    sys.stdout.write(f"{stamp} {line}")
sys.exit(proc.wait())
'''

PYTEST_ARGS = "COLUMNS=250 python -m pytest -q --color=no -p no:cacheprovider -W ignore::DeprecationWarning"


def dedent(files: dict[str, str]) -> dict[str, str]:
    return {k: textwrap.dedent(v).lstrip("\n") for k, v in files.items()}


def pg_url(dsn: str, driver: str | None = None) -> str:
    return dsn if driver is None else dsn.replace("postgresql://", f"postgresql+{driver}://", 1)


@contextlib.contextmanager
def maybe_pg(use: bool):
    if not use:
        yield None
        return
    with postgres() as dsn:
        yield dsn


def serve(ctx, files, cmd, requests, env=None, startup=20):
    ctx.write(dedent(files))
    log, responses = ctx.serve(cmd, requests, env=env, startup=startup)
    return {"log": log, "test_output": status_lines(responses)}


def uvicorn(ctx, files, requests, env=None, module="app:app"):
    return serve(ctx, files, f"python -m uvicorn {module} --port $PORT", requests, env=env)


def flask_run(ctx, files, requests, env=None, app="app"):
    return serve(ctx, files, f"python -m flask --app {app} run --port $PORT", requests, env=env)


def gunicorn(ctx, files, requests, env=None, module="app:app", worker=None):
    k = f" -k {worker}" if worker else ""
    return serve(ctx, files, f"python -m gunicorn -w 1{k} -b 127.0.0.1:$PORT {module}", requests, env=env)


def aiohttp_app(ctx, files, requests, env=None, script="app.py"):
    return serve(ctx, files, f"python {script}", requests, env=env)


def honcho(ctx, files, procfile, requests, env=None):
    files = {**files, "Procfile": procfile}
    return serve(ctx, files, "python -m honcho start --no-colour -p $PORT", requests, env=env)


def pytest(ctx, files, env=None, args=""):
    ctx.write(dedent(files))
    return {"test_output": ctx.run(f"{PYTEST_ARGS} {args}".strip(), env=env, timeout=60)}


def script(ctx, files, cmd="python main.py", env=None, key="log"):
    ctx.write(dedent(files))
    return {key: ctx.run(cmd, env=env, timeout=60)}


def ci(ctx, files, cmd="python main.py", env=None):
    ctx.write({**dedent(files), "ci_stamp.py": CI_WRAPPER})
    return {"log": ctx.run(f"python ci_stamp.py {cmd}", env=env, timeout=60)}
