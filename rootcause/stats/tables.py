"""Reading tables: classify output, the study's CSVs and release folder, test results, and the task columns they imply."""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rootcause.errors import InputError
from rootcause.parsing.io import is_binary
from rootcause.study import TASK_COLUMNS, parse_task

if TYPE_CHECKING:  # pandas loads when a function needs it
    import pandas as pd


def add_task_columns(df: "pd.DataFrame", task_col: str = "task") -> "pd.DataFrame":
    """A copy of ``df`` with :data:`TASK_COLUMNS` parsed from ``task_col``.

    The caller's columns win: a column ``df`` already has keeps its values and only its
    missing values are filled (the study's CSVs keep ``runtime`` ``uv``/``node``). Rows whose
    task is missing or not a study task name get None in the added columns, never an error.
    """
    if task_col not in df.columns:
        raise InputError(f"no column {task_col!r} to parse task names from")
    parsed: dict[Any, dict[str, Any]] = {}
    for task in df[task_col].dropna().unique():
        try:
            parsed[task] = parse_task(task)
        except InputError:
            parsed[task] = {}
    out = df.copy()
    for col in TASK_COLUMNS:
        values = df[task_col].map(lambda t, col=col: parsed.get(t, {}).get(col) if isinstance(t, str) else None)
        if col == "clean_architecture" and values.notna().all():
            values = values.astype(bool)
        else:
            values = values.astype(object)
        out[col] = values if col not in df.columns else df[col].where(df[col].notna(), values)
    return out


def join_columns(df: "pd.DataFrame", extra: "pd.DataFrame", on: str = "id") -> "pd.DataFrame":
    """``df`` with the user's own columns from ``extra`` (one row per ``on`` value) joined in.

    For runs whose metadata the logs do not carry (a seed, a prompt variant, a cost): a
    column both tables have keeps ``df``'s values and takes ``extra``'s only where ``df``'s
    are missing. Rows of ``df`` keep their order; runs without a row in ``extra`` get None.
    Raises :class:`InputError` when ``on`` is missing or ``extra`` repeats a key.
    """
    for name, table in (("runs", df), ("extra columns", extra)):
        if on not in table.columns:
            raise InputError(f"no column {on!r} in the {name} to join on")
    if extra[on].duplicated().any():
        raise InputError(f"the extra columns repeat {on} {extra.loc[extra[on].duplicated(), on].iloc[0]!r}")
    merged = df.merge(extra, on=on, how="left", suffixes=("", "__extra"), sort=False)
    for column in [c for c in merged.columns if c.endswith("__extra")]:
        base = column.removesuffix("__extra")
        merged[base] = merged[base].where(merged[base].notna(), merged[column])
        merged = merged.drop(columns=column)
    return merged


def read_study(folder: str | os.PathLike[str]) -> tuple["pd.DataFrame", "pd.DataFrame"]:
    """The study's judged failures and logic subcategories, as two DataFrames.

    Reads the per-model ``failure_analysis_<model>.csv`` and ``logic_subcategories_<model>.csv``
    files. The combined ``logic_subcategories.csv`` is read only for models without a per-model
    file (Qwen3-Coder-Next): its MiniMax rows are an early 16-task subset that
    ``logic_subcategories_minimax-m2.5.csv`` supersedes. A combined ``failure_analysis.csv``, if
    present, is ignored for the same reason. Columns are the release's (agent, model, runtime,
    task, run_id, category or subcategory, reasoning), rows in file order, files by name.
    """
    import pandas as pd

    root = Path(folder)
    fa_files = sorted(root.glob("failure_analysis_*.csv"))
    if not fa_files:
        raise InputError("no failure_analysis_<model>.csv files", path=str(root))
    fa = pd.concat([pd.read_csv(p) for p in fa_files], ignore_index=True)
    ls_parts = [pd.read_csv(p) for p in sorted(root.glob("logic_subcategories_*.csv"))]
    combined = root / "logic_subcategories.csv"
    if combined.is_file():
        per_model = {m for part in ls_parts for m in part["model"].unique()}
        rows = pd.read_csv(combined)
        ls_parts.append(rows[~rows["model"].isin(per_model)])
    ls = (
        pd.concat(ls_parts, ignore_index=True)
        if ls_parts
        else pd.DataFrame(columns=["agent", "model", "runtime", "task", "run_id", "subcategory", "reasoning"])
    )
    return fa, ls


def read_table(path: str | os.PathLike[str]) -> "pd.DataFrame":
    """A table file as a DataFrame: ``rootcause classify`` output or the study's files.

    Reads CSV, JSONL, a JSON array of objects (``classify --format json``, the judge file) and
    Parquet (``classify --format parquet``, needs pyarrow), by suffix; ``.gz`` CSV/JSONL too.
    Raises :class:`InputError` naming the file for a missing, binary or malformed one. Classify
    output comes back with the types ``classify()`` gives it (:func:`rootcause.classify.typed`).
    """
    table = _read_table(path)
    if "root_cause" in table.columns and "rules_fired" in table.columns:  # classify output: its documented types
        from rootcause.classify import typed

        table = typed(table)
    return table


