"""One JavaScript/TypeScript file, indexed from its tree-sitter tree: imports, exports, module system.

Imports: ``import ... from 'x'``, ``export ... from 'x'``, ``require('x')`` (with the names a
destructuring or ``.name`` takes), ``import('x')``, TypeScript's ``import x = require('x')``.
Exports: ``export function/class/const/let/var/default``, ``export { a, b as c }``,
``module.exports = {...}``, ``module.exports.x =``, ``exports.x =``, ``Object.assign(module.exports, {...})``,
``Object.defineProperty(exports, 'x', ...)``; what cannot be read (``module.exports = someValue``)
leaves the module's names open. Line and column numbers are 1-based.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rootcause.code.js.arity import Arity, read_module
from rootcause.code.js.asyncs import FunctionShape, UnawaitedCall, declared_functions, unawaited_calls
from rootcause.code.js.parse import SyntaxProblem, first_syntax_error, language, parse
from rootcause.code.js.parse import node_text as _text
from rootcause.code.js.parse import string_value as _string_value
from rootcause.code.js.sequelize import Association, IncludeItem, associations, include_items

if TYPE_CHECKING:
    import tree_sitter

#: CommonJS's module-scope variables: unbound in an ES module (``require is not defined in ES module scope``).
CJS_GLOBALS = ("require", "module", "exports", "__dirname", "__filename")

_QUERIES = {
    "require": '(call_expression function: (identifier) @fn (#eq? @fn "require") arguments: (arguments . (string) @spec)) @call',
    "dynamic": "(call_expression function: (import) arguments: (arguments . (string) @spec)) @call",
    "assign": "(assignment_expression left: [(member_expression) (subscript_expression)] @left right: (_) @right) @assign",
    "object_call": '(call_expression function: (member_expression object: (identifier) @obj (#eq? @obj "Object") property: (property_identifier) @method)'
    " arguments: (arguments . (_) @target)) @call",
    "identifier": '((identifier) @id (#any-of? @id "require" "module" "exports" "__dirname" "__filename"))',
    "route": "(call_expression function: (member_expression property: (property_identifier) @method"
    ' (#any-of? @method "get" "post" "put" "patch" "delete" "del" "all" "route")) arguments: (arguments . [(string) (object)] @path)) @call',
    "association": "(call_expression function: (member_expression object: (_) @source property: (property_identifier) @kind"
    ' (#any-of? @kind "hasMany" "hasOne" "belongsTo" "belongsToMany")) arguments: (arguments . (_) @target)) @call',
    "include_item": '(object (pair key: (property_identifier) @key (#any-of? @key "model" "association"))) @item',
    "stored_call": "(variable_declarator name: (identifier) @name value: (call_expression function: (member_expression) @callee)) @decl",
    "function": "[(function_declaration name: (identifier) @name) (method_definition name: (property_identifier) @name)"
    " (variable_declarator name: (identifier) @name value: [(arrow_function) (function_expression)])"
    " (pair key: (property_identifier) @name value: [(arrow_function) (function_expression)])] @fn",
    "returned": "[(return_statement [(call_expression) (new_expression)] @value) (arrow_function body: [(call_expression) (new_expression)] @value)]",
    "used_call": "[(member_expression object: (call_expression function: (member_expression)) @call)"
    " (binary_expression [(call_expression function: (member_expression)) @call"
    " (parenthesized_expression (call_expression function: (member_expression)) @call)])"
    " (unary_expression argument: (call_expression function: (member_expression)) @call)"
    " (call_expression function: (identifier) @outer arguments: (arguments (call_expression function: (member_expression)) @call))]",
    "declared": "[(variable_declarator name: (identifier) @name) (function_declaration name: (identifier) @name)"
    " (formal_parameters (identifier) @name) (import_clause (identifier) @name) (import_specifier alias: (identifier) @name)"
    " (import_specifier name: (identifier) @name)]",
}


@functools.cache
def _query(grammar: str, name: str) -> "tree_sitter.Query":
    import tree_sitter

    return tree_sitter.Query(language(grammar), _QUERIES[name])


def _captures(grammar: str, name: str, node: "tree_sitter.Node") -> list[dict[str, list["tree_sitter.Node"]]]:
    import tree_sitter

    return [captures for _, captures in tree_sitter.QueryCursor(_query(grammar, name)).matches(node)]


#: The patterns one walk of the tree matches (the walk costs more than the parse: once, not five times).
_SCAN = (
    "require",
    "dynamic",
    "assign",
    "object_call",
    "identifier",
    "stored_call",
    "function",
    "returned",
    "used_call",
    "route",
    "association",
    "include_item",
)


@functools.cache
def _scan_query(grammar: str) -> "tree_sitter.Query":
    import tree_sitter

    return tree_sitter.Query(language(grammar), "\n".join(_QUERIES[name] for name in _SCAN))


Captures = dict[str, list["tree_sitter.Node"]]
_FUNCTION_NODES = frozenset(
    ("function_declaration", "generator_function_declaration", "function_expression", "generator_function", "arrow_function", "method_definition", "function")
)


def _scan(grammar: str, node: "tree_sitter.Node") -> dict[str, list[Captures]]:
    """The matches of every :data:`_SCAN` pattern, by pattern name, in one walk."""
    import tree_sitter

    out: dict[str, list[Captures]] = {name: [] for name in _SCAN}
    for index, captures in tree_sitter.QueryCursor(_scan_query(grammar)).matches(node):
        out[_SCAN[index]].append(captures)
    return out


@dataclass(frozen=True, slots=True)
class JsImport:
    """One import of a module by a string specifier (``./x``, ``express``)."""

    specifier: str
    kind: str  # import | export_from | require | dynamic
    names: tuple[str, ...]  # the names taken from the module ("default" for a default import)
    namespace: bool  # the module object as a whole is taken (import * as, const x = require())
    line: int
    column: int
    type_only: bool = False  # TypeScript ``import type``
    star: bool = False  # ``export * from``: every name of the target is re-exported
    #: The local names the import binds (``import r from``, ``const { a: b } = require()`` -> b);
    #: None when the value is used in place (``require('./x')(app)``, an array element) or not known.
    locals: tuple[str, ...] | None = None
    #: Run when the module loads: not inside a function (``require`` in a handler runs on demand).
    toplevel: bool = True


@dataclass(slots=True)
class JsExports:
    """What a module exports; ``opaque`` when ``module.exports`` is a value whose properties cannot be read."""

    names: dict[str, int] = field(default_factory=dict)  # name -> line
    #: CommonJS properties Node's cjs-module-lexer detects: what an ES module can import by name.
    lexer_names: set[str] = field(default_factory=set)
    stars: list[JsImport] = field(default_factory=list)  # export * from, module.exports = require(...), ...require(...)
    opaque: int | None = None  # the line of ``module.exports = value`` (a class, a call, a variable)
    whole: bool = False  # TypeScript ``export =``
    default_keys: set[str] = field(default_factory=set)  # ``export default { a, b }``: a common mistake's names

    def add(self, name: str, line: int, *, lexer: bool = False) -> None:
        self.names.setdefault(name, line)
        if lexer:
            self.lexer_names.add(name)


@dataclass(slots=True)
class JsModule:
    path: str
    grammar: str
    n_lines: int
    imports: list[JsImport] = field(default_factory=list)
    exports: JsExports = field(default_factory=JsExports)
    esm_syntax: int | None = None  # line of the first import/export statement
    cjs_syntax: int | None = None  # line of the first require() / module.exports / exports.x
    #: Unbound uses of CommonJS's variables (name, line, column), the first of each name.
    cjs_globals: list[tuple[str, int, int]] = field(default_factory=list)
    syntax: SyntaxProblem | None = None
    #: Each function and method name the file declares, with the shape of each declaration (``asyncs``).
    functions: dict[str, list[FunctionShape]] = field(default_factory=dict)
    #: Routes the file declares: (method, path, line) of ``router.get('/x', ...)``, ``fastify.route({ url })``.
    routes: list[tuple[str, str, int]] = field(default_factory=list)
    #: Sequelize associations (``sequelize``): ``A.hasMany(B, { as })`` and include items ``{ model: B, as }``.
    associations: list[Association] = field(default_factory=list)
    includes: list[IncludeItem] = field(default_factory=list)
    #: ``const x = a.b(...)`` without ``await`` whose ``x`` is then read as a value (``asyncs``).
    unawaited: list[UnawaitedCall] = field(default_factory=list)
    #: Top-level definitions, exports, imported bindings and the calls on them (``arity``, XF105).
    arity: Arity | None = None


def _pos(node: "tree_sitter.Node") -> tuple[int, int]:
    return node.start_point.row + 1, node.start_point.column + 1


def _key_name(node: "tree_sitter.Node | None") -> str | None:
    """A property key: ``a``, ``'a'``, ``1`` (None for computed keys)."""
    if node is None:
        return None
    if node.type in ("property_identifier", "identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern", "number"):
        return _text(node)
    if node.type == "private_property_identifier":
        return None
    return _string_value(node)


def _pattern_names(node: "tree_sitter.Node") -> list[str]:
    """Names a binding pattern declares (``a``, ``{a, b: c}`` -> c, ``[a, ...b]``)."""
    out: list[str] = []
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in ("identifier", "shorthand_property_identifier_pattern"):
            out.append(_text(n))
        elif n.type == "pair_pattern":
            value = n.child_by_field_name("value")
            if value is not None:
                stack.append(value)
        elif n.type in ("object_pattern", "array_pattern", "rest_pattern", "assignment_pattern", "object_assignment_pattern"):
            if n.type in ("assignment_pattern", "object_assignment_pattern"):
                left = n.child_by_field_name("left")
                if left is not None:
                    stack.append(left)
            else:
                stack.extend(reversed(n.named_children))
    return out


def index_js(path: str, text: str, grammar: str) -> JsModule:
    """Index one file; a file that does not parse keeps its syntax problem and what could be read."""
    source = text.encode("utf-8", errors="replace")
    tree = parse(grammar, source)
    module = JsModule(path, grammar, text.count("\n") + 1)
    module.syntax = first_syntax_error(tree, source)
    root = tree.root_node
    for statement in root.named_children:
        if statement.type == "import_statement":
            _import_statement(module, statement)
        elif statement.type == "export_statement":
            _export_statement(module, statement)
    found = _scan(grammar, root)
    _requires(module, found)
    _assignments(module, found["assign"])
    _object_calls(module, found["object_call"])
    module.functions = declared_functions(found["function"], found["returned"])
    module.unawaited = unawaited_calls(root, found["stored_call"], found["used_call"])
    module.routes = _routes(found["route"])
    module.arity = read_module(root, source)
    if found["association"] or found["include_item"]:
        module.associations = associations(found["association"])
        module.includes = include_items(found["include_item"])
    if found["identifier"] and (module.esm_syntax is not None or path.endswith((".mjs", ".js"))):
        _cjs_globals(module, root, found["identifier"])
    return module


# ES modules -------------------------------------------------------------------------------
def _mark_esm(module: JsModule, line: int) -> None:
    if module.esm_syntax is None or line < module.esm_syntax:
        module.esm_syntax = line


def _mark_cjs(module: JsModule, line: int) -> None:
    if module.cjs_syntax is None or line < module.cjs_syntax:
        module.cjs_syntax = line


def _import_statement(module: JsModule, node: "tree_sitter.Node") -> None:
    line, column = _pos(node)
    source = node.child_by_field_name("source")
    require_clause = next((c for c in node.named_children if c.type == "import_require_clause"), None)
    if require_clause is not None:  # TypeScript: import x = require('y')
        spec = _string_value(require_clause.child_by_field_name("source"))
        if spec is not None:
            module.imports.append(JsImport(spec, "require", (), True, line, column))
        _mark_cjs(module, line)
        return
    _mark_esm(module, line)
    spec = _string_value(source)
    if spec is None:
        return
    type_only = any(c.type == "type" for c in node.children)
    names: list[str] = []
    bound: list[str] = []
    namespace = False
    clause = next((c for c in node.named_children if c.type == "import_clause"), None)
    if clause is not None:
        for part in clause.named_children:
            if part.type == "identifier":
                names.append("default")
                bound.append(_text(part))
            elif part.type == "namespace_import":
                namespace = True
                bound.extend(_text(c) for c in part.named_children if c.type == "identifier")
            elif part.type == "named_imports":
                for spec_node in part.named_children:
                    if spec_node.type != "import_specifier" or any(c.type == "type" for c in spec_node.children):
                        continue
                    name = _key_name(spec_node.child_by_field_name("name"))
                    if name:
                        names.append(name)
                        alias = spec_node.child_by_field_name("alias")
                        bound.append(_text(alias) if alias is not None else name)
    locals_ = tuple(bound) if clause is not None else None  # ``import './x.js'``: for its side effects
    module.imports.append(JsImport(spec, "import", tuple(names), namespace, line, column, type_only=type_only, locals=locals_))


def _export_statement(module: JsModule, node: "tree_sitter.Node") -> None:
    line, column = _pos(node)
    _mark_esm(module, line)
    exports = module.exports
    children = node.children
    source = _string_value(node.child_by_field_name("source"))
    if any(c.type == "default" for c in children):
        exports.add("default", line)
        value = node.child_by_field_name("value")
        if value is not None and value.type == "object":
            for member in value.named_children:
                key = member if member.type == "shorthand_property_identifier" else member.child_by_field_name("key") or member.child_by_field_name("name")
                name = _key_name(key)
                if name:
                    exports.default_keys.add(name)
        return
    if any(c.type == "=" for c in children):  # TypeScript: export = value
        exports.whole = True
        return
    declaration = node.child_by_field_name("declaration")
    if declaration is not None:
        if declaration.type == "ambient_declaration":
            declaration = next((c for c in declaration.named_children), declaration)
        if declaration.type in ("lexical_declaration", "variable_declaration"):
            for declarator in declaration.named_children:
                if declarator.type == "variable_declarator":
                    name_node = declarator.child_by_field_name("name")
                    for name in _pattern_names(name_node) if name_node is not None else ():
                        exports.add(name, line)
        else:
            name = _text(declaration.child_by_field_name("name"))
            if name:
                exports.add(name, line)
        return
    clause = next((c for c in node.named_children if c.type == "export_clause"), None)
    namespace = next((c for c in node.named_children if c.type == "namespace_export"), None)
    if clause is not None:
        taken: list[str] = []
        for spec_node in clause.named_children:
            if spec_node.type != "export_specifier":
                continue
            local = _key_name(spec_node.child_by_field_name("name"))
            alias = _key_name(spec_node.child_by_field_name("alias"))
            if local:
                exports.add(alias or local, line)
                if not any(c.type == "type" for c in spec_node.children):
                    taken.append(local)
        if source is not None:
            type_only = any(c.type == "type" for c in children)
            module.imports.append(JsImport(source, "export_from", tuple(taken), False, line, column, type_only=type_only))
    elif namespace is not None:
        exported = next((_key_name(c) for c in namespace.named_children), None)
        if exported:
            exports.add(exported, line)
        if source is not None:
            module.imports.append(JsImport(source, "export_from", (), True, line, column))
    elif source is not None and any(c.type == "*" for c in children):
        star = JsImport(source, "export_from", (), True, line, column, star=True)
        module.imports.append(star)
        exports.stars.append(star)


def _routes(found: list[Captures]) -> list[tuple[str, str, int]]:
    out = []
    for captures in found:
        method, arg = _text(captures["method"][0]).upper(), captures["path"][0]
        if arg.type == "string":
            path = _string_value(arg)
        elif method == "ROUTE":  # fastify.route({ method: 'GET', url: '/x' })
            url = next(
                (p.child_by_field_name("value") for p in arg.named_children if p.type == "pair" and _key_name(p.child_by_field_name("key")) in ("url", "path")),
                None,
            )
            path = _string_value(url)
        else:
            continue
        if path is not None and path.startswith("/") and (arg.type == "string" or method == "ROUTE"):
            out.append((method, path, _pos(captures["call"][0])[0]))
    return out


# CommonJS ---------------------------------------------------------------------------------
def _requires(module: JsModule, found: dict[str, list[Captures]]) -> None:
    for kind in ("require", "dynamic"):
        for captures in found[kind]:
            call = captures["call"][0]
            if kind == "require" and _text(captures["fn"][0]) != "require":
                continue
            spec = _string_value(captures["spec"][0])
            if spec is None:
                continue
            line, column = _pos(call)
            if kind == "require":
                _mark_cjs(module, line)
            names, namespace = _taken_from(call)
            toplevel = kind == "require" and _outside_functions(call)
            module.imports.append(JsImport(spec, kind, names, namespace, line, column, locals=_bound_by(call), toplevel=toplevel))


def _outside_functions(node: "tree_sitter.Node") -> bool:
    parent = node.parent
    while parent is not None:
        if parent.type in _FUNCTION_NODES:
            return False
        parent = parent.parent
    return True


def _bound_by(call: "tree_sitter.Node") -> tuple[str, ...] | None:
    """The local names ``const x = require()`` / ``const { a: b } = require()`` binds; None when the value is used in place."""
    parent = call.parent
    if parent is not None and parent.type == "await_expression":
        call, parent = parent, parent.parent
    if parent is None or parent.type != "variable_declarator" or parent.child_by_field_name("value") != call:
        return None
    pattern = parent.child_by_field_name("name")
    return tuple(_pattern_names(pattern)) if pattern is not None else None


def _taken_from(call: "tree_sitter.Node") -> tuple[tuple[str, ...], bool]:
    """(names, namespace) a ``require()``/``import()`` call's value is used for."""
    node = call
    parent = node.parent
    if parent is not None and parent.type == "await_expression":
        node, parent = parent, parent.parent
    while parent is not None and parent.type == "parenthesized_expression":
        node, parent = parent, parent.parent
    if parent is None:
        return (), True
    if parent.type == "member_expression" and parent.child_by_field_name("object") == node:
        prop = parent.child_by_field_name("property")
        if prop is not None and prop.type == "property_identifier":
            return (_text(prop),), False
        return (), True
    if parent.type == "variable_declarator" and parent.child_by_field_name("value") == node:
        pattern = parent.child_by_field_name("name")
        if pattern is not None and pattern.type == "object_pattern":
            names: list[str] = []
            for part in pattern.named_children:
                if part.type == "shorthand_property_identifier_pattern":
                    names.append(_text(part))
                elif part.type == "pair_pattern":
                    key = _key_name(part.child_by_field_name("key"))
                    value = part.child_by_field_name("value")
                    if key and (value is None or value.type != "assignment_pattern"):
                        names.append(key)
            return tuple(names), False
    if parent.type == "expression_statement":
        return (), False  # side effects only
    return (), True


