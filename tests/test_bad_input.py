"""Bad input never stops a sweep: every input record comes out, problems name the file.

Each case runs through the library (``rootcause.classify``) and the command line
(``python -m rootcause.cli classify``): exit 1 when some input failed, 0 when none did.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from rootcause import classify

FIXTURES = Path(__file__).resolve().parent / "fixtures"
DETACHED = FIXTURES / "python" / "flask_sqlalchemy_detached.log"
STUDY_RUN = FIXTURES / "study/results/node/mini_swe_sdk/gpt-5-mini/express-openapi-sqlite/2026-03-02T09-30-00/run_0"
#: Generous guard so a regex blow-up fails the test instead of hanging the suite; not a timing assertion.
HANG_GUARD = 600


def cli(*args: str | Path, timeout: float = HANG_GUARD) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "rootcause.cli", "classify", "--format", "jsonl", *map(str, args)], capture_output=True, text=True, timeout=timeout
    )


def rows(proc: subprocess.CompletedProcess) -> list[dict]:
    return [json.loads(line) for line in proc.stdout.splitlines() if line.strip()]


def good_jsonl(tmp_path: Path) -> Path:
    path = tmp_path / "good.jsonl"
    path.write_text(json.dumps({"id": "good-1", "server_log": DETACHED.read_text(encoding="utf-8")}) + "\n", encoding="utf-8")
    return path


# --- binary ------------------------------------------------------------------------------------


@pytest.fixture
def binary_file(tmp_path):
    path = tmp_path / "dump.log"
    path.write_bytes(bytes(range(256)) * 64)
    return path


def test_binary_file_library(binary_file):
    frame = classify(binary_file)
    assert len(frame) == 1
    assert frame.loc[0, "root_cause"] == "unknown"
    assert str(binary_file) in frame.loc[0, "error"] and "binary" in frame.loc[0, "error"]


def test_binary_file_cli(binary_file):
    proc = cli(binary_file)
    assert proc.returncode == 1
    (row,) = rows(proc)
    assert str(binary_file) in row["error"]
    assert str(binary_file) in proc.stderr


@pytest.mark.parametrize("suffix", [".jsonl", ".json", ".csv", ".xml"])
def test_binary_file_with_a_structured_name(tmp_path, suffix):
    path = tmp_path / f"data{suffix}"
    path.write_bytes(b"\x00\x01\x02\x03" * 1000)
    frame = classify(path)
    assert len(frame) == 1
    assert frame.loc[0, "error"] and str(path) in frame.loc[0, "error"]


# --- invalid UTF-8 ---------------------------------------------------------------------------


@pytest.fixture
def bad_utf8_log(tmp_path):
    """The real detached-instance log with two undecodable bytes in a request line before the traceback."""
    data = DETACHED.read_bytes()
    offset = data.index(b"Traceback")
    path = tmp_path / "detached_latin1.log"
    path.write_bytes(data[:offset] + b"caf\xe9 \xff\n" + data[offset:])
    return path, offset + 3


def test_invalid_utf8_log_is_classified_with_a_warning(bad_utf8_log):
    path, bad_offset = bad_utf8_log
    frame = classify(path)
    assert len(frame) == 1
    assert pd.isna(frame.loc[0, "error"])
    warnings = frame.loc[0, "warnings"]
    assert any(str(path) in w and f"byte {bad_offset}" in w for w in warnings), warnings
    # Still classified, as the clean log is.
    assert frame.loc[0, "root_cause"] == classify(DETACHED).loc[0, "root_cause"] != "unknown"


def test_invalid_utf8_log_cli_exit_0(bad_utf8_log):
    path, bad_offset = bad_utf8_log
    proc = cli(path)
    assert proc.returncode == 0
    (row,) = rows(proc)
    assert row["error"] is None
    assert any(f"byte {bad_offset}" in w for w in row["warnings"])


@pytest.fixture
def bad_utf8_jsonl(tmp_path):
    path = tmp_path / "runs.jsonl"
    path.write_bytes(b'{"id": "a", "log": "fine"}\n{"id": "b", "log": "caf\xe9"}\n{"id": "c", "log": "fine too"}\n')
    return path


def test_invalid_utf8_jsonl_line_is_an_error_record(bad_utf8_jsonl):
    frame = classify(bad_utf8_jsonl)
    assert frame["id"].tolist() == ["a", "runs.jsonl:2", "c"]
    assert f"{bad_utf8_jsonl}:2" in frame.loc[1, "error"]
    assert "UTF-8" in frame.loc[1, "error"]
    assert frame.loc[1, "root_cause"] == "unknown"
    assert frame.loc[[0, 2], "error"].isna().all()


def test_invalid_utf8_jsonl_cli(bad_utf8_jsonl):
    proc = cli(bad_utf8_jsonl)
    assert proc.returncode == 1
    assert [r["id"] for r in rows(proc)] == ["a", "runs.jsonl:2", "c"]
    assert f"{bad_utf8_jsonl}:2" in proc.stderr


def test_invalid_utf8_json_array_names_file_and_line(tmp_path):
    path = tmp_path / "runs.json"
    path.write_bytes(b'[\n{"id": "a"},\n{"id": "caf\xe9"}\n]\n')
    frame = classify(path)
    assert len(frame) == 1
    assert f"{path}:3" in frame.loc[0, "error"]


# --- truncated / malformed JSON ----------------------------------------------------------------


@pytest.fixture
def truncated_jsonl(tmp_path):
    text = DETACHED.read_text(encoding="utf-8")
    lines = [
        json.dumps({"id": "first", "server_log": text}),
        json.dumps({"id": "second", "server_log": text})[:80],  # cut mid-string
        json.dumps({"id": "third", "newman_summary": "Register POST → 500: 6 failed"}),
        json.dumps({"id": "fourth"}),
    ]
    path = tmp_path / "runs.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_truncated_jsonl_line_library(truncated_jsonl):
    frame = classify(truncated_jsonl)
    assert frame["id"].tolist() == ["first", "runs.jsonl:2", "third", "fourth"]
    bad = frame.loc[1]
    assert bad["root_cause"] == "unknown"
    assert f"{truncated_jsonl}:2" in bad["error"]
    assert frame.loc[0, "root_cause"] == classify(DETACHED).loc[0, "root_cause"]
    assert frame.loc[[0, 2, 3], "error"].isna().all()


def test_truncated_jsonl_line_cli(truncated_jsonl):
    proc = cli(truncated_jsonl)
    assert proc.returncode == 1
    out = rows(proc)
    assert [r["id"] for r in out] == ["first", "runs.jsonl:2", "third", "fourth"]
    assert out[1]["root_cause"] == "unknown" and f"{truncated_jsonl}:2" in out[1]["error"]
    assert f"{truncated_jsonl}:2" in proc.stderr
    assert "1 input record(s) could not be read" in proc.stderr


def test_truncated_last_line_without_newline(tmp_path):
    path = tmp_path / "runs.jsonl"
    path.write_text('{"id": "a"}\n{"id": "b", "log": "unfinish', encoding="utf-8")
    frame = classify(path)
    assert frame["id"].tolist() == ["a", "runs.jsonl:2"]
    assert "truncated" in frame.loc[1, "error"] and f"{path}:2" in frame.loc[1, "error"]


@pytest.fixture
def malformed_array(tmp_path):
    path = tmp_path / "runs.json"
    path.write_text('[\n  {"id": "a"},\n  {"id": "b",,}\n]\n', encoding="utf-8")
    return path


def test_malformed_json_array_library(malformed_array):
    frame = classify(malformed_array)
    assert len(frame) == 1
    assert frame.loc[0, "root_cause"] == "unknown"
    assert f"{malformed_array}:3" in frame.loc[0, "error"]
    assert "malformed JSON" in frame.loc[0, "error"]


def test_malformed_json_array_cli(malformed_array):
    proc = cli(malformed_array)
    assert proc.returncode == 1
    (row,) = rows(proc)
    assert str(malformed_array) in row["error"]
    assert str(malformed_array) in proc.stderr


def test_truncated_json_array(tmp_path):
    path = tmp_path / "runs.json"
    path.write_text('[{"id": "a"}, {"id": "b",', encoding="utf-8")
    frame = classify(path)
    assert len(frame) == 1 and str(path) in frame.loc[0, "error"]


# --- size and adversarial lines ------------------------------------------------------------------


def test_50mb_single_line_log(tmp_path):
    path = tmp_path / "huge.log"
    with path.open("wb") as handle:
        chunk = b"x" * (1 << 20)
        for _ in range(50):
            handle.write(chunk)
    frame = classify(path)
    assert len(frame) == 1
    assert pd.isna(frame.loc[0, "error"])
    assert any(str(path) in w and "bytes" in w for w in frame.loc[0, "warnings"])


def test_50mb_single_line_log_cli(tmp_path):
    path = tmp_path / "huge.log"
    with path.open("wb") as handle:
        handle.write(b"Traceback (most recent call last): " + b"y" * (50 << 20))
    proc = cli(path)
    assert proc.returncode == 0
    (row,) = rows(proc)
    assert row["id"] == "huge.log"


def test_large_log_keeps_the_tail(tmp_path):
    """A log over the size cap keeps its end, where the failure is."""
    path = tmp_path / "long.log"
    tail = DETACHED.read_bytes()
    with path.open("wb") as handle:
        handle.write(b"n" * (17 << 20) + b"\n" + tail)  # one 17 MB noise line, then the real log
    frame = classify(path)
    assert frame.loc[0, "root_cause"] == classify(DETACHED).loc[0, "root_cause"]
    assert any("only the last" in w for w in frame.loc[0, "warnings"])


ADVERSARIAL = {
    "a-bang": "a" * 200_000 + "!",
    "quotes": '"' * 100_000,
    "spaces-bang": " " * 200_000 + "!",
    "file-quote": 'File "' * 40_000,
    "at-paren": "    at " + "a (" * 70_000,
    "error-colon": "Error: " + ":" * 200_000,
    "dotted": "a." * 100_000 + "Error: x",
    "brackets": "[" * 100_000 + "Error: x",
    "summary": "Name GET → " + "5" * 200_000,
    "http": '"GET ' + "/" * 200_000 + ' HTTP/1.1" 200',
    "failed": "FAILED " + "a" * 200_000,
    "underscores": "_" * 200_000 + " x " + "_" * 200_000,
    "sql": "[SQL: " + "(" * 200_000,
    "backticks": "`" * 200_000,
}


@pytest.fixture
def adversarial_log(tmp_path):
    path = tmp_path / "adversarial.log"
    path.write_text("Traceback (most recent call last):\n" + "\n".join(ADVERSARIAL.values()) + "\n", encoding="utf-8")
    return path


def test_adversarial_lines_in_a_log(adversarial_log):
    frame = classify(adversarial_log)
    assert len(frame) == 1 and pd.isna(frame.loc[0, "error"])


def test_adversarial_lines_in_every_record_field(tmp_path):
    path = tmp_path / "adversarial.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for name, line in ADVERSARIAL.items():
            record = {
                "id": name,
                "log": line,
                "server_log": line + "\n" + line,
                "newman_summary": line,
                "test_output": "===== test session starts =====\n" + line + "\n" + line,
                "trajectory": "[assistant]\n```bash\n" + line + "\n",
                "patch": "diff --git a/x b/x\n" + line,
            }
            handle.write(json.dumps(record) + "\n")
    frame = classify(path)
    assert frame["id"].tolist() == list(ADVERSARIAL)


def test_adversarial_lines_cli(adversarial_log):
    proc = cli(adversarial_log)
    assert proc.returncode == 0
    assert len(rows(proc)) == 1


# --- missing and empty inputs ---------------------------------------------------------------------


def test_empty_folder(tmp_path):
    folder = tmp_path / "nothing"
    folder.mkdir()
    frame = classify(folder)
    assert len(frame) == 1
    assert str(folder) in frame.loc[0, "error"] and "empty" in frame.loc[0, "error"]
    proc = cli(folder)
    assert proc.returncode == 1 and str(folder) in proc.stderr


def test_missing_path(tmp_path):
    # The API raises (the caller named the path); the command line keeps an error row and exits 1.
    missing = tmp_path / "does-not-exist.log"
    with pytest.raises(FileNotFoundError, match="does-not-exist.log"):
        classify(missing)
    proc = cli(missing)
    assert proc.returncode == 1
    assert str(missing) in rows(proc)[0]["error"] and str(missing) in proc.stderr


def test_empty_log_file(tmp_path):
    path = tmp_path / "server.log"
    path.write_text("", encoding="utf-8")
    frame = classify(path)
    assert str(path) in frame.loc[0, "error"] and "empty" in frame.loc[0, "error"]


def test_whitespace_only_log_file(tmp_path):
    path = tmp_path / "server.log"
    path.write_text("\n\n   \n", encoding="utf-8")
    assert str(path) in classify(path).loc[0, "error"]


def test_folder_with_unrelated_files(tmp_path):
    folder = tmp_path / "misc"
    folder.mkdir()
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    frame = classify(folder)
    assert len(frame) == 1 and str(folder) in frame.loc[0, "error"]


def test_run_folder_with_nothing_readable(tmp_path):
    run = tmp_path / "results/node/a/m/express-openapi-sqlite/2026-01-01T00-00-00/run_0"
    (run / "mini").mkdir(parents=True)
    frame = classify(tmp_path / "results")
    assert len(frame) == 1
    assert frame.loc[0, "root_cause"] == "unknown"
    assert str(run) in frame.loc[0, "error"]
    assert frame.loc[0, "task"] == "express-openapi-sqlite"
    proc = cli(tmp_path / "results")
    assert proc.returncode == 1 and str(run) in proc.stderr


def test_run_folder_whose_files_are_all_empty(tmp_path):
    run = tmp_path / "results/node/a/m/express-openapi-sqlite/2026-01-01T00-00-00/run_0"
    run.mkdir(parents=True)
    for name in ("conduit.log", "setup.log", "a-express-openapi-sqlite.patch", "newman-run-report-x.csv"):
        (run / name).write_bytes(b"")
    frame = classify(tmp_path / "results")
    assert len(frame) == 1
    assert frame.loc[0, "id"] == "node/a/m/express-openapi-sqlite/run_0"
    problems = list(frame.loc[0, "warnings"]) + ([frame.loc[0, "error"]] if isinstance(frame.loc[0, "error"], str) else [])
    assert any("newman-run-report-x.csv" in p for p in problems)  # the unreadable report is named


def test_run_folder_with_broken_members(tmp_path):
    run = tmp_path / "results/node/a/m/express-openapi-sqlite/2026-01-01T00-00-00/run_0"
    shutil.copytree(STUDY_RUN, run)
    (run / "conduit.log").write_bytes(b"\x00\x01" * 5000)  # binary
    (next(run.glob("newman-run-report-*.csv"))).write_text("not,a,report\n1,2,3\n", encoding="utf-8")
    frame = classify(tmp_path / "results")
    assert len(frame) == 1
    warnings = frame.loc[0, "warnings"]
    assert any("conduit.log" in w and "binary" in w for w in warnings)
    assert any("newman-run-report" in w for w in warnings)


# --- mixing good and bad --------------------------------------------------------------------------


def test_every_input_comes_out_in_order(tmp_path, binary_file, malformed_array):
    missing = tmp_path / "missing.log"
    good = good_jsonl(tmp_path)
    inputs = [good, missing, binary_file, DETACHED, malformed_array]
    frame = classify([p for p in inputs if p != missing])  # the API raises for a missing path (test_missing_path)
    assert frame["id"].tolist() == ["good-1", binary_file.name, DETACHED.name, str(malformed_array)]
    failed = frame["error"].notna().tolist()
    assert failed == [False, True, False, True]
    for index, path in ((1, binary_file), (3, malformed_array)):
        assert str(path) in frame.loc[index, "error"]

    proc = cli(*inputs)
    assert proc.returncode == 1
    assert [r["id"] for r in rows(proc)] == ["good-1", str(missing), binary_file.name, DETACHED.name, str(malformed_array)]
    assert "3 input record(s) could not be read" in proc.stderr


def test_exit_0_when_nothing_failed(tmp_path):
    proc = cli(good_jsonl(tmp_path), DETACHED, FIXTURES / "pytest" / "pytest_rA.txt")
    assert proc.returncode == 0
    assert len(rows(proc)) == 3
    assert "could not be read" not in proc.stderr


def test_warnings_alone_do_not_fail_the_run():
    """A run folder missing conduit.log is read with a warning: exit 0."""
    loop_run = FIXTURES / "study/results/node/mini_swe_sdk/gpt-5-mini/express-openapi-unconstrained/2026-03-03T14-00-00/run_1"
    proc = cli(loop_run)
    assert proc.returncode == 0
    (row,) = rows(proc)
    assert any("conduit.log" in w for w in row["warnings"])


def test_folder_given_a_file_format(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "rootcause.cli", "classify", "--format", "jsonl", "--input-format", "log", str(FIXTURES / "swebench")],
        capture_output=True,
        text=True,
        timeout=HANG_GUARD,
    )
    assert proc.returncode == 1
    (row,) = rows(proc)
    assert str(FIXTURES / "swebench") in row["error"]


def test_a_wrong_input_format_gives_one_error_for_the_file(tmp_path):
    path = tmp_path / "server.log"
    path.write_text("line one\nline two\nline three\n", encoding="utf-8")
    proc = cli(path, "--input-format", "jsonl")
    assert proc.returncode == 1
    (row,) = rows(proc)
    assert "none of its 3 records could be read as jsonl (--input-format jsonl was given" in row["error"]
    assert proc.stderr.count("malformed JSON") == 1
