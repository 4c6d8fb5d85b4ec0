"""The Django ORM reference app passes the whole contract suite, run for real on SQLite and PostgreSQL."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rootcause.corpus import harness
from rootcause.corpus.contract import REQUEST_NAMES, run_suite

APP = Path(__file__).resolve().parents[2] / "data" / "apps" / "django_orm"

pytest.importorskip("django", reason="the reference apps need the corpus extra: pip install 'rootcause[corpus]'")
pytest.importorskip("jwt", reason="the reference apps need the corpus extra: pip install 'rootcause[corpus]'")


def run_app(tmp_path: Path, database_url: str, rounds: int = 1):
    port = harness.free_port()
    env = {"PORT": str(port), "HOST": "127.0.0.1", "DATABASE_URL": database_url, "PYTHON": sys.executable}
    with harness.ServerProcess(["bash", str(APP / "run.sh")], cwd=tmp_path, env=env, port=port) as server:
        all_results = [run_suite(server.api_url) for _ in range(rounds)]
        log = server.log_text()
    return all_results, log


def test_django_orm_passes_on_sqlite(tmp_path):
    # Twice against the same database: the suite must not depend on an empty database.
    rounds, log = run_app(tmp_path, f"sqlite:///{tmp_path / 'conduit.db'}", rounds=2)
    for results in rounds:
        assert [r.name for r in results] == list(REQUEST_NAMES)
        failing = [(r.name, r.status, r.messages) for r in results if r.failed]
        assert failing == [], log[-2000:]


@pytest.mark.skipif(not harness.available(), reason="PostgreSQL is not installed")
def test_django_orm_passes_on_postgres(tmp_path):
    pytest.importorskip("psycopg", reason="the reference apps need the corpus extra: pip install 'rootcause[corpus]'")
    with harness.PostgresCluster() as cluster:
        rounds, log = run_app(tmp_path, cluster.url, rounds=2)
    for results in rounds:
        assert [r.name for r in results] == list(REQUEST_NAMES)
        failing = [(r.name, r.status, r.messages) for r in results if r.failed]
        assert failing == [], log[-2000:]
