"""Cross-file reference checks (``xfile.reference``) and syntax (``startup.syntax``).

Each check reads the project index only. Precision comes first: where the code leaves room
for doubt (a star import from outside the project, a module ``__getattr__``, a base class the
project does not define, a decorated function), the check stays silent.
"""

from __future__ import annotations

from collections.abc import Iterator

from rootcause.code.index import ModuleInfo, close_names
from rootcause.code.model import ClassInfo, CodeFinding, FunctionInfo
from rootcause.code.project import Project

#: Decorators that leave a function's call signature as written.
SIGNATURE_KEEPING = frozenset(
    {
        "staticmethod",
        "classmethod",
        "abstractmethod",
        "abc.abstractmethod",
        "override",
        "typing.override",
        "functools.wraps",
        "cache",
        "functools.cache",
        "lru_cache",
        "functools.lru_cache",
    }
)


def _close(name: str, candidates: set[str] | list[str]) -> list[str]:
    return close_names(name, candidates)


def _did_you_mean(name: str, candidates: set[str] | list[str]) -> str:
    close = _close(name, candidates)
    return f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""


def check_syntax(project: Project) -> Iterator[CodeFinding]:
    for module in project:
        if module.syntax is not None:
            s = module.syntax
            yield CodeFinding("SY001", "startup.syntax", module.path, s.line, s.column, f"syntax error: {s.message}", (f"line {s.line}: {s.text.strip()}",))


def _exported_closure(project: Project, module: ModuleInfo, seen: set[str] | None = None) -> set[str] | None:
    """Names importable from module, following star imports; None when that cannot be known."""
    seen = seen or set()
    if module.name in seen:
        return set()
    seen.add(module.name)
    if module.syntax is not None or module.has_getattr:
        return None
    names = project.exported(module)
    for source in project.star_sources(module):
        if source is None:
            return None
        more = _exported_closure(project, source, seen)
        if more is None:
            return None
        names |= more
    return names


def check_imports(project: Project) -> Iterator[CodeFinding]:
    """XF101 missing project modules, XF102 names a project module does not define."""
    for module in project:
        for imp in module.imports:
            if imp.guarded:
                continue
            target_name = project.absolute_import(module, imp)
            if target_name is None:
                yield CodeFinding(
                    "XF101",
                    "xfile.reference.import",
                    module.path,
                    imp.line,
                    imp.column,
                    f"relative import goes above the top-level package ({'.' * imp.level}{imp.module or ''})",
                )
                continue
            target = project.find(target_name)
            if target is None:
                if imp.level > 0 or project.is_project_name(target_name):
                    parent = ".".join(target_name.split(".")[:-1])
                    parent_module = project.find(parent) if parent else None
                    last = target_name.split(".")[-1]
                    # "import pkg.name" where name is defined in pkg/__init__ is still an error; from-import of it is XF102's.
                    siblings = {n.rsplit(".", 1)[-1] for n in project.modules if parent_module and n.startswith(parent_module.name + ".")}
                    yield CodeFinding(
                        "XF101",
                        "xfile.reference.import",
                        module.path,
                        imp.line,
                        imp.column,
                        f"module {target_name!r} does not exist in the project{_did_you_mean(last, siblings)}",
                        tuple(f"{parent_module.path} has submodules: {', '.join(sorted(siblings)) or 'none'}" for _ in [0] if parent_module),
                    )
                continue
            if not imp.names:
                continue
            exported = _exported_closure(project, target)
            if exported is None:
                continue
            for name, _alias in imp.names:
                if name in exported:
                    continue
                yield CodeFinding(
                    "XF102",
                    "xfile.reference.import",
                    module.path,
                    imp.line,
                    imp.column,
                    f"{name!r} is imported from {target_name} ({target.path}), which does not define it{_did_you_mean(name, exported)}",
                    (f"{target.path} defines: {', '.join(sorted(exported)[:12])}",),
                )


