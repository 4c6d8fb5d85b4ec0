"""The corpus build, run for real on the Flask reference app: mutate, run, keep, resume, pack, classify."""

from __future__ import annotations

import gzip
import json

import pytest

from rootcause import classify, read_runs
from rootcause.code.files import from_patch
from rootcause.corpus import build, harness
from rootcause.corpus.operators import AppSource, Operator
from rootcause.corpus.operators.base import replace_each, set_string, string_is

pytest.importorskip("flask")
pytest.importorskip("sqlalchemy")

STACK = "flask_sqlalchemy"


def _renamed_key(app):
    yield from replace_each(app, "conduit/routes/*.py", string_is("articlesCount"), lambda n: set_string(n, "articles_count"))


def _harmless(app):
    # A comment changes nothing at run time: the mutant must come out equivalent.
    path = "conduit/config.py"
    yield (f"{path}:1", {path: "# a comment added by the test\n" + app.files[path]})


def _no_start(app):
    path = "app.py"
    future = "from __future__ import annotations\n"
    yield (f"{path}:1", {path: app.files[path].replace(future, future + "import no_such_package_for_rootcause_tests\n", 1)})


RENAMED = Operator("test_renamed_key", "contract.shape.missing_field", (STACK,), _renamed_key, "Rename articlesCount.")
HARMLESS = Operator("test_harmless", "logic.business.rule", (STACK,), _harmless, "Add a comment.")
NO_START = Operator("test_no_start", "startup.dependency.missing_package", (STACK,), _no_start, "Import a missing package.")


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("corpus")
    jobs = build.plan([STACK], [RENAMED, HARMLESS, NO_START], ["sqlite"])
    messages: list[str] = []
    first = build.build(out, jobs, workers=2, progress=messages.append)
    second = build.build(out, jobs, workers=2)
    packed = build.pack(out)
    return out, jobs, first, second, packed, messages


def test_plan_ids_are_stable_and_named_by_stack_database_operator_site():
    jobs = build.plan([STACK], [RENAMED, HARMLESS], ["sqlite", "postgres"])
    again = build.plan([STACK], [RENAMED, HARMLESS], ["sqlite", "postgres"])
    assert [j.id for j in jobs] == [j.id for j in again]
    assert jobs[0].id == "flask_sqlalchemy.sqlite.test_renamed_key.00"
    assert {j.database for j in jobs} == {"sqlite", "postgres"}


def test_operator_does_not_apply_to_other_stacks():
    assert build.plan(["django_orm"], [RENAMED], ["sqlite"]) == []


def test_failing_equivalent_and_no_start_outcomes(corpus):
    out, jobs, first, _second, packed, messages = corpus
    assert first == {"skipped": 0, "failed": 2, "equivalent": 1, "error": 0}
    assert packed == {"failed": 2, "equivalent": 1}
    assert messages[0] == f"{len(jobs)} mutants planned, 0 already built, running {len(jobs)}"
    assert len(messages) == 1 + len(jobs)  # then one line per mutant


def test_second_build_resumes_and_runs_nothing(corpus):
    _out, jobs, _first, second, _packed, _messages = corpus
    assert second["skipped"] == len(jobs)
    assert second["failed"] == second["equivalent"] == 0


def test_packed_records_carry_label_patch_log_and_report(corpus):
    out = corpus[0]
    records = {r["operator"]: r for r in build.load(out)}
    renamed = records["test_renamed_key"]
    assert renamed["label"] == "contract.shape.missing_field"
    assert renamed["task"] == "uv-flask-openapi-clean_architecture-sqlite-sqlalchemy"
    assert '-        "articlesCount"' in renamed["patch"] and '+        "articles_count"' in renamed["patch"]
    assert renamed["requests_failed"] > 0 and "articlesCount" in renamed["newman_csv"]
    # the patch is a real diff: the code reader rebuilds the mutated file from it
    rebuilt = from_patch(renamed["patch"])
    assert rebuilt.partial  # a patch against the reference app: modified files are known in part
    no_start = records["test_no_start"]
    assert "No module named 'no_such_package_for_rootcause_tests'" in no_start["server_log"]
    assert no_start["requests_failed"] == 32
    equivalents = build.load_equivalents(out)
    assert [e["operator"] for e in equivalents] == ["test_harmless"]
    assert not (out / "parts").exists()


def test_datasheet_and_manifest_count_what_is_there(corpus):
    out = corpus[0]
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["failing_runs"] == 2 and manifest["equivalent_mutants"] == 1
    assert manifest["by_root_cause"] == {"contract.shape": 1, "startup.dependency": 1}
    sheet = (out / "DATASHEET.md").read_text()
    assert "Failing runs: **2**" in sheet and "test_renamed_key" in sheet


