"""Static checks on a project's JavaScript/TypeScript files: syntax, cross-file imports, module systems.

The codes are shared with the Python checks where the defect is the same (SY001 a file that does
not parse, XF101 an import of a project file that does not exist, XF102 a name the imported
module does not export); XF108 is JavaScript's own: CommonJS and ES modules mixed in a way Node
refuses.
"""

from __future__ import annotations

import functools
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass, field

from rootcause.code.index import close_names
from rootcause.code.js.arity import check_calls
from rootcause.code.js.asyncs import FunctionShape, promise_functions, returns_promise
from rootcause.code.js.cycles import circular_failures
from rootcause.code.js.index import JsImport, JsModule
from rootcause.code.js.project import JsProject, is_relative
from rootcause.code.js.sequelize import undeclared
from rootcause.code.model import CodeFinding

IMPORT = "xfile.reference.import"
ASYNC_MISUSE = "framework.wiring.async_misuse"
ROUTE_MISSING = "framework.wiring.route_missing"
EAGER_LOADING = "data.orm.eager_loading"
#: Findings that claim a file is absent: only sound on the whole project.
WHOLE_PROJECT_CODES = ("XF101", "FW402", "OR210")


@dataclass(slots=True)
class Names:
    """What importing a module can give: every name, those Node's CommonJS lexer sees, and whether
    the names are open (a value whose properties cannot be read, a re-export from outside)."""

    names: set[str] = field(default_factory=set)
    lexer: set[str] = field(default_factory=set)
    open: bool = False
    opaque_line: int | None = None


def _used(text: str, name: str, import_line: int) -> bool:
    """``name`` appears in ``text`` outside line ``import_line`` (the import that binds it)."""
    pattern = re.compile(rf"(?<![\w$.]){re.escape(name)}(?![\w$])")
    return any(pattern.search(line) for number, line in enumerate(text.splitlines(), 1) if number != import_line)


def _is_test(path: str) -> bool:
    """A test, or a tool's configuration file (``jest.config.js``, ``.eslintrc.js``): not loaded by the
    server, and loaded by tools (Jest, ESLint) with module rules of their own."""
    parts = path.split("/")
    name = parts[-1]
    return (
        any(p in ("test", "tests", "__tests__", "spec", "__mocks__") for p in parts[:-1])
        or ".test." in name
        or ".spec." in name
        or ".config." in name
        or (name.startswith(".") and "rc." in name)
    )


