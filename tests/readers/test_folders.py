"""Run folders in no named layout: a benchmark's sample folders, read by file names (never run)."""

from __future__ import annotations

from pathlib import Path

import rootcause
from rootcause.readers import detect_format, read_runs

SAMPLE = "results/gpt-4o/SecretStorage/Python-FastAPI/temp0.2-openapi-none/sample3"

HARNESS_LOG = """INFO 2026-12-07 10:00:00,100 running functional test: func_test_register
INFO 2026-12-07 10:00:00,200 started server process (python3 app.py), port=5000
INFO 2026-12-07 10:00:01,300 server logs:
Traceback (most recent call last):
  File "/srv/app/app.py", line 1, in <module>
    from flask_sqlalchemy import SQLAlchemy
ModuleNotFoundError: No module named 'flask_sqlalchemy'
INFO 2026-12-07 10:00:01,400 Functional test func_test_register failed
"""
FUNC_TEST = "Server did not start in time\nFunctional test func_test_register failed\n"


def _tree(root: Path) -> Path:
    sample = root / SAMPLE
    (sample / "code").mkdir(parents=True)
    (sample / "code" / "app.py").write_text("from flask_sqlalchemy import SQLAlchemy\n", encoding="utf-8")
    (sample / "test.log").write_text(HARNESS_LOG, encoding="utf-8")
    (sample / "func_test_register.log").write_text(FUNC_TEST, encoding="utf-8")
    other = root / "results/gpt-4o/SecretStorage/JavaScript-express/temp0.2-openapi-none/sample0"
    (other / "code" / "node_modules" / "express").mkdir(parents=True)
    (other / "code" / "node_modules" / "express" / "index.js").write_text("module.exports = {};\n", encoding="utf-8")
    (other / "code" / "app.js").write_text("const express = require('express');\n", encoding="utf-8")
    (other / "test.log").write_bytes(b"\x00\x01\x02binary")
    (other / "func_test_x.log").write_text("Expected 200 but got 404 for GET /x\n", encoding="utf-8")
    return root


def test_a_results_tree_is_detected_and_each_sample_is_one_record(tmp_path):
    root = _tree(tmp_path / "bax")
    assert detect_format(root) == "folder"
    records = list(read_runs([root]))
    assert [r.id for r in records] == ["results/gpt-4o/SecretStorage/JavaScript-express/temp0.2-openapi-none/sample0", SAMPLE]
    node, python = records
    assert python.log == HARNESS_LOG and python.test_output == FUNC_TEST
    assert python.files == {"code/app.py": "from flask_sqlalchemy import SQLAlchemy\n"}
    assert (python.metadata["framework"], python.metadata["runtime"]) == ("fastapi", "python")
    # Installed packages are not the program; a binary log is named and left out, the run goes on.
    assert list(node.files) == ["code/app.js"]
    assert node.log is None and any("test.log" in w and "binary" in w for w in node.warnings)
    assert node.metadata["framework"] == "express"


def test_samples_are_classified_from_their_logs_and_code(tmp_path):
    table = rootcause.classify(_tree(tmp_path / "bax"))
    by_id = dict(zip(table["id"], table["root_cause"], strict=True))
    assert by_id[SAMPLE].startswith("startup.dependency")
    assert by_id["results/gpt-4o/SecretStorage/JavaScript-express/temp0.2-openapi-none/sample0"] != "unknown"


def test_a_folder_with_no_logs_is_one_error_record(tmp_path):
    (tmp_path / "empty" / "code").mkdir(parents=True)
    (tmp_path / "empty" / "code" / "app.py").write_text("x = 1\n", encoding="utf-8")
    (record,) = read_runs([tmp_path / "empty"], input_format="folder")
    assert record.error and "no run folders found" in record.error and str(tmp_path / "empty") in record.error
