"""Cascades, decay curves, matched-pair constraint effects and rule coverage (rootcause.stats).

The hand-made tables make each number checkable by eye; the study's release (when present
beside the repository) checks the readers against its own totals.
"""

from __future__ import annotations

import io
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import rootcause
from rootcause.errors import InputError
from rootcause.records import RunRecord
from rootcause.stats import (
    add_outcome_columns,
    add_task_columns,
    assertion_attribution,
    constraint_effects,
    decay,
    decay_from_results,
    effects_from_results,
    matched_pairs,
    read_results,
    read_study,
    rule_coverage,
)

STUDY = Path(__file__).resolve().parents[2] / "shared" / "datasets" / "constraint-decay"
needs_study = pytest.mark.skipif(not (STUDY / "global_stats.csv").is_file(), reason=f"{STUDY} not available")


# --- cascades ---------------------------------------------------------------------------------


def cascade_runs() -> pd.DataFrame:
    return pd.DataFrame(
        {"model": ["a", "a", "a", "b"], "root_cause": ["startup.entrypoint", "data.query", "data.query", "data.query"], "failed_assertions": [30, 1, 1, 4]}
    )


def test_a_startup_failure_explains_its_whole_cascade():
    table = assertion_attribution(cascade_runs(), by="model", n_boot=200)
    a = table[table["model"] == "a"].set_index("root_cause")
    assert a.loc["startup.entrypoint", "assertions"] == 30
    assert a.loc["startup.entrypoint", "share"] == pytest.approx(30 / 32)
    assert a.loc["startup.entrypoint", "run_share"] == pytest.approx(1 / 3)
    assert a.loc["data.query", "per_run"] == 1
    assert list(a.index) == ["startup.entrypoint", "data.query"]  # most assertions first
    assert table.groupby("model")["share"].sum().tolist() == pytest.approx([1.0, 1.0])
    assert ((table["ci_low"] <= table["share"] + 1e-9) & (table["share"] <= table["ci_high"] + 1e-9)).all()


def test_cascade_bootstrap_is_seeded_and_skips_runs_without_a_weight():
    runs = cascade_runs()
    runs.loc[len(runs)] = {"model": "a", "root_cause": "auth.config", "failed_assertions": None}
    first = assertion_attribution(runs, n_boot=300, seed=3)
    assert first.equals(assertion_attribution(runs, n_boot=300, seed=3))
    assert "auth.config" not in set(first["root_cause"])
    assert first["runs"].sum() == 4
    assert assertion_attribution(runs, n_boot=0)["ci_low"].isna().all()


def test_cascade_rejects_negative_or_missing_weights():
    runs = cascade_runs().assign(failed_assertions=[1, -1, 1, 1])
    with pytest.raises(InputError, match="negative"):
        assertion_attribution(runs)
    with pytest.raises(InputError, match="failed_requests"):
        assertion_attribution(cascade_runs(), weight="failed_requests")


def test_classify_counts_failed_requests_and_assertions():
    summary = "\n".join(["Register User POST → 500: 3 failed", "Login User POST → 500: 2 failed", "Get Current User GET → 200: 0 failed"])
    record = RunRecord(
        id="r1", newman_summary=summary, server_log="Traceback (most recent call last):\n  File \"/app/x.py\", line 3, in f\nKeyError: 'email'\n"
    )
    row = rootcause.classify([record], model=None).iloc[0]
    assert row["failed_requests"] == 2
    assert row["failed_assertions"] == 5
    assert row["passed"] == False  # noqa: E712 - a nullable boolean column holds numpy booleans
    assert isinstance(row["rules_fired"], list)
    if row["rule"] is not None:
        assert row["rule"] in row["rules_fired"]


def test_passed_needs_a_suite_that_ran():
    clean = RunRecord(id="ok", newman_summary="Register User POST → 201: 0 failed\nLogin User POST → 200: 0 failed")
    log_only = RunRecord(id="log", server_log="Listening on port 3000\n")
    rows = rootcause.classify([clean, log_only], model=None).set_index("id")
    assert rows.loc["ok", "passed"] == True and rows.loc["ok", "failed_assertions"] == 0  # noqa: E712
    assert rows.loc["log", "passed"] is pd.NA  # no suite ran: unknown, not False