def _exports_target(node: "tree_sitter.Node") -> str | None:
    """``module.exports`` or ``exports`` when ``node`` is one of them, else None."""
    if node.type == "identifier" and _text(node) == "exports":
        return "exports"
    if node.type == "member_expression":
        obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
        if obj is not None and prop is not None and _text(obj) == "module" and _text(prop) == "exports":
            return "module.exports"
    return None


def _assignments(module: JsModule, found: list[Captures]) -> None:
    exports = module.exports
    for captures in found:
        left, right = captures["left"][0], captures["right"][0]
        line, _ = _pos(left)
        if _exports_target(left) == "module.exports":  # module.exports = value
            _mark_cjs(module, line)
            _whole_value(module, right, line)
            continue
        obj = left.child_by_field_name("object")
        if obj is None or _exports_target(obj) is None:
            continue
        _mark_cjs(module, line)
        if left.type == "member_expression":
            prop = left.child_by_field_name("property")
            name = _text(prop) if prop is not None and prop.type == "property_identifier" else None
        else:
            name = _string_value(left.child_by_field_name("index"))
        if name is None:
            exports.opaque = exports.opaque or line
        else:
            exports.add(name, line, lexer=True)


def _whole_value(module: JsModule, value: "tree_sitter.Node", line: int) -> None:
    """``module.exports = value``: an object literal's keys, a re-export, or opaque."""
    exports = module.exports
    while value.type == "assignment_expression":  # module.exports = exports = {...}
        right = value.child_by_field_name("right")
        if right is None:
            break
        value = right
    if value.type == "object":
        lexing = True  # cjs-module-lexer reads keys until the first value it cannot read
        for member in value.named_children:
            if member.type == "comment":
                continue
            if member.type == "shorthand_property_identifier":
                exports.add(_text(member), line, lexer=lexing)
            elif member.type == "pair":
                key = _key_name(member.child_by_field_name("key"))
                pair_value = member.child_by_field_name("value")
                if key is None:
                    exports.opaque = exports.opaque or line
                    lexing = False
                    continue
                readable = pair_value is not None and (pair_value.type == "identifier" or _require_spec(pair_value) is not None)
                exports.add(key, line, lexer=lexing and readable)
                if pair_value is not None and pair_value.type != "identifier":
                    lexing = False
            elif member.type == "method_definition":
                key = _key_name(member.child_by_field_name("name"))
                if key:
                    exports.add(key, line)
                lexing = False
            elif member.type == "spread_element":
                inner = next(iter(member.named_children), None)
                spec = _require_spec(inner) if inner is not None else None
                if spec is None:
                    exports.opaque = exports.opaque or line
                else:
                    row, column = _pos(member)
                    exports.stars.append(JsImport(spec, "require", (), True, row, column, star=True))
            else:
                exports.opaque = exports.opaque or line
                lexing = False
        return
    spec = _require_spec(value)
    if spec is not None:
        row, column = _pos(value)
        exports.stars.append(JsImport(spec, "require", (), True, row, column, star=True))
        return
    exports.opaque = exports.opaque or line


