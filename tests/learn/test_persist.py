"""Saving and loading with skops: identical predictions; untrusted or broken files refused."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.pipeline import Pipeline

from rootcause.errors import RootcauseError
from rootcause.learn import ModelError, RootCauseClassifier, load, save


class Sneaky(TransformerMixin, BaseEstimator):
    """A type outside the allow-list."""

    def fit(self, X, y=None):
        return self

    def transform(self, X):
        return X


def test_round_trip_gives_identical_probabilities(fitted, tmp_path):
    pipeline, _, test = fitted
    path = tmp_path / "model.skops"
    save(pipeline, path)
    loaded = load(path)
    np.testing.assert_array_equal(loaded.predict_proba(test), pipeline.predict_proba(test))
    np.testing.assert_array_equal(loaded.named_steps["model"].classes_, pipeline.named_steps["model"].classes_)


def test_refuses_untrusted_types(tmp_path):
    X, y = np.array([[0.0], [0.1], [1.0], [1.1]]), ["a", "a", "b", "b"]
    path = tmp_path / "sneaky.skops"
    save(Pipeline([("sneaky", Sneaky()), ("model", RootCauseClassifier())]).fit(X, y), path)
    with pytest.raises(ModelError, match="Sneaky") as info:
        load(path)
    assert str(path) in str(info.value)
    assert isinstance(info.value, RootcauseError)
    # the caller can vouch for a type explicitly
    trusted = load(path, trusted=[f"{Sneaky.__module__}.Sneaky"])
    assert list(trusted.predict(X)) == y


def test_corrupt_and_missing_files(tmp_path):
    corrupt = tmp_path / "corrupt.skops"
    corrupt.write_bytes(b"PK\x03\x04 this is not a model")
    with pytest.raises(ModelError, match="corrupt.skops"):
        load(corrupt)
    with pytest.raises(ModelError, match="missing.skops"):
        load(tmp_path / "missing.skops")
