"""End to end on the real fixture logs: each log's diagnosis falls in the family its seeded defect belongs to."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

import rootcause

FIXTURES = Path(__file__).parent / "fixtures"


def cases():
    for folder in ("python", "node"):
        manifest = yaml.safe_load((FIXTURES / folder / "MANIFEST.yaml").read_text(encoding="utf-8"))
        for entry in manifest["files"]:
            yield pytest.param(folder, entry["file"], entry["expected_root_cause"], id=f"{folder}/{entry['file']}")


@pytest.mark.parametrize(("folder", "name", "expected"), list(cases()))
def test_diagnosis_matches_the_seeded_defect(folder, name, expected):
    frame = rootcause.classify(FIXTURES / folder / name, input_format="log")
    row = frame.iloc[0]
    if expected == "none":
        assert row.root_cause == "unknown" and row.source == "default"
        return
    assert row.root_cause == expected or row.root_cause.startswith(expected + "."), (row.root_cause, row.rule)
    assert row.evidence, "a diagnosis must carry its evidence"
    assert 0.5 <= row.confidence <= 1.0


def test_sample_runs_shipped_in_data_are_diagnosed_as_seeded():
    samples = Path(__file__).parents[1] / "data" / "samples" / "runs.jsonl"
    frame = rootcause.classify(samples)
    seeded = frame[frame.seeded_defect != "none"]
    agree = [rc == s or rc.startswith(s + ".") for rc, s in zip(seeded.root_cause, seeded.seeded_defect, strict=True)]
    assert all(agree), seeded.loc[[not a for a in agree], ["id", "root_cause", "seeded_defect"]].to_string()
    clean = frame[frame.seeded_defect == "none"]
    assert (clean.root_cause == "unknown").all()
