"""Reading the models a project declares (SQLAlchemy, Flask-SQLAlchemy, SQLModel, Django) with libcst, never importing them."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

import libcst as cst

from rootcause.code.index import ModuleInfo, dotted
from rootcause.code.orm.model import Field, Model, ModelSet
from rootcause.code.orm.syntax import _callee, _code, _const, _first_positional, _kw, _last, _positional, _Resolver, _snake, _str
from rootcause.code.orm.vocab import (
    DJANGO_FK,
    DJANGO_M2M,
    DJANGO_OPAQUE,
    DJANGO_USER_ATTRS,
    DJANGO_USER_FIELDS,
    KNOWN_MIXINS,
    SA_COLUMN,
    SA_PROPERTY,
    SA_RELATIONSHIP,
)


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
                    assert fld.column is not None  # a ForeignKey/OneToOne is built with a column (db_column or <name>_id)
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
                target, ref = self._target(module, _kw(call, "to") or _first_positional(call))
                related = _str(_kw(call, "related_name"))
                column = _str(_kw(call, "db_column")) or f"{name}_id"
                fld = Field(name, column, "fk", target=target, target_ref=ref, related_name=related, single=DJANGO_FK[callee], to_object=True)
                fld.query_name = _str(_kw(call, "related_query_name"))
                return fld
            if callee in DJANGO_M2M:
                target, ref = self._target(module, _kw(call, "to") or _first_positional(call))
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
            assert call is not None  # callee is "" without a call
            first = _first_positional(call)
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
                    backref_name = _str(_first_positional(backref))
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
            assert call is not None  # callee is "" without a call
            column = name
            args = list(call.args)
            positional = _positional(call)
            if positional and _str(positional[0]) is not None:
                column = _str(positional[0]) or name
            column = _str(_kw(call, "name")) or column
            fk_table = None
            for arg in args:
                if isinstance(arg.value, cst.Call) and _last(_callee(arg.value)) == "ForeignKey":
                    ref = _str(_first_positional(arg.value))
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
            mapped = _mapped_inner(annotation)
            if mapped is not None and value is None:  # name: Mapped[int]
                return Field(name, name, "column")
            if mapped is not None and call is not None:
                return None
            if family == "sqlmodel" and mapped is None:
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
                            cname = _str(_first_positional(arg))
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
