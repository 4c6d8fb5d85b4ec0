"""``rootcause figures``: every figure the inputs support, its table, and an honest manifest."""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from rootcause import figures  # noqa: E402
from rootcause.cli import main  # noqa: E402
from rootcause.errors import InputError  # noqa: E402
from rootcause.report import load_runs, write_figures  # noqa: E402
from rootcause.stats import read_results, rule_coverage  # noqa: E402

STUDY = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "constraint-decay"
needs_study = pytest.mark.skipif(not (STUDY / "global_stats.csv").is_file(), reason=f"{STUDY} not available")

TASKS = [
    "flask-openapi-unconstrained",
    "flask-openapi-sqlite",
    "flask-openapi-sqlite-sqlalchemy",
    "koa-openapi-clean_architecture",
    "koa-openapi-clean_architecture-postgres-sequelize",
]
CAUSES = ["data.query.filter", "startup.syntax", "data.orm.session_misuse", "auth.config", "xfile.reference.import"]


@pytest.fixture
def classified(tmp_path) -> Path:
    """A classify CSV as the CLI writes it: lists joined, two models, five tasks."""
    rows = []
    for i in range(40):
        rows.append(
            {
                "id": f"run{i}",
                "model": "m1" if i % 2 else "m2",
                "agent": "a",
                "task": TASKS[i % 5],
                "root_cause": CAUSES[(i // 5) % 5],
                "label": CAUSES[(i // 5) % 5] if i % 7 else "logic.state",
                "failed_assertions": 1 + (i % 3) * 10,
                "rule": "RC101" if i % 3 else None,
                "rules_fired": "RC101 RC310" if i % 3 else "",
            }
        )
    path = tmp_path / "classified.csv"
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_writes_each_supported_figure_with_its_table(classified, tmp_path):
    out = tmp_path / "figs"
    manifest = write_figures(load_runs([classified]), out, truth="label", formats=("png", "svg"), n_boot=50)
    names = {f["name"] for f in manifest["figures"]}
    assert {"root_cause_by_model", "root_cause_by_framework", "data_layer_by_level", "cascades", "rule_coverage", "confusion"} <= names
    for item in manifest["figures"]:
        for name in item["files"]:
            assert (out / name).stat().st_size > 1000
        assert len(pd.read_csv(out / item["table"])) == item["rows"] > 0
    assert {f["name"] for f in manifest["skipped"]} >= {"pass_rate_by_level"}
    assert json.loads((out / "manifest.json").read_text()) == manifest
    shares = pd.read_csv(out / "root_cause_by_model.csv")
    assert set(shares["root_cause"]) == {"data.query", "startup.syntax", "data.orm", "auth.config", "xfile.reference"}  # families


def test_skips_rather_than_drawing_empty(tmp_path):
    runs = pd.DataFrame({"id": ["a", "b"], "category": ["logic_error", "other"]})
    manifest = write_figures(runs, tmp_path, formats=("png",), n_boot=0)
    assert manifest["figures"] == []
    reasons = {s["name"]: s["reason"] for s in manifest["skipped"]}
    assert "model" in reasons["category_by_model"] and "--truth" in reasons["confusion"]
    with pytest.raises(InputError, match="format"):
        write_figures(runs, tmp_path, formats=("jpg",))
    with pytest.raises(InputError, match="label column"):
        write_figures(pd.DataFrame({"id": ["a"]}), tmp_path)


@needs_study
def test_cli_figures_on_the_studys_release(tmp_path, capsys):
    out = tmp_path / "study"
    code = main(
        [
            "figures",
            *map(str, sorted(STUDY.glob("logic_subcategories_*.csv"))),
            "-o",
            str(out),
            "--results",
            str(STUDY / "global_stats.csv"),
            "--formats",
            "png",
            "--bootstrap",
            "50",
        ]
    )
    assert code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    names = {f["name"] for f in manifest["figures"]}
    assert {"subcategory_by_model", "data_layer_by_level", "data_layer_effects", "pass_rate_by_level", "pass_rate_by_framework", "pass_rate_effects"} <= names
    lines = pd.read_csv(out / "pass_rate_by_framework.csv")
    assert lines["framework"].nunique() == 8
    assert "manifest.json" in capsys.readouterr().out


def test_cli_figures_names_a_bad_file(tmp_path, capsys):
    bad = tmp_path / "runs.csv"
    bad.write_bytes(b"\x00\x01 not a table")
    assert main(["figures", str(bad), "-o", str(tmp_path / "out")]) == 2
    assert "runs.csv" in capsys.readouterr().err


# --- the drawing functions ---------------------------------------------------------------------


def test_level_lines_draw_one_line_and_band_per_group():
    table = pd.DataFrame(
        {
            "framework": ["a"] * 4 + ["b"] * 4,
            "level": ["L0", "L1", "L2", "L3"] * 2,
            "n": 10,
            "mean": [0.9, 0.8, 0.6, 0.5, 0.7, 0.7, 0.6, 0.2],
            "sem": 0.05,
            "ci_low": 0.1,
            "ci_high": 0.95,
        }
    )
    ax = figures.sensitivity_lines(table)
    assert len(ax.lines) == 2 and len(ax.collections) == 2
    ys = sorted(tuple(line.get_ydata()) for line in ax.lines)
    assert ys[0] == (0.7, 0.7, 0.6, 0.2)
    band = ax.collections[0].get_paths()[0].vertices[:, 1]
    assert band.min() == pytest.approx(0.45) and band.max() == pytest.approx(0.95)  # ±1 SEM, not the CI
    assert [t.get_text() for t in ax.get_xticklabels()] == ["L0", "L1", "L2", "L3"]
    plt.close("all")


def test_effects_and_coverage_plots_show_every_row():
    eff = pd.DataFrame(
        {"constraint": ["+orm", "+sqlite"], "n_pairs": [4, 6], "mean_diff": [-0.2, 0.1], "sem": [0.05, 0.04], "ci_low": [-0.3, 0.0], "ci_high": [-0.1, 0.2]}
    )
    ax = figures.effects(eff)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["+orm (n=4)", "+sqlite (n=6)"]
    cov = rule_coverage(pd.DataFrame({"rules_fired": [["RC1", "RC2"], ["RC2"]], "rule": ["RC1", "RC2"]}))
    ax = figures.rule_coverage(cov)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["RC2", "RC1"]
    plt.close("all")


@needs_study
def test_decay_curve_from_the_studys_results_draws_its_rates():
    from rootcause.stats import decay_from_results

    table = decay_from_results(read_results(STUDY / "global_stats.csv"))
    ax = figures.decay_curve(table)
    assert list(ax.lines[0].get_ydata()) == pytest.approx(list(table["mean"]))
    plt.close("all")


def test_a_sweep_with_passing_runs_gives_pass_rates_and_attributes_only_failures(tmp_path):
    rows = []
    # Two frameworks take the +sqlite step, so its effect has two task pairs and an interval.
    tasks = [*TASKS, "fastapi-openapi-unconstrained", "fastapi-openapi-sqlite"]
    for i, task in enumerate(tasks * 6):
        passed = i % 3 != 0
        rows.append(
            {
                "id": f"r{i}",
                "agent": "a",
                "model": "m",
                "task": task,
                "passed": passed,
                "root_cause": "unknown" if passed else "data.query.filter",
                "failed_assertions": 0 if passed else 3,
            }
        )
    rows.append({"id": "log-only", "agent": "a", "model": "m", "task": TASKS[0], "passed": None, "root_cause": "auth.config", "failed_assertions": 0})
    path = tmp_path / "sweep.csv"
    pd.DataFrame(rows).to_csv(path, index=False)  # through CSV: the flags come back as text
    manifest = write_figures(load_runs([path]), tmp_path / "out", formats=("png",), n_boot=20)
    names = {f["name"] for f in manifest["figures"]}
    assert {"pass_rate_by_level", "pass_rate_by_framework", "pass_rate_effects"} <= names
    assert manifest["runs"] == 43 and manifest["failed_runs"] == 15  # 14 failures and the run with no suite
    shares = pd.read_csv(tmp_path / "out" / "root_cause_by_model.csv")
    assert "unknown" not in set(shares["root_cause"])
    rates = pd.read_csv(tmp_path / "out" / "pass_rate_by_level.csv")
    assert rates["n"].sum() == 42  # the run with no suite has no pass/fail


@needs_study
def test_figures_from_test_results_alone(tmp_path, capsys):
    assert main(["figures", str(STUDY / "global_stats.csv"), "-o", str(tmp_path), "--formats", "png"]) == 0
    manifest = json.loads((tmp_path / "manifest.json").read_text())
    assert {f["name"] for f in manifest["figures"]} == {"pass_rate_by_level", "pass_rate_by_framework", "pass_rate_effects"}
    assert all(s["reason"] == "no classified runs among the inputs" for s in manifest["skipped"])
