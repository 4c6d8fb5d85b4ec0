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
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import libcst as cst

from rootcause.code.index import ModuleInfo, close_names, code_children, code_fields, dotted, node_classifier
from rootcause.code.model import CodeFinding

# ----------------------------------------------------------------------------------------- data


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


# ----------------------------------------------------------------------------------- constants

SA_RELATIONSHIP = {"relationship", "relation", "dynamic_loader"}
SA_COLUMN = {"Column", "mapped_column", "column"}
SA_PROPERTY = {"synonym", "column_property", "composite", "association_proxy", "query_expression", "deferred"}
DJANGO_FK = {"ForeignKey": False, "OneToOneField": True, "ParentalKey": False}
DJANGO_M2M = {"ManyToManyField", "ParentalManyToManyField"}
DJANGO_OPAQUE = {
    "JSONField",
    "HStoreField",
    "ArrayField",
    "IntegerRangeField",
    "DateTimeRangeField",
    "DateRangeField",
    "DecimalRangeField",
    "BigIntegerRangeField",
    "SearchVectorField",
}
EAGER = {"selectin", "joined", "subquery", "immediate", "raise", "raise_on_sql", "noload", "dynamic", "write_only", "selectinload"}
LOADER_OPTIONS = {
    "selectinload",
    "joinedload",
    "subqueryload",
    "immediateload",
    "contains_eager",
    "defaultload",
    "raiseload",
    "lazyload",
    "noload",
    "load_only",
    "undefer",
    "defer",
}
DJANGO_LOOKUPS = {
    "exact",
    "iexact",
    "contains",
    "icontains",
    "in",
    "gt",
    "gte",
    "lt",
    "lte",
    "startswith",
    "istartswith",
    "endswith",
    "iendswith",
    "range",
    "isnull",
    "regex",
    "iregex",
    "date",
    "year",
    "month",
    "day",
    "week",
    "week_day",
    "iso_week_day",
    "quarter",
    "time",
    "hour",
    "minute",
    "second",
    "iso_year",
    "search",
    "unaccent",
    "trigram_similar",
    "overlap",
    "contained_by",
    "has_key",
    "has_keys",
    "has_any_keys",
    "len",
    "lower",
    "upper",
}
DJANGO_USER_FIELDS = {
    "AbstractUser": (
        "id",
        "password",
        "last_login",
        "is_superuser",
        "username",
        "first_name",
        "last_name",
        "email",
        "is_staff",
        "is_active",
        "date_joined",
        "groups",
        "user_permissions",
    ),
    "AbstractBaseUser": ("id", "password", "last_login"),
    "PermissionsMixin": ("is_superuser", "groups", "user_permissions"),
}
DJANGO_USER_ATTRS = {
    "USERNAME_FIELD",
    "EMAIL_FIELD",
    "REQUIRED_FIELDS",
    "is_anonymous",
    "is_authenticated",
    "set_password",
    "check_password",
    "set_unusable_password",
    "has_usable_password",
    "get_username",
    "natural_key",
    "get_full_name",
    "get_short_name",
    "email_user",
    "normalize_username",
    "get_email_field_name",
    "has_perm",
    "has_perms",
    "has_module_perms",
    "get_all_permissions",
    "get_user_permissions",
    "get_group_permissions",
    "clean",
    "get_session_auth_hash",
    "is_active",
}
# External bases whose (few) attributes we know, so models using them stay checkable.
KNOWN_MIXINS = {
    "AsyncAttrs": {"awaitable_attrs"},
    "UserMixin": {"is_active", "is_authenticated", "is_anonymous", "get_id"},
    "MappedAsDataclass": set(),
    "Generic": set(),
    "ABC": set(),
    "object": set(),
}
SA_STANDARD = {"query", "query_class", "metadata", "registry", "c", "awaitable_attrs", "type_annotation_map"}
SQLMODEL_STANDARD = {
    "metadata",
    "dict",
    "json",
    "copy",
    "from_orm",
    "parse_obj",
    "parse_raw",
    "parse_file",
    "schema",
    "schema_json",
    "validate",
    "construct",
    "update_forward_refs",
    "sqlmodel_update",
    "registry",
}
DJANGO_STANDARD = {
    "objects",
    "DoesNotExist",
    "MultipleObjectsReturned",
    "pk",
    "save",
    "asave",
    "delete",
    "adelete",
    "refresh_from_db",
    "arefresh_from_db",
    "full_clean",
    "clean",
    "clean_fields",
    "validate_unique",
    "validate_constraints",
    "get_deferred_fields",
    "from_db",
    "serializable_value",
    "save_base",
    "check",
    "get_constraints",
    "prepare_database_save",
    "unique_error_message",
    "date_error_message",
    "_meta",
    "_default_manager",
    "_base_manager",
    "_state",
    "_do_update",
    "_do_insert",
}
SESSION_AWAITABLE = {
    "execute",
    "commit",
    "refresh",
    "get",
    "get_one",
    "scalar",
    "scalars",
    "flush",
    "delete",
    "close",
    "rollback",
    "merge",
    "stream",
    "stream_scalars",
    "run_sync",
    "connection",
    "invalidate",
    "reset",
}
DJANGO_EVALUATING = {
    "get": "aget",
    "create": "acreate",
    "get_or_create": "aget_or_create",
    "update_or_create": "aupdate_or_create",
    "count": "acount",
    "exists": "aexists",
    "first": "afirst",
    "last": "alast",
    "update": "aupdate",
    "delete": "adelete",
    "aggregate": "aaggregate",
    "bulk_create": "abulk_create",
    "bulk_update": "abulk_update",
    "in_bulk": "ain_bulk",
    "earliest": "aearliest",
    "latest": "alatest",
    "iterator": "aiterator",
    "contains": "acontains",
    "explain": "aexplain",
}
DJANGO_QS_CHAIN = {
    "all",
    "filter",
    "exclude",
    "order_by",
    "select_related",
    "prefetch_related",
    "annotate",
    "alias",
    "distinct",
    "only",
    "defer",
    "using",
    "reverse",
    "none",
    "values",
    "values_list",
    "select_for_update",
}
DJANGO_INSTANCE_ASYNC = {"save": "asave", "delete": "adelete", "refresh_from_db": "arefresh_from_db"}

_CAMEL = re.compile(r"((?<=[a-z0-9])[A-Z]|(?!^)[A-Z](?=[a-z]))")


def _snake(name: str) -> str:
    return _CAMEL.sub(r"_\1", name).lower()


def _last(name: str | None) -> str:
    return (name or "").rsplit(".", 1)[-1]


def _str(node: cst.BaseExpression | None) -> str | None:
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except Exception:  # noqa: BLE001
            return None
        return value if isinstance(value, str) else None
    if isinstance(node, cst.ConcatenatedString):
        left, right = _str(node.left), _str(node.right)
        return left + right if left is not None and right is not None else None
    return None


def _kw(call: cst.Call, name: str) -> cst.BaseExpression | None:
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == name:
            return arg.value
    return None


def _positional(call: cst.Call) -> list[cst.BaseExpression]:
    return [a.value for a in call.args if a.keyword is None and not a.star]


def _callee(call: cst.BaseExpression) -> str | None:
    return dotted(call.func) if isinstance(call, cst.Call) else None


def _const(node: cst.BaseExpression | None) -> str | None:
    """A literal as text: strings, True/False/None."""
    s = _str(node)
    if s is not None:
        return s
    if isinstance(node, cst.Name) and node.value in ("True", "False", "None"):
        return node.value
    return None


def _close(name: str, options: Iterable[str]) -> list[str]:
    return close_names(name, set(options))


def _suggest(name: str, options: Iterable[str]) -> str:
    close = _close(name, options)
    return f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""


def _listing(names: Iterable[str], limit: int = 12) -> str:
    names = sorted(set(names))
    more = f", ... ({len(names) - limit} more)" if len(names) > limit else ""
    return ", ".join(names[:limit]) + more


# ------------------------------------------------------------------------------------ resolver


class _Resolver:
    """Where a dotted name used in a module comes from, following project imports (never importing)."""

    def __init__(self, project) -> None:
        self.project = project
        self.assigns: dict[str, dict[str, cst.BaseExpression]] = {}
        self.classdefs: dict[str, dict[str, cst.ClassDef]] = {}
        self.funcdefs: dict[str, dict[str, cst.FunctionDef]] = {}
        self._memo: dict[tuple[str, str], tuple | None] = {}
        for module in project.modules.values():
            assigns: dict[str, cst.BaseExpression] = {}
            classes: dict[str, cst.ClassDef] = {}
            funcs: dict[str, cst.FunctionDef] = {}
            if module.tree is not None:
                for stmt in _top_statements(module.tree.body):
                    if isinstance(stmt, cst.ClassDef):
                        classes.setdefault(stmt.name.value, stmt)
                    elif isinstance(stmt, cst.FunctionDef):
                        funcs.setdefault(stmt.name.value, stmt)
                    elif isinstance(stmt, cst.SimpleStatementLine):
                        for small in stmt.body:
                            if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
                                assigns[small.targets[0].target.value] = small.value
                            elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) and small.value is not None:
                                assigns[small.target.value] = small.value
            self.assigns[module.name] = assigns
            self.classdefs[module.name] = classes
            self.funcdefs[module.name] = funcs

    def name(self, module: ModuleInfo, name: str, depth: int = 0) -> tuple | None:
        if depth > 10:
            return None
        if name in self.classdefs.get(module.name, {}):
            return ("class", module.name, name)
        if name in self.funcdefs.get(module.name, {}):
            return ("func", module.name, name)
        if name in self.assigns.get(module.name, {}):
            return ("value", module.name, name)
        project = self.project
        for imp in reversed(module.imports):
            if not imp.module_level or imp.star:
                continue
            if imp.names is None:
                top = (imp.module or "").split(".")[0]
                if top == name:
                    target = project.find(top)
                    return ("module", target.name) if target else ("ext", top)
                continue
            for n, alias in imp.names:
                if (alias or n) != name:
                    continue
                absmod = project.absolute_import(module, imp)
                if absmod is None:
                    return None
                if imp.level == 0 and n == imp.module:  # import a.b as c
                    target = project.find(absmod)
                    return ("module", target.name) if target else ("ext", absmod)
                sub = project.find(f"{absmod}.{n}")
                if sub is not None:
                    return ("module", sub.name)
                target = project.find(absmod)
                if target is not None:
                    if target.name == module.name:
                        return None
                    found = self.name(target, n, depth + 1)
                    return found if found is not None else ("missing", target.name, n)
                return ("ext", f"{absmod}.{n}")
        for src in project.star_sources(module):
            if src is not None and src.name != module.name:
                found = self.name(src, name, depth + 1)
                if found is not None:
                    return found
        return None

    def resolve(self, module: ModuleInfo, dotted_name: str | None) -> tuple | None:
        if not dotted_name:
            return None
        key = (module.name, dotted_name)
        if key not in self._memo:
            self._memo[key] = self._resolve(module, dotted_name)
        return self._memo[key]

    def _resolve(self, module: ModuleInfo, dotted_name: str) -> tuple | None:
        parts = dotted_name.split(".")
        found = self.name(module, parts[0])
        for part in parts[1:]:
            if found is None or found[0] == "missing":
                return None
            if found[0] == "module":
                sub = self.project.modules.get(f"{found[1]}.{part}")
                if sub is not None:
                    found = ("module", sub.name)
                else:
                    mod = self.project.modules[found[1]]
                    found = self.name(mod, part) or ("missing", mod.name, part)
            elif found[0] == "ext":
                found = ("ext", f"{found[1]}.{part}")
            else:
                found = ("member", found, part)
        return found

    def value_kind(self, modname: str, var: str, depth: int = 0) -> str | None:
        """What a module-level assignment makes: sa_base, flask_db, sessionmaker, async_sessionmaker, model:<qual>."""
        expr = self.assigns.get(modname, {}).get(var)
        module = self.project.modules.get(modname)
        if expr is None or module is None or depth > 6:
            return None
        if isinstance(expr, cst.Call):
            callee = dotted(expr.func)
            found = self.resolve(module, callee)
            last = _last(callee)
            if found is not None and found[0] in ("func", "class"):
                return None
            if last in ("declarative_base", "automap_base") or (callee or "").endswith(".generate_base"):
                return "sa_base_cls" if _kw(expr, "cls") is not None or last == "automap_base" else "sa_base"
            if last == "SQLAlchemy":
                return "flask_db"
            if last == "async_sessionmaker" or (last == "sessionmaker" and "AsyncSession" in _code(_kw(expr, "class_"))):
                return "async_sessionmaker"
            if last in ("sessionmaker", "scoped_session"):
                return "sessionmaker"
            if last == "async_scoped_session":
                return "async_sessionmaker"
            return None
        name = dotted(expr)
        if name:
            found = self.resolve(module, name)
            return self.kind_of(found, depth + 1)
        return None

    def kind_of(self, found: tuple | None, depth: int = 0) -> str | None:
        if found is None:
            return None
        if found[0] == "value":
            return self.value_kind(found[1], found[2], depth)
        if found[0] == "member" and found[1][0] == "value" and found[2] == "Model":
            if self.value_kind(found[1][1], found[1][2], depth) == "flask_db":
                return "sa_model_root"
        if found[0] == "ext":
            name = found[1]
            last = _last(name)
            if name.startswith("sqlalchemy") and last in ("DeclarativeBase", "DeclarativeBaseNoMeta"):
                return "sa_declbase"
            if name.startswith("sqlmodel") and last == "SQLModel":
                return "sqlmodel_root"
            if name.startswith("django") and (name.endswith("models.Model") or name.endswith("models.base.Model")):
                return "django_root"
            if name.startswith("django") and last in DJANGO_USER_FIELDS:
                return "django_user:" + last
            if name.endswith("AsyncSession") and name.startswith("sqlalchemy"):
                return "async_session_class"
            if last == "Session" and (name.startswith("sqlalchemy") or name.startswith("sqlmodel")):
                return "session_class"
        return None


