"""Gathering a project's source files without running anything: a folder, a mapping, a patch, a record.

Paths are normalised to POSIX paths relative to the project root. Absolute paths, ``..``
segments and symlinks that leave the tree are refused (reported, never followed or written);
binary and oversized files are skipped with a note.
"""

from __future__ import annotations

import os
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from rootcause.parsing.io import is_binary

if TYPE_CHECKING:
    from rootcause.parsing.patch import PatchedFile

MAX_FILE_BYTES = 2 * 1024 * 1024
#: The work budget of one project: source files and bytes analysed (in path order); the rest is
#: skipped with a note, and the project counts as known only in part. Parsing costs about 10 ms
#: per KB, so the byte limit keeps one project's analysis under a minute.
MAX_PROJECT_FILES = 2000
MAX_PROJECT_BYTES = 4 * 1024 * 1024
BUDGET_NOTE = "over the work budget"
SKIP_DIRS = frozenset(
    {
        ".git",
        ".hg",
        ".svn",
        ".venv",
        "venv",
        "env",
        ".env",
        "node_modules",
        "__pycache__",
        "site-packages",
        ".tox",
        ".nox",
        ".mypy_cache",
        ".pytest_cache",
        "build",
        "dist",
        ".idea",
        ".vscode",
    }
)
SOURCE_SUFFIXES = (".py", ".pyi")
#: Non-Python files the structure and SQL checks read (dependency lists, SQL, settings).
AUX_NAMES = ("requirements.txt", "pyproject.toml", "package.json", "setup.cfg", "Pipfile")
AUX_SUFFIXES = (".sql",)
#: JavaScript and TypeScript sources, read by ``rootcause.code.js`` (never by the Python checks).
SCRIPT_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx", ".ts", ".mts", ".cts", ".tsx")


@dataclass
class ScriptSet:
    """A project's JavaScript/TypeScript files, kept apart from :attr:`SourceSet.files` so that
    what the Python checks read does not change; with its own work budget and notes."""

    files: dict[str, str] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    partial: bool = False
    #: Every file path known, read or not (a folder's listing, the files a patch creates):
    #: ``require('./config.json')`` resolves to a file the analysis never reads.
    paths: set[str] = field(default_factory=set)


@dataclass
class SourceSet:
    """Files of one project: ``{relative posix path: text}`` plus what was left out and why."""

    files: dict[str, str] = field(default_factory=dict)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (path, reason)
    root: str | None = None
    partial: bool = False  # some files are known only in part (a patch that modifies them)
    scripts: ScriptSet = field(default_factory=ScriptSet)


def safe_relpath(path: str) -> str | None:
    """A normalised relative POSIX path, or None for absolute paths and paths escaping the root."""
    path = path.replace("\\", "/").strip()
    if not path or path.startswith("/") or (len(path) > 1 and path[1] == ":"):
        return None
    norm = posixpath.normpath(path)
    if norm == ".." or norm.startswith("../") or norm == ".":
        return None
    return norm


def wanted(path: str) -> bool:
    name = posixpath.basename(path)
    return path.endswith(SOURCE_SUFFIXES + AUX_SUFFIXES) or name in AUX_NAMES


def wanted_script(path: str) -> bool:
    """A JavaScript/TypeScript source (``.d.ts`` included), collected apart from :func:`wanted`'s files."""
    return path.endswith(SCRIPT_SUFFIXES)


class _Budget:
    """Counts files and bytes taken into one project against MAX_PROJECT_FILES / MAX_PROJECT_BYTES."""

    def __init__(self) -> None:
        self.files = 0
        self.bytes = 0

    def refuses(self, out: SourceSet | ScriptSet, rel: str, size: int) -> bool:
        if self.files + 1 > MAX_PROJECT_FILES or self.bytes + size > MAX_PROJECT_BYTES:
            out.skipped.append((rel, f"{BUDGET_NOTE} ({MAX_PROJECT_FILES} files or {MAX_PROJECT_BYTES} bytes per project)"))
            out.partial = True
            return True
        self.files += 1
        self.bytes += size
        return False


