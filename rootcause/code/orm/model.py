"""What the ORM analysis knows about a project's models: fields, models, the set of them."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field


@dataclass(slots=True)
class Field:
    """One mapped attribute of a model.

    ``kind``: ``column`` | ``fk`` (a column with a foreign key, or a Django ForeignKey/OneToOne)
    | ``relationship`` (SQLAlchemy/SQLModel) | ``m2m`` | ``reverse`` (Django reverse accessor,
    SQLAlchemy backref) | ``property`` (synonym, column_property, hybrid, GenericRelation...).
    """

    name: str
    column: str | None
    kind: str
    target: str | None = None  # model class name for relations
    lazy: str | None = None
    back_populates: str | None = None
    related_name: str | None = None  # Django related_name / SQLAlchemy backref name
    query_name: str | None = None  # Django: the name used in lookups (reverse relations)
    many: bool = False
    single: bool = False  # Django one-to-one (forward or reverse)
    primary_key: bool = False
    to_object: bool = False  # Django ForeignKey/OneToOne (vs. a plain foreign-key column)
    backref_lazy: str | None = None
    opaque: bool = False  # JSONField/ArrayField...: lookups past it cannot be told
    implicit: bool = False
    path: str = ""
    line: int = 0
    col: int = 0
    target_ref: str | None = None  # the target as written (string), for OR205
    origin: str = ""  # qualified name of the class declaring it

    @property
    def is_relation(self) -> bool:
        return self.kind in ("relationship", "m2m", "reverse") or self.forward

    @property
    def forward(self) -> bool:
        """A Django ForeignKey/OneToOneField: the attribute holds the related object, the column is ``<name>_id``."""
        return self.kind == "fk" and self.to_object


@dataclass(slots=True)
class Model:
    name: str
    orm: str  # sqlalchemy | sqlmodel | django
    table: str | None
    path: str
    line: int
    column: int = 1
    module: str = ""
    fields: dict[str, Field] = field(default_factory=dict)
    abstract: bool = False
    flask: bool = False
    attributes: set[str] = field(default_factory=set)  # class-level names and methods, own and inherited
    properties: set[str] = field(default_factory=set)
    has_init: bool = False
    open_bases: tuple[str, ...] = ()  # bases outside the project we cannot see into
    app_label: str | None = None
    parent_models: tuple[str, ...] = ()

    @property
    def qualname(self) -> str:
        return f"{self.module}:{self.name}"

    @property
    def is_open(self) -> bool:
        return bool(self.open_bases)

    def relationship(self, name: str) -> Field | None:
        f = self.fields.get(name)
        return f if f is not None and f.kind in ("relationship", "reverse") else None

    def columns(self) -> set[str]:
        return {f.column for f in self.fields.values() if f.column and f.kind in ("column", "fk")}


@dataclass(slots=True)
class ModelSet:
    models: dict[str, Model] = field(default_factory=dict)
    plain_tables: dict[str, set[str]] = field(default_factory=dict)  # Table("t", metadata, ...) and Django m2m tables
    by_qualname: dict[str, Model] = field(default_factory=dict)
    table_vars: dict[str, str] = field(default_factory=dict)  # module:var -> table name
    _own_columns: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def __len__(self) -> int:
        return len(self.models)

    def __iter__(self) -> Iterator[Model]:
        return iter(self.models.values())

    def get(self, name: str | None) -> Model | None:
        return self.models.get(name) if name else None

    def model_for_table(self, table: str) -> Model | None:
        for m in self.models.values():
            if m.table == table and not m.abstract:
                return m
        return None

    def tables(self) -> dict[str, set[str]]:
        """Table name -> column names, from models (own and mixin columns) and plain Tables."""
        out: dict[str, set[str]] = {t: set(cols) for t, cols in self.plain_tables.items()}
        for m in self.by_qualname.values():
            if m.abstract or not m.table:
                continue
            out.setdefault(m.table, set()).update(self._own_columns.get(m.qualname, set()))
        return out
