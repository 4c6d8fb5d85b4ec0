"""Run folders in a layout no other reader knows: logs, test output and code, told apart by name.

A *run folder* holds at least one log file (``*.log``, ``*.out``, or a ``*.txt`` named as a log or
an output, such as ``server_output.txt``) of its own, as a
benchmark's sample folder does (BaxBench: ``sampleN/test.log``, ``func_test_<name>.log`` and
``code/app.py``). In it:

- files named as a test's or a client's output (``func_test_*``, ``*test_output*``, ``pytest*``,
  ``jest*``, ``mocha*``, ``newman*``, ``client*``) become ``test_output``;
- the other log files become ``log`` (several are joined, each under a ``--- name ---`` line);
- source files (``*.py``, ``*.js``, ``*.ts``..., ``package.json``, ``requirements.txt``) in the
  folder and below it become ``files``, keyed by their path under the folder (``code/app.py``).

A tree is searched for run folders down to :data:`MAX_DEPTH` levels; each becomes one record
whose id is its path under the tree. The framework comes from the folder's path
(``Python-FastAPI``, ``JavaScript-express``) when it names one. Nothing is run or imported: files
are read as text, within :data:`MAX_FILE_BYTES` each and :data:`MAX_CODE_FILES` source files.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

from rootcause.errors import InputError
from rootcause.parsing.io import MAX_TEXT_BYTES, is_binary
from rootcause.records import METADATA_FIELDS, RunRecord

MAX_DEPTH = 8
MAX_RUN_FOLDERS = 1_000_000
MAX_CODE_FILES = 200
MAX_FILE_BYTES = MAX_TEXT_BYTES
CODE_SUFFIXES = (".py", ".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".jsx")
CODE_NAMES = ("package.json", "requirements.txt", "pyproject.toml", "run.sh", "Dockerfile")
#: Folders never read: installed packages and tool caches, not the program under analysis.
SKIPPED = frozenset({"node_modules", ".git", ".venv", "venv", "__pycache__", "site-packages", "dist", "build", ".mypy_cache", ".pytest_cache"})
_TEST_OUTPUT = re.compile(r"^(?:func_?test|test_?output|tests?_output|pytest|jest|mocha|newman|client|harness)|test_output", re.IGNORECASE)
_FRAMEWORKS = ("fastapi", "flask", "django", "aiohttp", "express", "fastify", "koa", "hono", "nestjs")


#: A ``.txt`` file counts as a log only when its name says so (``notes.txt`` is not one).
_TEXT_LOG_NAME = re.compile(r"log|out|test|server|err|std|result|run|trace", re.IGNORECASE)


def is_log_file(path: Path) -> bool:
    suffix = path.suffix.lower()
    return suffix in (".log", ".out") or (suffix == ".txt" and bool(_TEXT_LOG_NAME.search(path.stem)))


def is_run_folder(path: Path) -> bool:
    """Whether ``path`` holds a log file of its own."""
    try:
        return any(child.is_file() and is_log_file(child) for child in path.iterdir())
    except OSError:
        return False


def find_run_folders(root: str | os.PathLike[str]) -> list[Path]:
    """Run folders at or under ``root``, in path order (a run folder's own subfolders are not searched)."""
    root = Path(root)
    found: list[Path] = []
    stack = [(root, 0)]
    while stack and len(found) < MAX_RUN_FOLDERS:
        folder, depth = stack.pop()
        if is_run_folder(folder):
            found.append(folder)
            continue
        if depth >= MAX_DEPTH:
            continue
        try:
            children = sorted((c for c in folder.iterdir() if c.is_dir() and c.name not in SKIPPED), reverse=True)
        except OSError:
            continue
        stack.extend((child, depth + 1) for child in children)
    return sorted(found)


def read_folders(root: str | os.PathLike[str]) -> Iterator[RunRecord]:
    """One record per run folder under ``root``; a tree with none gives one error record."""
    root = Path(root)
    runs = find_run_folders(root)
    if not runs:
        yield _error(str(root), root, "no run folders found (no folder holds a *.log or *.out file, or a *.txt named as a log)")
        return
    for run in runs:
        yield read_run_folder(run, root)


def read_run_folder(run: Path, root: Path) -> RunRecord:
    """The record of one run folder; unreadable files are named in its warnings."""
    rid = run.relative_to(root).as_posix() if run != root else run.name
    warnings: list[str] = []
    logs: list[tuple[str, str]] = []
    outputs: list[tuple[str, str]] = []
    for child in sorted(run.iterdir()):
        if child.is_file() and is_log_file(child):
            text = _read(child, warnings)
            if text is not None:
                (outputs if _TEST_OUTPUT.search(child.name) else logs).append((child.name, text))
    files = _code(run, warnings)
    metadata: dict[str, object] = {name: None for name in METADATA_FIELDS}
    lowered = run.as_posix().lower()
    metadata["framework"] = next((name for name in _FRAMEWORKS if re.search(rf"(?<![a-z]){name}(?![a-z])", lowered)), None)
    if files:
        python = sum(p.endswith(".py") for p in files)
        metadata["runtime"] = "python" if python * 2 >= len(files) else "node"
    return RunRecord(id=rid, metadata=metadata, log=_joined(logs), test_output=_joined(outputs), files=files or None, source=str(run), warnings=tuple(warnings))


def _joined(parts: list[tuple[str, str]]) -> str | None:
    if not parts:
        return None
    if len(parts) == 1:
        return parts[0][1]
    return "\n".join(f"--- {name} ---\n{text}" for name, text in parts)


def _code(run: Path, warnings: list[str]) -> dict[str, str]:
    files: dict[str, str] = {}
    for folder, dirs, names in os.walk(run):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED)
        for name in sorted(names):
            if not (name.endswith(CODE_SUFFIXES) or name in CODE_NAMES):
                continue
            if len(files) >= MAX_CODE_FILES:
                warnings.append(f"{run}: more than {MAX_CODE_FILES} source files; the rest were not read")
                return files
            path = Path(folder) / name
            text = _read(path, warnings)
            if text is not None:
                files[path.relative_to(run).as_posix()] = text
    return files


def _read(path: Path, warnings: list[str]) -> str | None:
    """The text of ``path`` (at most :data:`MAX_FILE_BYTES`), or None with a warning naming it."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        warnings.append(str(InputError(f"cannot be read: {exc.strerror}", path=str(path))))
        return None
    if is_binary(data[:4096]):
        warnings.append(str(InputError("binary data, not text; left out", path=str(path))))
        return None
    if len(data) > MAX_FILE_BYTES:
        warnings.append(str(InputError(f"longer than {MAX_FILE_BYTES} bytes; only the start was read", path=str(path))))
        data = data[:MAX_FILE_BYTES]
    return data.decode("utf-8", errors="replace")


def _error(rid: str, root: Path, message: str) -> RunRecord:
    return RunRecord(id=rid, metadata={k: None for k in METADATA_FIELDS}, source=str(root), error=str(InputError(message, path=str(root))))
