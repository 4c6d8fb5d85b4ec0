"""Intervals: the multinomial bootstrap, Wilson's interval for a rate, Student-t and cluster-robust intervals of a mean."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas loads when a function needs it
    pass


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


def _clustered_interval(values, clusters, ci: float) -> tuple[float, float, float, float]:
    """Mean, cluster-robust (CR1) standard error and the Student-t interval with G-1 degrees of freedom."""
    import numpy as np
    from scipy import stats as st

    n = len(values)
    mean = float(values.mean()) if n else float("nan")
    groups: dict[object, float] = {}
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
