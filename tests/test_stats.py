"""rootcause.stats: task names, attribution tables with bootstrap intervals, the study's figures.

The study tests read the Constraint Decay release next to the repository
(../shared/datasets/constraint-decay) and are skipped when it is absent.
"""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from rootcause.errors import InputError
from rootcause.stats import TASK_COLUMNS, add_task_columns, attribution, data_layer_share, parse_task, read_study, stats_command

REPO = Path(__file__).resolve().parents[1]
STUDY = REPO.parent / "shared" / "datasets" / "constraint-decay"
needs_study = pytest.mark.skipif(not (STUDY / "global_stats.csv").is_file(), reason=f"{STUDY} not available")


# --- task names -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "task, expected",
    [
        (
            "express-openapi-clean_architecture-postgres-sequelize",
            dict(framework="express", runtime="node", clean_architecture=True, database="postgres", orm="sequelize", level="L3"),
        ),
        (
            "uv-flask-openapi-clean_architecture-sqlite-sqlalchemy",
            dict(framework="flask", runtime="python", clean_architecture=True, database="sqlite", orm="sqlalchemy", level="L3"),
        ),
        ("fastapi-openapi-unconstrained", dict(framework="fastapi", runtime="python", clean_architecture=False, database=None, orm=None, level="L0")),
        ("koa-openapi-sqlite", dict(framework="koa", runtime="node", clean_architecture=False, database="sqlite", orm=None, level="L1")),
        (
            "django-openapi-postgres-sqlalchemy",
            dict(framework="django", runtime="python", clean_architecture=False, database="postgres", orm="sqlalchemy", level="L2"),
        ),
        ("node-hono-openapi-clean_architecture.json", dict(framework="hono", runtime="node", clean_architecture=True, database=None, orm=None, level="L1")),
    ],
)
def test_parse_task(task, expected):
    assert parse_task(task) == expected
    assert tuple(parse_task(task)) == TASK_COLUMNS


@pytest.mark.parametrize("task", ["", "flask", "flask-openapi-mysql", "flask-openapi-sqlalchemy", "flask-openapi-sqlite-clean_architecture"])
def test_parse_task_rejects_names_it_would_misread(task):
    with pytest.raises(InputError):
        parse_task(task)


@needs_study
def test_level_counts_the_constraints_each_task_prompt_states():
    files = sorted((STUDY / "tasks").glob("*.json"))
    assert len(files) == 80
    for path in files:
        spec = json.loads(path.read_text())
        prompt = spec["prompt"]
        parsed = parse_task(path.name)
        assert parse_task(spec["name"]) == parsed
        architecture = "You MUST follow the architecture described below." in prompt
        database = "You MUST use the database as described below." in prompt
        orm = re.search(r"You MUST use the (\w+) (?:Node|Python) ORM", prompt)
        assert parsed["clean_architecture"] == architecture, path.name
        assert (parsed["database"] is not None) == database, path.name
        if database:
            named = {"PostgreSQL": "postgres", "SQLite": "sqlite"}[re.search(r"Use \*\*(\w+)\*\* as the database", prompt).group(1)]
            assert parsed["database"] == named, path.name
        assert parsed["orm"] == (orm.group(1).lower() if orm else None), path.name
        assert parsed["level"] == f"L{architecture + database + bool(orm)}"
        assert f"You MUST use the **{parsed['framework']}** framework." in prompt
        assert parsed["runtime"] == {"uv": "python", "node": "node"}[spec["dockerFolder"]]


@needs_study
def test_level_is_the_studys_n_constraints():
    """global_stats.csv counts runs and failures per framework and n_constraints; our levels must agree."""
    fa, _ = read_study(STUDY)
    gpt = add_task_columns(fa[fa["model"] == "gpt-5.4"])
    stats = pd.read_csv(STUDY / "global_stats.csv")
    per_level = stats[(stats["granularity"] == "framework") & stats["n_constraints"].notna()].copy()
    per_level["level"] = "L" + per_level["n_constraints"].astype(int).astype(str)
    tasks = pd.DataFrame([parse_task(p.name) for p in (STUDY / "tasks").glob("*.json")])
    # three runs per task; fastapi lost a few runs in the release, hence <= rather than ==
    planned = tasks.groupby(["framework", "level"]).size() * 3
    executed = per_level.set_index(["group", "level"])["n_executed"]
    assert (executed <= planned.reindex(executed.index)).all()
    full = executed.index.get_level_values(0) != "fastapi"
    assert (executed[full] == planned.reindex(executed.index)[full]).all()
    failed = (per_level["n_executed"] - per_level["n_succeeded"]).set_axis(executed.index)
    judged = gpt.groupby(["framework", "level"]).size().reindex(failed.index, fill_value=0)
    # the release judged 103 of gpt-5.4's 104 failures: one koa L3 failure has no row
    differ = failed[failed != judged]
    assert list(differ.index) == [("koa", "L3")] and failed[("koa", "L3")] - judged[("koa", "L3")] == 1