def test_classify_reads_the_packed_corpus(corpus):
    out = corpus[0]
    table = classify(sorted(str(p) for p in out.glob("*.jsonl.gz")))
    assert len(table) == 2 and table["error"].isna().all()
    by_operator = dict(zip(table["operator"], table["root_cause"], strict=True))
    assert by_operator["test_no_start"].startswith("startup.dependency")
    # the report's failed assertion names reach the evidence
    records = list(read_runs(str(out / f"{STACK}.jsonl.gz")))
    renamed = next(r for r in records if r.metadata.get("operator") == "test_renamed_key")
    assert any("articlesCount" in " ".join(req.messages) for req in renamed.requests if req.failed)


def test_truncated_gzip_keeps_earlier_records_and_names_the_file(corpus, tmp_path):
    out = corpus[0]
    data = (out / f"{STACK}.jsonl.gz").read_bytes()
    bad = tmp_path / "cut.jsonl.gz"
    bad.write_bytes(data[: len(data) - 40])
    records = list(read_runs(str(bad)))
    assert records and records[-1].error and "cut.jsonl.gz" in records[-1].error
    assert "gzip" in records[-1].error


def test_make_patch_marks_created_and_deleted_files():
    patch = build.make_patch({"a.py": "x = 1\n", "gone.py": "y = 2\n"}, {"a.py": "x = 2\n", "gone.py": None, "new.py": "z = 3\n"})
    assert "--- a/a.py\n+++ b/a.py" in patch
    assert "--- a/gone.py\n+++ /dev/null" in patch
    assert "--- /dev/null\n+++ b/new.py" in patch


@pytest.mark.skipif(not harness.available(), reason="PostgreSQL server binaries are not installed")
def test_postgres_job_gets_its_own_database_and_drops_it(tmp_path):
    jobs = build.plan([STACK], [RENAMED], ["postgres"])
    with harness.PostgresCluster(dbname="rootcause_build_test") as cluster:
        record = build.run_job(jobs[0], postgres=cluster)
        left = cluster.psql("SELECT count(*) FROM pg_database WHERE datname LIKE 'm\\_%'", dbname="postgres")
    assert record["outcome"] == "failed" and record["database"] == "postgres"
    assert record["task"].endswith("-postgres-sqlalchemy")
    assert left.strip() == "0"


def test_gzip_written_by_pack_is_deterministic(corpus, tmp_path):
    out = corpus[0]
    before = (out / f"{STACK}.jsonl.gz").read_bytes()
    build.pack(out)
    assert (out / f"{STACK}.jsonl.gz").read_bytes() == before
    with gzip.open(out / f"{STACK}.jsonl.gz", "rt") as handle:
        ids = [json.loads(line)["id"] for line in handle]
    assert ids == sorted(ids)


def test_app_source_reads_the_reference_app_without_importing_it():
    app = AppSource.from_dir(build.app_dir(STACK), STACK)
    assert "app.py" in app.files and "conduit/routes/articles.py" in app.files
    assert not any("__pycache__" in p for p in app.files)


def test_cli_builds_a_slice_and_lists_operators(tmp_path, capsys):
    from rootcause.cli import main

    out = tmp_path / "slice"
    code = main(
        ["corpus", "build", "--stack", "flask", "--operators", "snake_case_response_key", "--sites", "1", "--database", "sqlite", "-o", str(out), "--quiet"]
    )
    assert code == 0
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["failing_runs"] == 1 and manifest["by_stack"] == {"flask_sqlalchemy": 1}
    capsys.readouterr()
    assert main(["corpus", "operators", "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert any(o["name"] == "snake_case_response_key" and o["label"].startswith("contract.shape") for o in listed)


def test_cli_names_an_unknown_stack_or_operator(tmp_path, capsys):
    from rootcause.cli import main

    assert main(["corpus", "build", "--stack", "rails", "-o", str(tmp_path)]) == 2
    assert "unknown stack 'rails'" in capsys.readouterr().err
    assert main(["corpus", "build", "--operators", "no_such_operator", "-o", str(tmp_path)]) == 2
    assert "no_such_operator" in capsys.readouterr().err


def test_limit_caps_the_mutants_run_this_time(tmp_path):
    jobs = build.plan([STACK], [RENAMED], ["sqlite"])
    messages: list[str] = []
    counts = build.build(tmp_path, jobs, limit=0, progress=messages.append)
    assert counts == {"skipped": 0, "failed": 0, "equivalent": 0, "error": 0}
    assert messages == [f"{len(jobs)} mutants planned, 0 already built, running 0"]
    assert not list((tmp_path / "parts").glob("*.json"))
