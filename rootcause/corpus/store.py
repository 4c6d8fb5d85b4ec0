"""The packed corpus on disk: one ``<stack>.jsonl.gz`` of failing runs per stack and
``equivalent.jsonl`` (mutants that changed nothing). The builder writes it; the datasheet,
the tests and training read it through here."""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path


def iter_packed(path: Path) -> Iterator[dict]:
    """The run records of one packed stack file, in order."""
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.strip():
                yield json.loads(line)


def load(out: str | os.PathLike[str]) -> Iterator[dict]:
    """Every failing run packed under ``out``, stack by stack."""
    for path in sorted(Path(out).glob("*.jsonl.gz")):
        yield from iter_packed(path)


def load_equivalents(out: str | os.PathLike[str]) -> list[dict]:
    """The equivalent mutants recorded under ``out`` (none when the file is absent)."""
    path = Path(out) / "equivalent.jsonl"
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
