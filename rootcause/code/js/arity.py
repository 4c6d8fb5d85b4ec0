"""Call arity across files (XF105 for JavaScript): a call with more or fewer arguments than the
project function it calls declares.

JavaScript tolerates both at run time, so only two cases are reported, and only when the callee is
resolved with certainty to one definition in another project module (test files are left out):

* too few: a parameter the call leaves out (one without a default, before any default or rest)
  is destructured (``{ title, body }``: ``Cannot destructure property``) or dereferenced in the body
  (``data.title``, ``cb()``, ``data[k]``) and never guarded (``if (!data)``, ``data ||``, ``data?.x``,
  ``data = ...``): it is ``undefined`` there;
* too many: the definition declares at least one parameter, no rest parameter, and never reads
  ``arguments``: the extra arguments are dropped, and when the signature changed the others land in
  the wrong parameters (``createArticle(userId, data)`` against ``createArticle(data)``: ``data`` is the id).

What a module defines and exports is read from its top-level statements only (``function f``,
``const f = () =>``, ``class C { m() {} }``, ``module.exports = { f }`` / ``= new C()``, ``exports.f =``,
``export function f``, ``export default ...``); what it imports from its top-level ``import``
statements and ``require`` declarations; a name defined twice, or exported twice, is never resolved,
nor is a re-export. The calls on imported names are found by searching the text for those few names
(``bytes.find``), each confirmed on the tree: cheaper than a query pattern over every call of every file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rootcause.code.js.parse import node_text as _text
from rootcause.code.js.parse import string_value as _string

if TYPE_CHECKING:
    from collections.abc import Iterator

    import tree_sitter

    from rootcause.code.js.index import JsModule
    from rootcause.code.js.project import JsProject
    from rootcause.code.model import CodeFinding

SIGNATURE = "xfile.reference.signature"

_FUNCTION_VALUES = ("arrow_function", "function_expression", "function")
_FUNCTIONS = ("function_declaration", "function_expression", "arrow_function", "method_definition", "generator_function_declaration", "function")


@dataclass(frozen=True, slots=True)
class Signature:
    """One function's parameters: ``names`` of the positional ones ('' for a pattern), how many are
    ``required`` (before any default, optional or rest), ``rest``, and whether the body reads ``arguments``."""

    name: str
    line: int
    names: tuple[str, ...]
    required: int
    rest: bool
    source: bytes = field(repr=False, compare=False)  # the file's text (shared, not copied) and the body's span in it
    span: tuple[int, int] = (0, 0)

    @property
    def body(self) -> str:
        return self.source[self.span[0] : self.span[1]].decode("utf-8", errors="replace")

    @property
    def variadic(self) -> bool:
        return self.rest or re.search(r"(?<![\w$.])arguments(?![\w$])", self.body) is not None


@dataclass(frozen=True, slots=True)
class ClassShape:
    name: str
    line: int
    methods: dict[str, Signature | None]  # None: defined twice, a getter/setter
    statics: dict[str, Signature | None]
    extends: bool


@dataclass(frozen=True, slots=True)
class ObjectShape:
    members: dict[str, "Shape | None"]


@dataclass(frozen=True, slots=True)
class Instance:
    cls: ClassShape


Shape = Signature | ClassShape | ObjectShape | Instance


@dataclass(frozen=True, slots=True)
class Call:
    """``f(...)`` or ``obj.method(...)`` where ``f``/``obj`` is a top-level binding of the file."""

    base: str
    method: str  # '' for f(...)
    n_args: int
    line: int
    column: int


@dataclass(slots=True)
class Arity:
    """A module's side of XF105: what it exports (``exported``; ``whole``: the value of
    ``module.exports = X`` when X is not an object literal), the names it imports
    (local -> (specifier, kind, name), name ``*`` for the module object), and its calls on them."""

    exported: dict[str, Shape | None] = field(default_factory=dict)
    whole: Shape | None = None
    whole_set: int = 0  # how many times ``module.exports =`` is assigned
    bindings: dict[str, tuple[str, str, str] | None] = field(default_factory=dict)
    instances: dict[str, str] = field(default_factory=dict)  # local -> the imported class binding it is ``new`` of
    calls: list[Call] = field(default_factory=list)


def signature(name: str, fn: "tree_sitter.Node", source: bytes) -> Signature | None:
    """The signature of a function node, or None when it cannot be read."""
    params = fn.child_by_field_name("parameters")
    body = fn.child_by_field_name("body")
    names: list[str] = []
    required = -1
    rest = False
    if params is None:
        single = fn.child_by_field_name("parameter")  # x => ...
        if single is None:
            return None
        names.append(_text(single))
    else:
        for p in params.named_children:
            if p.type == "comment":
                continue
            kind = p.type
            if kind in ("required_parameter", "optional_parameter"):  # TypeScript
                pattern = p.child_by_field_name("pattern")
                if pattern is not None and pattern.type == "this":
                    continue
                if kind == "optional_parameter" or p.child_by_field_name("value") is not None:
                    kind = "assignment_pattern"
                elif pattern is not None and pattern.type == "rest_pattern":
                    kind = "rest_pattern"
                else:
                    kind = pattern.type if pattern is not None else "identifier"
                    p = pattern if pattern is not None else p
            if kind == "rest_pattern":
                rest = True
                break
            if kind == "assignment_pattern" and required < 0:
                required = len(names)
            names.append(_text(p) if kind == "identifier" else "{...}" if kind == "object_pattern" else "[...]" if kind == "array_pattern" else "")
    if required < 0:
        required = len(names)
    row = fn.start_point.row + 1
    span = (body.start_byte, body.end_byte) if body is not None else (0, 0)
    return Signature(name, row, tuple(names), required, rest, source, span)


def _leading(member: "tree_sitter.Node", key: "tree_sitter.Node") -> set[str]:
    """The keywords before a class member's name (``static``, ``async``, ``get``...)."""
    out: set[str] = set()
    for i in range(member.child_count):
        child = member.child(i)
        if child is None or child.start_byte >= key.start_byte:
            break
        out.add(child.type)
    return out


