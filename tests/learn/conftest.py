"""Real runs for the learning tests: the sample runs and a small, balanced slice of the corpus."""

from __future__ import annotations

import collections
from pathlib import Path

import pytest

import rootcause
from rootcause.taxonomy import family_of

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "data" / "samples" / "runs.jsonl"
CORPUS = ROOT / "data" / "corpus" / "flask_sqlalchemy.jsonl.gz"


@pytest.fixture(scope="session")
def sample_runs() -> dict:
    return {r.id: r for r in rootcause.read_runs(SAMPLES)}


@pytest.fixture(scope="session")
def corpus_split():
    """(train, test) labelled runs: 4 + 2 per root-cause family with at least 6 runs (15 families)."""
    if not CORPUS.exists():
        pytest.skip(f"no labelled corpus at {CORPUS}")
    by_family = collections.defaultdict(list)
    for record in rootcause.read_runs(CORPUS):
        by_family[family_of(record.metadata["label"])].append(record)
    train, test = [], []
    for name in sorted(by_family):
        runs = by_family[name]
        if len(runs) >= 6:
            train += runs[:4]
            test += runs[-2:]
    return train, test


@pytest.fixture(scope="session")
def fitted(corpus_split):
    """A pipeline fitted on the training slice, with the runs observed once."""
    from rootcause.learn import build_pipeline, observe

    train, test = corpus_split
    train_obs, test_obs = [observe(r) for r in train], [observe(r) for r in test]
    pipeline = build_pipeline().fit(train_obs, [family_of(r.metadata["label"]) for r in train])
    return pipeline, train_obs, test_obs
