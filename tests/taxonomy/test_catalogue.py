"""The error catalogue (taxonomy/errors/*.yaml): valid data, complete where the issue asks, and every
entry shown on its example: the real output of a wild-set case (data/wild/cases) must match it."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

from rootcause import catalogue as cat
from rootcause.catalogue import Catalogue, check_pattern, codes_in, load_catalogue, parse_entries
from rootcause.errors import TaxonomyError
from rootcause.evidence import extract_facts
from rootcause.readers.records import record_from_mapping

REPO = Path(__file__).resolve().parents[2]
CASES = REPO / "data" / "wild" / "cases"
HIDDEN = ("label", "rationale", "cause", "source", "generator", "split", "source_kind", "shape", "libraries")


def wild_cases() -> dict[str, dict]:
    out = {}
    for path in sorted(CASES.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            out[case["id"]] = case
    return out


WILD = wild_cases()
CATALOGUE = load_catalogue(strict=True)


def test_catalogue_loads_strictly_and_is_large():
    assert len(CATALOGUE) >= 200
    assert len({e.library for e in CATALOGUE}) >= 10


@pytest.mark.parametrize(
    "code",
    [
        "42P01",
        "42703",
        "42803",
        "42883",
        "42P18",
        "23505",
        "23502",
        "23503",
        "22P02",
        "08006",
        "53300",
        "57P01",
        "EADDRINUSE",
        "ECONNREFUSED",
        "ERR_REQUIRE_ESM",
        "ERR_MODULE_NOT_FOUND",
        "MODULE_NOT_FOUND",
        "ERR_UNKNOWN_FILE_EXTENSION",
        "TS2307",
    ],
)
def test_the_codes_the_issue_names_are_catalogued(code):
    assert CATALOGUE.lookup(code), f"no catalogue entry for {code}"


def test_every_entry_cites_a_page_and_an_example():
    for entry in CATALOGUE:
        assert entry.doc and entry.doc.startswith("http"), entry.id
        assert "github.com" not in entry.doc or "/issues/" not in entry.doc, entry.id
        assert entry.example, entry.id


@pytest.mark.parametrize("entry_id", [e.id for e in CATALOGUE])
def test_entry_matches_its_example(entry_id):
    """The example the team produced by triggering the error shows it, and the catalogue finds it there."""
    entry = CATALOGUE.by_id[entry_id]
    case = WILD.get(entry.example)
    assert case is not None, f"{entry_id}: example {entry.example!r} is not a wild-set case"
    shown = {k: v for k, v in case.items() if k not in HIDDEN}
    shown["runtime"] = case["language"]
    facts = extract_facts(record_from_mapping(shown, fallback_id=case["id"], source="wild"))
    assert CATALOGUE.entry_matches(entry, facts), (
        f"{entry_id} does not match its example {entry.example}; what matches there: {sorted({m.entry.id for m in CATALOGUE.matches(facts)})}"
    )


def test_codes_are_read_in_context_not_from_any_number():
    assert codes_in("error: relation \"x\" does not exist (code: '42P01')") == {"42P01"}
    assert codes_in("Error: listen EADDRINUSE: address already in use :::3000") == {"EADDRINUSE"}
    assert codes_in("src/a.ts(2,39): error TS2307: Cannot find module './b'") == {"TS2307"}
    assert "f405" in codes_in("(Background on this error at: https://sqlalche.me/e/20/f405)")
    assert codes_in("listening on port 42703 with 23505 users") == set()


def test_nested_quantifiers_and_named_groups_are_refused():
    with pytest.raises(TaxonomyError, match="nests unbounded quantifiers"):
        check_pattern(r"(a+)+$", "x")
    with pytest.raises(TaxonomyError, match="named group"):
        check_pattern(r"(?P<x>a)", "x")
    with pytest.raises(TaxonomyError, match="does not compile"):
        check_pattern(r"(unclosed", "x")


def test_an_entry_with_an_unknown_root_cause_or_key_is_refused():
    base = {"id": "x.1", "summary": "s", "root_cause": "data.schema", "match": [{"code": "X1"}]}
    known = frozenset({"data.schema"})
    assert parse_entries({"entries": [base]}, "t.yaml", known)[0].root_cause == "data.schema"
    with pytest.raises(TaxonomyError, match="not a taxonomy id"):
        parse_entries({"entries": [{**base, "root_cause": "data.nonsense"}]}, "t.yaml", known)
    with pytest.raises(TaxonomyError, match="unknown keys"):
        parse_entries({"entries": [{**base, "colour": "red"}]}, "t.yaml", known)
    with pytest.raises(TaxonomyError, match="matcher"):
        parse_entries({"entries": [{**base, "match": [{"regex": "x"}]}]}, "t.yaml", known)


def test_a_malformed_catalogue_file_fails_strictly_and_is_left_out_otherwise(tmp_path, monkeypatch):
    good = tmp_path / "good.yaml"
    good.write_text("name: Good\ndoc: https://example.org\nentries:\n  - {id: g.1, summary: s, root_cause: data.schema, match: [{code: GOOD1}], example: e}\n")
    bad = tmp_path / "bad.yaml"
    bad.write_text("entries:\n  - {id: b.1, summary: s\n")
    monkeypatch.setattr(cat, "catalogue_files", lambda: [bad, good])
    cat.load_catalogue.cache_clear()
    try:
        with pytest.raises(TaxonomyError, match="bad.yaml"):
            cat.load_catalogue(strict=True)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            lenient = cat.load_catalogue()
        assert [e.id for e in lenient] == ["g.1"]
        assert any("bad.yaml" in str(w.message) for w in caught)
    finally:
        cat.load_catalogue.cache_clear()


def test_when_conditions_exclude_only_what_the_run_reveals():
    (entry,) = parse_entries(
        {
            "doc": "https://x",
            "entries": [{"id": "pg.only", "summary": "s", "root_cause": "data.schema", "match": [{"message": "boom"}], "when": {"database": "postgres"}}],
        },
        "t.yaml",
        frozenset({"data.schema"}),
    )
    small = Catalogue([entry])
    assert small.match_line("boom happened", {"database": "postgres"}) is entry
    assert small.match_line("boom happened", {"database": None}) is entry
    assert small.match_line("boom happened", {"database": "sqlite"}) is None


def test_explain_prints_an_entry_by_code_and_by_exception_name(capsys):
    from rootcause.cli import main

    assert main(["explain", "42P01"]) == 0
    out = capsys.readouterr().out
    assert "42P01" in out and "data.schema.missing_table" in out and "http" in out
    assert main(["explain", "ERR_REQUIRE_ESM"]) == 0
    assert "startup.dependency" in capsys.readouterr().out
    some_exception = next(e for e in CATALOGUE if e.exceptions)
    name = sorted(some_exception.exceptions)[0]
    assert main(["explain", name]) == 0
    assert some_exception.id in capsys.readouterr().out


def test_explain_says_what_it_knows_when_the_name_is_unknown(capsys):
    from rootcause.cli import main

    assert main(["explain", "NoSuchThingError"]) == 2
    err = capsys.readouterr().err
    assert "NoSuchThingError" in err and re.search(r"rule|root cause|catalogue", err)
