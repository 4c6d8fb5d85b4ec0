"""Hostile or careless input and output paths: nothing crashes, hangs, loses a file or reads outside the tree.

Each test names the situation a user met (issue 12) and checks what they rely on: every input
record comes out, the output file is whole or untouched, the exit code says what happened.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from rootcause import classify
from rootcause.cli import main
from rootcause.code.project import MAX_CYCLES, Project
from rootcause.output import OutputError, output_file, spreadsheet_safe, terminal_safe
from rootcause.readers import read_runs
from rootcause.readers.study import read_results_tree, read_run_folder
from rootcause.readers.swebench import read_instance

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DETACHED = FIXTURES / "python" / "flask_sqlalchemy_detached.log"
STUDY_RUN = FIXTURES / "study/results/node/mini_swe_sdk/gpt-5-mini/express-openapi-sqlite/2026-03-02T09-30-00/run_0"
#: Generous guard so a hang fails the test instead of the suite; not a timing assertion.
HANG_GUARD = 600


def run_cli(*args, stdin: str | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "rootcause.cli", *map(str, args)], capture_output=True, text=True, input=stdin, timeout=HANG_GUARD)


def good_record(rid: str) -> str:
    return json.dumps({"id": rid, "server_log": DETACHED.read_text(encoding="utf-8")})


# -- JSON nested deeper than Python can parse ------------------------------------------------


def test_deeply_nested_jsonl_line_is_that_lines_error_and_the_next_lines_are_read(tmp_path):
    path = tmp_path / "runs.jsonl"
    path.write_text(good_record("a") + "\n" + '{"id":"deep","log":' + "[" * 100_000 + "]" * 100_000 + "}\n" + good_record("c") + "\n", encoding="utf-8")
    table = classify(path)
    assert list(table["id"]) == ["a", "runs.jsonl:2", "c"]
    assert "nested too deeply" in table.loc[1, "error"]
    assert table.loc[0, "root_cause"] == table.loc[2, "root_cause"] == "data.orm.detached_instance"


def test_deeply_nested_json_log_line_does_not_hide_the_traceback(tmp_path):
    log = tmp_path / "server.log"
    log.write_text('{"level":30,"msg":' + "[" * 3000 + "]" * 3000 + "}\n" + DETACHED.read_text(encoding="utf-8"), encoding="utf-8")
    row = classify(log).iloc[0]
    assert row["root_cause"] == "data.orm.detached_instance"
    assert not row["error"]


def test_deeply_nested_trajectory_in_a_run_folder_is_a_warning(tmp_path):
    run = tmp_path / "results/node/a/m/express-openapi-sqlite/2026-01-01T00-00-00/run_0"
    shutil.copytree(STUDY_RUN, run)
    (run / "mini").mkdir(exist_ok=True)
    (run / "mini" / "trajectory.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    record = read_run_folder(run)
    assert record.error is None
    assert any("nested too deeply" in w for w in record.warnings)


# -- FIFOs, symlink loops, links out of the tree -----------------------------------------------


def test_fifo_named_like_a_patch_in_a_run_folder_is_refused_not_waited_on(tmp_path):
    run = tmp_path / "run_0"
    shutil.copytree(STUDY_RUN, run)
    for patch in run.glob("*.patch"):
        patch.unlink()
    os.mkfifo(run / "agent.patch")
    record = read_run_folder(run)
    assert any("FIFO" in w for w in record.warnings), record.warnings
    assert record.server_log  # the rest of the folder was read


def test_symlink_loop_in_a_run_folder_does_not_lose_the_run(tmp_path):
    run = tmp_path / "run_0"
    shutil.copytree(STUDY_RUN, run)
    for patch in run.glob("*.patch"):
        patch.unlink()
    (run / "loop.patch").symlink_to(run / "loop.patch")
    records = list(read_runs(tmp_path))
    assert len(records) == 1 and records[0].error is None
    assert any("loop.patch" in w for w in records[0].warnings)


def test_study_reader_does_not_follow_a_link_out_of_the_tree(tmp_path):
    secret = tmp_path / "outside" / "secret.txt"
    secret.parent.mkdir()
    secret.write_text("TOP-SECRET-LINE sqlite3.OperationalError: no such table: users\n", encoding="utf-8")
    root = tmp_path / "results"
    run = root / "node/a/m/express-openapi-sqlite/2026-01-01T00-00-00/run_0"
    shutil.copytree(STUDY_RUN, run)
    (run / "conduit.log").unlink()
    (run / "conduit.log").symlink_to(secret)
    linked = root / "node/a/m/express-openapi-sqlite/2026-01-01T00-00-00/run_1"
    linked.symlink_to(secret.parent, target_is_directory=True)
    records = list(read_results_tree(root))
    assert [r.metadata["run_id"] for r in records] == ["run_0"]  # the symlinked folder is not a run
    assert "TOP-SECRET-LINE" not in (records[0].server_log or "")
    assert any("outside the input folder" in w for w in records[0].warnings)


# -- fields of unexpected types --------------------------------------------------------------


def test_swebench_report_with_fields_of_the_wrong_type(tmp_path):
    folder = tmp_path / "django__django-1"
    folder.mkdir()
    (folder / "report.json").write_text(
        json.dumps({"django__django-1": {"resolved": False, "tests_status": {"FAIL_TO_PASS": {"failure": 3}, "PASS_TO_PASS": ["x"]}}}), encoding="utf-8"
    )
    (folder / "patch.diff").write_text("", encoding="utf-8")
    record = read_instance(folder)
    assert any("failure must be a list" in w for w in record.warnings) or record.error


def test_openhands_events_with_fields_of_the_wrong_type(tmp_path):
    run = tmp_path / "run_0"
    events = run / "session" / "events"
    events.mkdir(parents=True)
    (run / "conduit.log").write_text(DETACHED.read_text(encoding="utf-8"), encoding="utf-8")
    (events / "event-0.json").write_text(json.dumps({"source": "agent", "thought": [["a", {"text": ["b"]}]], "llm_message": "not a dict"}), encoding="utf-8")
    (events / "event-1.json").write_text(json.dumps({"source": "user", "content": [[{"text": "ran tests"}], 5]}), encoding="utf-8")
    record = read_run_folder(run)
    assert record.error is None
    assert any("ran tests" in m["content"] for m in record.trajectory)


# -- import cycles and suggestions are bounded ---------------------------------------------------


def test_dense_import_cycles_are_enumerated_to_a_bound():
    files = {f"m{i}.py": "".join(f"import m{j}\n" for j in range(12) if j != i) for i in range(12)}
    cycles = Project.from_files(files).import_cycles()
    assert 0 < len(cycles) <= MAX_CYCLES


# -- output files ------------------------------------------------------------------------------


def test_output_equal_to_an_input_is_refused_and_the_input_kept(tmp_path):
    path = tmp_path / "runs.jsonl"
    path.write_text(good_record("a") + "\n", encoding="utf-8")
    before = path.read_bytes()
    proc = run_cli("classify", path, "-o", path)
    assert proc.returncode == 2 and "is also an input" in proc.stderr
    assert path.read_bytes() == before


def test_output_in_a_missing_folder_fails_before_any_work(tmp_path):
    proc = run_cli("classify", DETACHED, "-o", tmp_path / "nope" / "out.jsonl")
    assert proc.returncode == 2 and "does not exist" in proc.stderr and "Traceback" not in proc.stderr


def test_output_to_a_full_device_is_a_clear_error():
    proc = run_cli("classify", DETACHED, "-o", "/dev/full")
    assert proc.returncode == 2 and "No space left" in proc.stderr and "Traceback" not in proc.stderr


def test_internal_error_keeps_the_rows_made_and_the_old_file_until_then(tmp_path, monkeypatch, capsys):
    classify_module = sys.modules["rootcause.classify"]
    inputs = tmp_path / "runs.jsonl"
    inputs.write_text(good_record("a") + "\n" + good_record("b") + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    real = classify_module.diagnosis_row
    calls = []

    def failing_row(diagnosis):
        calls.append(diagnosis)
        if len(calls) == 2:
            raise RuntimeError("injected fault")
        return real(diagnosis)

    monkeypatch.setattr(classify_module, "diagnosis_row", failing_row)
    code = main(["classify", str(inputs), "--format", "jsonl", "-o", str(out), "--quiet"])
    assert code == 3
    assert "internal error" in capsys.readouterr().err
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["a"]


def test_a_second_writer_of_one_output_is_refused(tmp_path):
    out = tmp_path / "out.jsonl"
    with output_file(out) as handle:
        handle.write("first\n")
        with pytest.raises(OutputError, match="another rootcause run"):
            with output_file(out):
                pass
    assert out.read_text() == "first\n"


def test_an_interrupted_write_leaves_the_previous_file(tmp_path):
    out = tmp_path / "out.csv"
    out.write_text("previous\n")
    with pytest.raises(KeyboardInterrupt):
        with output_file(out) as handle:
            handle.write("half")
            raise KeyboardInterrupt
    assert out.read_text() == "previous\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]


def test_output_file_name_with_undecodable_bytes(tmp_path):
    name = os.fsdecode(os.fsencode(str(tmp_path)) + b"/out\xff.csv")
    proc = subprocess.run(
        [sys.executable, "-m", "rootcause.cli", "classify", str(DETACHED), "--format", "csv", "-o", name], capture_output=True, timeout=HANG_GUARD
    )
    assert proc.returncode == 0, proc.stderr
    assert b"detached_instance" in Path(name).read_bytes()


# -- pipes ---------------------------------------------------------------------------------------


def test_stdin_is_read_once_as_dash():
    proc = run_cli("classify", "--format", "jsonl", "-", stdin=DETACHED.read_text(encoding="utf-8"))
    row = json.loads(proc.stdout.splitlines()[0])
    assert proc.returncode == 0 and row["id"] == "-" and row["root_cause"] == "data.orm.detached_instance"


def test_dev_stdin_is_read_like_dash():
    proc = run_cli("classify", "--format", "jsonl", "/dev/stdin", stdin=DETACHED.read_text(encoding="utf-8"))
    assert proc.returncode == 0 and json.loads(proc.stdout.splitlines()[0])["root_cause"] == "data.orm.detached_instance"


# -- what reaches a spreadsheet or a terminal -----------------------------------------------------


@pytest.mark.parametrize("value", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_that_a_spreadsheet_would_run_are_neutralised(value):
    assert spreadsheet_safe(value) == "'" + value
    assert spreadsheet_safe("plain") == "plain" and spreadsheet_safe(0.5) == 0.5


def test_csv_output_neutralises_an_id_that_is_a_formula(tmp_path):
    path = tmp_path / "runs.jsonl"
    path.write_text(json.dumps({"id": "=cmd|' /C calc'!A0", "server_log": "x"}) + "\n", encoding="utf-8")
    proc = run_cli("classify", path, "--format", "csv")
    assert "\n'=cmd|" in proc.stdout


def test_terminal_escapes_in_ids_are_shown_not_run(tmp_path):
    assert terminal_safe("run\x1b[2J\x07-1\n") == "run\\x1b[2J\\x07-1\n"
    path = tmp_path / "runs.jsonl"
    path.write_text(json.dumps({"id": "run\x1b]0;owned\x07", "server_log": "x"}) + "\n", encoding="utf-8")
    proc = run_cli("classify", path)
    assert "\x1b" not in proc.stdout and "\\x1b" in proc.stdout


# -- tables with odd cells -------------------------------------------------------------------------


def test_lists_and_dicts_in_a_label_column_are_counted_as_their_json(tmp_path):
    path = tmp_path / "classified.json"
    path.write_text(json.dumps([{"id": f"r{i}", "model": ["a", "b"] if i % 2 else {"x": 1}, "root_cause": "data.orm"} for i in range(6)]), encoding="utf-8")
    proc = run_cli("stats", path, "--by", "model")
    assert proc.returncode == 0, proc.stderr
    assert '["a", "b"]' in proc.stdout and '{"x": 1}' in proc.stdout


# -- model files ---------------------------------------------------------------------------------


def test_model_with_a_foreign_token_pattern_is_refused(tmp_path):
    import copy

    from sklearn.feature_extraction.text import CountVectorizer

    from rootcause.errors import ModelError
    from rootcause.learn.persist import load, load_model, save

    model = copy.deepcopy(load_model("default"))
    vectorizers = [v for v in _walk(model) if isinstance(v, CountVectorizer)]
    assert vectorizers, "the shipped model has text features"
    vectorizers[0].token_pattern = r"(a+)+$"
    path = tmp_path / "evil.skops"
    save(model, path)
    with pytest.raises(ModelError, match="token pattern"):
        load(path)


def _walk(obj, depth=0):
    from sklearn.base import BaseEstimator

    yield obj
    if depth < 8:
        children = vars(obj).values() if isinstance(obj, BaseEstimator) else obj if isinstance(obj, (list, tuple)) else ()
        for child in children:
            yield from _walk(child, depth + 1)


def test_model_that_inflates_past_the_limit_is_refused_before_loading(tmp_path, monkeypatch):
    import rootcause.learn.persist as persist
    from rootcause.errors import ModelError

    monkeypatch.setattr(persist, "MAX_MODEL_BYTES", 1000)  # the shipped model stands in for a bomb
    with pytest.raises(ModelError, match="inflates to"):
        persist.load(persist.default_model_path())


def test_records_with_many_distinct_fields_do_not_explode_the_csv(tmp_path):
    path = tmp_path / "runs.jsonl"
    path.write_text("".join(json.dumps({"id": f"r{i}", "server_log": "x", f"field_{i}": i}) + "\n" for i in range(300)), encoding="utf-8")
    proc = run_cli("classify", path, "--format", "csv")
    header = proc.stdout.splitlines()[0].split(",")
    assert proc.returncode == 0 and len(header) <= 30 + 64 + 1 and header[-1] == "extra"
    assert '""field_299"": 299' in proc.stdout


def test_json_output_is_streamed_and_stays_a_valid_array_after_an_internal_error(tmp_path, monkeypatch):
    classify_module = sys.modules["rootcause.classify"]
    inputs = tmp_path / "runs.jsonl"
    inputs.write_text("".join(good_record(r) + "\n" for r in "abc"), encoding="utf-8")
    out = tmp_path / "out.json"
    real = classify_module.diagnosis_row
    seen = []

    def failing_row(diagnosis):
        seen.append(diagnosis)
        if len(seen) == 3:
            raise RuntimeError("injected fault")
        return real(diagnosis)

    monkeypatch.setattr(classify_module, "diagnosis_row", failing_row)
    assert main(["classify", str(inputs), "--format", "json", "-o", str(out), "--quiet"]) == 3
    assert [row["id"] for row in json.loads(out.read_text())] == ["a", "b"]


# -- a work budget per record: the analysis stops, says so, and the rest is still diagnosed ----------


def test_project_over_the_file_budget_is_analysed_in_part_and_says_so(monkeypatch):
    from rootcause.code import files

    monkeypatch.setattr(files, "MAX_PROJECT_FILES", 3)
    project = Project.from_files({f"pkg/m{i}.py": f"import pkg.missing{i}\n" for i in range(5)})
    assert len(project) == 3 and not project.complete
    assert [reason for _, reason in project.skipped] == [f"over the work budget (3 files or {files.MAX_PROJECT_BYTES} bytes per project)"] * 2


def test_record_over_the_budgets_keeps_its_diagnosis_and_warns(monkeypatch):
    import importlib

    from rootcause.code import files

    facts = importlib.import_module("rootcause.evidence.facts")

    monkeypatch.setattr(files, "MAX_PROJECT_BYTES", 100)
    monkeypatch.setattr(facts, "STATIC_SECONDS", 0.0)
    record = {
        "id": "big",
        "server_log": DETACHED.read_text(encoding="utf-8"),
        "files": {"app.py": "from models import User\n" * 3, "models.py": "class User:\n    pass\n" * 20},
    }
    from rootcause.readers.records import record_from_mapping

    row = classify([record_from_mapping(record, fallback_id="big", source="test")], model=None).iloc[0]
    assert row["root_cause"] == "data.orm.detached_instance" and not row["error"]
    warnings = " ".join(row["warnings"])
    assert "1 file(s) not analysed, over the work budget" in warnings
    assert "work budget of 0 s spent; checks not run: check_syntax" in warnings


def test_a_check_that_crashes_is_said_without_remarks_and_exits_3(tmp_path, monkeypatch, capsys):
    import importlib

    analyze = importlib.import_module("rootcause.code.analyze")  # the module, not the function the package exports

    def check_that_runs_out_of_memory(project):
        raise MemoryError("simulated")

    monkeypatch.setattr(analyze, "CHECKS", [*analyze.CHECKS, check_that_runs_out_of_memory])
    (tmp_path / "app.py").write_text("import flask\n", encoding="utf-8")
    assert main(["analyze", str(tmp_path)]) == 3
    assert "check check_that_runs_out_of_memory failed: MemoryError" in capsys.readouterr().err