def _require_spec(node: "tree_sitter.Node") -> str | None:
    if node.type != "call_expression":
        return None
    fn = node.child_by_field_name("function")
    args = node.child_by_field_name("arguments")
    if fn is None or args is None or _text(fn) != "require" or not args.named_children:
        return None
    return _string_value(args.named_children[0])


def _object_calls(module: JsModule, found: list[Captures]) -> None:
    """``Object.assign(module.exports, {...})`` and ``Object.defineProperty(exports, 'x', ...)``."""
    for captures in found:
        if _text(captures["obj"][0]) != "Object":
            continue
        method, target = _text(captures["method"][0]), captures["target"][0]
        if method not in ("assign", "defineProperty") or _exports_target(target) is None:
            continue
        call = captures["call"][0]
        line, _ = _pos(call)
        _mark_cjs(module, line)
        args = [a for a in (call.child_by_field_name("arguments") or call).named_children if a.type != "comment"]
        if method == "defineProperty":
            name = _string_value(args[1]) if len(args) > 1 else None
            if name is None:
                module.exports.opaque = module.exports.opaque or line
            else:
                module.exports.add(name, line, lexer=True)
            continue
        for source in args[1:]:
            if source.type == "object":
                before = set(module.exports.lexer_names)
                _whole_value(module, source, line)
                module.exports.lexer_names = before  # the lexer does not read Object.assign
            else:
                module.exports.opaque = module.exports.opaque or line


def _cjs_globals(module: JsModule, root: "tree_sitter.Node", uses: list[Captures]) -> None:
    """The first use of each CommonJS variable the file does not declare itself (nor guards with ``typeof``)."""
    wanted = set(CJS_GLOBALS)
    declared = {_text(c["name"][0]) for c in _captures(module.grammar, "declared", root)}
    first: dict[str, tuple[int, int]] = {}
    guarded: set[str] = set()
    for captures in uses:
        node = captures["id"][0]
        name = _text(node)
        if name not in wanted or name in declared:
            continue
        parent = node.parent
        if parent is not None and parent.type == "unary_expression" and _text(parent).startswith("typeof"):
            guarded.add(name)
            continue
        first.setdefault(name, _pos(node))
    module.cjs_globals = sorted(((n, *p) for n, p in first.items() if n not in guarded), key=lambda item: (item[1], item[2]))
