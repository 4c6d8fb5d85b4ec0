"""What `rootcause.classify` accepts from a notebook: records in any container, never column names as paths.

Issue 13: a DataFrame used to be iterated as its column names (each read as a path), a CSV of
classified runs was read as a log and got a confident diagnosis, and a path that does not exist
gave an error row where a notebook user expects an exception.
"""

from __future__ import annotations

import pandas as pd
import pytest

from rootcause import classify
from rootcause.cli import main

IMPORT_ERROR = (
    "Traceback (most recent call last):\n  File \"/srv/app/app.py\", line 1, in <module>\n    import flask\nModuleNotFoundError: No module named 'flask'\n"
)
NO_TABLE = "sqlite3.OperationalError: no such table: users\n"


def test_a_dataframe_of_records_is_classified_row_by_row():
    frame = pd.DataFrame([{"id": "a", "log": IMPORT_ERROR, "model": "m1"}, {"id": "b", "server_log": NO_TABLE, "test_output": None}])
    table = classify(frame, model=None)
    assert table["id"].tolist() == ["a", "b"]
    assert table["root_cause"].tolist() == ["startup.dependency.missing_package", "data.schema.missing_table"]
    assert table.loc[0, "model"] == "m1"


def test_a_record_dict_and_a_list_of_them():
    assert classify({"id": "c", "log": NO_TABLE}, model=None)["root_cause"].tolist() == ["data.schema.missing_table"]
    assert classify([{"id": "d", "log": NO_TABLE}, {"id": "e", "log": IMPORT_ERROR}], model=None)["id"].tolist() == ["d", "e"]


def test_a_dataframe_of_classified_runs_is_refused_naming_the_commands_that_read_it():
    classified = classify({"id": "c", "log": NO_TABLE}, model=None)
    with pytest.raises(TypeError, match="classified runs: `rootcause stats`"):
        classify(classified.drop(columns=["error"]).assign(log=None).drop(columns=["log"]), model=None)


@pytest.mark.parametrize("value", [42, 3.5, object()])
def test_other_values_raise_type_error(value):
    with pytest.raises(TypeError, match="cannot classify"):
        classify(value, model=None)


def test_a_dict_without_evidence_raises_type_error():
    with pytest.raises(TypeError, match="none of the evidence fields"):
        classify({"id": "x", "framework": "flask"}, model=None)


def test_a_missing_path_raises_in_the_api_and_is_an_error_row_on_the_command_line(tmp_path, capsys):
    missing = tmp_path / "nope.log"
    with pytest.raises(FileNotFoundError, match="nope.log"):
        classify(missing, model=None)
    assert main(["classify", str(missing), "--model", "none", "--format", "jsonl"]) == 1
    assert "no such file or folder" in capsys.readouterr().out


def test_a_csv_of_classified_runs_is_refused_not_diagnosed(tmp_path, capsys):
    table = tmp_path / "classified.csv"
    classify({"id": "c", "log": NO_TABLE}, model=None).to_csv(table, index=False)
    with pytest.raises(ValueError, match="classified.csv is a table .* `rootcause stats`"):
        classify(table, model=None)
    assert main(["classify", str(table), "--model", "none", "--format", "jsonl"]) == 1
    out = capsys.readouterr().out
    assert '"root_cause": "unknown"' in out and "is a table" in out


def test_the_studys_label_csv_is_refused_with_the_reader_for_the_release(tmp_path):
    labels = tmp_path / "failure_analysis_x.csv"
    labels.write_text("run_id,category,reasoning\nr1,logic_error,the handler returns 200\n", encoding="utf-8")
    with pytest.raises(ValueError, match="read_study"):
        classify(labels, model=None)


# -- typed tables (issue 13 item 5) --------------------------------------------------------------

RECORDS = [
    {"id": "a", "log": NO_TABLE, "level": "L2"},
    {"id": "b", "test_output": "Expected 201 but got 500 for create article\ncreate_article failed\n", "level": "L0"},
]
TYPES = {"confidence": "float64", "failed_requests": "Int64", "failed_assertions": "Int64", "passed": "boolean", "level": "category"}


def test_classify_returns_documented_types():
    table = classify(RECORDS, model=None)
    assert {c: str(table[c].dtype) for c in TYPES} == TYPES
    assert list(table["level"].cat.categories) == ["L0", "L1", "L2", "L3"] and table["level"].cat.ordered
    assert table["failed_requests"].tolist() == [0, 1]
    assert table.loc[0, "passed"] is pd.NA  # a log alone shows no suite: unknown, not False


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_reading_classify_output_back_gives_the_same_types(tmp_path, fmt):
    from rootcause.readers.records import record_from_mapping
    from rootcause.stats import read_table

    runs = tmp_path / "runs.jsonl"
    runs.write_text("".join(__import__("json").dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    out = tmp_path / f"out.{fmt}"
    assert main(["classify", str(runs), "--model", "none", "--quiet", "--format", fmt, "-o", str(out)]) == 0
    back = read_table(out)
    direct = classify([record_from_mapping(r, fallback_id=r["id"], source="t") for r in RECORDS], model=None)
    assert {c: str(back[c].dtype) for c in TYPES} == {c: str(direct[c].dtype) for c in TYPES} == TYPES
    assert back["failed_requests"].tolist()[1] == direct["failed_requests"].tolist()[1] == 1


def test_evidence_table_has_one_row_per_evidence_item():
    from rootcause import evidence_table

    table = classify(RECORDS, model=None)
    evidence = evidence_table(table)
    assert list(evidence.columns) == ["id", "rank", "kind", "text", "path", "line", "source", "root_cause", "rule"]
    assert len(evidence) == sum(len(e) for e in table["evidence"])
    first = evidence[evidence["id"] == "a"].iloc[0]
    assert first["rank"] == 0 and "no such table" in first["text"] and first["root_cause"] == "data.schema.missing_table"


def test_evidence_table_refuses_csv_text():
    from rootcause import evidence_table

    with pytest.raises(ValueError, match="CSV output"):
        evidence_table(pd.DataFrame({"id": ["a"], "evidence": ["app.py:3: boom"]}))
