"""The taxonomy of root causes and its mapping to the study's labels, loaded from data.

The YAML files live in the repository's ``taxonomy/`` folder and ship inside the wheel
as ``rootcause/_taxonomy``; :func:`load_taxonomy` finds them either way.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import yaml

from rootcause.errors import TaxonomyError

if TYPE_CHECKING:
    import pandas as pd

ROOT_CAUSES_FILE = "root_causes.yaml"
PAPER_LABELS_FILE = "paper_labels.yaml"
ENTRY_FIELDS = ("id", "name", "status", "description", "evidence", "example", "paper", "precedence")
UNKNOWN = "unknown"


def family_of(root_cause: str) -> str:
    """A root-cause id's family: its first two parts (``data.orm`` for ``data.orm.detached_instance``)."""
    return ".".join(root_cause.split(".")[:2])


@dataclass(frozen=True, slots=True)
class Entry:
    """One root cause: a dotted id, its documentation and its paper labels."""

    id: str
    name: str
    status: str
    description: str
    evidence: tuple[str, ...]
    example: str
    category: str
    subcategory: str | None
    precedence: int

    @property
    def parent(self) -> str | None:
        return self.id.rsplit(".", 1)[0] if "." in self.id else None

    @property
    def family(self) -> str:
        """The id at two levels (``data.orm`` for ``data.orm.detached_instance``)."""
        return family_of(self.id)


@dataclass(frozen=True, slots=True)
class PaperCategory:
    id: str
    description: str
    subcategories: tuple[str, ...]


class Taxonomy:
    """The loaded, validated taxonomy. Look entries up with ``taxonomy[id]``."""

    def __init__(self, entries: list[Entry], categories: list[PaperCategory], source: str) -> None:
        self.entries = {e.id: e for e in entries}
        self.categories = {c.id: c for c in categories}
        self.source = source

    def __contains__(self, root_cause: object) -> bool:
        return root_cause in self.entries

    def __getitem__(self, root_cause: str) -> Entry:
        try:
            return self.entries[root_cause]
        except KeyError:
            raise TaxonomyError(f"unknown root cause {root_cause!r}") from None

    def __iter__(self):
        return iter(self.entries.values())

    def __len__(self) -> int:
        return len(self.entries)

    def paper_labels(self, root_cause: str) -> tuple[str, str | None]:
        """The study's (category, subcategory) for a root cause."""
        entry = self[root_cause]
        return entry.category, entry.subcategory

    def children(self, root_cause: str) -> list[Entry]:
        return [e for e in self if e.parent == root_cause]

    def to_frame(self) -> "pd.DataFrame":
        """One row per entry: id, name, status, category, subcategory, precedence, description."""
        import pandas as pd

        return pd.DataFrame(
            [
                {
                    "id": e.id,
                    "name": e.name,
                    "status": e.status,
                    "category": e.category,
                    "subcategory": e.subcategory,
                    "precedence": e.precedence,
                    "description": e.description,
                }
                for e in self
            ]
        )


def _taxonomy_dir() -> Path | resources.abc.Traversable:
    packaged = resources.files("rootcause").joinpath("_taxonomy")
    if packaged.joinpath(ROOT_CAUSES_FILE).is_file():
        return packaged
    # A source checkout or an editable install: the data sits beside the package.
    checkout = Path(__file__).resolve().parent.parent / "taxonomy"
    if (checkout / ROOT_CAUSES_FILE).is_file():
        return checkout
    raise TaxonomyError("taxonomy data not found: neither rootcause/_taxonomy nor ./taxonomy holds root_causes.yaml")


def _read_yaml(folder: Any, name: str) -> dict:
    text = folder.joinpath(name).read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise TaxonomyError(f"{name}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise TaxonomyError(f"{name}: expected a mapping at the top level")
    return data


@functools.cache
def load_taxonomy() -> Taxonomy:
    """Load and validate the shipped taxonomy (cached)."""
    folder = _taxonomy_dir()
    raw_entries = _read_yaml(folder, ROOT_CAUSES_FILE).get("entries") or []
    raw_categories = _read_yaml(folder, PAPER_LABELS_FILE).get("categories") or []
    categories = [
        PaperCategory(id=c["id"], description=str(c.get("description", "")).strip(), subcategories=tuple(s["id"] for s in c.get("subcategories") or ()))
        for c in raw_categories
    ]
    entries = []
    for raw in raw_entries:
        missing = [f for f in ENTRY_FIELDS if f not in raw]
        if missing:
            raise TaxonomyError(f"{ROOT_CAUSES_FILE}: entry {raw.get('id')!r} lacks {', '.join(missing)}")
        paper = raw["paper"] or {}
        entries.append(
            Entry(
                id=raw["id"],
                name=str(raw["name"]),
                status=str(raw["status"]),
                description=str(raw["description"]).strip(),
                evidence=tuple(str(x) for x in raw["evidence"] or ()),
                example=str(raw["example"]).strip(),
                category=cast(str, paper.get("category")),  # validate() requires one
                subcategory=paper.get("subcategory"),
                precedence=int(raw["precedence"]),
            )
        )
    taxonomy = Taxonomy(entries, categories, source=str(folder))
    validate(taxonomy, n_entries=len(entries))
    return taxonomy


def validate(taxonomy: Taxonomy, *, n_entries: int | None = None) -> None:
    """Raise TaxonomyError when ids repeat, parents are missing or paper labels do not exist."""
    if n_entries is not None and n_entries != len(taxonomy.entries):
        raise TaxonomyError("root cause ids are not unique")
    for entry in taxonomy:
        if entry.status not in ("active", "retired"):
            raise TaxonomyError(f"{entry.id}: status must be active or retired, not {entry.status!r}")
        if entry.parent and entry.parent not in taxonomy and "." in entry.parent:
            raise TaxonomyError(f"{entry.id}: parent {entry.parent!r} is not in the taxonomy")
        category = taxonomy.categories.get(entry.category)
        if category is None:
            raise TaxonomyError(f"{entry.id}: paper category {entry.category!r} does not exist")
        if entry.subcategory is None:
            if category.subcategories:
                raise TaxonomyError(f"{entry.id}: category {entry.category} needs a subcategory")
        elif entry.subcategory not in category.subcategories:
            raise TaxonomyError(f"{entry.id}: {entry.subcategory!r} is not a subcategory of {entry.category}")
    if UNKNOWN not in taxonomy:
        raise TaxonomyError("the taxonomy must hold 'unknown'")
