"""The corpus build on the Node.js reference apps, run for real: two operators on two Node stacks on
SQLite (through ``rootcause corpus build``) and one mutant on PostgreSQL when it is installed; the
packed runs have the Python runs' record format and ``rootcause classify`` reads them."""

from __future__ import annotations

import json
import shutil

import pytest

from rootcause import classify
from rootcause.corpus import build, harness
from rootcause.corpus.operators import REGISTRY
from rootcause.study import parse_task

STACKS = ("express_raw_sql", "koa_sequelize")
OPERATORS = ("node_tables_not_created", "node_created_returns_200")
PG_JOB = ("express_raw_sql", "node_created_returns_200")
#: The fields of a Python run's record (tests/corpus/test_build.py builds those): a Node run has exactly these.
FIELDS = {
    "id",
    "framework",
    "runtime",
    "task",
    "agent",
    "stack",
    "database",
    "operator",
    "label",
    "site",
    "outcome",
    "patch",
    "server_log",
    "newman_summary",
    "newman_csv",
    "verifier",
    "setup_log",
    "requests_failed",
    "assertions_failed",
    "seconds",
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    if shutil.which("node") is None:
        pytest.skip("the Node reference apps need Node.js")
    missing = [s for s in STACKS if not (build.app_dir(s) / "node_modules").is_dir()]
    if missing:
        pytest.skip(f"no node_modules in {', '.join(missing)} (npm ci)")
    from rootcause.cli import main

    out = tmp_path_factory.mktemp("node-corpus")
    args = ["corpus", "build", "--stack", ",".join(s.split("_")[0] for s in STACKS), "--operators", ",".join(OPERATORS)]
    assert main([*args, "--sites", "1", "--database", "sqlite", "-o", str(out), "--quiet"]) == 0
    postgres = harness.available()
    if postgres:
        stack, name = PG_JOB
        jobs = build.plan([stack], [REGISTRY[name]], ["postgres"], sites_per_stack=1)
        assert build.build(out, jobs)["error"] == 0
        build.pack(out)
    return out, postgres


def test_manifest_counts_every_mutant(corpus):
    out, postgres = corpus
    manifest = json.loads((out / "manifest.json").read_text())
    equivalents = build.load_equivalents(out)
    sqlite_runs = len(STACKS) * len(OPERATORS)
    assert manifest["failing_runs"] + manifest["equivalent_mutants"] == sqlite_runs + postgres
    assert manifest["equivalent_mutants"] == len(equivalents) == 0  # each of these defects fails the suite
    assert manifest["by_stack"] == {"express_raw_sql": 2 + postgres, "koa_sequelize": 2}
    assert manifest["by_database"] == ({"sqlite": 4, "postgres": 1} if postgres else {"sqlite": 4})
    assert manifest["by_label"] == {"data.schema.missing_table": 2, "logic.business.status_code": 2 + postgres}
    assert sorted(p.name for p in out.glob("*.jsonl.gz")) == [f"{s}.jsonl.gz" for s in STACKS]
    sheet = (out / "DATASHEET.md").read_text()
    assert "Python and Node.js" in sheet and "node_created_returns_200" in sheet


def test_runs_carry_node_metadata_and_the_operator_label(corpus):
    out, _postgres = corpus
    records = list(build.load(out))
    assert records
    for record in records:
        assert set(record) == FIELDS, record["id"]
        assert record["runtime"] == "node" and record["agent"] == "rootcause-mutator"
        assert record["label"] == REGISTRY[record["operator"]].label
        assert record["framework"] == record["stack"].split("_")[0]
        task = parse_task(record["task"])
        assert (task["framework"], task["runtime"], task["database"]) == (record["framework"], "node", record["database"])
        assert task["orm"] == ("sequelize" if record["stack"] == "koa_sequelize" else None)
        assert record["verifier"] is None  # the Node apps are not verified
        assert "node_modules" not in record["patch"] and "package-lock.json" not in record["patch"]
        assert record["patch"].startswith("diff --git a/src/")


def test_failing_runs_fail_requests_or_never_start(corpus):
    out, _postgres = corpus
    for record in build.load(out):
        assert record["outcome"] == "failed"
        assert record["requests_failed"] > 0 or "server:" in record["setup_log"], record["id"]
        assert record["newman_summary"] and record["newman_csv"].startswith("iteration,")
        if record["operator"] == "node_tables_not_created":
            assert "no such table" in record["server_log"]
        else:
            assert "Create Article POST" in record["newman_summary"] and record["requests_failed"] == 1


def test_classify_gives_one_row_per_run(corpus):
    out, _postgres = corpus
    ids = sorted(r["id"] for r in build.load(out))
    table = classify(sorted(str(p) for p in out.glob("*.jsonl.gz")))
    assert sorted(table["id"]) == ids
    assert table["error"].isna().all()
