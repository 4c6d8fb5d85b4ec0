"""Circular requires and imports used while the modules load (XF107 for JavaScript).

CommonJS: when ``a.js`` requires ``b.js`` and ``b.js`` (directly or through a longer cycle) requires
``a.js`` back, Node hands ``b.js`` the exports object of ``a.js`` as it is at that moment: usually
empty, since ``module.exports = { ... }`` comes last. What ``b.js`` takes from it while loading
(``const { x } = require('./a')``, ``a.x`` or ``class B extends a.X`` outside any function) is
``undefined``: ``x is not a function`` at request time, ``Class extends value undefined`` at startup.
When ``a.js`` then replaces ``module.exports``, ``b.js`` keeps the stale empty object for good:
every ``a.x`` it reads later is ``undefined`` too.

ES modules: the module that closes the cycle is evaluated before the one it imports; a binding
it uses outside any function that the other declares with ``const``/``let``/``class`` (or
``export default <expression>``) is still uninitialised: ``ReferenceError: Cannot access 'x'
before initialization``. Function declarations are hoisted and are fine.

The load order is simulated as Node runs it: from the project's entry files (``main``, the
``start`` script) when they reach the cycle, else from every module of the cycle, and reported
then only when the cycle fails whichever module loads first. Only modules Node runs itself
(``cjs``/``esm``, not TypeScript or code under a bundler) are read; the files of a cycle are
parsed again, and only those.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rootcause.code.js.parse import node_text as _text
from rootcause.code.js.project import is_relative
from rootcause.code.model import CodeFinding

if TYPE_CHECKING:
    import tree_sitter

    from rootcause.code.js.index import JsImport, JsModule
    from rootcause.code.js.project import JsProject

CIRCULAR = "xfile.reference.circular_import"
_FUNCTIONS = frozenset(
    ("function_declaration", "generator_function_declaration", "function_expression", "generator_function", "arrow_function", "method_definition", "function")
)
_ALL = "*"  # every name: an exports value the analysis cannot read


@dataclass(slots=True)
class _Parsed:
    """A cycle member's top level, parsed again."""

    #: CommonJS: (line, kind, names) of each top-level export: ``prop`` adds to the exports object, ``whole`` replaces it.
    events: list[tuple[int, str, frozenset[str]]] = field(default_factory=list)
    #: ES modules: exported name -> ``lexical`` (const/let/class/default expression), ``hoisted`` (function), ``other``.
    kinds: dict[str, str] = field(default_factory=dict)
    #: local -> (specifier, imported name or ``*``) of top-level imports and namespace requires.
    bindings: dict[str, tuple[str, str]] = field(default_factory=dict)
    #: (local, property or '', line, column, at load time) of uses of a binding: ``x``, ``ns.x``.
    uses: list[tuple[str, str, int, int, bool]] = field(default_factory=list)


def _object_keys(node: "tree_sitter.Node") -> frozenset[str]:
    keys: set[str] = set()
    for member in node.named_children:
        if member.type == "shorthand_property_identifier":
            keys.add(_text(member))
        elif member.type in ("pair", "method_definition"):
            key = member.child_by_field_name("key") or member.child_by_field_name("name")
            if key is None or key.type != "property_identifier":
                return frozenset({_ALL})
            keys.add(_text(key))
        elif member.type != "comment":
            return frozenset({_ALL})
    return frozenset(keys)


