"""Run a generator's program under the real tool and capture what it prints.

The wild set's generators (``gen/<group>.py``) describe situations as :class:`Case` objects;
each case's ``make(ctx)`` writes a small program into ``ctx.dir``, runs it for real (a dev
server, pytest, tsc, node, ...) through the helpers here, and returns the captured texts.
``build.py`` runs the cases and writes ``cases/<group>.jsonl``.

Nothing here is imported by the rootcause package: this is the team's own tooling for
producing real outputs, run in ``data/wild/.venv`` (Python side) and with
``data/wild/node/node_modules`` (Node side); ``setup.sh`` installs both.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
VENV_BIN = HERE / ".venv" / "bin"
NODE_MODULES = HERE / "node" / "node_modules"
#: Where a case's folder appears in captured text (temp paths differ from run to run).
APP_DIR = "/srv/app"
MAX_CHARS = 60_000

#: Output shapes a case may declare (``Case.shape``); extend here, in one place.
SHAPES = frozenset({
    "python-traceback", "bare-exception", "django-debug-page", "uvicorn", "gunicorn", "werkzeug", "aiohttp",
    "pytest", "unittest", "jest", "mocha", "supertest", "tsc", "tsx", "ts-node", "esbuild", "node-stack",
    "node-unhandled-rejection", "pino-json", "structlog-json", "json-log", "compose-prefix", "ci-timestamp",
    "status-line", "harness-lines", "html-escaped", "markdown-fence", "crlf", "ansi", "npm", "nest",
})
SOURCE_KINDS = frozenset({"qa", "blog", "docs"})


@dataclass
class Case:
    """One failure situation: what a source reports, and how we reproduce it.

    ``cause`` and ``rationale`` are the team's own words; ``source`` is the address of the
    page that states the cause. ``make`` returns ``{"log": ..., "test_output": ...}`` (either
    may be missing) with the real captured output.
    """

    id: str
    label: str
    language: str
    shape: str
    source: str
    source_kind: str
    cause: str
    rationale: str
    make: Callable[["Context"], dict[str, str]]
    libraries: tuple[str, ...] = ()
    framework: str | None = None
    database: str | None = None
    expect: str | None = None  # a regex the captured text must contain (the failure really happened)
    #: Files of the program under analysis (paths in the case folder) kept as the record's ``files``,
    #: as a run record carries the generated code; test clients and helper scripts stay out.
    code: tuple[str, ...] = ()


@dataclass
class Context:
    """What ``make`` gets: a fresh folder and the helpers bound to it."""

    dir: Path
    env: dict[str, str] = field(default_factory=dict)

    def write(self, files: dict[str, str]) -> None:
        for name, text in files.items():
            path = self.dir / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)

    def run(self, cmd: list[str] | str, *, timeout: float = 60, env: dict[str, str] | None = None, stdin: str | None = None) -> str:
        """Run a command in the case folder; stdout and stderr interleaved as the terminal shows them."""
        proc = subprocess.run(
            cmd, cwd=self.dir, env=self._env(env), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            input=stdin, text=True, errors="replace", timeout=timeout, shell=isinstance(cmd, str),
        )
        return self.clean(proc.stdout)

    def serve(
        self,
        cmd: list[str] | str,
        requests: list[dict[str, Any]] = (),
        *,
        port: int | None = None,
        startup: float = 20,
        env: dict[str, str] | None = None,
        settle: float = 0.3,
    ) -> tuple[str, list[dict[str, Any]]]:
        """Start a server, send ``requests`` once it listens, stop it; return its output and the responses.

        A request is ``{"method", "path", "json"?, "body"?, "headers"?}``; a response is
        ``{"method", "path", "status", "reason", "body"}`` (status None when the server never answered).
        ``port`` defaults to ``ctx.port`` (set ``PORT`` in the command's environment).
        """
        port = port or self.port
        out_path = self.dir / ".server.out"
        with out_path.open("wb") as out:
            proc = subprocess.Popen(
                cmd, cwd=self.dir, env=self._env({"PORT": str(port), **(env or {})}), stdout=out, stderr=subprocess.STDOUT,
                shell=isinstance(cmd, str), start_new_session=True,
            )
            try:
                up = _wait_port(port, proc, startup)
                responses = [self._request(port, r) for r in requests] if up else [
                    {"method": r.get("method", "GET"), "path": r["path"], "status": None, "reason": "server not listening", "body": ""}
                    for r in requests
                ]
                time.sleep(settle)
            finally:
                _stop(proc)
        return self.clean(out_path.read_text(errors="replace")), responses

    @functools.cached_property
    def port(self) -> int:
        return free_port()

    def _request(self, port: int, spec: dict[str, Any]) -> dict[str, Any]:
        method = spec.get("method", "GET")
        data = None
        headers = dict(spec.get("headers") or {})
        if "json" in spec:
            data = json.dumps(spec["json"]).encode()
            headers.setdefault("Content-Type", "application/json")
        elif "body" in spec:
            data = spec["body"].encode() if isinstance(spec["body"], str) else spec["body"]
        req = urllib.request.Request(f"http://127.0.0.1:{port}{spec['path']}", data=data, method=method, headers=headers)
        try:
            with urllib.request.urlopen(req, timeout=spec.get("timeout", 10)) as resp:
                return {"method": method, "path": spec["path"], "status": resp.status, "reason": resp.reason, "body": resp.read(4000).decode(errors="replace")}
        except urllib.error.HTTPError as exc:
            return {"method": method, "path": spec["path"], "status": exc.code, "reason": exc.reason, "body": exc.read(4000).decode(errors="replace")}
        except (urllib.error.URLError, OSError, TimeoutError) as exc:
            return {"method": method, "path": spec["path"], "status": None, "reason": str(getattr(exc, "reason", exc)), "body": ""}

    def _env(self, extra: dict[str, str] | None) -> dict[str, str]:
        env = dict(os.environ)
        env["PATH"] = f"{VENV_BIN}{os.pathsep}{NODE_MODULES / '.bin'}{os.pathsep}{env.get('PATH', '')}"
        env["VIRTUAL_ENV"] = str(VENV_BIN.parent)
        env.pop("PYTHONPATH", None)
        env["PYTHONDONTWRITEBYTECODE"] = "1"
        env["NO_UPDATE_NOTIFIER"] = "1"
        env["FORCE_COLOR"] = env.get("FORCE_COLOR", "0")
        env.update(self.env)
        env.update(extra or {})
        return env

    def link_node_modules(self) -> None:
        """Make the shared ``node_modules`` visible to the case's programs (CommonJS and ESM)."""
        target = self.dir / "node_modules"
        if not target.exists():
            target.symlink_to(NODE_MODULES, target_is_directory=True)

    def clean(self, text: str) -> str:
        """Captured text with the case folder shown as ``/srv/app`` and capped in size."""
        text = text.replace(str(self.dir.resolve()), APP_DIR).replace(str(self.dir), APP_DIR)
        text = text.replace(str(VENV_BIN.parent), "/opt/venv").replace(str(NODE_MODULES), f"{APP_DIR}/node_modules")
        if len(text) > MAX_CHARS:
            half = MAX_CHARS // 2
            text = text[:half] + f"\n[... {len(text) - MAX_CHARS} characters cut ...]\n" + text[-half:]
        return text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_port(port: int, proc: subprocess.Popen, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            return False
        with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
            return True
        time.sleep(0.1)
    return False


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.wait(3)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


def status_lines(responses: list[dict[str, Any]]) -> str:
    """The client's view, one line per response: ``POST /api/users -> 422 Unprocessable Entity``."""
    out = []
    for r in responses:
        status = "no response" if r["status"] is None else f"{r['status']} {r['reason']}"
        out.append(f"{r['method']} {r['path']} -> {status}")
        if r.get("body"):
            out.append(r["body"][:2000])
    return "\n".join(out)


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """A throwaway PostgreSQL cluster on loopback (Debian's binaries); yields a DSN to database ``app``."""
    bindir = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
    if bindir is None:
        raise RuntimeError("PostgreSQL server binaries not found under /usr/lib/postgresql")
    root = Path(tempfile.mkdtemp(prefix="wild-pg-"))
    port = free_port()
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses root: run the server as the postgres system user
        shutil.chown(root, "postgres")
        as_user = ["runuser", "-u", "postgres", "--"]
    data = root / "data"
    subprocess.run([*as_user, str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8"], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    subprocess.run(
        [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-o", f"-p {port} -k {root} -c listen_addresses=127.0.0.1", "-l", str(root / "log"), "-w", "start"],
        check=True, stdout=subprocess.DEVNULL,
    )
    try:
        subprocess.run([str(bindir / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", "postgres", "app"], check=True)
        yield f"postgresql://postgres@127.0.0.1:{port}/app"
    finally:
        subprocess.run([*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.rmtree(root, ignore_errors=True)


def run_case(case: Case) -> dict[str, Any]:
    """Run one case in a fresh folder; the record ``build.py`` writes (without ``split``)."""
    if case.shape not in SHAPES:
        raise ValueError(f"{case.id}: unknown shape {case.shape!r}")
    if case.source_kind not in SOURCE_KINDS:
        raise ValueError(f"{case.id}: unknown source_kind {case.source_kind!r}")
    if "github.com" in case.source and ("/issues/" in case.source or "/pull/" in case.source or "/discussions/" in case.source):
        raise ValueError(f"{case.id}: GitHub threads are not a source for this set")
    with tempfile.TemporaryDirectory(prefix="wild-") as tmp:
        ctx = Context(dir=Path(tmp))
        texts = case.make(ctx)
        files = {name: (ctx.dir / name).read_text(errors="replace") for name in case.code}
    texts = {k: v for k, v in texts.items() if k in ("log", "test_output") and v}
    if not texts:
        raise RuntimeError(f"{case.id}: the generator captured nothing")
    if case.expect and not any(re.search(case.expect, t) for t in texts.values()):
        raise RuntimeError(f"{case.id}: the captured output does not show the failure ({case.expect!r}):\n" + "\n".join(texts.values())[-3000:])
    return {
        "id": case.id, "label": case.label, "language": case.language, "framework": case.framework,
        "database": case.database, "libraries": list(case.libraries), "shape": case.shape,
        "source_kind": case.source_kind, "source": case.source, "cause": case.cause, "rationale": case.rationale,
        **texts,
        **({"files": files} if files else {}),
    }


if __name__ == "__main__":  # pragma: no cover - a quick check of the environment
    print(sys.version)