def _code(node: cst.CSTNode | None) -> str:
    if node is None:
        return ""
    try:
        return cst.Module(body=[]).code_for_node(node)
    except Exception:  # noqa: BLE001
        return ""


def _top_statements(body: Iterable[cst.CSTNode]) -> Iterator[cst.CSTNode]:
    """Top-level statements, looking inside module-level if/try blocks."""
    for stmt in body:
        if isinstance(stmt, cst.If):
            yield from _top_statements(stmt.body.body)
            if isinstance(stmt.orelse, cst.Else):
                yield from _top_statements(stmt.orelse.body.body)
        elif isinstance(stmt, cst.Try):
            yield from _top_statements(stmt.body.body)
        else:
            yield stmt


def _children(node: cst.CSTNode) -> list[cst.CSTNode]:
    """Direct child nodes but trivia, in dataclass field order (faster than ``node.children``, which runs a visitor)."""
    return code_children(node, code_fields(type(node)))


def _walk(node: cst.CSTNode, prune=None) -> Iterator[cst.CSTNode]:
    """Pre-order walk; ``prune(n)`` true stops the descent below ``n`` (``n`` itself is still yielded)."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        if prune is not None and current is not node and prune(current):
            continue
        stack.extend(reversed(_children(current)))


_SCOPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef)
_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)
#: What a node in a function's body binds, for _local_names.
_BINDING = node_classifier(
    ((cst.AssignTarget, cst.AnnAssign, cst.AugAssign, cst.For, cst.CompFor, cst.NamedExpr), "target"),
    (cst.WithItem, "with"),
    (cst.ExceptHandler, "except"),
    ((cst.FunctionDef, cst.ClassDef), "def"),
    (cst.ImportAlias, "import"),
)
#: What _Flow.expr does with a node: skip a lambda, follow a comprehension on its own, look at attributes and calls.
_EXPR_PART = node_classifier((cst.Lambda, "lambda"), (_COMPREHENSIONS, "comprehension"), (cst.Attribute, "attribute"), (cst.Call, "call"))
_MODULE_PART = node_classifier((cst.Call, "call"), (cst.Attribute, "attribute"), (cst.FunctionDef, "function"))
_is_function = node_classifier(((cst.FunctionDef, cst.Lambda), "function"))
_is_name = node_classifier((cst.Name, "name"))


def _local_names(fn: cst.FunctionDef | cst.Lambda) -> set[str]:
    """Names a function binds locally (parameters, assignments, loops, imports...), nested scopes included."""
    params = fn.params
    names = {p.name.value for p in [*params.posonly_params, *params.params, *params.kwonly_params]}
    for star in (params.star_arg, params.star_kwarg):
        if isinstance(star, cst.Param):
            names.add(star.name.value)
    body = fn.body
    targets: list[cst.CSTNode] = []
    for node in _walk(body):
        binding = _BINDING(node)
        if binding is None:
            continue
        if binding == "target":
            targets.append(node.target)
        elif binding in ("with", "except"):
            asname = node.asname if binding == "with" else node.name
            if asname is not None:
                targets.append(asname.name)
        elif binding == "def":
            names.add(node.name.value)
        elif node.asname is not None and isinstance(node.asname.name, cst.Name):  # import
            names.add(node.asname.name.value)
        else:
            names.add((dotted(node.name) or "").split(".")[0])
    for target in targets:
        if isinstance(target, cst.Attribute):
            continue
        for n in _walk(target):
            if _is_name(n):
                names.add(n.value)
    return names


# ---------------------------------------------------------------------------- model extraction


@dataclass(slots=True)
class _ClassFacts:
    qual: str
    module: ModuleInfo
    node: cst.ClassDef
    orm: str | None = None
    role: str | None = None  # base | model | mixin | schema
    project_bases: list[str] = field(default_factory=list)
    open_bases: list[str] = field(default_factory=list)
    known_attrs: set[str] = field(default_factory=set)
    flask: bool = False
    django_user: list[str] = field(default_factory=list)
    done: bool = False


class _Extractor:
    def __init__(self, project) -> None:
        self.project = project
        self.resolver = _Resolver(project)
        self.facts: dict[str, _ClassFacts] = {}
        for module in project.modules.values():
            if module.tree is None:
                continue
            for name, node in self.resolver.classdefs[module.name].items():
                self.facts[f"{module.name}:{name}"] = _ClassFacts(f"{module.name}:{name}", module, node)

    def pos(self, module: ModuleInfo, node: cst.CSTNode) -> tuple[int, int]:
        p = module.positions.get(node)
        return (p.start.line, p.start.column + 1) if p is not None else (0, 0)

    # classification -----------------------------------------------------------------------
    def classify(self, qual: str, stack: tuple[str, ...] = ()) -> _ClassFacts:
        facts = self.facts[qual]
        if facts.done or qual in stack:
            return facts
        facts.done = True
        module, node = facts.module, facts.node
        table_kw = any(k.keyword is not None and k.keyword.value == "table" and _const(k.value) == "True" for k in node.keywords)
        for deco in node.decorators:
            dname = dotted(deco.decorator.func if isinstance(deco.decorator, cst.Call) else deco.decorator) or ""
            if _last(dname) == "as_declarative":
                facts.orm, facts.role = "sqlalchemy", "base"
            elif _last(dname) in ("mapped", "mapped_as_dataclass") and "." in dname:
                facts.orm, facts.role = "sqlalchemy", "model"
        for arg in node.bases:
            name = dotted(arg.value)
            if name is None:
                if isinstance(arg.value, cst.Subscript):  # Generic[T]
                    continue
                facts.open_bases.append(_code(arg.value))
                continue
            found = self.resolver.resolve(module, name)
            kind = self.resolver.kind_of(found)
            if kind == "sa_declbase":
                facts.orm, facts.role = "sqlalchemy", facts.role or "base"
            elif kind == "sa_model_root":
                facts.orm, facts.role, facts.flask = "sqlalchemy", "model", True
            elif kind in ("sa_base", "sa_base_cls"):
                facts.orm, facts.role = "sqlalchemy", "model"
                if kind == "sa_base_cls":
                    custom = self._declarative_cls(found)
                    if custom is not None:
                        self.classify(custom, stack + (qual,))
                        facts.project_bases.append(custom)
                    else:
                        facts.open_bases.append(f"{name} (declarative_base(cls=...))")
            elif kind == "sqlmodel_root":
                facts.orm, facts.role = "sqlmodel", "model" if table_kw else "schema"
            elif kind == "django_root":
                facts.orm, facts.role = "django", "model"
            elif kind and kind.startswith("django_user:"):
                facts.orm, facts.role = "django", "model"
                facts.django_user.append(kind.split(":", 1)[1])
            elif found is not None and found[0] == "class":
                bq = f"{found[1]}:{found[2]}"
                if bq not in self.facts:
                    facts.open_bases.append(name)
                    continue
                base = self.classify(bq, stack + (qual,))
                facts.project_bases.append(bq)
                if base.orm and base.role in ("base", "model", "schema"):
                    facts.orm = facts.orm or base.orm
                    facts.flask = facts.flask or base.flask
                    if base.orm == "sqlmodel":
                        facts.role = "model" if table_kw else (facts.role or "schema")
                    elif facts.role != "model":
                        facts.role = "model"
            elif found is None and name in KNOWN_MIXINS:
                facts.known_attrs |= KNOWN_MIXINS[name]
            elif found is not None and found[0] == "ext" and _last(found[1]) in KNOWN_MIXINS:
                facts.known_attrs |= KNOWN_MIXINS[_last(found[1])]
            elif found is not None and found[0] == "ext" and _last(found[1]) == "Model" and found[1].startswith("flask_sqlalchemy"):
                facts.orm, facts.role, facts.flask = "sqlalchemy", "model", True
            else:
                facts.open_bases.append(name)
        if facts.orm is None and facts.role is None and self._looks_like_sa_model(node) and facts.open_bases:
            # Base could not be resolved (defined in a file that does not parse): read the model, keep it open.
            facts.orm, facts.role = "sqlalchemy", "model"
        return facts

    def _declarative_cls(self, found: tuple | None) -> str | None:
        """The project class passed as ``declarative_base(cls=...)``, followed through ``Base = other.Base``."""
        for _ in range(6):
            if found is None or found[0] != "value":
                return None
            expr = self.resolver.assigns.get(found[1], {}).get(found[2])
            module = self.project.modules[found[1]]
            if isinstance(expr, cst.Call):
                cls_expr = _kw(expr, "cls")
                target = self.resolver.resolve(module, dotted(cls_expr)) if cls_expr is not None else None
                if target is not None and target[0] == "class" and f"{target[1]}:{target[2]}" in self.facts:
                    return f"{target[1]}:{target[2]}"
                return None
            found = self.resolver.resolve(module, dotted(expr)) if expr is not None else None
        return None

    @staticmethod
    def _looks_like_sa_model(node: cst.ClassDef) -> bool:
        for stmt in node.body.body:
            if isinstance(stmt, cst.SimpleStatementLine):
                for small in stmt.body:
                    if isinstance(small, cst.Assign) and any(isinstance(t.target, cst.Name) and t.target.value == "__tablename__" for t in small.targets):
                        return True
        return False

    # extraction ---------------------------------------------------------------------------
    def run(self) -> ModelSet:
        out = ModelSet()
        for qual in self.facts:
            self.classify(qual)
        own_fields: dict[str, dict[str, Field]] = {}
        meta: dict[str, dict[str, object]] = {}
        for qual, facts in self.facts.items():
            family = facts.orm or self._family_of_mixin(qual)
            own_fields[qual], meta[qual] = self._read_body(facts, family)
        for qual, facts in self.facts.items():
            if facts.role != "model" or facts.orm is None:
                continue
            model = self._build(qual, facts, own_fields, meta)
            out.by_qualname[qual] = model
            out.models.setdefault(model.name, model)
        self._plain_tables(out)
        self._link(out, own_fields)
        return out

    def _family_of_mixin(self, qual: str) -> str | None:
        """Mixins take their family from the models that use them."""
        for facts in self.facts.values():
            if qual in facts.project_bases and facts.orm:
                return facts.orm
        return None

    def _mro(self, qual: str, seen: set[str] | None = None) -> list[str]:
        """Project classes in the order their declarations apply (bases first, the class last)."""
        seen = seen if seen is not None else set()
        if qual in seen:
            return []
        seen.add(qual)
        out: list[str] = []
        for base in reversed(self.facts[qual].project_bases):
            for q in self._mro(base, seen):
                if q not in out:
                    out.append(q)
        out.append(qual)
        return out

    def _build(self, qual, facts: _ClassFacts, own_fields, meta) -> Model:
        module = facts.module
        name = facts.node.name.value
        line, col = self.pos(module, facts.node)
        mro = self._mro(qual)
        model = Model(name=name, orm=facts.orm or "", table=None, path=module.path, line=line, column=col, module=module.name, flask=facts.flask)
        open_bases: list[str] = []
        parents = []
        for q in mro:
            f = self.facts[q]
            info = f.module.classes.get(f.node.name.value)
            open_bases += f.open_bases
            model.attributes |= f.known_attrs
            model.attributes |= {st.name.value for st in f.node.body.body if isinstance(st, (cst.ClassDef, cst.FunctionDef))}
            if info is not None:
                model.attributes |= info.attributes | set(info.methods)
                for mname, fn in info.methods.items():
                    if any(_last(d) in ("property", "cached_property", "hybrid_property", "setter") for d in fn.decorators):
                        model.properties.add(mname)
                if "__init__" in info.methods:
                    model.has_init = True
            for fname, fld in own_fields[q].items():
                model.fields[fname] = dataclasses.replace(fld)
            if q != qual and f.role == "model" and f.orm:
                parents.append(q)
            for user_base in f.django_user:
                for fname in DJANGO_USER_FIELDS[user_base]:
                    target = {"groups": "Group", "user_permissions": "Permission"}.get(fname)
                    model.fields.setdefault(
                        fname,
                        Field(
                            fname,
                            None if target else fname,
                            "m2m" if target else "column",
                            target=target,
                            many=bool(target),
                            implicit=True,
                            path=module.path,
                            origin=qual,
                        ),
                    )
                model.attributes |= DJANGO_USER_ATTRS
        model.open_bases = tuple(dict.fromkeys(open_bases))
        model.parent_models = tuple(parents)
        m = meta[qual]
        model.abstract = bool(m.get("abstract"))
        if facts.orm == "django":
            model.app_label = _django_app_label(module)
            parent_concrete = [p for p in parents if not meta[p].get("abstract")]
            if "id" not in model.fields and not any(f.primary_key for f in model.fields.values()) and not parent_concrete:
                model.fields.setdefault("id", Field("id", "id", "column", implicit=True, path=module.path, line=line, col=col, origin=qual))
            for p in parent_concrete:
                pname = self.facts[p].node.name.value
                ptr = f"{pname.lower()}_ptr"
                model.fields.setdefault(
                    ptr, Field(ptr, f"{ptr}_id", "fk", target=pname, single=True, implicit=True, path=module.path, origin=qual, to_object=True)
                )
            for fld in list(model.fields.values()):
                if fld.forward and fld.column not in model.fields:
                    model.fields[fld.column] = Field(
                        fld.column, fld.column, "column", implicit=True, path=fld.path, line=fld.line, col=fld.col, origin=fld.origin
                    )
            table = m.get("db_table")
            model.table = table if isinstance(table, str) else (None if model.abstract else f"{model.app_label}_{name.lower()}")
        else:
            tablename = None
            for q in reversed(mro):
                t = meta[q].get("tablename")
                if isinstance(t, str):
                    tablename = t if q == qual else tablename
                    break
                if callable(t):
                    tablename = t(name)
                    break
            if tablename is None and meta[qual].get("tablename") is None:
                parent_tables = [meta[p].get("tablename") for p in parents]
                parent_table = next((t for t in parent_tables if isinstance(t, str)), None)
                if parent_table:
                    tablename = parent_table  # single-table inheritance
                elif facts.orm == "sqlmodel":
                    tablename = name.lower()
                elif facts.flask:
                    tablename = _snake(name)
            model.table = tablename
            model.abstract = bool(meta[qual].get("abstract"))
        return model

    def _read_body(self, facts: _ClassFacts, family: str | None) -> tuple[dict[str, Field], dict[str, object]]:
        fields: dict[str, Field] = {}
        meta: dict[str, object] = {}
        module = facts.module
        for stmt in facts.node.body.body:
            if isinstance(stmt, cst.ClassDef) and stmt.name.value == "Meta":
                for inner in stmt.body.body:
                    if isinstance(inner, cst.SimpleStatementLine):
                        for small in inner.body:
                            if isinstance(small, cst.Assign) and isinstance(small.targets[0].target, cst.Name):
                                key = small.targets[0].target.value
                                if key == "db_table":
                                    meta["db_table"] = _str(small.value)
                                elif key == "abstract":
                                    meta["abstract"] = _const(small.value) == "True"
                continue
            if isinstance(stmt, cst.FunctionDef) and stmt.name.value == "__tablename__":
                meta["tablename"] = _tablename_function(stmt)
                continue
            if not isinstance(stmt, cst.SimpleStatementLine):
                continue
            for small in stmt.body:
                target = value = annotation = None
                if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.targets[0].target, cst.Name):
                    target, value = small.targets[0].target, small.value
                elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                    target, value, annotation = small.target, small.value, small.annotation.annotation
                if target is None:
                    continue
                name = target.value
                if name == "__tablename__":
                    meta["tablename"] = _str(value)
                    continue
                if name == "__abstract__":
                    meta["abstract"] = _const(value) == "True"
                    continue
                if name.startswith("__"):
                    continue
                line, col = self.pos(module, target)
                fld = self._field(name, value, annotation, family, module)
                if fld is not None:
                    fld.path, fld.line, fld.col, fld.origin = module.path, line, col, facts.qual
                    fields[name] = fld
        return fields, meta

    def _field(self, name: str, value, annotation, family, module: ModuleInfo) -> Field | None:
        call = value if isinstance(value, cst.Call) else None
        callee = _last(_callee(call)) if call is not None else ""
        ann = _code(annotation) if annotation is not None else ""
        if ann.startswith(("ClassVar", "typing.ClassVar")):
            return None
        if family == "django":
            if call is None:
                return None
            if callee in DJANGO_FK:
                target, ref = self._target(module, _kw(call, "to") or (_positional(call) or [None])[0])
                related = _str(_kw(call, "related_name"))
                column = _str(_kw(call, "db_column")) or f"{name}_id"
                fld = Field(name, column, "fk", target=target, target_ref=ref, related_name=related, single=DJANGO_FK[callee], to_object=True)
                fld.query_name = _str(_kw(call, "related_query_name"))
                return fld
            if callee in DJANGO_M2M:
                target, ref = self._target(module, _kw(call, "to") or (_positional(call) or [None])[0])
                fld = Field(name, None, "m2m", target=target, target_ref=ref, related_name=_str(_kw(call, "related_name")), many=True)
                fld.query_name = _str(_kw(call, "related_query_name"))
                fld.lazy = "through" if _kw(call, "through") is not None else None
                symmetrical = _const(_kw(call, "symmetrical"))
                if ref == "self" and symmetrical != "False":
                    fld.related_name = "+"
                return fld
            if callee in ("GenericRelation", "GenericForeignKey"):
                return Field(name, None, "property")
            if callee.endswith("Field"):
                fld = Field(name, _str(_kw(call, "db_column")) or name, "column", opaque=callee in DJANGO_OPAQUE)
                fld.primary_key = _const(_kw(call, "primary_key")) == "True"
                return fld
            return None
        # SQLAlchemy / SQLModel (and mixins whose family is unknown: read both spellings)
        if callee in SA_RELATIONSHIP or callee == "Relationship":
            first = (_positional(call) or [None])[0] if call is not None else None
            if first is not None:
                target, ref = self._target(module, first)
            else:
                target, ref = _annotation_target(annotation)
                found = self.resolver.resolve(module, target) if target else None
                if found is not None and found[0] == "class":
                    target = ref = found[2]  # an alias imported under TYPE_CHECKING
            lazy = _const(_kw(call, "lazy"))
            kwargs = _kw(call, "sa_relationship_kwargs")
            if lazy is None and isinstance(kwargs, cst.Dict):
                for el in kwargs.elements:
                    if isinstance(el, cst.DictElement) and _str(el.key) == "lazy":
                        lazy = _const(el.value)
            lazy = {"True": "select", "False": "joined", "None": "noload"}.get(lazy or "", lazy)
            backref = _kw(call, "backref")
            backref_name, backref_lazy = None, None
            if backref is not None:
                backref_name = _str(backref)
                if isinstance(backref, cst.Call):
                    backref_name = _str((_positional(backref) or [None])[0])
                    backref_lazy = _const(_kw(backref, "lazy"))
            uselist = _const(_kw(call, "uselist"))
            many = uselist == "True" or (uselist is None and _annotation_many(annotation))
            fld = Field(
                name,
                None,
                "relationship",
                target=target,
                target_ref=ref,
                lazy=lazy,
                back_populates=_str(_kw(call, "back_populates")),
                related_name=backref_name,
                many=many,
            )
            fld.backref_lazy = backref_lazy
            return fld
        if callee in SA_COLUMN or (callee == "Field" and family in ("sqlmodel", None)):
            column = name
            args = list(call.args)
            first = _positional(call)
            if first and _str(first[0]) is not None:
                column = _str(first[0]) or name
            column = _str(_kw(call, "name")) or column
            fk_table = None
            for arg in args:
                if isinstance(arg.value, cst.Call) and _last(_callee(arg.value)) == "ForeignKey":
                    ref = _str((_positional(arg.value) or [None])[0])
                    fk_table = _fk_table(ref)
            fk = _str(_kw(call, "foreign_key"))
            if fk:
                fk_table = _fk_table(fk)
            sa_column = _kw(call, "sa_column")
            if isinstance(sa_column, cst.Call):
                inner = self._field(name, sa_column, None, "sqlalchemy", module)
                if inner is not None:
                    return inner
            fld = Field(name, column, "fk" if fk_table is not None else "column")
            fld.target_ref = fk_table
            return fld
        if callee in SA_PROPERTY:
            if callee == "deferred" and call is not None and call.args and isinstance(call.args[0].value, cst.Call):
                return self._field(name, call.args[0].value, None, family, module)
            return Field(name, None, "property")
        if annotation is not None:
            inner = _mapped_inner(annotation)
            if inner is not None and value is None:  # name: Mapped[int]
                return Field(name, name, "column")
            if inner is not None and call is not None:
                return None
            if family == "sqlmodel" and inner is None:
                # plain annotated field of a SQLModel class: a column, or a relationship to a model
                return Field(name, name, "column")
        return None

    def _target(self, module: ModuleInfo, node) -> tuple[str | None, str | None]:
        """(model class name, string as written) of a relationship/ForeignKey target."""
        if node is None:
            return None, None
        if isinstance(node, cst.Lambda):
            node = node.body
        text = _str(node)
        if text is not None:
            if text == "self":
                return None, "self"
            return _last(text), text
        name = dotted(node)
        if name is None:
            return None, None
        if name.endswith("AUTH_USER_MODEL") or _last(name) == "get_user_model":
            ref = self._auth_user_model()
            return (_last(ref) if ref else None), None
        found = self.resolver.resolve(module, name)
        if found is not None and found[0] == "class":
            return found[2], None
        return None, None

    def _auth_user_model(self) -> str | None:
        for _modname, assigns in self.resolver.assigns.items():
            value = assigns.get("AUTH_USER_MODEL")
            if value is not None and _str(value):
                return _str(value)
        return None

    def _plain_tables(self, out: ModelSet) -> None:
        for module in self.project.modules.values():
            for var, value in self.resolver.assigns.get(module.name, {}).items():
                if isinstance(value, cst.Call) and _last(_callee(value)) == "Table":
                    args = _positional(value)
                    table = _str(args[0]) if args else None
                    if not table:
                        continue
                    cols = set()
                    for arg in args[1:]:
                        if isinstance(arg, cst.Call) and _last(_callee(arg)) == "Column":
                            cname = _str((_positional(arg) or [None])[0])
                            if cname:
                                cols.add(cname)
                    out.plain_tables.setdefault(table, set()).update(cols)
                    out.table_vars[f"{module.name}:{var}"] = table

    def _link(self, out: ModelSet, own_fields) -> None:
        """Second pass: fk targets from table names, self references, reverse accessors, backrefs, table columns."""
        labels = {m.app_label for m in out.by_qualname.values() if m.app_label}
        for model in out.by_qualname.values():
            for fld in model.fields.values():
                declaring = out.by_qualname.get(fld.origin)
                if fld.target_ref == "self":
                    # 'self' is the declaring model, or the concrete child for fields of an abstract base
                    fld.target = declaring.name if declaring is not None and not declaring.abstract else model.name
                if model.orm == "django" and fld.target_ref and "." in fld.target_ref and fld.target_ref.split(".")[0] not in labels:
                    fld.target = None  # "auth.User": a model outside the project
                if model.orm != "django" and fld.kind == "fk" and fld.target is None and fld.target_ref:
                    owner = out.model_for_table(fld.target_ref)
                    fld.target = owner.name if owner else None
        for model in list(out.by_qualname.values()):
            if model.abstract:
                continue
            for fld in list(model.fields.values()):
                target = out.get(fld.target)
                if target is None or fld.implicit and model.orm == "django":
                    continue
                declaring = out.by_qualname.get(fld.origin)
                if declaring is not None and declaring is not model and not declaring.abstract:
                    continue  # inherited from a concrete parent: the reverse accessor belongs to the parent's field
                if model.orm == "django" and fld.kind in ("fk", "m2m") and fld.related_name != "+" and not (fld.related_name or "").endswith("+"):
                    accessor = fld.related_name or (model.name.lower() if fld.single else f"{model.name.lower()}_set")
                    accessor = accessor.replace("%(class)s", model.name.lower()).replace("%(app_label)s", model.app_label or "")
                    query = fld.query_name or fld.related_name or model.name.lower()
                    query = query.replace("%(class)s", model.name.lower()).replace("%(app_label)s", model.app_label or "")
                    if accessor not in target.fields:
                        target.fields[accessor] = Field(
                            accessor,
                            None,
                            "reverse",
                            target=model.name,
                            query_name=query,
                            many=not fld.single,
                            single=fld.single,
                            implicit=True,
                            path=fld.path,
                            line=fld.line,
                            col=fld.col,
                            origin=model.qualname,
                        )
                elif model.orm != "django" and fld.kind == "relationship" and fld.related_name:
                    if fld.related_name not in target.fields:
                        target.fields[fld.related_name] = Field(
                            fld.related_name,
                            None,
                            "relationship",
                            target=model.name,
                            lazy=fld.backref_lazy,
                            implicit=True,
                            path=fld.path,
                            line=fld.line,
                            col=fld.col,
                            origin=model.qualname,
                        )
        for model in out.by_qualname.values():  # Django multi-table inheritance: parent.child accessor
            if model.orm != "django" or model.abstract:
                continue
            for parent_qual in model.parent_models:
                parent = out.by_qualname.get(parent_qual)
                child = model.name.lower()
                if parent is not None and not parent.abstract and child not in parent.fields:
                    parent.fields[child] = Field(
                        child,
                        None,
                        "reverse",
                        target=model.name,
                        query_name=child,
                        single=True,
                        implicit=True,
                        path=model.path,
                        line=model.line,
                        col=model.column,
                        origin=model.qualname,
                    )
        for model in out.by_qualname.values():  # ... and the child sees the parent's reverse relations
            if model.orm != "django":
                continue
            for parent_qual in model.parent_models:
                parent = out.by_qualname.get(parent_qual)
                for name, fld in parent.fields.items() if parent is not None and not parent.abstract else ():
                    if fld.kind == "reverse" and fld.target != model.name:
                        model.fields.setdefault(name, dataclasses.replace(fld))
        for model in out.by_qualname.values():
            if model.abstract or not model.table:
                continue
            cols: set[str] = set()
            for fld in model.fields.values():
                origin = out.by_qualname.get(fld.origin)
                declared_here = origin is None or origin is model or origin.abstract or (model.orm != "django" and origin.table == model.table)
                if not declared_here:
                    continue  # joined-table / multi-table inheritance: the column lives in the parent's table
                if fld.kind in ("column", "fk") and fld.column:
                    cols.add(fld.column)
                if model.orm == "django" and fld.kind == "m2m" and fld.lazy != "through":
                    target = out.get(fld.target)
                    me = model.name.lower()
                    other = target.name.lower() if target else (fld.target or "target").lower()
                    table = f"{model.table}_{fld.name}"
                    names = {"id", f"from_{me}_id", f"to_{me}_id"} if other == me else {"id", f"{me}_id", f"{other}_id"}
                    out.plain_tables.setdefault(table, set()).update(names)
            out._own_columns[model.qualname] = cols


def _tablename_function(fn: cst.FunctionDef):
    """``@declared_attr def __tablename__(cls): return cls.__name__.lower() (+ "s")`` as a function of the class name."""
    code = _code(fn)
    if "__name__" not in code:
        return None
    lower = ".lower()" in code
    suffix = ""
    match = re.search(r"""\+\s*["'](\w+)["']""", code) or re.search(r"""\}(\w+)["']""", code)
    if match:
        suffix = match.group(1)
    snake = "_snake" in code or "camel" in code.lower()

    def make(name: str) -> str:
        base = _snake(name) if snake else (name.lower() if lower else name)
        return base + suffix

    return make


def _fk_table(ref: str | None) -> str:
    """Table of a ``"table.column"`` foreign-key string; "" when unknown or schema-qualified."""
    parts = (ref or "").split(".")
    return parts[0] if len(parts) == 2 else ""


def _mapped_inner(annotation) -> cst.BaseExpression | None:
    if isinstance(annotation, cst.Subscript) and _last(dotted(annotation.value)) in ("Mapped", "WriteOnlyMapped", "DynamicMapped"):
        el = annotation.slice[0].slice if annotation.slice else None
        return el.value if isinstance(el, cst.Index) else None
    return None


def _unwrap_annotation(node) -> tuple[str | None, bool]:
    """(class name, is a collection) from an annotation like list["Article"], Optional[User], "User | None"."""
    if node is None:
        return None, False
    inner = _mapped_inner(node)
    if inner is not None:
        node = inner
    text = _str(node)
    if text is not None:
        try:
            return _unwrap_annotation(cst.parse_expression(text))
        except Exception:  # noqa: BLE001
            return None, False
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        for side in (node.left, node.right):
            name, many = _unwrap_annotation(side)
            if name and name != "None":
                return name, many
        return None, False
    if isinstance(node, cst.Subscript):
        outer = _last(dotted(node.value))
        el = node.slice[0].slice if node.slice else None
        inner_node = el.value if isinstance(el, cst.Index) else None
        name, _ = _unwrap_annotation(inner_node)
        return name, outer in ("list", "List", "set", "Set", "Sequence", "tuple", "Tuple", "Iterable", "Collection")
    name = dotted(node)
    return (_last(name), False) if name else (None, False)


def _annotation_target(annotation) -> tuple[str | None, str | None]:
    name, _ = _unwrap_annotation(annotation)
    return name, name


def _annotation_many(annotation) -> bool:
    return _unwrap_annotation(annotation)[1]


def _django_app_label(module: ModuleInfo) -> str:
    parts = module.name.split(".")
    if "models" in parts:
        idx = parts.index("models")
        if idx > 0:
            return parts[idx - 1]
    return parts[-2] if len(parts) >= 2 else parts[0]


def extract_models(project) -> ModelSet:
    """The ORM models a project declares, read from its source (never imported)."""
    return _Extractor(project).run()


# ------------------------------------------------------------------------------------- checks


@dataclass(slots=True)
class _Val:
    """What a local name holds, as far as the checks can tell."""

    kind: str  # select | query | result | scalars | obj | list | instance | qs | dj_obj
    model: Model | None = None
    loaded: frozenset[str] = frozenset()
    awaited: bool = False
    detached: str | None = None  # where the session closed (text for the message)
    session: str | None = None  # the session variable it came from
    cls: str | None = None  # project class qual for kind == instance
    origin: cst.CSTNode | None = None  # where the value was produced


class _Checker:
    def __init__(self, project, models: ModelSet, resolver: _Resolver) -> None:
        self.project = project
        self.models = models
        self.resolver = resolver
        self.findings: list[CodeFinding] = []
        self.local_cache: dict[int, set[str]] = {}
        # Function bodies are walked once per summary pass and once more to check them; what a walk
        # finds depends only on the (immutable) subtree, so it is kept for the checker's lifetime,
        # keyed by id() (the project holds the trees, so ids stay unique meanwhile).
        self.expr_parts_cache: dict[int, list[tuple[str, cst.CSTNode]]] = {}
        self.loader_cache: dict[int, frozenset[str]] = {}
        self.parents: dict[cst.CSTNode, cst.CSTNode] = {}
        self.seen: set[tuple] = set()
        self.returns_detached: dict[str, _Val] = {}
        self.returns_qs: dict[str, _Val] = {}
        self.returns_obj: dict[str, _Val] = {}  # function -> the ORM object(s) it returns (with what it loads)
        self.sync_django_io: dict[str, str] = {}  # sync function -> a Django query it runs (for OR209)
        self.class_attr_types: dict[str, dict[str, str]] = {}  # class -> {attr: project class of self.attr}
        self.class_sessions: dict[str, dict[str, str]] = {}
        self.unparsed_text = "\n".join(m.source for m in project.modules.values() if m.tree is None)
        self.all_class_names = {c for m in project.modules.values() for c in m.classes}
        auth = next((_str(a["AUTH_USER_MODEL"]) for a in resolver.assigns.values() if _str(a.get("AUTH_USER_MODEL"))), None)
        self.auth_user = models.get(_last(auth)) if auth else None
        if self.auth_user is not None and self.auth_user.orm != "django":
            self.auth_user = None

    # plumbing ---------------------------------------------------------------------------
    def add(self, rule, root_cause, module: ModuleInfo, node: cst.CSTNode, message: str, facts: Iterable[str]) -> None:
        line, col = self.pos(node)
        key = (rule, module.path, line, col, message)
        if key in self.seen:
            return
        self.seen.add(key)
        self.findings.append(CodeFinding(rule, root_cause, module.path, line, col, message, tuple(facts)))

    def pos(self, node: cst.CSTNode | None) -> tuple[int, int]:
        p = self.module.positions.get(node) if node is not None else None
        return (p.start.line, p.start.column + 1) if p is not None else (0, 0)

    def line(self, node: cst.CSTNode | None) -> int:
        return self.pos(node)[0]

    def shadowed(self, name_node: cst.Name) -> bool:
        """Whether an enclosing function binds this name locally (parameter, assignment, loop...)."""
        cur = self.parents.get(name_node)
        while cur is not None:
            if _is_function(cur):
                names = self.local_cache.get(id(cur))
                if names is None:
                    names = self.local_cache[id(cur)] = _local_names(cur)
                if name_node.value in names:
                    return True
            cur = self.parents.get(cur)
        return False

    def model_of(self, expr: cst.BaseExpression | None) -> Model | None:
        """The model class an expression names (``User``, ``models.User``), unless a local shadows it."""
        name = dotted(expr) if expr is not None else None
        if not name:
            return None
        head = expr
        while isinstance(head, cst.Attribute):
            head = head.value
        if isinstance(head, cst.Name) and self.shadowed(head):
            return None
        found = self.resolver.resolve(self.module, name)
        if found is not None and found[0] == "value":
            value = self.resolver.assigns.get(found[1], {}).get(found[2])
            if isinstance(value, cst.Call) and _last(_callee(value)) == "get_user_model" and self.auth_user is not None:
                return self.auth_user
        if found is None or found[0] != "class":
            return None
        return self.models.by_qualname.get(f"{found[1]}:{found[2]}")

    def expr_parts(self, node: cst.BaseExpression) -> list[tuple[str, cst.CSTNode]]:
        """The comprehensions, attributes and calls _Flow.expr looks at in ``node``, in walk order."""
        parts = self.expr_parts_cache.get(id(node))
        if parts is None:
            parts = self.expr_parts_cache[id(node)] = [
                (part, n)
                for n in _walk(node, prune=lambda x: _EXPR_PART(x) in ("lambda", "comprehension"))
                if (part := _EXPR_PART(n)) is not None and part != "lambda"
            ]
        return parts

    def defined_elsewhere(self, name: str) -> bool:
        return bool(self.unparsed_text) and re.search(rf"\bclass\s+{re.escape(name)}\b", self.unparsed_text) is not None

    # entry --------------------------------------------------------------------------------
    def run(self) -> list[CodeFinding]:
        self.check_mappings()
        prepared = []
        for module in self.project.modules.values():
            if module.tree is None:
                continue
            parents: dict[cst.CSTNode, cst.CSTNode] = {}
            calls: list[cst.Call] = []
            attributes: list[cst.Attribute] = []
            functions: list[tuple[cst.FunctionDef, cst.ClassDef | None]] = []
            stack: list[cst.CSTNode] = [module.tree]
            while stack:  # pre-order, as _walk, computing each node's children once
                node = stack.pop()
                children = _children(node)
                for child in children:
                    parents[child] = node
                part = _MODULE_PART(node)
                if part == "call":
                    calls.append(node)
                elif part == "attribute":
                    attributes.append(node)
                elif part == "function":
                    block = parents.get(node)
                    owner = parents.get(block) if block is not None else None
                    functions.append((node, owner if isinstance(owner, cst.ClassDef) else None))
                stack.extend(reversed(children))
            prepared.append((module, parents, calls, attributes, functions))
        for module, parents, calls, attributes, _functions in prepared:
            self.module, self.parents = module, parents
            _collect_class_sessions(self)
            for attribute in attributes:  # User.post_count = column_property(...) after the class
                parent = parents.get(attribute)
                if isinstance(parent, cst.AssignTarget) and parent.target is attribute:
                    model = self.model_of(attribute.value)
                    if model is not None:
                        model.attributes.add(attribute.attr.value)
            for call in calls:  # setattr(User, "name", ...)
                if dotted(call.func) == "setattr" and len(call.args) >= 2:
                    model = self.model_of(call.args[0].value)
                    if model is not None:
                        name = _str(call.args[1].value)
                        if name is None:
                            model.open_bases = (*model.open_bases, "setattr")
                        else:
                            model.attributes.add(name)
        for _ in range(4):  # summaries (returned objects, querysets, Django I/O), until they settle
            before = (len(self.returns_detached), len(self.returns_qs), len(self.returns_obj), len(self.sync_django_io))
            for module, parents, _calls, _attrs, functions in prepared:
                self.module, self.parents = module, parents
                for fn, cls in functions:
                    _Flow(self, fn, cls, summarize=True).run()
            if before == (len(self.returns_detached), len(self.returns_qs), len(self.returns_obj), len(self.sync_django_io)):
                break
        for module, parents, calls, attributes, functions in prepared:
            self.module, self.parents = module, parents
            for call in calls:
                self.check_filter_by(call)
                self.check_constructor(call)
                self.check_django_call(call, {})
            for attribute in attributes:
                self.check_class_attribute(attribute)
            for fn, cls in functions:
                _Flow(self, fn, cls, summarize=False).run()
        self.findings.sort(key=lambda f: (f.path, f.line, f.column, f.rule))
        return self.findings

    # OR205: mapper configuration --------------------------------------------------------------
    def check_mappings(self) -> None:
        tables = self.models.tables()
        tables_known = all(m.table or m.abstract for m in self.models.by_qualname.values() if m.orm != "django")
        for model in self.models.by_qualname.values():
            for fld in model.fields.values():
                if fld.implicit or fld.origin != model.qualname:
                    continue
                if fld.kind in ("relationship", "fk", "m2m") and fld.target_ref and fld.target_ref != "self":
                    ref = fld.target_ref
                    name = _last(ref)
                    if fld.kind == "fk" and model.orm != "django":
                        if ref and ref not in tables and tables_known and not model.is_open and not self.unparsed_text and ref.isidentifier():
                            self.findings.append(
                                CodeFinding(
                                    "OR205",
                                    "data.orm",
                                    model.path,
                                    fld.line,
                                    fld.col,
                                    f"{model.name}.{fld.name} has a foreign key to table {ref!r}, which no model or Table defines"
                                    f"{_suggest(ref, tables)}; tables: {_listing(tables)}",
                                    (f"model {model.name} ({model.orm}) in {model.path}:{model.line}", f"foreign key target table: {ref}"),
                                )
                            )
                        continue
                    if model.orm == "django" and "." in ref:
                        app = ref.split(".")[0]
                        if app not in {m.app_label for m in self.models.by_qualname.values()}:
                            continue
                    if self.models.get(name) is None and name not in self.all_class_names and not self.defined_elsewhere(name) and name.isidentifier():
                        self.findings.append(
                            CodeFinding(
                                "OR205",
                                "xfile.reference.attribute",
                                model.path,
                                fld.line,
                                fld.col,
                                f"{model.name}.{fld.name} refers to model {ref!r}, which the project does not define"
                                f"{_suggest(name, self.models.models)}; models: {_listing(self.models.models)}",
                                (f"model {model.name} ({model.orm}) in {model.path}:{model.line}", f"relation target: {ref}"),
                            )
                        )
                        continue
                if fld.kind == "relationship" and fld.back_populates:
                    target = self.models.get(fld.target)
                    if target is None or target.is_open:
                        continue
                    other = target.fields.get(fld.back_populates)
                    if other is not None and other.kind == "relationship":
                        continue
                    rels = [f.name for f in target.fields.values() if f.kind == "relationship"]
                    what = (
                        f"a {other.kind} named {fld.back_populates!r}, not a relationship" if other is not None else f"no relationship {fld.back_populates!r}"
                    )
                    self.findings.append(
                        CodeFinding(
                            "OR205",
                            "data.orm",
                            model.path,
                            fld.line,
                            fld.col,
                            f"relationship {model.name}.{fld.name} has back_populates={fld.back_populates!r} but {target.name} has {what}"
                            f"{_suggest(fld.back_populates, rels)}; {target.name} relationships: {_listing(rels) or 'none'}",
                            (
                                f"model {model.name} in {model.path}:{model.line}",
                                f"target model {target.name} in {target.path}:{target.line}",
                                f"back_populates: {fld.back_populates}",
                            ),
                        )
                    )

    # per-expression checks: OR201, OR202, OR203, OR204 -----------------------------------------

    # OR201
    def check_filter_by(self, node: cst.Call) -> None:
        if not (isinstance(node.func, cst.Attribute) and node.func.attr.value == "filter_by"):
            return
        model, how = self.query_entity(node.func.value)
        if model is None or model.is_open or model.orm == "django":
            return
        allowed = set(model.fields) | model.attributes
        for arg in node.args:
            if arg.keyword is None:
                continue
            key = arg.keyword.value
            if key in allowed:
                continue
            columns = [f for f, v in model.fields.items() if v.kind != "property"]
            self.add(
                "OR201",
                "data.orm.field_error",
                self.module,
                arg,
                f"filter_by({key}=...) on {model.name}: the model has no attribute {key!r}{_suggest(key, columns)}; fields: {_listing(columns)}",
                (f"query entity {model.name} from {how}", f"model {model.name} in {model.path}:{model.line}", f"keyword: {key}"),
            )

    def query_entity(self, expr: cst.BaseExpression) -> tuple[Model | None, str]:
        passthrough = {
            "filter",
            "where",
            "order_by",
            "limit",
            "offset",
            "options",
            "distinct",
            "execution_options",
            "params",
            "enable_eagerloads",
            "with_for_update",
            "filter_by",
        }
        while isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value in passthrough:
            expr = expr.func.value
        if isinstance(expr, cst.Attribute) and expr.attr.value == "query":
            model = self.model_of(expr.value)
            return model, f"{model.name}.query" if model else ""
        if isinstance(expr, cst.Call) and not any(a.keyword for a in expr.args):
            args = _positional(expr)
            if len(args) != 1 or len(expr.args) != 1:
                return None, ""
            if isinstance(expr.func, cst.Attribute) and expr.func.attr.value == "query":
                model = self.model_of(args[0])
                return model, f"{_code(expr.func)}({model.name})" if model else ""
            if _last(dotted(expr.func)) == "select" and self.is_sql_select(expr.func):
                model = self.model_of(args[0])
                return model, f"select({model.name})" if model else ""
        return None, ""

    def is_sql_select(self, func: cst.BaseExpression) -> bool:
        found = self.resolver.resolve(self.module, dotted(func))
        return found is not None and found[0] == "ext" and found[1].split(".")[0] in ("sqlalchemy", "sqlmodel")

    # OR202
    def check_class_attribute(self, node: cst.Attribute) -> None:
        attr = node.attr.value
        if attr.startswith("_"):
            return
        model = self.model_of(node.value)
        if model is None or model.is_open:
            return
        parent = self.parents.get(node)
        if isinstance(parent, (cst.AssignTarget, cst.AugAssign)) or (isinstance(parent, cst.AnnAssign) and parent.target is node):
            return
        if self.in_own_class(node, model):
            return
        known = set(model.fields) | model.attributes
        known |= {"sqlalchemy": SA_STANDARD, "sqlmodel": SQLMODEL_STANDARD | SA_STANDARD, "django": DJANGO_STANDARD}.get(model.orm, set())
        if model.orm == "sqlmodel" and attr.startswith("model_"):
            return
        if model.orm == "django" and (
            attr.startswith("get_") and (attr.endswith("_display") or "_by_" in attr or attr.startswith(("get_next_by", "get_previous_by")))
        ):
            return
        if attr in known:
            return
        mapped = [f for f, v in model.fields.items()]
        self.add(
            "OR202",
            "xfile.reference.attribute",
            self.module,
            node,
            f"{model.name} has no attribute {attr!r}{_suggest(attr, known)}; mapped attributes: {_listing(mapped)}",
            (
                f"model {model.name} ({model.orm}) in {model.path}:{model.line}",
                f"attribute read: {model.name}.{attr}",
                "checked fields, relationships, methods and class attributes of the model and its project bases",
            ),
        )

    def in_own_class(self, node: cst.CSTNode, model: Model) -> bool:
        """Inside the model's own class body at class level (annotations, forward declarations)."""
        cur = self.parents.get(node)
        while cur is not None:
            if isinstance(cur, cst.ClassDef):
                return cur.name.value == model.name and self.module.name == model.module
            if isinstance(cur, (cst.FunctionDef, cst.Lambda)):
                return False
            cur = self.parents.get(cur)
        return False

    # OR203
    def check_constructor(self, node: cst.Call) -> None:
        model = self.model_of(node.func)
        via = None
        if model is None and isinstance(node.func, cst.Attribute) and node.func.attr.value in ("create", "acreate"):
            manager = node.func.value
            if isinstance(manager, cst.Attribute) and manager.attr.value == "objects":
                model = self.model_of(manager.value)
                via = f"{model.name}.objects.{node.func.attr.value}()" if model else None
                if model is not None and model.orm != "django":
                    return
        if model is None or model.is_open or model.has_init or model.abstract:
            return
        via = via or f"{model.name}(...)"
        for arg in node.args:
            if arg.keyword is None:
                continue
            key = arg.keyword.value
            fld = model.fields.get(key)
            if model.orm == "django":
                if fld is not None and fld.kind in ("m2m", "reverse") and not fld.single:
                    self.add(
                        "OR203",
                        "data.orm.field_error",
                        self.module,
                        arg,
                        f"{via} passes {key}=..., but {key!r} is a {'many-to-many' if fld.kind == 'm2m' else 'reverse'} relation: "
                        f"Django refuses direct assignment; create the object, then use {model.name.lower()}.{key}.set(...)",
                        (f"model {model.name} in {model.path}:{model.line}", f"{key}: {fld.kind} relation"),
                    )
                    continue
                if fld is not None or key == "pk" or key in model.attributes:
                    continue
            elif fld is not None or key in model.attributes:
                continue
            options = [f for f, v in model.fields.items() if v.kind != "reverse"]
            tail = " (SQLModel drops unknown keywords silently, so the value never reaches the table)" if model.orm == "sqlmodel" else ""
            self.add(
                "OR203",
                "data.orm.field_error",
                self.module,
                arg,
                f"{via} passes {key}=..., which is not a field of {model.name}{_suggest(key, options)}; fields: {_listing(options)}{tail}",
                (f"model {model.name} ({model.orm}) in {model.path}:{model.line}", f"constructor keyword: {key}", "the model defines no __init__"),
            )

    # OR204
    def django_qs(self, expr: cst.BaseExpression, env: dict[str, _Val]) -> tuple[Model | None, set[str], list[str]]:
        """(model, annotation names, chain methods) of a Django queryset expression."""
        chain: list[str] = []
        annotations: set[str] = set()
        while True:
            if isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute) and expr.func.attr.value in DJANGO_QS_CHAIN:
                chain.append(expr.func.attr.value)
                if expr.func.attr.value in ("annotate", "alias", "values", "values_list"):
                    annotations |= {a.keyword.value for a in expr.args if a.keyword is not None}
                    if any(a.star for a in expr.args):
                        return None, set(), chain
                expr = expr.func.value
                continue
            break
        if isinstance(expr, cst.Attribute) and (expr.attr.value in ("objects", "_default_manager")):
            model = self.model_of(expr.value)
            if model is not None and model.orm == "django":
                return model, annotations, chain
            return None, set(), chain
        if isinstance(expr, cst.Name) and expr.value in env and env[expr.value].kind == "qs":
            val = env[expr.value]
            return val.model, annotations | set(val.loaded), chain
        return None, set(), chain

    def check_django_call(self, node: cst.Call, env: dict[str, _Val]) -> None:
        if _last(dotted(node.func)) in ("get_object_or_404", "get_list_or_404", "aget_object_or_404", "aget_list_or_404") and node.args:
            first = node.args[0].value
            model = self.model_of(first)
            annotations: set[str] = set()
            if model is None:
                model, annotations, chain = self.django_qs(first, env)
                if any(c in ("values", "values_list") for c in chain):
                    return
            if model is None or model.orm != "django" or model.is_open:
                return
            for arg in node.args[1:]:
                if arg.keyword is not None:
                    self.django_path(model, arg.keyword.value, arg, f"{_last(dotted(node.func))}({model.name})", annotations, "filter")
            return
        if not isinstance(node.func, cst.Attribute):
            return
        method = node.func.attr.value
        if method not in (
            "filter",
            "exclude",
            "get",
            "aget",
            "get_or_create",
            "aget_or_create",
            "update_or_create",
            "aupdate_or_create",
            "order_by",
            "values",
            "values_list",
            "only",
            "defer",
            "select_related",
            "prefetch_related",
            "update",
            "aupdate",
            "distinct",
            "earliest",
            "latest",
            "aearliest",
            "alatest",
        ):
            return
        model, annotations, chain = self.django_qs(node.func.value, env)
        if model is None or model.is_open:
            return
        if any(c in ("values", "values_list") for c in chain) and method not in ("values", "values_list"):
            annotations = annotations | {"*"}
        if "*" in annotations:
            return
        where = f"{model.name}.objects...{method}()"
        if method in ("filter", "exclude", "get", "aget", "get_or_create", "aget_or_create", "update_or_create", "aupdate_or_create"):
            for arg in node.args:
                if arg.keyword is not None:
                    if arg.keyword.value in ("defaults", "create_defaults"):
                        continue
                    self.django_path(model, arg.keyword.value, arg, where, annotations, "filter")
                elif not arg.star:
                    for q in _q_objects(arg.value):
                        for qa in q.args:
                            if qa.keyword is not None:
                                self.django_path(model, qa.keyword.value, qa, where, annotations, "filter")
        elif method in ("update", "aupdate"):
            for arg in node.args:
                if arg.keyword is not None:
                    key = arg.keyword.value
                    fld = model.fields.get(key)
                    if fld is not None and fld.kind in ("reverse", "m2m"):
                        self.add(
                            "OR204",
                            "data.orm.field_error",
                            self.module,
                            arg,
                            f"{where}: {key!r} is a {'many-to-many' if fld.kind == 'm2m' else 'reverse'} relation; update() only sets columns and foreign keys",
                            (f"model {model.name} in {model.path}:{model.line}", f"update keyword: {key}"),
                        )
                    elif fld is None:
                        self.django_path(model, key, arg, where, set(), "update")
        else:
            mode = {"select_related": "select", "prefetch_related": "prefetch"}.get(method, "names")
            for arg in node.args:
                if arg.keyword is not None or arg.star:
                    continue
                value = arg.value
                if isinstance(value, cst.Call) and _last(_callee(value)) == "Prefetch":
                    value = (_positional(value) or [None])[0]
                text = _str(value)
                if text is None:
                    continue
                if method == "order_by":
                    if text == "?" or "." in text:
                        continue
                    text = text.lstrip("-")
                self.django_path(model, text, arg, where, annotations, mode)

    def django_path(self, model: Model, path: str, node: cst.CSTNode, where: str, annotations: set[str], mode: str) -> None:
        segs = path.split("__")
        cur: Model | None = model
        walked: list[str] = []
        for i, seg in enumerate(segs):
            if cur is None or cur.is_open:
                return
            if i == 0 and seg in annotations:
                return
            fld = _django_lookup_field(cur, seg, mode)
            if fld is not None:
                walked.append(seg)
                if mode == "select" and not (fld.forward or fld.kind == "reverse" and fld.single):
                    self.add(
                        "OR204",
                        "data.orm.field_error",
                        self.module,
                        node,
                        f"select_related({path!r}) on {model.name}: {cur.name}.{seg} is "
                        f"{'a many-valued relation; use prefetch_related' if fld.is_relation else 'not a relation'}",
                        (
                            f"model {cur.name} in {cur.path}:{cur.line}",
                            f"path: {path}",
                            f"single-valued relations of {cur.name}: {_listing(_django_names(cur, 'select')) or 'none'}",
                        ),
                    )
                    return
                if mode == "prefetch" and not fld.is_relation:
                    self.add(
                        "OR204",
                        "data.orm.field_error",
                        self.module,
                        node,
                        f"prefetch_related({path!r}) on {model.name}: {cur.name}.{seg} is not a relation",
                        (
                            f"model {cur.name} in {cur.path}:{cur.line}",
                            f"path: {path}",
                            f"relations of {cur.name}: {_listing(_django_names(cur, 'prefetch')) or 'none'}",
                        ),
                    )
                    return
                if fld.is_relation:
                    cur = self.models.get(fld.target)
                    continue
                if fld.kind == "property" or fld.opaque:
                    return
                return  # a column: what follows are lookups/transforms
            if i > 0 and mode in ("filter", "names") and seg in DJANGO_LOOKUPS | {"pk"}:
                return
            if seg == "pk":
                return
            if mode in ("select", "prefetch") and seg in cur.attributes:
                return
            names = _django_names(cur, mode)
            if i == 0:
                names |= annotations
            what = {"filter": "lookup", "names": "field name", "select": "select_related", "prefetch": "prefetch_related", "update": "update()"}[mode]
            self.add(
                "OR204",
                "data.orm.field_error",
                self.module,
                node,
                f"{where}: {what} {path!r} cannot be resolved: {cur.name} has no field {seg!r}{_suggest(seg, names)}; choices are: {_listing(names, 20)}",
                (
                    f"model {cur.name} in {cur.path}:{cur.line}",
                    f"path: {path}" + (f" (resolved {'__'.join(walked)})" if walked else ""),
                    f"Django {what} segment: {seg}",
                ),
            )
            return


