"""CSV and Parquet output of `classify`: written in chunks from disk, the same cells as one table."""

from __future__ import annotations

import csv
import io
import json

import pandas as pd
import pytest

from rootcause import table_output
from rootcause.classify import COLUMNS
from rootcause.table_output import TableSpool


def row(i: int, **extra) -> dict:
    base = {c: None for c in COLUMNS}
    base.update(
        id=f"r{i}",
        root_cause="data.schema.missing_table",
        confidence=0.5 + i / 100,
        evidence=[],
        warnings=["w1", "w2"],
        failed_requests=i if i % 2 else None,
        passed=bool(i % 3),
        rules_fired=["RC301", "RC990"],
        message="=1+1",
    )
    return base | extra


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(table_output, "CHUNK_ROWS", 3)


def spooled(rows) -> TableSpool:
    spool = TableSpool(COLUMNS)
    for r in rows:
        spool.add(r)
    return spool


def test_csv_across_chunks_keeps_order_cells_and_neutralises_formulas(small_chunks):
    rows = [row(i, seed=i) for i in range(8)]
    out = io.StringIO()
    with spooled(rows) as spool:
        spool.write("csv", out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert [r["id"] for r in table] == [f"r{i}" for i in range(8)]
    assert list(table[0])[: len(COLUMNS)] == list(COLUMNS) and list(table[0])[-1] == "seed"
    assert table[1]["failed_requests"] == "1" and table[0]["failed_requests"] == ""  # ints stay ints, not 1.0
    assert table[0]["warnings"] == "w1; w2" and table[0]["rules_fired"] == "RC301 RC990"
    assert table[0]["message"] == "'=1+1"


def test_parquet_row_groups_share_one_schema_from_every_row(tmp_path, small_chunks):
    pytest.importorskip("pyarrow")
    # `late` is None in the first row groups and text later; `n` mixes ints and floats.
    rows = [row(i, late=None if i < 5 else f"v{i}", n=i if i % 2 else i + 0.5, obj={"k": i}) for i in range(8)]
    path = tmp_path / "out.parquet"
    with spooled(rows) as spool, path.open("wb") as out:
        spool.write("parquet", out)
    frame = pd.read_parquet(path)
    assert frame["id"].tolist() == [f"r{i}" for i in range(8)]
    assert pd.isna(frame["late"][4]) and frame["late"][5] == "v5"
    assert frame["n"].dtype == "float64" and frame["n"].tolist()[:2] == [0.5, 1.0]
    assert json.loads(frame["obj"][7]) == {"k": 7}
    assert frame["passed"].tolist()[:3] == [False, True, True]
    assert frame["message"][0] == "=1+1"  # only CSV is neutralised: Parquet is not opened by spreadsheets as text


def test_rare_fields_fold_into_extra_past_the_column_limit(monkeypatch):
    monkeypatch.setattr(table_output, "MAX_EXTRA_COLUMNS", 2)
    rows = [row(0, common=1, rare_a="x"), row(1, common=2, other=3), row(2, common=3, other=4)]
    out = io.StringIO()
    with spooled(rows) as spool:
        spool.write("csv", out)
    table = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(table[0])[len(COLUMNS) :] == ["common", "other", "extra"]
    assert json.loads(table[0]["extra"]) == {"rare_a": "x"} and json.loads(table[1]["extra"]) == {}


def test_integers_too_large_for_parquet_become_text(tmp_path):
    pytest.importorskip("pyarrow")
    path = tmp_path / "big.parquet"
    with spooled([row(0, big=2**70), row(1, big=3)]) as spool, path.open("wb") as out:
        spool.write("parquet", out)
    assert pd.read_parquet(path)["big"].tolist() == [str(2**70), "3"]