# --- decay and matched pairs ------------------------------------------------------------------


def runs_over_tasks() -> pd.DataFrame:
    """Two runs per task for one agent/model/framework; the pass rate per task is by design."""
    rates = {
        "flask-openapi-unconstrained": (1, 1),
        "flask-openapi-clean_architecture": (1, 0),
        "flask-openapi-sqlite": (1, 0),
        "flask-openapi-postgres": (0, 0),
        "flask-openapi-sqlite-sqlalchemy": (0, 0),
        "koa-openapi-unconstrained": (0, 0),  # another framework: never paired with flask
    }
    rows = [{"agent": "x", "model": "m", "task": task, "passed": p} for task, ps in rates.items() for p in ps]
    return add_task_columns(pd.DataFrame(rows))


def test_matched_pairs_change_one_constraint_within_a_framework():
    pairs = matched_pairs(runs_over_tasks(), "passed")
    steps = {(r.constraint, r.task_before, r.task_after): r.diff for r in pairs.itertuples()}
    assert steps == {
        ("+clean_architecture", "flask-openapi-unconstrained", "flask-openapi-clean_architecture"): -0.5,
        ("+sqlite", "flask-openapi-unconstrained", "flask-openapi-sqlite"): -0.5,
        ("+postgres", "flask-openapi-unconstrained", "flask-openapi-postgres"): -1.0,
        ("+orm", "flask-openapi-sqlite", "flask-openapi-sqlite-sqlalchemy"): -0.5,
        ("sqlite->postgres", "flask-openapi-sqlite", "flask-openapi-postgres"): -0.5,
    }


def test_constraint_effects_average_pairs_with_a_standard_error_clustered_by_task_pair():
    runs = pd.concat([runs_over_tasks(), runs_over_tasks().assign(model="n", passed=1)], ignore_index=True)
    effects = constraint_effects(runs, "passed").set_index("constraint")
    assert list(effects.index) == ["+clean_architecture", "+sqlite", "+postgres", "+orm", "sqlite->postgres"]
    assert effects.loc["+postgres", "n_pairs"] == 2
    assert effects.loc["+postgres", "mean_diff"] == pytest.approx(-0.5)  # -1 for m, 0 for n
    # Both pairs are the same two tasks (one cluster): no honest standard error, not a tight one.
    assert np.isnan(effects.loc["+postgres", "sem"]) and np.isnan(effects.loc["+postgres", "ci_low"])
    flask_only = runs[runs["framework"] == "flask"]
    koa = flask_only[flask_only["model"] == "m"].assign(task=lambda d: d["task"].str.replace("flask-", "koa-", regex=False))
    more = add_task_columns(pd.concat([flask_only, koa], ignore_index=True)[["agent", "model", "task", "passed"]])
    effects = constraint_effects(more, "passed").set_index("constraint")
    assert effects.loc["+postgres", "n_pairs"] == 3  # two task pairs: flask (m, n) and koa (m)
    diffs, clusters = np.array([-1.0, 0.0, -1.0]), ["flask", "flask", "koa"]
    centred = {c: sum(d - diffs.mean() for d, cc in zip(diffs, clusters, strict=True) if cc == c) for c in set(clusters)}
    assert effects.loc["+postgres", "sem"] == pytest.approx(np.sqrt(2 * sum(v * v for v in centred.values())) / 3)
    assert -1.0 <= effects.loc["+postgres", "ci_low"] < effects.loc["+postgres", "mean_diff"] < effects.loc["+postgres", "ci_high"] <= 1.0
    by_model = constraint_effects(runs, "passed", by="model")
    assert by_model.loc[by_model["model"] == "n", "mean_diff"].eq(0).all()
    with pytest.raises(InputError, match="matched"):
        constraint_effects(runs, "passed", by="level")


