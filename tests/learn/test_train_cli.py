"""Training, classifying with a model, cross-validation by group, and the shipped default model."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest

from rootcause import classify
from rootcause.cli import main
from rootcause.learn.persist import load_model
from rootcause.learn.train import calibration, cross_validate_groups, load_labelled
from rootcause.taxonomy import family_of

CORPUS = Path(__file__).resolve().parents[2] / "data" / "corpus" / "flask_sqlalchemy.jsonl.gz"


@pytest.fixture(scope="module")
def labelled_file(tmp_path_factory):
    """A small labelled JSONL: 3 corpus runs per root-cause family and database."""
    if not CORPUS.exists():
        pytest.skip("no labelled corpus")
    picked, seen = [], {}
    with gzip.open(CORPUS, "rt", encoding="utf-8") as handle:
        for line in handle:
            record = json.loads(line)
            key = (family_of(record["label"]), record["database"])
            if seen.get(key, 0) < 3:
                seen[key] = seen.get(key, 0) + 1
                picked.append(record)
    path = tmp_path_factory.mktemp("labelled") / "runs.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in picked), encoding="utf-8")
    return path


def test_train_writes_a_model_that_classify_uses(labelled_file, tmp_path, capsys):
    model = tmp_path / "model.skops"
    assert main(["train", str(labelled_file), "-o", str(model)]) == 0
    assert "classes" in capsys.readouterr().err
    # a run no rule explains but which shows a failure: the model answers it
    silent = tmp_path / "silent.jsonl"
    silent.write_text(json.dumps({"id": "s", "newman_summary": "Create Article POST → 200: 3 failed"}) + "\n")
    with_model = classify(str(silent), model=str(model))
    rules_only = classify(str(silent), model=None)
    assert rules_only.loc[0, "root_cause"] == "unknown"
    assert with_model.loc[0, "source"] == "model"
    assert with_model.loc[0, "root_cause"] != "unknown" or "abstains" in with_model.loc[0, "message"]


def test_a_run_with_no_failure_stays_unknown_with_a_model(tmp_path):
    clean = tmp_path / "clean.jsonl"
    clean.write_text(json.dumps({"id": "c", "server_log": "INFO: started\nGET /api/tags 200\n"}) + "\n")
    table = classify(str(clean), model="default")
    assert table.loc[0, "root_cause"] == "unknown" and table.loc[0, "source"] == "default"


def test_rules_still_decide_when_they_fire_under_the_default_policy(tmp_path):
    path = tmp_path / "syntax.jsonl"
    path.write_text(
        json.dumps(
            {"id": "x", "label": "startup.syntax", "server_log": "  File \"app.py\", line 3\n    def f(\n         ^\nSyntaxError: '(' was never closed\n"}
        )
        + "\n"
    )
    table = classify(str(path), model="default")
    assert table.loc[0, "source"] == "rule" and table.loc[0, "root_cause"] == "startup.syntax"


def test_cross_validation_holds_out_each_database(labelled_file):
    data = load_labelled([str(labelled_file)])
    scores, predictions = cross_validate_groups(data, "database")
    assert set(scores["database"]) == {"sqlite", "postgres"}
    assert scores["n"].sum() == len(data.runs) == len(predictions)
    assert set(predictions["source"]) <= {"rule", "model"}
    with pytest.raises(KeyError):
        cross_validate_groups(data, "no_such_column")


def test_evaluate_cv_cli_prints_held_out_scores(labelled_file, capsys):
    assert main(["evaluate", str(labelled_file), "--cv", "database", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert {row["database"] for row in report["held_out"]} == {"sqlite", "postgres"}
    assert 0.0 <= report["model_calibration"]["ece"] <= 1.0


def test_evaluate_cv_draws_the_reliability_diagram(labelled_file, tmp_path, capsys):
    figure = tmp_path / "reliability.png"
    assert main(["evaluate", str(labelled_file), "--cv", "database", "--quiet", "--reliability", str(figure)]) == 0
    assert figure.stat().st_size > 1000
    assert str(figure) in capsys.readouterr().out


def test_reliability_plot_draws_each_bin():
    import matplotlib

    matplotlib.use("Agg")
    from rootcause.figures import reliability

    table, _, _ = calibration([0.2, 0.25, 0.9, 0.95], [False, True, True, True], bins=10)
    ax = reliability(table)
    points = ax.collections[0].get_offsets()
    assert len(points) == len(table) == 2
    assert sorted(points[:, 1].tolist()) == sorted(table["accuracy"].tolist())


def test_train_refuses_a_single_class(tmp_path, capsys):
    path = tmp_path / "one.jsonl"
    path.write_text(json.dumps({"id": "a", "label": "startup.syntax", "log": "x"}) + "\n")
    assert main(["train", str(path), "-o", str(tmp_path / "m.skops")]) == 2
    assert "at least two" in capsys.readouterr().err


def test_shipped_default_model_loads_and_knows_every_required_root_cause():
    model = load_model("default")
    classes = set(model.classes_)
    assert {"data.query", "data.orm", "data.schema", "xfile.reference", "startup.syntax", "structure.constraint"} <= classes
    assert len(classes) >= 15


def test_calibration_reliability_ece_and_brier():
    table, ece, brier = calibration([0.9, 0.9, 0.1, 0.1], [True, False, False, False], bins=10)
    assert list(table["n"]) == [2, 2]
    assert ece == pytest.approx(0.5 * abs(0.1 - 0.0) + 0.5 * abs(0.9 - 0.5))
    assert brier == pytest.approx(np.mean([0.01, 0.81, 0.01, 0.01]))


def test_unloadable_shipped_model_falls_back_to_rules_with_a_warning(tmp_path, monkeypatch, capsys):
    from rootcause.learn import persist

    broken = tmp_path / "default.skops"
    broken.write_bytes(b"not a zip file")
    monkeypatch.setattr(persist, "default_model_path", lambda: broken)
    persist._default_model.cache_clear()
    try:
        path = tmp_path / "runs.jsonl"
        path.write_text(json.dumps({"id": "a", "newman_summary": "Create Article POST → 200: 3 failed"}) + "\n")
        assert main(["classify", str(path), "--quiet", "--format", "jsonl"]) == 0
        captured = capsys.readouterr()
        assert "default.skops" in captured.err and "rules alone" in captured.err
        assert json.loads(captured.out)["source"] == "default"
        with pytest.warns(UserWarning, match="rules alone"):
            table = classify(str(path))
        assert table.loc[0, "root_cause"] == "unknown"
    finally:
        persist._default_model.cache_clear()
