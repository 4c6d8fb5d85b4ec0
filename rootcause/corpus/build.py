"""Build the labelled corpus: mutate the reference apps, run every mutant for real, keep the failures.

For each (stack, operator, site, database) the build copies the reference app into a
temporary folder, writes the mutated files, starts the app with its own ``run.sh`` in its
own process group (SQLite file in the folder, or a fresh database in one throwaway
PostgreSQL cluster), runs the contract suite over HTTP, stops the server, and checks the
task's structural constraints with ``rootcause.corpus.verify``. A mutant with a failed
request, a server that never answered or a constraint violation is a labelled failing
run; a mutant that passes everything is *equivalent* and is only counted.

A Node.js app (``NODE_STACKS``, built only when named) is copied without ``node_modules``,
which is linked to the reference app's own (installed by ``npm ci``); its ``run.sh`` starts
``node``, and the constraint verifier does not judge it (it reads Python only). Its runs have
the Python runs' record format, with ``runtime`` "node" and the study's Node task names.

Finished jobs are written at once to ``<out>/parts/<id>.json`` so an interrupted build
resumes where it stopped; ``pack`` folds the parts into ``<stack>.jsonl.gz`` files (what
is committed) and writes the datasheet.
"""

from __future__ import annotations

import difflib
import functools
import gzip
import hashlib
import json
import os
import shutil
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from rootcause.corpus import contract, harness
from rootcause.corpus.datasheet import write_datasheet
from rootcause.corpus.operators import KNOWN_STACKS, NODE_STACKS, STACKS, AppSource, Operator, get
from rootcause.corpus.store import iter_packed, load, load_equivalents  # noqa: F401 - re-exported

DATABASES = ("sqlite", "postgres")
#: Where the reference apps live in a checkout of the repository (they are not in the wheel).
APPS_DIR = Path(__file__).resolve().parents[2] / "data" / "apps"
MAX_LOG_CHARS = 60_000  # head and tail of a longer server log are kept

FRAMEWORK = {
    "flask_sqlalchemy": "flask",
    "fastapi_sqlalchemy_async": "fastapi",
    "django_orm": "django",
    "aiohttp_raw_sql": "aiohttp",
    "express_raw_sql": "express",
    "fastify_sequelize": "fastify",
    "hono_raw_sql": "hono",
    "koa_sequelize": "koa",
}
ORM_SUFFIX = {
    "flask_sqlalchemy": "-sqlalchemy",
    "fastapi_sqlalchemy_async": "-sqlalchemy",
    "django_orm": "",
    "aiohttp_raw_sql": "",
    "express_raw_sql": "",
    "fastify_sequelize": "-sequelize",
    "hono_raw_sql": "",
    "koa_sequelize": "-sequelize",
}
#: What the Python apps' copy leaves out; a Node app's copy also leaves out ``node_modules`` (linked instead).
_PYTHON_IGNORE = ("__pycache__", "*.db", "*.sqlite3", "*.pyc")
_NODE_IGNORE = ("node_modules", ".git", "*.db", "*.sqlite", "*.sqlite3")


def runtime_of(stack: str) -> str:
    """``node`` for the Node.js apps, ``python`` for the others."""
    return "node" if stack in NODE_STACKS else "python"


def task_name(stack: str, database: str) -> str:
    """The study's task name for this stack and database.

    Python stacks keep the task file's ``uv-`` prefix (``uv-flask-openapi-clean_architecture-sqlite-sqlalchemy``);
    Node stacks take the name the study's runs carry (``express-openapi-clean_architecture-sqlite``,
    ``fastify-openapi-clean_architecture-postgres-sequelize``). ``rootcause.study.parse_task`` reads both.
    """
    if stack in NODE_STACKS:
        return f"{FRAMEWORK[stack]}-openapi-clean_architecture-{database}{ORM_SUFFIX[stack]}"
    return f"uv-{FRAMEWORK[stack]}-openapi-clean_architecture-{database}{ORM_SUFFIX[stack]}"


@dataclass(frozen=True)
class Job:
    stack: str
    database: str
    operator: Operator
    index: int
    site: str
    edit: dict = field(hash=False, compare=False)

    @property
    def id(self) -> str:
        return f"{self.stack}.{self.database}.{self.operator.name}.{self.index:02d}"


def default_apps_dir() -> Path:
    """``$ROOTCAUSE_APPS``, else ``./data/apps``, else the checkout this package runs from."""
    env = os.environ.get("ROOTCAUSE_APPS")
    if env:
        return Path(env)
    here = Path.cwd() / "data" / "apps"
    return here if here.is_dir() else APPS_DIR


