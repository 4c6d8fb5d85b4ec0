"""Readers: every supported input becomes RunRecords, in input order.

Formats (``input_format`` / ``--input-format``):

==============  ===========================================================================
``jsonl``      RunRecord JSONL, one object per line
``json``       a JSON array of run records (the study's judge-validation file is one)
``study``      a study run folder, or a results tree (newest timestamp per task)
``folder``     any other folder of run folders: logs, test output and code told apart by name
               (a benchmark's sample folders, e.g. BaxBench's ``test.log``, ``func_test_*.log``, ``code/``)
``newman-csv`` one Newman CSV report
``newman-json`` one Newman JSON report (``-r json``): failed assertions with their errors
``swebench``   a SWE-bench evaluation folder, or a folder of them
``pytest``     pytest console output (``-rA`` or plain)
``unittest``   unittest / Django ``manage.py test`` output
``junit``      JUnit XML
``log``        any other text: a traceback, a server log, a Newman summary
==============  ===========================================================================
"""

from __future__ import annotations

import dataclasses
import os
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from rootcause.errors import InputError, InputFormatError
from rootcause.parsing import alias_moved
from rootcause.parsing.io import GZIP_MAGIC, MAX_TEXT_BYTES, is_binary
from rootcause.readers import folders, junit, newman_csv, newman_json, records, study, swebench, text
from rootcause.records import METADATA_FIELDS, TEXT_FIELDS, RunRecord

alias_moved(__name__)  # rootcause.readers._io and .testoutput now live in rootcause.parsing

