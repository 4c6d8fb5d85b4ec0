"""libcst helpers the ORM checks share, and the resolver that tells which model, session or value a name stands for."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import cast

import libcst as cst

from rootcause.code.index import ModuleInfo, close_names, code_children, code_fields, dotted, node_classifier
from rootcause.code.orm.vocab import DJANGO_USER_FIELDS

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


def _first_positional(call: cst.Call) -> cst.BaseExpression | None:
    args = _positional(call)
    return args[0] if args else None


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
        # _BINDING has told the node's class; cast says so to mypy without another isinstance
        if binding == "target":
            targets.append(cast("cst.AssignTarget | cst.AnnAssign | cst.AugAssign | cst.For | cst.CompFor | cst.NamedExpr", node).target)
        elif binding in ("with", "except"):
            asname = cast(cst.WithItem, node).asname if binding == "with" else cast(cst.ExceptHandler, node).name
            if asname is not None:
                targets.append(asname.name)
        elif binding == "def":
            names.add(cast("cst.FunctionDef | cst.ClassDef", node).name.value)
        else:  # import
            alias = cast(cst.ImportAlias, node)
            if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
                names.add(alias.asname.name.value)
            else:
                names.add((dotted(alias.name) or "").split(".")[0])
    for target in targets:
        if isinstance(target, cst.Attribute):
            continue
        for n in _walk(target):
            if _is_name(n):
                names.add(cast(cst.Name, n).value)
    return names