def test_add_task_columns_keeps_the_callers_columns_and_rows():
    runs = pd.DataFrame(
        {
            "task": ["flask-openapi-sqlite-sqlalchemy", "koa-openapi-unconstrained", "not a task", None],
            "runtime": ["uv", "node", "uv", None],
            "label": ["a", "b", "c", "d"],
        }
    )
    out = add_task_columns(runs)
    assert list(runs.columns) == ["task", "runtime", "label"]  # input untouched
    assert list(out.columns[:3]) == ["task", "runtime", "label"] and set(TASK_COLUMNS) <= set(out.columns)
    assert out["runtime"].tolist()[:3] == ["uv", "node", "uv"]  # caller's values win
    assert out["level"].tolist()[:2] == ["L2", "L0"] and out["orm"][0] == "sqlalchemy"
    assert out.loc[2:, "framework"].isna().all() and len(out) == 4
    with pytest.raises(InputError):
        add_task_columns(runs, task_col="name")


# --- attribution --------------------------------------------------------------------------------


def _toy() -> pd.DataFrame:
    return pd.DataFrame(
        {"framework": ["flask"] * 4 + ["koa"] * 2, "root_cause": ["data.query.filter", "data.orm", "startup.port", None, "data.schema", "data.schema"]}
    )


def test_attribution_rows_and_columns():
    table = attribution(_toy(), by=["framework"], of="root_cause", n_boot=200)
    assert list(table.columns) == ["framework", "root_cause", "n", "share", "ci_low", "ci_high", "small_n"]
    flask = table[table["framework"] == "flask"]
    # the run without a root cause is left out; values a group lacks get no row
    assert flask["n"].sum() == 3 and np.allclose(flask["share"], 1 / 3)
    assert table[table["framework"] == "koa"][["root_cause", "n", "share"]].values.tolist() == [["data.schema", 2, 1.0]]
    assert (table["ci_low"] <= table["share"]).all() and (table["share"] <= table["ci_high"]).all()
    assert table.groupby("framework")["share"].sum().tolist() == pytest.approx([1.0, 1.0])


def test_attribution_bootstrap_is_seeded_and_sensible():
    runs = pd.DataFrame({"g": ["x"] * 100, "c": ["a"] * 50 + ["b"] * 50})
    first = attribution(runs, ["g"], "c", seed=3)
    pd.testing.assert_frame_equal(first, attribution(runs, ["g"], "c", seed=3))
    # binomial sd of a 50% share over 100 runs is 5 points: the 95% interval is about +-10
    low, high = first.loc[0, ["ci_low", "ci_high"]]
    assert 0.38 <= low <= 0.42 and 0.58 <= high <= 0.62
    no_boot = attribution(runs, [], "c", n_boot=0)
    assert list(no_boot.columns) == ["c", "n", "share", "ci_low", "ci_high", "small_n"] and no_boot["ci_low"].isna().all()


def test_attribution_rejects_bad_arguments():
    with pytest.raises(InputError, match="nope"):
        attribution(_toy(), by=["nope"], of="root_cause")
    with pytest.raises(InputError):
        attribution(_toy(), by=["framework"], of="root_cause", ci=95)


