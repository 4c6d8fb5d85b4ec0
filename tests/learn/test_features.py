"""Features of real runs: masking, exception and library facts, rule votes, request patterns."""

from __future__ import annotations

import re

import numpy as np
import scipy.sparse as sp

from rootcause.learn import RunFeatures, mask, masked_text, observe, symbolic_features
from rootcause.records import RunRecord


def test_mask_removes_numbers_paths_ids_and_quoted_names():
    text = mask("no such column: 'users.email' in /app/repo/models.py line 42 id=5d3f2a1b-0000-4000-8000-000000000000 at 0x7f3a2b1c")
    assert text == "no such column: <q> in <path> line <num> id=<uuid> at <hex>"


def test_masked_text_of_a_real_traceback_has_no_numbers_or_paths(sample_runs):
    text = masked_text(observe(sample_runs["python/flask_no_such_table"]))
    assert "OperationalError" in text
    assert not re.search(r"\d", text.replace("sqlite3", ""))
    assert not re.search(r"/\w+/", text)


def test_exception_library_and_rule_votes(sample_runs):
    features = symbolic_features(observe(sample_runs["python/flask_sqlalchemy_detached"]))
    assert features["exc_inner=DetachedInstanceError"] == 1.0
    assert features["lib=sqlalchemy"] == 1.0
    assert "raise_in_project" not in features
    assert features["vote=RC301"] > 0
    assert any(k.startswith("vote_rc=data.") for k in features)
    assert features["framework=flask"] == 1.0


def test_raise_in_project_for_an_error_in_generated_code(sample_runs):
    features = symbolic_features(observe(sample_runs["python/attribute_error_project"]))
    assert features["raise_in_project"] == 1.0
    assert features["exc_inner=AttributeError"] == 1.0


def test_failing_request_pattern(corpus_split):
    train, _ = corpus_split
    record = next(r for r in train if r.requests and any(not q.ok and q.status == 404 for q in r.requests))
    features = symbolic_features(observe(record))
    failing = [q for q in record.requests if not q.ok]
    assert features["n_failing"] == len(failing)
    assert features["status=404"] >= 1
    assert any(re.fullmatch(r"req=[a-z_]+:4xx", k) for k in features)
    assert any(k.startswith("first_fail=") for k in features)
    assert "label" not in " ".join(features)  # the corpus label never leaks into features
    assert {"constraint=sqlalchemy", "constraint=clean_architecture"} <= set(features)


def test_unreadable_record_gives_empty_facts():
    observed = observe(RunRecord(id="bad", error="invalid JSON at line 3"))
    assert observed.findings == () and not observed.facts.exceptions
    assert "invalid JSON" in observed.rule_errors[0]
    assert symbolic_features(observed)["no_exception"] == 1.0


def test_run_features_matrix_and_names(sample_runs):
    runs = list(sample_runs.values())
    features = RunFeatures(min_df=1)
    X = features.fit_transform(runs)
    names = features.get_feature_names_out()
    assert sp.issparse(X) and X.shape == (len(runs), len(names))
    assert "lib=sqlalchemy" in set(names) and any(n.startswith("text:") for n in names)
    # transform of the same runs (records or observed) gives the same matrix
    again = features.transform([observe(r) for r in runs])
    np.testing.assert_allclose(again.toarray(), X.toarray())
