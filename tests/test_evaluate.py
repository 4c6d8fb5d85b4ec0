"""Scoring predicted root causes against labels."""

from __future__ import annotations

import pandas as pd
import pytest

from rootcause.cli import main
from rootcause.evaluate import agreement, at_depth


def _table():
    return pd.DataFrame(
        {
            "label": ["data.query.filter", "data.query.pagination", "data.orm.field_error", "auth.config.token_scheme", None],
            "root_cause": ["data.query.filter", "data.query", "data.query.filter", "unknown", "data.orm"],
        }
    )


def test_family_depth_counts_child_and_parent_as_the_same_root_cause():
    result = agreement(_table(), depth=2)
    assert result.n == 4  # the row without a label is left out
    assert result.accuracy == pytest.approx(0.5)
    assert result.abstained == 1
    row = result.per_label.set_index("label").loc["data.query"]
    assert (row["n"], row["correct"], row["recall"], row["precision"]) == (2, 2, 1.0, pytest.approx(0.667, abs=1e-3))
    orm = result.per_label.set_index("label").loc["data.orm"]
    assert orm["recall"] == 0.0 and orm["top_confusion"] == "data.query"


def test_exact_depth_needs_the_whole_id():
    result = agreement(_table(), depth=None)
    assert result.accuracy == pytest.approx(0.25)
    assert result.confusion.loc["data.query.pagination", "data.query"] == 1


def test_at_depth_handles_missing_values():
    assert at_depth(None, 2) == "unknown"
    assert at_depth(float("nan"), 2) == "unknown"
    assert at_depth("a.b.c", 1) == "a"


def test_cli_scores_a_labelled_jsonl(tmp_path, capsys):
    path = tmp_path / "runs.jsonl"
    path.write_text(
        '{"id": "a", "label": "startup.syntax", "log": "  File \\"app.py\\", line 3\\n    def f(\\n         ^\\nSyntaxError: \'(\' was never closed"}\n'
        '{"id": "b", "label": "startup.dependency", "log": "Traceback (most recent call last):\\n  File \\"app.py\\", line 1, in <module>\\n    import flask_cors\\nModuleNotFoundError: No module named \'flask_cors\'"}\n'
    )
    assert main(["evaluate", str(path), "--quiet", "--format", "json"]) == 0
    import json

    report = json.loads(capsys.readouterr().out)
    assert report[0]["n"] == 2 and report[0]["accuracy"] == 1.0


def test_cli_refuses_runs_without_labels(tmp_path, capsys):
    path = tmp_path / "runs.jsonl"
    path.write_text('{"id": "a", "log": "boom"}\n')
    assert main(["evaluate", str(path), "--quiet"]) == 2
    assert "'label'" in capsys.readouterr().err
