"""A single text file: a raw traceback, a server log, pytest or unittest output, or a Newman summary."""

from __future__ import annotations

import os
from pathlib import Path

from rootcause.errors import InputError
from rootcause.parsing.http import parse_newman_summary
from rootcause.parsing.io import read_text
from rootcause.parsing.test_output import looks_like_pytest, looks_like_unittest, parse_test_output
from rootcause.records import METADATA_FIELDS, RunRecord


def read_text_run(path: str | os.PathLike[str], kind: str = "log") -> RunRecord:
    """One record from one file; ``kind`` is ``log``, ``pytest`` or ``unittest``."""
    path = Path(path)
    meta = {name: None for name in METADATA_FIELDS}
    try:
        text, warnings = read_text(path)
    except InputError as exc:
        return RunRecord(id=path.name, metadata=meta, source=str(path), error=str(exc))
    if not text.strip():
        return RunRecord(id=path.name, metadata=meta, source=str(path), error=str(InputError("empty file", path=str(path))))
    if kind in ("pytest", "unittest") or looks_like_pytest(text) or looks_like_unittest(text):
        return RunRecord(id=path.name, metadata=meta, test_output=text, tests=tuple(parse_test_output(text)), source=str(path), warnings=tuple(warnings))
    requests = tuple(parse_newman_summary(text))
    return RunRecord(id=path.name, metadata=meta, log=text, requests=requests, source=str(path), warnings=tuple(warnings))
