"""Publication figures from attribution tables (matplotlib; every function takes ``ax=None``
and returns the Axes).

Colours come from the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies) and the sequential cividis map; sizes suit a single paper column.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence

import pandas as pd

#: Okabe-Ito, then greys for long tails.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000", "#999999", "#BBBBBB", "#666666", "#DDDDDD")
COLUMN_WIDTH = 3.4  # inches: one column of a two-column paper; wide figures take two (about 7 in)
FOLDED = "all others"
#: The paper style every figure is drawn and saved in: TrueType (Type 42) fonts in PDF and
#: PostScript, which venues require instead of Type 3; one base size, all others relative to it.
PAPER_STYLE = {
    "pdf.fonttype": 42,
    "ps.fonttype": 42,
    "font.size": 8,
    "axes.titlesize": "medium",
    "axes.labelsize": "medium",
    "xtick.labelsize": "small",
    "ytick.labelsize": "small",
    "legend.fontsize": "small",
    "savefig.dpi": 200,
}


def paper_style():
    """A context in which figures are drawn and saved in :data:`PAPER_STYLE`."""
    import matplotlib

    return matplotlib.rc_context(PAPER_STYLE)


def label_text(value: object, labels: Mapping[str, str] | None = None, *, words: bool = True) -> str:
    """How a label reads in a figure: the user's mapping first, then (``words``) a root cause's
    name from the taxonomy (``data.query.filter`` -> its name), then snake_case as words
    (``server_startup_failure`` -> ``server startup failure``)."""
    text = str(value)
    if labels and text in labels:
        return str(labels[text])
    if not words:
        return text
    name = _taxonomy_names().get(text)
    if name:
        return name
    return text.replace("_", " ")


@functools.lru_cache(maxsize=1)
def _taxonomy_names() -> dict[str, str]:
    from rootcause.taxonomy import load_taxonomy

    return {e.id: e.name for e in load_taxonomy()}


def readable(table: pd.DataFrame, label_columns: Sequence[str] = (), labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """A copy of ``table`` for drawing: ``label_columns`` read as words (:func:`label_text`), and the
    user's ``labels`` mapping applied to every text column (rename models, frameworks...)."""
    out = table.copy()
    for column in out.columns:
        if pd.api.types.is_numeric_dtype(out[column]) or pd.api.types.is_bool_dtype(out[column]):
            continue
        if column in label_columns or labels:
            words = column in label_columns
            out[column] = out[column].astype(object).map(lambda v, w=words: label_text(v, labels, words=w) if isinstance(v, str) else v)
    return out


def _legend(ax, owned: bool, **outside) -> None:
    """A legend outside the plot when the function made the figure; inside the axes (best corner)
    when the caller gave ``ax``, so it cannot spill over the neighbouring panels of a grid."""
    if owned:
        ax.legend(fontsize="small", frameon=False, **outside)
    else:
        ax.legend(fontsize="x-small", frameon=True, framealpha=0.85, loc="best")


def shares_by_group(table: pd.DataFrame, group: str, of: str, ax=None, *, top: int = 8, title: str | None = None, xlabel: str = "share of failed runs"):
    """Stacked horizontal bars: for each value of ``group``, the share of runs per ``of`` value.

    ``table`` is :func:`rootcause.stats.attribution` output (``group``, ``of``, ``share``...).
    Values outside the ``top`` most frequent overall are folded into "all others". Returns the Axes.
    """
    import matplotlib.pyplot as plt

    wide = table.pivot_table(index=group, columns=of, values="share", aggfunc="sum", fill_value=0.0)
    order = wide.sum().sort_values(ascending=False).index
    keep = list(order[:top])
    if len(order) > top:
        rest = FOLDED if FOLDED not in wide.columns else FOLDED + " "
        wide[rest] = wide[list(order[top:])].sum(axis=1)
        keep.append(rest)
    wide = wide[keep]
    owned = ax is None
    if ax is None:
        _, ax = plt.subplots(figsize=(COLUMN_WIDTH * 2, 0.35 * len(wide) + 1.6))
    # Each bar says its n; a group too small to trust (the table's ``small_n``) is drawn hollow.
    totals = table.groupby(group)["n"].sum() if "n" in table.columns else None
    small = set(table.loc[table["small_n"].astype(bool), group]) if "small_n" in table.columns else set()
    names = [f"{v} (n={int(totals[v])})" if totals is not None else str(v) for v in wide.index]
    left = pd.Series(0.0, index=wide.index)
    for i, name in enumerate(keep):
        colour = PALETTE[i % len(PALETTE)]
        bars = ax.barh(names, wide[name], left=left, color=colour, label=str(name), edgecolor="white", linewidth=0.5)
        for bar, value in zip(bars, wide.index, strict=True):
            if value in small:
                bar.set_facecolor("none")
                bar.set_edgecolor(colour)
                bar.set_hatch("////")
        left += wide[name]
    ax.set_xlim(0, 1)
    ax.set_xlabel(xlabel + ("; hatched: a group of fewer than 10 runs" if small else ""))
    ax.invert_yaxis()
    _legend(ax, owned, loc="upper center", bbox_to_anchor=(0.5, -0.18 - 0.02 * len(wide)), ncol=3)
    ax.set_title(title or f"{of} by {group}", fontsize="medium")
    return ax


