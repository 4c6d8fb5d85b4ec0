"""The Fastify + Sequelize reference app passes the whole contract suite, run for real on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from rootcause.corpus import harness
from rootcause.corpus.contract import REQUEST_NAMES, run_suite

APP = Path(__file__).resolve().parents[2] / "data" / "apps" / "fastify_sequelize"

# conftest.py marks integration tests by file name; this file is not in its list.
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def app_dir() -> Path:
    """The app folder with its node_modules, installed from package-lock.json on first use."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"the Fastify reference app needs Node.js: {' and '.join(missing)} not on PATH")
    if not (APP / "node_modules").is_dir():
        # sqlite3 is a native module; npm_config_nodedir builds it against the local Node headers.
        env = {**os.environ, "npm_config_nodedir": os.environ.get("npm_config_nodedir", "/usr")}
        proc = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=APP, env=env, capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL)
        assert proc.returncode == 0, f"npm ci failed in {APP}:\n{(proc.stdout + proc.stderr)[-3000:]}"
    return APP


def run_app(app_dir: Path, tmp_path: Path, database_url: str):
    port = harness.free_port()
    env = {"PORT": str(port), "HOST": "127.0.0.1", "DATABASE_URL": database_url}
    with harness.ServerProcess(["bash", str(app_dir / "run.sh")], cwd=tmp_path, env=env, port=port, health_path="/api/health-check") as server:
        results = run_suite(server.api_url)
        log = server.log_text()
    return results, log


def test_fastify_sequelize_passes_on_sqlite(app_dir, tmp_path):
    results, log = run_app(app_dir, tmp_path, f"sqlite:///{tmp_path / 'conduit.db'}")
    assert [r.name for r in results] == list(REQUEST_NAMES)
    failing = [(r.name, r.status, r.messages) for r in results if r.failed]
    assert failing == [], log[-2000:]


@pytest.mark.skipif(not harness.available(), reason="PostgreSQL is not installed")
def test_fastify_sequelize_passes_on_postgres(app_dir, tmp_path):
    with harness.PostgresCluster() as cluster:
        results, log = run_app(app_dir, tmp_path, cluster.url)
    assert [r.name for r in results] == list(REQUEST_NAMES)
    failing = [(r.name, r.status, r.messages) for r in results if r.failed]
    assert failing == [], log[-2000:]
