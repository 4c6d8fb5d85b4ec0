"""Attribution: the share of runs (or of failing assertions) per label, per group, with intervals."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rootcause.errors import InputError

if TYPE_CHECKING:  # pandas loads when a function needs it
    import pandas as pd
from rootcause.stats.common import MIN_GROUP_N, _check, _columns, _groups
from rootcause.stats.intervals import BOOTSTRAP_CELLS, _binomial, _bootstrap, _chunks, _weighted_replicates

#: Labels counted as the data layer, per view (root causes match by dotted prefix).
DATA_LAYER = {"root_cause": ("data.query", "data.orm"), "subcategory": ("incorrect_query_logic", "database_runtime_error")}


#: Columns of the tables :func:`attribution` returns, after the ``by`` columns and ``of``.
ATTRIBUTION_COLUMNS = ("n", "share", "ci_low", "ci_high", "small_n")


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