def share_intervals(table: pd.DataFrame, group: str, of: str, ax=None, *, top: int = 8, title: str | None = None, xlabel: str = "share of failed runs"):
    """Dot and whisker per label: each group's share of runs with its interval (``ci_low``..``ci_high``).

    ``table`` is :func:`rootcause.stats.attribution` output. The ``top`` labels by overall share
    are shown; up to :data:`MAX_LINES` groups are drawn side by side in one panel (colour and
    marker), more groups get one small panel each, sharing the label axis. Groups flagged
    ``small_n`` are drawn hollow. Returns the (first) Axes.
    """

    import matplotlib.pyplot as plt
    import numpy as np

    order = list(table.groupby(of)["share"].sum().sort_values(ascending=False).index[:top])
    groups = list(dict.fromkeys(table[group]))
    shown = table[table[of].isin(order)]
    many = ax is None and len(groups) > MAX_LINES
    owned = ax is None
    if many:
        fig, panels = _panel_grid(len(groups), panel_height=0.22 * len(order) + 0.9)
    else:
        if ax is None:
            _, ax = plt.subplots(figsize=(COLUMN_WIDTH * 1.4, 0.3 * len(order) + 1.2))
        panels = [ax] * len(groups)
    y = {label: i for i, label in enumerate(order)}
    step = 0.0 if many else 0.7 / max(len(groups), 1)
    for i, (name, panel) in enumerate(zip(groups, panels, strict=True)):
        part = shown[shown[group] == name]
        ys = np.array([y[v] for v in part[of]]) + (0 if many else (i - (len(groups) - 1) / 2) * step)
        colour = PALETTE[i % len(PALETTE)]
        low = (part["share"] - part["ci_low"]).clip(lower=0)
        high = (part["ci_high"] - part["share"]).clip(lower=0)
        hollow = bool(part["small_n"].astype(bool).any()) if "small_n" in part.columns else False
        n = int(part["n"].sum()) if "n" in part.columns else None
        panel.errorbar(
            part["share"],
            ys,
            xerr=[low, high],
            fmt=MARKERS[i % len(MARKERS)],
            color=colour,
            ecolor=colour,
            elinewidth=0.9,
            capsize=2,
            markersize=4,
            markerfacecolor="none" if hollow else colour,
            label=f"{name} (n={n})" if n is not None else str(name),
        )
        if many:
            panel.set_title(f"{name} (n={n})" if n is not None else str(name), fontsize="small")
    for panel in dict.fromkeys(panels):
        panel.set_yticks(range(len(order)), [str(v) for v in order], fontsize="small")
        panel.set_xlim(0, 1)
        panel.grid(axis="x", alpha=0.3)
        if not many:
            panel.invert_yaxis()
    if many:
        panels[0].invert_yaxis()  # shared: once for all
        fig.supxlabel(xlabel + " (95% interval; hollow: fewer than 10 runs)", fontsize="medium")
        fig.suptitle(title or f"{of} by {group}", fontsize="medium")
        fig.tight_layout()
        return panels[0]
    ax.set_xlabel(xlabel + " (95% interval)")
    _legend(ax, owned, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.set_title(title or f"{of} by {group}", fontsize="medium")
    return ax


def heatmap(table: pd.DataFrame, rows: str, columns: str, ax=None, *, value: str = "share", title: str | None = None):
    """A ``rows`` x ``columns`` heatmap of ``value`` (e.g. root cause x framework shares). Returns the Axes."""
    import matplotlib.pyplot as plt

    wide = table.pivot_table(index=rows, columns=columns, values=value, aggfunc="sum", fill_value=0.0)
    if ax is None:
        _, ax = plt.subplots(figsize=(0.55 * len(wide.columns) + 2.8, 0.32 * len(wide) + 1.4))
    image = ax.imshow(wide.to_numpy(dtype=float), cmap="cividis", aspect="auto", vmin=0)
    ax.set_xticks(range(len(wide.columns)), [str(c) for c in wide.columns], rotation=45, ha="right", fontsize="small")
    ax.set_yticks(range(len(wide.index)), [str(i) for i in wide.index], fontsize="small")
    top = float(wide.to_numpy().max() or 1)
    for i in range(len(wide.index)):
        for j in range(len(wide.columns)):
            v = float(wide.iat[i, j])
            if v:
                ax.text(j, i, f"{v:.2f}".lstrip("0"), ha="center", va="center", fontsize="x-small", color="black" if v > 0.6 * top else "white")
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label=value)
    ax.set_title(title or f"{rows} x {columns}", fontsize="medium")
    return ax