def _django_names(model: Model, mode: str) -> set[str]:
    out = set()
    for name, fld in model.fields.items():
        if mode == "select":
            if fld.forward:
                out.add(name)
            elif fld.kind == "reverse" and fld.single:
                out.add(fld.query_name or name)
        elif mode == "prefetch":
            if fld.is_relation:
                out.add(name)
        elif fld.kind == "reverse" and mode != "update":
            out.add(fld.query_name or name)
        elif fld.kind != "reverse":
            out.add(name)
    if mode not in ("select", "prefetch"):
        out.add("pk")
    return out


def _django_lookup_field(model: Model, seg: str, mode: str) -> Field | None:
    fld = model.fields.get(seg)
    if mode == "prefetch":
        return fld
    if fld is not None and fld.kind != "reverse":
        return fld
    for f in model.fields.values():
        if f.kind == "reverse" and (f.query_name or f.name) == seg:
            return f
    if mode == "select" and fld is not None:
        return fld
    return None


def _q_objects(expr: cst.BaseExpression) -> Iterator[cst.Call]:
    if isinstance(expr, cst.Call) and _last(_callee(expr)) == "Q":
        yield expr
        for arg in expr.args:
            if arg.keyword is None:
                yield from _q_objects(arg.value)
    elif isinstance(expr, cst.BinaryOperation):
        yield from _q_objects(expr.left)
        yield from _q_objects(expr.right)
    elif isinstance(expr, cst.UnaryOperation):
        yield from _q_objects(expr.expression)


