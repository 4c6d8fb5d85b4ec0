"""Helpers for gen/pyfill.py: small generated-looking backends run under the real servers.

- ``pg``: run a ``make`` with a throwaway PostgreSQL cluster (``DATABASE_URL`` in the environment).
- ``pg_password``: a throwaway cluster that requires a password (scram-sha-256), for auth failures.
- ``serve_probe``: start a server, wait a moment, run a probe/client command whatever the server did
  (for servers that listen on the wrong port/host or never come up), keep both outputs.
- ``TS_WRAPPER`` (from _pyweb_helpers): a CI-style wrapper that timestamps each line as it is read.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _client_kit import HARNESS_PY, d, run, serve, with_server  # noqa: E402,F401
from _pyweb_helpers import TS_WRAPPER  # noqa: E402
from capture import Context, _stop, _wait_port, free_port, postgres  # noqa: E402

UVICORN = "exec python -m uvicorn main:app --host 127.0.0.1 --port $PORT"
FLASK = "exec python -m flask --app app run --port $PORT"
PYTEST = "COLUMNS=160 PY_COLORS=0 python -m pytest -q --color=no -p no:cacheprovider"

STRUCTLOG_SETUP = d('''
    import logging
    import sys

    import structlog

    logging.basicConfig(format="%(message)s", stream=sys.stdout, level=logging.INFO)
    structlog.configure(
        processors=[
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            structlog.processors.format_exc_info,
            structlog.processors.JSONRenderer(),
        ],
        logger_factory=structlog.PrintLoggerFactory(file=sys.stdout),
    )
    log = structlog.get_logger("api")
''')


def pg(make: Callable[[Context], dict[str, str]]) -> Callable[[Context], dict[str, str]]:
    """Run ``make`` with a fresh PostgreSQL cluster; ``DATABASE_URL`` is set for every command."""
    def wrapped(ctx: Context) -> dict[str, str]:
        with postgres() as dsn:
            ctx.env["DATABASE_URL"] = dsn
            ctx.env["PG_PORT"] = dsn.rsplit(":", 1)[1].split("/")[0]
            return make(ctx)
    return wrapped


@contextlib.contextmanager
def pg_password(password: str = "app-db-pass-2024") -> Iterator[int]:
    """A throwaway cluster whose ``postgres`` role needs ``password`` (scram-sha-256); yields the port."""
    bindir = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))))
    root = Path(tempfile.mkdtemp(prefix="wild-pgpw-"))
    port = free_port()
    as_user: list[str] = []
    pwfile = root / "pw"
    pwfile.write_text(password + "\n")
    if os.geteuid() == 0:
        shutil.chown(root, "postgres")
        shutil.chown(pwfile, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=scram-sha-256",
                    f"--pwfile={pwfile}", "-E", "UTF8"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-o",
                    f"-p {port} -k {root} -c listen_addresses=127.0.0.1", "-l", str(root / "log"), "-w", "start"],
                   check=True, stdout=subprocess.DEVNULL)
    try:
        subprocess.run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "app"],
                       check=True, env={**os.environ, "PGPASSWORD": password})
        yield port
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)


def serve_probe(files: dict[str, str], server_cmd: str, client_cmd: str, *, wait: float = 3.0,
                env: dict | None = None, setup=None, wait_port: bool = False) -> Callable[[Context], dict[str, str]]:
    """Start the server, give it ``wait`` seconds (or until $PORT listens), run the client anyway, stop."""
    def make(ctx: Context) -> dict[str, str]:
        ctx.write(files)
        if setup:
            setup(ctx)
        extra = {"PORT": str(ctx.port), "PYTHONUNBUFFERED": "1", **(env or {})}
        out_path = ctx.dir / ".server.out"
        with out_path.open("wb") as out:
            proc = subprocess.Popen(server_cmd, cwd=ctx.dir, env=ctx._env(extra), stdout=out, stderr=subprocess.STDOUT,
                                    shell=True, start_new_session=True)
            try:
                if wait_port:
                    _wait_port(ctx.port, proc, wait)
                else:
                    time.sleep(wait)
                client = ctx.run(client_cmd, env=extra, timeout=40)
                time.sleep(0.3)
            finally:
                _stop(proc)
        return {"test_output": client, "log": ctx.clean(out_path.read_text(errors="replace"))}
    return make


def ts(cmd: str) -> str:
    """The command run under the CI-style timestamp wrapper (write ``ci_ts.py`` with ``TS_FILES``)."""
    return f"python -u ci_ts.py {cmd}"


TS_FILES = {"ci_ts.py": TS_WRAPPER}