def test_data_layer_share():
    toy = pd.concat([_toy(), pd.DataFrame({"framework": ["flask"], "root_cause": ["data.queryish"]})])
    table = data_layer_share(toy, by="framework", n_boot=100)
    assert list(table.columns) == ["framework", "n", "n_data", "share", "ci_low", "ci_high"]
    rows = table.set_index("framework")
    # data.query.filter and data.orm count; data.schema and a look-alike prefix do not
    assert rows.loc["flask", ["n", "n_data"]].tolist() == [4, 2]
    assert rows.loc["koa", ["n", "n_data", "share", "ci_high"]].tolist() == [2, 0, 0.0, 0.0]
    with pytest.raises(InputError):
        data_layer_share(toy, by="framework", of="category")


# --- the study's figures ------------------------------------------------------------------------


@needs_study
def test_read_study_uses_the_per_model_files():
    fa, ls = read_study(STUDY)
    assert fa["model"].value_counts().to_dict() == {"gpt-5-mini": 200, "qwen3-coder-next": 194, "minimax-m2.5": 145, "gpt-5.4": 103}
    # README: logic_subcategories.csv is Qwen3-Coder-Next's 137 rows plus 56 superseded MiniMax rows
    assert ls["model"].value_counts().to_dict() == {"qwen3-coder-next": 137, "minimax-m2.5": 111, "gpt-5.4": 64, "gpt-5-mini": 63}
    # every logic_error run, and only those, has a subcategory
    key = ["model", "task", "run_id"]
    logic = fa[fa["category"] == "logic_error"][key]
    assert sorted(map(tuple, logic.values)) == sorted(map(tuple, ls[key].values))


@needs_study
@pytest.mark.parametrize("of, which", [("category", 0), ("subcategory", 1)])
def test_attribution_reproduces_the_studys_table(of, which):
    frames = read_study(STUDY)
    table = attribution(frames[which], by=["model"], of=of, n_boot=200)
    # computed independently, straight from the CSVs
    pattern = "failure_analysis_*.csv" if which == 0 else "logic_subcategories_*.csv"
    raw = {p: pd.read_csv(p) for p in STUDY.glob(pattern)}
    if which == 1:
        combined = pd.read_csv(STUDY / "logic_subcategories.csv")
        raw["qwen"] = combined[combined["model"] == "qwen3-coder-next"]
    expected = {}
    for frame in raw.values():
        (model,) = frame["model"].unique()
        for value, share in frame[of].value_counts(normalize=True).items():
            expected[(model, value)] = share
    got = {(m, v): s for m, v, s in table[["model", of, "share"]].itertuples(index=False)}
    assert got == expected  # exact: same counts over the same totals
    assert (table["ci_low"] <= table["share"]).all() and (table["share"] <= table["ci_high"]).all()


@needs_study
def test_data_layer_share_of_study_subcategories():
    _, ls = read_study(STUDY)
    table = data_layer_share(ls, by="model", of="subcategory", n_boot=200).set_index("model")
    for model, part in ls.groupby("model"):
        expected = part["subcategory"].isin(["incorrect_query_logic", "database_runtime_error"]).sum()
        assert table.loc[model, "n_data"] == expected and table.loc[model, "n"] == len(part)


# --- stats_command --------------------------------------------------------------------------------


@needs_study
def test_stats_command_on_the_study_csvs():
    paths = sorted(STUDY.glob("failure_analysis_*.csv"))
    text = stats_command(paths, "model,level", "category", "csv", n_boot=100)
    table = pd.read_csv(io.StringIO(text))
    assert list(table.columns) == ["model", "level", "category", "n", "share", "ci_low", "ci_high", "small_n"]
    assert table["n"].sum() == 642 and set(table["level"]) == {"L0", "L1", "L2", "L3"}
    latex = stats_command(paths[:1], ["level"], "category", "latex", n_boot=50)
    assert latex.lstrip().startswith(r"\begin{tabular}")
    assert "logic\\_error" in latex and "ci\\_low" in latex and "logic_error" not in latex
    human = stats_command(paths[:1], ["level"], "category", "human", n_boot=50)
    assert "logic_error" in human and "%" in human