FORMATS = ("jsonl", "json", "study", "folder", "newman-csv", "newman-json", "swebench", "pytest", "unittest", "junit", "log")


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format of ``path`` from its layout, name and first bytes."""
    path = Path(path)
    if path.is_dir():
        if swebench.is_instance_folder(path) or any(swebench.is_instance_folder(p) for p in _children(path)):
            return "swebench"
        if not study.find_run_folders(path) and folders.find_run_folders(path):
            return "folder"
        return "study"
    if not path.exists():
        raise InputError("no such file or folder", path=str(path))
    name = path.name.lower()
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as exc:
        raise InputError(f"cannot be read: {exc.strerror}", path=str(path)) from exc
    if head[:2] == GZIP_MAGIC and (name.endswith(".jsonl.gz") or name.endswith(".ndjson.gz")):
        return "jsonl"
    if name.endswith(".jsonl") or name.endswith(".ndjson"):
        return "jsonl"  # binary data is judged line by line: one bad line does not lose the others
    if is_binary(head):
        return "log"  # the text reader reports the binary file with its name
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if name.endswith(".json") and b'"collection"' in head and b'"run"' in head:
        return "newman-json"  # newman run -r json: a report, not run records
    if name.endswith(".json"):
        return (
            "json"
            if stripped.startswith(b"[") or b'"records"' in head or b'"runs"' in head
            else ("jsonl" if stripped.startswith(b"{") and b"\n{" in head else "json")
        )
    if name.endswith(".xml") or stripped.startswith(b"<?xml") or stripped.startswith(b"<testsuite"):
        return "junit"
    if name.endswith(".csv") and b"requestName" in head.split(b"\n", 1)[0]:
        return "newman-csv"
    if head[:4] == b"PAR1" or name.endswith((".csv", ".tsv", ".parquet", ".xlsx")):
        raise InputFormatError(table_refusal(path.name, _table_columns(head, name)), path=str(path))
    if stripped.startswith(b"{") and stripped.split(b"\n", 1)[0].rstrip().endswith(b"}"):
        return "jsonl"
    return "log"


#: Fields that carry a run's evidence; a mapping or a table row needs at least one of them.
EVIDENCE_FIELDS = frozenset({*TEXT_FIELDS, "files", "trajectory", "newman_csv"})


def _table_columns(head: bytes, name: str) -> list[str]:
    if head[:4] == b"PAR1" or name.endswith((".parquet", ".xlsx")):
        return []
    first = head.decode("utf-8", errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    return [c.strip().strip('"') for c in first.split("\t" if name.endswith(".tsv") else ",")][:12]


def table_refusal(what: str, columns: list[str]) -> str:
    """Why a table is not classified, and which command reads it."""
    shown = f" (columns: {', '.join(columns[:8])}{', ...' if len(columns) > 8 else ''})" if columns else ""
    if "root_cause" in columns or "rules_fired" in columns:
        reader = "it holds classified runs: `rootcause stats`, `rootcause figures` and `rootcause evaluate --truth COLUMN` read it"
    elif {"category", "reasoning"} & set(columns) or {"human_category", "human_subcategory"} & set(columns):
        reader = "it looks like the study's labels: `rootcause stats DIR` / `rootcause.read_study(DIR)` read the release"
    else:
        reader = "`rootcause stats`, `rootcause figures` and `rootcause evaluate` read tables"
    return f"{what} is a table{shown}, not a run's logs; {reader}"


def _children(path: Path) -> list[Path]:
    try:
        return [p for p in path.iterdir() if p.is_dir()][:50]
    except OSError:
        return []


def _one_record(path: Path, read: Callable[[Path], list], field: str) -> Iterator[RunRecord]:
    """One record from a structured file parsed by ``read`` into ``requests`` or ``tests``."""
    meta = {name: None for name in METADATA_FIELDS}
    try:
        items = read(path)
    except InputError as exc:
        yield RunRecord(id=path.name, metadata=meta, source=str(path), error=str(exc))
        return
    parsed: dict[str, Any] = {field: tuple(items)}  # requests=... or tests=...
    yield RunRecord(id=path.name, metadata=meta, source=str(path), **parsed)


READERS: dict[str, Callable[[Path], Iterable[RunRecord]]] = {
    "jsonl": records.read_jsonl,
    "json": records.read_json_records,
    "study": study.read_results_tree,
    "folder": folders.read_folders,
    "newman-csv": lambda p: _one_record(p, newman_csv.read_newman_csv, "requests"),
    "newman-json": lambda p: _one_record(p, newman_json.read_newman_json, "requests"),
    "swebench": swebench.read_swebench,
    "pytest": lambda p: [text.read_text_run(p, "pytest")],
    "unittest": lambda p: [text.read_text_run(p, "unittest")],
    "junit": lambda p: _one_record(p, junit.read_junit, "tests"),
    "log": lambda p: [text.read_text_run(p, "log")],
}


def read_path(path: str | os.PathLike[str], input_format: str | None = None) -> Iterator[RunRecord]:
    """Records from one path. Problems become error records naming the path; nothing raises."""
    path = Path(path)
    if input_format is not None and input_format not in READERS:
        raise InputFormatError(f"unknown input format {input_format!r}; choose from {', '.join(FORMATS)}", path=str(path))
    try:
        fmt = input_format or detect_format(path)
        if path.is_dir() and fmt not in ("study", "swebench", "folder"):
            raise InputFormatError(f"format {fmt!r} reads a file, but this is a folder", path=str(path))
        if not path.exists():
            raise InputError("no such file or folder", path=str(path))
        if path.is_dir() and not any(path.iterdir()):
            raise InputError("empty folder", path=str(path))
    except InputError as exc:
        yield RunRecord(id=str(path), metadata={name: None for name in METADATA_FIELDS}, source=str(path), error=str(exc))
        return
    produced = 0
    held: list[RunRecord] = []  # error records before the file's first good one
    try:
        for record in READERS[fmt](path):
            produced += 1
            if record.error and produced == len(held) + 1 and len(held) < MAX_HELD_ERRORS:
                held.append(record)
                continue
            yield from held
            held = []
            yield record
        if input_format is not None and len(held) > 1:
            # A format forced on a file that is not in it: one error says so, not one per line.
            yield RunRecord(
                id=str(path),
                metadata={name: None for name in METADATA_FIELDS},
                source=str(path),
                error=str(
                    InputFormatError(
                        f"none of its {len(held)} records could be read as {fmt} (--input-format {fmt} was given; "
                        f"without it the format is detected); the first: {held[0].error}",
                        path=str(path),
                    )
                ),
            )
            held = []
        yield from held
    except (RecursionError, MemoryError) as exc:
        yield from held
        yield _failed(path, produced, "nesting or size beyond what can be read" if isinstance(exc, RecursionError) else "out of memory while reading")
    except (OSError, ValueError, TypeError, KeyError, AttributeError, IndexError, RuntimeError, UnicodeError) as exc:
        # A reader bug or an input shape nobody foresaw: this file's error record, never the sweep's end.
        yield from held
        yield _failed(path, produced, f"could not be read ({type(exc).__name__}: {str(exc)[:200]})")


#: Error records held back while a file has given no good record (see :func:`read_path`).
MAX_HELD_ERRORS = 1000


def _failed(path: Path, produced: int, message: str) -> RunRecord:
    after = f" after {produced} record(s)" if produced else ""
    return RunRecord(
        id=f"{path}:unread" if produced else str(path),
        metadata={name: None for name in METADATA_FIELDS},
        source=str(path),
        error=str(InputError(f"{message}{after}; the rest of the file was not read", path=str(path))),
    )


def read_runs(
    inputs: "str | os.PathLike[str] | RunRecord | Iterable[str | os.PathLike[str] | RunRecord]", *, input_format: str | None = None
) -> Iterator[RunRecord]:
    """RunRecords from paths (any supported format) and/or RunRecords, in input order."""
    items: object = [inputs] if isinstance(inputs, (str, os.PathLike, RunRecord, Mapping)) or _is_frame(inputs) else inputs
    if not isinstance(items, Iterable):
        raise TypeError(f"cannot classify a {type(items).__name__}: give paths, RunRecords, record dicts or a DataFrame of records")
    for position, item in enumerate(items):
        if isinstance(item, RunRecord):
            yield item
        elif isinstance(item, Mapping):
            yield _mapping_record(item, position)
        elif _is_frame(item):
            yield from _frame_records(item)
        elif not isinstance(item, (str, os.PathLike)):
            raise TypeError(f"cannot classify a {type(item).__name__}: give paths, RunRecords, record dicts or a DataFrame of records")
        elif _is_stream(item):
            yield from _read_stream(item, input_format)
        else:
            yield from read_path(item, input_format)


def _is_frame(value: object) -> bool:
    return type(value).__name__ == "DataFrame" and hasattr(value, "to_dict") and hasattr(value, "columns")


def _mapping_record(data: Mapping, position: int) -> RunRecord:
    if not EVIDENCE_FIELDS & set(data):
        raise TypeError(
            f"record {position} has none of the evidence fields ({', '.join(sorted(EVIDENCE_FIELDS))}); its keys are {', '.join(map(str, list(data)[:10]))}"
        )
    return records.record_from_mapping(dict(data), fallback_id=f"record-{position}", source="<mapping>")


def _frame_records(frame) -> Iterator[RunRecord]:
    """One record per row of a DataFrame of records (columns named as in the RunRecord JSONL schema)."""
    columns = [str(c) for c in frame.columns]
    if not EVIDENCE_FIELDS & set(columns):
        raise TypeError(table_refusal("this DataFrame", columns) + f"; a DataFrame of runs needs one of the columns {', '.join(sorted(EVIDENCE_FIELDS))}")
    for position, row in enumerate(frame.to_dict(orient="records")):
        clean = {k: v for k, v in row.items() if not _missing(v)}
        yield records.record_from_mapping(clean, fallback_id=f"row-{position}", source="<DataFrame>")


def _missing(value: object) -> bool:
    try:
        return value is None or bool(value != value)  # None and NaN
    except (TypeError, ValueError):  # arrays and other values without a truth value
        return False


#: Bytes of a piped input kept (its tail, like a log file's).
MAX_STREAM_BYTES = 4 * MAX_TEXT_BYTES


def _is_stream(item: str | os.PathLike[str]) -> bool:
    """``-`` (stdin), or a path that is a pipe: ``/dev/stdin``, a shell's ``<(...)``."""
    if str(item) == "-":
        return True
    try:
        return stat.S_ISFIFO(os.stat(item).st_mode)
    except OSError:
        return False


