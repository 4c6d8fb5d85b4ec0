"""OR206-OR209: per-function flow: lazy loads after the session closed or in async code, un-awaited AsyncSession calls, sync Django queries in async views."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, cast

import libcst as cst

from rootcause.code.index import dotted
from rootcause.code.orm.syntax import _MODULE_PART, _children, _code, _kw, _last, _positional, _str, _top_statements, _walk
from rootcause.code.orm.vocab import DJANGO_EVALUATING, DJANGO_INSTANCE_ASYNC, DJANGO_QS_CHAIN, EAGER, LOADER_OPTIONS, SESSION_AWAITABLE

if TYPE_CHECKING:
    from rootcause.code.orm.checks import _Checker
    from rootcause.code.orm.model import Model


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
                self.attribute(cast(cst.Attribute, n), store and n is node)
            else:  # a call
                call = cast(cst.Call, n)
                self.passed_inside(call)
                if not self.summarize:
                    self.call(call)
                elif not self.is_async:
                    self.note_sync_io(call)

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
        if isinstance(node.func, cst.Attribute):
            root = _chain_root(node.func.value)
            if isinstance(root, cst.Name) and root.value in self.env and self.env[root.value].kind == "qs":
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
                inferred = self._infer(receiver)
                return (f"{inferred.cls}.{method}", inferred) if inferred is not None and inferred.kind == "instance" else (None, None)
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
    for part in _walk(node):
        if _MODULE_PART(part) != "call":
            continue
        call = cast(cst.Call, part)
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