# ----------------------------------------------------------------------- per-function flow checks


class _Flow:
    """Walks one function body in source order, tracking what local names hold.

    Drives OR206 (lazy load in async), OR207 (detached instance), OR208 (missing await on an
    AsyncSession) and OR209 (Django ORM in async code). Nested functions are walked on their own.
    """

    def __init__(self, checker: _Checker, fn: cst.FunctionDef, cls: cst.ClassDef | None, *, summarize: bool) -> None:
        self.c = checker
        self.fn = fn
        self.cls = cls
        self.summarize = summarize
        self.is_async = fn.asynchronous is not None
        self.env: dict[str, _Val] = {}
        self.sessions: dict[str, str] = {}  # name -> "async" | "sync"
        self.eager: set[str] = set()
        self.reported: set[tuple[str, str]] = set()
        self.inside: list[set[str]] = []  # session names opened by the enclosing with blocks
        self.accessed_inside: dict[str, set[str]] = {}  # var -> attributes read while its session was open
        self.qualname = None
        module = checker.module
        if cls is None and checker.resolver.funcdefs.get(module.name, {}).get(fn.name.value) is fn:
            self.qualname = f"{module.name}:{fn.name.value}"
        elif cls is not None:
            self.qualname = f"{module.name}:{cls.name.value}.{fn.name.value}"

    def run(self) -> None:
        c = self.c
        for param in [*self.fn.params.params, *self.fn.params.kwonly_params, *self.fn.params.posonly_params]:
            ann = _code(param.annotation.annotation) if param.annotation else ""
            found = c.resolver.resolve(c.module, dotted(param.annotation.annotation)) if param.annotation else None
            if found is not None and found[0] == "class" and f"{found[1]}:{found[2]}" not in c.models.by_qualname:
                self.env[param.name.value] = _Val("instance", cls=f"{found[1]}:{found[2]}")
            if "AsyncSession" in ann:
                self.sessions[param.name.value] = "async"
            elif re.search(r"\bSession\b", ann):
                self.sessions[param.name.value] = "sync"
        if self.cls is not None:
            for attr, kind in c.class_sessions.get(f"{c.module.name}:{self.cls.name.value}", {}).items():
                self.sessions[f"self.{attr}"] = kind
        if not self.summarize:
            self.eager = self.loader_names(self.fn.body)
        self.block(self.fn.body.body)

    # statements -----------------------------------------------------------------------------
    def block(self, stmts: Iterable[cst.CSTNode]) -> None:
        for stmt in stmts:
            self.statement(stmt)

    def statement(self, stmt: cst.CSTNode) -> None:
        if isinstance(stmt, (cst.FunctionDef, cst.ClassDef)):
            return
        if isinstance(stmt, cst.BaseSmallStatement):  # bodies written on one line: `if x: return y`
            self.small(stmt)
            return
        if isinstance(stmt, cst.SimpleStatementLine):
            for small in stmt.body:
                self.small(small)
            return
        if isinstance(stmt, (cst.With,)):
            self.with_block(stmt)
            return
        if isinstance(stmt, cst.For):
            self.expr(stmt.iter)
            val = self.infer(stmt.iter)
            if isinstance(stmt.target, cst.Name):
                self.bind(stmt.target.value, self.element(val) if val is None or val.kind != "qs" or stmt.asynchronous else None)
            if not self.summarize and self.is_async and stmt.asynchronous is None:
                self.check_django_iteration(stmt.iter, stmt)
            elif self.summarize and not self.is_async:
                self.note_sync_io(stmt.iter, iterated=True)
            self.block(stmt.body.body)
            if stmt.orelse is not None:
                self.block(stmt.orelse.body.body)
            return
        if isinstance(stmt, cst.If):
            self.expr(stmt.test)
            self.block(stmt.body.body)
            orelse = stmt.orelse
            if isinstance(orelse, cst.If):
                self.statement(orelse)
            elif isinstance(orelse, cst.Else):
                self.block(orelse.body.body)
            return
        if isinstance(stmt, cst.While):
            self.expr(stmt.test)
            self.block(stmt.body.body)
            return
        if isinstance(stmt, (cst.Try, cst.TryStar)):
            self.block(stmt.body.body)
            for handler in stmt.handlers:
                self.block(handler.body.body)
            if stmt.orelse is not None:
                self.block(stmt.orelse.body.body)
            if stmt.finalbody is not None:
                self.block(stmt.finalbody.body.body)
            return
        if isinstance(stmt, cst.Match):
            self.expr(stmt.subject)
            for case in stmt.cases:
                self.block(case.body.body)
            return

    def small(self, small: cst.CSTNode) -> None:
        if isinstance(small, cst.Assign):
            self.expr(small.value)
            val = self.infer(small.value)
            for target in small.targets:
                if isinstance(target.target, cst.Name):
                    self.bind(target.target.value, val)
                else:
                    self.expr(target.target, store=True)
            return
        if isinstance(small, cst.AnnAssign):
            if small.value is not None:
                self.expr(small.value)
            if isinstance(small.target, cst.Name):
                self.bind(small.target.value, self.infer(small.value) if small.value is not None else None)
            return
        if isinstance(small, cst.AugAssign):
            self.expr(small.value)
            self.expr(small.target, store=True)
            return
        if isinstance(small, cst.Return):
            if small.value is not None:
                self.expr(small.value)
                self.returned(small.value)
            return
        if isinstance(small, cst.Expr):
            self.expr(small.value)
            return
        if isinstance(small, cst.Del):
            return
        for child in _children(small):
            if isinstance(child, cst.BaseExpression):
                self.expr(child)

    def bind(self, name: str, val: _Val | None) -> None:
        if val is None:
            self.env.pop(name, None)
        else:
            self.env[name] = val
        self.sessions.pop(name, None)

    def with_block(self, stmt: cst.With) -> None:
        opened: list[str] = []
        for item in stmt.items:
            self.expr(item.item)
            kind = self.session_factory(item.item, is_async=stmt.asynchronous is not None)
            if item.asname is not None and isinstance(item.asname.name, cst.Name):
                name = item.asname.name.value
                if kind is not None:
                    self.sessions[name] = kind
                    self.env.pop(name, None)
                    opened.append(name)
                else:
                    self.bind(name, None)
        self.inside.append(set(opened))
        self.block(stmt.body.body)
        self.inside.pop()
        for name in opened:
            line = self.c.line(stmt)
            for var, val in list(self.env.items()):
                if val.session == name and val.kind in ("obj", "list") and val.detached is None:
                    loaded = set(val.loaded) | self.accessed_inside.get(var, set())
                    self.env[var] = _Val(
                        val.kind, val.model, frozenset(loaded), val.awaited, f"the session opened at line {line} closed", val.session, origin=val.origin
                    )
            self.sessions.pop(name, None)

    def session_factory(self, expr: cst.BaseExpression, *, is_async: bool) -> str | None:
        """'sync' / 'async' when ``expr`` opens a session that closes at the end of the with block."""
        if not isinstance(expr, cst.Call):
            return None
        name = dotted(expr.func)
        if not name:
            return None
        c = self.c
        found = c.resolver.resolve(c.module, name)
        if name.endswith(".begin"):
            found = c.resolver.resolve(c.module, name[: -len(".begin")])
            kind = c.resolver.kind_of(found)
            return {"sessionmaker": "sync", "async_sessionmaker": "async"}.get(kind or "")
        kind = c.resolver.kind_of(found)
        if kind in ("sessionmaker", "session_class"):
            return "async" if is_async else "sync"
        if kind in ("async_sessionmaker", "async_session_class"):
            return "async"
        if found is not None and found[0] == "func":
            fdef = c.resolver.funcdefs.get(found[1], {}).get(found[2])
            if (
                fdef is not None
                and "session" in name.lower()
                and any(_last(dotted(d.decorator)) in ("contextmanager", "asynccontextmanager") for d in fdef.decorators)
            ):
                return "async" if is_async else "sync"
        if found is None and _last(name) in ("Session", "AsyncSession"):
            return "async" if is_async or _last(name) == "AsyncSession" else "sync"
        return None

    # expressions ----------------------------------------------------------------------------
    def expr(self, node: cst.BaseExpression, store: bool = False) -> None:
        """Look at attribute reads and calls in one expression (not inside lambdas or nested defs)."""
        for part, n in self.c.expr_parts(node):
            if part == "comprehension":
                self.comprehension(n)
                if n is node:
                    return
            elif part == "attribute":
                self.attribute(n, store and n is node)
            else:  # a call
                self.passed_inside(n)
                if not self.summarize:
                    self.call(n)
                elif not self.is_async:
                    self.note_sync_io(n)

    def note_sync_io(self, node: cst.BaseExpression, *, iterated: bool = False) -> None:
        """Summary for OR209: this sync function runs a Django query (directly or through another function)."""
        c = self.c
        if self.qualname is None or self.qualname in c.sync_django_io:
            return
        desc = None
        if iterated:
            model, _, _ = c.django_qs(node, self.env)
            desc = f"iterates a {model.name} queryset" if model is not None else None
        elif isinstance(node, cst.Call):
            func = node.func
            if isinstance(func, cst.Attribute):
                model, _, _ = c.django_qs(func.value, self.env)
                if model is not None and func.attr.value in DJANGO_EVALUATING:
                    desc = f"{model.name}.objects...{func.attr.value}()"
                elif isinstance(func.value, cst.Name) and func.attr.value in DJANGO_INSTANCE_ASYNC:
                    val = self.env.get(func.value.value)
                    if val is not None and val.kind == "dj_obj" and val.model is not None:
                        desc = f"{val.model.name}.{func.attr.value}()"
            elif _last(dotted(func)) in ("list", "len") and node.args:
                model, _, _ = c.django_qs(node.args[0].value, self.env)
                desc = f"{_last(dotted(func))}() of a {model.name} queryset" if model is not None else None
            if desc is None:
                target, _ = self.callee(func)
                if target is not None and target in c.sync_django_io and target != self.qualname:
                    desc = f"{_code(func)}() -> {c.sync_django_io[target].split(' -> ')[-1]}"
        if desc is not None:
            c.sync_django_io[self.qualname] = f"{desc} ({c.module.path}:{c.line(node)})" if " -> " not in desc else desc

    def passed_inside(self, node: cst.Call) -> None:
        """An object handed to another function while its session is open may have had any relationship loaded."""
        inside = self.inside
        if not inside:
            return
        method = node.func.attr.value if isinstance(node.func, cst.Attribute) else ""
        if method in ("add", "add_all", "refresh", "flush", "commit", "delete", "merge", "expunge", "expire"):
            return
        for arg in node.args:
            if isinstance(arg.value, cst.Name):
                val = self.env.get(arg.value.value)
                if val is not None and val.session and any(val.session in opened for opened in inside):
                    self.accessed_inside.setdefault(arg.value.value, set()).add("*")

    def comprehension(self, node) -> None:
        local: dict[str, _Val | None] = {}
        saved = dict(self.env)
        for_in = node.for_in
        while for_in is not None:
            self.expr(for_in.iter)
            val = self.infer(for_in.iter)
            if self.is_async and for_in.asynchronous is None and not self.summarize:
                self.check_django_iteration(for_in.iter, for_in.iter)
            elif self.summarize and not self.is_async:
                self.note_sync_io(for_in.iter, iterated=True)
            if isinstance(for_in.target, cst.Name):
                elem = self.element(val) if val is None or val.kind != "qs" or for_in.asynchronous else None
                self.bind(for_in.target.value, elem)
                local[for_in.target.value] = elem
            for cond in for_in.ifs:
                self.expr(cond.test)
            for_in = for_in.inner_for_in
        for part in (node.key, node.value) if isinstance(node, cst.DictComp) else (node.elt,):
            self.expr(part)
        self.env = saved

    def attribute(self, node: cst.Attribute, store: bool) -> None:
        if store or not isinstance(node.value, cst.Name):
            return
        if self.summarize:
            val = self.env.get(node.value.value)
            inside = self.inside
            if val is not None and val.session and any(val.session in opened for opened in inside):
                self.accessed_inside.setdefault(node.value.value, set()).add(node.attr.value)
            return
        parent = self.c.parents.get(node)
        if isinstance(parent, (cst.AssignTarget, cst.AugAssign)) or isinstance(parent, cst.Del):
            return
        name, attr = node.value.value, node.attr.value
        val = self.env.get(name)
        if val is None or val.model is None or val.kind not in ("obj", "dj_obj"):
            return
        model = val.model
        inside = self.inside
        if inside and val.session and any(val.session in s for s in inside):
            self.accessed_inside.setdefault(name, set()).add(attr)
        if (name, attr) in self.reported:
            return
        if val.kind == "dj_obj":
            fld = model.fields.get(attr)
            if self.is_async and fld is not None and fld.forward and attr not in val.loaded:
                self.reported.add((name, attr))
                self.c.add(
                    "OR209",
                    "data.orm.sync_in_async",
                    self.c.module,
                    node,
                    f"{name}.{attr} loads the related {fld.target or 'object'} with a synchronous query inside async def "
                    f"{self.fn.name.value}(); add select_related({attr!r}) to the query or read {name}.{attr}_id",
                    (
                        f"{name}: {model.name} from line {self.c.line(val.origin)}",
                        f"{model.name}.{attr}: ForeignKey, not in select_related",
                        "Django raises SynchronousOnlyOperation",
                    ),
                )
            return
        fld = model.relationship(attr)
        if fld is None or fld.lazy in EAGER or attr in val.loaded or "*" in val.loaded:
            return
        if val.detached:
            self.reported.add((name, attr))
            self.c.add(
                "OR207",
                "data.orm.detached_instance",
                self.c.module,
                node,
                f"{name}.{attr} lazy-loads relationship {model.name}.{attr} after {val.detached}; "
                f"load it eagerly (selectinload/joinedload) or read it inside the session",
                (
                    f"{name}: {model.name} from line {self.c.line(val.origin)}",
                    f"{model.name}.{attr}: relationship, lazy={fld.lazy or 'select'}",
                    f"session closed: {val.detached}",
                ),
            )
            return
        if self.is_async and val.awaited and attr not in self.eager:
            self.reported.add((name, attr))
            self.c.add(
                "OR206",
                "data.orm.async_lazy_load",
                self.c.module,
                node,
                f"{name}.{attr} lazy-loads relationship {model.name}.{attr} inside async def {self.fn.name.value}(); "
                f"add selectinload({model.name}.{attr}) to the query or lazy='selectin' to the relationship",
                (
                    f"{name}: {model.name} loaded by an awaited session call at line {self.c.line(val.origin)}",
                    f"{model.name}.{attr}: relationship, lazy={fld.lazy or 'select'} (declared {fld.path}:{fld.line})",
                    "no selectinload/joinedload for it in the function",
                ),
            )

    def call(self, node: cst.Call) -> None:
        c = self.c
        if isinstance(node.func, cst.Attribute) and isinstance(_chain_root(node.func.value), cst.Name):
            root = _chain_root(node.func.value)
            if root.value in self.env and self.env[root.value].kind == "qs":
                c.check_django_call(node, self.env)
        if not self.is_async:
            return
        parent = c.parents.get(node)
        awaited = isinstance(parent, cst.Await)
        if not awaited:
            target, _ = self.callee(node.func)
            if target is not None and target in c.sync_django_io:
                c.add(
                    "OR209",
                    "data.orm.sync_in_async",
                    c.module,
                    node,
                    f"{_code(node.func)}() runs Django queries synchronously inside async def {self.fn.name.value}() "
                    f"({c.sync_django_io[target]}); call it through sync_to_async or use the async ORM API",
                    (f"callee: {target}", f"Django query: {c.sync_django_io[target]}", "Django raises SynchronousOnlyOperation"),
                )
                return
        if not isinstance(node.func, cst.Attribute):
            if _last(dotted(node.func)) in ("list", "len", "bool") and node.args and not awaited:
                self.check_django_iteration(node.args[0].value, node)
            return
        method = node.func.attr.value
        receiver = dotted(node.func.value)
        # OR208
        if receiver in self.sessions and self.sessions[receiver] == "async" and method in SESSION_AWAITABLE and not awaited:
            if isinstance(parent, (cst.Expr, cst.Assign, cst.AnnAssign)) or (isinstance(parent, cst.Attribute) and parent.value is node):
                c.add(
                    "OR208",
                    "data.orm.session_misuse",
                    c.module,
                    node,
                    f"{receiver}.{method}(...) on an AsyncSession is not awaited in async def {self.fn.name.value}(); "
                    f"it returns a coroutine and the statement never runs (use await {receiver}.{method}(...))",
                    (f"{receiver}: AsyncSession ({self.session_why(receiver)})", f"call: {receiver}.{method}", "no await"),
                )
            return
        if awaited:
            return
        # OR209
        model, _, chain = c.django_qs(node.func.value, self.env)
        if model is not None and method in DJANGO_EVALUATING:
            c.add(
                "OR209",
                "data.orm.sync_in_async",
                c.module,
                node,
                f"{model.name}.objects...{method}() runs a synchronous query inside async def {self.fn.name.value}(); "
                f"use await {model.name}.objects...{DJANGO_EVALUATING[method]}(...) or wrap it in sync_to_async",
                (f"model {model.name} (django) in {model.path}:{model.line}", f"call: {method}() without await", "Django raises SynchronousOnlyOperation"),
            )
            return
        if isinstance(node.func.value, cst.Name) and method in DJANGO_INSTANCE_ASYNC:
            val = self.env.get(node.func.value.value)
            if val is not None and val.kind == "dj_obj" and val.model is not None:
                c.add(
                    "OR209",
                    "data.orm.sync_in_async",
                    c.module,
                    node,
                    f"{node.func.value.value}.{method}() runs a synchronous query inside async def {self.fn.name.value}(); "
                    f"use await {node.func.value.value}.{DJANGO_INSTANCE_ASYNC[method]}()",
                    (
                        f"{node.func.value.value}: {val.model.name} instance (django)",
                        f"call: {method}() without await",
                        "Django raises SynchronousOnlyOperation",
                    ),
                )

    def check_django_iteration(self, expr: cst.BaseExpression, node: cst.CSTNode) -> None:
        if self.summarize:
            return
        model, _, chain = self.c.django_qs(expr, self.env)
        if model is None:
            return
        self.c.add(
            "OR209",
            "data.orm.sync_in_async",
            self.c.module,
            node,
            f"a {model.name} queryset is evaluated synchronously inside async def {self.fn.name.value}(); "
            f"use async for, or wrap the evaluation in sync_to_async",
            (f"model {model.name} (django) in {model.path}:{model.line}", "queryset iterated without async for", "Django raises SynchronousOnlyOperation"),
        )

    def session_why(self, name: str) -> str:
        return "annotated AsyncSession" if any(p.name.value == name for p in self.fn.params.params) else "async session"

    def returned(self, expr: cst.BaseExpression) -> None:
        if not self.summarize or self.qualname is None:
            return
        val = self.infer(expr)
        if val is not None and val.kind == "qs" and val.model is not None:
            self.c.returns_qs[self.qualname] = val
            return
        if val is None or val.kind not in ("obj", "list") or val.model is None:
            return
        if val.detached is None and self.qualname not in self.c.returns_obj:
            self.c.returns_obj[self.qualname] = _Val(val.kind, val.model, val.loaded | frozenset(self.loader_names(self.fn.body)), self.is_async, origin=expr)
        inside = self.inside
        if val.detached and val.session:
            self.c.returns_detached[self.qualname] = _Val(
                val.kind,
                val.model,
                val.loaded,
                self.is_async,
                f"{self.qualname.split(':')[1]}() returned it after {val.detached} ({self.c.module.path}:{self.c.pos(expr)[0]})",
                None,
                origin=expr,
            )
            return
        if val.session and any(val.session in s for s in inside) and self.sessions.get(val.session):
            loaded = set(val.loaded) | self.accessed_inside.get(_name(expr) or "", set())
            self.c.returns_detached[self.qualname] = _Val(
                val.kind,
                val.model,
                frozenset(loaded),
                self.is_async,
                f"{self.qualname.split(':')[1]}() returned it from a closed session ({self.c.module.path}:{self.c.pos(expr)[0]})",
                None,
                origin=expr,
            )

    # inference ----------------------------------------------------------------------------
    def element(self, val: _Val | None) -> _Val | None:
        if val is None:
            return None
        if val.kind == "list":
            return _Val("obj", val.model, val.loaded, val.awaited, val.detached, val.session, origin=val.origin)
        if val.kind == "qs":
            return _Val("dj_obj", val.model, frozenset(val.loaded), origin=val.origin) if self.is_async else None
        return None

    def loader_names(self, node: cst.CSTNode | None) -> set[str]:
        if node is None:
            return set()
        names = self.c.loader_cache.get(id(node))
        if names is None:
            names = self.c.loader_cache[id(node)] = frozenset(_loader_names(node))
        return set(names)

    def infer(self, expr: cst.BaseExpression | None) -> _Val | None:
        """What an expression evaluates to; a session call that is not awaited counts only on a sync session."""
        val = self._infer(expr)
        if val is None or val.kind not in ("pending", "dj_obj_pending", "async_summary"):
            return val
        if val.kind != "pending" or val.session is None:
            return None
        if self.sessions.get(val.session) == "async" or (self.is_async and val.session not in self.sessions):
            return None  # a coroutine (missing await is OR208's business), or a session we cannot tell
        return _Val(val.cls or "obj", val.model, val.loaded, False, None, val.session, origin=val.origin)

    def _infer(self, expr: cst.BaseExpression | None) -> _Val | None:
        if expr is None:
            return None
        c = self.c
        if isinstance(expr, cst.Await):
            val = self._infer(expr.expression)
            if val is None:
                return None
            if val.kind == "dj_obj_pending":
                return _Val("dj_obj", val.model, val.loaded, True, origin=expr)
            if val.kind == "pending":
                return _Val(val.cls or "obj", val.model, val.loaded, True, val.detached, val.session, origin=expr)
            if val.kind == "async_summary":
                return _Val(val.cls or "obj", val.model, val.loaded, True, val.detached, val.session, origin=expr)
            return None
        if isinstance(expr, cst.Name):
            return self.env.get(expr.value)
        if isinstance(expr, cst.Subscript) and isinstance(expr.value, cst.Name):
            val = self.env.get(expr.value.value)
            if val is not None and val.kind == "list" and len(expr.slice) == 1 and isinstance(expr.slice[0].slice, cst.Index):
                return self.element(val)
            return None
        if not isinstance(expr, cst.Call):
            return None
        # a model constructor: Django instances, for .save() in async code
        model = c.model_of(expr.func)
        if model is not None:
            return _Val("dj_obj", model, frozenset(model.fields), origin=expr) if model.orm == "django" else None
        func = expr.func
        name = dotted(func)
        target, receiver_val = self.callee(func)
        if target is not None:
            summary = c.returns_detached.get(target)
            if summary is not None:
                return _summary_value(summary, expr)
            qs = c.returns_qs.get(target)
            if qs is not None:
                return _Val("qs", qs.model, qs.loaded, origin=expr)
            summary = c.returns_obj.get(target)
            if summary is not None:
                session = self.session_argument(expr) or (receiver_val.session if receiver_val is not None else None)
                if summary.awaited:
                    return _Val("async_summary", summary.model, summary.loaded, False, None, session, cls=summary.kind, origin=expr)
                return _Val(summary.kind, summary.model, summary.loaded, False, None, session, origin=expr)
            if receiver_val is not None:
                return None
        if name and not isinstance(func, cst.Attribute):
            found = c.resolver.resolve(c.module, name)
            if found is not None and found[0] == "class" and f"{found[1]}:{found[2]}" not in c.models.by_qualname:
                return _Val("instance", session=self.session_argument(expr), cls=f"{found[1]}:{found[2]}", origin=expr)
        if not isinstance(func, cst.Attribute):
            if _last(name) == "select" and c.is_sql_select(func):
                args = _positional(expr)
                if len(args) == 1 and len(expr.args) == 1:
                    model = c.model_of(args[0])
                    if model is not None and model.orm != "django":
                        return _Val("select", model)
            if _last(name) == "list" and len(expr.args) == 1:
                val = self.infer(expr.args[0].value)
                if val is not None and val.kind in ("list", "scalars"):
                    return _Val("list", val.model, val.loaded, val.awaited, val.detached, val.session, origin=val.origin)
            return None
        method = func.attr.value
        receiver = func.value
        # Django managers and querysets
        if method in ("aget", "afirst", "alast", "acreate", "aget_or_create", "aearliest", "alatest"):
            model, annotations, chain = c.django_qs(receiver, self.env)
            if model is not None and method not in ("aget_or_create",):
                loaded = set(self._select_related(receiver)) if method != "acreate" else set(model.fields)
                return _Val("dj_obj_pending", model, frozenset(loaded))
            return None
        if method in DJANGO_QS_CHAIN:
            model, annotations, chain = c.django_qs(expr, self.env)
            if model is not None:
                return _Val("qs", model, frozenset(annotations), origin=expr)
        if isinstance(receiver, cst.Attribute) and receiver.attr.value == "objects" and method not in DJANGO_EVALUATING:
            return None
        recv_name = dotted(receiver)
        session = recv_name if recv_name and (recv_name in self.sessions or _sessionish(recv_name)) else None
        args = _positional(expr)
        # session calls
        if session is not None and method in ("get", "get_one") and args:
            model = c.model_of(args[0])
            if model is not None and model.orm != "django":
                loaded = self.loader_names(_kw(expr, "options")) if _kw(expr, "options") is not None else set()
                return _Val("pending", model, frozenset(loaded), session=session, cls="obj")
            return None
        if session is not None and method in ("execute", "scalars", "scalar", "exec") and args:
            sel = self.infer(args[0])
            if sel is None or sel.kind != "select":
                return None
            kind = {"execute": "result", "scalars": "scalars", "scalar": "obj", "exec": "scalars"}[method]
            return _Val("pending", sel.model, sel.loaded, session=session, cls=kind)
        if session is not None and method == "query" and len(args) == 1 and len(expr.args) == 1:
            model = c.model_of(args[0])
            if model is not None and model.orm != "django":
                return _Val("query", model, session=session, origin=expr)
            return None
        base = self.infer(receiver)
        if base is None:
            return None
        if base.kind in ("select", "query"):
            if method == "options":
                return _Val(base.kind, base.model, base.loaded | frozenset(self.loader_names(expr)), base.awaited, None, base.session)
            if method in (
                "where",
                "filter",
                "filter_by",
                "order_by",
                "limit",
                "offset",
                "join",
                "outerjoin",
                "distinct",
                "group_by",
                "having",
                "execution_options",
                "join_from",
                "select_from",
            ):
                return base
            if base.kind == "query":
                if method in ("first", "one", "one_or_none", "get", "scalar", "first_or_404", "get_or_404", "one_or_404"):
                    return _Val("obj", base.model, base.loaded, False, None, base.session, origin=expr)
                if method == "all":
                    return _Val("list", base.model, base.loaded, False, None, base.session, origin=expr)
            return None
        if base.kind == "result":
            if method in ("scalars", "unique"):
                return _Val("scalars" if method == "scalars" else "result", base.model, base.loaded, base.awaited, None, base.session, origin=expr)
            if method in ("scalar_one", "scalar_one_or_none", "scalar"):
                return _Val("obj", base.model, base.loaded, base.awaited, None, base.session, origin=expr)
            return None
        if base.kind == "scalars":
            if method in ("first", "one", "one_or_none", "scalar_one", "scalar_one_or_none"):
                return _Val("obj", base.model, base.loaded, base.awaited, None, base.session, origin=expr)
            if method == "all":
                return _Val("list", base.model, base.loaded, base.awaited, None, base.session, origin=expr)
            if method == "unique":
                return base
        return None

    def callee(self, func: cst.BaseExpression) -> tuple[str | None, _Val | None]:
        """Qualified name of the project function or method a call reaches, and the instance it is called on."""
        c = self.c
        if isinstance(func, cst.Attribute):
            method = func.attr.value
            receiver = func.value
            if isinstance(receiver, cst.Name) and receiver.value == "self" and self.cls is not None:
                return f"{c.module.name}:{self.cls.name.value}.{method}", None
            if isinstance(receiver, cst.Attribute) and isinstance(receiver.value, cst.Name) and receiver.value.value == "self" and self.cls is not None:
                cls = c.class_attr_types.get(f"{c.module.name}:{self.cls.name.value}", {}).get(receiver.attr.value)
                return (f"{cls}.{method}", None) if cls else (None, None)
            if isinstance(receiver, cst.Name) and receiver.value in self.env:
                val = self.env[receiver.value]
                return (f"{val.cls}.{method}", val) if val.kind == "instance" else (None, None)
            if isinstance(receiver, cst.Call):
                val = self._infer(receiver)
                return (f"{val.cls}.{method}", val) if val is not None and val.kind == "instance" else (None, None)
        name = dotted(func)
        if not name or (isinstance(func, cst.Name) and c.shadowed(func)):
            return None, None
        found = c.resolver.resolve(c.module, name)
        if found is not None and found[0] == "func":
            return f"{found[1]}:{found[2]}", None
        return None, None

    def session_argument(self, call: cst.Call) -> str | None:
        """The session a call hands over (``UserRepository(session)``, ``get_user(db, id)``), if one is known."""
        for arg in call.args:
            name = dotted(arg.value)
            if name and name in self.sessions:
                return name
        return None

    def _select_related(self, expr: cst.BaseExpression) -> list[str]:
        out = []
        while isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
            if expr.func.attr.value in ("select_related", "prefetch_related"):
                out += [(_str(a.value) or "").split("__")[0] for a in expr.args]
                if not expr.args and expr.func.attr.value == "select_related":
                    out.append("*")
            expr = expr.func.value
        if "*" in out:
            return ["*"] + [f for f in out]
        return out


