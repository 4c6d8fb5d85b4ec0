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


def _diagnoses():
    from rootcause.classify import diagnose
    from rootcause.model import RunRecord

    syntax = RunRecord(id="s", metadata={}, server_log='  File "app.py", line 3\n    def f(\n         ^\nSyntaxError: \'(\' was never closed\n')
    missing = RunRecord(id="m", metadata={}, server_log="Traceback (most recent call last):\n  File \"app.py\", line 1, in <module>\n    import flask_cors\nModuleNotFoundError: No module named 'flask_cors'\n")
    quiet = RunRecord(id="q", metadata={}, server_log="nothing to see\n")
    return [diagnose(r) for r in (syntax, missing, quiet)]


def test_vote_matrix_rule_analysis_and_majority_vote_on_real_diagnoses():
    from rootcause.evaluate import majority_vote, rule_analysis, vote_matrix

    votes = vote_matrix(_diagnoses())
    assert list(votes.index) == ["s", "m", "q"]
    assert votes.loc["s"].dropna().eq("startup.syntax").all()
    assert votes.loc["q"].isna().all()
    truth = pd.Series({"s": "startup.syntax", "m": "startup.dependency", "q": "logic.state"})
    table = rule_analysis(votes, truth)
    assert set(table.columns) >= {"rule", "fired", "coverage", "overlaps", "conflicts", "accuracy"}
    assert (table["fired"] >= 1).all() and table["coverage"].max() <= 1.0
    baseline = majority_vote(votes)
    assert baseline["s"] == "startup.syntax" and baseline["q"] == "unknown"


def test_confusion_figure_is_drawn_on_given_axes(tmp_path):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from rootcause.evaluate import plot_confusion

    fig, ax = plt.subplots()
    result = agreement(_table(), depth=2)
    assert plot_confusion(result, ax=ax) is ax
    assert [t.get_text() for t in ax.get_yticklabels()] == sorted(set(result.confusion.index) | set(result.confusion.columns))
    fig.savefig(tmp_path / "confusion.png")
    assert (tmp_path / "confusion.png").stat().st_size > 1000
    plt.close(fig)


def test_kappa_is_undefined_with_one_true_class():
    import math

    table = pd.DataFrame({"label": ["logic_error"] * 4, "root_cause": ["logic_error", "logic_error", "other", "logic_error"]})
    result = agreement(table, depth=None)
    assert result.accuracy == 0.75
    assert math.isnan(result.kappa)


def test_a_missing_subcategory_is_none_as_in_the_cli():
    table = pd.DataFrame({"human": ["none", "auth_misconfiguration"], "subcategory": [None, "auth_misconfiguration"],
                          "root_cause": [None, "auth.config"], "label": ["unknown", "auth.config"]})
    assert agreement(table, truth="human", predicted="subcategory", depth=None).accuracy == 1.0
    by_root = agreement(table, truth="label")
    assert by_root.accuracy == 1.0 and by_root.abstained == 1  # a missing root cause is an abstention
