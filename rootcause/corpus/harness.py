"""Run a server process and a throwaway PostgreSQL cluster for the corpus build.

``ServerProcess`` starts a command in its own process group, logs its stdout and stderr
to a file, waits until its port answers HTTP (or it exits), and on exit ends the whole
group: SIGTERM, then SIGKILL after a grace period, so a stuck server never stalls a build.

``PostgresCluster`` runs initdb and pg_ctl in a temporary directory on 127.0.0.1 and a
free port (as the ``postgres`` user when running as root), creates one database and
removes everything on exit.
"""

from __future__ import annotations

import glob
import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from pathlib import Path

from rootcause.errors import RootcauseError

_OPENER = urllib.request.build_opener(urllib.request.ProxyHandler({}))


class HarnessError(RootcauseError):
    """The harness could not provide a server or a database."""


class ServerStartError(HarnessError):
    """The server exited or never answered; ``log`` holds its output."""

    def __init__(self, message: str, log: str = "", returncode: int | None = None) -> None:
        super().__init__(message)
        self.log = log
        self.returncode = returncode


class PostgresNotInstalled(HarnessError):
    """No PostgreSQL server binaries (initdb, pg_ctl) were found."""


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port that nothing listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


def _group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes of a process group, from /proc; None-safe elsewhere."""
    members = []
    if not os.path.isdir("/proc"):
        try:
            os.killpg(pgid, 0)
            return [pgid]
        except (ProcessLookupError, PermissionError):
            return []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", encoding="utf-8", errors="replace") as handle:
                stat = handle.read()
        except OSError:
            continue
        fields = stat[stat.rfind(")") + 2 :].split()
        # fields[0] is the state, fields[2] the process group
        if len(fields) > 2 and fields[0] not in ("Z", "X") and int(fields[2]) == pgid:
            members.append(int(entry))
    return members


def kill_group(pgid: int, grace: float = 3.0) -> None:
    """SIGTERM a process group, then SIGKILL whatever is left after ``grace`` seconds."""
    try:
        os.killpg(pgid, signal.SIGTERM)
    except ProcessLookupError:
        return
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline:
        if not _group_members(pgid):
            return
        time.sleep(0.05)
    try:
        os.killpg(pgid, signal.SIGKILL)
    except ProcessLookupError:
        pass


class ServerProcess:
    """A server command run for real, as a context manager.

    ``env`` entries are added to (and override) the current environment. The log goes to
    ``log_path`` when given (and is kept), else to a temporary file read into memory on
    exit. ``__enter__`` raises ServerStartError (with the log) when the process exits or
    its port does not answer HTTP within ``startup_timeout`` seconds; the process group
    is already ended then. Any HTTP answer on ``health_path``, even 404 or 500, counts
    as up.
    """

    def __init__(
        self,
        command: Sequence[str],
        cwd: str | os.PathLike[str] | None = None,
        env: Mapping[str, str] | None = None,
        port: int | None = None,
        health_path: str = "/api/tags",
        startup_timeout: float = 20.0,
        *,
        host: str = "127.0.0.1",
        log_path: str | os.PathLike[str] | None = None,
        grace: float = 3.0,
    ) -> None:
        self.command = list(command)
        self.cwd = cwd
        self.env = dict(env or {})
        self.port = port if port is not None else free_port(host)
        self.host = host
        self.health_path = health_path if health_path.startswith("/") else "/" + health_path
        self.startup_timeout = startup_timeout
        self.grace = grace
        self._keep_log = log_path is not None
        self.log_path = Path(log_path) if log_path is not None else None
        self._log_cache: str | None = None
        self.proc: subprocess.Popen[bytes] | None = None
        self.returncode: int | None = None
        self.ready = False

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.base_url}/api"

    @property
    def pid(self) -> int | None:
        return self.proc.pid if self.proc else None

    def start(self) -> "ServerProcess":
        if self.log_path is None:
            handle, name = tempfile.mkstemp(prefix="rootcause-server-", suffix=".log")
            os.close(handle)
            self.log_path = Path(name)
        env = {**os.environ, **self.env}
        with open(self.log_path, "wb") as log:
            self.proc = subprocess.Popen(
                self.command, cwd=self.cwd, env=env, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
            )
        return self

    def wait_ready(self) -> bool:
        """Wait until the port answers HTTP; False if the process exits or time runs out."""
        assert self.proc is not None, "start() first"
        deadline = time.monotonic() + self.startup_timeout
        url = self.base_url + self.health_path
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                return False
            try:
                with _OPENER.open(url, timeout=1.0):
                    pass
                self.ready = True
                return True
            except urllib.error.HTTPError:
                self.ready = True  # it answered, with an error status: it is up
                return True
            except (urllib.error.URLError, OSError, ValueError):
                time.sleep(0.1)
            except Exception:  # a malformed answer still means something listens
                self.ready = True
                return True
        return False

    def __enter__(self) -> "ServerProcess":
        self.start()
        if not self.wait_ready():
            assert self.proc is not None
            exited = self.proc.poll()
            self.stop()
            if exited is not None:
                message = f"server exited with code {exited} before answering on port {self.port}"
            else:
                message = f"server did not answer HTTP on port {self.port} within {self.startup_timeout:g}s"
            raise ServerStartError(message, log=self.log_text(), returncode=self.returncode)
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def stop(self) -> None:
        """End the whole process group and collect the log."""
        if self.proc is None:
            return
        kill_group(self.proc.pid, self.grace)
        try:
            self.returncode = self.proc.wait(timeout=self.grace + 2)
        except subprocess.TimeoutExpired:  # pragma: no cover - SIGKILL was sent
            self.returncode = None
        if not self._keep_log and self.log_path is not None and self._log_cache is None:
            self._log_cache = self._read_log()
            try:
                self.log_path.unlink()
            except OSError:
                pass

    def _read_log(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace") if self.log_path else ""
        except OSError:
            return ""

    def log_text(self) -> str:
        """The server's stdout and stderr so far (all of it once stopped)."""
        if self._log_cache is not None:
            return self._log_cache
        return self._read_log()


