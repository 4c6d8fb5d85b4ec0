"""How far predicted root causes agree with known labels: per-label tables and summary scores.

``agreement(table, truth="label")`` compares a classified table (``rootcause.classify``
output, which echoes the input's label columns) against its ground truth at a chosen depth
of the taxonomy: ``depth=2`` compares families (``data.query``), ``depth=None`` exact ids.
A prediction of ``unknown`` counts as wrong for recall and is reported as abstention.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

UNKNOWN = "unknown"


def at_depth(label: object, depth: int | None) -> str:
    """``data.orm.detached_instance`` at depth 2 is ``data.orm``; None keeps the id whole."""
    if label is None or (isinstance(label, float) and label != label):
        return UNKNOWN
    text = str(label)
    return text if depth is None else ".".join(text.split(".")[:depth])


@dataclass(frozen=True)
class Agreement:
    """Summary scores and the per-label table of one comparison."""

    n: int
    accuracy: float
    macro_f1: float
    kappa: float
    abstained: int
    per_label: pd.DataFrame
    confusion: pd.DataFrame
    #: 95% percentile-bootstrap intervals over runs: ``{"accuracy": (low, high), "macro_f1": ..., "kappa": ...}``
    #: (empty when ``n_boot`` is 0). Macro-F1 is the unweighted mean of the per-label F1 over the true labels.
    intervals: dict = field(default_factory=dict)

    def summary(self) -> str:
        def shown(name: str, value: float) -> str:
            low, high = self.intervals.get(name, (None, None))
            return f"{value:.3f}" + (f" [{low:.3f}, {high:.3f}]" if low is not None and low == low else "")

        return (
            f"{self.n} runs: accuracy {shown('accuracy', self.accuracy)}, macro-F1 {shown('macro_f1', self.macro_f1)}, "
            f"Cohen's kappa {shown('kappa', self.kappa)}, unknown {self.abstained}"
        )


#: The three label vocabularies a truth column can hold, and the output column that speaks each.
VIEWS = ("root_cause", "category", "subcategory")


def label_vocabulary(values, taxonomy=None) -> str | None:
    """Which vocabulary ``values`` are written in: ``root_cause`` (taxonomy ids or their families),
    ``category`` (the paper's categories) or ``subcategory`` (its logic subcategories); None when
    they mix vocabularies or match none. ``none``, ``unknown`` and missing values are neutral."""
    from rootcause.taxonomy import load_taxonomy

    taxonomy = taxonomy or load_taxonomy()
    seen = {str(v) for v in values if v is not None and v == v and str(v) not in ("none", "None", "", UNKNOWN, "other")}
    if not seen:
        return None
    categories = set(taxonomy.categories)
    subcategories = {s for c in taxonomy.categories.values() for s in c.subcategories}
    prefixes = {".".join(e.id.split(".")[:d]) for e in taxonomy for d in range(1, len(e.id.split(".")) + 1)}
    if seen <= categories:
        return "category"
    if seen <= subcategories:
        return "subcategory"
    if seen <= prefixes:
        return "root_cause"
    return None


def check_vocabularies(table: pd.DataFrame, truth: str, predicted: str) -> None:
    """Refuse to compare two vocabularies: subcategories against root-cause ids score 0 whatever the answers."""
    if predicted not in VIEWS:
        return
    said = label_vocabulary(table[truth])
    if said is not None and said != predicted:
        words = "root-cause ids" if said == "root_cause" else f"the paper's {said} labels"
        raise ValueError(
            f"the truth column {truth!r} holds {words}, the {predicted!r} column does not: compare it with the "
            f"{said!r} column (rootcause evaluate --view {said}; agreement(..., predicted={said!r}))"
        )


def agreement(
    table: pd.DataFrame,
    truth: str = "label",
    predicted: str = "root_cause",
    *,
    depth: int | None = 2,
    missing: str | None = None,
    n_boot: int = 0,
    seed: int = 0,
) -> Agreement:
    """Compare ``table[predicted]`` with ``table[truth]`` (rows with no truth are left out).

    ``per_label`` has one row per true label: ``n``, ``correct``, ``recall`` (the share of
    that label's runs classified right), ``precision`` and ``f1`` (over runs predicted as
    it), ``top_confusion`` (the most frequent wrong prediction) and its count.
    A missing prediction counts as ``missing``: by default ``unknown`` (an abstention) for
    root causes and ``none`` for the paper's ``subcategory`` and ``category`` columns, where a
    run outside ``logic_error`` has no subcategory and the study's labels write ``none``,
    as ``rootcause evaluate --view`` does. A truth column in another vocabulary than ``predicted``
    (the paper's subcategories against root-cause ids) raises ``ValueError`` naming the column to use.
    ``n_boot`` > 0 adds 95% percentile-bootstrap intervals over runs (``intervals``); macro-F1 is
    the unweighted mean of the per-label F1 over the labels the truth holds.
    """
    from sklearn.metrics import cohen_kappa_score, f1_score

    check_vocabularies(table, truth, predicted)
    if missing is None:
        missing = "none" if predicted in ("subcategory", "category") else UNKNOWN
    rows = table[table[truth].notna()]
    y_true = [at_depth(v, depth) for v in rows[truth]]
    y_pred = [missing if v is None or (isinstance(v, float) and v != v) else at_depth(v, depth) for v in rows[predicted]]
    labels = sorted(set(y_true))
    frame = pd.DataFrame({"truth": y_true, "predicted": y_pred})
    records = []
    for label in labels:
        mine = frame[frame["truth"] == label]
        called = frame[frame["predicted"] == label]
        correct = int((mine["predicted"] == label).sum())
        wrong = mine[mine["predicted"] != label]["predicted"].value_counts()
        recall = correct / len(mine) if len(mine) else 0.0
        precision = correct / len(called) if len(called) else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        records.append(
            {
                "label": label,
                "n": len(mine),
                "correct": correct,
                "recall": round(recall, 3),
                "precision": round(precision, 3),
                "f1": round(f1, 3),
                "top_confusion": wrong.index[0] if len(wrong) else None,
                "top_confusion_n": int(wrong.iloc[0]) if len(wrong) else 0,
            }
        )
    per_label = pd.DataFrame(records, columns=["label", "n", "correct", "recall", "precision", "f1", "top_confusion", "top_confusion_n"])
    confusion = pd.crosstab(frame["truth"], frame["predicted"])
    n = len(frame)
    return Agreement(
        n=n,
        accuracy=float((frame["truth"] == frame["predicted"]).mean()) if n else 0.0,
        macro_f1=float(f1_score(y_true, y_pred, labels=labels, average="macro", zero_division=0)) if n else 0.0,
        # With one true class kappa is 0 whatever the predictions: undefined, not "no agreement".
        kappa=float(cohen_kappa_score(y_true, y_pred)) if n and len(set(y_true)) > 1 else float("nan"),
        abstained=int((frame["predicted"] == UNKNOWN).sum()),
        per_label=per_label,
        confusion=confusion,
        intervals=_bootstrap_scores(y_true, y_pred, labels, n_boot, seed) if n_boot and n else {},
    )


def _bootstrap_scores(y_true: list[str], y_pred: list[str], labels: list[str], n_boot: int, seed: int) -> dict:
    """95% percentile intervals of accuracy, macro-F1 and kappa, resampling runs with replacement."""
    import numpy as np
    from sklearn.metrics import cohen_kappa_score, f1_score

    rng = np.random.default_rng(seed)
    truth, pred = np.asarray(y_true, dtype=object), np.asarray(y_pred, dtype=object)
    scores: dict[str, list[float]] = {"accuracy": [], "macro_f1": [], "kappa": []}
    for _ in range(n_boot):
        pick = rng.integers(0, len(truth), len(truth))
        t, p = truth[pick], pred[pick]
        scores["accuracy"].append(float((t == p).mean()))
        scores["macro_f1"].append(float(f1_score(t, p, labels=labels, average="macro", zero_division=0)))
        scores["kappa"].append(float(cohen_kappa_score(t, p)) if len(set(t)) > 1 else float("nan"))
    out = {}
    for name, values in scores.items():
        finite = np.asarray([v for v in values if v == v])
        out[name] = (float(np.quantile(finite, 0.025)), float(np.quantile(finite, 0.975))) if len(finite) else (float("nan"), float("nan"))
    return out


# ----------------------------------------------------------------------------- rules as labelling functions


def vote_matrix(diagnoses, *, depth: int | None = 2) -> pd.DataFrame:
    """Runs x rules: the root cause (cut to ``depth``) each rule voted for, None where it abstained.

    ``diagnoses`` are ``rootcause.classify.diagnose`` results (they keep every finding).
    """
    rows = []
    for d in diagnoses:
        row = {"id": d.id}
        for f in d.findings:
            row[f.rule] = at_depth(f.root_cause, depth)
        rows.append(row)
    frame = pd.DataFrame(rows).set_index("id") if rows else pd.DataFrame()
    return frame.astype(object).where(frame.notna(), None)


def rule_analysis(votes: pd.DataFrame, truth: "pd.Series | None" = None) -> pd.DataFrame:
    """Per rule: how often it votes, overlaps and conflicts with others, and how often it is right.

    Columns: ``rule``, ``fired`` (runs it voted on), ``coverage`` (share of runs), ``overlaps``
    (share of its votes where another rule voted too), ``conflicts`` (share where another rule
    voted for a different root cause), and with ``truth`` (aligned on the run ids)
    ``correct`` and ``accuracy`` (share of its votes equal to the truth).
    """
    out = []
    n = len(votes)
    for rule in votes.columns:
        mine = votes[rule].notna()
        fired = int(mine.sum())
        others = votes.drop(columns=[rule])[mine]
        overlap = others.notna().any(axis=1)
        conflict = others.apply(lambda row, r=rule: any(pd.notna(v) and v != votes.at[row.name, r] for v in row), axis=1) if fired else overlap
        row = {
            "rule": rule,
            "fired": fired,
            "coverage": round(fired / n, 4) if n else 0.0,
            "overlaps": round(float(overlap.mean()), 3) if fired else 0.0,
            "conflicts": round(float(conflict.mean()), 3) if fired else 0.0,
        }
        if truth is not None:
            right = int((votes.loc[mine, rule] == truth.reindex(votes.index)[mine]).sum())
            row.update(correct=right, accuracy=round(right / fired, 3) if fired else None)
        out.append(row)
    columns = ["rule", "fired", "coverage", "overlaps", "conflicts"] + (["correct", "accuracy"] if truth is not None else [])
    return pd.DataFrame(out, columns=columns).sort_values(["fired", "rule"], ascending=[False, True], ignore_index=True)


def majority_vote(votes: pd.DataFrame) -> pd.Series:
    """The baseline a learned model must beat: each run gets the root cause most rules voted
    for (ties go to the alphabetically first), ``unknown`` when no rule voted."""

    def pick(row: pd.Series) -> str:
        counts = row.dropna().value_counts()
        if counts.empty:
            return UNKNOWN
        top = counts[counts == counts.max()].index
        return sorted(top)[0]

    return votes.apply(pick, axis=1) if len(votes.columns) else pd.Series(UNKNOWN, index=votes.index)


def plot_confusion(result: Agreement, ax=None, *, normalize: bool = True, title: str | None = None):
    """The confusion matrix of an agreement as a heatmap (rows: truth, columns: prediction).

    ``normalize`` shows each row as shares of that label's runs. Colour-blind-safe sequential
    map (cividis) for the shares, the counts written in the cells, each row's n beside its label;
    one row per true label that occurs. Returns the Axes.
    """
    import matplotlib.pyplot as plt
    import numpy as np

    matrix = result.confusion
    # Abstentions last, so the labels read in order and "no answer" sits apart. Rows are the true
    # labels that occur (a label only ever predicted would be an empty row); columns every label.
    order = lambda v: (str(v) in (UNKNOWN, "none"), str(v))  # noqa: E731
    rows = sorted((label for label in matrix.index if matrix.loc[label].sum() > 0), key=order)
    columns = sorted(set(matrix.index) | set(matrix.columns), key=order)
    matrix = matrix.reindex(index=rows, columns=columns, fill_value=0)
    values = matrix.to_numpy(dtype=float)
    shown = values / np.maximum(values.sum(axis=1, keepdims=True), 1) if normalize else values
    if ax is None:
        # At most a double column (7 in) wide: the cells shrink instead.
        _, ax = plt.subplots(figsize=(min(0.42 * len(columns) + 2.5, 7.0), min(0.42 * len(rows) + 2, 7.0)))
    image = ax.imshow(shown, cmap="cividis", vmin=0, vmax=1 if normalize else None)
    ax.set_xticks(range(len(columns)), columns, rotation=60, ha="right", fontsize="small")
    ax.set_yticks(range(len(rows)), [f"{label} (n={int(values[i].sum())})" for i, label in enumerate(rows)], fontsize="small")
    ax.set_xlabel("predicted")
    ax.set_ylabel("true label")
    for i in range(len(rows)):
        for j in range(len(columns)):
            if values[i, j]:  # the count, whatever the colour shows
                ax.text(
                    j,
                    i,
                    f"{int(values[i, j])}",
                    ha="center",
                    va="center",
                    fontsize="x-small",
                    color="black" if shown[i, j] > 0.6 * (shown.max() or 1) else "white",
                )
    ax.figure.colorbar(image, ax=ax, fraction=0.046, pad=0.04, label="share of the label's runs" if normalize else "runs")
    ax.set_title(title or f"n={result.n}, accuracy {result.accuracy:.2f}, macro-F1 {result.macro_f1:.2f}", fontsize="medium")
    return ax
