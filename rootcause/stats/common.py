"""Helpers every statistics module shares: column checks, groups, pass flags, outcomes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rootcause.errors import InputError

if TYPE_CHECKING:  # pandas loads when a function needs it
    import pandas as pd


#: A group with fewer runs than this is flagged (``small_n``) in attribution tables: its shares
#: move by a whole run at a time, and its interval is Wilson's rather than the bootstrap's.
MIN_GROUP_N = 10


def _columns(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [c.strip() for c in by.split(",") if c.strip()]
    return list(by)


def _require(df: "pd.DataFrame", needed: Iterable[str]) -> None:
    missing = [c for c in needed if c not in df.columns]
    if missing:
        hint = did_you_mean(missing[0], df.columns) or f" (columns: {', '.join(map(str, df.columns))})"
        raise InputError(f"no column {missing[0]!r} in the runs{hint}")


def did_you_mean(name: str, choices: Iterable[object]) -> str:
    """``"; did you mean 'x'?"`` for the column of ``choices`` closest to ``name``, or nothing."""
    import difflib

    close = difflib.get_close_matches(str(name), [str(c) for c in choices], n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _check(df: "pd.DataFrame", needed: Iterable[str], ci: float, n_boot: int) -> None:
    _require(df, needed)
    if not 0 < ci < 1:
        raise InputError(f"ci must be between 0 and 1, got {ci}")
    if n_boot < 0:
        raise InputError(f"n_boot must be >= 0, got {n_boot}")


def _groups(df: "pd.DataFrame", by: list[str]):
    if not by:
        return [((), df)]
    return [(key if isinstance(key, tuple) else (key,), part) for key, part in df.groupby(by, dropna=False, sort=True)]


#: How a 0/1 flag reads when a CSV round trip has turned it into text.
_FLAG_TEXT = {"true": True, "1": True, "1.0": True, "false": False, "0": False, "0.0": False}


def pass_flags(values: "pd.Series") -> "pd.Series":
    """A pass/fail column as True/False/None, whether it holds bools (the API) or text (a CSV)."""
    return values.map(lambda v: v if isinstance(v, bool) else _FLAG_TEXT.get(str(v).strip().lower())).astype(object)


def failed_only(df: "pd.DataFrame") -> "pd.DataFrame":
    """The runs that did not pass: a sweep's passing runs have no root cause to attribute.

    Without a ``passed`` column every run is kept; runs whose ``passed`` is None (no suite
    ran, e.g. a log alone) are kept too.
    """
    if "passed" not in df.columns:
        return df
    return df[pass_flags(df["passed"]).map(lambda v: v is not True)]


def _outcome(df: "pd.DataFrame", outcome: str) -> "pd.Series":
    import pandas as pd

    values = df[outcome]
    if values.dtype == object:  # bools from the API, "True"/"False" from a CSV, or numbers
        values = values.map(lambda v: float(v) if isinstance(v, (bool, int, float)) else _FLAG_TEXT.get(str(v).strip().lower(), v))
    values = pd.to_numeric(values, errors="coerce")
    if values.notna().sum() == 0:
        raise InputError(f"column {outcome!r} has no numeric values (use a 0/1 pass flag, a count or a rate)")
    return values
