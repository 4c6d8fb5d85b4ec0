"""Newman CSV reports (``newman-run-report-*.csv``, written by newman-reporter-csv)."""

from __future__ import annotations

import csv
import io
import os
import re

from rootcause.errors import InputError
from rootcause.parsing.io import read_text_strict
from rootcause.records import RequestResult

REQUIRED = ("requestName",)
_EXPECTED_STATUS = re.compile(r"(?:status|response) code (?:is|should be|equals?|to be) (?P<status>\d{3})", re.IGNORECASE)


def _int(value: str | None) -> int | None:
    try:
        return int(str(value).strip()) if value not in (None, "") else None
    except ValueError:
        return None


def split_assertion_names(cell: str) -> list[str]:
    """Assertion names from a reporter cell, where names are joined with ", ".

    A piece whose brackets or quotes are still open continues into the next piece:
    ``Article has tagList ["training", "dragons"]`` stays one name.
    """
    names: list[str] = []
    current: list[str] = []
    opened = [0, 0, 0, 0]  # [ minus ], { minus }, ( minus ), quotes: counted per piece, so linear in the cell
    for piece in cell.split(", "):
        current.append(piece)
        opened[0] += piece.count("[") - piece.count("]")
        opened[1] += piece.count("{") - piece.count("}")
        opened[2] += piece.count("(") - piece.count(")")
        opened[3] += piece.count('"')
        if opened[0] <= 0 and opened[1] <= 0 and opened[2] <= 0 and opened[3] % 2 == 0:
            name = ", ".join(current).strip()
            if name:
                names.append(name)
            current, opened = [], [0, 0, 0, 0]
    if current and ", ".join(current).strip():
        names.append(", ".join(current).strip())
    return names


def parse_newman_csv(text: str, path: str = "<csv>") -> list[RequestResult]:
    """Every request of the report, in suite order; failing ones have ``failed > 0``."""
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not set(REQUIRED) <= set(reader.fieldnames):
        raise InputError(f"not a Newman CSV report: columns {reader.fieldnames!r} lack requestName", path=path, line=1)
    results: list[RequestResult] = []
    try:
        for row in reader:
            failed_names = split_assertion_names(row.get("failed") or "")
            expected = _EXPECTED_STATUS.search(f"{row.get('executed') or ''}, {row.get('failed') or ''}")
            failed = _int(row.get("failedCount"))
            if failed is None:
                failed = len(failed_names)
            results.append(
                RequestResult(
                    name=(row.get("requestName") or "").strip(),
                    method=(row.get("method") or "").strip() or None,
                    status=_int(row.get("code")),
                    failed=failed,
                    assertions=_int(row.get("totalAssertions")),
                    url=row.get("url") or None,
                    expected_status=int(expected.group("status")) if expected else None,
                    messages=tuple(failed_names),
                    position=len(results),
                )
            )
    except csv.Error as exc:
        raise InputError(f"malformed CSV: {exc}", path=path, line=reader.line_num) from exc
    return results


def read_newman_csv(path: str | os.PathLike[str]) -> list[RequestResult]:
    return parse_newman_csv(read_text_strict(path), str(path))