def app_dir(stack: str, apps_dir: Path | None = None) -> Path:
    path = Path(apps_dir or default_apps_dir()) / stack
    if not (path / "run.sh").is_file():
        raise FileNotFoundError(f"{path}: no reference app here (run from the repository root, or pass --apps / set ROOTCAUSE_APPS)")
    return path


def plan(
    stacks: Sequence[str] = STACKS,
    operators: Sequence[Operator] | None = None,
    databases: Sequence[str] = DATABASES,
    *,
    sites_per_stack: int | None = 8,
    apps_dir: Path | None = None,
) -> list[Job]:
    """Every job of the build in a stable order: stack, operator, site, database.

    ``sites_per_stack`` caps the mutants one operator makes of one stack (spread over
    its sites, first ones first).
    """
    operators = list(operators) if operators is not None else get()
    jobs: list[Job] = []
    for stack in stacks:
        app = AppSource.from_dir(app_dir(stack, apps_dir), stack)
        for op in operators:
            mutants = op.mutants(app)
            if sites_per_stack is not None:
                mutants = mutants[:sites_per_stack]
            for index, (site, edit) in enumerate(mutants):
                for database in databases:
                    if database in op.databases:
                        jobs.append(Job(stack, database, op, index, site, edit))
    return jobs


# ----------------------------------------------------------------------------- one job


def make_patch(original: dict[str, str], edit: dict[str, str | None]) -> str:
    """A unified diff (git style, ``a/``/``b/``) of the mutated files against the reference app."""
    chunks = []
    for path in sorted(edit):
        old = original.get(path)
        new = edit[path]
        old_lines = (old or "").splitlines(keepends=True)
        new_lines = (new or "").splitlines(keepends=True)
        fromfile = f"a/{path}" if old is not None else "/dev/null"
        tofile = f"b/{path}" if new is not None else "/dev/null"
        diff = list(difflib.unified_diff(old_lines, new_lines, fromfile, tofile, n=3))
        if diff:
            chunks.append(f"diff --git a/{path} b/{path}\n")
            chunks.extend(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in diff)
    return "".join(chunks)


def _trim(text: str, limit: int = MAX_LOG_CHARS) -> str:
    if len(text) <= limit:
        return text
    half = limit // 2
    return text[:half] + f"\n[... {len(text) - limit} characters left out by the corpus build ...]\n" + text[-half:]


_PORT_LOCK = threading.Lock()
_PORTS_GIVEN: set[int] = set()


def _port() -> int:
    with _PORT_LOCK:
        for _ in range(50):
            port = harness.free_port()
            if port not in _PORTS_GIVEN:
                _PORTS_GIVEN.add(port)
                return port
        return harness.free_port()


@functools.cache
def _reference_files(source_dir: Path, stack: str) -> dict[str, str]:
    """The reference app's files, read once per build process (callers only read them)."""
    return AppSource.from_dir(source_dir, stack).files


def _verify(files: dict[str, str], stack: str, database: str) -> list[str]:
    try:
        from rootcause.corpus.verify import verify
    except ImportError:  # the verifier is optional while the corpus tooling is assembled
        return []
    return verify(files, stack, database)


