"""The Koa + Sequelize reference app passes the whole contract suite, run for real on SQLite and PostgreSQL."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from rootcause.corpus import harness
from rootcause.corpus.contract import REQUEST_NAMES, run_suite

APP = Path(__file__).resolve().parents[2] / "data" / "apps" / "koa_sequelize"

# Not listed in tests/conftest.py's INTEGRATION_FILES: mark it here.
pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def koa_app() -> Path:
    """The app folder, with its pinned node_modules installed (npm ci) when they are missing."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"the Koa reference app needs Node.js: {' and '.join(missing)} not on PATH")
    if not (APP / "node_modules").is_dir():
        # sqlite3 is a native module: build it against the local Node headers.
        env = {**os.environ, "npm_config_nodedir": os.environ.get("npm_config_nodedir", "/usr")}
        proc = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=APP, env=env, capture_output=True, text=True, timeout=900)
        assert proc.returncode == 0, f"npm ci failed:\n{(proc.stdout + proc.stderr)[-3000:]}"
    return APP


def run_app(app: Path, tmp_path: Path, database_url: str, rounds: int = 2):
    """Run the suite `rounds` times against one server and database (it must not need an empty one)."""
    port = harness.free_port()
    env = {"PORT": str(port), "HOST": "127.0.0.1", "DATABASE_URL": database_url}
    with harness.ServerProcess(["bash", str(app / "run.sh")], cwd=tmp_path, env=env, port=port) as server:
        all_results = [run_suite(server.api_url) for _ in range(rounds)]
        log = server.log_text()
    return all_results, log


def assert_all_passed(rounds, log: str) -> None:
    for results in rounds:
        assert [r.name for r in results] == list(REQUEST_NAMES)
        failing = [(r.name, r.status, r.messages) for r in results if r.failed]
        assert failing == [], log[-2000:]


def test_koa_sequelize_passes_on_sqlite(koa_app, tmp_path):
    rounds, log = run_app(koa_app, tmp_path, f"sqlite:///{tmp_path / 'conduit.db'}")
    assert_all_passed(rounds, log)


@pytest.mark.skipif(not harness.available(), reason="PostgreSQL is not installed")
def test_koa_sequelize_passes_on_postgres(koa_app, tmp_path):
    with harness.PostgresCluster() as cluster:
        rounds, log = run_app(koa_app, tmp_path, cluster.url)
    assert_all_passed(rounds, log)
