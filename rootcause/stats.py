"""Tidy statistics over classified runs: which root causes, in which groups, how sure.

Every table is a tidy pandas DataFrame with documented columns, one row per (group, value),
so it can go straight to ``to_csv``, a plot, or ``DataFrame.pivot``.

Task names
----------
The study names a task ``<framework>-openapi-<constraints>``, with ``<constraints>`` either
``unconstrained`` or ``-``-joined tokens in this order: ``clean_architecture``, a database
(``sqlite`` or ``postgres``), an ORM (``sqlalchemy`` for Python, ``sequelize`` for Node).
Its task files and our corpus prefix the runtime folder (``uv-flask-openapi-...``,
``node-express-openapi-...``). Each token is one constraint the prompt states as a "You MUST"
line (architecture, database, ORM), so the constraint level is the number of tokens:

====  ===================================================  ================
level constraints                                          tasks/framework
====  ===================================================  ================
L0    unconstrained                                        1
L1    clean_architecture | sqlite | postgres               3
L2    clean_architecture + database | database + ORM       4
L3    clean_architecture + database + ORM                  2
====  ===================================================  ================

This is the study's ``n_constraints`` (global_stats.csv: 3, 9, 12 and 6 runs per framework at
levels 0-3, three runs per task); ``tests/test_stats.py`` checks it against the prompts.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rootcause.errors import InputError
from rootcause.parsing.io import is_binary
from rootcause.study import DATABASES, FRAMEWORK_RUNTIME, ORMS, TASK_COLUMNS, parse_task  # noqa: F401 - re-exported

if TYPE_CHECKING:  # pandas loads when a function needs it
    import pandas as pd

#: Labels counted as the data layer, per view (root causes match by dotted prefix).
DATA_LAYER = {"root_cause": ("data.query", "data.orm"), "subcategory": ("incorrect_query_logic", "database_runtime_error")}
#: Columns of the tables :func:`attribution` returns, after the ``by`` columns and ``of``.
ATTRIBUTION_COLUMNS = ("n", "share", "ci_low", "ci_high", "small_n")
#: A group with fewer runs than this is flagged (``small_n``) in attribution tables: its shares
#: move by a whole run at a time, and its interval is Wilson's rather than the bootstrap's.
MIN_GROUP_N = 10
STATS_FORMATS = ("csv", "human", "latex", "json", "markdown")
#: Tables ``rootcause stats --table`` prints.
STATS_TABLES = ("attribution", "assertions", "decay", "effects", "coverage", "regression")


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


def _bootstrap(counts, n_boot: int, ci: float, rng) -> tuple[Any, Any]:
    """Percentile bootstrap interval of each value's share, resampling the group's runs.

    Drawing n runs with replacement from a group and counting values is a multinomial draw
    with the observed shares, so we draw the counts directly: the same distribution, in
    O(n_boot x values) rather than O(n_boot x runs).
    """
    import numpy as np

    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    if n_boot == 0 or total == 0:
        nan = np.full(len(counts), np.nan)
        return nan, nan
    shares = rng.multinomial(total, counts / total, size=n_boot) / total
    alpha = (1 - ci) / 2
    low, high = np.quantile(shares, [alpha, 1 - alpha], axis=0)
    return low, high


#: Resampled cells drawn at once by the weighted bootstrap: memory stays bounded (about 100 MB)
#: however many runs a group has, where one n_boot x n matrix would not.
BOOTSTRAP_CELLS = 4_000_000


def _chunks(total: int, size: int) -> list[int]:
    return [min(size, total - start) for start in range(0, total, size)]


def _weighted_replicates(codes, w, n_labels: int, n_rows: int, rng):
    """``n_rows`` bootstrap replicates of the weighted count of each label (runs drawn with replacement)."""
    import numpy as np

    picks = rng.integers(0, len(w), size=(n_rows, len(w)))
    flat = (codes[picks] + n_labels * np.arange(n_rows)[:, None]).ravel()
    return np.bincount(flat, weights=w[picks].ravel(), minlength=n_rows * n_labels).reshape(n_rows, n_labels)


def _groups(df: "pd.DataFrame", by: list[str]):
    if not by:
        return [((), df)]
    return [(key if isinstance(key, tuple) else (key,), part) for key, part in df.groupby(by, dropna=False, sort=True)]


def attribution(df: "pd.DataFrame", by: str | Sequence[str] | None, of: str, n_boot: int = 1000, ci: float = 0.95, seed: int = 0) -> "pd.DataFrame":
    """Share of runs with each value of ``of``, per group of ``by``, with a bootstrap interval.

    One row per (group, value) present in the group; a value no run of the group has gets no row.
    Runs whose ``of`` is missing are left out (they carry no label in this view, as in
    ``value_counts``); runs whose ``by`` value is missing form their own group.

    Columns:

    - the ``by`` columns, then ``of``: the group and the value;
    - ``n``: runs of the group with that value;
    - ``share``: ``n`` over the group's runs (0..1; shares of a group sum to 1);
    - ``ci_low``, ``ci_high``: percentile bootstrap interval of ``share`` at level ``ci``,
      resampling the group's runs with replacement ``n_boot`` times (NaN when ``n_boot`` is 0).
      The same ``seed`` gives the same interval. Where the bootstrap collapses (a group of
      fewer than :data:`MIN_GROUP_N` runs, or a share of 0 or 1, whose resamples are all alike)
      the interval is Wilson's, which keeps its width: one run of one is 100% [21%, 100%], not
      [100%, 100%];
    - ``small_n``: True for a group of fewer than :data:`MIN_GROUP_N` runs.

    Rows are sorted by group, then by ``n`` descending, then by value.
    """
    import numpy as np
    import pandas as pd

    by = _columns(by)
    if of in by:
        raise InputError(f"column {of!r} is both grouped by and counted")
    _check(df, [*by, of], ci, n_boot)
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    labelled = df[df[of].notna()]
    for key, part in _groups(labelled, by):
        counts = part[of].value_counts(sort=False)
        counts = counts[counts > 0]
        order = sorted(counts.index, key=lambda v: (-counts[v], str(v)))
        counts = counts.reindex(order)
        low, high = _bootstrap(counts.to_numpy(), n_boot, ci, rng)
        total = int(counts.sum())
        for i, (value, n) in enumerate(counts.items()):
            lo, hi = float(low[i]), float(high[i])
            if n_boot and (total < MIN_GROUP_N or n == total):  # the bootstrap collapses here: Wilson's interval
                wilson = _binomial(int(n), total, ci)
                lo, hi = wilson["ci_low"], wilson["ci_high"]
            rows.append(
                {
                    **dict(zip(by, key, strict=False)),
                    of: value,
                    "n": int(n),
                    "share": n / total,
                    "ci_low": round(lo, 6),
                    "ci_high": round(hi, 6),
                    "small_n": total < MIN_GROUP_N,
                }
            )
    return pd.DataFrame(rows, columns=[*by, of, *ATTRIBUTION_COLUMNS])


def is_data_layer(value: object, of: str = "root_cause") -> bool:
    """True when a label belongs to the data layer in view ``of`` (see :data:`DATA_LAYER`)."""
    if of not in DATA_LAYER:
        raise InputError(f"no data-layer labels defined for {of!r} (one of: {', '.join(DATA_LAYER)})")
    if not isinstance(value, str):
        return False
    if of == "root_cause":
        return any(value == p or value.startswith(p + ".") for p in DATA_LAYER[of])
    return value in DATA_LAYER[of]


def data_layer_share(
    df: "pd.DataFrame", by: str | Sequence[str] | None, of: str = "root_cause", n_boot: int = 1000, ci: float = 0.95, seed: int = 0
) -> "pd.DataFrame":
    """Share of runs whose failure lies in the data layer, per group, with a bootstrap interval.

    The data layer is root causes under ``data.query`` or ``data.orm`` (``of="root_cause"``) or
    the study's subcategories ``incorrect_query_logic`` and ``database_runtime_error``
    (``of="subcategory"``). Runs whose ``of`` is missing are left out, as in :func:`attribution`;
    every group with a labelled run gets a row, also when none of its runs is in the data layer.

    Columns: the ``by`` columns; ``n`` (labelled runs of the group); ``n_data`` (of which in the
    data layer); ``share`` (``n_data / n``); ``ci_low``, ``ci_high`` (percentile bootstrap over
    the group's runs, as in :func:`attribution`).
    """
    import numpy as np
    import pandas as pd

    by = _columns(by)
    _check(df, [*by, of], ci, n_boot)
    is_data_layer("", of)  # rejects an unknown view before any work
    rng = np.random.default_rng(seed)
    labelled = df[df[of].notna()]
    flags = labelled[of].map(lambda v: is_data_layer(v, of)).astype(bool)
    rows = []
    for key, part in _groups(labelled.assign(_data=flags), by):
        n, k = len(part), int(part["_data"].sum())
        low, high = _bootstrap([k, n - k], n_boot, ci, rng)
        rows.append(
            {**dict(zip(by, key, strict=False)), "n": n, "n_data": k, "share": k / n, "ci_low": round(float(low[0]), 6), "ci_high": round(float(high[0]), 6)}
        )
    return pd.DataFrame(rows, columns=[*by, "n", "n_data", "share", "ci_low", "ci_high"])


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


def _human(table: "pd.DataFrame") -> str:
    """An aligned table: shares and rates in percent, an interval column in brackets."""
    if table.empty:
        return "no rows\n"
    shown = table.copy()
    percent = [c for c in ("share", "run_share", "coverage", "decided_share") if c in shown.columns]
    for column in percent:
        shown[column] = shown[column].map(lambda s: f"{100 * s:5.1f}%")
    if {"ci_low", "ci_high"} <= set(table.columns):
        as_share = "share" in table.columns  # intervals of a share print in percent, others as numbers
        shown["ci"] = [
            "" if low != low else f"[{100 * low:.1f}, {100 * high:.1f}]" if as_share else f"[{low:.3f}, {high:.3f}]"
            for low, high in zip(table["ci_low"], table["ci_high"], strict=True)
        ]
        shown = shown.drop(columns=["ci_low", "ci_high"])
    for column in ("mean", "sem", "mean_diff", "per_run"):
        if column in shown.columns:
            shown[column] = shown[column].map(lambda v: "" if v != v else f"{v:.3f}")
    return shown.to_string(index=False) + "\n"


def _latex(table: "pd.DataFrame") -> str:
    import pandas as pd

    try:
        return table.to_latex(index=False, float_format="%.3f", escape=True)  # labels hold "_"
    except ImportError:  # to_latex needs jinja2; write the plain tabular by hand

        def cell(v: Any) -> str:
            text = f"{v:.3f}" if isinstance(v, float) else str(v)
            return re.sub(r"([&%$#_{}])", r"\\\1", text)

        align = "".join("r" if pd.api.types.is_numeric_dtype(table[c]) else "l" for c in table.columns)
        lines = [r"\begin{tabular}{" + align + "}", r"\toprule", " & ".join(cell(c) for c in table.columns) + r" \\", r"\midrule"]
        lines += [" & ".join(cell(v) for v in row) + r" \\" for row in table.itertuples(index=False)]
        lines += [r"\bottomrule", r"\end{tabular}", ""]
        return "\n".join(lines)


def stats_command(
    paths: Sequence[str | os.PathLike[str]],
    by: str | Sequence[str] | None,
    of: str,
    fmt: str = "csv",
    n_boot: int = 1000,
    *,
    table: str = "attribution",
    outcome: str = "data_layer",
    weight: str = "failed_assertions",
    meta: str | os.PathLike[str] | None = None,
    depth: int | None = None,
) -> str:
    """The text ``rootcause stats FILE... [--by COL[,COL]] --of COL --format FMT`` prints.

    Reads CSV/JSONL files (``rootcause classify`` output or the study's CSVs), stacks them,
    adds :data:`TASK_COLUMNS` when there is a ``task`` column (so ``--by framework,level``
    works on the study's files), and formats one of the :data:`STATS_TABLES`:

    - ``attribution`` (default): :func:`attribution` over the runs that did not pass
      (:func:`failed_only`); ``csv`` gives exactly the columns ``by..., of, n, share, ci_low, ci_high, small_n``;
    - ``assertions``: :func:`assertion_attribution` weighted by ``weight``;
    - ``decay``: :func:`decay` of ``outcome`` (``data_layer`` is derived from the labels);
      on test results (the study's ``global_stats.csv``) :func:`decay_from_results`, with
      ``by`` as the granularity (``framework``, ``runtime``; default ``global``);
    - ``effects``: :func:`constraint_effects` of ``outcome``, or on test results
      :func:`effects_from_results`;
    - ``coverage``: :func:`rule_coverage`;
    - ``regression``: :func:`regression` of ``passed`` (or another 0/1 ``outcome``) on the
      constraints, with ``by`` as the covariates (default framework and model), errors
      clustered by task.

    ``human`` prints an aligned table (shares in percent), ``latex`` a tabular. Raises
    :class:`InputError` for unreadable files or unknown columns. ``meta`` is a CSV/JSONL of
    the user's own per-run columns, joined on ``id`` (:func:`join_columns`).
    """
    if fmt not in STATS_FORMATS:
        raise InputError(f"unknown format {fmt!r} (one of: {', '.join(STATS_FORMATS)})")
    if table not in STATS_TABLES:
        raise InputError(f"unknown table {table!r} (one of: {', '.join(STATS_TABLES)})")
    df, results = load_tables(paths, meta, of=of)
    if depth and of == "root_cause" and of in df.columns:  # families (data.query), as figures --depth
        from rootcause.evaluate import at_depth

        df = df.assign(root_cause=df["root_cause"].map(lambda v: at_depth(v, depth) if isinstance(v, str) else v))
    if table in ("decay", "effects") and results is not None:
        grouping = _columns(by)
        out = decay_from_results(results, grouping[0] if grouping else "global") if table == "decay" else effects_from_results(results)
    elif results is not None and df.empty:
        raise InputError(
            f"--table {table} needs classified runs; these files hold test results (use --table decay or effects)"
            + ("; the regression needs one row per run with its task and pass flag" if table == "regression" else ""),
            path=", ".join(map(str, paths)),
        )
    elif table == "attribution":
        out = attribution(failed_only(df), by, of, n_boot=n_boot)
    elif table == "assertions":
        out = assertion_attribution(failed_only(df), by, of, weight=weight, n_boot=n_boot)
    elif table == "coverage":
        out = rule_coverage(df)
    elif table == "regression":
        out = regression(df, "passed" if outcome == "data_layer" and "passed" in df.columns else outcome, by or ("framework", "model"))
    else:
        if outcome == "data_layer" and outcome not in df.columns:
            df = add_outcome_columns(df)
        out = decay(df, outcome, by) if table == "decay" else constraint_effects(df, outcome, by)
    if fmt == "csv":
        return out.to_csv(index=False)
    if fmt == "latex":
        return _latex(out)
    if fmt == "json":
        return out.to_json(orient="records", indent=2) + "\n"
    if fmt == "markdown":
        return markdown_table(out)
    return _human(out)


def markdown_table(table: "pd.DataFrame") -> str:
    """A GitHub-flavoured Markdown table (numbers right-aligned, shares to three places)."""
    import pandas as pd

    def cell(value: object) -> str:
        if isinstance(value, float):
            return "" if value != value else f"{value:.3f}"
        return "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value).replace("|", "\\|")

    numeric = [pd.api.types.is_numeric_dtype(table[c]) and not pd.api.types.is_bool_dtype(table[c]) for c in table.columns]
    lines = ["| " + " | ".join(map(str, table.columns)) + " |", "|" + "|".join("---:" if n else "---" for n in numeric) + "|"]
    lines += ["| " + " | ".join(cell(v) for v in row) + " |" for row in table.itertuples(index=False)]
    return "\n".join(lines) + "\n"


# --- Cascades: how many failing assertions each root cause explains ----------------------------

#: Columns of :func:`assertion_attribution`, after the ``by`` columns and ``of``.
ASSERTION_COLUMNS = ("runs", "assertions", "share", "ci_low", "ci_high", "run_share", "per_run")


def assertion_attribution(
    df: "pd.DataFrame",
    by: str | Sequence[str] | None = None,
    of: str = "root_cause",
    weight: str = "failed_assertions",
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> "pd.DataFrame":
    """How many failing assertions each label explains, per group: runs weighted by their cascade.

    A run has one upstream root cause however many requests fail after it, so a server that
    never starts explains every assertion of the suite while a wrong status explains one.
    :func:`attribution` counts runs; this counts what the runs' failures cost.
    ``weight`` is ``rootcause classify``'s ``failed_assertions`` (or ``failed_requests``, or
    any non-negative number per run). Runs with a missing label or weight are left out.

    Columns: the ``by`` columns, ``of``; ``runs`` (runs with the label); ``assertions`` (their
    summed weight); ``share`` (of the group's assertions, 0..1); ``ci_low``, ``ci_high``
    (percentile bootstrap of ``share`` resampling the group's runs, NaN when ``n_boot`` is 0);
    ``run_share`` (share of the group's runs, as :func:`attribution`'s ``share``); ``per_run``
    (mean assertions per run: the size of the label's cascade). Rows are sorted by group, then
    ``assertions`` descending.
    """
    import numpy as np
    import pandas as pd

    by = _columns(by)
    _check(df, [*by, of, weight], ci, n_boot)
    weights = pd.to_numeric(df[weight], errors="coerce")
    if (weights < 0).any():
        raise InputError(f"column {weight!r} has negative values")
    runs = df.assign(_w=weights)
    runs = runs[runs[of].notna() & runs["_w"].notna()]
    rng = np.random.default_rng(seed)
    alpha = (1 - ci) / 2
    whole = bool((runs["_w"] % 1 == 0).all())  # counts stay integers in the table
    rows: list[dict[str, Any]] = []
    for key, part in _groups(runs, by):
        codes, labels = pd.factorize(part[of], sort=True)
        w = part["_w"].to_numpy(dtype=float)
        sums = np.bincount(codes, weights=w, minlength=len(labels))
        counts = np.bincount(codes, minlength=len(labels))
        total = float(w.sum())
        low = high = np.full(len(labels), np.nan)
        if n_boot and total > 0:
            boot = np.vstack([_weighted_replicates(codes, w, len(labels), rows_now, rng) for rows_now in _chunks(n_boot, max(1, BOOTSTRAP_CELLS // len(w)))])
            totals = boot.sum(axis=1, keepdims=True)
            shares = np.divide(boot, totals, out=np.zeros_like(boot), where=totals > 0)
            low, high = np.quantile(shares, [alpha, 1 - alpha], axis=0)
        for i in sorted(range(len(labels)), key=lambda i: (-sums[i], str(labels[i]))):
            rows.append(
                {
                    **dict(zip(by, key, strict=False)),
                    of: labels[i],
                    "runs": int(counts[i]),
                    "assertions": int(sums[i]) if whole else float(sums[i]),
                    "share": sums[i] / total if total else float("nan"),
                    "ci_low": round(float(low[i]), 6),
                    "ci_high": round(float(high[i]), 6),
                    "run_share": counts[i] / len(w),
                    "per_run": sums[i] / counts[i],
                }
            )
    return pd.DataFrame(rows, columns=[*by, of, *ASSERTION_COLUMNS])


# --- Constraint levels and effects -------------------------------------------------------------

#: Columns of :func:`decay` and :func:`decay_from_results`, after the ``by`` columns.
DECAY_COLUMNS = ("level", "n", "mean", "sem", "ci_low", "ci_high")
#: Columns of :func:`constraint_effects` and :func:`effects_from_results`, after the ``by`` columns.
EFFECT_COLUMNS = ("constraint", "n_pairs", "mean_diff", "sem", "ci_low", "ci_high")
#: The single-constraint steps :func:`constraint_effects` pairs tasks by, in this order.
CONSTRAINT_STEPS = ("+clean_architecture", "+sqlite", "+postgres", "+orm", "sqlite->postgres")


def _clustered_interval(values, clusters, ci: float) -> tuple[float, float, float, float]:
    """Mean, cluster-robust (CR1) standard error and the Student-t interval with G-1 degrees of freedom."""
    import numpy as np
    from scipy import stats as st

    n = len(values)
    mean = float(values.mean()) if n else float("nan")
    groups = {}
    for value, cluster in zip(values, clusters, strict=True):
        groups[cluster] = groups.get(cluster, 0.0) + (value - mean)
    g = len(groups)
    if g < 2:
        return mean, float("nan"), float("nan"), float("nan")
    sem = float(np.sqrt(g / (g - 1) * sum(v * v for v in groups.values())) / n)
    half = float(st.t.ppf(0.5 + ci / 2, g - 1)) * sem
    return mean, sem, mean - half, mean + half


def _t_interval(values, ci: float) -> tuple[float, float, float, float]:
    """Mean, standard error and the Student-t interval of ``values`` (NaN where undefined)."""
    import numpy as np
    from scipy import stats as st

    values = np.asarray(values, dtype=float)
    n = len(values)
    mean = float(values.mean()) if n else float("nan")
    if n < 2:
        return mean, float("nan"), float("nan"), float("nan")
    sem = float(values.std(ddof=1) / np.sqrt(n))
    half = float(st.t.ppf(0.5 + ci / 2, n - 1)) * sem
    return mean, sem, mean - half, mean + half


def add_outcome_columns(df: "pd.DataFrame") -> "pd.DataFrame":
    """A copy of ``df`` with ``data_layer`` (bool): the run's failure lies in the data layer.

    Read from ``root_cause`` when the table has it (classify output), else from
    ``subcategory`` (the study's CSVs); runs with neither label get None. Use it as the
    ``outcome`` of :func:`decay` or :func:`constraint_effects`.
    """
    view = "root_cause" if "root_cause" in df.columns else "subcategory" if "subcategory" in df.columns else None
    if view is None:
        raise InputError("no root_cause or subcategory column to find data-layer failures in")
    out = df.copy()
    out["data_layer"] = df[view].map(lambda v: is_data_layer(v, view) if isinstance(v, str) else None).astype(object)
    return out


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


def decay(df: "pd.DataFrame", outcome: str, by: str | Sequence[str] | None = None, level: str = "level", ci: float = 0.95) -> "pd.DataFrame":
    """Mean of a per-run ``outcome`` at each constraint level, per group: the decay curve.

    ``outcome`` is a numeric or boolean column: a pass flag (gives the pass rate), a count such
    as ``failed_assertions``, or ``data_layer`` from :func:`add_outcome_columns`. Needs a
    ``level`` column (:func:`add_task_columns` adds it from the task name).

    Columns: the ``by`` columns; ``level``; ``n`` (runs with an outcome); ``mean``; ``sem``
    (standard error of the mean, NaN for one run); ``ci_low``, ``ci_high`` (Student-t
    interval at ``ci``). A 0/1 outcome is a rate: its ``sem`` is the binomial one and its
    interval Wilson's, which stays inside 0..1. Rows are sorted by group, then level.
    """
    import pandas as pd

    by = _columns(by)
    _check(df, [*by, level, outcome], ci, 0)
    runs = df.assign(_y=_outcome(df, outcome))
    runs = runs[runs["_y"].notna() & runs[level].notna()]
    rows = []
    binary = bool(runs["_y"].isin((0, 1)).all())
    for key, part in _groups(runs, [*by, level]):
        if binary:  # a rate: binomial standard error and the Wilson interval, inside 0..1
            stats = _binomial(float(part["_y"].sum()), len(part), ci)
        else:
            mean, sem, low, high = _t_interval(part["_y"], ci)
            stats = {"n": len(part), "mean": mean, "sem": sem, "ci_low": low, "ci_high": high}
        rows.append({**dict(zip(by, key, strict=False)), "level": key[-1], **stats})
    return pd.DataFrame(rows, columns=[*by, *DECAY_COLUMNS])


def _step(a: dict[str, Any], b: dict[str, Any]) -> str | None:
    """The single-constraint step from task ``a`` to task ``b`` (a :data:`CONSTRAINT_STEPS` name), or None."""
    same_clean = a["clean_architecture"] == b["clean_architecture"]
    if same_clean and a["orm"] is None and b["orm"] is None and a["database"] is None and b["database"] in DATABASES:
        return "+" + b["database"]
    if same_clean and a["database"] == b["database"] and a["database"] is not None and a["orm"] is None and b["orm"] is not None:
        return "+orm"
    if same_clean and (a["orm"] is None) == (b["orm"] is None) and (a["database"], b["database"]) == ("sqlite", "postgres"):
        return "sqlite->postgres"
    if not a["clean_architecture"] and b["clean_architecture"] and (a["database"], a["orm"]) == (b["database"], b["orm"]):
        return "+clean_architecture"
    return None


def matched_pairs(df: "pd.DataFrame", outcome: str, match: str | Sequence[str] = ("agent", "model", "framework"), task: str = "task") -> "pd.DataFrame":
    """Every pair of tasks one constraint apart, within the same ``match`` group, with both means.

    Runs are averaged per (``match`` group, task) first, so a task with more runs does not
    weigh more. Columns: the ``match`` columns present in ``df``, ``constraint`` (a
    :data:`CONSTRAINT_STEPS` name), ``task_before``, ``task_after``, ``before``, ``after``
    (mean outcome of each task's runs), ``diff`` (after - before).
    """
    import pandas as pd

    match = [c for c in _columns(match) if c in df.columns]
    _require(df, [task, outcome])
    runs = df.assign(_y=_outcome(df, outcome))
    runs = runs[runs["_y"].notna() & runs[task].notna()]
    means = runs.groupby([*match, task], dropna=False, sort=True)["_y"].mean().reset_index()
    rows = []
    for key, part in _groups(means, match):
        parsed = {}
        for name in part[task]:
            try:
                parsed[name] = parse_task(name)
            except InputError:
                continue
        values = dict(zip(part[task], part["_y"], strict=False))
        for a, pa in parsed.items():
            for b, pb in parsed.items():
                if pa["framework"] == pb["framework"] and (step := _step(pa, pb)):
                    rows.append(
                        {
                            **dict(zip(match, key, strict=False)),
                            "constraint": step,
                            "task_before": a,
                            "task_after": b,
                            "before": values[a],
                            "after": values[b],
                            "diff": values[b] - values[a],
                        }
                    )
    return pd.DataFrame(rows, columns=[*match, "constraint", "task_before", "task_after", "before", "after", "diff"])


def constraint_effects(
    df: "pd.DataFrame",
    outcome: str,
    by: str | Sequence[str] | None = None,
    match: str | Sequence[str] = ("agent", "model", "framework"),
    task: str = "task",
    ci: float = 0.95,
) -> "pd.DataFrame":
    """The effect of adding one constraint, from matched task pairs, with its standard error.

    Each pair (:func:`matched_pairs`) holds everything but one constraint fixed: the same
    agent, model and framework (``match``), the same other constraints. The effect of a step
    is the mean of its pairs' differences in ``outcome`` (after - before; for a pass flag, the
    change in pass rate). ``by`` (a subset of ``match``, e.g. ``framework``) splits the pairs.

    Pairs are not independent when they share a task pair: two models' runs on the same two tasks
    meet the same prompt twice. The standard error is therefore clustered by task pair (CR1, the
    sandwich estimator with the small-sample factor G/(G-1) over G clusters) and the interval is
    Student-t with G-1 degrees of freedom, clipped to the outcome's range (a difference of pass
    rates or shares stays inside -1..1).

    Columns: the ``by`` columns; ``constraint``; ``n_pairs``; ``mean_diff``; ``sem`` (clustered
    standard error, NaN for fewer than two task pairs); ``ci_low``, ``ci_high`` (at ``ci``). Steps
    are in :data:`CONSTRAINT_STEPS` order; a step with no pair gets no row.
    """
    import pandas as pd

    by = _columns(by)
    match = _columns(match)
    extra = [c for c in by if c not in match]
    if extra:
        raise InputError(f"--by column {extra[0]!r} must be one of the matched columns ({', '.join(match)})")
    _check(df, by, ci, 0)
    pairs = matched_pairs(df, outcome, match, task)
    bounded = bool(len(pairs)) and pairs[["before", "after"]].stack().between(0, 1).all()
    rows = []
    for key, part in _groups(pairs, by):
        for step in CONSTRAINT_STEPS:
            chosen = part[part["constraint"] == step]
            diffs = chosen["diff"]
            if len(diffs):
                clusters = chosen["task_before"].astype(str) + " -> " + chosen["task_after"].astype(str)
                mean, sem, low, high = _clustered_interval(diffs.to_numpy(dtype=float), clusters.to_numpy(), ci)
                if bounded and low == low:
                    low, high = max(low, -1.0), min(high, 1.0)
                rows.append(
                    {
                        **dict(zip(by, key, strict=False)),
                        "constraint": step,
                        "n_pairs": len(diffs),
                        "mean_diff": mean,
                        "sem": sem,
                        "ci_low": low,
                        "ci_high": high,
                    }
                )
    return pd.DataFrame(rows, columns=[*by, *EFFECT_COLUMNS])


# --- Test results (the study's global_stats.csv) -----------------------------------------------

#: Columns a test-results table (the study's ``global_stats.csv``) must have.
RESULT_COLUMNS = ("granularity", "group", "n_constraints", "n_succeeded", "n_executed")


#: Columns of :func:`regression`.
REGRESSION_COLUMNS = ("term", "coef", "se", "z", "p", "odds_ratio", "ci_low", "ci_high", "n_runs", "n_tasks", "note")
#: The constraint indicators :func:`regression` puts in every model (those that vary in the data).
CONSTRAINT_TERMS = ("clean_architecture", "sqlite", "postgres", "orm")


def regression(
    df: "pd.DataFrame", outcome: str = "passed", covariates: str | Sequence[str] = ("framework", "model"), task: str = "task", ci: float = 0.95
) -> "pd.DataFrame":
    """Logistic regression of a per-run 0/1 ``outcome`` on the constraints, errors clustered by task.

    ``logit P(outcome) = b0 + clean_architecture + sqlite + postgres + orm + covariates``: one
    indicator per constraint (parsed from the task name, :func:`parse_task`) and one dummy per
    value of each covariate column present (the first value in sorted order is the reference,
    named in the term: ``framework[flask] vs aiohttp``). A term that does not vary in the data is
    left out. Standard errors are cluster-robust by ``task`` (runs of one task share its
    difficulty, so they are not independent), with the small-sample correction; fitted with
    statsmodels' GLM (the ``stats`` extra: ``pip install 'rootcause[stats]'``).

    Columns: ``term``, ``coef`` (log-odds), ``se``, ``z``, ``p``, ``odds_ratio`` and its
    interval ``ci_low``/``ci_high`` at ``ci``, ``n_runs``, ``n_tasks`` (clusters), ``note``. A term
    the other terms determine in these tasks (aliased) gets a row with no estimate and a note. Raises
    :class:`InputError` when statsmodels is missing, when ``outcome`` is not 0/1, when there are
    fewer than two tasks, or when the data separate perfectly (a term that alone decides the
    outcome has no finite estimate).
    """
    import warnings

    import numpy as np
    import pandas as pd

    try:
        import statsmodels.api as sm
    except ImportError:
        raise InputError("the regression needs statsmodels: pip install 'rootcause[stats]'") from None
    _require(df, [task, outcome])
    runs = add_task_columns(df, task)
    runs = runs.assign(_y=_outcome(runs, outcome))
    runs = runs[runs["_y"].notna() & runs["framework"].notna()]
    if not runs["_y"].isin((0, 1)).all():
        raise InputError(f"column {outcome!r} is not a 0/1 outcome: the regression is logistic")
    if runs[task].nunique() < 2:
        raise InputError(f"the regression needs runs of at least two study tasks (found {runs[task].nunique()})")
    X = pd.DataFrame(
        {
            "clean_architecture": runs["clean_architecture"].astype(bool).astype(float),
            "sqlite": (runs["database"] == "sqlite").astype(float),
            "postgres": (runs["database"] == "postgres").astype(float),
            "orm": runs["orm"].notna().astype(float),
        },
        index=runs.index,
    )
    for column in [c for c in _columns(covariates) if c in runs.columns]:
        values = runs[column].astype(str)
        levels = sorted(values.unique())
        for level in levels[1:]:
            X[f"{column}[{level}] vs {levels[0]}"] = (values == level).astype(float)
    X = X.loc[:, X.nunique() > 1]
    X.insert(0, "intercept", 1.0)
    # A term the others already determine (every clean-architecture task also has an ORM, say)
    # cannot be estimated from these tasks: it is reported, not fitted.
    aliased, kept = [], []
    for column in X.columns:
        if np.linalg.matrix_rank(X[[*kept, column]].to_numpy()) > len(kept):
            kept.append(column)
        else:
            aliased.append(column)
    X = X[kept]
    clusters = runs[task].astype("category").cat.codes.to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # statsmodels warns, not raises, on perfect separation
        try:
            fit = sm.GLM(runs["_y"].to_numpy(dtype=float), X, family=sm.families.Binomial()).fit(
                cov_type="cluster", cov_kwds={"groups": clusters, "use_correction": True}
            )
        except (Warning, ValueError, np.linalg.LinAlgError) as exc:
            raise InputError(
                f"the regression cannot be fitted ({type(exc).__name__}: {str(exc)[:200]}); "
                "a term that alone decides the outcome (every run of a framework passes, say) has no finite estimate"
            ) from None
    low, high = fit.conf_int(alpha=1 - ci).T.to_numpy()
    table = pd.DataFrame(
        {
            "term": list(X.columns),
            "coef": fit.params.to_numpy(),
            "se": fit.bse.to_numpy(),
            "z": fit.tvalues.to_numpy(),
            "p": fit.pvalues.to_numpy(),
            "odds_ratio": np.exp(fit.params.to_numpy()),
            "ci_low": np.exp(low),
            "ci_high": np.exp(high),
            "n_runs": len(runs),
            "n_tasks": int(runs[task].nunique()),
            "note": "",
        },
        columns=list(REGRESSION_COLUMNS),
    )
    if aliased:
        nan = float("nan")
        table = pd.concat(
            [
                table,
                pd.DataFrame(
                    [
                        {
                            "term": term,
                            "coef": nan,
                            "se": nan,
                            "z": nan,
                            "p": nan,
                            "odds_ratio": nan,
                            "ci_low": nan,
                            "ci_high": nan,
                            "n_runs": len(runs),
                            "n_tasks": int(runs[task].nunique()),
                            "note": "aliased with the other terms in these tasks: not estimable",
                        }
                        for term in aliased
                    ]
                ),
            ],
            ignore_index=True,
        )
    return table


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


def _binomial(k: float, n: float, ci: float) -> dict[str, float]:
    """Rate, standard error and Wilson interval of ``k`` successes in ``n`` trials."""
    import math

    from scipy import stats as st

    if not n:
        return {"n": 0, "mean": float("nan"), "sem": float("nan"), "ci_low": float("nan"), "ci_high": float("nan")}
    p = k / n
    z = float(st.norm.ppf(0.5 + ci / 2))
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    # The interval holds p in exact arithmetic; min/max keep it so at p = 0 or 1 in floats.
    return {"n": int(n), "mean": p, "sem": math.sqrt(p * (1 - p) / n), "ci_low": max(0.0, min(centre - half, p)), "ci_high": min(1.0, max(centre + half, p))}


def decay_from_results(results: "pd.DataFrame", granularity: str = "global", ci: float = 0.95) -> "pd.DataFrame":
    """Pass rate per level from test results (:func:`read_results`), for one granularity.

    ``granularity`` is ``global`` (one curve) or ``framework`` / ``runtime`` (one per group,
    the framework sensitivity lines). Columns as :func:`decay` with the group in a column named
    after the granularity (none for ``global``): ``n`` (runs executed), ``mean`` (pass@1 as
    ``n_succeeded / n_executed``), ``sem`` (binomial standard error), ``ci_low``, ``ci_high``
    (Wilson interval at ``ci``, which stays inside 0..1 for small groups).
    """
    import pandas as pd

    rows_in = results[(results["granularity"] == granularity) & results["level"].notna()]
    if rows_in.empty:
        raise InputError(f"no per-level rows with granularity {granularity!r} in the results")
    by = [] if granularity == "global" else [granularity]
    rows = []
    for row in rows_in.sort_values(["group", "level"]).itertuples(index=False):
        stats = _binomial(float(row.n_succeeded), float(row.n_executed), ci)
        rows.append({**({granularity: row.group} if by else {}), "level": row.level, **stats})
    return pd.DataFrame(rows, columns=[*by, *DECAY_COLUMNS])


def effects_from_results(results: "pd.DataFrame", ci: float = 0.95) -> "pd.DataFrame":
    """Each constraint's effect on the pass rate, matched within framework, from test results.

    For every framework and constraint, the pass rate of the framework's runs under the
    constraint (``framework_constraint`` rows) minus the rate of its runs without it (the
    framework's total minus those). The frameworks are the pairs: ``mean_diff`` is their mean
    difference with its standard error and Student-t interval (clipped to -1..1), as
    :func:`constraint_effects`.
    Aggregate results cannot hold the other constraints fixed, so this is "with minus
    without" rather than :func:`constraint_effects`' one-step pairs; the ``constraint``
    column names the constraint plainly (``clean_architecture``, ``sqlite``, ``postgres``,
    ``orm``, where ``sqlalchemy`` and ``sequelize`` both count as ``orm``).
    """
    import pandas as pd

    totals = results[(results["granularity"] == "framework") & results["level"].isna()].set_index("group")
    pairs = results[results["granularity"] == "framework_constraint"]
    if totals.empty or pairs.empty:
        raise InputError("the results need per-framework totals and framework_constraint rows")
    diffs: dict[str, list[float]] = {}
    for row in pairs.itertuples(index=False):
        if row.framework not in totals.index:
            continue
        total = totals.loc[row.framework]
        rest_n = float(total["n_executed"]) - float(row.n_executed)
        if not rest_n or not row.n_executed:
            continue
        rest_k = float(total["n_succeeded"]) - float(row.n_succeeded)
        step = "orm" if row.constraint in ORMS else str(row.constraint)
        diffs.setdefault(step, []).append(float(row.n_succeeded) / float(row.n_executed) - rest_k / rest_n)
    known = ("clean_architecture", *DATABASES, "orm")
    order = [s for s in known if s in diffs] + sorted(s for s in diffs if s not in known)
    rows = []
    for step in order:
        mean, sem, low, high = _t_interval(diffs[step], ci)
        if low == low:  # a difference of pass rates stays inside -1..1, whatever the t interval says
            low, high = max(low, -1.0), min(high, 1.0)
        rows.append({"constraint": step, "n_pairs": len(diffs[step]), "mean_diff": mean, "sem": sem, "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows, columns=list(EFFECT_COLUMNS))


# --- Rule coverage -----------------------------------------------------------------------------


def rule_coverage(df: "pd.DataFrame") -> "pd.DataFrame":
    """How often each rule fires and decides, from classify output (``rules_fired``, ``rule``).

    Columns: ``rule``; ``fired`` (runs it found something in); ``decided`` (runs whose
    diagnosis it gave); ``coverage`` and ``decided_share`` (the same over all runs, 0..1).
    ``rules_fired`` may be a list (the API) or a space-separated string (CSV output).
    Sorted by ``fired`` descending, then rule.
    """
    import pandas as pd

    _require(df, ["rules_fired", "rule"])
    fired: dict[str, int] = {}
    for value in df["rules_fired"]:
        codes = value if isinstance(value, (list, tuple)) else str(value).replace(",", " ").split() if isinstance(value, str) else []
        for code in set(codes):
            fired[code] = fired.get(code, 0) + 1
    decided = df["rule"].dropna().value_counts()
    n = len(df)
    rows = [
        {"rule": code, "fired": count, "decided": int(decided.get(code, 0)), "coverage": count / n, "decided_share": int(decided.get(code, 0)) / n}
        for code, count in fired.items()
    ]
    table = pd.DataFrame(rows, columns=["rule", "fired", "decided", "coverage", "decided_share"])
    return table.sort_values(["fired", "rule"], ascending=[False, True], ignore_index=True)
