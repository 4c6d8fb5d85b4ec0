"""Collecting the SQL a project sends: string literals (and module constants) passed to execute/fetch/text-style calls, read with libcst."""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst

from rootcause.code.index import ModuleInfo, dotted
from rootcause.code.sql.vocab import DDL_START, DRIVER_METHODS, PLACEHOLDER_NAME, TEXT_CALLEES, WRAPPER_METHODS


# ================================================================================================
# collecting SQL from the code
# ================================================================================================
@dataclass
class SqlSite:
    """One SQL string handed to a call (or a constant that is)."""

    path: str
    sql: str
    is_fstring: bool
    line: int  # where the SQL text starts
    column: int
    exact: bool  # the literal's source text is the SQL text: offsets map to lines and columns
    body_column: int  # column of the first character of the text (after prefix and quotes)
    callee: str
    method: str
    kind: str  # driver | wrapper | sqlalchemy | django | ddl (a DDL string not passed to a call) | file (.sql)
    call_line: int
    call_column: int
    params: cst.BaseExpression | None = None  # the second positional argument
    extra_args: int = 0  # positional arguments after the SQL
    has_star: bool = False
    via_constant: str | None = None


def _string_text(node: cst.BaseExpression) -> tuple[str, bool] | None:
    """The static text of a literal, concatenation or f-string (placeholders as ``__expr__``)."""
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except Exception:  # noqa: BLE001 - odd escapes
            return None
        return (value.decode("utf-8", "replace") if isinstance(value, bytes) else value), False
    if isinstance(node, cst.ConcatenatedString):
        left, right = _string_text(node.left), _string_text(node.right)
        if left is None or right is None:
            return None
        return left[0] + right[0], left[1] or right[1]
    if isinstance(node, cst.FormattedString):
        parts = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value.replace("{{", "{").replace("}}", "}"))
            else:
                parts.append(PLACEHOLDER_NAME)
        return "".join(parts), True
    return None


def _exact(node: cst.BaseExpression, value: str) -> tuple[bool, int]:
    """Whether the literal's body is ``value`` character for character, and the body's offset."""
    if not isinstance(node, cst.SimpleString):
        return False, 0
    raw = node.value
    prefix_len = len(node.prefix)
    quote = node.quote
    body = raw[prefix_len + len(quote) : len(raw) - len(quote)]
    return body == value, prefix_len + len(quote)


def _method_of(func: cst.BaseExpression) -> str | None:
    if isinstance(func, cst.Attribute):
        return func.attr.value
    if isinstance(func, cst.Name):
        return func.value
    return None


def _kind(callee: str, method: str) -> str | None:
    if callee in TEXT_CALLEES or method == "text" and callee.split(".")[0] in ("sqlalchemy", "sa", "sql", "db", "expression"):
        return "sqlalchemy"
    if method == "text":
        return "sqlalchemy" if callee == "text" else None
    if method == "raw":
        return "django" if "." in callee else None
    if method in DRIVER_METHODS:
        return "driver"
    if method in WRAPPER_METHODS:
        return "wrapper"
    return None


