"""ORM models read statically from a generated project, and checks of how the code uses them.

Nothing is imported or executed: class bodies are read with libcst. Supported:

* SQLAlchemy declarative (1.x ``Column``/``relationship``, 2.0 ``Mapped[...]``/``mapped_column``),
  Flask-SQLAlchemy (``db.Model``) and classic ``Table("t", metadata, Column(...))``;
* SQLModel (``class Hero(SQLModel, table=True)``);
* Django (``class Article(models.Model)``), with implicit ``id``, ``<fk>_id`` and reverse accessors.

:func:`extract_models` gives a :class:`ModelSet`; :func:`check_orm` gives ``OR2xx`` findings:

* OR201 ``filter_by(x=...)`` on ``Model.query`` / ``session.query(Model)`` / ``select(Model)`` naming no field;
* OR202 ``Model.attr`` read where the model (and its project bases) has no such attribute;
* OR203 ``Model(x=...)`` / ``Model.objects.create(x=...)`` with an unknown keyword (or a Django m2m/reverse);
* OR204 Django lookups, ``order_by``/``values``/``select_related``/``prefetch_related``/``update`` names;
* OR205 ``back_populates`` naming no relationship, relationship/ForeignKey targets that do not exist;
* OR206 lazy relationship read in ``async def`` on an object an awaited session call produced;
* OR207 lazy relationship read after the ``with Session()`` block that loaded the object closed
  (also across functions: a repository returning from inside the block);
* OR208 AsyncSession method called without ``await``;
* OR209 Django ORM queries run synchronously in ``async def`` (directly or through a sync helper).

Functions are summarised first (what they return, whether the session closed, whether they run
Django queries) so that the flow checks can follow repositories and services across files.
Precision comes first: whenever a model, a session or a value cannot be told, nothing is reported.

The package: ``model`` (fields and models), ``vocab``, ``syntax`` (libcst helpers, the resolver),
``extract`` (:func:`extract_models`), ``checks`` (OR201-OR205), ``flow`` (OR206-OR209).
"""

from __future__ import annotations

from rootcause.code.model import CodeFinding
from rootcause.code.orm.checks import _Checker
from rootcause.code.orm.extract import _Extractor, extract_models
from rootcause.code.orm.model import Field, Model, ModelSet
from rootcause.code.orm.vocab import (
    DJANGO_EVALUATING,
    DJANGO_FK,
    DJANGO_INSTANCE_ASYNC,
    DJANGO_LOOKUPS,
    DJANGO_M2M,
    DJANGO_OPAQUE,
    DJANGO_QS_CHAIN,
    DJANGO_STANDARD,
    DJANGO_USER_ATTRS,
    DJANGO_USER_FIELDS,
    EAGER,
    KNOWN_MIXINS,
    LOADER_OPTIONS,
    SA_COLUMN,
    SA_PROPERTY,
    SA_RELATIONSHIP,
    SA_STANDARD,
    SESSION_AWAITABLE,
    SQLMODEL_STANDARD,
)


def check_orm(project, models: ModelSet | None = None) -> list[CodeFinding]:
    """OR201-OR209 findings for a project (see the module docstring); never imports the project."""
    extractor = _Extractor(project)
    if models is None:
        models = extractor.run()
    if not models.by_qualname:
        return []
    checker = _Checker(project, models, extractor.resolver)
    return checker.run()


__all__ = [
    "DJANGO_EVALUATING",
    "DJANGO_FK",
    "DJANGO_INSTANCE_ASYNC",
    "DJANGO_LOOKUPS",
    "DJANGO_M2M",
    "DJANGO_OPAQUE",
    "DJANGO_QS_CHAIN",
    "DJANGO_STANDARD",
    "DJANGO_USER_ATTRS",
    "DJANGO_USER_FIELDS",
    "EAGER",
    "Field",
    "KNOWN_MIXINS",
    "LOADER_OPTIONS",
    "Model",
    "ModelSet",
    "SA_COLUMN",
    "SA_PROPERTY",
    "SA_RELATIONSHIP",
    "SA_STANDARD",
    "SESSION_AWAITABLE",
    "SQLMODEL_STANDARD",
    "check_orm",
    "extract_models",
]