def test_decay_gives_a_rate_with_a_wilson_interval_per_level():
    curve = decay(runs_over_tasks(), "passed").set_index("level")
    assert curve.loc["L0", "n"] == 4 and curve.loc["L0", "mean"] == 0.5  # flask 1,1 and koa 0,0
    assert curve.loc["L2", "mean"] == 0.0
    assert (curve["ci_low"] >= 0).all() and (curve["ci_high"] <= 1).all()
    assert curve.loc["L1", "sem"] == pytest.approx(np.sqrt(1 / 3 * 2 / 3 / 6))
    counts = decay(runs_over_tasks().assign(n=[3, 1] * 6), "n")  # not 0/1: a Student-t mean
    assert counts.set_index("level").loc["L0", "mean"] == 2.0


def test_data_layer_outcome_from_either_label():
    runs = pd.DataFrame({"root_cause": ["data.orm.session_misuse", "auth.config", None]})
    assert add_outcome_columns(runs)["data_layer"].tolist() == [True, False, None]
    study = pd.DataFrame({"subcategory": ["incorrect_query_logic", "incomplete_implementation"]})
    assert add_outcome_columns(study)["data_layer"].tolist() == [True, False]


# --- the study's test results -------------------------------------------------------------------


@needs_study
def test_per_level_pass_rates_add_up_to_the_global_ones():
    results = read_results(STUDY / "global_stats.csv")
    curve = decay_from_results(results)
    total = results[(results["granularity"] == "global") & results["level"].isna()].iloc[0]
    assert curve["n"].sum() == total["n_executed"]
    assert (curve["mean"] * curve["n"]).sum() == pytest.approx(total["n_succeeded"])
    lines = decay_from_results(results, "framework")
    assert lines["framework"].nunique() == 8 and set(lines["level"]) == {"L0", "L1", "L2", "L3"}
    assert ((lines["ci_low"] <= lines["mean"]) & (lines["mean"] <= lines["ci_high"])).all()


@needs_study
def test_effects_from_results_pair_the_frameworks():
    effects = effects_from_results(read_results(STUDY / "global_stats.csv")).set_index("constraint")
    assert set(effects.index) == {"clean_architecture", "sqlite", "postgres", "orm"}
    assert (effects["n_pairs"] == 8).all()
    assert (effects["sem"] > 0).all()


@needs_study
def test_effects_on_the_studys_judged_failures():
    _, logic = read_study(STUDY)
    runs = add_outcome_columns(add_task_columns(logic))
    effects = constraint_effects(runs, "data_layer")
    assert set(effects["constraint"]) <= {"+clean_architecture", "+sqlite", "+postgres", "+orm", "sqlite->postgres"}
    pairs = matched_pairs(runs, "data_layer")
    # every pair stays inside one agent, model and framework
    assert (pairs["task_before"].str.split("-").str[0] == pairs["task_after"].str.split("-").str[0]).all()
    assert pairs["diff"].between(-1, 1).all()


def test_read_results_names_a_file_that_is_not_results(tmp_path):
    path = tmp_path / "classified.csv"
    pd.DataFrame({"id": ["a"], "root_cause": ["unknown"]}).to_csv(path, index=False)
    with pytest.raises(InputError, match="classified.csv"):
        read_results(path)


# --- rule coverage ------------------------------------------------------------------------------


def test_rule_coverage_reads_lists_and_csv_strings():
    runs = pd.DataFrame({"rules_fired": [["RC101", "RC310"], "RC310 RC404", [], None], "rule": ["RC101", "RC404", None, None]})
    table = rule_coverage(runs).set_index("rule")
    assert table.loc["RC310", "fired"] == 2 and table.loc["RC310", "decided"] == 0
    assert table.loc["RC101", "decided"] == 1 and table.loc["RC404", "coverage"] == 0.25
    assert table.index[0] == "RC310"


