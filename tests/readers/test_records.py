"""RunRecord JSONL and JSON arrays: only ``id`` is required, every other field is echoed."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from rootcause import RunRecord, classify, read_runs
from rootcause.classify import COLUMNS
from rootcause.evidence import extract_facts
from rootcause.records import METADATA_FIELDS

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
FLASK_LOG = (FIXTURES / "python" / "flask_sqlalchemy_detached.log").read_text(encoding="utf-8")
NODE_LOG = (FIXTURES / "node" / "sequelize_eager_loading.log").read_text(encoding="utf-8")

TEXT_TRAJECTORY = """[system]
You are a helpful assistant.
[user]
Build the API.
[assistant]
Start the server.
```bash
node src/index.js
```
[user]
Error: Cannot find module './routes/users'
[assistant]
Try again.
```bash
node src/index.js
```
[user]
Error: Cannot find module './routes/users'
[assistant]
Done.
```bash
echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT
```
"""

LIST_TRAJECTORY = [
    {"role": "system", "content": "You are a helpful assistant."},
    {"role": "user", "content": "Build the API."},
    {"role": "assistant", "content": "Write the app.\n```bash\ncat > app.py <<'EOF'\nprint('hi')\nEOF\n```"},
    {"role": "user", "content": [{"type": "text", "text": "ok"}]},
    {"role": "assistant", "content": "```bash\npython app.py\n```"},
]


def write_jsonl(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_only_id_is_required(tmp_path):
    path = write_jsonl(tmp_path / "runs.jsonl", [{"id": "r1"}])
    (record,) = read_runs(path)
    assert record.id == "r1"
    assert record.error is None
    frame = classify(path)
    assert list(frame.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert frame.loc[0, "id"] == "r1"
    assert frame.loc[0, "root_cause"] == "unknown"
    assert frame.loc[0, "source"] == "default"
    assert pd.isna(frame.loc[0, "error"])


def test_a_record_without_id_still_comes_out_with_a_warning(tmp_path):
    path = write_jsonl(tmp_path / "runs.jsonl", [{"id": "r1"}, {"log": "nothing"}])
    records = list(read_runs(path))
    assert [r.id for r in records] == ["r1", "runs.jsonl:2"]
    assert any("no 'id'" in w for w in records[1].warnings)


def test_numeric_ids_become_strings(tmp_path):
    path = write_jsonl(tmp_path / "runs.jsonl", [{"id": 7}, {"id": 8}])
    assert classify(path)["id"].tolist() == ["7", "8"]


def test_unknown_fields_are_echoed_in_classify_output(tmp_path):
    rows = [{"id": "r1", "judge_label": "logic_error", "score": 0.5, "tags": ["a", "b"], "nested": {"k": 1}}, {"id": "r2", "judge_label": "other"}]
    frame = classify(write_jsonl(tmp_path / "runs.jsonl", rows))
    assert frame["id"].tolist() == ["r1", "r2"]
    assert frame["judge_label"].tolist() == ["logic_error", "other"]
    assert frame.loc[0, "score"] == 0.5
    assert frame.loc[0, "tags"] == ["a", "b"]
    assert frame.loc[0, "nested"] == {"k": 1}
    # Echoed fields come after the documented columns.
    assert list(frame.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert frame.columns.get_loc("judge_label") >= len(COLUMNS)


def test_metadata_fields_are_echoed_in_their_columns(tmp_path):
    row = {"id": "r1", "framework": "flask", "task": "flask-openapi-sqlite", "agent": "mini_swe_sdk", "model": "gpt-5-mini", "runtime": "uv"}
    frame = classify(write_jsonl(tmp_path / "runs.jsonl", [row]))
    for name in METADATA_FIELDS:
        assert frame.loc[0, name] == row[name]


def test_framework_comes_from_the_task_name_when_absent(tmp_path):
    frame = classify(write_jsonl(tmp_path / "runs.jsonl", [{"id": "r1", "task": "fastify-openapi-clean_architecture-sqlite"}]))
    assert frame.loc[0, "framework"] == "fastify"


def test_text_fields_are_read_as_evidence(tmp_path):
    path = write_jsonl(tmp_path / "runs.jsonl", [{"id": "py", "server_log": FLASK_LOG}, {"id": "node", "log": NODE_LOG}])
    py, node = read_runs(path)
    assert py.server_log == FLASK_LOG
    facts = extract_facts(py)
    assert [e.short_type for e in facts.exceptions] == ["DetachedInstanceError"]
    facts = extract_facts(node)
    assert "SequelizeEagerLoadingError" in facts.exceptions[0].names


def test_newman_summary_as_text_and_as_list(tmp_path):
    lines = ["Register POST → 500: 6 failed", "Login POST → 401: 2 failed"]
    path = write_jsonl(tmp_path / "runs.jsonl", [{"id": "text", "newman_summary": "\n".join(lines)}, {"id": "list", "newman_summary": lines}])
    text, listed = read_runs(path)
    for record in (text, listed):
        assert [(q.name, q.method, q.status, q.failed) for q in record.requests] == [("Register", "POST", 500, 6), ("Login", "POST", 401, 2)]


def test_trajectory_as_text(tmp_path):
    (record,) = read_runs(write_jsonl(tmp_path / "runs.jsonl", [{"id": "r1", "trajectory": TEXT_TRAJECTORY}]))
    assert record.trajectory == TEXT_TRAJECTORY
    traj = extract_facts(record).trajectory
    assert [t.role for t in traj.turns] == ["system", "user", "assistant", "user", "assistant", "user", "assistant"]
    assert traj.commands == ("node src/index.js", "node src/index.js", "echo COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT")
    assert traj.longest_repeat == 2
    assert traj.submitted


def test_trajectory_as_list_of_role_content(tmp_path):
    (record,) = read_runs(write_jsonl(tmp_path / "runs.jsonl", [{"id": "r1", "trajectory": LIST_TRAJECTORY}]))
    assert record.trajectory == LIST_TRAJECTORY
    traj = extract_facts(record).trajectory
    assert traj.n_turns == 5
    assert traj.turns[3].content == "ok"  # OpenAI-style content parts
    assert traj.commands[-1] == "python app.py"
    assert traj.files_written == {"app.py": "print('hi')\n"}


def test_trajectory_as_mini_swe_agent_object(tmp_path):
    traj = {"status": "LimitsExceeded", "message": "", "trajectories": LIST_TRAJECTORY}
    (record,) = read_runs(write_jsonl(tmp_path / "runs.jsonl", [{"id": "r1", "trajectory": traj}]))
    facts = extract_facts(record).trajectory
    assert facts.status == "LimitsExceeded"
    assert facts.n_turns == 5


def test_trajectory_is_not_echoed_as_a_column(tmp_path):
    frame = classify(write_jsonl(tmp_path / "runs.jsonl", [{"id": "r1", "trajectory": TEXT_TRAJECTORY, "log": "x"}]))
    assert "trajectory" not in frame.columns
    assert "log" not in frame.columns


def test_files_must_map_paths_to_text(tmp_path):
    rows = [{"id": "good", "files": {"app.py": "print(1)"}}, {"id": "bad", "files": ["app.py"]}]
    good, bad = read_runs(write_jsonl(tmp_path / "runs.jsonl", rows))
    assert good.files == {"app.py": "print(1)"} and good.warnings == ()
    assert bad.files is None
    assert any("'files'" in w for w in bad.warnings)


def test_non_string_text_fields_are_kept_as_json(tmp_path):
    (record,) = read_runs(write_jsonl(tmp_path / "runs.jsonl", [{"id": "r1", "log": {"lines": ["a", "b"]}}]))
    assert json.loads(record.log) == {"lines": ["a", "b"]}


def test_jsonl_blank_lines_are_skipped_and_order_kept(tmp_path):
    path = tmp_path / "runs.jsonl"
    path.write_text('{"id": "a"}\n\n   \n{"id": "b"}\n{"id": "c"}', encoding="utf-8")  # no final newline
    assert classify(path)["id"].tolist() == ["a", "b", "c"]


def test_jsonl_line_that_is_not_an_object_is_an_error_record(tmp_path):
    path = tmp_path / "runs.jsonl"
    path.write_text('{"id": "a"}\n[1, 2]\n{"id": "c"}\n', encoding="utf-8")
    frame = classify(path)
    assert frame["id"].tolist() == ["a", "runs.jsonl:2", "c"]
    assert f"{path}:2" in frame.loc[1, "error"]
    assert "expected a JSON object" in frame.loc[1, "error"]


def test_json_array_records(tmp_path):
    rows = [
        {"id": "a", "task": "flask-openapi-sqlite", "server_log": FLASK_LOG, "human_label": "x"},
        {"id": "b", "newman_summary": "Register POST → 404: 5 failed", "human_label": "y"},
        {"id": "c", "trajectory": LIST_TRAJECTORY},
    ]
    path = tmp_path / "runs.json"
    path.write_text(json.dumps(rows, indent=2), encoding="utf-8")
    frame = classify(path)
    assert frame["id"].tolist() == ["a", "b", "c"]
    assert frame.loc[0, "framework"] == "flask"
    assert frame["human_label"].tolist()[:2] == ["x", "y"]
    assert frame["error"].isna().all()


def test_json_array_with_a_non_object_item(tmp_path):
    path = tmp_path / "runs.json"
    path.write_text(json.dumps([{"id": "a"}, "oops", {"id": "c"}]), encoding="utf-8")
    frame = classify(path)
    assert frame["id"].tolist() == ["a", "runs.json[1]", "c"]
    assert str(path) in frame.loc[1, "error"] and "item 1" in frame.loc[1, "error"]


def test_json_array_item_without_id_uses_its_position(tmp_path):
    path = tmp_path / "runs.json"
    path.write_text(json.dumps([{"id": "a"}, {"log": "x"}]), encoding="utf-8")
    assert classify(path)["id"].tolist() == ["a", "runs.json[1]"]


def test_json_scalar_is_an_error_record(tmp_path):
    path = tmp_path / "runs.json"
    path.write_text("42", encoding="utf-8")
    (record,) = read_runs(path)
    assert record.error and str(path) in record.error


def test_runrecords_and_paths_mix_in_input_order(tmp_path):
    path = write_jsonl(tmp_path / "runs.jsonl", [{"id": "from-file-1"}, {"id": "from-file-2"}])
    inputs = [RunRecord(id="first"), path, RunRecord(id="last", server_log=FLASK_LOG, metadata={"note": "kept"})]
    frame = classify(inputs)
    assert frame["id"].tolist() == ["first", "from-file-1", "from-file-2", "last"]
    assert frame.loc[3, "note"] == "kept"


def test_an_empty_json_array_gives_an_empty_frame_with_the_columns(tmp_path):
    path = tmp_path / "runs.json"
    path.write_text("[]", encoding="utf-8")
    frame = classify(path)
    assert frame.empty
    assert list(frame.columns) == list(COLUMNS)


def test_an_empty_jsonl_file_is_reported_not_skipped(tmp_path):
    path = tmp_path / "runs.jsonl"
    path.write_text("", encoding="utf-8")
    frame = classify(path)
    assert len(frame) == 1
    assert frame.loc[0, "root_cause"] == "unknown"
    assert str(path) in frame.loc[0, "error"] and "empty" in frame.loc[0, "error"]
