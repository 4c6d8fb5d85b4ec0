"""RunRecord JSONL (one object per line) and JSON arrays of records (e.g. the study's judge-validation file)."""

from __future__ import annotations

import gzip
import io
import json
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from rootcause.errors import InputError
from rootcause.parsing.http import parse_newman_summary
from rootcause.parsing.io import GZIP_MAGIC, MAX_TEXT_BYTES, is_binary, parse_json, require_regular_file
from rootcause.readers.newman_csv import parse_newman_csv
from rootcause.records import METADATA_FIELDS, TEXT_FIELDS, RequestResult, RunRecord
from rootcause.study import framework_from_task

_KNOWN = {"id", "trajectory", "files", "newman_csv", *TEXT_FIELDS}
#: Longest JSONL line accepted; longer ones become an error record rather than exhaust memory.
MAX_LINE_BYTES = 4 * MAX_TEXT_BYTES


def record_from_mapping(data: dict[str, Any], *, fallback_id: str, source: str) -> RunRecord:
    """Build a RunRecord from one JSON object; unknown fields go to metadata and are echoed."""
    warnings: list[str] = []
    rid = data.get("id")
    if rid is None or rid == "":
        warnings.append(f"{fallback_id}: record has no 'id'; using its position")
        rid = fallback_id
    metadata = {k: v for k, v in data.items() if k not in _KNOWN}
    for name in METADATA_FIELDS:
        metadata.setdefault(name, None)
    if metadata["framework"] is None:
        metadata["framework"] = framework_from_task(metadata.get("task"))
    texts: dict[str, Any] = {}  # RunRecord's text fields, passed as keywords
    for name in TEXT_FIELDS:
        value = data.get(name)
        if value is None:
            continue
        if not isinstance(value, str):
            value = json.dumps(value) if name != "newman_summary" or not isinstance(value, list) else "\n".join(map(str, value))
        texts[name] = value
    files = data.get("files")
    if files is not None and not (isinstance(files, dict) and all(isinstance(v, str) for v in files.values())):
        warnings.append(f"{source}: record {rid!r}: 'files' must map paths to text; ignored")
        files = None
    trajectory = data.get("trajectory")
    requests: tuple[RequestResult, ...] = ()
    report = data.get("newman_csv")
    if isinstance(report, str) and report.strip():
        # A full newman-reporter-csv report carries the failed assertion names: prefer it.
        try:
            requests = tuple(parse_newman_csv(report, path=f"{source}: record {rid!r}: newman_csv"))
        except InputError as exc:
            warnings.append(str(exc))
    if not requests and texts.get("newman_summary"):
        requests = tuple(parse_newman_summary(texts["newman_summary"]))
    return RunRecord(id=str(rid), metadata=metadata, trajectory=trajectory, files=files, requests=requests, source=source, warnings=tuple(warnings), **texts)


def error_record(rid: str, message: str, source: str) -> RunRecord:
    return RunRecord(id=rid, metadata={name: None for name in METADATA_FIELDS}, source=source, error=message)


def read_jsonl(path: str | os.PathLike[str]) -> Iterator[RunRecord]:
    """One RunRecord per line; a bad line becomes an error record ``<file>:<line>``.

    A file with no lines at all comes out as one error record, so it is not silently skipped.
    """
    produced = 0
    for record in _read_jsonl_lines(path):
        produced += 1
        yield record
    if produced == 0:
        yield error_record(str(path), str(InputError("holds no records (the file is empty)", path=str(path))), str(path))


def _read_jsonl_lines(path: str | os.PathLike[str]) -> Iterator[RunRecord]:
    path = Path(path)
    try:
        require_regular_file(path)
    except InputError as exc:
        yield error_record(str(path), str(exc), str(path))
        return
    try:
        raw = path.open("rb")
        handle: io.BufferedIOBase = raw
        if raw.read(2) == GZIP_MAGIC:
            raw.seek(0)
            handle = gzip.GzipFile(fileobj=raw, mode="rb")
        else:
            raw.seek(0)
    except OSError as exc:
        yield error_record(str(path), str(InputError(f"cannot be opened: {exc.strerror}", path=str(path))), str(path))
        return
    with raw, handle:  # closing a GzipFile leaves the file it reads open
        try:
            yield from _records_of(path, handle)
        except (OSError, EOFError, zlib.error) as exc:  # a damaged or truncated gzip stream
            what = "truncated gzip data" if isinstance(exc, EOFError) else f"damaged gzip data ({exc})"
            yield error_record(f"{path.name}:gzip", str(InputError(f"{what}; the records before it were read", path=str(path))), str(path))


def _records_of(path: Path, handle: io.BufferedIOBase) -> Iterator[RunRecord]:
    for lineno, raw in enumerate(_bounded_lines(handle), 1):
        rid = f"{path.name}:{lineno}"
        if raw is None:
            yield error_record(rid, str(InputError(f"line longer than {MAX_LINE_BYTES} bytes", path=str(path), line=lineno)), str(path))
            continue
        if not raw.strip():
            continue
        if is_binary(raw[:4096]):
            yield error_record(rid, str(InputError("binary data, expected a JSON object", path=str(path), line=lineno)), str(path))
            continue
        try:
            text = raw.decode("utf-8")
            data = parse_json(text, path=path, line=lineno)
        except UnicodeDecodeError as exc:
            yield error_record(rid, str(InputError(f"invalid UTF-8 at byte {exc.start} of the line", path=str(path), line=lineno)), str(path))
            continue
        except InputError as exc:
            yield error_record(rid, str(exc), str(path))
            continue
        if not isinstance(data, dict):
            yield error_record(rid, str(InputError(f"expected a JSON object, got {type(data).__name__}", path=str(path), line=lineno)), str(path))
            continue
        yield record_from_mapping(data, fallback_id=rid, source=str(path))


def _bounded_lines(handle: io.BufferedIOBase) -> Iterator[bytes | None]:
    """Lines of a binary file; None for a line over MAX_LINE_BYTES (skipped without holding it)."""
    while True:
        line = handle.readline(MAX_LINE_BYTES + 1)
        if not line:
            return
        if len(line) > MAX_LINE_BYTES and not line.endswith(b"\n"):
            while True:  # drain the rest of the oversized line
                more = handle.readline(MAX_LINE_BYTES)
                if not more or more.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def read_json_records(path: str | os.PathLike[str]) -> Iterator[RunRecord]:
    """A JSON array of record objects, or an object with a ``records``/``runs`` array."""
    from rootcause.parsing.io import read_text_strict

    path = Path(path)
    try:
        data = parse_json(read_text_strict(path), path=path)
    except InputError as exc:
        yield error_record(str(path), str(exc), str(path))
        return
    if isinstance(data, dict):
        data = data.get("records") or data.get("runs") or [data]
    if not isinstance(data, list):
        yield error_record(str(path), str(InputError("expected a JSON array of run records", path=str(path))), str(path))
        return
    for index, item in enumerate(data):
        rid = f"{path.name}[{index}]"
        if not isinstance(item, dict):
            yield error_record(rid, str(InputError(f"item {index} is a {type(item).__name__}, expected an object", path=str(path))), str(path))
            continue
        yield record_from_mapping(item, fallback_id=rid, source=str(path))