def _module_aliases(project: Project, module: ModuleInfo) -> dict[str, ModuleInfo]:
    """Names bound to project modules in ``module``: ``import a.b as x``, ``from a import b`` (b a module)."""
    aliases: dict[str, ModuleInfo] = {}
    for imp in module.imports:
        target_name = project.absolute_import(module, imp)
        if not target_name:
            continue
        if imp.names is None:
            target = project.find(target_name.split(".")[0])
            if target is not None:
                aliases[target_name.split(".")[0]] = target
        elif imp.names and not imp.star:
            for name, alias in imp.names:
                if imp.module is not None and imp.level == 0 and len(imp.names) == 1 and name == target_name and alias:
                    # "import a.b as x" is recorded with names=((a.b, x),)
                    target = project.find(target_name)
                    if target is not None:
                        aliases[alias] = target
                    continue
                sub = project.find(f"{target_name}.{name}")
                if sub is not None:
                    aliases[alias or name] = sub
    return aliases


def _imported_by_name(project: Project, module: ModuleInfo) -> Iterator[tuple[str, str, ModuleInfo]]:
    """(local name, name in the target, target module) for each ``from project_module import name``."""
    for imp in module.imports:
        if not imp.names or imp.star:
            continue
        target_name = project.absolute_import(module, imp)
        target = project.find(target_name) if target_name else None
        if target is None:
            continue
        for name, alias in imp.names:
            yield alias or name, name, target


def _defining_module(project: Project, target: ModuleInfo, name: str, depth: int = 0) -> ModuleInfo:
    """The module that defines ``name`` as ``target`` exports it, following re-exports
    (``from .user_service import UserService`` in a package's ``__init__``); ``target`` itself
    when it defines the name or does not import it."""
    if depth > 8 or name in target.classes or name in target.functions:
        return target
    for local, original, source in _imported_by_name(project, target):
        if local == name and source is not target:
            return _defining_module(project, source, original, depth + 1) if original == name else target
    return target


def _project_classes(project: Project, module: ModuleInfo) -> dict[str, tuple[ClassInfo, ModuleInfo]]:
    """Project classes visible by name in ``module``: its own and those it imports by name
    (also through a package that re-exports them)."""
    classes = {name: (cls, module) for name, cls in module.classes.items()}
    for local, name, target in _imported_by_name(project, module):
        target = _defining_module(project, target, name)
        if name in target.classes:
            classes[local] = (target.classes[name], target)
    return classes


def _project_functions(project: Project, module: ModuleInfo) -> dict[str, FunctionInfo]:
    """Project functions visible by name in ``module``: its own and those it imports by name
    (also through a package that re-exports them)."""
    functions = dict(module.functions)
    for local, name, target in _imported_by_name(project, module):
        target = _defining_module(project, target, name)
        if name in target.functions:
            functions[local] = target.functions[name]
    return functions


def class_members(project: Project, cls: ClassInfo, module: ModuleInfo, depth: int = 0) -> set[str] | None:
    """Every attribute and method of a project class and its project bases; None if a base is foreign."""
    if depth > 20:
        return None
    members = set(cls.attributes) | set(cls.methods)
    if "__getattr__" in cls.methods or "__getattribute__" in cls.methods or cls.decorators:
        return None
    visible = _project_classes(project, module)
    for base in cls.bases:
        if base in ("object",):
            continue
        if base in ("Exception", "ValueError", "RuntimeError", "KeyError", "LookupError", "TypeError"):
            members |= {"args", "with_traceback", "add_note", "__traceback__", "__cause__", "__context__"}
            continue
        found = visible.get(base)
        if found is None:
            return None
        more = class_members(project, found[0], found[1], depth + 1)
        if more is None:
            return None
        members |= more
    return members | {"__class__", "__dict__", "__doc__", "__module__", "__init__", "__repr__", "__str__", "__eq__", "__hash__"}


