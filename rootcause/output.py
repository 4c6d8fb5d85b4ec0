"""Output files that are never half-written, never an input, and never written by two runs at once.

Every ``-o FILE`` of the command line goes through :func:`output_file`: the path is checked before
any work starts (its folder exists and is writable, it is not a folder, it is not one of the
inputs), an advisory lock keeps a second rootcause run from writing the same file, and the content
goes to a temporary file in the same folder that replaces the target only when everything was
written. A crash or Ctrl-C leaves the previous file as it was.
"""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from rootcause.errors import RootcauseError


class OutputError(RootcauseError):
    """An output path that cannot or must not be written."""


def shown(path: str | os.PathLike[str]) -> str:
    """A path as text that any terminal or log can hold (undecodable bytes as ``\\xNN``)."""
    return os.fsencode(path).decode("utf-8", errors="backslashreplace")


_CONTROL = {c: f"\\x{c:02x}" for c in [*range(0, 9), *range(11, 32), 127, *range(128, 160)]}


def terminal_safe(text: str) -> str:
    """``text`` with control characters (escape sequences, carriage returns, C1 codes) shown as
    ``\\xNN``, so ids and excerpts from an input cannot drive the user's terminal; newlines and tabs stay."""
    return text.translate(_CONTROL)


#: A spreadsheet reads a cell starting with one of these as a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value):
    """A CSV cell that no spreadsheet runs as a formula: text starting with ``= + - @``, a tab or a
    carriage return gets a leading apostrophe (the OWASP advice); other values are unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def check_output(path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = (), *, folder: bool = False) -> Path:
    """Raise OutputError unless ``path`` can be written and is none of ``inputs``; returns it as a Path.

    ``folder=True`` checks a folder that will be created or filled (``figures -o DIR``).
    """
    target = Path(path)
    parent = target.parent if str(target.parent) else Path(".")
    if not parent.exists():
        raise OutputError(f"{shown(target)}: the folder {shown(parent)} does not exist")
    if not parent.is_dir():
        raise OutputError(f"{shown(target)}: {shown(parent)} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise OutputError(f"{shown(target)}: the folder {shown(parent)} is not writable")
    if target.exists():
        if folder and not target.is_dir():
            raise OutputError(f"{shown(target)}: exists and is a file, expected a folder")
        if not folder and target.is_dir():
            raise OutputError(f"{shown(target)}: is a folder, expected a file name")
    for item in inputs:
        if not isinstance(item, (str, os.PathLike)) or str(item) == "-":
            continue
        with contextlib.suppress(OSError):
            if target.exists() and Path(item).exists() and os.path.samefile(target, item):
                raise OutputError(f"{shown(target)}: is also an input; writing it would destroy that input")
            if Path(os.path.realpath(target)) == Path(os.path.realpath(item)):
                raise OutputError(f"{shown(target)}: is also an input; writing it would destroy that input")
    return target


@contextlib.contextmanager
def output_file(path: str | os.PathLike[str], inputs: Iterable[str | os.PathLike[str]] = (), *, binary: bool = False) -> Iterator[IO]:
    """Open ``path`` for writing, atomically: see the module docstring. Yields the open temporary file."""
    target = check_output(path, inputs)
    try:
        if target.exists() and not target.is_file():
            # /dev/stdout, /dev/null, a FIFO: written in place (replacing a device node would be wrong)
            with open(target, "wb" if binary else "w", encoding=None if binary else "utf-8") as handle:
                yield handle
            return
        yield from _atomic(target, binary)
    except OSError as exc:
        if isinstance(exc, BrokenPipeError):
            raise
        raise OutputError(f"{shown(target)}: cannot be written: {exc.strerror or exc}") from None


def _atomic(target: Path, binary: bool) -> Iterator[IO]:
    lock = _lock(target)
    handle = tempfile.NamedTemporaryFile(
        mode="wb" if binary else "w", encoding=None if binary else "utf-8", dir=target.parent or ".", prefix=f".{target.name}.", suffix=".part", delete=False
    )
    try:
        yield handle
        handle.flush()
        os.fsync(handle.fileno())
        handle.close()
        os.replace(handle.name, target)
    except BaseException:
        handle.close()
        with contextlib.suppress(OSError):
            os.unlink(handle.name)
        raise
    finally:
        _unlock(lock)


def _lock(target: Path):
    """An advisory lock on ``target`` (a sidecar ``.lock`` file): a second writer is refused, not queued."""
    try:
        import fcntl
    except ImportError:  # not POSIX: no lock, still atomic
        return None
    lock_path = target.with_name(f".{target.name}.lock")
    handle = open(lock_path, "a")
    try:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        handle.close()
        if exc.errno in (errno.EAGAIN, errno.EACCES):
            raise OutputError(f"{shown(target)}: another rootcause run is writing this file") from None
        raise
    return handle, lock_path


def _unlock(lock) -> None:
    if lock is None:
        return
    handle, lock_path = lock
    with contextlib.suppress(OSError):
        os.unlink(lock_path)
    handle.close()
