"""The study's judge-validation records (real failed runs) classify into the paper's labels.

Skipped when ../shared/datasets/constraint-decay/judge_validation_dev.json is not next to the repository.
No accuracy is asserted here: only that every record comes out, in order, with valid labels.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from rootcause import classify
from rootcause.taxonomy import load_taxonomy

REPO = Path(__file__).resolve().parents[1]
DATASET = REPO.parent / "shared" / "datasets" / "constraint-decay" / "judge_validation_dev.json"

#: The paper's coarse categories and logic_error subcategories (dataset README).
PAPER_CATEGORIES = {
    "server_startup_failure",
    "incomplete_implementation",
    "logic_error",
    "schema_format_error",
    "constraint_violation",
    "stuck_in_loop",
    "premature_termination",
    "other",
}
LOGIC_SUBCATEGORIES = {
    "incorrect_query_logic",
    "database_runtime_error",
    "framework_idiosyncrasy",
    "auth_misconfiguration",
    "business_logic_defect",
    "state_propagation_failure",
}

pytestmark = pytest.mark.skipif(not DATASET.is_file(), reason=f"{DATASET} not available")


@pytest.fixture(scope="module")
def records() -> list[dict]:
    return json.loads(DATASET.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return classify(DATASET)


def test_paper_labels_are_the_taxonomy_labels():
    taxonomy = load_taxonomy()
    assert set(taxonomy.categories) == PAPER_CATEGORIES
    assert set(taxonomy.categories["logic_error"].subcategories) == LOGIC_SUBCATEGORIES


def test_25_rows_in_input_order(frame, records):
    assert len(records) == 25
    assert len(frame) == 25
    assert frame["id"].tolist() == [r["id"] for r in records]


def test_no_record_fails_to_read(frame):
    assert frame["error"].isna().all()


def test_human_subcategory_is_echoed(frame, records):
    assert "human_subcategory" in frame.columns
    assert frame["human_subcategory"].tolist() == [r["human_subcategory"] for r in records]
    for name in ("judge_subcategory", "task_description", "run_id"):
        assert frame[name].tolist() == [r[name] for r in records]


def test_metadata_columns_are_filled(frame, records):
    assert frame["agent"].tolist() == [r["agent"] for r in records]
    assert frame["model"].tolist() == [r["model"] for r in records]
    assert frame["runtime"].tolist() == [r["runtime"] for r in records]
    assert frame["task"].tolist() == [r["task"] for r in records]
    assert frame["framework"].tolist() == [r["task"].split("-", 1)[0] for r in records]


def test_every_row_has_a_paper_category(frame):
    assert set(frame["category"]) <= PAPER_CATEGORIES
    assert frame["category"].notna().all()


def test_subcategory_only_for_logic_errors(frame):
    for _, row in frame.iterrows():
        if row["category"] == "logic_error":
            assert pd.isna(row["subcategory"]) or row["subcategory"] in LOGIC_SUBCATEGORIES
        else:
            assert pd.isna(row["subcategory"]), (row["id"], row["category"], row["subcategory"])


def test_root_causes_map_to_their_labels(frame):
    taxonomy = load_taxonomy()
    for _, row in frame.iterrows():
        category, subcategory = taxonomy.paper_labels(row["root_cause"])
        assert row["category"] == category
        assert (pd.isna(row["subcategory"]) and subcategory is None) or row["subcategory"] == subcategory


def test_confidence_and_source(frame):
    assert frame["confidence"].between(0.0, 1.0).all()
    assert set(frame["source"]) <= {"rule", "model", "default"}
    assert (frame.loc[frame["source"] == "default", "root_cause"] == "unknown").all()
    ruled = frame[frame["source"] == "rule"]
    assert ruled["rule"].str.match(r"^RC\d+$").all()


def test_cli_on_the_dataset(tmp_path):
    out = tmp_path / "judge.csv"
    proc = subprocess.run(
        [sys.executable, "-m", "rootcause.cli", "classify", str(DATASET), "--format", "csv", "-o", str(out)], capture_output=True, text=True, timeout=600
    )
    assert proc.returncode == 0, proc.stderr
    table = pd.read_csv(out)
    assert len(table) == 25
    assert "human_subcategory" in table.columns
    assert set(table["category"]) <= PAPER_CATEGORIES
