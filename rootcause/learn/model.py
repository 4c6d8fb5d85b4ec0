"""The learned root-cause classifier, abstention, and how its answer is combined with the rules."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Sequence

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from rootcause.model import Confidence, Finding
from rootcause.taxonomy import UNKNOWN

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline

    from rootcause.taxonomy import Taxonomy

CALIBRATIONS = ("sigmoid", "isotonic", None)
#: How rule findings and the model combine (see :func:`combine`).
POLICIES = ("rules", "soft", "high")
#: Under ``policy="soft"``, the model overrules a run whose strongest rule finding is only a
#: HEURISTIC when its own top class (of another family) has at least this probability.
SOFT_OVERRIDE = 0.6


class RootCauseClassifier(ClassifierMixin, BaseEstimator):
    """Calibrated logistic regression over a numeric feature matrix; classes are taxonomy ids.

    The base model is a multinomial ``LogisticRegression`` (lbfgs: it takes dense and sparse
    input and, unlike liblinear, more than two classes). When every class has at least ``cv``
    samples it is wrapped in ``CalibratedClassifierCV`` so ``predict_proba`` can be thresholded
    for abstention; otherwise the model is fit uncalibrated and ``calibrated_`` is False.

    ``class_weight`` is applied as per-sample weights to both the base model and the calibrator,
    so calibration does not undo it: with ``"balanced"`` the probabilities are those of a
    class-balanced prior, which keeps rare root causes from being swamped by common ones.

    Parameters
    ----------
    C : float, default=1.0
        Inverse regularization strength.
    calibration : {"sigmoid", "isotonic"} or None, default="sigmoid"
        Calibration method; None fits the base model alone.
    cv : int, default=3
        Folds for calibration.
    class_weight : "balanced", dict or None, default="balanced"
    max_iter : int, default=2000
    random_state : int or None, default=0

    Attributes
    ----------
    classes_ : ndarray of shape (n_classes,)
    n_features_in_ : int
    calibrated_ : bool
    estimator_ : the fitted CalibratedClassifierCV or LogisticRegression
    n_iter_ : int, the most lbfgs iterations any fitted base model took
    """

    def __init__(
        self,
        C: float = 1.0,
        calibration: str | None = "sigmoid",
        cv: int = 3,
        class_weight: str | dict | None = "balanced",
        max_iter: int = 2000,
        random_state: int | None = 0,
    ) -> None:
        self.C = C
        self.calibration = calibration
        self.cv = cv
        self.class_weight = class_weight
        self.max_iter = max_iter
        self.random_state = random_state

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.sparse = True
        return tags

    def fit(self, X, y) -> "RootCauseClassifier":
        if self.calibration not in CALIBRATIONS:
            raise ValueError(f"calibration must be one of {CALIBRATIONS}, got {self.calibration!r}")
        if not isinstance(self.cv, (int, np.integer)) or self.cv < 2:
            raise ValueError(f"cv must be an integer >= 2, got {self.cv!r}")
        X, y = validate_data(self, X, y, accept_sparse=("csr", "csc"), dtype=(np.float64, np.float32))
        check_classification_targets(y)
        self.classes_, counts = np.unique(y, return_counts=True)
        if len(self.classes_) < 2:
            raise ValueError(f"RootCauseClassifier needs samples of at least 2 classes in the data, got 1 class ({self.classes_[0]!r})")
        weights = compute_sample_weight(self.class_weight, y) if self.class_weight is not None else None
        base = LogisticRegression(C=self.C, solver="lbfgs", max_iter=self.max_iter, random_state=self.random_state)
        self.calibrated_ = self.calibration is not None and bool(counts.min() >= self.cv)
        if self.calibrated_:
            self.estimator_ = CalibratedClassifierCV(base, method=self.calibration, cv=int(self.cv))
            self.estimator_.fit(X, y, sample_weight=weights)
            bases = [c.estimator for c in self.estimator_.calibrated_classifiers_]
        else:
            self.estimator_ = base.fit(X, y, sample_weight=weights)
            bases = [self.estimator_]
        self.n_iter_ = int(max(np.max(b.n_iter_) for b in bases))
        return self

    def predict_proba(self, X) -> np.ndarray:
        """Class probabilities, columns in the order of ``classes_``."""
        check_is_fitted(self, "estimator_")
        X = validate_data(self, X, accept_sparse=("csr", "csc"), dtype=(np.float64, np.float32), reset=False)
        # The wrapped model orders its columns by np.unique(y), as classes_ does.
        return self.estimator_.predict_proba(X)

    def predict(self, X) -> np.ndarray:
        check_is_fitted(self, "estimator_")
        return self.classes_[np.argmax(self.predict_proba(X), axis=1)]


def predict_with_abstention(proba: np.ndarray, classes: Sequence[str], threshold: float) -> tuple[np.ndarray, np.ndarray]:
    """The top class per row and its probability; ``"unknown"`` where that probability is below ``threshold``."""
    proba = np.asarray(proba, dtype=float)
    if proba.ndim != 2 or proba.shape[1] != len(classes):
        raise ValueError(f"proba must have shape (n_runs, {len(classes)}), got {proba.shape}")
    best = np.argmax(proba, axis=1)
    confidences = proba[np.arange(len(proba)), best]
    labels = np.asarray(classes, dtype=object)[best]
    labels[confidences < threshold] = UNKNOWN
    return labels, confidences


def _family(root_cause: str, taxonomy: "Taxonomy") -> str:
    return taxonomy[root_cause].family if root_cause in taxonomy else ".".join(root_cause.split(".")[:2])


def combine(
    findings: Sequence[Finding],
    proba_row: np.ndarray | None,
    classes: Sequence[str],
    threshold: float,
    taxonomy: "Taxonomy | None" = None,
    policy: str = "rules",
) -> tuple[str, float, str]:
    """One answer for a run from its rule findings and the model's probabilities.

    ``policy="rules"`` (the default): any rule finding decides as the rules alone would
    (:func:`rootcause.classify.decide`); the model answers only runs no rule explains, and
    ``unknown`` below ``threshold``. Measured reason: a model trained on the mutation corpus
    (Python stacks only) transfers poorly to the study's real runs (Node stacks, other logs):
    letting it override non-HIGH rules cut agreement with the person on the 25 judge-validation
    runs from 0.76 to 0.44, while filling only the runs rules leave silent keeps 0.76 and lifts
    leave-one-stack-out macro-F1 on the corpus from 0.74 (rules) to 0.80.

    ``policy="soft"``: as ``"rules"``, except that when the strongest finding is only a HEURISTIC
    (a status pattern, a harness line) and the model's top class, of another family, has at least
    :data:`SOFT_OVERRIDE` probability, the model decides. INFERENCE and HIGH findings always decide.

    ``policy="high"``, in order:

    1. If some findings are HIGH confidence and all of those agree on one family (the first two
       dotted parts of the id), the rules decide: the winner is picked as :func:`rootcause.classify.decide`
       picks it, among the HIGH findings (source ``"rule"``). A HIGH rule names the defect itself;
       the model, trained on far fewer runs than the rules encode, should not override it.
    2. Otherwise (no HIGH finding, or HIGH findings that disagree) the model's top class decides,
       with its probability as the confidence (source ``"model"``) ...
    3. ... unless that probability is below ``threshold``: then ``"unknown"`` (source ``"model"``).

    With ``proba_row`` None (no model) and no deciding rule, the answer is ``("unknown", 0.0, "default")``.
    Returns ``(root_cause, confidence, source)``.
    """
    from rootcause.classify import decide
    from rootcause.taxonomy import load_taxonomy

    taxonomy = taxonomy or load_taxonomy()
    if policy not in POLICIES:
        raise ValueError(f"unknown policy {policy!r}; choose from {', '.join(POLICIES)}")
    if policy == "rules" and findings:
        best, confidence = decide(findings, taxonomy)
        return best.root_cause, confidence, "rule"
    if policy == "soft" and findings:
        best, confidence = decide(findings, taxonomy)
        if best.confidence is not Confidence.HEURISTIC or proba_row is None:
            return best.root_cause, confidence, "rule"
        row = np.asarray(proba_row, dtype=float).ravel()
        top = int(np.argmax(row))
        if row[top] >= SOFT_OVERRIDE and _family(str(classes[top]), taxonomy) != _family(best.root_cause, taxonomy):
            return str(classes[top]), round(float(row[top]), 3), "model"
        return best.root_cause, confidence, "rule"
    high = [f for f in findings if f.confidence is Confidence.HIGH]
    if high and len({_family(f.root_cause, taxonomy) for f in high}) == 1:
        best, confidence = decide(high, taxonomy)
        return best.root_cause, confidence, "rule"
    if proba_row is None:
        return UNKNOWN, 0.0, "default"
    labels, confidences = predict_with_abstention(np.asarray(proba_row, dtype=float).reshape(1, -1), classes, threshold)
    return str(labels[0]), round(float(confidences[0]), 3), "model"


def build_pipeline(**params: Any) -> "Pipeline":
    """The features-then-classifier pipeline; ``params`` are nested (``model__C=0.5``, ``features__min_df=1``)."""
    from sklearn.pipeline import Pipeline

    from rootcause.learn.features import RunFeatures

    pipeline = Pipeline([("features", RunFeatures()), ("model", RootCauseClassifier())])
    return pipeline.set_params(**params) if params else pipeline