def _parse(project: "JsProject", module: "JsModule") -> _Parsed:
    from rootcause.code.js.parse import parse

    root = parse(module.grammar, project.files[module.path].encode("utf-8", errors="replace")).root_node
    out = _Parsed()
    local_kinds: dict[str, str] = {}
    for statement in root.named_children:
        line = statement.start_point.row + 1
        declaration = statement
        if statement.type == "export_statement":
            declaration = statement.child_by_field_name("declaration") or statement
            if any(c.type == "default" for c in statement.children):
                value = statement.child_by_field_name("declaration") or statement.child_by_field_name("value")
                out.kinds["default"] = "hoisted" if value is not None and value.type == "function_declaration" else "lexical"
            elif statement.child_by_field_name("source") is None:
                clause = next((c for c in statement.named_children if c.type == "export_clause"), None)
                for spec in clause.named_children if clause is not None else ():
                    if spec.type == "export_specifier":
                        local, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
                        out.kinds[_text(alias if alias is not None else local)] = f"local:{_text(local)}"
        kind = declaration.type
        names: list[str] = []
        if kind == "function_declaration":
            local_kinds[_text(declaration.child_by_field_name("name"))] = "hoisted"
            names.append(_text(declaration.child_by_field_name("name")))
        elif kind == "class_declaration":
            local_kinds[_text(declaration.child_by_field_name("name"))] = "lexical"
            names.append(_text(declaration.child_by_field_name("name")))
        elif kind in ("lexical_declaration", "variable_declaration"):
            lexical = kind == "lexical_declaration"
            for d in declaration.named_children:
                declared = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                if declared is not None and declared.type == "identifier":
                    local_kinds[_text(declared)] = "lexical" if lexical else "other"
                    names.append(_text(declared))
        if declaration is not statement:
            for exported in names:
                out.kinds[exported] = local_kinds.get(exported, "other")
        elif statement.type == "import_statement":
            _import_bindings(statement, out.bindings)
        if statement.type == "expression_statement" and statement.named_children:
            _export_event(statement.named_children[0], line, out.events)
    for exported, how in list(out.kinds.items()):
        if how.startswith("local:"):
            out.kinds[exported] = local_kinds.get(how[6:], "other")
    _walk_uses(root, out)
    return out


def _import_bindings(node: "tree_sitter.Node", bindings: dict[str, tuple[str, str]]) -> None:
    source = node.child_by_field_name("source")
    spec = _text(source)[1:-1] if source is not None else ""
    clause = next((c for c in node.named_children if c.type == "import_clause"), None)
    for part in clause.named_children if clause is not None else ():
        if part.type == "identifier":
            bindings[_text(part)] = (spec, "default")
        elif part.type == "namespace_import":
            for c in part.named_children:
                bindings[_text(c)] = (spec, _ALL)
        elif part.type == "named_imports":
            for s in part.named_children:
                name, alias = s.child_by_field_name("name"), s.child_by_field_name("alias")
                if s.type == "import_specifier" and name is not None:
                    bindings[_text(alias if alias is not None else name)] = (spec, _text(name))


def _export_event(node: "tree_sitter.Node", line: int, events: list[tuple[int, str, frozenset[str]]]) -> None:
    if node.type == "assignment_expression":
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        target = _text(left)
        while right is not None and right.type == "assignment_expression":
            right = right.child_by_field_name("right")
        if target == "module.exports":
            events.append((line, "whole", _object_keys(right) if right is not None and right.type == "object" else frozenset({_ALL})))
        elif left is not None and left.type == "member_expression" and _text(left.child_by_field_name("object")) in ("exports", "module.exports"):
            prop = left.child_by_field_name("property")
            events.append((line, "prop", frozenset({_text(prop) if prop is not None and prop.type == "property_identifier" else _ALL})))
    elif node.type == "call_expression" and _text(node.child_by_field_name("function")) in ("Object.assign", "Object.defineProperty"):
        events.append((line, "prop", frozenset({_ALL})))