def _class_shape(node: "tree_sitter.Node", source: bytes) -> ClassShape | None:
    name = _text(node.child_by_field_name("name"))
    body = node.child_by_field_name("body")
    if not name or body is None:
        return None
    extends = any(c.type == "class_heritage" for c in node.named_children)
    methods: dict[str, Signature | None] = {}
    statics: dict[str, Signature | None] = {}
    for member in body.named_children:
        if member.type == "method_definition":
            key = member.child_by_field_name("name")
            if key is None or key.type != "property_identifier":
                continue
            before = _leading(member, key)
            target = statics if "static" in before else methods
            method = _text(key)
            accessor = "get" in before or "set" in before
            target[method] = None if accessor or method in target else signature(method, member, source)
        elif member.type in ("field_definition", "public_field_definition"):
            key = member.child_by_field_name("property") or member.child_by_field_name("name")
            value = member.child_by_field_name("value")
            if key is None:
                continue
            target = statics if "static" in _leading(member, key) else methods
            method = _text(key)
            fits = value is not None and value.type in _FUNCTION_VALUES
            target[method] = signature(method, value, source) if fits and method not in target and value is not None else None
    return ClassShape(name, node.start_point.row + 1, methods, statics, extends)


class _Reader:
    """Reads a program's top-level statements."""

    def __init__(self, source: bytes) -> None:
        self.source = source
        self.locals: dict[str, Shape | None] = {}
        self.out = Arity()

    def define(self, name: str, shape: Shape | None) -> None:
        self.locals[name] = None if name in self.locals or name in self.out.bindings else shape

    def bind(self, local: str, value: tuple[str, str, str] | None) -> None:
        self.out.bindings[local] = None if local in self.out.bindings or local in self.locals else value

    def export(self, name: str, shape: Shape | None) -> None:
        exported = self.out.exported
        exported[name] = None if name in exported else shape

    def value(self, node: "tree_sitter.Node | None", name: str = "") -> Shape | None:
        """The shape of an expression: a function, a class, ``new C()`` of a local class, an object of those, a local name."""
        if node is None:
            return None
        if node.type in _FUNCTION_VALUES:
            return signature(name, node, self.source)
        if node.type == "class":
            return _class_shape(node, self.source) if node.child_by_field_name("name") is not None else None
        if node.type == "identifier":
            return self.locals.get(_text(node))
        if node.type == "new_expression":
            cls = self.locals.get(_text(node.child_by_field_name("constructor")))
            return Instance(cls) if isinstance(cls, ClassShape) else None
        if node.type == "object":
            members: dict[str, Shape | None] = {}
            for member in node.named_children:
                if member.type == "shorthand_property_identifier":
                    key = _text(member)
                    members[key] = None if key in members else self.locals.get(key)
                elif member.type == "pair":
                    key_node = member.child_by_field_name("key")
                    if key_node is not None and key_node.type == "property_identifier":
                        key = _text(key_node)
                        members[key] = None if key in members else self.value(member.child_by_field_name("value"), key)
                elif member.type == "method_definition":
                    key_node = member.child_by_field_name("name")
                    if key_node is not None and key_node.type == "property_identifier":
                        key = _text(key_node)
                        plain = not any(c.type in ("get", "set") for c in member.children)
                        members[key] = signature(key, member, self.source) if plain and key not in members else None
                elif member.type != "comment":
                    return None  # a spread: the object may hold anything
            return ObjectShape(members)
        return None

    def declaration(self, node: "tree_sitter.Node", exported: bool) -> None:
        if node.type in ("function_declaration", "generator_function_declaration"):
            name = _text(node.child_by_field_name("name"))
            self.define(name, signature(name, node, self.source) if node.type == "function_declaration" else None)
            if exported:
                self.export(name, self.locals[name])
        elif node.type in ("class_declaration", "abstract_class_declaration"):
            shape = _class_shape(node, self.source)
            if shape is not None:
                self.define(shape.name, shape)
                if exported:
                    self.export(shape.name, self.locals[shape.name])
        elif node.type in ("lexical_declaration", "variable_declaration"):
            constant = any(c.type == "const" for c in node.children)
            for declarator in node.named_children:
                if declarator.type != "variable_declarator":
                    continue
                pattern, value = declarator.child_by_field_name("name"), declarator.child_by_field_name("value")
                if pattern is None:
                    continue
                if self.require(pattern, value):
                    continue
                if pattern.type != "identifier":
                    for part in pattern.named_children:  # names this file does not know
                        if part.type in ("identifier", "shorthand_property_identifier_pattern"):
                            self.define(_text(part), None)
                    continue
                name = _text(pattern)
                if constant and value is not None and value.type == "new_expression":
                    ctor = _text(value.child_by_field_name("constructor"))
                    if self.out.bindings.get(ctor) is not None:
                        self.out.instances[name] = ctor
                self.define(name, self.value(value, name) if constant else None)
                if exported:
                    self.export(name, self.locals[name])

    def require(self, pattern: "tree_sitter.Node", value: "tree_sitter.Node | None") -> bool:
        """``const x = require('./x')``, ``const { a, b: c } = require('./x')``, ``const y = require('./x').y``."""
        if value is None:
            return False
        taken = "*"
        if value.type == "member_expression":
            prop = value.child_by_field_name("property")
            taken = _text(prop) if prop is not None and prop.type == "property_identifier" else ""
            value = value.child_by_field_name("object")
        if value is None or value.type != "call_expression" or _text(value.child_by_field_name("function")) != "require":
            return False
        args = value.child_by_field_name("arguments")
        spec = _string(args.named_children[0]) if args is not None and args.named_children else None
        if spec is None or not taken:
            return False
        if pattern.type == "identifier":
            self.bind(_text(pattern), (spec, "require", taken))
        elif pattern.type == "object_pattern" and taken == "*":
            for part in pattern.named_children:
                if part.type == "shorthand_property_identifier_pattern":
                    self.bind(_text(part), (spec, "require", _text(part)))
                elif part.type == "pair_pattern":
                    key, local = part.child_by_field_name("key"), part.child_by_field_name("value")
                    if key is not None and local is not None and key.type == "property_identifier" and local.type == "identifier":
                        self.bind(_text(local), (spec, "require", _text(key)))
        return True

    def imports(self, node: "tree_sitter.Node") -> None:
        spec = _string(node.child_by_field_name("source"))
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        if spec is None or clause is None or any(c.type == "type" for c in node.children):
            return
        for part in clause.named_children:
            if part.type == "identifier":
                self.bind(_text(part), (spec, "import", "default"))
            elif part.type == "namespace_import":
                for c in part.named_children:
                    if c.type == "identifier":
                        self.bind(_text(c), (spec, "import", "*"))
            elif part.type == "named_imports":
                for s in part.named_children:
                    if s.type != "import_specifier" or any(c.type == "type" for c in s.children):
                        continue
                    name, alias = s.child_by_field_name("name"), s.child_by_field_name("alias")
                    if name is not None and name.type == "identifier":
                        self.bind(_text(alias if alias is not None else name), (spec, "import", _text(name)))

    def export_statement(self, node: "tree_sitter.Node") -> None:
        if node.child_by_field_name("source") is not None:
            return  # a re-export: not followed
        declaration = node.child_by_field_name("declaration")
        if any(c.type == "default" for c in node.children):
            value = declaration if declaration is not None else node.child_by_field_name("value")
            if value is not None and value.type in ("function_declaration", "class_declaration"):
                self.declaration(value, False)
                self.export("default", self.locals.get(_text(value.child_by_field_name("name"))))
            else:
                self.export("default", self.value(value, "default"))
            return
        if declaration is not None:
            self.declaration(declaration, True)
            return
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        for spec in clause.named_children if clause is not None else ():
            if spec.type == "export_specifier":
                local, alias = spec.child_by_field_name("name"), spec.child_by_field_name("alias")
                self.export(_text(alias if alias is not None else local), self.locals.get(_text(local)))

    def assignment(self, node: "tree_sitter.Node") -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or left.type != "member_expression":
            return
        obj, prop = left.child_by_field_name("object"), left.child_by_field_name("property")
        target = _text(obj)
        if target == "module" and _text(prop) == "exports":  # module.exports = X
            self.out.whole_set += 1
            value = self.value(right, "")
            if isinstance(value, ObjectShape):
                for key, member in value.members.items():
                    self.export(key, member)
            else:
                self.out.whole = value
        elif target in ("exports", "module.exports") and prop is not None and prop.type == "property_identifier":
            self.export(_text(prop), self.value(right, _text(prop)))


