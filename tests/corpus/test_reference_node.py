"""The Node.js reference apps pass the whole contract suite, run for real on SQLite and PostgreSQL.

Each app installs its pinned dependencies (``npm ci`` from its ``package-lock.json``) on first use
when ``node_modules`` is missing; ``.ci/run`` installs them before the tests. The native SQLite
drivers (sqlite3, better-sqlite3) build against the local Node headers, since their prebuilt
binaries are not reachable here.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from rootcause.corpus import harness
from rootcause.corpus.contract import REQUEST_NAMES, run_suite

APPS = Path(__file__).resolve().parents[2] / "data" / "apps"
#: The Node apps and what they are built on (their READMEs say more).
NODE_APPS = {
    "express_raw_sql": "Express, hand-written SQL on sqlite3 / pg",
    "fastify_sequelize": "Fastify, Sequelize (CommonJS)",
    "hono_raw_sql": "Hono on @hono/node-server, hand-written SQL on better-sqlite3 / pg",
    "koa_sequelize": "Koa, Sequelize (ES modules)",
}


def installed(app: str) -> Path:
    """The app's folder with its node_modules, installed from package-lock.json when missing."""
    missing = [tool for tool in ("node", "npm") if shutil.which(tool) is None]
    if missing:
        pytest.skip(f"the Node reference apps need Node.js: {' and '.join(missing)} not on PATH")
    folder = APPS / app
    if not (folder / "node_modules").is_dir():
        env = {**os.environ, "npm_config_nodedir": os.environ.get("npm_config_nodedir", "/usr")}
        done = subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund"], cwd=folder, env=env, capture_output=True, text=True, timeout=900, stdin=subprocess.DEVNULL
        )
        assert done.returncode == 0, f"npm ci failed in {folder}:\n{(done.stdout + done.stderr)[-3000:]}"
    return folder


def run_twice(folder: Path, tmp_path: Path, database_url: str) -> None:
    """The suite twice against one server and database (it must not need an empty database); no request fails."""
    port = harness.free_port()
    env = {"PORT": str(port), "HOST": "127.0.0.1", "DATABASE_URL": database_url}
    with harness.ServerProcess(["bash", str(folder / "run.sh")], cwd=tmp_path, env=env, port=port) as server:
        rounds = [run_suite(server.api_url) for _ in range(2)]
        log = server.log_text()
    for results in rounds:
        assert [r.name for r in results] == list(REQUEST_NAMES)
        failing = [(r.name, r.status, r.messages) for r in results if r.failed]
        assert failing == [], log[-2000:]


@pytest.mark.parametrize("app", sorted(NODE_APPS))
def test_node_app_passes_on_sqlite(app, tmp_path):
    run_twice(installed(app), tmp_path, f"sqlite:///{tmp_path / 'conduit.db'}")


@pytest.mark.skipif(not harness.available(), reason="PostgreSQL is not installed")
@pytest.mark.parametrize("app", sorted(NODE_APPS))
def test_node_app_passes_on_postgres(app, tmp_path):
    folder = installed(app)
    with harness.PostgresCluster() as cluster:
        run_twice(folder, tmp_path, cluster.url)


def test_every_node_app_is_tested():
    """A Node app added to data/apps (a package.json beside a run.sh) is listed here, hence tested."""
    found = {p.parent.name for p in APPS.glob("*/package.json") if (p.parent / "run.sh").exists()}
    assert found == set(NODE_APPS)