def _instances_by_scope(module: ModuleInfo) -> dict[tuple[str, str], str | None]:
    """(scope, var) -> callee when the var is bound once in the scope by a call, else None."""
    seen: dict[tuple[str, str], str | None] = {}
    for inst in module.instances:
        key = (inst.scope, inst.var)
        seen[key] = inst.callee if key not in seen or seen[key] == inst.callee else None
    return seen


def check_attributes(project: Project) -> Iterator[CodeFinding]:
    """XF103 attributes of project modules, XF104 of project classes and their instances."""
    for module in project:
        aliases = _module_aliases(project, module)
        classes = _project_classes(project, module)
        instances = _instances_by_scope(module)
        reported: set[tuple[int, int]] = set()
        for use in module.attributes:
            if use.is_store:
                continue
            if use.on_call:  # an attribute of a new instance: Service(db).method
                if use.base in classes and use.base not in module.assigned:
                    cls, cls_module = classes[use.base]
                    members = class_members(project, cls, cls_module)
                    if members is not None and use.attr not in members:
                        yield _missing_member(cls, cls_module, module, use, members, f"a new instance {use.base}(...)")
                continue
            target = aliases.get(use.base)
            if target is not None and use.base not in module.assigned and use.base not in module.functions:
                exported = _exported_closure(project, target)
                if exported is not None and use.attr not in exported and not use.attr.startswith("__"):
                    reported.add((use.line, use.column))
                    yield CodeFinding(
                        "XF103",
                        "xfile.reference.attribute",
                        module.path,
                        use.line,
                        use.column,
                        f"module {target.name} ({target.path}) has no attribute {use.attr!r}{_did_you_mean(use.attr, exported)}",
                    )
                continue
            owner: tuple[ClassInfo, ModuleInfo] | None = None
            how = ""
            if use.base == "self" and use.owner_class and use.owner_class in module.classes:
                owner, how = (module.classes[use.owner_class], module), "self"
            elif use.base in classes and use.base not in module.assigned:
                owner, how = classes[use.base], "class"
            else:
                callee = instances.get((use.scope, use.base))
                if callee and callee in classes:
                    owner, how = classes[callee], f"instance {use.base} = {callee}(...)"
            if owner is None:
                continue
            cls, cls_module = owner
            members = class_members(project, cls, cls_module)
            if members is None or use.attr in members:
                continue
            yield _missing_member(cls, cls_module, module, use, members, how)


def _missing_member(cls: ClassInfo, cls_module: ModuleInfo, module: ModuleInfo, use, members: set[str], how: str) -> CodeFinding:
    dunders = {"__class__", "__dict__", "__doc__", "__module__", "__init__", "__repr__", "__str__", "__eq__", "__hash__"}
    return CodeFinding(
        "XF104",
        "xfile.reference.attribute",
        module.path,
        use.line,
        use.column,
        f"{cls.name} ({cls_module.path}:{cls.line}) has no attribute {use.attr!r}{_did_you_mean(use.attr, members - dunders)}",
        (f"accessed through {how}",),
    )


def _signature_known(fn: FunctionInfo) -> bool:
    return all(d in SIGNATURE_KEEPING for d in fn.decorators)