def _read_stream(item: str | os.PathLike[str], input_format: str | None) -> Iterator[RunRecord]:
    """A pipe is read once, into a temporary file (pipes cannot seek), then read like any file;
    its records name ``-`` (or the pipe's path) as their source."""
    name = "-" if str(item) == "-" else str(item)
    with tempfile.TemporaryDirectory(prefix="rootcause-stdin-") as folder:
        spooled = Path(folder) / "stdin"
        try:
            source = sys.stdin.buffer if name == "-" else open(item, "rb")
            with spooled.open("wb") as out:
                kept = _copy_tail(source, out)
            if source is not sys.stdin.buffer:
                source.close()
        except OSError as exc:
            yield RunRecord(
                id=name, metadata={k: None for k in METADATA_FIELDS}, source=name, error=str(InputError(f"cannot be read: {exc.strerror or exc}", path=name))
            )
            return
        for record in read_path(spooled, input_format):
            record = dataclasses.replace(record, id=name if record.id in (str(spooled), spooled.name) else record.id.replace(str(spooled), name), source=name)
            if kept is not None:
                record = dataclasses.replace(
                    record, warnings=(*record.warnings, f"{name}: more than {MAX_STREAM_BYTES} bytes; only the first {MAX_STREAM_BYTES} were read")
                )
            yield record


def _copy_tail(source, out) -> int | None:
    """Copy at most MAX_STREAM_BYTES; returns the limit when the stream was longer (the rest is drained)."""
    copied = 0
    while chunk := source.read(1 << 20):
        room = MAX_STREAM_BYTES - copied
        if room > 0:
            out.write(chunk[:room])
        copied += len(chunk)
    return MAX_STREAM_BYTES if copied > MAX_STREAM_BYTES else None


__all__ = ["FORMATS", "READERS", "detect_format", "read_path", "read_runs"]