def _read_table(path: str | os.PathLike[str]) -> "pd.DataFrame":
    import pandas as pd

    name = str(path).lower()
    if name.endswith(".parquet"):
        try:
            return pd.read_parquet(path)
        except ImportError as exc:
            raise InputError("reading parquet needs pyarrow: pip install 'rootcause[parquet]'", path=str(path)) from exc
        except (OSError, ValueError) as exc:
            raise InputError(f"cannot read table: {exc}", path=str(path)) from exc
    if not name.endswith(".gz"):
        try:
            with open(path, "rb") as handle:
                head = handle.read(4096)
        except OSError as exc:
            raise InputError(f"cannot read table: {exc.strerror or exc}", path=str(path)) from exc
        if is_binary(head):
            raise InputError("binary data, not a CSV or JSONL table", path=str(path))
    try:
        if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
            return pd.read_json(path, lines=True)
        if name.endswith((".csv", ".csv.gz")):
            return pd.read_csv(path)
        if name.endswith(".json"):
            with open(path, encoding="utf-8") as handle:
                data = json.load(handle)
            if not isinstance(data, list) or not all(isinstance(row, dict) for row in data):
                raise InputError("a .json table must be an array of objects", path=str(path))
            return pd.DataFrame(data)
    except InputError:
        raise
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text ({exc.reason})", path=str(path)) from exc
    except (ValueError, OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read table: {exc}", path=str(path)) from exc
    raise InputError("expected a .csv, .jsonl, .json or .parquet file", path=str(path))


def load_tables(
    paths: Sequence[str | os.PathLike[str]], meta: str | os.PathLike[str] | None = None, *, of: str | None = None
) -> tuple["pd.DataFrame", "pd.DataFrame | None"]:
    """Runs and test results from table files, each read once and sorted by what it holds.

    A file with :data:`RESULT_COLUMNS` (the study's ``global_stats.csv``) is test results;
    any other is runs. A folder is the study's release: read as :func:`read_study` reads it
    (superseded rows left out), its judged failures as runs (its logic subcategories instead
    when ``of`` is ``subcategory``) and its ``global_stats.csv`` as test results. Returns
    ``(runs, results)``: the runs stacked, with ``meta`` (the user's own per-run columns)
    joined on ``id`` and :data:`TASK_COLUMNS` added when there is a ``task`` column (an empty
    table when no file holds runs); and the results stacked, as :func:`read_results` gives
    them (None when no file holds results).
    """
    import pandas as pd

    if not paths:
        raise InputError("no input files")
    runs, results = [], []
    for path in paths:
        if Path(path).is_dir():
            failures, subcategories = read_study(path)
            runs.append(_hashable(subcategories if of == "subcategory" else failures))
            if (Path(path) / "global_stats.csv").is_file():
                results.append(read_results(Path(path) / "global_stats.csv"))
            continue
        table = _hashable(read_table(path))
        if all(c in table.columns for c in RESULT_COLUMNS):
            results.append(result_columns(table, str(path)))
        else:
            runs.append(table)
    df = pd.concat(runs, ignore_index=True) if runs else pd.DataFrame({"id": []})
    if meta is not None and runs:
        df = join_columns(df, read_table(meta))
    if "task" in df.columns:
        df = add_task_columns(df)
    return df, pd.concat(results, ignore_index=True) if results else None


def _hashable(table: "pd.DataFrame") -> "pd.DataFrame":
    """Cells holding lists or dicts (a JSON table may have them anywhere) as their JSON text, so
    that any column can be grouped or counted."""
    for column in table.columns:
        if table[column].dtype == object and table[column].map(lambda v: isinstance(v, (list, dict))).any():
            table[column] = table[column].map(lambda v: json.dumps(v, sort_keys=True, default=str) if isinstance(v, (list, dict)) else v)
    return table


#: Columns a test-results table (the study's ``global_stats.csv``) must have.
RESULT_COLUMNS = ("granularity", "group", "n_constraints", "n_succeeded", "n_executed")


def read_results(path: str | os.PathLike[str]) -> "pd.DataFrame":
    """Pass counts per group and level, as the study's ``global_stats.csv`` gives them.

    Returns the file's rows with ``level`` (``L0``..``L3``, None for a row over all levels)
    from ``n_constraints``, and for ``framework_constraint`` rows (``flask:sqlite``) the
    ``framework`` and ``constraint`` split out. Raises :class:`InputError` naming the file
    when a needed column is missing.
    """
    return result_columns(read_table(path), str(path))


def result_columns(table: "pd.DataFrame", source: str = "the results") -> "pd.DataFrame":
    """:func:`read_results` for a table already in memory (``source`` names it in errors)."""
    import pandas as pd

    missing = [c for c in RESULT_COLUMNS if c not in table.columns]
    if missing:
        raise InputError(f"not a test-results table: no column {missing[0]!r}", path=source)
    out = table.copy()
    out["level"] = table["n_constraints"].map(lambda v: f"L{int(v)}" if pd.notna(v) else None).astype(object)
    pairs = table["group"].astype(str).str.split(":", n=1)
    is_pair = table["granularity"] == "framework_constraint"
    out["framework"] = [
        p[0] if flag else (g if gran == "framework" else None) for p, flag, g, gran in zip(pairs, is_pair, table["group"], table["granularity"], strict=True)
    ]
    out["constraint"] = [
        p[1] if flag and len(p) > 1 else (g if gran == "constraint_type" else None)
        for p, flag, g, gran in zip(pairs, is_pair, table["group"], table["granularity"], strict=True)
    ]
    return out
