"""The FastAPI + async SQLAlchemy reference app passes the whole contract suite, run for real
on SQLite (aiosqlite) and PostgreSQL (asyncpg)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rootcause.corpus import harness
from rootcause.corpus.contract import REQUEST_NAMES, run_suite

APPS = Path(__file__).resolve().parents[2] / "data" / "apps"
APP = "fastapi_sqlalchemy_async"

_REASON = "the FastAPI reference app needs the corpus extra: pip install 'rootcause[corpus]'"
pytest.importorskip("fastapi", reason=_REASON)
pytest.importorskip("uvicorn", reason=_REASON)
pytest.importorskip("aiosqlite", reason=_REASON)


def run_app(app: str, tmp_path: Path, database_url: str):
    port = harness.free_port()
    env = {"PORT": str(port), "HOST": "127.0.0.1", "DATABASE_URL": database_url, "PYTHON": sys.executable}
    with harness.ServerProcess(["bash", str(APPS / app / "run.sh")], cwd=tmp_path, env=env, port=port) as server:
        results = run_suite(server.api_url)
        log = server.log_text()
    return results, log


def test_fastapi_sqlalchemy_async_passes_on_sqlite(tmp_path):
    results, log = run_app(APP, tmp_path, f"sqlite:///{tmp_path / 'conduit.db'}")
    assert [r.name for r in results] == list(REQUEST_NAMES)
    failing = [(r.name, r.status, r.messages) for r in results if r.failed]
    assert failing == [], log[-2000:]


@pytest.mark.skipif(not harness.available(), reason="PostgreSQL is not installed")
def test_fastapi_sqlalchemy_async_passes_on_postgres(tmp_path):
    pytest.importorskip("asyncpg", reason=_REASON)
    with harness.PostgresCluster() as cluster:
        results, log = run_app(APP, tmp_path, cluster.url)
    assert [r.name for r in results] == list(REQUEST_NAMES)
    failing = [(r.name, r.status, r.messages) for r in results if r.failed]
    assert failing == [], log[-2000:]