def test_join_columns_adds_the_users_columns_without_overwriting(tmp_path):
    from rootcause.stats import join_columns, stats_command

    runs = pd.DataFrame({"id": ["a", "b", "c"], "model": ["m", None, "m"], "root_cause": ["data.query", "auth.config", "data.query"]})
    extra = pd.DataFrame({"id": ["b", "a"], "model": ["n", "zzz"], "seed": [2, 1]})
    joined = join_columns(runs, extra)
    assert joined["id"].tolist() == ["a", "b", "c"]
    assert joined["model"].tolist() == ["m", "n", "m"]  # the runs' value wins; the extra fills the gap
    assert joined["seed"].tolist()[:2] == [1, 2] and pd.isna(joined["seed"].iloc[2])
    with pytest.raises(InputError, match="repeat"):
        join_columns(runs, pd.concat([extra, extra]))
    runs_path, meta_path = tmp_path / "runs.csv", tmp_path / "meta.csv"
    runs.to_csv(runs_path, index=False)
    extra.to_csv(meta_path, index=False)
    out = pd.read_csv(io.StringIO(stats_command([runs_path], "seed", "root_cause", "csv", 0, meta=meta_path)))
    assert set(out["seed"].dropna()) == {1.0, 2.0}


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("runs.json", b'{"a": 1}', "array of objects"),
        ("runs.json", b'[{"a": 1}', "cannot read table"),
        ("runs.csv", b"a,b\n\xff\xfe,1\n", "UTF-8"),
        ("runs.csv", b"\x00\x01\x02", "binary"),
        ("runs.xlsx", b"a,b\n", "expected a .csv"),
    ],
)
def test_read_table_names_the_file_and_the_problem(tmp_path, name, content, message):
    from rootcause.stats import read_table

    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as err:
        read_table(path)
    assert name in str(err.value)
    with pytest.raises(InputError, match="cannot read"):
        read_table(tmp_path / "missing.csv")


def test_read_table_reads_what_classify_writes(tmp_path):
    from rootcause.stats import read_table

    frame = pd.DataFrame({"id": ["a", "b"], "root_cause": ["data.query", "unknown"]})
    (tmp_path / "c.json").write_text(frame.to_json(orient="records"))
    assert read_table(tmp_path / "c.json").equals(frame)
    pytest.importorskip("pyarrow")
    frame.to_parquet(tmp_path / "c.parquet")
    assert read_table(tmp_path / "c.parquet").equals(frame)


def test_stats_reads_pass_flags_written_to_csv_and_leaves_passing_runs_out_of_attribution(tmp_path):
    from rootcause.stats import stats_command

    runs = runs_over_tasks().assign(
        id=lambda d: [f"r{i}" for i in range(len(d))],
        root_cause=lambda d: ["unknown" if p else "data.query" for p in d["passed"]],
        passed=lambda d: d["passed"].astype(bool),
    )
    path = tmp_path / "sweep.csv"
    runs.to_csv(path, index=False)
    curve = pd.read_csv(io.StringIO(stats_command([path], None, "root_cause", "csv", 0, table="decay", outcome="passed")))
    assert curve.set_index("level").loc["L0", "mean"] == 0.5
    shares = pd.read_csv(io.StringIO(stats_command([path], None, "root_cause", "csv", 0)))
    assert shares["root_cause"].tolist() == ["data.query"] and shares["n"].tolist() == [int((~runs["passed"]).sum())]


def test_pass_rate_differences_from_results_stay_inside_minus_one_to_one():
    from rootcause.stats import effects_from_results, result_columns

    # Two frameworks whose pass rate moves by almost the whole range in opposite directions:
    # a t interval over two pairs is far wider than -1..1.
    rows = [
        {"granularity": "framework", "group": "flask", "n_constraints": None, "n_succeeded": 10, "n_executed": 20},
        {"granularity": "framework", "group": "koa", "n_constraints": None, "n_succeeded": 10, "n_executed": 20},
        {"granularity": "framework_constraint", "group": "flask:sqlite", "n_constraints": None, "n_succeeded": 10, "n_executed": 10},
        {"granularity": "framework_constraint", "group": "koa:sqlite", "n_constraints": None, "n_succeeded": 0, "n_executed": 10},
    ]
    effects = effects_from_results(result_columns(pd.DataFrame(rows))).set_index("constraint")
    assert effects.loc["sqlite", "ci_low"] == -1.0 and effects.loc["sqlite", "ci_high"] == 1.0


