"""Reading input files safely: size caps, binary detection, encoding problems named precisely."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

from rootcause.errors import InputError

#: Text beyond this many bytes is not read; logs keep their tail, where the failure is.
MAX_TEXT_BYTES = 16 * 1024 * 1024
_SNIFF = 8192


GZIP_MAGIC = b"\x1f\x8b"


def is_binary(head: bytes) -> bool:
    """NUL bytes, or mostly non-text bytes, in the first block."""
    if not head:
        return False
    if b"\x00" in head:
        return True
    text_like = sum(1 for b in head if b >= 32 or b in (9, 10, 12, 13, 27))
    return text_like / len(head) < 0.85


def read_text(path: str | os.PathLike[str], *, keep: str = "tail", limit: int = MAX_TEXT_BYTES) -> tuple[str, list[str]]:
    """The file's text and warnings about it.

    Raises InputError for a missing, unreadable or binary file. A file larger than
    ``limit`` keeps its last (``keep="tail"``) or first ``limit`` bytes, with a warning.
    Invalid UTF-8 is replaced (U+FFFD) with a warning naming the first bad byte's offset.
    """
    path = Path(path)
    warnings: list[str] = []
    require_regular_file(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(_SNIFF)
            if is_binary(head):
                raise InputError("binary file, expected text", path=str(path))
            if size > limit:
                warnings.append(f"{path}: {size} bytes, only the {'last' if keep == 'tail' else 'first'} {limit} were read")
                handle.seek(max(0, size - limit) if keep == "tail" else 0)
                data = handle.read(limit)
            else:
                handle.seek(0)
                data = handle.read()
    except FileNotFoundError:
        raise InputError("file not found", path=str(path)) from None
    except IsADirectoryError:
        raise InputError("is a folder, expected a file", path=str(path)) from None
    except PermissionError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", path=str(path)) from exc
    try:
        return data.decode("utf-8"), warnings
    except UnicodeDecodeError as exc:
        warnings.append(f"{path}: invalid UTF-8 at byte {exc.start}; undecodable bytes were replaced")
        return data.decode("utf-8", errors="replace"), warnings


def read_text_strict(path: str | os.PathLike[str], limit: int = MAX_TEXT_BYTES) -> str:
    """Text of a structured file (JSON, CSV, XML): any size or encoding problem is an error."""
    path = Path(path)
    require_regular_file(path)
    size = path.stat().st_size
    if size > limit * 4:
        raise InputError(f"{size} bytes is too large for a structured input (limit {limit * 4})", path=str(path))
    data = path.read_bytes()
    if is_binary(data[:_SNIFF]):
        raise InputError("binary file, expected text", path=str(path))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(f"invalid UTF-8 at byte {exc.start}", path=str(path), line=line) from exc


def parse_json(text: str, *, path: str | os.PathLike[str], line: int | None = None) -> Any:
    """``json.loads`` with its failures as InputError naming the file: malformed or truncated JSON, and
    JSON nested deeper than Python can parse (which would otherwise raise RecursionError)."""
    try:
        return json.loads(text)
    except json.JSONDecodeError as exc:
        what = "truncated JSON" if exc.pos >= len(text.rstrip()) - 1 else "malformed JSON"
        at_line = line if line is not None else exc.lineno
        raise InputError(
            f"{what}: {exc.msg}", path=str(path), line=at_line, column=exc.colno, excerpt=text[:120].rstrip() if line is not None else None
        ) from None
    except RecursionError:
        raise InputError("JSON nested too deeply to read", path=str(path), line=line) from None


def require_regular_file(path: str | os.PathLike[str]) -> None:
    """Raise InputError unless ``path`` is a regular file: a FIFO, socket or device would block or never end."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        raise InputError("file not found", path=str(path)) from None
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror or exc}", path=str(path)) from None
    if stat.S_ISDIR(mode):
        raise InputError("is a folder, expected a file", path=str(path))
    if not stat.S_ISREG(mode):
        kind = "a FIFO (named pipe)" if stat.S_ISFIFO(mode) else "a socket" if stat.S_ISSOCK(mode) else "a device"
        raise InputError(f"is {kind}, not a regular file; pipe input with '-' instead", path=str(path))
