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
    from rootcause.records import RunRecord

    syntax = RunRecord(id="s", metadata={}, server_log="  File \"app.py\", line 3\n    def f(\n         ^\nSyntaxError: '(' was never closed\n")
    missing = RunRecord(
        id="m",
        metadata={},
        server_log="Traceback (most recent call last):\n  File \"app.py\", line 1, in <module>\n    import flask_cors\nModuleNotFoundError: No module named 'flask_cors'\n",
    )
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
    true_labels = [label for label in result.confusion.index if result.confusion.loc[label].sum() > 0]
    assert [t.get_text().rsplit(" (n=", 1)[0] for t in ax.get_yticklabels()] == sorted(true_labels, key=lambda v: (v in ("unknown", "none"), v))
    fig.savefig(tmp_path / "confusion.png")
    assert (tmp_path / "confusion.png").stat().st_size > 1000
    plt.close(fig)


def test_kappa_is_undefined_with_one_true_class():
    import math

    table = pd.DataFrame({"label": ["logic_error"] * 4, "category": ["logic_error", "logic_error", "other", "logic_error"]})
    result = agreement(table, predicted="category", depth=None)
    assert result.accuracy == 0.75
    assert math.isnan(result.kappa)


def test_a_missing_subcategory_is_none_as_in_the_cli():
    table = pd.DataFrame(
        {
            "human": ["none", "auth_misconfiguration"],
            "subcategory": [None, "auth_misconfiguration"],
            "root_cause": [None, "auth.config"],
            "label": ["unknown", "auth.config"],
        }
    )
    assert agreement(table, truth="human", predicted="subcategory", depth=None).accuracy == 1.0
    by_root = agreement(table, truth="label")
    assert by_root.accuracy == 1.0 and by_root.abstained == 1  # a missing root cause is an abstention


# -- like with like: the truth column's vocabulary decides what it is compared with (issue 13) -------

import json  # noqa: E402

SUBCATEGORY_RUNS = [
    {"id": "s1", "log": "sqlite3.OperationalError: no such table: users\n", "human_subcategory": "database_runtime_error"},
    {
        "id": "s2",
        "log": "sqlalchemy.exc.OperationalError: (sqlite3.OperationalError) no such column: users.bio\n",
        "human_subcategory": "database_runtime_error",
    },
    {"id": "s3", "log": "ModuleNotFoundError: No module named 'flask'\n", "human_subcategory": "none"},
]


def _subcategory_runs(tmp_path):
    path = tmp_path / "runs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in SUBCATEGORY_RUNS), encoding="utf-8")
    return path


def test_label_vocabulary_tells_ids_categories_and_subcategories_apart():
    from rootcause.evaluate import label_vocabulary

    assert label_vocabulary(["data.schema.missing_table", "startup", "unknown", None]) == "root_cause"
    assert label_vocabulary(["logic_error", "none"]) == "category"
    assert label_vocabulary(["database_runtime_error", "none", float("nan")]) == "subcategory"
    assert label_vocabulary(["database_runtime_error", "data.schema"]) is None
    assert label_vocabulary(["none", None]) is None


def test_agreement_refuses_two_vocabularies_naming_the_view():
    table = pd.DataFrame({"root_cause": ["data.schema.missing_table"], "subcategory": ["database_runtime_error"], "truth": ["database_runtime_error"]})
    with pytest.raises(ValueError, match="--view subcategory"):
        agreement(table, truth="truth", predicted="root_cause")
    assert agreement(table, truth="truth", predicted="subcategory", depth=None).accuracy == 1.0


def test_cli_compares_subcategory_truth_with_the_subcategory_column(tmp_path, capsys):
    runs = _subcategory_runs(tmp_path)
    assert main(["evaluate", str(runs), "--truth", "human_subcategory", "--model", "none", "--quiet", "--format", "json"]) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)[0]["accuracy"] == 1.0  # was 0.000: subcategories against root-cause ids
    assert "--view subcategory" in captured.err
    assert main(["evaluate", str(runs), "--truth", "human_subcategory", "--view", "root_cause", "--model", "none", "--quiet"]) == 2
    assert "--view subcategory" in capsys.readouterr().err


def test_rule_analysis_speaks_the_truths_vocabulary(tmp_path, capsys):
    runs = _subcategory_runs(tmp_path)
    assert main(["evaluate", str(runs), "--truth", "human_subcategory", "--view", "subcategory", "--rules", "--model", "none", "--quiet"]) == 0
    out = capsys.readouterr().out
    assert "majority vote of the rules: 3 runs: accuracy 1.000" in out


def test_confusion_matrix_has_a_row_per_true_label_and_shows_counts():
    import matplotlib

    matplotlib.use("Agg")
    from rootcause.evaluate import plot_confusion

    table = pd.DataFrame({"truth": ["a.x", "a.x", "b.y"], "root_cause": ["a.x", "c.z", "b.y"]})
    ax = plot_confusion(agreement(table, truth="truth", depth=None))
    assert [t.get_text() for t in ax.get_yticklabels()] == ["a.x (n=2)", "b.y (n=1)"]  # no empty row for c.z
    assert sorted(t.get_text() for t in ax.texts) == ["1", "1", "1"]


def test_figures_confusion_compares_subcategory_truth_with_subcategories(tmp_path):
    runs = _subcategory_runs(tmp_path)
    classified = tmp_path / "classified.csv"
    assert main(["classify", str(runs), "--model", "none", "--quiet", "--format", "csv", "-o", str(classified)]) == 0
    out = tmp_path / "figs"
    assert main(["figures", str(classified), "-o", str(out), "--truth", "human_subcategory", "--formats", "png", "--bootstrap", "20"]) == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert any(f["name"] == "confusion" and "subcategory against human_subcategory" in f["description"] for f in manifest["figures"]), manifest
    confusion = pd.read_csv(out / "confusion.csv").set_index("human_subcategory")
    assert confusion.loc["database_runtime_error", "database_runtime_error"] == 2


def test_agreement_intervals_bracket_the_scores(tmp_path, capsys):
    table = pd.DataFrame({"label": ["a.x"] * 6 + ["b.y"] * 6, "root_cause": ["a.x"] * 5 + ["b.y"] + ["b.y"] * 4 + ["a.x"] * 2})
    result = agreement(table, depth=None, n_boot=300)
    for name in ("accuracy", "macro_f1", "kappa"):
        low, high = result.intervals[name]
        assert -1.0 <= low <= getattr(result, name) <= high <= 1.0 and low < high
    assert "accuracy 0.750 [" in result.summary()
    assert agreement(table, depth=None).intervals == {}  # none unless asked for
    runs = _subcategory_runs(tmp_path)
    assert main(["evaluate", str(runs), "--truth", "human_subcategory", "--model", "none", "--quiet", "--format", "json", "--bootstrap", "50"]) == 0
    scored = json.loads(capsys.readouterr().out)[0]
    assert set(scored["intervals"]) == {"accuracy", "macro_f1", "kappa"} and "unweighted" in scored["macro_average"]
