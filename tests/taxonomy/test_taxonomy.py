"""The taxonomy data: required ids, complete entries, consistent paper mapping, shipped in the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from rootcause import load_taxonomy
from rootcause.errors import TaxonomyError
from rootcause.taxonomy import Taxonomy, validate

REQUIRED_IDS = [
    "data.query",
    "data.orm",
    "data.schema",
    "xfile.reference",
    "framework.wiring",
    "auth.config",
    "contract.shape",
    "contract.serialization",
    "logic.business",
    "logic.state",
    "startup.syntax",
    "startup.dependency",
    "startup.entrypoint",
    "incomplete.endpoint",
    "structure.constraint",
    "agent.loop",
    "agent.termination",
    "unknown",
]
PAPER_CATEGORIES = {
    "server_startup_failure",
    "incomplete_implementation",
    "logic_error",
    "schema_format_error",
    "constraint_violation",
    "stuck_in_loop",
    "premature_termination",
    "other",
}
PAPER_SUBCATEGORIES = {
    "incorrect_query_logic",
    "database_runtime_error",
    "framework_idiosyncrasy",
    "auth_misconfiguration",
    "business_logic_defect",
    "state_propagation_failure",
}
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy()


@pytest.mark.parametrize("root_cause", REQUIRED_IDS)
def test_required_root_causes_exist(taxonomy, root_cause):
    assert root_cause in taxonomy
    assert taxonomy[root_cause].status == "active"


def test_every_entry_is_documented(taxonomy):
    for entry in taxonomy:
        assert entry.name and entry.description and entry.example, entry.id
        assert entry.evidence, f"{entry.id} lists no evidence"


def test_paper_labels_are_the_studys(taxonomy):
    assert set(taxonomy.categories) == PAPER_CATEGORIES
    assert set(taxonomy.categories["logic_error"].subcategories) == PAPER_SUBCATEGORIES
    for entry in taxonomy:
        assert entry.category in PAPER_CATEGORIES
        assert (entry.subcategory is None) == (entry.category != "logic_error"), entry.id


@pytest.mark.parametrize(
    ("root_cause", "category", "subcategory"),
    [
        ("data.query", "logic_error", "incorrect_query_logic"),
        ("data.orm", "logic_error", "database_runtime_error"),
        ("auth.config", "logic_error", "auth_misconfiguration"),
        ("logic.state", "logic_error", "state_propagation_failure"),
        ("framework.wiring", "logic_error", "framework_idiosyncrasy"),
        ("startup.syntax", "server_startup_failure", None),
        ("incomplete.endpoint", "incomplete_implementation", None),
        ("structure.constraint", "constraint_violation", None),
        ("agent.loop", "stuck_in_loop", None),
        ("agent.termination", "premature_termination", None),
        ("unknown", "other", None),
    ],
)
def test_mapping_to_the_paper(taxonomy, root_cause, category, subcategory):
    assert taxonomy.paper_labels(root_cause) == (category, subcategory)


def test_children_sit_under_existing_parents(taxonomy):
    for entry in taxonomy:
        if entry.parent and "." in entry.parent:
            assert entry.parent in taxonomy, entry.id


def test_startup_is_upstream_of_logic(taxonomy):
    assert taxonomy["startup.syntax"].precedence < taxonomy["auth.config"].precedence < taxonomy["data.query"].precedence
    assert taxonomy["unknown"].precedence == max(e.precedence for e in taxonomy)


def test_validation_rejects_a_subcategory_outside_logic_error(taxonomy):
    entry = taxonomy["startup.syntax"]
    broken = type(entry)(**{**{f: getattr(entry, f) for f in entry.__slots__}, "subcategory": "auth_misconfiguration"})
    bad = Taxonomy([broken, taxonomy["unknown"]], list(taxonomy.categories.values()), source="test")
    with pytest.raises(TaxonomyError, match="startup.syntax"):
        validate(bad)


def test_yaml_files_parse_and_ids_are_unique():
    data = yaml.safe_load((REPO / "taxonomy" / "root_causes.yaml").read_text())
    ids = [e["id"] for e in data["entries"]]
    assert len(ids) == len(set(ids))


def test_taxonomy_ships_inside_the_wheel(tmp_path):
    """A wheel built from the source holds rootcause/_taxonomy/*.yaml (loaded with importlib.resources)."""
    pytest.importorskip("hatchling")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", str(tmp_path), str(REPO)], check=True, capture_output=True)
    wheel = next(tmp_path.glob("rootcause-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "rootcause/_taxonomy/root_causes.yaml" in names
    assert "rootcause/_taxonomy/paper_labels.yaml" in names