def run_job(
    job: Job,
    *,
    postgres: harness.PostgresCluster | None = None,
    python: str = sys.executable,
    startup_timeout: float = 20.0,
    request_timeout: float = 4.0,
    apps_dir: Path | None = None,
    keep_dir: bool = False,
) -> dict:
    """Run one mutant for real and return its record (``outcome`` = failed or equivalent).

    A Node app is copied without ``node_modules`` (the reference app's is linked into the copy)
    and started by its ``run.sh`` with ``node``: ``python`` and the Python-only environment are
    not used for it.
    """
    node = job.stack in NODE_STACKS
    source_dir = app_dir(job.stack, apps_dir)
    original = _reference_files(source_dir, job.stack)
    workdir = Path(tempfile.mkdtemp(prefix="rootcause-mutant-"))
    root = workdir / "app"
    setup: list[str] = []
    dbname = None
    started = time.monotonic()
    try:
        shutil.copytree(source_dir, root, ignore=shutil.ignore_patterns(*(_NODE_IGNORE if node else _PYTHON_IGNORE)))
        if node:
            modules = source_dir / "node_modules"
            if not modules.is_dir():
                raise harness.HarnessError(f"{source_dir}: no node_modules (run `npm ci` in the app first)")
            (root / "node_modules").symlink_to(modules.resolve(), target_is_directory=True)
        for path, text in job.edit.items():
            target = root / path
            if text is None:
                target.unlink(missing_ok=True)
                setup.append(f"deleted {path}")
            else:
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, encoding="utf-8")
                setup.append(f"wrote {path}")
        if job.database == "postgres":
            if postgres is None:
                raise harness.HarnessError("a PostgreSQL job needs a running cluster")
            dbname = "m_" + hashlib.sha1(job.id.encode()).hexdigest()[:16]
            postgres.psql(f'DROP DATABASE IF EXISTS "{dbname}"', dbname="postgres")
            postgres.psql(f'CREATE DATABASE "{dbname}"', dbname="postgres")
            url = f"postgresql://{postgres.user}:postgres@{postgres.host}:{postgres.port}/{dbname}"
            setup.append(f"created PostgreSQL database {dbname}")
        else:
            url = f"sqlite:///{root / 'conduit.db'}"
        port = _port()
        if node:
            env = {"PORT": str(port), "HOST": "127.0.0.1", "DATABASE_URL": url, "NO_COLOR": "1"}
        else:
            env = {"PORT": str(port), "HOST": "127.0.0.1", "DATABASE_URL": url, "PYTHON": python, "PYTHONUNBUFFERED": "1", "PYTHONDONTWRITEBYTECODE": "1"}
        server = harness.ServerProcess(["bash", "run.sh"], cwd=root, env=env, port=port, startup_timeout=startup_timeout, grace=2.0)
        start_error = None
        try:
            with server:
                exchanges = contract.run_exchanges(server.api_url, timeout=request_timeout)
        except harness.ServerStartError as exc:
            start_error = str(exc)
            # What a client sees when the server is not there: every request refused.
            exchanges = contract.run_exchanges(server.api_url, timeout=1.0)
        log = server.log_text()
        mutated = {**original, **{p: t for p, t in job.edit.items() if t is not None}}
        for path, text in job.edit.items():
            if text is None:
                mutated.pop(path, None)
        violations = _verify(mutated, job.stack, job.database)
    finally:
        if dbname and postgres is not None:
            try:
                postgres.psql(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)', dbname="postgres")
            except (harness.HarnessError, OSError):
                pass
        if not keep_dir:
            shutil.rmtree(workdir, ignore_errors=True)
    results = [e.result for e in exchanges]
    failed_requests = sum(1 for r in results if r.failed)
    failed = bool(failed_requests or violations or start_error)
    if start_error:
        setup.append(f"server: {start_error}")
    return {
        "id": job.id,
        "framework": FRAMEWORK[job.stack],
        "runtime": runtime_of(job.stack),
        "task": task_name(job.stack, job.database),
        "agent": "rootcause-mutator",
        "stack": job.stack,
        "database": job.database,
        "operator": job.operator.name,
        "label": job.operator.label,
        "site": job.site,
        "outcome": "failed" if failed else "equivalent",
        "patch": make_patch(original, job.edit),
        "server_log": _trim(log),
        "newman_summary": "\n".join(contract.summary_lines(exchanges)),
        "newman_csv": contract.to_newman_csv(exchanges),
        "verifier": "\n".join(violations) if violations else None,
        "setup_log": "\n".join(setup),
        "requests_failed": failed_requests,
        "assertions_failed": sum(r.failed for r in results),
        "seconds": round(time.monotonic() - started, 2),
    }


# ----------------------------------------------------------------------------- the build


def done_ids(out: Path) -> set[str]:
    """Ids already built under ``out``: packed files, the equivalents list and loose parts."""
    ids: set[str] = set()
    for path in out.glob("*.jsonl.gz"):
        for record in iter_packed(path):
            ids.add(record["id"])
    for path in [out / "equivalent.jsonl"]:
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    ids.add(json.loads(line)["id"])
    parts = out / "parts"
    if parts.is_dir():
        ids.update(p.stem for p in parts.glob("*.json"))
    return ids


