"""Every rule against its cases: ``tests/rules/cases/<CODE>.yaml``.

Each cases file names one rule and lists ``fires`` cases (the rule must return a Finding with
evidence, and the given ``root_cause``) and ``quiet`` cases (the rule must return None).

A case builds its RunRecord from one of:

``record``   RunRecord JSONL fields (``server_log``, ``newman_summary``, ``trajectory``,
             ``verifier``, ``files``, ``task``, ``framework``...), through ``record_from_mapping``.
``fixture``  a file under the repository root whose text becomes the record's ``server_log``
             (or the field named by ``field``; a ``.json`` file given as ``trajectory`` is
             parsed). ``record`` fields, when also given, are added to the same record.
``reader``   with ``fixture``: read the file with ``rootcause.read_runs(path, input_format=reader)``
             instead (e.g. ``newman-csv`` for a real Newman CSV report, whose requests carry
             their failed assertion messages).

A ``fires`` case may pin ``root_cause``, ``confidence`` (HIGH, INFERENCE, HEURISTIC), ``message``
(a substring of the finding's message) and ``evidence``: a list of ``{kind, path, line, text}``
(any subset; ``text`` a substring), each of which some evidence item of the finding must match.

``xfail: "reason"`` marks a case where the rule does not keep its docstring's promise
(a known rule bug); it is run with ``pytest.mark.xfail(strict=True)``.

Select one rule with ``pytest -k RC301``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from rootcause import read_runs
from rootcause.evidence.facts import extract_facts
from rootcause.readers.records import record_from_mapping
from rootcause.records import RunRecord
from rootcause.rules import get_rule

CASES_DIR = Path(__file__).parent / "cases"
REPO_ROOT = Path(__file__).resolve().parents[2]
KINDS = ("fires", "quiet")
CASE_KEYS = {"name", "record", "fixture", "field", "reader", "root_cause", "xfail", "confidence", "message", "evidence"}


def load_cases_file(path: Path) -> dict[str, Any]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict) or "rule" not in data:
        raise ValueError(f"{path}: expected a mapping with a 'rule' key")
    return data


def iter_cases():
    """(code, kind, case, file) for every case of every cases file, in a stable order."""
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = load_cases_file(path)
        for kind in KINDS:
            for case in data.get(kind) or []:
                yield data["rule"], kind, case, path


def build_record(case: dict[str, Any], case_id: str) -> RunRecord:
    unknown = set(case) - CASE_KEYS
    if unknown:
        raise ValueError(f"{case_id}: unknown case keys {sorted(unknown)}")
    mapping: dict[str, Any] = {"id": case_id, **(case.get("record") or {})}
    fixture = case.get("fixture")
    if case.get("reader"):
        if not fixture or case.get("record"):
            raise ValueError(f"{case_id}: 'reader' needs 'fixture' and no 'record'")
        records = list(read_runs(REPO_ROOT / fixture, input_format=case["reader"]))
        if len(records) != 1 or records[0].error:
            raise ValueError(f"{case_id}: reader {case['reader']} gave {records!r}")
        return records[0]
    if fixture:
        path = REPO_ROOT / fixture
        field = case.get("field", "server_log")
        text = path.read_text(encoding="utf-8")
        mapping[field] = json.loads(text) if field == "trajectory" and path.suffix == ".json" else text
    elif not case.get("record"):
        raise ValueError(f"{case_id}: a case needs 'record' or 'fixture'")
    return record_from_mapping(mapping, fallback_id=case_id, source=case_id)


def _params():
    params = []
    for code, kind, case, _path in iter_cases():
        case_id = f"{code}-{kind}-{case['name']}"
        marks = [pytest.mark.xfail(reason=str(case["xfail"]), strict=True)] if case.get("xfail") else []
        params.append(pytest.param(code, kind, case, id=case_id, marks=marks))
    return params


@pytest.mark.parametrize(("code", "kind", "case"), _params())
def test_rule_case(code: str, kind: str, case: dict[str, Any]) -> None:
    rule = get_rule(code)
    record = build_record(case, f"{code}-{kind}-{case['name']}")
    finding = rule(extract_facts(record))
    if kind == "quiet":
        assert finding is None, f"{code} fired on a quiet case: {finding}"
        return
    assert finding is not None, f"{code} did not fire"
    assert finding.rule == code
    assert finding.evidence, f"{code} fired without evidence"
    if case.get("root_cause"):
        assert finding.root_cause == case["root_cause"]
    if case.get("confidence"):
        assert finding.confidence.name == case["confidence"], f"{code}: confidence {finding.confidence.name}"
    if case.get("message"):
        assert case["message"] in finding.message, f"{code}: message {finding.message!r}"
    for pinned in case.get("evidence") or []:  # each pinned item matches some evidence item
        assert any(_evidence_matches(e, pinned) for e in finding.evidence), f"{code}: no evidence like {pinned} in {finding.evidence}"


def _evidence_matches(evidence, pinned: dict[str, Any]) -> bool:
    """``kind``, ``path`` and ``line`` equal; ``text`` a substring."""
    unknown = set(pinned) - {"kind", "path", "line", "text"}
    if unknown:
        raise ValueError(f"unknown evidence keys {sorted(unknown)}")
    return all(getattr(evidence, key) == pinned[key] for key in ("kind", "path", "line") if key in pinned) and pinned.get("text", "") in evidence.text


def test_case_ids_are_unique() -> None:
    seen: set[str] = set()
    for code, kind, case, path in iter_cases():
        case_id = f"{code}-{kind}-{case['name']}"
        assert case_id not in seen, f"{path}: duplicate case {case_id}"
        seen.add(case_id)


def test_fixture_paths_exist() -> None:
    for _code, _kind, case, path in iter_cases():
        if case.get("fixture"):
            assert (REPO_ROOT / case["fixture"]).is_file(), f"{path}: {case['name']}: no file {case['fixture']}"