def save(ax, path: str, formats: Sequence[str] | None = None) -> list[str]:
    """Save the Axes' figure to ``path`` (its suffix), or to each of ``formats`` beside it."""
    from pathlib import Path

    base = Path(path)
    targets = [base] if not formats else [base.with_suffix("." + f.lstrip(".")) for f in formats]
    with paper_style():
        for target in targets:
            ax.figure.savefig(target, bbox_inches="tight")
    return [str(t) for t in targets]


LEVELS = ("L0", "L1", "L2", "L3")
MARKERS = ("o", "s", "^", "D", "v", "P", "X", "*")


def level_lines(table: pd.DataFrame, group: str | None = None, ax=None, *, band: str = "ci", ylabel: str = "pass rate", title: str | None = None):
    """One line per ``group`` over the constraint levels, with a shaded band. Returns the Axes.

    ``table`` is :func:`rootcause.stats.decay` or :func:`~rootcause.stats.decay_from_results`
    output (``level``, ``mean``, ``sem``, ``ci_low``, ``ci_high``). ``band`` is ``"ci"`` (the
    table's interval) or ``"sem"`` (mean ± one standard error). Lines differ by colour and
    marker, so they read in greyscale too. More than :data:`MAX_LINES` groups (and no ``ax``
    given) become small multiples: a panel per group, the others in grey behind it.
    """
    import matplotlib.pyplot as plt

    if band not in ("ci", "sem"):
        raise ValueError(f"band must be 'ci' or 'sem', not {band!r}")
    levels = [lv for lv in LEVELS if lv in set(table["level"])] + sorted(set(table["level"]) - set(LEVELS))
    x = {lv: i for i, lv in enumerate(levels)}
    parts = [(None, table)] if group is None else list(table.groupby(group, sort=True))
    if ax is None and len(parts) > MAX_LINES:
        return _small_multiples(parts, levels, x, band=band, ylabel=ylabel, title=title)
    owned = ax is None
    if ax is None:
        _, ax = plt.subplots(figsize=(COLUMN_WIDTH * (1.3 if group else 1), 2.6))
    for i, (name, part) in enumerate(parts):
        part = part.assign(_x=part["level"].map(x)).sort_values("_x")
        colour = PALETTE[i % len(PALETTE)] if group else "#0072B2"
        low, high = _band(part, band)
        alpha = 0.25 if not group else 0.15 if len(parts) <= 4 else 0.07  # many bands: keep lines readable
        ax.fill_between(part["_x"], low, high, color=colour, alpha=alpha, linewidth=0)
        ax.plot(
            part["_x"], part["mean"], color=colour, marker=MARKERS[i % len(MARKERS)], markersize=4, linewidth=1.4, label=None if name is None else str(name)
        )
    ax.set_xticks(range(len(levels)), levels)
    ax.set_xlabel("constraint level")
    ax.set_ylabel(ylabel)
    if group:  # beside the plot when the figure is ours: lines leave no empty corner inside it
        _legend(ax, owned, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.grid(axis="y", alpha=0.3)
    band_name = "95% interval" if band == "ci" else "±1 SEM"
    ax.set_title(title or f"{ylabel} by level ({band_name})", fontsize="medium")
    return ax


#: More lines than this over the levels overlap unreadably: each gets its own panel instead.
MAX_LINES = 4


def _band(part: pd.DataFrame, band: str):
    if band == "ci":
        return part["ci_low"], part["ci_high"]
    return part["mean"] - part["sem"].fillna(0), part["mean"] + part["sem"].fillna(0)


def _panel_grid(n: int, *, panel_height: float):
    """A double-column grid of ``n`` panels (at most four a row) sharing both axes, the unused cells
    hidden; returns the figure and the ``n`` panels in reading order."""
    import math

    import matplotlib.pyplot as plt

    columns = min(4, n)
    rows = math.ceil(n / columns)
    fig, axes = plt.subplots(rows, columns, figsize=(COLUMN_WIDTH * 2, panel_height * rows + 0.6), sharex=True, sharey=True, squeeze=False)
    cells = [cell for row in axes for cell in row]
    for cell in cells[n:]:
        cell.set_visible(False)
    return fig, cells[:n]


def _small_multiples(parts, levels, x, *, band: str, ylabel: str, title: str | None):
    """One small panel per group (shared axes), the other groups faint grey behind; returns the first Axes."""
    fig, panels = _panel_grid(len(parts), panel_height=1.45)
    placed = [part.assign(_x=part["level"].map(x)).sort_values("_x") for _, part in parts]
    for i, ((name, _), part, ax) in enumerate(zip(parts, placed, panels, strict=True)):
        for other in placed:
            ax.plot(other["_x"], other["mean"], color="#BBBBBB", linewidth=0.8, zorder=1)
        low, high = _band(part, band)
        colour = PALETTE[i % len(PALETTE)]
        ax.fill_between(part["_x"], low, high, color=colour, alpha=0.25, linewidth=0, zorder=2)
        ax.plot(part["_x"], part["mean"], color=colour, marker=MARKERS[i % len(MARKERS)], markersize=3.5, linewidth=1.4, zorder=3)
        ax.set_title(str(name), fontsize="small", pad=2)  # above the panel: inside it, the name hid points at the top
        ax.grid(axis="y", alpha=0.3)
        ax.set_xticks(range(len(levels)), levels)
    fig.supxlabel("constraint level", fontsize="medium")
    fig.supylabel(ylabel, fontsize="medium")
    band_name = "95% interval" if band == "ci" else "±1 SEM"
    fig.suptitle(title or f"{ylabel} by level ({band_name}; other groups in grey)", fontsize="medium")
    fig.tight_layout()
    return panels[0]


def decay_curve(table: pd.DataFrame, ax=None, *, ylabel: str = "pass rate", title: str | None = None):
    """The decay curve: one line over the levels with its confidence band. Returns the Axes."""
    return level_lines(table, None, ax, band="ci", ylabel=ylabel, title=title)


def sensitivity_lines(table: pd.DataFrame, group: str = "framework", ax=None, *, ylabel: str = "pass rate", title: str | None = None):
    """Framework sensitivity: one line per framework over the levels, ±1 SEM bands. Returns the Axes."""
    return level_lines(table, group, ax, band="sem", ylabel=ylabel, title=title)


def effects(table: pd.DataFrame, ax=None, *, xlabel: str = "change in pass rate", title: str | None = None):
    """Constraint effects as a forest plot: mean difference and interval per constraint. Returns the Axes.

    ``table`` is :func:`rootcause.stats.constraint_effects` or
    :func:`~rootcause.stats.effects_from_results` output (without ``by`` columns).
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(COLUMN_WIDTH, 0.4 * len(table) + 1.2))
    y = range(len(table))
    lows = (table["mean_diff"] - table["ci_low"]).fillna(0).clip(lower=0)
    highs = (table["ci_high"] - table["mean_diff"]).fillna(0).clip(lower=0)
    ax.errorbar(table["mean_diff"], list(y), xerr=[lows, highs], fmt="o", color="#0072B2", ecolor="#56B4E9", capsize=3, markersize=4)
    ax.axvline(0, color="#666666", linewidth=0.8, linestyle="--")
    ax.set_yticks(list(y), [f"{c} (n={n})" for c, n in zip(table["constraint"], table["n_pairs"], strict=True)], fontsize="small")
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    ax.grid(axis="x", alpha=0.3)
    ax.set_title(title or "effect of one added constraint (95% interval)", fontsize="medium")
    return ax


def rule_coverage(table: pd.DataFrame, ax=None, *, top: int = 25, title: str | None = None):
    """How many runs each rule fires on and decides (:func:`rootcause.stats.rule_coverage`). Returns the Axes."""
    import matplotlib.pyplot as plt

    shown = table.head(top)
    if ax is None:
        _, ax = plt.subplots(figsize=(COLUMN_WIDTH, 0.18 * len(shown) + 1.2))
    y = list(range(len(shown)))
    ax.barh(y, shown["fired"], color="#56B4E9", label="fired")
    ax.barh(y, shown["decided"], color="#0072B2", height=0.5, label="decided the diagnosis")
    ax.set_yticks(y, list(shown["rule"]), fontsize="x-small")
    ax.invert_yaxis()
    ax.set_xlabel("runs")
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(fontsize="small", frameon=False, loc="lower right")
    hidden = len(table) - len(shown)
    ax.set_title(title or f"rule coverage{f' (top {top}; {hidden} more)' if hidden > 0 else ''}", fontsize="medium")
    return ax


def cascades(table: pd.DataFrame, of: str = "root_cause", ax=None, *, top: int = 12, title: str | None = None):
    """Share of failed runs against share of failing assertions, per label. Returns the Axes.

    ``table`` is :func:`rootcause.stats.assertion_attribution` output for one group. A label
    whose assertion bar is longer than its run bar fails many requests per run (a cascade).
    """
    import matplotlib.pyplot as plt
    import numpy as np

    shown = table.sort_values("assertions", ascending=False).head(top)
    owned = ax is None
    if ax is None:
        _, ax = plt.subplots(figsize=(COLUMN_WIDTH * 1.4, 0.32 * len(shown) + 1.2))
    y = np.arange(len(shown))
    ax.barh(y - 0.2, shown["run_share"], height=0.4, color="#E69F00", label="share of failed runs")
    whiskers = {}
    if {"ci_low", "ci_high"} <= set(shown.columns):  # the assertion shares carry a bootstrap interval
        whiskers = {
            "xerr": [(shown["share"] - shown["ci_low"]).clip(lower=0), (shown["ci_high"] - shown["share"]).clip(lower=0)],
            "error_kw": {"ecolor": "#333333", "elinewidth": 0.8, "capsize": 2},
        }
    ax.barh(
        y + 0.2,
        shown["share"],
        height=0.4,
        color="#0072B2",
        label="share of failing assertions (95% interval)" if whiskers else "share of failing assertions",
        **whiskers,
    )
    ax.set_yticks(y, [str(v) for v in shown[of]], fontsize="small")
    ax.invert_yaxis()
    ax.set_xlabel("share")
    _legend(ax, owned, loc="upper center", bbox_to_anchor=(0.5, -0.14 - 0.3 / max(len(shown), 1)), ncol=2)
    ax.set_title(title or "runs vs failing assertions per root cause", fontsize="medium")
    return ax


def reliability(table: pd.DataFrame, ax=None, *, title: str | None = None):
    """Reliability diagram: accuracy against mean confidence per bin, marker area by runs. Returns the Axes.

    ``table`` is :func:`rootcause.learn.train.calibration`'s reliability table (``bin``, ``n``,
    ``confidence``, ``accuracy``). Points above the diagonal are under-confident bins.
    """
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=(COLUMN_WIDTH, COLUMN_WIDTH))
    ax.plot([0, 1], [0, 1], linestyle="--", color="#999999", linewidth=0.8, label="perfectly calibrated")
    sizes = 12 + 300 * table["n"] / max(float(table["n"].max()), 1.0)
    ax.plot(table["confidence"], table["accuracy"], color="#0072B2", linewidth=1.0)
    ax.scatter(table["confidence"], table["accuracy"], s=sizes, color="#0072B2", alpha=0.8, edgecolor="white", label="bins (area: runs)")
    ax.set_xlim(-0.02, 1.02)
    ax.set_ylim(-0.03, 1.03)  # bins at 0 or 1 stay visible
    ax.set_xlabel("model confidence (top class)")
    ax.set_ylabel("accuracy")
    ax.legend(fontsize="small", frameon=False, loc="upper left")
    ax.grid(alpha=0.3)
    ax.set_title(title or "reliability", fontsize="medium")
    return ax
