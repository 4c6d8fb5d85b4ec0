"""The pipeline on labelled runs, abstention, and how rules and model combine."""

from __future__ import annotations

import numpy as np
import pytest

from rootcause.learn import RootCauseClassifier, combine, predict_with_abstention
from rootcause.records import Confidence, Finding
from rootcause.taxonomy import load_taxonomy


def test_pipeline_predicts_known_classes(fitted):
    pipeline, train, test = fitted
    model = pipeline.named_steps["model"]
    assert model.calibrated_  # 4 runs per class >= cv=3
    taxonomy = load_taxonomy()
    assert all(c in taxonomy for c in model.classes_)
    predicted = pipeline.predict(test)
    assert set(predicted) <= set(model.classes_)
    truth = np.array([".".join(o.record.metadata["label"].split(".")[:2]) for o in test])
    # 15 classes (chance ~0.07); the learned features should get well above that
    assert (predicted == truth).mean() > 0.3
    proba = pipeline.predict_proba(test)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)


def test_falls_back_to_uncalibrated_with_few_samples():
    X = np.array([[0.0], [0.1], [1.0], [1.1], [1.2]])
    model = RootCauseClassifier(cv=3).fit(X, ["a", "a", "b", "b", "b"])
    assert not model.calibrated_
    assert list(model.predict([[0.0], [1.2]])) == ["a", "b"]


def test_abstains_below_threshold():
    proba = np.array([[0.9, 0.1], [0.55, 0.45]])
    labels, confidences = predict_with_abstention(proba, ["data.orm", "auth.config"], threshold=0.6)
    assert list(labels) == ["data.orm", "unknown"]
    np.testing.assert_allclose(confidences, [0.9, 0.55])


def _finding(code: str, root_cause: str, confidence: Confidence) -> Finding:
    return Finding(rule=code, root_cause=root_cause, confidence=confidence, message="")


CLASSES = ["auth.config", "data.orm"]


def test_agreeing_high_rules_decide():
    findings = [_finding("RC301", "data.orm.detached_instance", Confidence.HIGH), _finding("RC310", "data.orm", Confidence.HIGH)]
    root_cause, confidence, source = combine(findings, np.array([0.9, 0.1]), CLASSES, 0.5)
    assert (root_cause, source) == ("data.orm.detached_instance", "rule")
    assert confidence >= Confidence.HIGH.value


@pytest.mark.parametrize(
    "findings",
    [
        [],
        [_finding("RC803", "logic.business.status_code", Confidence.HEURISTIC)],
        [_finding("RC301", "data.orm.detached_instance", Confidence.HIGH), _finding("RC601", "auth.config.token_issue", Confidence.HIGH)],
    ],
    ids=["no-findings", "no-high-finding", "high-findings-disagree"],
)
def test_high_policy_lets_the_model_decide_otherwise(findings):
    assert combine(findings, np.array([0.8, 0.2]), CLASSES, 0.5, policy="high") == ("auth.config", 0.8, "model")
    assert combine(findings, np.array([0.45, 0.55]), CLASSES, 0.6, policy="high") == ("unknown", 0.55, "model")


def test_rules_policy_keeps_any_rule_and_fills_silence_with_the_model():
    heuristic = [_finding("RC803", "logic.business.status_code", Confidence.HEURISTIC)]
    assert combine(heuristic, np.array([0.8, 0.2]), CLASSES, 0.5)[::2] == ("logic.business.status_code", "rule")
    assert combine([], np.array([0.8, 0.2]), CLASSES, 0.5) == ("auth.config", 0.8, "model")
    assert combine([], np.array([0.45, 0.55]), CLASSES, 0.6) == ("unknown", 0.55, "model")
    with pytest.raises(ValueError, match="policy"):
        combine([], np.array([0.8, 0.2]), CLASSES, 0.5, policy="vote")


def test_soft_policy_lets_a_confident_model_overrule_only_a_heuristic():
    heuristic = [_finding("RC803", "logic.business.status_code", Confidence.HEURISTIC)]
    inference = [_finding("RC204", "data.orm.api_misuse", Confidence.INFERENCE)]
    assert combine(heuristic, np.array([0.8, 0.2]), CLASSES, 0.5, policy="soft") == ("auth.config", 0.8, "model")
    assert combine(heuristic, np.array([0.55, 0.45]), CLASSES, 0.5, policy="soft")[::2] == ("logic.business.status_code", "rule")
    assert combine(inference, np.array([0.9, 0.1]), CLASSES, 0.5, policy="soft")[::2] == ("data.orm.api_misuse", "rule")
    assert combine([], np.array([0.8, 0.2]), CLASSES, 0.5, policy="soft") == ("auth.config", 0.8, "model")


def test_a_run_that_shows_a_failure_gets_the_best_guess_not_unknown(corpus_split):
    """Below the threshold the model abstains only when there is nothing to point at; an exception,
    an error code or a failing status always gets an answer, with its (low) probability."""
    from rootcause.classify import diagnose
    from rootcause.learn.train import fit
    from rootcause.readers.records import record_from_mapping

    train, _ = corpus_split
    pipeline = fit(train, [".".join(r.metadata["label"].split(".")[:2]) for r in train])
    # An exception no rule or catalogue entry names.
    shown = record_from_mapping({"id": "odd", "log": "seed failed: KeyError: 'author_id'\n"}, fallback_id="odd", source="t")
    answer = diagnose(shown, model=pipeline, threshold=0.999)
    assert answer.root_cause != "unknown" and answer.source == "model"
    assert "below the 0.999 threshold" in answer.message and answer.confidence < 0.999
    # A passing health check and nothing else: no failure to explain, no guess.
    quiet = record_from_mapping({"id": "quiet", "log": "INFO:     Application startup complete.\n"}, fallback_id="quiet", source="t")
    assert diagnose(quiet, model=pipeline, threshold=0.999).root_cause == "unknown"