def check_calls(project: Project) -> Iterator[CodeFinding]:
    """XF105 calls whose arguments do not fit a project function, method or class constructor."""
    for module in project:
        functions = _project_functions(project, module)
        classes = _project_classes(project, module)
        aliases = _module_aliases(project, module)
        instances = _instances_by_scope(module)
        for call in module.calls:
            if call.has_star:
                continue
            target: FunctionInfo | None = None
            bound = False
            where = ""
            parts = call.callee.split(".")
            if len(parts) == 1 and call.callee in functions and call.callee not in module.assigned:
                target, where = functions[call.callee], call.callee
            elif len(parts) == 1 and call.callee in classes:
                cls, cls_module = classes[call.callee]
                init = _constructor(project, cls, cls_module)
                if init is not None:
                    target, bound, where = init, True, f"{cls.name}.__init__"
            elif len(parts) == 3 and parts[0] == "self" and call.owner_class in module.classes:
                callee = module.classes[call.owner_class].attribute_types.get(parts[1])
                if callee and callee in classes:
                    method = _method(project, classes[callee][0], classes[callee][1], parts[2])
                    if method is not None:
                        target, bound, where = method, "staticmethod" not in method.decorators, f"{callee}.{parts[2]}"
            elif len(parts) == 2:
                base, attr = parts
                if base in aliases and attr in aliases[base].functions:
                    target, where = aliases[base].functions[attr], f"{aliases[base].name}.{attr}"
                elif base == "self" and call.owner_class in module.classes:
                    method = _method(project, module.classes[call.owner_class], module, attr)
                    if method is not None:
                        target, bound, where = method, "staticmethod" not in method.decorators, f"{call.owner_class}.{attr}"
                elif base in classes:
                    method = _method(project, classes[base][0], classes[base][1], attr)
                    if method is not None and ("classmethod" in method.decorators or "staticmethod" in method.decorators):
                        target, bound, where = method, "classmethod" in method.decorators, f"{base}.{attr}"
                else:
                    callee = instances.get((call.scope, base))
                    if callee and callee in classes:
                        method = _method(project, classes[callee][0], classes[callee][1], attr)
                        if method is not None:
                            target, bound, where = method, "staticmethod" not in method.decorators, f"{callee}.{attr}"
            if target is None or not _signature_known(target):
                continue
            problem = target.call_problem(call.n_positional, list(call.keywords), bound=bound)
            if problem:
                yield CodeFinding(
                    "XF105",
                    "xfile.reference.signature",
                    module.path,
                    call.line,
                    call.column,
                    f"call to {where}: {problem}",
                    (f"{where} is defined at line {target.line}",),
                )


def _method(project: Project, cls: ClassInfo, module: ModuleInfo, name: str, depth: int = 0) -> FunctionInfo | None:
    if name in cls.methods:
        return cls.methods[name]
    if depth > 20:
        return None
    visible = _project_classes(project, module)
    for base in cls.bases:
        found = visible.get(base)
        if found is not None:
            method = _method(project, found[0], found[1], name, depth + 1)
            if method is not None:
                return method
    return None


def _constructor(project: Project, cls: ClassInfo, module: ModuleInfo) -> FunctionInfo | None:
    """``__init__`` of a plain project class (no foreign bases, no decorators, no metaclass)."""
    if cls.decorators or cls.keywords:
        return None
    members = class_members(project, cls, module)
    if members is None:
        return None
    return _method(project, cls, module, "__init__")


def check_undefined_names(project: Project) -> Iterator[CodeFinding]:
    """XF106 names used in a module that neither defines nor imports them."""
    definitions: dict[str, list[tuple[ModuleInfo, int]]] = {}
    for module in project:
        for name, line in [*((n, f.line) for n, f in module.functions.items()), *((n, c.line) for n, c in module.classes.items()), *module.assigned.items()]:
            definitions.setdefault(name, []).append((module, line))
    for module in project:
        if module.syntax is not None or any(imp.star for imp in module.imports):
            continue
        for use in module.unresolved:
            elsewhere = [(m, line) for m, line in definitions.get(use.name, []) if m.name != module.name]
            if elsewhere:
                other, line = elsewhere[0]
                message = f"{use.name!r} is used but not imported; it is defined in {other.path}:{line}"
                facts = tuple(f"defined in {m.path}:{ln}" for m, ln in elsewhere[:3])
            else:
                close = _close(use.name, set(definitions))
                hint = "; " + ", ".join(f"{c!r} is defined in {definitions[c][0][0].path}:{definitions[c][0][1]}" for c in close) if close else ""
                message = f"{use.name!r} is used but defined nowhere in the project and not imported{hint}"
                facts = ()
            yield CodeFinding("XF106", "xfile.reference.undefined_name", module.path, use.line, use.column, message, facts)


ENTRY_NAMES = frozenset({"app", "main", "manage", "run", "server", "wsgi", "asgi", "__main__", "application"})


