"""The study's run folders and results trees.

Layout: ``results/{runtime}/{agent}/{model}/{task}/{timestamp}/run_N/`` holding the agent's
``{agent}-{task}.patch``, ``newman-run-report-*.csv``, ``conduit.log`` (server output),
``setup.log``, and ``mini/trajectory.json`` (mini-SWE-agent) or ``<uuid>/events/event-*.json``
(OpenHands). For each task only the newest timestamp folder is read, as the study's scripts do.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rootcause.errors import InputError
from rootcause.parsing.io import parse_json, read_text, read_text_strict
from rootcause.readers.newman_csv import read_newman_csv
from rootcause.readers.newman_json import _object, read_newman_json
from rootcause.records import METADATA_FIELDS, RequestResult, RunRecord
from rootcause.study import framework_from_task

RUN_DIR = re.compile(r"^run_\d+$")
EVIDENCE_NAMES = ("conduit.log", "setup.log")


def is_run_folder(path: Path) -> bool:
    try:
        if not path.is_dir():
            return False
        names = {p.name for p in path.iterdir()}
    except OSError:
        return False
    return bool(
        names & set(EVIDENCE_NAMES)
        or any(n.startswith("newman") and n.endswith((".csv", ".json")) for n in names)
        or any(n.endswith(".patch") for n in names)
        or "mini" in names
    )


_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}")
RUNTIMES = ("uv", "node")


def _metadata_from_path(run: Path) -> dict[str, Any]:
    """runtime/agent/model/task/timestamp from the folders above a run, where they follow the layout.

    Walking up from ``run_N``: a timestamp folder, then a task named ``<framework>-openapi...``,
    then model, agent and runtime only when the runtime folder is ``uv`` or ``node``. Folders that
    do not fit are not taken for metadata.
    """
    meta: dict[str, Any] = {name: None for name in METADATA_FIELDS}
    meta["run_id"] = run.name
    above = list(reversed(run.parts[:-1]))
    if above and _TIMESTAMP.match(above[0]):
        meta["timestamp"] = above.pop(0)
    if above and framework_from_task(above[0]):
        meta["task"] = above.pop(0)
        if len(above) >= 3 and above[2] in RUNTIMES:
            meta["model"], meta["agent"], meta["runtime"] = above[0], above[1], above[2]
    meta["framework"] = framework_from_task(meta.get("task"))
    return meta


def _openhands_trajectory(run: Path, base: Path) -> list[dict[str, str]] | None:
    event_files = sorted(run.glob("*/events/event-*.json"))
    if not event_files:
        return None
    messages = []
    for path in event_files:
        try:
            _inside(path, base)
            event = parse_json(read_text_strict(path), path=path)
        except InputError:
            continue
        if not isinstance(event, dict):
            continue
        role = "assistant" if event.get("source") == "agent" else "user"
        action = _object(event.get("action"))
        observation = _object(event.get("observation"))
        parts = []
        for key in ("thought", "reasoning_content"):
            value = _flat_text(event.get(key) or action.get(key), " ")
            if value:
                parts.append(value)
        if action.get("message"):  # the agent's closing message (FinishAction)
            parts.append(str(action["message"]))
        if action.get("file_text") and action.get("path"):
            # A file the agent wrote with the editor tool: shown as the heredoc the trajectory parser reads.
            parts.append(f"```bash\ncat > {action['path']} <<'ROOTCAUSE_EOF'\n{action['file_text']}\nROOTCAUSE_EOF\n```")
        elif isinstance(action.get("command"), str) and action["command"] not in ("create", "str_replace", "view", "insert", "undo_edit"):
            parts.append(f"```bash\n{action['command']}\n```")
        llm_message = _object(event.get("llm_message"))
        content = _flat_text(observation.get("content") or observation.get("output") or event.get("content") or llm_message.get("content"), "\n")
        if content:
            parts.append(content)
        if parts:
            messages.append({"role": role, "content": "\n".join(parts)})
    return messages


def _flat_text(value: Any, sep: str, depth: int = 0) -> str:
    """The text an event field holds: a string, or a list of strings / ``{"text": ...}`` parts at any
    nesting (cut at a few levels), whatever types a writer put there."""
    if value is None or depth > 4:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        return _flat_text(value.get("text"), sep, depth + 1)
    if isinstance(value, list):
        return sep.join(t for t in (_flat_text(v, sep, depth + 1) for v in value) if t)
    return str(value)


def _inside(path: Path, base: Path) -> None:
    """Raise InputError when ``path`` (through symlinks) leaves ``base``, the folder the user named."""
    try:
        resolved = path.resolve(strict=True)
    except (OSError, RuntimeError) as exc:  # a symlink loop, a dangling link
        raise InputError(f"cannot be resolved: {getattr(exc, 'strerror', None) or exc}", path=str(path)) from None
    if not resolved.is_relative_to(base):
        raise InputError("is a link to a file outside the input folder; not read", path=str(path))


def read_run_folder(run: str | os.PathLike[str], root: str | os.PathLike[str] | None = None) -> RunRecord:
    """One run folder as a RunRecord. Missing members are warnings; a folder with none is an error.

    Nothing outside ``root`` (default: the run folder) is read, whatever symlinks point to."""
    run = Path(run)
    base = Path(root if root is not None else run).resolve()
    meta = _metadata_from_path(run)
    named = [str(meta[k]) for k in ("runtime", "agent", "model", "task") if meta.get(k)]
    rid = "/".join([*named, run.name]) if named else str(run)
    warnings: list[str] = []
    fields: dict[str, Any] = {}
    errors: list[str] = []

    def text_of(path: Path, field: str) -> None:
        try:
            _inside(path, base)
            text, warns = read_text(path)
        except InputError as exc:
            errors.append(str(exc))
            return
        warnings.extend(warns)
        if not text.strip() and field != "patch":
            warnings.append(f"{path}: empty")
        fields[field] = text

    for name, field in (("conduit.log", "server_log"), ("setup.log", "log")):
        if (run / name).is_file():
            text_of(run / name, field)
        else:
            warnings.append(f"{run / name}: missing from the run folder")
    patches = sorted(run.glob("*.patch"))
    if patches:
        text_of(patches[0], "patch")
        meta["patch_file"] = str(patches[0])
    else:
        warnings.append(f"{run}: no *.patch file in the run folder")
    # Newman's JSON report keeps each failed assertion's error: preferred when both reports exist.
    json_reports = sorted(run.glob("newman*.json"))
    reports = sorted(run.glob("newman-run-report-*.csv"))
    requests: tuple[RequestResult, ...] = ()
    if json_reports or reports:
        report = json_reports[-1] if json_reports else reports[-1]
        try:
            _inside(report, base)
            requests = tuple(read_newman_json(report) if report.suffix == ".json" else read_newman_csv(report))
            meta["newman_report"] = str(report)
        except InputError as exc:
            errors.append(str(exc))
    else:
        warnings.append(f"{run}: no newman-run-report-*.csv (or newman*.json) in the run folder")
    trajectory = None
    mini = run / "mini" / "trajectory.json"
    if mini.is_file():
        try:
            _inside(mini, base)
            trajectory = parse_json(read_text_strict(mini), path=mini)
        except InputError as exc:
            errors.append(str(exc))
    else:
        trajectory = _openhands_trajectory(run, base)
    if not fields and not requests and trajectory is None:
        problem = "; ".join(errors) if errors else f"{run}: run folder holds no readable patch, report, log or trajectory"
        return RunRecord(id=rid, metadata=meta, source=str(run), error=problem, warnings=tuple(warnings))
    warnings.extend(errors)
    return RunRecord(id=rid, metadata=meta, requests=requests, trajectory=trajectory, source=str(run), warnings=tuple(warnings), **fields)


def find_run_folders(root: str | os.PathLike[str]) -> list[Path]:
    """Run folders under ``root``; where a task has several timestamp folders, only the newest."""
    root = Path(root)
    runs = sorted(p for p in _folders(root) if RUN_DIR.match(p.name) and is_run_folder(p))
    if not runs and is_run_folder(root):
        return [root]
    newest: dict[Path, str] = {}
    for run in runs:
        stamp_dir = run.parent
        task_dir = stamp_dir.parent
        if stamp_dir.name > newest.get(task_dir, ""):
            newest[task_dir] = stamp_dir.name
    return [r for r in runs if newest.get(r.parent.parent) == r.parent.name]


def _folders(root: Path) -> Iterator[Path]:
    """Folders under ``root``, never following a symlinked folder (it may leave the tree or loop)."""
    for top, dirs, _files in os.walk(root, followlinks=False):
        for name in dirs:
            if not (Path(top) / name).is_symlink():
                yield Path(top) / name


def read_results_tree(root: str | os.PathLike[str]) -> Iterator[RunRecord]:
    root = Path(root)
    runs = find_run_folders(root)
    if not runs:
        yield RunRecord(
            id=str(root),
            metadata={k: None for k in METADATA_FIELDS},
            source=str(root),
            error=str(InputError("no run folders found (expected run_N folders with conduit.log, a newman CSV, a patch or mini/)", path=str(root))),
        )
        return
    for run in runs:
        yield read_run_folder(run, root)