class _Checker:
    def __init__(self, project: JsProject) -> None:
        self.project = project
        self._names: dict[str, Names] = {}

    def names(self, path: str, seen: frozenset[str] = frozenset()) -> Names:
        """The names module ``path`` exports, following ``export *`` and CommonJS re-exports."""
        if path in self._names:
            return self._names[path]
        module = self.project.modules.get(path)
        out = Names()
        if module is None or module.syntax is not None or path in seen:
            out.open = True
            return out
        exports = module.exports
        out.names = set(exports.names)
        out.lexer = set(exports.lexer_names)
        out.open = exports.whole or exports.opaque is not None
        out.opaque_line = exports.opaque
        for star in exports.stars:
            if not is_relative(star.specifier):
                out.open = True
                continue
            resolution = self.project.resolve(path, star.specifier)
            if resolution.target is None or resolution.target not in self.project.modules:
                out.open = True
                continue
            inner = self.names(resolution.target, seen | {path})
            taken = inner.names - {"default"} if star.kind == "export_from" else inner.names
            out.names |= taken
            out.lexer |= inner.lexer | (taken if star.kind == "require" else set())
            out.open = out.open or inner.open
        self._names[path] = out
        return out

    # --------------------------------------------------------------------------------------
    def run(self) -> Iterator[CodeFinding]:
        project = self.project
        for module in project:
            if module.syntax is not None:
                s = module.syntax
                yield CodeFinding("SY001", "startup.syntax", module.path, s.line, s.column, f"syntax error: {s.message}", (f"line {s.line}: {s.text.strip()}",))
                continue  # what a broken file imports or exports is not reliable
            yield from self.module_system(module)
            yield from self.promises_used_as_values(module)
            if not _is_test(module.path):  # tests call with missing arguments on purpose
                yield from check_calls(project, module)
            for imp in module.imports:
                if is_relative(imp.specifier):
                    yield from self.check_import(module, imp)
        yield from circular_failures(project)
        if project.complete:
            yield from self.routes_never_mounted()
            yield from self.includes_without_association()

    def includes_without_association(self) -> Iterator[CodeFinding]:
        """OR210: a Sequelize include whose model and alias no association of the project declares."""
        declared = [a for module in self.project for a in module.associations]
        if not declared:
            return
        for module in self.project:
            for item in module.includes:
                why = undeclared(item, declared)
                if why is not None:
                    what = f"{{ model: {item.target}{f', as: {item.alias!r}' if item.alias else ''} }}" if item.target else f"{{ association: {item.alias!r} }}"
                    yield CodeFinding("OR210", EAGER_LOADING, module.path, item.line, item.column, f"include of {what}: {why}")

    def routes_never_mounted(self) -> Iterator[CodeFinding]:
        """FW402: a file declares routes, and no file that the server loads mounts them."""
        project = self.project
        routed = [m for m in project if m.routes and m.syntax is None and not _is_test(m.path)]
        if not routed:
            return
        importers: dict[str, list[tuple[JsModule, JsImport]]] = {}
        for module in project:
            for imp in module.imports:
                if is_relative(imp.specifier):
                    target = project.resolve(module.path, imp.specifier).target
                    if target is not None:
                        importers.setdefault(target, []).append((module, imp))
        entries = project.entries
        reachable = set(entries)
        todo = list(entries)
        while todo:
            current = todo.pop()
            for imp in project.modules[current].imports:
                target = project.resolve(current, imp.specifier).target if is_relative(imp.specifier) else None
                if target is not None and target in project.modules and target not in reachable:
                    reachable.add(target)
                    todo.append(target)
        for module in routed:
            if module.path in entries:
                continue
            method, route, line = module.routes[0]
            declared = f"{len(module.routes)} route(s), the first {method} {route} at line {line}"
            listed = tuple(f"route {m} {r}" for m, r, _ in module.routes[:30])
            users = importers.get(module.path, [])
            if not users:
                if entries and module.path not in reachable:
                    started = ", ".join(sorted(entries))
                    yield CodeFinding(
                        "FW402",
                        ROUTE_MISSING,
                        module.path,
                        line,
                        1,
                        f"{module.path} declares {declared}, and no file imports it: the server ({started}) never mounts them",
                        listed,
                    )
                continue
            unused = [
                (user, imp) for user, imp in users if imp.locals and not any(_used(project.files.get(user.path, ""), name, imp.line) for name in imp.locals)
            ]
            if len(unused) == len(users):
                user, imp = unused[0]
                yield CodeFinding(
                    "FW402",
                    ROUTE_MISSING,
                    user.path,
                    imp.line,
                    imp.column,
                    f"{', '.join(imp.locals or ())} is imported from {imp.specifier!r} and never used: the {declared} of {module.path} are never mounted",
                    listed,
                )

    @functools.cached_property
    def _promise_functions(self) -> tuple[set[str], set[str], set[str]]:
        """The project's function names that return a Promise, and every name it declares."""
        shapes: dict[str, list[FunctionShape]] = {}
        for module in self.project:
            for name, forms in module.functions.items():
                shapes.setdefault(name, []).extend(forms)
        return (*promise_functions(shapes), set(shapes))

    def promises_used_as_values(self, module: JsModule) -> Iterator[CodeFinding]:
        """FW401: a call that returns a Promise, stored without ``await`` and read as its value."""
        if _is_test(module.path):
            return
        for call in module.unawaited:
            why = returns_promise(call, *self._promise_functions)
            if why is None:
                continue
            fix = "; add await" if call.in_async else "; the function must be async and await it"
            what = f"{call.name} holds a pending Promise" if call.name else "a pending Promise is read as a value"
            read = (
                f", and line {call.used_line} reads {call.name} as its value" if call.name else f", and {call.handed_to}() reads it" if call.handed_to else ""
            )
            yield CodeFinding(
                "FW401", ASYNC_MISUSE, module.path, call.line, call.column, f"{what}: {call.receiver}.{call.method}() is not awaited ({why}){read}{fix}"
            )

    def module_system(self, module: JsModule) -> Iterator[CodeFinding]:
        """ES module code in a file Node loads as CommonJS, and CommonJS variables in an ES module."""
        project, path = self.project, module.path
        if _is_test(path):
            return
        fmt = project.module_format(path)
        if fmt == "esm" and module.cjs_globals:
            name, line, column = module.cjs_globals[0]
            why = (
                ".mjs file"
                if path.endswith(".mjs")
                else 'package.json sets "type": "module"'
                if project.package_type(path) == "module"
                else "the file uses import/export"
            )
            names = ", ".join(n for n, _, _ in module.cjs_globals)
            yield CodeFinding(
                "XF108",
                IMPORT,
                path,
                line,
                column,
                f"{name} is not defined in ES module scope: {path} is loaded as an ES module ({why}) but uses CommonJS's {names}",
                tuple(f"line {ln}: {n}" for n, ln, _ in module.cjs_globals),
            )
        elif project.explicit_cjs(path) and module.esm_syntax is not None:
            why = ".cjs file" if path.endswith(".cjs") else 'package.json sets "type": "commonjs"'
            yield CodeFinding(
                "XF108",
                IMPORT,
                path,
                module.esm_syntax,
                1,
                f"Cannot use import statement outside a module: {path} is loaded as CommonJS ({why}) but uses import/export",
            )

    def check_import(self, module: JsModule, imp: JsImport) -> Iterator[CodeFinding]:
        project, path = self.project, module.path
        resolution = project.resolve(path, imp.specifier)
        if resolution.status == "outside":
            if "" in project.manifests and project.complete:
                yield CodeFinding("XF101", IMPORT, path, imp.line, imp.column, f"{imp.specifier!r} leads outside the project folder")
            return
        if resolution.status == "unknown":
            return
        if resolution.status == "missing":
            if not project.complete:
                return
            hints = project.suggestions(path, resolution)
            hint = f"; did you mean {', '.join(repr(h) for h in hints)}?" if hints else ""
            folder = posixpath.dirname(resolution.wanted)
            listing = sorted(posixpath.basename(p) for p in project.modules if posixpath.dirname(p) == folder)
            facts = (
                (f"{folder or '.'}/ holds: {', '.join(listing[:12]) or 'no JavaScript/TypeScript files'}",) if folder in project.folders or not folder else ()
            )
            what = "require" if imp.kind == "require" else "import"
            yield CodeFinding("XF101", IMPORT, path, imp.line, imp.column, f"{what} of {imp.specifier!r} resolves to no file in the project{hint}", facts)
            return
        target = resolution.target
        assert target is not None
        node_esm = project.module_format(path) == "esm" and not _is_test(path)
        if imp.kind in ("import", "export_from", "dynamic") and not resolution.exact and (node_esm or (imp.kind == "dynamic" and not project.transpiled(path))):
            if not _is_test(path):
                rel = posixpath.relpath(target, posixpath.dirname(path) or ".")
                rel = rel if rel.startswith("../") else "./" + rel
                yield CodeFinding(
                    "XF108",
                    IMPORT,
                    path,
                    imp.line,
                    imp.column,
                    f"ES modules need the full file name: {imp.specifier!r} is found only by CommonJS's lookup (ERR_MODULE_NOT_FOUND); write {rel!r}",
                )
        target_module = project.modules.get(target)
        if target_module is None:
            return  # JSON, a native addon, a file the analysis does not read
        target_format = project.module_format(target)
        if imp.kind == "require" and project.module_format(path) == "cjs" and target_format == "esm" and not _is_test(path):
            yield CodeFinding(
                "XF108",
                IMPORT,
                path,
                imp.line,
                imp.column,
                f"require() of the ES module {target}: Node before 22.12 and 20.19 refuses it (ERR_REQUIRE_ESM); use import() or make it CommonJS",
            )
        if imp.type_only or not imp.names:
            return
        yield from self.check_names(module, imp, target_module, target_format, node_esm)

    def check_names(self, module: JsModule, imp: JsImport, target: JsModule, target_format: str, node_esm: bool) -> Iterator[CodeFinding]:
        names = self.names(target.path)
        esm_import = imp.kind in ("import", "export_from", "dynamic")
        cjs_target = target.esm_syntax is None and target.cjs_syntax is not None
        # An ES module run by Node sees a CommonJS module's names through cjs-module-lexer only.
        interop = esm_import and node_esm and cjs_target and target_format == "cjs"
        for name in imp.names:
            if name == "default":
                # A CommonJS module is always its ES default; an ES module needs ``export default``.
                if cjs_target or target.esm_syntax is None or names.open or "default" in names.names:
                    continue
            elif interop:
                if name in names.lexer:
                    continue
                if name in names.names or names.open:
                    how = (
                        f"module.exports is set to a value at line {names.opaque_line}" if names.opaque_line else "its exports are not a plain object of names"
                    )
                    yield CodeFinding(
                        "XF108",
                        IMPORT,
                        module.path,
                        imp.line,
                        imp.column,
                        f"named export {name!r} not found: {target.path} is a CommonJS module whose names Node cannot see from an ES module ({how}); "
                        "import its default and read the property",
                    )
                    continue
            elif name in names.names:
                continue
            if names.open:
                continue
            exported = sorted(names.names)
            close = close_names(name, exported)
            hint = f"; did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            if name in target.exports.default_keys:
                hint = f"; {name!r} is a property of its default export (export default {{ ... }}), not a named export"
            what = "the default export" if name == "default" else repr(name)
            undefined = " (the destructured value is undefined)" if imp.kind == "require" else ""
            yield CodeFinding(
                "XF102",
                IMPORT,
                module.path,
                imp.line,
                imp.column,
                f"{what} is imported from {imp.specifier!r} ({target.path}), which does not export it{undefined}{hint}",
                (f"{target.path} exports: {', '.join(exported[:12]) or 'nothing'}",),
            )


def check_js(project: JsProject) -> Iterator[CodeFinding]:
    """Every JavaScript/TypeScript finding of ``project`` (unsorted)."""
    yield from _Checker(project).run()
