"""Every figure a paper needs from classified runs, written to a folder with a manifest.

:func:`write_figures` is what ``rootcause figures CLASSIFIED... -o DIR`` runs. Each figure is
saved in every requested format next to the tidy table it was drawn from (``<name>.csv``),
so a number in the paper can be traced to a row. ``manifest.json`` lists, per figure, its
files, its table, the rows it covers and a one-line description; figures the inputs cannot
support (no ``model`` column, no truth column, no test results...) are listed under
``skipped`` with the reason, never drawn empty.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rootcause.errors import InputError

if TYPE_CHECKING:
    import pandas as pd

FORMATS = ("png", "pdf", "svg")
#: Label columns :func:`write_figures` attributes by default, the first one present.
LABEL_COLUMNS = ("root_cause", "subcategory", "category")


def load_runs(paths: Sequence[str | os.PathLike[str]], meta: str | os.PathLike[str] | None = None) -> "pd.DataFrame":
    """Classified runs (or the study's CSVs) from table files, stacked, with task columns.

    ``meta`` is a CSV/JSONL of the user's own per-run columns, joined on ``id``
    (:func:`rootcause.stats.load_tables` without the test results).
    """
    from rootcause.stats import load_tables

    return load_tables(paths, meta)[0]


def _present(df: "pd.DataFrame", column: str) -> bool:
    return column in df.columns and df[column].notna().any()


def write_figures(
    runs: "pd.DataFrame",
    out_dir: str | os.PathLike[str],
    *,
    of: str | None = None,
    results: "pd.DataFrame | None" = None,
    truth: str | None = None,
    formats: Sequence[str] = ("png", "pdf"),
    n_boot: int = 1000,
    depth: int | None = 2,
    inputs: Sequence[str] = (),
    titles: bool = True,
    labels: Mapping[str, str] | None = None,
) -> dict[str, Any]:
    """Draw every figure ``runs`` (and the optional test ``results``) support into ``out_dir``.

    ``of`` is the label column (default: the first of :data:`LABEL_COLUMNS` present);
    ``results`` is :func:`rootcause.stats.read_results` output (pass counts per level, e.g.
    the study's ``global_stats.csv``) for the pass-rate figures; ``truth`` names a column of
    true labels for the confusion matrix. Root-cause ids are cut to ``depth`` parts (default
    2, the families ``data.query``, ``auth.config``...; None keeps whole ids), as
    ``rootcause evaluate --depth`` does. Figures are drawn in :data:`rootcause.figures.PAPER_STYLE`
    (TrueType fonts in PDF, sizes from rcParams); ``titles=False`` leaves the titles out, for a
    paper whose captions say it. Labels are drawn as words (a root cause's taxonomy name,
    snake_case split, :func:`rootcause.figures.label_text`); ``labels`` maps any text value to
    the words to draw instead (the tables keep the raw values). A figure the data cannot
    support (one constraint level for a curve over levels, no constraint with two matched
    pairs, fewer than :data:`rootcause.stats.MIN_GROUP_N` failed runs in all) is skipped with
    the reason, never drawn. Returns the manifest it writes to ``out_dir/manifest.json``.
    """
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from rootcause import __version__, figures, stats

    bad = [f for f in formats if f not in FORMATS]
    if bad or not formats:
        raise InputError(f"unknown figure format {bad[0] if bad else ''!r} (any of: {', '.join(FORMATS)})")
    of = of or next((c for c in LABEL_COLUMNS if _present(runs, c)), None)
    no_label = None
    if of is None or of not in runs.columns:
        no_label = f"no label column in the runs (looked for {of or ', '.join(LABEL_COLUMNS)})" if len(runs) else "no classified runs among the inputs"
        if results is None:
            raise InputError(no_label, path=", ".join(map(str, inputs)) or None)
        of = of or LABEL_COLUMNS[0]
    if of == "root_cause" and depth and not no_label:
        from rootcause.evaluate import at_depth

        runs = runs.assign(root_cause=runs["root_cause"].map(lambda v: at_depth(v, depth) if isinstance(v, str) else v))
    everything = runs
    passed = stats.pass_flags(runs["passed"]) if "passed" in runs.columns else None
    runs = stats.failed_only(runs)  # a sweep's passing runs have no root cause to attribute
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    made: list[dict[str, Any]] = []
    skipped: list[dict[str, str]] = []

    def figure(
        name: str,
        description: str,
        needs: str | None,
        build: Callable[[], tuple["pd.DataFrame", Callable]],
        labelled: bool = True,
        support: Callable[["pd.DataFrame"], str | None] | None = None,
    ) -> None:
        needs = (no_label if labelled else None) or needs
        if needs:
            skipped.append({"name": name, "reason": needs})
            return
        try:
            table, draw = build()
            if table.empty:
                skipped.append({"name": name, "reason": "the inputs give no rows for it"})
                return
            weak = support(table) if support is not None else None
            if weak:
                skipped.append({"name": name, "reason": weak})
                return
            with figures.paper_style():
                ax = draw(figures.readable(table, (of, "constraint"), labels))
                if not titles:
                    if ax.figure._suptitle is not None:  # small multiples: the title is above the panels, whose own titles name them
                        ax.figure._suptitle.set_text("")
                    else:
                        ax.set_title("")
                files = figures.save(ax, str(out / f"{name}.{formats[0]}"), formats)
            plt.close(ax.figure)
            table.to_csv(out / f"{name}.csv", index=False)
        except (ValueError, TypeError, KeyError, OSError, MemoryError) as exc:
            # One figure that cannot be drawn is reported in the manifest; the others are still made.
            plt.close("all")
            skipped.append({"name": name, "reason": f"failed: {type(exc).__name__}: {str(exc)[:300]}"})
            return
        entry = {"name": name, "description": description, "files": [Path(f).name for f in files], "table": f"{name}.csv", "rows": len(table)}
        if "small_n" in table.columns and table["small_n"].astype(bool).any():
            group_columns = [c for c in table.columns if c not in (of, *stats.ATTRIBUTION_COLUMNS)]
            entry["small_groups"] = sorted(
                {" / ".join(map(str, row)) for row in table.loc[table["small_n"].astype(bool), group_columns].itertuples(index=False)}
            )
        made.append(entry)

    def missing(*columns: str) -> str | None:
        absent = [c for c in columns if not _present(runs, c)]
        return f"no {', '.join(repr(c) for c in absent)} column in the inputs" if absent else None

    def two_levels(table: "pd.DataFrame") -> str | None:
        found = table["level"].nunique()
        return None if found >= 2 else f"{found} constraint level in the data: a curve over levels needs two or more"

    def two_levels_per_framework(table: "pd.DataFrame") -> str | None:
        if "framework" not in table.columns or table.empty:
            return two_levels(table)
        most = int(table.groupby("framework")["level"].nunique().max())
        return None if most >= 2 else "each framework is seen at one constraint level only: no line over the levels to draw"

    def some_interval(table: "pd.DataFrame") -> str | None:
        ok = table["ci_low"].notna() & table["ci_high"].notna()
        return None if ok.any() else "no constraint has two or more matched pairs, so no effect has an interval"

    def enough_runs(table: "pd.DataFrame") -> str | None:
        total = int(table["n"].sum()) if "n" in table.columns else len(runs)
        return None if total >= stats.MIN_GROUP_N else f"{total} failed runs in all: fewer than {stats.MIN_GROUP_N} support no share"

    def two_labels(table: "pd.DataFrame") -> str | None:
        found = table[of].nunique()
        return None if found >= 2 else f"{found} {of} value in the data: nothing to compare"

    figure(
        f"{of}_by_model",
        f"share of failed runs per {of}, by model (stacked bars)",
        missing("model"),
        lambda: (stats.attribution(runs, "model", of, n_boot=n_boot), lambda t: figures.shares_by_group(t, "model", of)),
        support=enough_runs,
    )
    figure(
        f"{of}_intervals_by_model",
        f"share of failed runs per {of}, by model, with 95% intervals (dots and whiskers)",
        missing("model"),
        lambda: (stats.attribution(runs, "model", of, n_boot=n_boot), lambda t: figures.share_intervals(t, "model", of)),
        support=enough_runs,
    )
    figure(
        f"{of}_by_framework",
        f"share of failed runs per {of} within each framework (heatmap)",
        missing("framework"),
        lambda: (stats.attribution(runs, "framework", of, n_boot=n_boot), lambda t: figures.heatmap(t, of, "framework")),
        support=enough_runs,
    )
    # The data-layer outcome, derived once for the three figures that use it.
    has_layer = _present(runs, "root_cause") or _present(runs, "subcategory")
    layered = stats.add_outcome_columns(runs) if has_layer and not no_label else runs
    no_layer = None if has_layer else "no root_cause or subcategory column for the data layer"
    figure(
        "data_layer_by_level",
        "share of failed runs whose root cause is in the data layer, by constraint level (95% Wilson band)",
        missing("level") or no_layer,
        lambda: (stats.decay(layered, "data_layer"), lambda t: figures.decay_curve(t, ylabel="data-layer share of failures")),
        support=two_levels,
    )
    figure(
        "data_layer_by_framework",
        "data-layer share of failures per framework over the levels (±1 SEM)",
        missing("level", "framework") or no_layer,
        lambda: (stats.decay(layered, "data_layer", by="framework"), lambda t: figures.sensitivity_lines(t, ylabel="data-layer share of failures")),
        support=two_levels_per_framework,
    )
    figure(
        "data_layer_effects",
        "change in the data-layer share of failures when one constraint is added (matched task pairs)",
        missing("task") or no_layer,
        lambda: (stats.constraint_effects(layered, "data_layer"), lambda t: figures.effects(t, xlabel="change in data-layer share")),
        support=some_interval,
    )
    figure(
        "cascades",
        f"share of failed runs against share of failing assertions per {of}",
        missing("failed_assertions"),
        lambda: (stats.assertion_attribution(runs, None, of, n_boot=n_boot), lambda t: figures.cascades(t, of)),
        support=two_labels,
    )
    figure("rule_coverage", "runs each rule fired on and decided", missing("rules_fired"), lambda: (stats.rule_coverage(runs), figures.rule_coverage))
    _confusion(runs, truth, of, depth if of == "root_cause" else None, figure, missing)
    # Pass rates: from test results when given, else from classified runs that carry `passed`.
    judged = None if passed is None else everything[passed.notna()].assign(passed=passed[passed.notna()].astype(bool))
    if results is not None:
        source, no_pass = "test results", None
    elif judged is not None and "level" in judged.columns and judged["passed"].nunique() == 2:
        source, no_pass = "classified runs (passed)", None
    else:
        source, no_pass = None, "no test results (--results, e.g. global_stats.csv) and no classified passing runs ('passed')"
    figure(
        "pass_rate_by_level",
        f"pass@1 by constraint level over all frameworks (95% Wilson band), from {source}",
        no_pass,
        lambda: (stats.decay_from_results(results, "global") if results is not None else stats.decay(judged, "passed"), figures.decay_curve),
        labelled=False,
        support=two_levels,
    )
    figure(
        "pass_rate_by_framework",
        f"pass@1 per framework over the levels (±1 SEM): framework sensitivity, from {source}",
        no_pass or (None if results is not None or _present(judged, "framework") else "no 'framework' column in the inputs"),
        lambda: (
            stats.decay_from_results(results, "framework") if results is not None else stats.decay(judged, "passed", by="framework"),
            figures.sensitivity_lines,
        ),
        labelled=False,
        support=two_levels_per_framework,
    )
    figure(
        "pass_rate_effects",
        "pass rate with minus without each constraint, matched within framework"
        if results is not None
        else "change in pass rate when one constraint is added (matched task pairs)",
        no_pass or (None if results is not None or _present(judged, "task") else "no 'task' column in the inputs"),
        lambda: (
            stats.effects_from_results(results) if results is not None else stats.constraint_effects(judged, "passed"),
            lambda t: figures.effects(t, title="pass rate with minus without each constraint (95% interval)" if results is not None else None),
        ),
        labelled=False,
        support=some_interval,
    )
    manifest = {
        "created_by": f"rootcause {__version__} figures",
        "inputs": [str(p) for p in inputs],
        "runs": len(everything),
        "failed_runs": len(runs),
        "label_column": None if no_label else of,
        "depth": depth if of == "root_cause" else None,
        "formats": list(formats),
        # Groups with fewer runs are flagged (small_n) in the tables and drawn hatched in the bar charts.
        "min_group_n": stats.MIN_GROUP_N,
        "figures": made,
        "skipped": skipped,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _confusion(runs, truth, of, depth, figure, missing) -> None:
    """The confusion matrix, when a truth column is given and present."""
    from rootcause.evaluate import agreement, label_vocabulary, plot_confusion

    if not truth:
        figure("confusion", "", "no truth column given (--truth)", None)
        return

    if _present(runs, truth):  # compare like with like: the column that speaks the truth's vocabulary
        said = label_vocabulary(runs[truth])
        if said is not None and said != of:
            of, depth = said, (depth if said == "root_cause" else None)

    def build():
        result = agreement(runs, truth=truth, predicted=of, depth=depth)
        return result.confusion.rename_axis(truth).reset_index(), lambda _t: plot_confusion(result)

    figure("confusion", f"confusion matrix of {of} against {truth} (rows: truth, normalised)", missing(truth) or missing(of), build)