class _Collector(cst.CSTVisitor):
    def __init__(self, module: ModuleInfo) -> None:
        super().__init__()
        self.module = module
        self.path = module.path
        self.depth = 0
        self.constants: dict[str, tuple[cst.BaseExpression, int, int] | None] = {}
        self.pending: list[tuple[str, dict]] = []  # constant name, call facts
        self.sites: list[SqlSite] = []
        self.strings: list[str] = []  # every string's static text, for the schema
        self.functions: list[tuple[str, cst.Parameters, bool]] = []  # (name, params, is_method)
        self.created_functions: set[str] = set()
        self.ddl: list[tuple[cst.BaseExpression, tuple[int, int]]] = []  # DDL strings anywhere
        self._class_depth = 0
        self.local_stack: list[dict[str, tuple[cst.BaseExpression, int, int] | None]] = []
        self.pending_stack: list[list[tuple[str, dict]]] = []

    def _pos(self, node: cst.CSTNode) -> tuple[int, int]:
        # The module's positions, shared with the ORM checks; computed on first use, as a module
        # with no SQL call or string constant needs none.
        pos = self.module.positions[node].start
        return pos.line, pos.column + 1

    # scopes
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.functions.append((node.name.value, node.params, self._class_depth > 0 and self.depth == self._class_depth))
        self.depth += 1
        self.local_stack.append({})
        self.pending_stack.append([])
        for param in [*node.params.posonly_params, *node.params.params, *node.params.kwonly_params]:
            self.local_stack[-1][param.name.value] = None

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.depth -= 1
        local = self.local_stack.pop()
        for name, facts in self.pending_stack.pop():
            if name in local:
                entry = local[name]
                if entry is not None:
                    self._site(entry[0], facts, name, (entry[1], entry[2]))
            elif self.pending_stack:
                self.pending_stack[-1].append((name, facts))  # a closure: the enclosing function's name
            else:
                self.pending.append((name, facts))

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.depth += 1
        self._class_depth = self.depth

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.depth -= 1
        self._class_depth = 0

    # constants: module-level NAME = "SELECT ...", and a function's own sql = "SELECT ..."
    def _table(self) -> dict | None:
        if self.local_stack:
            return self.local_stack[-1]
        return None if self.depth else self.constants

    def _bind(self, target: cst.BaseExpression, value: cst.BaseExpression | None) -> None:
        if isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind(element.value, None)
            return
        table = self._table()
        if not isinstance(target, cst.Name) or table is None:
            return
        name = target.value
        if name in table or value is None or _string_text(value) is None:
            table[name] = None  # assigned twice, or not a plain string: not sure which text runs
        else:
            line, col = self._pos(value)
            table[name] = (value, line, col)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._bind(target.target, node.value if len(node.targets) == 1 else None)

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        self._bind(node.target, node.value)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        self._bind(node.target, None)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        self._bind(node.target, None)

    def visit_For(self, node: cst.For) -> None:
        self._bind(node.target, None)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            self._bind(node.asname.name, None)

    # strings, for the schema
    def _string(self, node: cst.BaseExpression) -> bool:
        text = _string_text(node)
        if not text:
            return False
        self.strings.append(text[0])
        if DDL_START.match(text[0]):
            self.ddl.append((node, self._pos(node)))
        return True

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        self._string(node)

    def visit_ConcatenatedString(self, node: cst.ConcatenatedString) -> bool:
        return not self._string(node)

    def visit_FormattedString(self, node: cst.FormattedString) -> None:
        self._string(node)

    # calls
    def visit_Call(self, node: cst.Call) -> None:
        method = _method_of(node.func)
        if method is None:
            return
        if method == "create_function" and node.args:
            text = _string_text(node.args[0].value)
            if text:
                self.created_functions.add(text[0].lower())
        callee = dotted(node.func) or f"?.{method}"
        kind = _kind(callee, method)
        if kind is None:
            return
        positional = [a for a in node.args if a.keyword is None and not a.star]
        first = positional[0].value if positional else None
        if first is None:
            for a in node.args:
                if a.keyword is not None and a.keyword.value in ("query", "sql", "statement", "operation", "sql_script"):
                    first = a.value
        if first is None:
            return
        line, col = self._pos(node)
        facts = dict(
            callee=callee,
            method=method,
            kind=kind,
            call_line=line,
            call_column=col,
            params=positional[1].value if len(positional) > 1 else None,
            extra_args=len(positional) - 1,
            has_star=any(a.star for a in node.args),
        )
        if isinstance(first, cst.Name):
            (self.pending_stack[-1] if self.pending_stack else self.pending).append((first.value, facts))
            return
        self._site(first, facts, None)

    def _site(self, node: cst.BaseExpression, facts: dict, constant: str | None, pos: tuple[int, int] | None = None) -> None:
        text = _string_text(node)
        if text is None:
            return
        value, is_f = text
        line, col = pos or self._pos(node)
        exact, body = _exact(node, value)
        self.sites.append(
            SqlSite(path=self.path, sql=value, is_fstring=is_f, line=line, column=col, exact=exact, body_column=col + body, via_constant=constant, **facts)
        )

    def resolve_constants(self) -> None:
        for name, facts in self.pending:
            const = self.constants.get(name)
            if const is not None:
                node, line, col = const
                self._site(node, facts, name, (line, col))
        # DDL that is not handed to a call directly (a list of statements run in a loop)
        taken = {(s.line, s.column) for s in self.sites}
        for node, (line, col) in self.ddl:
            if (line, col) not in taken:
                facts = dict(callee="(DDL string)", method="", kind="ddl", call_line=line, call_column=col, params=None, extra_args=0, has_star=False)
                self._site(node, facts, None, (line, col))