def _walk_uses(root: "tree_sitter.Node", out: _Parsed) -> None:
    """Uses of identifiers (``x``, ``x.y``), each marked whether it runs at load time (outside any function)."""
    stack: list[tuple[tree_sitter.Node, bool]] = [(c, True) for c in reversed(root.named_children)]
    while stack:
        node, load = stack.pop()
        kind = node.type
        if kind == "identifier":
            parent = node.parent
            prop = ""
            if parent is not None and parent.type == "member_expression" and parent.child_by_field_name("object") == node:
                p = parent.child_by_field_name("property")
                prop = _text(p) if p is not None and p.type == "property_identifier" else ""
            elif parent is not None and parent.type in ("variable_declarator", "import_specifier", "namespace_import", "import_clause", "export_specifier"):
                if parent.type != "variable_declarator" or parent.child_by_field_name("name") == node:
                    continue
            out.uses.append((_text(node), prop, node.start_point.row + 1, node.start_point.column + 1, load))
            continue
        inner = load and kind not in _FUNCTIONS and kind != "class_body"
        stack.extend((c, inner) for c in reversed(node.named_children))


def _sccs(graph: dict[str, list[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    out: list[list[str]] = []
    counter = 0
    for start in graph:
        if start in index:
            continue
        work = [(start, 0)]
        while work:
            node, i = work.pop()
            if i == 0:
                index[node] = low[node] = counter
                counter += 1
                stack.append(node)
                on_stack.add(node)
            targets = graph.get(node, [])
            if i < len(targets):
                work.append((node, i + 1))
                nxt = targets[i]
                if nxt not in index:
                    work.append((nxt, 0))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            if low[node] == index[node]:
                component = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    component.append(top)
                    if top == node:
                        break
                if len(component) > 1:
                    out.append(component)
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
    return out


class _Cycles:
    def __init__(self, project: "JsProject") -> None:
        self.project = project
        self.edges: dict[str, list[tuple[str, JsImport]]] = {}
        self._parsed: dict[str, _Parsed] = {}
        for module in project:
            fmt = project.module_format(module.path)
            if module.syntax is not None or fmt not in ("cjs", "esm"):
                continue
            edges = []
            for imp in module.imports:
                wanted = ("require",) if fmt == "cjs" else ("import", "export_from")
                if imp.kind not in wanted or imp.type_only or not imp.toplevel or not is_relative(imp.specifier):
                    continue
                target = project.resolve(module.path, imp.specifier).target
                other = project.modules.get(target) if target else None
                if other is not None and other.syntax is None and project.module_format(other.path) == fmt:
                    edges.append((other.path, imp))
            edges.sort(key=lambda e: (e[1].line, e[1].column))
            self.edges[module.path] = edges

    def parsed(self, path: str) -> _Parsed:
        if path not in self._parsed:
            self._parsed[path] = _parse(self.project, self.project.modules[path])
        return self._parsed[path]

    def simulate(self, start: str, members: set[str]) -> list[tuple[str, "JsImport", str, int]]:
        """Load ``start`` as Node does; each require/import of a module still loading: (importer, import, target, the target's paused line)."""
        state: dict[str, int] = {}  # path -> 1 loading, 2 done
        paused: dict[str, int] = {}
        closing: list[tuple[str, JsImport, str, int]] = []
        work: list[tuple[str, int]] = [(start, 0)]
        state[start] = 1
        while work:
            path, i = work.pop()
            edges = self.edges.get(path, [])
            if i >= len(edges):
                state[path] = 2
                continue
            work.append((path, i + 1))
            target, imp = edges[i]
            if target not in state:
                paused[path] = imp.line
                state[target] = 1
                work.append((target, 0))
            elif state[target] == 1 and path in members and target in members:
                closing.append((path, imp, target, paused.get(target, 0)))
        return closing

    def failures(self, closing: list[tuple[str, "JsImport", str, int]]) -> list[CodeFinding]:
        out = []
        for importer, imp, target, at in closing:
            if self.project.module_format(importer) == "cjs":
                out += self.cjs_failure(importer, imp, target, at)
            else:
                out += self.esm_failure(importer, imp, target)
        return out

    def cjs_failure(self, importer: str, imp: "JsImport", target: str, at: int) -> list[CodeFinding]:
        events = self.parsed(target).events
        names: set[str] = set()
        for line, kind, keys in events:
            if line < at:
                names = set(keys) if kind == "whole" else names | keys
        if _ALL in names:
            return []
        replaced = [line for line, kind, _ in events if kind == "whole" and line > at]
        text = self.project.files[target]
        where = f"{target} is still loading (paused at line {at}, its require of the cycle)"
        found: list[tuple[int, int, str]] = []
        if imp.names and not imp.namespace:  # const { x } = require(...), require(...).x
            for name in imp.names:
                if name not in names and _defined_by(text, name):
                    found.append((imp.line, imp.column, f"{name} is undefined: {importer} takes it from {target} while {where}"))
        elif imp.namespace and imp.locals and len(imp.locals) == 1:
            local = imp.locals[0]
            stale = len(replaced) == 1 and not any(kind == "prop" for _, kind, _ in events)
            for name, prop, line, column, load in self.parsed(importer).uses:
                if name != local or not prop or prop in names or not _defined_by(text, prop):
                    continue
                if load:
                    found.append((line, column, f"{local}.{prop} is undefined here: this line runs while {where}"))
                elif stale:
                    found.append(
                        (
                            line,
                            column,
                            f"{local}.{prop} is always undefined: {local} holds the exports object {target} had while it was still loading "
                            f"(paused at line {at}), and {target} replaces module.exports at line {replaced[0]}",
                        )
                    )
                    break
        return [
            CodeFinding("XF107", CIRCULAR, importer, line, column, f"circular require: {message}", (f"{importer}:{imp.line} requires {imp.specifier!r}",))
            for line, column, message in found
        ]

    def esm_failure(self, importer: str, imp: "JsImport", target: str) -> list[CodeFinding]:
        if imp.kind != "import":
            return []
        mine = self.parsed(importer)
        kinds = self.parsed(target).kinds
        locals_ = {local: name for local, (spec, name) in mine.bindings.items() if spec == imp.specifier}
        for local, prop, line, column, load in mine.uses:
            if not load or local not in locals_:
                continue
            name = locals_[local] if locals_[local] != _ALL else prop
            if name and kinds.get(name) == "lexical":
                return [
                    CodeFinding(
                        "XF107",
                        CIRCULAR,
                        importer,
                        line,
                        column,
                        f"circular import: ReferenceError: Cannot access '{local if locals_[local] != _ALL else name}' before initialization: "
                        f"{importer} uses {target}'s {name!r} while loading, "
                        f"and {target}, which imports {importer} back, is evaluated after it",
                        (f"{importer}:{imp.line} imports {imp.specifier!r}",),
                    )
                ]
        return []


def _defined_by(text: str, name: str) -> bool:
    """The module does define ``name`` somewhere (a name it never exports is XF102's business)."""
    return re.search(rf"(?<![\w$]){re.escape(name)}(?![\w$])", text) is not None


def circular_failures(project: "JsProject") -> Iterator[CodeFinding]:
    """XF107 for JavaScript: modules that require or import each other and use the other's exports while loading."""
    cycles = _Cycles(project)
    components = _sccs({path: [t for t, _ in edges] for path, edges in cycles.edges.items()})
    if not components:
        return
    seen: set[tuple[str, int, int]] = set()
    entries = sorted(project.entries)
    for component in components:
        members = set(component)
        reported: list[CodeFinding] = []
        from_entries = [cycles.simulate(entry, members) for entry in entries]
        if any(from_entries):
            for closing in from_entries:
                reported += cycles.failures(closing)
        else:
            outcomes = [cycles.failures(cycles.simulate(start, members)) for start in sorted(members)]
            if all(outcomes):
                reported = outcomes[0]
        for finding in reported:
            key = (finding.path, finding.line, finding.column)
            if key not in seen:
                seen.add(key)
                chain = " -> ".join(sorted(members))
                yield CodeFinding(
                    finding.rule, finding.root_cause, finding.path, finding.line, finding.column, finding.message, (*finding.facts, f"cycle: {chain}")
                )