def build(
    out: str | os.PathLike[str],
    jobs: Sequence[Job],
    *,
    workers: int = 2,
    python: str = sys.executable,
    progress: Callable[[str], None] | None = None,
    startup_timeout: float = 20.0,
    request_timeout: float = 4.0,
    apps_dir: Path | None = None,
    limit: int | None = None,
) -> dict[str, int]:
    """Run ``jobs`` not built yet under ``out`` (at most ``limit`` of them), ``workers`` at a
    time; returns counts by outcome (``skipped``: already built)."""
    out = Path(out)
    parts = out / "parts"
    parts.mkdir(parents=True, exist_ok=True)
    done = done_ids(out)
    todo = [job for job in jobs if job.id not in done]
    counts = {"skipped": len(jobs) - len(todo), "failed": 0, "equivalent": 0, "error": 0}
    if limit is not None:
        todo = todo[:limit]
    say = progress or (lambda _msg: None)
    say(f"{len(jobs)} mutants planned, {counts['skipped']} already built, running {len(todo)}")
    if not todo:
        return counts
    need_pg = any(job.database == "postgres" for job in todo)
    cluster = harness.PostgresCluster(dbname="rootcause_corpus") if need_pg else None
    lock = threading.Lock()
    if cluster is not None:
        cluster.__enter__()
    try:
        with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
            futures = {
                pool.submit(
                    run_job, job, postgres=cluster, python=python, startup_timeout=startup_timeout, request_timeout=request_timeout, apps_dir=apps_dir
                ): job
                for job in todo
            }
            for n, future in enumerate(as_completed(futures), 1):
                job = futures[future]
                try:
                    record = future.result()
                except Exception as exc:  # a harness problem: reported, the build goes on
                    with lock:
                        counts["error"] += 1
                    say(f"[{n}/{len(todo)}] {job.id}: error: {type(exc).__name__}: {exc}")
                    continue
                tmp = parts / f".{job.id}.tmp"
                tmp.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
                tmp.replace(parts / f"{job.id}.json")
                with lock:
                    counts[record["outcome"]] += 1
                detail = f"{record['requests_failed']} requests failed" + (", constraint violated" if record["verifier"] else "")
                say(f"[{n}/{len(todo)}] {job.id}: {record['outcome']} ({detail}, {record['seconds']}s)")
    finally:
        if cluster is not None:
            cluster.__exit__(None, None, None)
    return counts


# ----------------------------------------------------------------------------- packing


def pack(out: str | os.PathLike[str]) -> dict[str, int]:
    """Fold ``parts/`` into ``<stack>.jsonl.gz`` (failing runs) and ``equivalent.jsonl``; write the datasheet."""
    out = Path(out)
    failing: dict[str, dict[str, dict]] = {}
    for path in out.glob("*.jsonl.gz"):
        failing[path.name[: -len(".jsonl.gz")]] = {r["id"]: r for r in iter_packed(path)}
    equivalents: dict[str, dict] = {}
    eq_path = out / "equivalent.jsonl"
    if eq_path.exists():
        for line in eq_path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                item = json.loads(line)
                equivalents[item["id"]] = item
    parts = sorted((out / "parts").glob("*.json")) if (out / "parts").is_dir() else []
    for part in parts:
        record = json.loads(part.read_text(encoding="utf-8"))
        if record["outcome"] == "failed":
            failing.setdefault(record["stack"], {})[record["id"]] = record
            equivalents.pop(record["id"], None)
        else:
            equivalents[record["id"]] = {k: record[k] for k in ("id", "stack", "database", "operator", "label", "site")}
    for stack, records in failing.items():
        path = out / f"{stack}.jsonl.gz"
        tmp = path.with_suffix(".tmp")
        # mtime=0 keeps the file byte-identical for identical content (no churn in git)
        with open(tmp, "wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0, compresslevel=9) as handle:
            for rid in sorted(records):
                handle.write((json.dumps(records[rid], ensure_ascii=False, sort_keys=True) + "\n").encode("utf-8"))
        tmp.replace(path)
    with open(eq_path, "w", encoding="utf-8") as handle:
        for rid in sorted(equivalents):
            handle.write(json.dumps(equivalents[rid], sort_keys=True) + "\n")
    for part in parts:
        part.unlink()
    if (out / "parts").is_dir() and not any((out / "parts").iterdir()):
        (out / "parts").rmdir()
    write_datasheet(out)
    return {"failed": sum(len(r) for r in failing.values()), "equivalent": len(equivalents)}


def select_stacks(values: Iterable[str] | None) -> list[str]:
    """The stacks named (``flask`` for ``flask_sqlalchemy``, ``koa`` for ``koa_sequelize``; commas allowed).

    Python and Node stacks may be named; with none, every Python stack (``STACKS``, the committed
    corpus): the Node stacks are built only when asked for.
    """
    if not values:
        return list(STACKS)
    chosen: list[str] = []
    for value in values:
        for name in value.split(","):
            name = name.strip()
            matches = [s for s in KNOWN_STACKS if s == name or s.split("_")[0] == name]
            if not matches:
                raise ValueError(f"unknown stack {name!r}; choose from {', '.join(KNOWN_STACKS)}")
            chosen.extend(m for m in matches if m not in chosen)
    return chosen
