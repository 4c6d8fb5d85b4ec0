"""ServerProcess and PostgresCluster, run for real."""

from __future__ import annotations

import os
import re
import sys
import time

import pytest

from rootcause.corpus import harness
from rootcause.corpus.harness import PostgresCluster, ServerProcess, ServerStartError, free_port

NEVER_LISTENS = (
    "import subprocess, sys, time\n"
    "child = subprocess.Popen(['sleep', '120'])\n"
    "print('parent', __import__('os').getpid(), 'child', child.pid, flush=True)\n"
    "print('to stderr', file=sys.stderr, flush=True)\n"
    "time.sleep(120)\n"
)
IGNORES_SIGTERM = (
    "import signal, subprocess, time\n"
    "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
    "child = subprocess.Popen(['sleep', '120'])\n"
    "print('child', child.pid, flush=True)\n"
    "time.sleep(120)\n"
)


def _alive(pid: int) -> bool:
    """A process that exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as handle:
            stat = handle.read()
    except OSError:
        return False
    return stat[stat.rfind(")") + 2] not in "ZX"


def _wait_gone(pid: int, seconds: float = 3.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if not _alive(pid):
            return True
        time.sleep(0.05)
    return False


def test_free_port_is_bindable():
    import socket

    port = free_port()
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", port))


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc")
def test_server_that_never_listens_is_killed_with_its_group():
    server = ServerProcess([sys.executable, "-c", NEVER_LISTENS], startup_timeout=1.5, grace=1.0)
    started = time.monotonic()
    with pytest.raises(ServerStartError) as info:
        with server:
            pytest.fail("should not get here")
    assert time.monotonic() - started < 8
    assert "did not answer HTTP" in str(info.value)
    log = info.value.log
    match = re.search(r"parent (\d+) child (\d+)", log)
    assert match, log
    parent, child = int(match.group(1)), int(match.group(2))
    assert parent == server.pid
    assert _wait_gone(parent) and _wait_gone(child)
    assert "to stderr" in log and "to stderr" in server.log_text()
    assert server.log_path is not None and not server.log_path.exists()  # temp log removed, text kept


@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs /proc")
def test_sigterm_ignored_gets_sigkill(tmp_path):
    log_path = tmp_path / "server.log"
    with pytest.raises(ServerStartError):
        with ServerProcess([sys.executable, "-c", IGNORES_SIGTERM], startup_timeout=1.0, grace=0.5, log_path=log_path):
            pass
    child = int(re.search(r"child (\d+)", log_path.read_text()).group(1))
    assert _wait_gone(child)
    assert log_path.exists()  # a given log path is kept


def test_exiting_server_reports_its_code_and_log():
    with pytest.raises(ServerStartError) as info:
        with ServerProcess([sys.executable, "-c", "import sys; print('boom: no module named app'); sys.exit(3)"], startup_timeout=10):
            pass
    assert info.value.returncode == 3
    assert "exited with code 3" in str(info.value)
    assert "boom: no module named app" in info.value.log


def test_running_server_answers_then_stops(tmp_path):
    port = free_port()
    toy = os.path.join(os.path.dirname(__file__), "toy_server.py")
    with ServerProcess([sys.executable, toy, str(port)], port=port, env={"PYTHONUNBUFFERED": "1"}) as server:
        assert server.ready
        import urllib.request

        opener = urllib.request.build_opener(urllib.request.ProxyHandler({}))
        with opener.open(f"{server.api_url}/tags", timeout=2) as response:
            assert response.status == 200
        pid = server.pid
    assert _wait_gone(pid)
    assert "GET /api/tags" in server.log_text()


@pytest.mark.skipif(not harness.available(), reason="PostgreSQL is not installed")
def test_postgres_cluster_answers_select_1():
    with PostgresCluster(dbname="conduit_test") as pg:
        assert pg.url.startswith("postgresql://") and pg.url.endswith(f":{pg.port}/conduit_test")
        assert pg.psql("SELECT 1").strip() == "1"
        assert pg.psql("SELECT current_database()").strip() == "conduit_test"
        tmpdir = pg.tmpdir
        assert tmpdir is not None and tmpdir.exists()
    assert not tmpdir.exists()


def test_missing_postgres_raises_a_clear_error(monkeypatch):
    monkeypatch.setattr(harness, "find_postgres_bin", lambda: None)
    assert not harness.available()
    with pytest.raises(harness.PostgresNotInstalled, match="not installed"):
        with PostgresCluster():
            pass
