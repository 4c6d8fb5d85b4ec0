"""Run every static check on a project; findings as records or a DataFrame."""

from __future__ import annotations

import functools
import os
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from rootcause.code.checks import CHECKS
from rootcause.code.model import CodeFinding
from rootcause.code.project import Project
from rootcause.code.structure import check_structure

if TYPE_CHECKING:
    import pandas as pd

#: Remark codes that say the analysis is incomplete: a check crashed (RM900), the time budget ran
#: out (RM002), files were left out (RM001). ``classify`` turns them into warnings.
CHECK_FAILED, OUT_OF_TIME, NOT_ANALYSED = "RM900", "RM002", "RM001"
FINDING_COLUMNS = ("project", "root_cause", "rule", "path", "line", "column", "message", "facts", "level")


def _data_checks(project: Project) -> Iterator[CodeFinding]:
    """ORM checks, then SQL checks against the schema the ORM models declare.

    The SQL dialect is inferred from the code, not forced from the task's constraints: code written
    for both databases guards its SQLite-only statements, and forcing one dialect would flag them.
    """
    from rootcause.code.orm import check_orm, extract_models
    from rootcause.code.sql import check_sql

    try:
        models = extract_models(project)
        yield from check_orm(project, models)
        yield from check_sql(project, extra_schema=models.tables() or None)
    finally:
        for module in project.modules.values():  # shared by the two checks, and as large as the tree: not kept
            module.forget_positions()


def analyze_project(project: Project, constraints: Iterable[str] = (), *, seconds: float | None = None) -> list[CodeFinding]:
    """Every finding for ``project``, sorted by path and line. A check that crashes becomes a remark.

    ``seconds`` is a time budget: once spent, the checks not yet started are left out and a
    remark names them (a running check is not interrupted). Findings that claim something is
    absent are then dropped, as for a project known only in part.
    """
    deadline = None if seconds is None else time.monotonic() + seconds
    findings: list[CodeFinding] = []
    constraints = list(constraints)
    checks: list[tuple[str, Callable[[], Iterable[CodeFinding]]]] = [(c.__name__, functools.partial(c, project)) for c in CHECKS]
    checks.append(("data", lambda: _data_checks(project)))
    checks.append(("structure", lambda: check_structure(project, constraints)))
    complete = project.complete
    for i, (name, check) in enumerate(checks):
        if deadline is not None and time.monotonic() > deadline:
            left = ", ".join(n for n, _ in checks[i:])
            findings.append(CodeFinding(OUT_OF_TIME, "unknown", "", 0, 0, f"work budget of {seconds:g} s spent; checks not run: {left}", level="remark"))
            complete = False
            break
        try:
            findings.extend(check())
        except Exception as exc:  # noqa: BLE001 - one broken check must not hide the others
            findings.append(CodeFinding(CHECK_FAILED, "unknown", "", 0, 0, f"check {name} failed: {type(exc).__name__}: {exc}", level="remark"))
    for path, reason in project.skipped:
        findings.append(CodeFinding(NOT_ANALYSED, "unknown", path, 0, 0, f"not analysed: {reason}", level="remark"))
    if not complete:
        findings = [f for f in findings if not _needs_whole_project(f)]
    unique = {(f.rule, f.path, f.line, f.column, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: (f.level != "defect", f.path, f.line, f.column, f.rule))


def analyze_all(project: Project, constraints: Iterable[str] = ()) -> list[CodeFinding]:
    """:func:`analyze_project`'s findings and the JavaScript/TypeScript ones
    (:func:`rootcause.code.js.analyze_js_project`), sorted together: what ``rootcause analyze`` reports."""
    from rootcause.code.js import analyze_js_project

    findings = analyze_project(project, constraints) + analyze_js_project(project)
    return sorted(findings, key=lambda f: (f.level != "defect", f.path, f.line, f.column, f.rule))


def _needs_whole_project(finding: CodeFinding) -> bool:
    """Findings that claim something is absent from the project: only sound on the whole project."""
    return finding.rule in ("XF101", "SQ302", "ST401", "ST403", "ST404") or (finding.rule == "XF106" and "defined nowhere" in finding.message)


def project_for(path: str | os.PathLike[str]) -> Project:
    """A Project from a folder, a single ``.py`` or ``.js``/``.ts`` file, or a unified diff (``.patch``/``.diff``)."""
    path = Path(path)
    if path.is_dir():
        return Project.from_path(path)
    text = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix in (".patch", ".diff"):
        return Project.from_patch(text)
    return Project.from_files({path.name: text})


def _package_root(file: Path) -> Path | None:
    """The folder that holds the top package ``file`` belongs to, or None outside a package."""
    folder = file.resolve().parent
    if not (folder / "__init__.py").is_file():
        return None
    while (folder.parent / "__init__.py").is_file() and folder.parent != folder:
        folder = folder.parent
    return folder.parent


def _script_root(file: Path) -> Path:
    """The folder a JavaScript/TypeScript file is analysed in: the nearest one with a ``package.json``
    (at most four levels up, not above a repository's root), else its own."""
    folder = file.resolve().parent
    for candidate in (folder, *list(folder.parents)[:4]):
        if (candidate / "package.json").is_file():
            return candidate
        if (candidate / ".git").exists():
            break
    return folder


def iter_findings(paths: Iterable[str | os.PathLike[str]], constraints: Iterable[str] = ()) -> Iterator[tuple[str, CodeFinding]]:
    """(project folder, finding) for each path; a finding's ``path`` is relative to that folder.

    A single ``.py`` file inside a package is analysed with its package (from the folder that
    holds the top package), so its relative imports resolve; a single JavaScript/TypeScript file
    with its package (the folder of the nearest ``package.json``); only its own findings are given.
    """
    from rootcause.code.files import wanted_script

    for path in paths:
        file = Path(path)
        root = _package_root(file) if file.is_file() and file.suffix == ".py" else None
        if root is None and file.is_file() and wanted_script(file.name):
            root = _script_root(file)
        if root is not None:
            rel = file.resolve().relative_to(root.resolve()).as_posix()
            shown = os.path.relpath(root) if not file.is_absolute() else str(root)
            for finding in analyze_all(Project.from_path(root), constraints):
                if finding.path == rel:
                    yield shown, finding
            continue
        project = project_for(path)
        if file.is_file():  # the finding's path is the file's name: the project is its folder
            yield from ((str(file.parent), finding) for finding in analyze_all(project, constraints))
            continue
        for finding in analyze_all(project, constraints):
            yield str(path), finding


def analyze(paths: "str | os.PathLike[str] | Project | Iterable[str | os.PathLike[str]]", constraints: Iterable[str] = ()) -> "pd.DataFrame":
    """Findings for each project path (folder, ``.py``/``.js``/``.ts`` file or patch), one row each, JavaScript/TypeScript included.

    Columns: ``project``, ``root_cause``, ``rule``, ``path`` (relative to the project),
    ``line``, ``column`` (1-based), ``message``, ``facts`` (list of str), ``level``
    (``defect`` or ``remark``).
    """
    import pandas as pd

    if isinstance(paths, Project):
        rows = [{"project": None, **f.to_dict()} for f in analyze_all(paths, constraints)]
    else:
        if isinstance(paths, (str, os.PathLike)):
            paths = [paths]
        rows = [{"project": p, **f.to_dict()} for p, f in iter_findings(paths, constraints)]
    return pd.DataFrame(rows, columns=list(FINDING_COLUMNS))
