"""Features and the scikit-learn estimator that learns root causes from labelled runs.

Imports scikit-learn, so ``import rootcause`` does not import this package.
"""

from rootcause.learn.classifier import RootCauseClassifier, build_pipeline, combine, predict_with_abstention
from rootcause.learn.features import Observed, RunFeatures, mask, masked_text, observe, symbolic_features
from rootcause.learn.persist import ModelError, load, save

__all__ = [
    "ModelError",
    "Observed",
    "RootCauseClassifier",
    "RunFeatures",
    "build_pipeline",
    "combine",
    "load",
    "mask",
    "masked_text",
    "observe",
    "predict_with_abstention",
    "save",
    "symbolic_features",
]
