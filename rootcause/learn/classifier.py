"""The learned root-cause classifier (a calibrated logistic regression) and its pipeline; how its
answer combines with the rules lives in :mod:`rootcause.decide` (re-exported here)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.calibration import CalibratedClassifierCV
from sklearn.linear_model import LogisticRegression
from sklearn.utils.class_weight import compute_sample_weight
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from rootcause.decide import POLICIES, SOFT_OVERRIDE, combine, predict_with_abstention  # noqa: F401 - re-exported

if TYPE_CHECKING:
    from sklearn.pipeline import Pipeline


CALIBRATIONS = ("sigmoid", "isotonic", None)


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


def build_pipeline(**params: Any) -> "Pipeline":
    """The features-then-classifier pipeline; ``params`` are nested (``model__C=0.5``, ``features__min_df=1``)."""
    from sklearn.pipeline import Pipeline

    from rootcause.learn.features import RunFeatures

    pipeline = Pipeline([("features", RunFeatures()), ("model", RootCauseClassifier())])
    return pipeline.set_params(**params) if params else pipeline