def _loader_names(node: cst.CSTNode) -> set[str]:
    """Relationships that loader options (``selectinload(User.posts)``, ``refresh(obj, ["posts"])``) under ``node`` load."""
    names: set[str] = set()
    for call in _walk(node):
        if _MODULE_PART(call) != "call":
            continue
        last = _last(dotted(call.func))
        if last in LOADER_OPTIONS or (isinstance(call.func, cst.Attribute) and call.func.attr.value in LOADER_OPTIONS):
            for arg in call.args:
                if isinstance(arg.value, cst.Attribute):
                    names.add(arg.value.attr.value)
                elif _str(arg.value):
                    names.add((_str(arg.value) or "").split(".")[-1])
        if last == "refresh":
            for arg in call.args[1:]:
                if isinstance(arg.value, (cst.List, cst.Tuple)):
                    names.update(_str(e.value) or "" for e in arg.value.elements)
    return names


def _summary_value(summary: _Val, expr: cst.CSTNode) -> _Val:
    """The value a call to a function that returns a detached object gives (a coroutine for async ones)."""
    if summary.awaited:
        return _Val("async_summary", summary.model, summary.loaded, False, summary.detached, cls=summary.kind, origin=expr)
    return _Val(summary.kind, summary.model, summary.loaded, False, summary.detached, origin=expr)


