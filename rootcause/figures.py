"""Publication figures from attribution tables (matplotlib; every function takes ``ax=None``
and returns the Axes).

Colours come from the Okabe-Ito palette (distinguishable with the common colour-vision
deficiencies) and the sequential cividis map; sizes suit a single paper column.
"""

from __future__ import annotations

from typing import Sequence

import pandas as pd

#: Okabe-Ito, then greys for long tails.
PALETTE = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000", "#999999", "#BBBBBB", "#666666", "#DDDDDD")
COLUMN_WIDTH = 3.4  # inches
FOLDED = "all others"


def shares_by_group(table: pd.DataFrame, group: str, of: str, ax=None, *, top: int = 8, title: str | None = None):
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
    if ax is None:
        _, ax = plt.subplots(figsize=(COLUMN_WIDTH * 2, 0.35 * len(wide) + 1.6))
    left = pd.Series(0.0, index=wide.index)
    for i, name in enumerate(keep):
        ax.barh([str(v) for v in wide.index], wide[name], left=left, color=PALETTE[i % len(PALETTE)], label=str(name), edgecolor="white", linewidth=0.5)
        left += wide[name]
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of failed runs")
    ax.invert_yaxis()
    ax.legend(fontsize=7, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.18 - 0.02 * len(wide)), ncol=3)
    ax.set_title(title or f"{of} by {group}", fontsize=9)
    return ax


def heatmap(table: pd.DataFrame, rows: str, columns: str, ax=None, *, value: str = "share", title: str | None = None):
    """A ``rows`` x ``columns`` heatmap of ``value`` (e.g. root cause x framework shares). Returns the Axes."""
    import matplotlib.pyplot as plt

    wide = table.pivot_table(index=rows, columns=columns, values=value, aggfunc="sum", fill_value=0.0)
    if ax is None:
        _, ax = plt.subplots(figsize=(0.55 * len(wide.columns) + 2.8, 0.32 * len(wide) + 1.4))
    image = ax.imshow(wide.to_numpy(dtype=float), cmap="cividis", aspect="auto", vmin=0)
    ax.set_xticks(range(len(wide.columns)), [str(c) for c in wide.columns], rotation=45, ha="right", fontsize=7)
    ax.set_yticks(range(len(wide.index)), [str(i) for i in wide.index], fontsize=7)
    top = float(wide.to_numpy().max() or 1)
    for i in range(len(wide.index)):
        for j in range(len(wide.columns)):
            v = float(wide.iat[i, j])
            if v:
                ax.text(j, i, f"{v:.2f}".lstrip("0"), ha="center", va="center", fontsize=6, color="black" if v > 0.6 * top else "white")
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label=value)
    ax.set_title(title or f"{rows} x {columns}", fontsize=9)
    return ax


def save(ax, path: str, formats: Sequence[str] | None = None) -> list[str]:
    """Save the Axes' figure to ``path`` (its suffix), or to each of ``formats`` beside it."""
    from pathlib import Path

    base = Path(path)
    targets = [base] if not formats else [base.with_suffix("." + f.lstrip(".")) for f in formats]
    for target in targets:
        ax.figure.savefig(target, bbox_inches="tight", dpi=200)
    return [str(t) for t in targets]
