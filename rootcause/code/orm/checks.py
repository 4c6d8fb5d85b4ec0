"""OR201-OR205 (and the driver of OR206-OR209): how the code uses the models' fields, relationships and Django lookups."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, cast

import libcst as cst

from rootcause.code.index import ModuleInfo, dotted
from rootcause.code.model import CodeFinding
from rootcause.code.orm.flow import _collect_class_sessions, _Flow
from rootcause.code.orm.syntax import (
    _EXPR_PART,
    _MODULE_PART,
    _callee,
    _children,
    _code,
    _first_positional,
    _is_function,
    _last,
    _listing,
    _local_names,
    _positional,
    _str,
    _suggest,
    _walk,
)
from rootcause.code.orm.vocab import DJANGO_LOOKUPS, DJANGO_QS_CHAIN, DJANGO_STANDARD, SA_STANDARD, SQLMODEL_STANDARD

if TYPE_CHECKING:
    from rootcause.code.orm.flow import _Val
    from rootcause.code.orm.model import Field, Model, ModelSet
    from rootcause.code.orm.syntax import _Resolver


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
                    names = self.local_cache[id(cur)] = _local_names(cast("cst.FunctionDef | cst.Lambda", cur))
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
                part = _MODULE_PART(node)  # tells the node's class; cast says so to mypy
                if part == "call":
                    calls.append(cast(cst.Call, node))
                elif part == "attribute":
                    attributes.append(cast(cst.Attribute, node))
                elif part == "function":
                    block = parents.get(node)
                    owner = parents.get(block) if block is not None else None
                    functions.append((cast(cst.FunctionDef, node), owner if isinstance(owner, cst.ClassDef) else None))
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
                value: cst.BaseExpression | None = arg.value
                if isinstance(value, cst.Call) and _last(_callee(value)) == "Prefetch":
                    value = _first_positional(value)
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