def _chain_root(expr: cst.BaseExpression) -> cst.BaseExpression:
    while isinstance(expr, cst.Call) and isinstance(expr.func, cst.Attribute):
        expr = expr.func.value
    return expr


def _name(expr: cst.BaseExpression) -> str | None:
    return expr.value if isinstance(expr, cst.Name) else None


def _sessionish(name: str) -> bool:
    last = _last(name).lower()
    return last in ("db", "s", "sess", "session", "db_session", "dbsession", "async_session") or last.endswith("session")


def _collect_class_sessions(checker: _Checker) -> None:
    """Attributes of a class that hold an AsyncSession (``self.session = session`` with ``session: AsyncSession``)."""
    module = checker.module
    for stmt in _top_statements(module.tree.body):
        if not isinstance(stmt, cst.ClassDef):
            continue
        attrs: dict[str, str] = {}
        types: dict[str, str] = {}
        for item in stmt.body.body:
            if isinstance(item, cst.SimpleStatementLine):
                for small in item.body:
                    if isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name):
                        ann = _code(small.annotation.annotation)
                        if "AsyncSession" in ann:
                            attrs[small.target.value] = "async"
            if isinstance(item, cst.FunctionDef):
                params = {p.name.value: _code(p.annotation.annotation) if p.annotation else "" for p in item.params.params}
                annotations = {p.name.value: p.annotation.annotation for p in item.params.params if p.annotation is not None}
                for line in item.body.body if isinstance(item.body, cst.IndentedBlock) else ():
                    if not isinstance(line, cst.SimpleStatementLine):
                        continue
                    for small in line.body:
                        target = value = None
                        if isinstance(small, cst.Assign) and len(small.targets) == 1:
                            target, value = small.targets[0].target, small.value
                        elif isinstance(small, cst.AnnAssign):
                            target, value = small.target, small.value
                            if isinstance(target, cst.Attribute) and "AsyncSession" in _code(small.annotation.annotation):
                                attrs[target.attr.value] = "async"
                                continue
                        if not (isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == "self"):
                            continue
                        if isinstance(value, cst.Name) and "AsyncSession" in params.get(value.value, ""):
                            attrs[target.attr.value] = "async"
                        cls_expr = value.func if isinstance(value, cst.Call) else None
                        if isinstance(value, cst.Name) and value.value in annotations:
                            cls_expr = annotations[value.value]
                        found = checker.resolver.resolve(module, dotted(cls_expr)) if cls_expr is not None else None
                        if found is not None and found[0] == "class":
                            types[target.attr.value] = f"{found[1]}:{found[2]}"
        if attrs:
            checker.class_sessions[f"{module.name}:{stmt.name.value}"] = attrs
        if types:
            checker.class_attr_types[f"{module.name}:{stmt.name.value}"] = types


def check_orm(project, models: ModelSet | None = None) -> list[CodeFinding]:
    """OR201-OR209 findings for a project (see the module docstring); never imports the project."""
    extractor = _Extractor(project)
    if models is None:
        models = extractor.run()
    if not models.by_qualname:
        return []
    checker = _Checker(project, models, extractor.resolver)
    return checker.run()