# --- logistic regression with task-clustered errors ---------------------------------------------


def regression_runs(copies: int = 1, seed: int = 0) -> pd.DataFrame:
    """Runs whose pass chance falls on PostgreSQL tasks, with a shared difficulty per task."""
    rng = np.random.default_rng(seed)
    rows = []
    for fw, orm in (("flask", "sqlalchemy"), ("fastapi", "sqlalchemy"), ("express", "sequelize"), ("koa", "sequelize")):
        for constraints in ("", "-sqlite", "-postgres", "-clean_architecture", f"-clean_architecture-sqlite-{orm}", f"-postgres-{orm}"):
            task = f"{fw}-openapi{constraints}"
            difficulty = rng.normal(0, 0.4)
            for model in ("m1", "m2"):
                for _ in range(8):
                    logit = 1.0 - 1.5 * ("postgres" in task) + difficulty
                    passed = bool(rng.random() < 1 / (1 + np.exp(-logit)))
                    rows.extend([{"task": task, "model": model, "passed": passed}] * copies)
    return pd.DataFrame(rows)


def test_regression_finds_the_constraint_that_lowers_the_pass_rate():
    from rootcause.stats import regression

    table = regression(regression_runs()).set_index("term")
    postgres = table.loc["postgres"]
    assert postgres["odds_ratio"] < 1 and postgres["ci_high"] < 1  # fewer passes, and the interval says so
    assert table.loc["sqlite", "ci_low"] < 1 < table.loc["sqlite", "ci_high"]  # no effect built in
    assert {"framework[flask] vs express", "model[m2] vs m1"} <= set(table.index)  # reference level named
    assert (table["n_tasks"] == 24).all() and (table["n_runs"] == 384).all()


def test_repeated_runs_of_a_task_are_not_independent_evidence():
    from rootcause.stats import regression

    once = regression(regression_runs(copies=1)).set_index("term")
    thrice = regression(regression_runs(copies=3)).set_index("term")
    # Tripling every run adds no information about tasks: clustered errors stay put (a naive
    # logistic fit would shrink them by sqrt(3)).
    assert thrice.loc["postgres", "coef"] == pytest.approx(once.loc["postgres", "coef"], rel=1e-6)
    assert thrice.loc["postgres", "se"] == pytest.approx(once.loc["postgres", "se"], rel=0.05)


def test_regression_reports_a_term_it_cannot_separate_and_refuses_bad_outcomes():
    from rootcause.stats import regression

    runs = regression_runs()
    runs = runs[~runs["task"].str.contains("clean_architecture")]  # ORM tasks now always on a database
    runs = pd.concat([runs.assign(task=runs["task"].str.replace("-postgres-", "-clean_architecture-postgres-", regex=False))])
    table = regression(runs).set_index("term")
    aliased = table[table["note"] != ""]
    assert list(aliased.index) and aliased["coef"].isna().all()
    with pytest.raises(InputError, match="not a 0/1 outcome"):
        regression(runs.assign(passed=2.5))
    with pytest.raises(InputError, match="at least two study tasks"):
        regression(runs[runs["task"] == runs["task"].iloc[0]])


def test_stats_cli_prints_the_regression_and_refuses_aggregate_results(tmp_path, capsys):
    from rootcause.cli import main

    path = tmp_path / "sweep.csv"
    regression_runs().to_csv(path, index=False)
    assert main(["stats", str(path), "--table", "regression", "--format", "csv"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert "postgres" in set(table["term"]) and table.loc[table["term"] == "postgres", "odds_ratio"].iloc[0] < 1


@needs_study
def test_regression_refuses_the_study_aggregate_results(capsys):
    from rootcause.cli import main

    assert main(["stats", str(STUDY / "global_stats.csv"), "--table", "regression"]) != 0
    assert "one row per run" in capsys.readouterr().err
