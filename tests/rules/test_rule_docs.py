"""Meta-tests of the rule set: codes, taxonomy ids, docstrings, and a cases file per rule.

Also checks that a rule which raises is recorded and does not stop the other rules,
through ``apply_rules`` and through ``rootcause.diagnose``.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest
import yaml

import rootcause
from rootcause import RuleError, load_taxonomy
from rootcause.evidence.facts import extract_facts
from rootcause.readers.records import record_from_mapping
from rootcause.rules import RULES, get_rule
from rootcause.rules.base import HIGH, apply_rules, rule

CASES_DIR = Path(__file__).parent / "cases"
REPO_ROOT = Path(__file__).resolve().parents[2]
CODE = re.compile(r"^RC\d{3}$")
#: A sentence: starts with a capital letter or a code span, ends with a full stop.
SENTENCE = re.compile(r"^(?:[A-Z]|``).{8,}\.$")
RULE_IDS = [r.code for r in RULES]


def _cases(code: str) -> dict:
    return yaml.safe_load((CASES_DIR / f"{code}.yaml").read_text(encoding="utf-8"))


def test_rule_codes_are_unique_and_well_formed() -> None:
    counts = Counter(r.code for r in RULES)
    assert not [c for c, n in counts.items() if n > 1], f"duplicate codes: {counts}"
    assert all(CODE.match(r.code) for r in RULES)
    names = Counter(r.name for r in RULES)
    assert not [n for n, k in names.items() if k > 1], f"duplicate rule names: {names}"


@pytest.mark.parametrize("code", RULE_IDS)
def test_rule_root_cause_is_in_the_taxonomy(code: str) -> None:
    taxonomy = load_taxonomy()
    assert get_rule(code).root_cause in taxonomy


@pytest.mark.parametrize("code", RULE_IDS)
def test_rule_docstring(code: str) -> None:
    r = get_rule(code)
    assert r.doc, f"{code} has no docstring"
    first = r.doc.splitlines()[0].strip()
    assert SENTENCE.match(first), f"{code}: first docstring line is not a sentence: {first!r}"
    assert r.message == first
    assert "Fires on:" in r.doc, f"{code}: docstring lacks 'Fires on:'"
    assert "Does not fire on:" in r.doc, f"{code}: docstring lacks 'Does not fire on:'"


@pytest.mark.parametrize("code", RULE_IDS)
def test_rule_has_cases(code: str) -> None:
    path = CASES_DIR / f"{code}.yaml"
    assert path.is_file(), f"{code}: no cases file {path.relative_to(REPO_ROOT)}"
    data = _cases(code)
    assert data.get("rule") == code, f"{path.name} names rule {data.get('rule')!r}"
    fires, quiet = data.get("fires") or [], data.get("quiet") or []
    assert len(fires) >= 2, f"{code}: {len(fires)} 'fires' cases, want >= 2"
    assert len(quiet) >= 2, f"{code}: {len(quiet)} 'quiet' cases, want >= 2"
    # xfail cases document rule bugs; they do not count towards the minimum
    assert sum(not c.get("xfail") for c in fires) >= 2, f"{code}: fewer than 2 passing 'fires' cases"
    assert sum(not c.get("xfail") for c in quiet) >= 2, f"{code}: fewer than 2 passing 'quiet' cases"
    taxonomy = load_taxonomy()
    for case in fires:
        if case.get("root_cause"):
            assert case["root_cause"] in taxonomy, f"{code}/{case['name']}: unknown root_cause {case['root_cause']!r}"


def test_no_cases_file_for_an_unknown_rule() -> None:
    known = set(RULE_IDS)
    for path in sorted(CASES_DIR.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert path.stem in known, f"{path.name}: no rule {path.stem}"
        assert data.get("rule") == path.stem, f"{path.name} names rule {data.get('rule')!r}"


# --- a rule that raises does not stop the run -------------------------------------------

DETACHED_LOG = REPO_ROOT / "tests/fixtures/python/flask_sqlalchemy_detached.log"


@rule("RC999", "unknown", signals={"log"}, confidence=HIGH)
def broken_rule(facts):
    """A rule that always raises.

    Fires on: nothing. Does not fire on: anything.
    """
    raise ZeroDivisionError("division by zero in a test rule")


def _detached_record():
    return record_from_mapping({"id": "detached", "server_log": DETACHED_LOG.read_text(encoding="utf-8")}, fallback_id="detached", source="test")


def test_apply_rules_records_a_raising_rule_and_keeps_going() -> None:
    real = get_rule("RC301")
    findings, errors = apply_rules(extract_facts(_detached_record()), [broken_rule, real])
    assert len(errors) == 1
    assert isinstance(errors[0], RuleError)
    assert errors[0].code == "RC999"
    assert isinstance(errors[0].cause, ZeroDivisionError)
    assert "RC999" in str(errors[0])
    assert [f.rule for f in findings] == ["RC301"]
    assert findings[0].root_cause == "data.orm.detached_instance"


def test_diagnose_reports_rule_errors_and_uses_the_real_rule() -> None:
    diagnosis = rootcause.diagnose(_detached_record(), rules=[broken_rule, get_rule("RC301")])
    assert diagnosis.rule_errors, "the broken rule's error was not recorded"
    assert any("RC999" in e for e in diagnosis.rule_errors)
    assert diagnosis.rule == "RC301"
    assert diagnosis.root_cause == "data.orm.detached_instance"
    assert diagnosis.source == "rule"


def test_a_rule_answering_outside_its_declared_root_causes_is_recorded_not_believed():
    from rootcause.evidence.facts import Facts
    from rootcause.records import Evidence, RunRecord
    from rootcause.rules.base import HEURISTIC, Verdict, apply_rules, rule

    def check(facts):
        return Verdict(evidence=[Evidence(kind="log", text="x")], root_cause="data.query.filter")

    narrow = rule("RC000", "auth.config", signals={"log"}, confidence=HEURISTIC)(check)
    wide = rule("RC000", "auth.config", signals={"log"}, confidence=HEURISTIC, also=("data.query",))(check)
    facts = Facts(record=RunRecord(id="r"))
    findings, errors = apply_rules(facts, [narrow])
    assert findings == [] and "outside the root causes it declares" in str(errors[0])
    findings, errors = apply_rules(facts, [wide])
    assert [f.root_cause for f in findings] == ["data.query.filter"] and errors == []
