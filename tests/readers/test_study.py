"""The study's results tree: one record per run folder, newest timestamp per task, metadata from the path."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from rootcause import classify, read_runs
from rootcause.parsing.trajectory import parse_trajectory
from rootcause.readers.newman_csv import read_newman_csv
from rootcause.readers.study import find_run_folders, read_run_folder

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
STUDY = FIXTURES / "study" / "results"
MANIFEST = yaml.safe_load((FIXTURES / "study" / "MANIFEST.yaml").read_text(encoding="utf-8"))
TASK = STUDY / "node/mini_swe_sdk/gpt-5-mini/express-openapi-sqlite"
OLD_RUN = TASK / "2026-03-01T10-00-00/run_0"
NEW_RUN = TASK / "2026-03-02T09-30-00/run_0"
LOOP_RUN = STUDY / "node/mini_swe_sdk/gpt-5-mini/express-openapi-unconstrained/2026-03-03T14-00-00/run_1"
OPENHANDS_RUN = STUDY / "node/openhands_sdk/gpt-5-mini/express-openapi-sqlite/2026-03-04T08-15-00/run_0"

NEWEST = [r["run_dir"] for r in MANIFEST["runs"] if r["newest_for_task"]]
OLDER = [r["run_dir"] for r in MANIFEST["runs"] if not r["newest_for_task"]]


@pytest.fixture(scope="module")
def records():
    return list(read_runs(STUDY))


def test_one_record_per_newest_run_folder(records):
    assert len(records) == len(NEWEST) == 3
    sources = {Path(r.source).resolve() for r in records}
    assert sources == {(FIXTURES / "study" / d).resolve() for d in NEWEST}


def test_older_timestamp_folder_is_ignored(records):
    assert OLDER == ["results/node/mini_swe_sdk/gpt-5-mini/express-openapi-sqlite/2026-03-01T10-00-00/run_0"]
    assert all("2026-03-01T10-00-00" not in r.source for r in records)
    sqlite_mini = [r for r in records if r.metadata["agent"] == "mini_swe_sdk" and r.metadata["task"] == "express-openapi-sqlite"]
    assert len(sqlite_mini) == 1
    assert sqlite_mini[0].metadata["timestamp"] == "2026-03-02T09-30-00"


def test_newest_folder_content_is_what_is_read(records):
    """The older folder's defect (401 on Current User) must not leak into the task's record."""
    (record,) = [r for r in records if r.source == str(NEW_RUN)]
    failing = [q.name for q in record.requests if not q.ok]
    assert failing == ["Articles Favorited by Username"]
    current_user = next(q for q in record.requests if q.name == "Current User")
    assert current_user.status == 200


def test_find_run_folders_on_the_tree_picks_newest_per_task():
    runs = find_run_folders(STUDY)
    assert NEW_RUN in runs and OLD_RUN not in runs
    assert len(runs) == 3


def test_records_come_in_a_stable_order(records):
    again = [r.id for r in read_runs(STUDY)]
    assert again == [r.id for r in records]


def test_metadata_parsed_from_the_path(records):
    by_source = {r.source: r for r in records}
    meta = by_source[str(NEW_RUN)].metadata
    assert meta["runtime"] == "node"
    assert meta["agent"] == "mini_swe_sdk"
    assert meta["model"] == "gpt-5-mini"
    assert meta["task"] == "express-openapi-sqlite"
    assert meta["run_id"] == "run_0"
    assert meta["framework"] == "express"
    assert meta["timestamp"] == "2026-03-02T09-30-00"

    loop = by_source[str(LOOP_RUN)].metadata
    assert (loop["task"], loop["run_id"], loop["framework"]) == ("express-openapi-unconstrained", "run_1", "express")

    oh = by_source[str(OPENHANDS_RUN)].metadata
    assert (oh["agent"], oh["model"], oh["runtime"]) == ("openhands_sdk", "gpt-5-mini", "node")


def test_record_ids_name_runtime_agent_model_task_and_run(records):
    ids = [r.id for r in records]
    assert "node/mini_swe_sdk/gpt-5-mini/express-openapi-sqlite/run_0" in ids
    assert "node/mini_swe_sdk/gpt-5-mini/express-openapi-unconstrained/run_1" in ids
    assert "node/openhands_sdk/gpt-5-mini/express-openapi-sqlite/run_0" in ids
    assert len(set(ids)) == len(ids)


def test_metadata_is_echoed_by_classify():
    frame = classify(STUDY)
    assert len(frame) == 3
    row = frame.set_index("id").loc["node/mini_swe_sdk/gpt-5-mini/express-openapi-sqlite/run_0"]
    assert (row["framework"], row["task"], row["agent"], row["model"], row["runtime"]) == (
        "express",
        "express-openapi-sqlite",
        "mini_swe_sdk",
        "gpt-5-mini",
        "node",
    )
    assert row["run_id"] == "run_0"
    assert row["timestamp"] == "2026-03-02T09-30-00"


def test_run_folder_fields_are_read(records):
    by_source = {r.source: r for r in records}
    record = by_source[str(NEW_RUN)]
    assert record.error is None
    assert "Server listening on port 3000" in record.server_log  # conduit.log
    assert "npm" in record.log  # setup.log
    assert record.patch.startswith("diff --git")
    assert record.metadata["patch_file"].endswith("mini_swe_sdk-express-openapi-sqlite.patch")
    assert record.warnings == ()


def test_run_folder_without_conduit_log_reads_with_a_warning(records):
    (record,) = [r for r in records if r.source == str(LOOP_RUN)]
    assert not (LOOP_RUN / "conduit.log").exists()
    assert record.error is None
    assert record.server_log is None
    assert record.patch and record.requests and record.trajectory
    assert any("conduit.log" in w and str(LOOP_RUN) in w for w in record.warnings)


def test_missing_conduit_log_warning_reaches_the_output():
    frame = classify(LOOP_RUN)
    (warnings,) = frame["warnings"]
    assert any("conduit.log" in w for w in warnings)
    assert frame["error"].isna().all()


def test_a_single_run_folder_reads_as_one_record():
    (record,) = read_runs(NEW_RUN)
    assert record.id == "node/mini_swe_sdk/gpt-5-mini/express-openapi-sqlite/run_0"
    assert record.metadata["timestamp"] == "2026-03-02T09-30-00"


def test_an_older_run_folder_named_explicitly_is_still_read():
    """Newest-per-task applies to trees; a run folder a user names is read as given."""
    (record,) = read_runs(OLD_RUN)
    assert record.metadata["timestamp"] == "2026-03-01T10-00-00"
    failing = [(q.name, q.status) for q in record.requests if not q.ok]
    assert ("Current User", 401) in failing


def test_run_folder_copied_elsewhere_keeps_task_metadata(tmp_path):
    """Outside a ``results`` folder the names above run_N still give task and timestamp."""
    target = tmp_path / "express-openapi-sqlite" / "2026-03-02T09-30-00" / "run_0"
    shutil.copytree(NEW_RUN, target)
    (record,) = read_runs(target)
    assert record.metadata["task"] == "express-openapi-sqlite"
    assert record.metadata["timestamp"] == "2026-03-02T09-30-00"
    assert record.metadata["framework"] == "express"
    assert record.metadata["run_id"] == "run_0"


def test_two_timestamps_in_a_copied_tree_pick_the_newest(tmp_path):
    root = tmp_path / "results"
    shutil.copytree(STUDY, root)
    # A third, newer timestamp for the same task: only it is read.
    newer = root / "node/mini_swe_sdk/gpt-5-mini/express-openapi-sqlite/2026-03-05T00-00-00/run_0"
    shutil.copytree(OLD_RUN, newer)
    records = list(read_runs(root))
    assert len(records) == 3
    mini_sqlite = [r for r in records if r.metadata["agent"] == "mini_swe_sdk" and r.metadata["task"] == "express-openapi-sqlite"]
    assert [r.metadata["timestamp"] for r in mini_sqlite] == ["2026-03-05T00-00-00"]


def test_mini_trajectory_json_becomes_a_trajectory(records):
    (record,) = [r for r in records if r.source == str(LOOP_RUN)]
    assert isinstance(record.trajectory, dict)
    facts = parse_trajectory(record.trajectory)
    assert facts.status == "LimitsExceeded"
    assert facts.n_turns > 5
    assert facts.longest_repeat == 8
    assert facts.repeated_command == "node src/index.js"
    assert not facts.submitted


def test_mini_trajectory_submitted(records):
    (record,) = [r for r in records if r.source == str(NEW_RUN)]
    facts = parse_trajectory(record.trajectory)
    assert facts.status == "Submitted"
    assert facts.submitted


def test_openhands_events_become_a_message_list(records):
    (record,) = [r for r in records if r.source == str(OPENHANDS_RUN)]
    trajectory = record.trajectory
    assert isinstance(trajectory, list) and trajectory
    assert all(set(m) == {"role", "content"} for m in trajectory)
    assert {m["role"] for m in trajectory} == {"user", "assistant"}
    # Event order is kept: the task prompt first, the agent's tool calls after.
    assert trajectory[0]["role"] == "user" and "openapi" in trajectory[0]["content"]
    facts = parse_trajectory(trajectory)
    assert any("/comments" in c and c.startswith("curl") for c in facts.commands)
    # The 404 the agent saw is in an observation turn.
    assert any(m["role"] == "user" and "Cannot POST" in m["content"] for m in trajectory)


def test_newman_csv_requests_with_statuses_and_failed_assertions(records):
    (record,) = [r for r in records if r.source == str(OPENHANDS_RUN)]
    assert len(record.requests) == 14
    assert [q.position for q in record.requests] == list(range(14))
    comment = next(q for q in record.requests if q.name == "Create Comment for Article")
    assert (comment.method, comment.status, comment.failed, comment.assertions) == ("POST", 404, 5, 5)
    assert comment.messages[0] == "Response code is 200"
    assert 'Response contains "comment" property' in comment.messages
    assert comment.url.endswith("/api/articles/how-to-train-your-dragon/comments")
    ok = next(q for q in record.requests if q.name == "Register")
    assert ok.ok and ok.status == 201 and ok.messages == ()


def test_newman_csv_empty_code_is_none():
    (report,) = sorted(LOOP_RUN.glob("newman-run-report-*.csv"))
    requests = read_newman_csv(report)
    assert len(requests) == 14
    assert all(q.status is None for q in requests)
    assert all(not q.ok for q in requests)
    register = requests[0]
    assert register.name == "Register" and register.failed == 5
    assert register.messages == (
        "Response code is 201",
        'Response contains "user" property',
        'user has "email" property',
        'user has "username" property',
        'user has "token" property',
    )


def test_newman_csv_fixture_failing_requests_match_manifest():
    requests = read_newman_csv(FIXTURES / "newman" / "newman-run-report-2026-11-22-03-43-22-318-0.csv")
    failing = {(q.name, q.method, q.status, q.failed) for q in requests if not q.ok}
    assert failing == {
        ("Current User", "GET", 401, 5),
        ("Articles by Tag", "GET", 500, 4),
        ("Articles Favorited by Username", "GET", 200, 2),
        ("Create Comment for Article", "POST", 404, 5),
    }


def test_newman_csv_server_down_fixture():
    requests = read_newman_csv(FIXTURES / "newman" / "newman-run-report-down.csv")
    assert len(requests) == 14
    assert all(q.status is None for q in requests)
    assert all(q.failed > 0 for q in requests)


def test_newman_csv_assertion_names_containing_a_comma_stay_whole():
    (report,) = sorted(LOOP_RUN.glob("newman-run-report-*.csv"))
    create = next(q for q in read_newman_csv(report) if q.name == "Create Article")
    assert create.failed == 9
    assert len(create.messages) == create.failed
    assert create.messages[-1] == 'Article has tagList ["training", "dragons"]'


def test_run_folder_with_no_readable_member_is_an_error(tmp_path):
    run = tmp_path / "results/node/a/m/express-openapi-sqlite/2026-01-01T00-00-00/run_0"
    (run / "mini").mkdir(parents=True)  # marks a run folder, holds nothing
    (record,) = read_runs(tmp_path / "results")
    assert record.error and str(run) in record.error
    assert record.metadata["task"] == "express-openapi-sqlite"


def test_results_tree_without_run_folders_is_an_error(tmp_path):
    (tmp_path / "results" / "node").mkdir(parents=True)
    (tmp_path / "results" / "node" / "notes.txt").write_text("nothing here", encoding="utf-8")
    (record,) = read_runs(tmp_path / "results")
    assert record.error and "no run folders" in record.error and str(tmp_path / "results") in record.error


def test_malformed_mini_trajectory_is_a_warning_naming_the_file(tmp_path):
    run = tmp_path / "results/node/a/m/express-openapi-sqlite/2026-01-01T00-00-00/run_0"
    shutil.copytree(NEW_RUN, run)
    (run / "mini" / "trajectory.json").write_text('{"status": "Submitted", "trajectories": [', encoding="utf-8")
    record = read_run_folder(run)
    assert record.error is None  # other members still read
    assert record.trajectory is None
    assert any("trajectory.json" in w and ("malformed JSON" in w or "truncated JSON" in w) for w in record.warnings)
