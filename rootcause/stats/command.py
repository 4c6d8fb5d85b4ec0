"""``rootcause stats``: pick a table, format it (csv, human, latex, json, markdown)."""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rootcause.errors import InputError

if TYPE_CHECKING:  # pandas loads when a function needs it
    import pandas as pd
from rootcause.stats.attribution import add_outcome_columns, assertion_attribution, attribution
from rootcause.stats.common import _columns, failed_only
from rootcause.stats.constraints import constraint_effects, decay, decay_from_results, effects_from_results, regression
from rootcause.stats.coverage import rule_coverage
from rootcause.stats.tables import load_tables

STATS_FORMATS = ("csv", "human", "latex", "json", "markdown")


#: Tables ``rootcause stats --table`` prints.
STATS_TABLES = ("attribution", "assertions", "decay", "effects", "coverage", "regression")


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
