"""CSV and Parquet output whose memory does not grow with the number of runs.

A table's columns depend on every row (echoed input fields that only some records carry), so the
rows cannot be written as they come. :class:`TableSpool` keeps them on disk as JSON lines while
it counts the extra fields and the types each column holds; :meth:`TableSpool.write` then reads
them back and writes the table in chunks of :data:`CHUNK_ROWS` rows (CSV) or row groups of that
size (Parquet). Memory is one chunk plus one counter per distinct field name.

Cells are the same in both formats: evidence as its one-line text, warnings joined by ``; ``,
rules by spaces, lists and dicts as JSON. In CSV, text starting with ``= + - @``, a tab or a
carriage return is neutralised (:func:`rootcause.output.spreadsheet_safe`). Past
:data:`MAX_EXTRA_COLUMNS` extra fields, the rarest are folded into one ``extra`` column of JSON.
"""

from __future__ import annotations

import collections
import csv
import json
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from rootcause.errors import RootcauseError
from rootcause.output import spreadsheet_safe

#: Echoed input fields that get a column of their own; the rest share ``extra``.
MAX_EXTRA_COLUMNS = 64
#: Rows per CSV chunk and per Parquet row group.
CHUNK_ROWS = 10_000


class TableSpool:
    """Rows of ``classify`` output held on disk until the table's columns are known."""

    def __init__(self, columns: tuple[str, ...]):
        self.columns = columns
        self.rows = 0
        self._file: IO[str] = tempfile.TemporaryFile("w+", encoding="utf-8")
        self._extra_counts: collections.Counter[str] = collections.Counter()
        self._kinds: dict[str, set[str]] = collections.defaultdict(set)

    def add(self, row: dict[str, Any]) -> None:
        """Spool one output row (a :func:`rootcause.classify.diagnosis_row`)."""
        for key, _value in row.items():
            if key not in self.columns:
                self._extra_counts[key] += 1
        self._file.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        self.rows += 1

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> "TableSpool":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def layout(self) -> tuple[list[str], set[str]]:
        """The table's columns, and the extra fields folded into ``extra``."""
        extras = list(self._extra_counts)  # first-seen order
        if len(extras) <= MAX_EXTRA_COLUMNS:
            return [*self.columns, *extras], set()
        # Records that each carry other fields would make a table of mostly empty columns (one per
        # distinct name): past the limit, the rarest fields are kept together as JSON in `extra`.
        position = {name: i for i, name in enumerate(extras)}
        kept = set(sorted(extras, key=lambda k: (-self._extra_counts[k], position[k]))[:MAX_EXTRA_COLUMNS])
        return [*self.columns, *(k for k in extras if k in kept), "extra"], {k for k in extras if k not in kept}

    def _cells(self, folded: set[str]) -> Iterator[dict[str, Any]]:
        from rootcause.classify import evidence_text

        self._file.seek(0)
        for line in self._file:
            row = json.loads(line)
            if folded:
                row = {k: v for k, v in row.items() if k not in folded} | {"extra": json.dumps({k: row[k] for k in row if k in folded})}
            if isinstance(row.get("evidence"), list):
                row["evidence"] = evidence_text(row["evidence"])
            if isinstance(row.get("warnings"), list):
                row["warnings"] = "; ".join(row["warnings"])
            if isinstance(row.get("rules_fired"), list):
                row["rules_fired"] = " ".join(row["rules_fired"])
            yield {k: json.dumps(v) if isinstance(v, (dict, list)) else v for k, v in row.items()}

    def _chunks(self, folded: set[str]) -> Iterator[list[dict[str, Any]]]:
        chunk: list[dict[str, Any]] = []
        for row in self._cells(folded):
            chunk.append(row)
            if len(chunk) == CHUNK_ROWS:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    def write(self, fmt: str, target: IO) -> None:
        """Write the spooled rows to ``target`` as ``csv`` (text) or ``parquet`` (binary)."""
        columns, folded = self.layout()
        if fmt == "csv":
            self._write_csv(columns, folded, target)
        elif fmt == "parquet":
            self._write_parquet(columns, folded, target)
        else:
            raise ValueError(f"not a table format: {fmt!r}")

    def _write_csv(self, columns: list[str], folded: set[str], target: IO) -> None:
        writer = csv.writer(target, lineterminator="\n")
        writer.writerow(columns)
        for row in self._cells(folded):
            writer.writerow(["" if row.get(c) is None else spreadsheet_safe(_csv_text(row.get(c))) for c in columns])

    def _write_parquet(self, columns: list[str], folded: set[str], target: IO) -> None:
        try:
            import pyarrow as pa
            import pyarrow.parquet as pq
        except ImportError as exc:
            raise RootcauseError("parquet output needs pyarrow: pip install 'rootcause[parquet]'") from exc
        kinds: dict[str, set[type]] = {c: set() for c in columns}
        for row in self._cells(folded):  # one pass for the types: a row group cannot change them
            for c in columns:
                value = row.get(c)
                if value is not None:
                    too_big = type(value) is int and not -(2**63) <= value < 2**63
                    kinds[c].add(str if too_big else type(value))
        schema = pa.schema([(c, _arrow_type(pa, kinds[c])) for c in columns])
        with pq.ParquetWriter(target, schema) as writer:
            for chunk in self._chunks(folded):
                arrays = [
                    pa.array([_arrow_value(row.get(c), field.type, pa) for row in chunk], type=field.type) for c, field in zip(columns, schema, strict=True)
                ]
                writer.write_table(pa.Table.from_arrays(arrays, schema=schema))
                del chunk, arrays  # freed before the next chunk is read, so one chunk is held at a time


def _csv_text(value: Any) -> Any:
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        return repr(value)
    return value


def _arrow_type(pa, kinds: set[type]):
    if not kinds:
        return pa.string()
    if kinds == {bool}:
        return pa.bool_()
    if kinds == {int}:
        return pa.int64()
    if kinds <= {int, float}:
        return pa.float64()
    return pa.string()


def _arrow_value(value: Any, kind, pa) -> Any:
    if value is None:
        return None
    if kind == pa.string() and not isinstance(value, str):
        return json.dumps(value) if isinstance(value, (dict, list, bool)) else str(value)
    if kind == pa.float64():
        return float(value)
    return value
