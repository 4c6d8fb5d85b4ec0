"""Training on labelled runs and honest evaluation of the combined rules + model answer.

Labelled runs carry their truth in a metadata column (``label`` in the corpus, a taxonomy
id). ``load_labelled`` reads and observes them once; ``fit`` trains the pipeline;
``predict`` gives the combined answer (rules where HIGH rules agree, else the model, else
``unknown``); ``cross_validate_groups`` holds out one group at a time (a stack, a database)
and scores the runs it never saw.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from rootcause.evaluate import UNKNOWN, agreement, at_depth
from rootcause.learn.classifier import build_pipeline, combine
from rootcause.learn.features import Observed, observe

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

#: Default abstention threshold: below this top-class probability the answer is ``unknown``.
THRESHOLD = 0.35


@dataclass
class Labelled:
    """Observed runs with their labels (cut to ``depth``) and their metadata as a table."""

    runs: list[Observed]
    labels: np.ndarray
    meta: pd.DataFrame


def load_labelled(paths: Iterable[str], truth: str = "label", depth: int | None = 2) -> Labelled:
    """Read ``paths`` (any input format), keep runs with a ``truth`` value, observe each once."""
    from rootcause.readers import read_runs

    runs, labels, rows = [], [], []
    for record in read_runs(list(paths)):
        value = record.metadata.get(truth)
        if record.error or value in (None, ""):
            continue
        runs.append(observe(record))
        labels.append(at_depth(value, depth))
        rows.append({"id": record.id, **{k: v for k, v in record.metadata.items() if isinstance(v, (str, int, float)) or v is None}})
    return Labelled(runs=runs, labels=np.asarray(labels, dtype=object), meta=pd.DataFrame(rows))


def fit(runs: Sequence[Observed], labels: Sequence[str] | np.ndarray, **params: Any) -> Pipeline:
    """A fitted features-then-classifier pipeline (``params`` nested, e.g. ``model__C=0.5``)."""
    pipeline = build_pipeline(**params)
    return pipeline.fit(list(runs), np.asarray(labels, dtype=object))


def predict(pipeline, runs: Sequence[Observed], threshold: float = THRESHOLD, depth: int | None = 2, policy: str = "rules") -> pd.DataFrame:
    """The combined answer per run: ``root_cause``, ``confidence``, ``source``, and the model's own top class."""
    runs = [observe(r) for r in runs]
    proba = pipeline.predict_proba(runs) if runs else np.zeros((0, 0))
    classes = list(pipeline.classes_)
    rows = []
    for run, row in zip(runs, proba, strict=True):
        root, confidence, source = combine(run.findings, row, classes, threshold, policy=policy)
        rows.append(
            {
                "id": run.record.id,
                "root_cause": root if depth is None or root == UNKNOWN else at_depth(root, depth),
                "confidence": confidence,
                "source": source,
                "model_top": classes[int(np.argmax(row))],
                "model_p": round(float(np.max(row)), 3),
            }
        )
    return pd.DataFrame(rows, columns=["id", "root_cause", "confidence", "source", "model_top", "model_p"])


def cross_validate_groups(data: Labelled, group: str, threshold: float = THRESHOLD, policy: str = "rules", **params) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Leave one value of ``group`` out at a time: train on the rest, predict the held-out runs.

    Returns ``(scores, predictions)``: one row per held-out group (``group``, ``n``,
    ``accuracy``, ``macro_f1``, ``kappa``, ``unknown``) and every run's held-out prediction
    with its ``label`` and group.
    """
    if group not in data.meta.columns:
        raise KeyError(f"no column {group!r} in the labelled runs")
    values = data.meta[group].astype(str).to_numpy()
    scores, predictions = [], []
    for held in sorted(set(values)):
        test = values == held
        train = ~test
        if len(set(data.labels[train])) < 2 or not test.any():
            continue
        pipeline = fit([r for r, t in zip(data.runs, train, strict=True) if t], data.labels[train], **params)
        pred = predict(pipeline, [r for r, t in zip(data.runs, test, strict=True) if t], threshold=threshold, policy=policy)
        pred["label"] = data.labels[test]
        pred[group] = held
        result = agreement(pred, truth="label", depth=2)
        scores.append(
            {
                group: held,
                "n": result.n,
                "accuracy": round(result.accuracy, 3),
                "macro_f1": round(result.macro_f1, 3),
                "kappa": round(result.kappa, 3),
                "unknown": result.abstained,
            }
        )
        predictions.append(pred)
    return pd.DataFrame(scores), (pd.concat(predictions, ignore_index=True) if predictions else pd.DataFrame())


def calibration(confidences: Sequence[float], correct: Sequence[bool], bins: int = 10) -> tuple[pd.DataFrame, float, float]:
    """Reliability table (per confidence bin: n, mean confidence, accuracy), ECE and Brier score
    of the top-class confidence against whether the answer was right."""
    conf = np.asarray(confidences, dtype=float)
    hit = np.asarray(correct, dtype=float)
    edges = np.linspace(0.0, 1.0, bins + 1)
    index = np.clip(np.digitize(conf, edges[1:-1]), 0, bins - 1)
    rows, ece = [], 0.0
    for b in range(bins):
        mask = index == b
        if not mask.any():
            continue
        mean_conf, acc = float(conf[mask].mean()), float(hit[mask].mean())
        ece += mask.mean() * abs(mean_conf - acc)
        rows.append({"bin": f"{edges[b]:.1f}-{edges[b + 1]:.1f}", "n": int(mask.sum()), "confidence": round(mean_conf, 3), "accuracy": round(acc, 3)})
    brier = float(np.mean((conf - hit) ** 2)) if len(conf) else 0.0
    return pd.DataFrame(rows, columns=["bin", "n", "confidence", "accuracy"]), round(float(ece), 4), round(brier, 4)