def check_circular_imports(project: Project) -> Iterator[CodeFinding]:
    """XF107 import cycles that fail at import time: a name taken from a half-initialised module.

    For each module that can start a cycle (a package's ``__init__`` always runs before its own
    submodules), follow the module-level imports around the cycle; the import that closes it
    fails when it takes, by name, something the starting module defines only after its own import
    line. Reported when the cycle fails whichever module starts it, or when it fails starting from
    an entry module (``app.py``, ``main.py``...), which is how servers start.
    """
    reported: set[tuple[str, int]] = set()
    for cycle in project.import_cycles():
        outcomes = []
        for start_index, start_name in enumerate(cycle):
            start = project.modules[start_name]
            if any(n != start_name and start_name.startswith(n + ".") and project.modules[n].is_package for n in cycle):
                continue  # its package's __init__ runs first
            ring = [project.modules[cycle[(start_index + k) % len(cycle)]] for k in range(len(cycle))]
            failure = _closing_failure(project, ring)
            outcomes.append((start, failure))
        if not outcomes or all(failure is None for _, failure in outcomes):
            continue
        always = all(failure is not None for _, failure in outcomes)
        entry = [(m, f) for m, f in outcomes if f is not None and m.name.rsplit(".", 1)[-1] in ENTRY_NAMES]
        if not (always or entry):
            continue
        start, (closer, imp, late, opened_at) = (entry or [(m, f) for m, f in outcomes if f is not None])[0]
        if (closer.path, imp.line) in reported:
            continue
        reported.add((closer.path, imp.line))
        chain = " -> ".join(project.modules[n].path for n in cycle + cycle[:1])
        yield CodeFinding(
            "XF107",
            "xfile.reference.circular_import",
            closer.path,
            imp.line,
            imp.column,
            f"circular import: {closer.path} takes {', '.join(late)} from {start.path}, which is still initialising "
            f"(it imported the cycle at line {opened_at}, before defining {'it' if len(late) == 1 else 'them'})",
            (f"cycle: {chain}", f"fails when {start.path} is imported first" + ("" if entry else "; and from every other starting point")),
        )


def _closing_failure(project: Project, ring: list[ModuleInfo]):
    """(module, import, late names, line) for the import that closes the ring and fails, or None."""
    start = ring[0]
    opened_at = _first_module_level_import(project, start, ring[1])
    if opened_at is None:
        return None
    closer = ring[-1]
    for imp in closer.imports:
        if not imp.module_level or imp.guarded or not imp.names or imp.star:
            continue
        if project.find(project.absolute_import(closer, imp) or "") is not start:
            continue
        late = [
            name for name, _ in imp.names if project.find(f"{start.name}.{name}") is None and ((line := _defined_line(start, name)) is None or line > opened_at)
        ]
        if late:
            return closer, imp, late, opened_at
    return None


def _first_module_level_import(project: Project, module: ModuleInfo, target: ModuleInfo) -> int | None:
    lines = []
    for imp in module.imports:
        if not imp.module_level or imp.guarded:
            continue
        name = project.absolute_import(module, imp) or ""
        if project.find(name) is target or any(project.find(f"{name}.{n}") is target for n, _ in imp.names or ()):
            lines.append(imp.line)
    return min(lines) if lines else None


def _defined_line(module: ModuleInfo, name: str) -> int | None:
    """The line where a top-level name is first bound: def, class, assignment or import."""
    lines = []
    if name in module.functions:
        lines.append(module.functions[name].line)
    if name in module.classes:
        lines.append(module.classes[name].line)
    if name in module.assigned:
        lines.append(module.assigned[name])
    for imp in module.imports:
        if imp.module_level and imp.names and any((alias or n) == name for n, alias in imp.names):
            lines.append(imp.line)
    return min(lines) if lines else None


CHECKS = (check_syntax, check_imports, check_attributes, check_calls, check_undefined_names, check_circular_imports)
