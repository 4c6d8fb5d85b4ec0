"""Promises used as values: a call that returns a Promise, stored without ``await`` and then read.

``const user = User.findByPk(id); if (!user) ...`` never sees the row: ``user`` is a pending
Promise, always truthy, whose ``username`` is ``undefined`` (and serialises as ``{}``). The
server starts and answers, so nothing in the log names the mistake; only the code does.

This module reads one parsed file: the functions and methods it declares ``async`` (and those it
declares without), and every ``const x = recv.method(...)`` that is not awaited, with what the
code does with ``x`` afterwards. :mod:`rootcause.code.js.checks` decides, with the whole
project's async names, which of those calls return a Promise (FW401, ``promise_used_as_value``).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rootcause.code.js.parse import node_text as _text

if TYPE_CHECKING:
    import tree_sitter

#: Sequelize's model methods that return a Promise, on a receiver named like a model (``User``, ``this.Article``).
SEQUELIZE_ASYNC = frozenset(
    "findByPk findOne findAll findAndCountAll findOrCreate findCreateFind create bulkCreate count max min sum destroy upsert increment decrement".split()
)
#: Query methods of the promise drivers and query builders, on a receiver named like a connection.
DRIVER_ASYNC = frozenset({"query", "execute", "one", "oneOrNone", "many", "manyOrNone", "any", "none", "first"})
_CONNECTION_NAMES = frozenset({"pool", "client", "db", "conn", "connection", "knex", "pg", "sql", "database", "prisma", "tx", "trx"})
#: Functions that serialise what they are handed (a Promise becomes ``{}``).
_SERIALISERS = frozenset({"json", "send", "stringify", "body"})
#: Method names that builtins and frameworks also have (``Map.get``, ``ctx.get``, ``array.find``): a project method
#: of that name says nothing about another receiver, so the receiver must be named like a data-access object.
_GENERIC = frozenset(
    "get set has delete all run find add push send json map filter forEach keys values entries update remove clear list create count save query".split()
)
_DATA_ACCESS = re.compile(r"(?i)^(?:_?db|pool|client|conn|connection|knex|database|tx|trx|prisma|sql|\w*(?:repo|repository|service|store|dao|model|manager))$")
#: JavaScript's own globals named like a model (``Math.max``, ``Object.create``, ``Date.now``).
_BUILTINS = frozenset("Math JSON Object Array Number String Boolean Promise Date Reflect Symbol Map Set WeakMap BigInt Intl Buffer URL Error".split())
#: What may be done with a pending Promise without reading it as its value.
_PROMISE_METHODS = frozenset({"then", "catch", "finally"})


@dataclass(frozen=True, slots=True)
class UnawaitedCall:
    """``const name = receiver.method(...)`` with no ``await``, and the first line that reads ``name`` as a value."""

    name: str  # the variable that holds the result ('' when the result is read at once)
    receiver: str
    method: str
    line: int
    column: int
    used_line: int
    in_async: bool  # the enclosing function is ``async`` (an ``await`` was all it lacked)
    handed_to: str = ""  # ``f(a.b())``: the function ``f`` the result is handed to, which may await it or not


def _is_async(node: "tree_sitter.Node") -> bool:
    return any(child.type == "async" for child in node.children)


_FUNCTIONS = ("function_declaration", "function_expression", "arrow_function", "method_definition", "generator_function_declaration")


@dataclass(frozen=True, slots=True)
class FunctionShape:
    """One declaration of a function or method: ``async`` or not, and what it returns when that is a
    call or a ``new`` (``"new Promise"``, or the called function's or method's last name)."""

    is_async: bool
    returns: tuple[str, ...] = ()


def _returned(value: "tree_sitter.Node") -> str:
    if value.type == "new_expression":
        return "new " + _text(value.child_by_field_name("constructor"))
    callee = value.child_by_field_name("function")
    if callee is not None and callee.type == "member_expression":
        return _text(callee.child_by_field_name("property"))
    return _text(callee)


def declared_functions(
    matches: "list[dict[str, list[tree_sitter.Node]]]", returned: "list[dict[str, list[tree_sitter.Node]]]"
) -> dict[str, list[FunctionShape]]:
    """Each function and method name the file declares, with every declaration's shape (the index's
    ``function`` and ``returned`` matches)."""
    returns: dict[int, list[str]] = {}
    for captures in returned:
        value = captures["value"][0]
        fn = _enclosing_function(value)
        if fn is not None:
            returns.setdefault(fn.id, []).append(_returned(value))
    out: dict[str, list[FunctionShape]] = {}
    for captures in matches:
        name, decl = captures["name"][0], captures["fn"][0]
        fn = decl if decl.type in ("function_declaration", "method_definition") else decl.child_by_field_name("value")
        if fn is not None:
            out.setdefault(_text(name), []).append(FunctionShape(_is_async(fn), tuple(returns.get(fn.id, ()))))
    return out


def promise_functions(shapes: "dict[str, list[FunctionShape]]") -> tuple[set[str], set[str]]:
    """Names every declaration of which returns a Promise (``async``, ``return new Promise(...)``, or
    returning a call to such a name, followed through the project a few levels), and names some
    declaration of which does."""

    def gives(form: FunctionShape, promise: set[str]) -> bool:
        return form.is_async or "new Promise" in form.returns or any(r in promise for r in form.returns)

    every: set[str] = set()
    some: set[str] = set()
    for _ in range(4):
        known = every | some
        new_every = {name for name, forms in shapes.items() if all(gives(f, known) for f in forms)}
        new_some = {name for name, forms in shapes.items() if any(gives(f, known) for f in forms)}
        if new_every == every and new_some == some:
            break
        every, some = new_every, new_some
    return every, some


def _enclosing_function(node: "tree_sitter.Node") -> "tree_sitter.Node | None":
    parent = node.parent
    while parent is not None:
        if parent.type in _FUNCTIONS:
            return parent
        parent = parent.parent
    return None


def _reads_value(use: "tree_sitter.Node") -> str | None:
    """How a use of the variable reads it as a settled value: ``"read"``, ``"call:<f>"`` when it is handed
    to a function ``f`` (read if the project declares ``f``), None when it is awaited, chained or handed on whole."""
    parent = use.parent
    if parent is None or parent.type == "await_expression":
        return None
    if parent.type == "member_expression" and parent.child_by_field_name("object") == use:
        return None if _text(parent.child_by_field_name("property")) in _PROMISE_METHODS else "read"
    if parent.type == "arguments":
        call = parent.parent
        callee = call.child_by_field_name("function") if call is not None else None
        if callee is not None and callee.type == "member_expression":
            callee = callee.child_by_field_name("property")
        name = _text(callee)
        return "read" if name in _SERIALISERS else f"call:{name}"
    if parent.type in (
        "subscript_expression",
        "unary_expression",
        "binary_expression",
        "ternary_expression",
        "if_statement",
        "parenthesized_expression",
        "template_substitution",
    ):
        return "read"
    return None  # returned, put in an array (``Promise.all([a, b])``) or an object, spread: handed on whole


def unawaited_calls(
    root: "tree_sitter.Node", stored: "list[dict[str, list[tree_sitter.Node]]]", used: "list[dict[str, list[tree_sitter.Node]]]"
) -> list[UnawaitedCall]:
    """Calls ``a.b(...)`` without ``await`` whose result is read as a value: stored (``const x = a.b()``,
    then ``x`` read) or read at once (``a.b().length``, ``a.b() > 0``, ``!a.b()``); the index's
    ``stored_call`` and ``used_call`` matches."""
    out: list[UnawaitedCall] = []
    for captures in stored:
        name, callee, node = captures["name"][0], captures["callee"][0], captures["decl"][0]
        fn = _enclosing_function(node)
        scope = fn.child_by_field_name("body") if fn is not None else root
        if scope is None or callee.parent is None:
            continue
        variable = _text(name)
        for use in _uses(scope, variable, node.end_byte):
            how = _reads_value(use)
            if how is None:
                continue
            call = _call(callee.parent, variable, use.start_point.row + 1, fn)
            if call is not None:
                out.append(dataclasses.replace(call, handed_to=how[5:]) if how.startswith("call:") else call)
            break
    for captures in used:
        value = captures["call"][0]
        parent = value.parent
        if parent is not None and parent.type == "member_expression" and _text(parent.child_by_field_name("property")) in _PROMISE_METHODS:
            continue
        call = _call(value, "", value.start_point.row + 1, _enclosing_function(value))
        if call is not None:
            outer = captures.get("outer")
            out.append(dataclasses.replace(call, handed_to=_text(outer[0])) if outer and _text(outer[0]) not in _SERIALISERS else call)
    out.sort(key=lambda c: (c.line, c.column))
    return out


def _call(value: "tree_sitter.Node", variable: str, used_line: int, fn: "tree_sitter.Node | None") -> UnawaitedCall | None:
    callee = value.child_by_field_name("function")
    if callee is None or callee.type != "member_expression":
        return None
    method = _text(callee.child_by_field_name("property"))
    receiver = callee.child_by_field_name("object")
    if receiver is None or receiver.type == "call_expression" or method in _PROMISE_METHODS:
        return None  # ``db.prepare(sql).get()``: better-sqlite3's statements answer synchronously
    row, column = value.start_point
    return UnawaitedCall(variable, _text(receiver), method, row + 1, column + 1, used_line, fn is not None and _is_async(fn))


def _uses(scope: "tree_sitter.Node", name: str, after: int) -> "list[tree_sitter.Node]":
    """Identifiers ``name`` in ``scope`` after byte ``after``, in source order."""
    found = []
    stack = [scope]
    while stack:
        node = stack.pop()
        if node.end_byte <= after:
            continue
        if node.type == "identifier" and node.start_byte >= after and _text(node) == name:
            found.append(node)
            continue
        stack.extend(reversed(node.children))
    found.sort(key=lambda n: n.start_byte)
    return found


def returns_promise(call: UnawaitedCall, promise: set[str], some_promise: set[str], declared: set[str]) -> str | None:
    """Why ``call`` returns a Promise that is then read (a phrase for the finding), or None when that
    is not known. ``promise`` and ``some_promise`` are the project's :func:`promise_functions`,
    ``declared`` every function name it declares (a Promise handed to one of them is read there)."""
    if call.handed_to and call.handed_to not in declared:
        return None  # handed to a library or a function the project does not show
    last = call.receiver.rsplit(".", 1)[-1]
    data_access = _DATA_ACCESS.match(last) is not None
    if call.method in promise and (data_access or call.method not in _GENERIC):
        return f"the project's {call.method}() returns a Promise"
    if call.method in some_promise and data_access:
        return f"the project's data-access {call.method}() returns a Promise"
    if call.method in SEQUELIZE_ASYNC and last[:1].isupper() and last.isidentifier() and last not in _BUILTINS:
        return f"Sequelize's {last}.{call.method}() returns a Promise"
    if call.method in DRIVER_ASYNC and last.lower() in _CONNECTION_NAMES:
        return f"{call.receiver}.{call.method}() returns a Promise"
    return None