# ----------------------------------------------------------------------------- PostgreSQL


def _version_key(path: str) -> tuple[int, ...]:
    name = Path(path).parent.name  # /usr/lib/postgresql/15/bin -> 15
    return tuple(int(p) for p in name.split(".") if p.isdigit()) or (0,)


def find_postgres_bin() -> Path | None:
    """The directory holding initdb and pg_ctl: the newest /usr/lib/postgresql/*/bin, else PATH."""
    for bindir in sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version_key, reverse=True):
        if os.access(os.path.join(bindir, "initdb"), os.X_OK) and os.access(os.path.join(bindir, "pg_ctl"), os.X_OK):
            return Path(bindir)
    initdb, pg_ctl = shutil.which("initdb"), shutil.which("pg_ctl")
    if initdb and pg_ctl:
        return Path(os.path.realpath(initdb)).parent
    return None


def available() -> bool:
    """Whether PostgreSQL server binaries are installed (PostgresCluster can start)."""
    if find_postgres_bin() is None:
        return False
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return False
    return True


class PostgresCluster:
    """A throwaway PostgreSQL cluster on 127.0.0.1, as a context manager.

    Gives ``.url`` (``postgresql://postgres:postgres@127.0.0.1:PORT/DB``; auth is trust,
    so any password works), ``.host``, ``.port``, ``.user``, ``.dbname`` and ``psql()``.
    """

    def __init__(self, dbname: str = "conduit", port: int | None = None, startup_timeout: float = 30.0) -> None:
        self.dbname = dbname
        self.port = port
        self.host = "127.0.0.1"
        self.user = "postgres"
        self.startup_timeout = startup_timeout
        self.bindir: Path | None = None
        self.tmpdir: Path | None = None
        self._prefix: list[str] = []
        self._started = False

    @property
    def datadir(self) -> Path:
        assert self.tmpdir is not None
        return self.tmpdir / "data"

    @property
    def url(self) -> str:
        return f"postgresql://{self.user}:postgres@{self.host}:{self.port}/{self.dbname}"

    def _bin(self, name: str) -> str:
        assert self.bindir is not None
        path = self.bindir / name
        if path.exists():
            return str(path)
        found = shutil.which(name)
        if not found:
            raise PostgresNotInstalled(f"PostgreSQL tool {name!r} not found in {self.bindir} or on PATH")
        return found

    def _run(self, args: list[str], timeout: float) -> subprocess.CompletedProcess[str]:
        proc = subprocess.run(self._prefix + args, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout, cwd=str(self.tmpdir))
        if proc.returncode != 0:
            raise HarnessError(f"{Path(args[0]).name} failed ({proc.returncode}): {(proc.stderr or proc.stdout).strip()[-2000:]}")
        return proc

    def __enter__(self) -> "PostgresCluster":
        self.bindir = find_postgres_bin()
        if self.bindir is None:
            raise PostgresNotInstalled(
                "PostgreSQL is not installed: no initdb/pg_ctl in /usr/lib/postgresql/*/bin or on PATH (e.g. apt-get install postgresql)"
            )
        self.tmpdir = Path(tempfile.mkdtemp(prefix="rootcause-pg-"))
        try:
            if os.geteuid() == 0:
                import pwd

                try:
                    entry = pwd.getpwnam("postgres")
                except KeyError as exc:
                    raise PostgresNotInstalled("running as root but there is no 'postgres' user to run PostgreSQL as") from exc
                os.chown(self.tmpdir, entry.pw_uid, entry.pw_gid)
                runuser = shutil.which("runuser") or "/usr/sbin/runuser"
                self._prefix = [runuser, "-u", "postgres", "--"]
            if self.port is None:
                self.port = free_port(self.host)
            self._run([self._bin("initdb"), "-D", str(self.datadir), "-U", self.user, "-A", "trust", "-E", "UTF8", "--no-sync"], timeout=120)
            options = f"-h {self.host} -p {self.port} -k {self.tmpdir} -F"
            self._run(
                [
                    self._bin("pg_ctl"),
                    "-D",
                    str(self.datadir),
                    "-l",
                    str(self.tmpdir / "postgres.log"),
                    "-o",
                    options,
                    "-w",
                    "-t",
                    str(int(self.startup_timeout)),
                    "start",
                ],
                timeout=self.startup_timeout + 10,
            )
            self._started = True
            self.psql(f'CREATE DATABASE "{self.dbname}"', dbname="postgres")
        except BaseException:
            self.__exit__(None, None, None)
            raise
        return self

    def psql(self, sql: str, dbname: str | None = None, timeout: float = 30.0) -> str:
        """Run one SQL command with psql (unaligned, tuples only) and return its output."""
        psql = shutil.which("psql") or self._bin("psql")
        proc = subprocess.run(
            [psql, "-X", "-h", self.host, "-p", str(self.port), "-U", self.user, "-d", dbname or self.dbname, "-v", "ON_ERROR_STOP=1", "-tAc", sql],
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=timeout,
            env={**os.environ, "PGPASSWORD": "postgres", "PGCONNECT_TIMEOUT": "5"},
        )
        if proc.returncode != 0:
            raise HarnessError(f"psql failed ({proc.returncode}): {proc.stderr.strip()}")
        return proc.stdout

    def log_text(self) -> str:
        try:
            return (self.tmpdir / "postgres.log").read_text(encoding="utf-8", errors="replace") if self.tmpdir else ""
        except OSError:
            return ""

    def __exit__(self, *exc: object) -> None:
        if self._started:
            try:
                self._run([self._bin("pg_ctl"), "-D", str(self.datadir), "-m", "immediate", "-w", "-t", "20", "stop"], timeout=30)
            except (HarnessError, subprocess.TimeoutExpired):
                self._kill_postmaster()
            self._started = False
        if self.tmpdir is not None:
            shutil.rmtree(self.tmpdir, ignore_errors=True)
            self.tmpdir = None

    def _kill_postmaster(self) -> None:
        try:
            pid = int((self.datadir / "postmaster.pid").read_text().splitlines()[0])
            os.kill(pid, signal.SIGKILL)
        except (OSError, ValueError, IndexError):
            pass