def test_stats_command_reads_classify_jsonl(tmp_path):
    rows = [
        {"id": "r1", "task": "uv-flask-openapi-sqlite-sqlalchemy", "root_cause": "data.orm.detached_instance"},
        {"id": "r2", "task": "uv-flask-openapi-sqlite", "root_cause": "startup.port"},
        {"id": "r3", "task": "node-koa-openapi-sqlite", "root_cause": "startup.port"},
    ]
    path = tmp_path / "out.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    table = pd.read_csv(io.StringIO(stats_command([path], "runtime", "root_cause", "csv", n_boot=0)))
    assert table[["runtime", "root_cause", "n", "share"]].values.tolist() == [
        ["node", "startup.port", 1, 1.0],
        ["python", "data.orm.detached_instance", 1, 0.5],
        ["python", "startup.port", 1, 0.5],
    ]
    with pytest.raises(InputError):
        stats_command([tmp_path / "out.txt"], "runtime", "root_cause", "csv")
    with pytest.raises(InputError):
        stats_command([path], "runtime", "root_cause", "yaml")


def test_latex_without_jinja2(monkeypatch):
    """DataFrame.to_latex needs jinja2; without it the tabular is written by hand, escaped the same way."""

    def no_jinja(*args, **kwargs):
        raise ImportError("Missing optional dependency 'Jinja2'")

    monkeypatch.setattr(pd.DataFrame, "to_latex", no_jinja)
    from rootcause.stats import _latex

    text = _latex(attribution(_toy(), ["framework"], "root_cause", n_boot=0))
    assert text.startswith(r"\begin{tabular}{llrrrrr}") and r"\end{tabular}" in text
    assert r"ci\_low" in text and "koa & data.schema & 2 & 1.000 & nan & nan" in text


def test_cli_stats_prints_the_tidy_contract(capsys):
    import glob

    from rootcause.cli import main

    files = sorted(glob.glob(str(STUDY / "failure_analysis_*.csv")))
    if not files:
        pytest.skip("the study's release is not beside the repository")
    assert main(["stats", *files, "--by", "model", "--of", "category", "--format", "csv", "--bootstrap", "200"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "model,category,n,share,ci_low,ci_high,small_n"
    assert any(line.startswith("gpt-5-mini,server_startup_failure,101,0.505,") for line in lines)


# -- the study's release folder through the command line (issue 13 item 3) ---------------------

RELEASE = Path(__file__).resolve().parents[1].parent / "shared" / "datasets" / "constraint-decay"


@pytest.mark.skipif(not (RELEASE / "global_stats.csv").exists(), reason="the study's release is not beside the repository")
@pytest.mark.parametrize("of,which", [("category", 0), ("subcategory", 1)])
def test_stats_on_the_release_folder_gives_the_apis_numbers(of, which):
    import io

    from rootcause.stats import attribution, read_study, stats_command

    api = attribution(read_study(RELEASE)[which], "model", of, n_boot=20)
    cli = pd.read_csv(io.StringIO(stats_command([RELEASE], "model", of, "csv", 20)))
    assert cli[["model", of, "n", "share"]].to_dict("records") == api[["model", of, "n", "share"]].to_dict("records")
    if of == "subcategory":  # superseded rows of the combined file are left out, as read_study does
        assert cli.groupby("model")["n"].sum().to_dict() == read_study(RELEASE)[1].groupby("model").size().to_dict()


@pytest.mark.skipif(not (RELEASE / "global_stats.csv").exists(), reason="the study's release is not beside the repository")
def test_figures_on_the_release_folder_draws_shares_and_pass_rates(tmp_path):
    import json

    from rootcause.cli import main

    assert main(["figures", str(RELEASE), "-o", str(tmp_path / "figs"), "--formats", "png", "--bootstrap", "20"]) == 0
    made = {f["name"] for f in json.loads((tmp_path / "figs" / "manifest.json").read_text())["figures"]}
    assert {"category_by_model", "pass_rate_by_level"} <= made


def test_one_run_of_one_gets_a_wilson_interval_not_a_point(tmp_path):
    from rootcause.stats import MIN_GROUP_N, attribution

    table = pd.DataFrame({"model": ["tiny"] + ["big"] * 40, "category": ["logic_error"] + ["logic_error", "server_startup_failure"] * 20})
    out = attribution(table, "model", "category", n_boot=200).set_index(["model", "category"])
    tiny = out.loc[("tiny", "logic_error")]
    assert tiny["share"] == 1.0 and tiny["ci_high"] == 1.0 and 0.0 < tiny["ci_low"] < 0.5  # was [1.0, 1.0]
    assert bool(tiny["small_n"]) and not out.loc[("big", "logic_error"), "small_n"] and MIN_GROUP_N == 10