def from_mapping(files: Mapping[str, str]) -> SourceSet:
    out = SourceSet()
    budget, script_budget = _Budget(), _Budget()
    for raw, text in sorted(files.items(), key=lambda item: str(item[0])):
        rel = safe_relpath(str(raw))
        if rel is None:
            out.skipped.append((str(raw), "path is absolute or leaves the project"))
            continue
        if not isinstance(text, str):
            out.skipped.append((rel, "content is not text"))
            continue
        if len(text) > MAX_FILE_BYTES:
            out.skipped.append((rel, f"larger than {MAX_FILE_BYTES} bytes"))
            continue
        if "\x00" in text[:8192]:
            out.skipped.append((rel, "binary content"))
            continue
        if wanted_script(rel) and not script_budget.refuses(out.scripts, rel, len(text)):
            out.scripts.files[rel] = text
        if wanted(rel) and budget.refuses(out, rel, len(text)):
            continue
        out.files[rel] = text
    return out


def from_folder(folder: str | os.PathLike[str]) -> SourceSet:
    """Source files under ``folder`` (never following symlinks out of it); JavaScript/TypeScript
    files go to ``scripts`` with their own budget, the same safety rules and notes."""
    root = Path(folder).resolve()
    out = SourceSet(root=str(root))
    budget, script_budget = _Budget(), _Budget()
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not d.endswith(".egg-info"))
        for name in sorted(filenames):
            full = Path(dirpath) / name
            rel = full.relative_to(root).as_posix()
            out.scripts.paths.add(rel)
            if wanted(rel):
                _read_into(out, budget, root, full, rel)
            elif wanted_script(rel):
                _read_into(out.scripts, script_budget, root, full, rel)
    return out


def _read_into(out: SourceSet | ScriptSet, budget: _Budget, root: Path, full: Path, rel: str) -> None:
    """Read one file of a folder into ``out.files``, or note in ``out.skipped`` why not."""
    try:
        if full.is_symlink() and root not in full.resolve().parents:
            out.skipped.append((rel, "symlink pointing outside the project"))
            return
        size = full.stat().st_size
        if size > MAX_FILE_BYTES:
            out.skipped.append((rel, f"{size} bytes, larger than {MAX_FILE_BYTES}"))
            return
        if budget.refuses(out, rel, size):
            return
        data = full.read_bytes()
    except OSError as exc:
        out.skipped.append((rel, f"cannot be read: {exc.strerror}"))
        return
    if is_binary(data[:8192]):
        out.skipped.append((rel, "binary file"))
        return
    out.files[rel] = data.decode("utf-8", errors="replace")


def from_patch(text: str) -> SourceSet:
    """Files a unified diff creates in full; modified files only show hunks and are left out.

    Nothing is written to disk: the project is rebuilt in memory, so ``../`` paths cannot escape.
    """
    from rootcause.parsing.patch import parse_patch

    return from_patched(*parse_patch(text))


def from_patched(patched: Sequence[PatchedFile], problem: str | None = None) -> SourceSet:
    """:func:`from_patch` on a diff already parsed (``parse_patch``'s files and problem)."""
    out = SourceSet()
    if problem:
        out.skipped.append(("<patch>", problem))
    for pf in patched:
        rel = safe_relpath(pf.path)
        if rel is None:
            out.skipped.append((pf.path, "path is absolute or leaves the project"))
            continue
        if not pf.is_deleted:
            out.scripts.paths.add(rel)  # a stylesheet or JSON file a script imports exists, even if unread
        if not pf.is_deleted and wanted_script(rel):
            if pf.is_new:
                out.scripts.files[rel] = pf.content
            else:
                out.scripts.skipped.append((rel, "modified, not created, by the patch: only its hunks are known"))
                out.scripts.partial = True
        if pf.is_deleted or not wanted(rel):
            continue
        if not pf.is_new:
            out.skipped.append((rel, "modified, not created, by the patch: only its hunks are known"))
            out.partial = True
            continue
        out.files[rel] = pf.content
    return out