_AFTER = re.compile(rb"\s*(?:\(|\.\s*([\w$]+)\s*\()")
_WORD = frozenset(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$.")


def _called(source: bytes, name: bytes) -> tuple[list[tuple[int, int, bytes | None]], int]:
    """(start, end, method) of each ``name(`` and ``name.method(`` in the text, and how many other times the word
    appears (``bytes.find``: far cheaper than a regular expression or a query over every call)."""
    found: list[tuple[int, int, bytes | None]] = []
    others = 0
    at = source.find(name)
    while at >= 0:
        end = at + len(name)
        if (at == 0 or source[at - 1] not in _WORD) and (end == len(source) or source[end] not in _WORD or source[end] == 46):
            after = _AFTER.match(source, end)
            if after is not None:
                found.append((at, end, after.group(1)))
            else:
                others += 1
        at = source.find(name, end)
    return found, others


def _callee_of(root: "tree_sitter.Node", start: int, end: int, member: bool) -> "tree_sitter.Node | None":
    """The call whose callee is the identifier at ``start:end`` (``name(...)``, or ``name.method(...)`` when ``member``)."""
    node = root.descendant_for_byte_range(start, end)
    if node is None or node.type != "identifier":
        return None
    callee = node.parent if member else node
    if callee is None or (member and (callee.type != "member_expression" or callee.child_by_field_name("object") != node)):
        return None
    call = callee.parent
    if call is None or call.type != "call_expression" or call.child_by_field_name("function") != callee:
        return None
    arguments = call.child_by_field_name("arguments")
    return call if arguments is not None and arguments.type == "arguments" else None  # not a tagged template


def read_module(root: "tree_sitter.Node", source: bytes) -> Arity:
    """The module's definitions, exports, imported bindings, and its calls on those.

    The calls are found by searching the text for ``name(`` and ``name.method(`` of the few names the
    file imports, each confirmed on the tree (an identifier that is the callee of a call, not a
    string or a comment): cheaper than a query pattern matching every call of every file.
    """
    reader = _Reader(source)
    for statement in root.named_children:
        kind = statement.type
        if kind == "import_statement":
            reader.imports(statement)
        elif kind == "export_statement":
            reader.export_statement(statement)
        elif kind == "expression_statement":
            inner = statement.named_children[0] if statement.named_children else None
            if inner is not None and inner.type == "assignment_expression":
                reader.assignment(inner)
        else:
            reader.declaration(statement, False)
    out = reader.out
    if out.whole_set > 1:
        out.whole, out.exported = None, {}
    bound = {name for name, value in out.bindings.items() if value is not None} | set(out.instances)
    if not bound:
        return out
    scopes: dict[int, frozenset[str]] = {}
    confirmed: list[tuple[str, str, int, tree_sitter.Node]] = []
    others: dict[str, int] = {}
    for name in bound:
        found, elsewhere = _called(source, name.encode("utf-8"))
        others[name] = elsewhere
        for start, end, method_bytes in found:
            call = _callee_of(root, start, end, method_bytes is not None)
            if call is None:
                others[name] += 1  # ``function name(``, ``{ name() {} }``: may declare it again
            else:
                confirmed.append((name, method_bytes.decode("utf-8") if method_bytes is not None else "", start, call))
    confirmed.sort(key=lambda item: item[2])
    for base, method, _, call in confirmed:
        arguments = call.child_by_field_name("arguments")
        args = [a for a in arguments.named_children if a.type != "comment"] if arguments is not None else []
        if any(a.type == "spread_element" for a in args):
            continue
        if others[base] > 1 and _shadowed(call, base, scopes):  # named once (where it is bound): nothing can shadow it
            continue
        out.calls.append(Call(base, method, len(args), call.start_point.row + 1, call.start_point.column + 1))
    return out


_NAME = re.compile(r"[\w$]+")


def _scope_names(node: "tree_sitter.Node") -> frozenset[str]:
    """Names a function's parameters or a block's own declarations may bind (every word of them: an over-approximation)."""
    if node.type in _FUNCTIONS:
        params = node.child_by_field_name("parameters") or node.child_by_field_name("parameter")
        return frozenset(_NAME.findall(_text(params)))
    if node.type in ("for_in_statement", "for_statement", "catch_clause"):
        head = node.child_by_field_name("left") or node.child_by_field_name("initializer") or node.child_by_field_name("parameter")
        return frozenset(_NAME.findall(_text(head)))
    names: set[str] = set()
    for c in node.named_children:
        if c.type in ("lexical_declaration", "variable_declaration"):
            for d in c.named_children:
                pattern = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                if pattern is not None:
                    names.update(_NAME.findall(_text(pattern)))
        elif c.type in ("function_declaration", "class_declaration"):
            names.add(_text(c.child_by_field_name("name")))
    return frozenset(names)


_SCOPES = frozenset(_FUNCTIONS) | {"statement_block", "switch_body", "for_in_statement", "for_statement", "catch_clause"}


def _shadowed(node: "tree_sitter.Node", name: str, scopes: dict[int, frozenset[str]]) -> bool:
    """A parameter or a local declaration between the call and the top level names ``name`` too."""
    parent = node.parent
    while parent is not None and parent.type != "program":
        if parent.type in _SCOPES:
            names = scopes.get(parent.id)
            if names is None:
                names = scopes[parent.id] = _scope_names(parent)
            if name in names:
                return True
        parent = parent.parent
    return False


# The check ----------------------------------------------------------------------------------
def _dereferenced(sig: Signature, name: str) -> bool:
    """``name`` is dereferenced in the body (``name.x``, ``name[k]``, ``name()``) and never guarded nor reassigned;
    a destructuring parameter (``{...}``, ``[...]``) is dereferenced by the call itself."""
    if name in ("{...}", "[...]"):
        return True
    if not name or not sig.body:
        return False
    word = re.escape(name)
    used = re.search(rf"(?<![\w$.]){word}\s*(?:\.(?!\.)[\w$]|\[|\()", sig.body)
    guarded = re.search(
        rf"(?:!|typeof\s+|\?\?\s*|\|\|\s*|&&\s*)\s*{word}(?![\w$])(?!\s*(?:\.|\[|\())|(?<![\w$.]){word}\s*(?:===?|!==?|\|\||&&|\?\?|\?\.|=(?!=)|\+=|\?(?!\.))",
        sig.body,
    )
    return used is not None and guarded is None


def fit(sig: Signature, n_args: int) -> str | None:
    """Why ``n_args`` positional arguments do not fit ``sig`` (a phrase), or None."""
    params = ", ".join(n or "?" for n in sig.names) or "no parameters"
    if n_args < sig.required:
        missing = [n for n in sig.names[n_args : sig.required] if _dereferenced(sig, n)]
        if missing:
            plural = "s" if len(missing) > 1 else ""
            error = (
                "TypeError: Cannot destructure property of undefined"
                if any(n in ("{...}", "[...]") for n in missing)
                else "TypeError: Cannot read properties of undefined"
            )
            return (
                f"passes {n_args} argument{'s' if n_args != 1 else ''}; {sig.name or 'it'}({params}) needs {sig.required}: "
                f"parameter{plural} {', '.join(missing)} will be undefined, and the function reads {'them' if plural else 'it'} ({error})"
            )
        return None
    if n_args > len(sig.names) and sig.names and not sig.variadic:  # a function of no parameters may ignore what it is handed
        return (
            f"passes {n_args} arguments; {sig.name or 'it'}({params}) takes {len(sig.names)}: "
            f"{'the last one is' if n_args - len(sig.names) == 1 else f'the last {n_args - len(sig.names)} are'} silently dropped, "
            "and if its signature changed the others land in the wrong parameters"
        )
    return None


def _member(shape: Shape | None, method: str) -> tuple[Signature | None, str]:
    """The function ``shape.method`` names with certainty, and how to call it in a message."""
    if isinstance(shape, ObjectShape):
        found = shape.members.get(method)
        return (found, method) if isinstance(found, Signature) else (None, "")
    if isinstance(shape, Instance):
        return shape.cls.methods.get(method), f"{shape.cls.name}.prototype.{method}"
    if isinstance(shape, ClassShape):
        return shape.statics.get(method), f"{shape.name}.{method}"
    return None, ""


def _imported(project: "JsProject", module: "JsModule", binding: tuple[str, str, str]) -> "tuple[Shape | None, JsModule | None]":
    """What a binding holds in the project module it comes from (None when that is not certain)."""
    from rootcause.code.js.project import is_relative

    spec, kind, name = binding
    if not is_relative(spec):
        return None, None
    target_path = project.resolve(module.path, spec).target
    target = project.modules.get(target_path) if target_path else None
    if target is None or target.syntax is not None or target.arity is None:
        return None, None
    info = target.arity
    esm = target.esm_syntax is not None
    if esm == (target.cjs_syntax is not None):
        return None, None  # both module systems, or neither: not read
    if kind == "require" and not esm:
        if name == "*":
            return (info.whole if info.whole is not None else ObjectShape(info.exported) if info.exported else None), target
        return (info.exported.get(name) if info.whole is None else None), target
    if kind == "import" and esm:
        if name == "*":
            return ObjectShape({k: v for k, v in info.exported.items() if k != "default"}), target
        return info.exported.get(name), target
    return None, None


def check_calls(project: "JsProject", module: "JsModule") -> "Iterator[CodeFinding]":
    """XF105: calls of ``module`` on functions and methods another project module exports, whose argument count does not fit."""
    from rootcause.code.model import CodeFinding

    info = module.arity
    if info is None or not info.calls:
        return
    cache: dict[str, tuple[Shape | None, JsModule | None]] = {}
    for call in info.calls:
        local = info.instances.get(call.base, call.base)
        if local not in cache:
            binding = info.bindings.get(local)
            cache[local] = _imported(project, module, binding) if binding else (None, None)
        shape, target = cache[local]
        if call.base in info.instances:
            shape = Instance(shape) if isinstance(shape, ClassShape) else None
        if target is None or target.path == module.path:
            continue
        if call.method:
            sig, where = _member(shape, call.method)
        else:
            sig, where = (shape, call.base) if isinstance(shape, Signature) else (None, "")
        if sig is None:
            continue
        problem = fit(sig, call.n_args)
        if problem:
            what = f"{call.base}.{call.method}" if call.method else call.base
            yield CodeFinding(
                "XF105",
                SIGNATURE,
                module.path,
                call.line,
                call.column,
                f"call to {what}() ({where} in {target.path}:{sig.line}) {problem}",
                (f"{where} is defined at {target.path}:{sig.line} with ({', '.join(n or '?' for n in sig.names)})",),
            )
