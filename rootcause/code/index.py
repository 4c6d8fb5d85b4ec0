"""One pass of libcst over a module: definitions, imports, uses, calls, with exact positions."""

from __future__ import annotations

import ast
import builtins
import dataclasses
import difflib
import re
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import CodeRange, MetadataWrapper, PositionProvider

from rootcause.code.model import AttributeUse, CallSite, ClassInfo, FunctionInfo, ImportInfo, LocalInstance, NameUse, Param, StringLiteral

BUILTINS = frozenset(dir(builtins)) | {
    "__file__",
    "__name__",
    "__doc__",
    "__builtins__",
    "__spec__",
    "__path__",
    "__package__",
    "__loader__",
    "__annotations__",
    "__dict__",
    "__module__",
    "__qualname__",
    "__class__",
    "reveal_type",
    "__debug__",
}


@dataclass(slots=True)
class SyntaxProblem:
    message: str
    line: int
    column: int
    text: str


@dataclass(slots=True)
class ModuleInfo:
    """What one file defines and uses. ``name`` is its dotted module name from the project root."""

    path: str
    name: str
    is_package: bool
    source: str
    syntax: SyntaxProblem | None = None
    imports: list[ImportInfo] = field(default_factory=list)
    functions: dict[str, FunctionInfo] = field(default_factory=dict)
    classes: dict[str, ClassInfo] = field(default_factory=dict)
    assigned: dict[str, int] = field(default_factory=dict)  # top-level names bound by assignment -> line
    all_names: list[str] | None = None
    has_getattr: bool = False
    unresolved: list[NameUse] = field(default_factory=list)
    attributes: list[AttributeUse] = field(default_factory=list)
    calls: list[CallSite] = field(default_factory=list)
    strings: list[StringLiteral] = field(default_factory=list)
    instances: list[LocalInstance] = field(default_factory=list)
    n_lines: int = 0
    _tree: cst.Module | typing.Literal[False] | None = None  # the libcst Module once parsed; False when it cannot be
    _positions: Mapping[cst.CSTNode, CodeRange] | None = None

    @property
    def tree(self) -> cst.Module | None:
        """The libcst tree, parsed on first use; None when the file does not parse."""
        if self._tree is None:
            self._tree = _parse_cst(self.source) if self.syntax is None else False
        return self._tree or None

    @property
    def positions(self) -> Mapping[cst.CSTNode, CodeRange]:
        """libcst positions of ``tree``'s nodes (computed once, shared by the ORM and SQL checks)."""
        if self._positions is None:
            tree = self.tree
            self._positions = _syntactic_positions(tree) if tree is not None else {}
        return self._positions

    def forget_positions(self) -> None:
        """Let ``positions`` go (they are computed again if asked for)."""
        self._positions = None

    @property
    def defined(self) -> set[str]:
        """Every top-level name: functions, classes, assignments, imported names."""
        names = set(self.functions) | set(self.classes) | set(self.assigned)
        for imp in self.imports:
            if not imp.module_level:
                continue
            if imp.names is None:
                names.add((imp.module or "").split(".")[0])
            else:
                names.update(alias or name for name, alias in imp.names)
        return names


def node_classifier(*rules: tuple[type | tuple[type, ...], str]) -> Callable[[object], str | None]:
    """A function giving the label of the first rule whose classes ``value`` is an instance of (None if none).

    The answer depends only on the value's type, so it is worked out once per type: libcst nodes
    are ABCs, and ``isinstance`` against them goes through ``abc.__instancecheck__``, which was
    most of the cost of the ORM checks' tree walks.
    """
    labels: dict[type, str | None] = {}

    def classify(value: object) -> str | None:
        kind = type(value)
        try:
            return labels[kind]
        except KeyError:
            label = labels[kind] = next((label for classes, label in rules if isinstance(value, classes)), None)
            return label

    return classify


#: Whitespace, comments, punctuation and operators: nodes that hold nothing but whitespace. They
#: are over half of a tree's nodes and no check reads them, so the checks' walks leave them out.
TRIVIA = (
    cst.BaseParenthesizableWhitespace,
    cst.TrailingWhitespace,
    cst.EmptyLine,
    cst.Comment,
    cst.Newline,
    cst.Comma,
    cst.Dot,
    cst.Colon,
    cst.Semicolon,
    cst.AssignEqual,
    cst.LeftParen,
    cst.RightParen,
    cst.LeftSquareBracket,
    cst.RightSquareBracket,
    cst.LeftCurlyBrace,
    cst.RightCurlyBrace,
    cst.ImportStar,
    cst.Asynchronous,
    cst.BaseBinaryOp,
    cst.BaseBooleanOp,
    cst.BaseCompOp,
    cst.BaseUnaryOp,
    cst.BaseAugOp,
)
_CHILD_KIND = node_classifier((TRIVIA, "trivia"), (cst.CSTNode, "code"))


def holds_code(value: object) -> bool:
    """Whether a field value is a libcst node other than trivia."""
    return _CHILD_KIND(value) == "code"


_CODE_FIELDS: dict[type, tuple[str, ...]] = {}


def code_fields(kind: type) -> tuple[str, ...]:
    """The fields of a libcst node type that may hold a node other than trivia, in dataclass order.

    Read once per type from the field annotations: most fields hold whitespace or punctuation
    only, and not reading them halves the cost of a walk. Every field when an annotation cannot
    be resolved.
    """
    fields = _CODE_FIELDS.get(kind)
    if fields is None:
        try:
            hints = typing.get_type_hints(kind)
        except Exception:  # noqa: BLE001 - an annotation that does not resolve: read every field
            hints = None
        fields = _CODE_FIELDS[kind] = tuple(f.name for f in dataclasses.fields(kind) if hints is None or f.name not in hints or _may_hold_code(hints[f.name]))
    return fields


def _may_hold_code(annotation: object) -> bool:
    if isinstance(annotation, type):
        return issubclass(annotation, cst.CSTNode) and not issubclass(annotation, TRIVIA)
    return any(_may_hold_code(arg) for arg in typing.get_args(annotation))


def code_children(node: cst.CSTNode, fields: Iterable[str]) -> list[cst.CSTNode]:
    """The nodes other than trivia that ``node``'s ``fields`` hold, in that order."""
    out: list[cst.CSTNode] = []
    for name in fields:
        value = getattr(node, name)
        if type(value) in (list, tuple):
            out.extend([v for v in value if holds_code(v)])
        elif holds_code(value):
            out.append(value)
    return out


def dotted(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for libcst Name/Attribute chains; None for anything else."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return ".".join(reversed(parts))
    return None


def ast_dotted(node: ast.AST) -> str | None:
    """``a.b.c`` for ast Name/Attribute chains; None for anything else."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


def _params(args: ast.arguments) -> list[Param]:
    positional = [*args.posonlyargs, *args.args]
    first_default = len(positional) - len(args.defaults)
    out = [Param(a.arg, "positional_only" if i < len(args.posonlyargs) else "positional", i >= first_default) for i, a in enumerate(positional)]
    if args.vararg is not None:
        out.append(Param(args.vararg.arg, "var_positional", True))
    out += [Param(a.arg, "keyword_only", d is not None) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)]
    if args.kwarg is not None:
        out.append(Param(args.kwarg.arg, "var_keyword", True))
    return out


def _string_value(node: ast.AST) -> tuple[str, bool] | None:
    """Static text of a string literal or an f-string (placeholders as ``__expr__``)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        value = node.value
        return (value.decode("utf-8", "replace") if isinstance(value, bytes) else value), False
    if isinstance(node, ast.JoinedStr):
        parts = [v.value if isinstance(v, ast.Constant) and isinstance(v.value, str) else "__expr__" for v in node.values]
        return "".join(parts), True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _string_value(node.left), _string_value(node.right)
        if left is not None and right is not None:
            return left[0] + right[0], left[1] or right[1]
    return None


def _decorator_name(node: ast.AST) -> str:
    return ast_dotted(node.func if isinstance(node, ast.Call) else node) or ""


class _Indexer(ast.NodeVisitor):
    """One walk over the module's ``ast``: definitions, imports, uses, calls (1-based columns)."""

    def __init__(self, info: ModuleInfo, lines: list[str]) -> None:
        self.info = info
        self.lines = lines
        self.scopes: list[str] = []  # "class:Name" / "def:name"
        self.guard_depth = 0
        self.class_stack: list[ClassInfo] = []

    # positions -------------------------------------------------------------------------------
    def _pos(self, node: ast.stmt | ast.expr) -> tuple[int, int]:
        line, offset = node.lineno, node.col_offset
        text = self.lines[line - 1] if 0 < line <= len(self.lines) else ""
        if not text.isascii():  # ast counts UTF-8 bytes; report characters
            offset = len(text.encode("utf-8")[:offset].decode("utf-8", "replace"))
        return line, offset + 1

    @property
    def _at_module_level(self) -> bool:
        return not any(s.startswith("def:") for s in self.scopes)

    @property
    def _scope(self) -> str:
        return ".".join(s.split(":", 1)[1] for s in self.scopes)

    @property
    def _owner_class(self) -> str | None:
        for scope in reversed(self.scopes):
            if scope.startswith("class:"):
                return scope[6:]
        return None

    # guards ----------------------------------------------------------------------------------
    def visit_Try(self, node: ast.Try | ast.TryStar) -> None:
        self.guard_depth += 1
        self.generic_visit(node)
        self.guard_depth -= 1

    visit_TryStar = visit_Try

    def visit_If(self, node: ast.If) -> None:
        guarded = (ast_dotted(node.test) or "").endswith("TYPE_CHECKING")
        self.guard_depth += guarded
        self.generic_visit(node)
        self.guard_depth -= guarded

    # definitions -----------------------------------------------------------------------------
    def visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef) -> None:
        line, col = self._pos(node)
        fn = FunctionInfo(
            name=node.name,
            line=line,
            column=col,
            params=_params(node.args),
            is_async=isinstance(node, ast.AsyncFunctionDef),
            decorators=[_decorator_name(d) for d in node.decorator_list],
        )
        if not self.scopes:
            self.info.functions[fn.name] = fn
            if fn.name == "__getattr__":
                self.info.has_getattr = True
        elif self.scopes[-1].startswith("class:") and self.class_stack:
            self.class_stack[-1].methods[fn.name] = fn
        for decorator in node.decorator_list:
            self.visit(decorator)
        for default in [*node.args.defaults, *(d for d in node.args.kw_defaults if d is not None)]:
            self.visit(default)
        self.scopes.append(f"def:{node.name}")
        for stmt in node.body:
            self.visit(stmt)
        self.scopes.pop()

    visit_AsyncFunctionDef = visit_FunctionDef

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        line, col = self._pos(node)
        cls = ClassInfo(
            name=node.name,
            line=line,
            column=col,
            bases=[ast_dotted(b) or "?" for b in node.bases],
            decorators=[_decorator_name(d) for d in node.decorator_list],
            keywords=[k.arg for k in node.keywords if k.arg],
        )
        if not self.scopes:
            self.info.classes[cls.name] = cls
        for expr in [*node.decorator_list, *node.bases, *(k.value for k in node.keywords)]:
            self.visit(expr)
        self.class_stack.append(cls)
        self.scopes.append(f"class:{node.name}")
        for stmt in node.body:
            self.visit(stmt)
        self.scopes.pop()
        self.class_stack.pop()

    def _bind_target(self, target: ast.AST, line: int, value: ast.AST | None = None) -> None:
        if isinstance(target, ast.Name):
            if not self.scopes:
                self.info.assigned.setdefault(target.id, line)
            elif self.scopes[-1].startswith("class:") and self.class_stack:
                self.class_stack[-1].attributes.add(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for element in target.elts:
                self._bind_target(element.value if isinstance(element, ast.Starred) else element, line)
        elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
            owner = self._owner_class
            cls = next((c for c in reversed(self.class_stack) if c.name == owner), None)
            if cls is not None:
                cls.attributes.add(target.attr)
                value = value.value if isinstance(value, ast.Await) else value
                callee = ast_dotted(value.func) if isinstance(value, ast.Call) else None
                # self.x = Callee(...) once: x may be an instance of a project class; two different sources: unknown.
                known = cls.attribute_types.get(target.attr, callee)
                cls.attribute_types[target.attr] = callee if known == callee else None

    def visit_Assign(self, node: ast.Assign) -> None:
        line = node.lineno
        for target in node.targets:
            self._bind_target(target, line, node.value if len(node.targets) == 1 else None)
            if not self.scopes and isinstance(target, ast.Name) and target.id == "__all__" and isinstance(node.value, (ast.List, ast.Tuple)):
                names = [_string_value(e) for e in node.value.elts]
                self.info.all_names = [n[0] for n in names if n]
        if self.scopes and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            value = node.value.value if isinstance(node.value, ast.Await) else node.value
            if isinstance(value, ast.Call) and (callee := ast_dotted(value.func)):
                self.info.instances.append(LocalInstance(self._scope, node.targets[0].id, callee, line))
        self.generic_visit(node)

    def visit_AnnAssign(self, node: ast.AnnAssign) -> None:
        self._bind_target(node.target, node.lineno, node.value)
        self.generic_visit(node)

    def visit_AugAssign(self, node: ast.AugAssign) -> None:
        self._bind_target(node.target, node.lineno)
        self.generic_visit(node)

    def visit_For(self, node: ast.For | ast.AsyncFor) -> None:
        self._bind_target(node.target, node.lineno)
        self.generic_visit(node)

    visit_AsyncFor = visit_For

    def visit_withitem(self, node: ast.withitem) -> None:
        if node.optional_vars is not None:
            self._bind_target(node.optional_vars, node.context_expr.lineno)
        self.generic_visit(node)

    # imports ---------------------------------------------------------------------------------
    def visit_Import(self, node: ast.Import) -> None:
        line, col = self._pos(node)
        for alias in node.names:
            self.info.imports.append(
                ImportInfo(
                    module=alias.name,
                    names=None if alias.asname is None else ((alias.name, alias.asname),),
                    level=0,
                    line=line,
                    column=col,
                    module_level=not self.scopes,
                    guarded=self.guard_depth > 0,
                )
            )

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        line, col = self._pos(node)
        star = any(a.name == "*" for a in node.names)
        names = () if star else tuple((a.name, a.asname) for a in node.names)
        self.info.imports.append(
            ImportInfo(
                module=node.module or "",
                names=names,
                level=node.level,
                line=line,
                column=col,
                module_level=not self.scopes,
                guarded=self.guard_depth > 0,
                star=star,
            )
        )

    # uses ------------------------------------------------------------------------------------
    def visit_Attribute(self, node: ast.Attribute) -> None:
        if isinstance(node.value, ast.Name):
            line, col = self._pos(node)
            self.info.attributes.append(
                AttributeUse(
                    base=node.value.id,
                    attr=node.attr,
                    line=line,
                    column=col,
                    module_level=self._at_module_level,
                    is_store=isinstance(node.ctx, (ast.Store, ast.Del)),
                    owner_class=self._owner_class,
                    scope=self._scope,
                )
            )
        elif isinstance(node.value, ast.Call) and isinstance(node.value.func, ast.Name):  # Service(db).method
            line, col = self._pos(node)
            self.info.attributes.append(
                AttributeUse(
                    base=node.value.func.id,
                    attr=node.attr,
                    line=line,
                    column=col,
                    module_level=self._at_module_level,
                    is_store=isinstance(node.ctx, (ast.Store, ast.Del)),
                    owner_class=self._owner_class,
                    scope=self._scope,
                    on_call=True,
                )
            )
        self.generic_visit(node)

    def visit_Call(self, node: ast.Call) -> None:
        callee = ast_dotted(node.func)
        if callee is not None:
            line, col = self._pos(node)
            positional = [a for a in node.args if not isinstance(a, ast.Starred)]
            keywords = tuple(k.arg for k in node.keywords if k.arg is not None)
            has_star = len(positional) != len(node.args) or any(k.arg is None for k in node.keywords)
            self.info.calls.append(CallSite(callee, len(positional), keywords, has_star, line, col, self._owner_class, self._scope))
            if node.args:
                text = _string_value(node.args[0])
                if text is not None:
                    self.info.strings.append(StringLiteral(text[0], callee, line, col, text[1]))
        self.generic_visit(node)


def _unresolved_names(source: str, path: str, info: ModuleInfo, tree: ast.AST) -> None:
    """Names read somewhere that no scope binds, from CPython's symbol tables (compiled, never run).

    Positions come from the first load of each such name in the module's ``ast``.
    """
    import ast
    import symtable

    try:
        top = symtable.symtable(source, path, "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return
    bound = {s.get_name() for s in top.get_symbols() if s.is_assigned() or s.is_imported() or s.is_namespace()}
    tables = [top]
    referenced: dict[str, bool] = {}  # name -> read at module level
    while tables:
        table = tables.pop()
        tables.extend(table.get_children())
        for sym in table.get_symbols():
            name = sym.get_name()
            if sym.is_declared_global() and sym.is_assigned():
                bound.add(name)
            if not sym.is_referenced():
                continue
            if table is top or sym.is_global():
                referenced[name] = referenced.get(name, False) or (table is top)
            elif table.get_type() == "class" and not (sym.is_assigned() or sym.is_imported() or sym.is_namespace() or sym.is_free()):
                referenced[name] = True  # a class body runs when its definition does
    missing = {name: level for name, level in referenced.items() if name not in bound and name not in BUILTINS}
    if not missing:
        return
    per_name: dict[str, int] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load) and node.id in missing and per_name.get(node.id, 0) < MAX_USES_PER_NAME:
            per_name[node.id] = per_name.get(node.id, 0) + 1
            info.unresolved.append(NameUse(node.id, node.lineno, node.col_offset + 1, missing[node.id]))
    info.unresolved.sort(key=lambda use: (use.line, use.column))


BRACKET_DEPTH_GUARD = 150
MAX_USES_PER_NAME = 20
_BRACKETS = re.compile(r"[()\[\]{}]")


def _rough_bracket_depth(source: str) -> int:
    """Deepest bracket nesting, counting brackets inside strings too (an over-estimate is safe)."""
    depth = deepest = 0
    if sum(source.count(c) for c in "([{") <= BRACKET_DEPTH_GUARD:
        return 0
    for char in _BRACKETS.findall(source):
        if char in "([{":
            depth += 1
            if depth > deepest:
                deepest = depth
        elif char in ")]}" and depth:
            depth -= 1
    return deepest


def _parse_cst(source: str) -> cst.Module | typing.Literal[False]:
    if _rough_bracket_depth(source) > BRACKET_DEPTH_GUARD:
        # libcst's native parser overflows its stack on a few thousand nested brackets (the process
        # dies); CPython refuses more than 200, so such a file never reaches here unless ast took it.
        return False
    try:
        return cst.parse_module(source)
    except (cst.ParserSyntaxError, RecursionError, MemoryError):
        return False


def _syntactic_positions(tree: cst.Module) -> Mapping[cst.CSTNode, CodeRange]:
    """What ``MetadataWrapper(tree).resolve(PositionProvider)`` gives, for half the cost.

    ``resolve`` also runs libcst's batched-visitor pass over the whole tree even when, as here, no
    batchable provider is asked for: an empty walk that costs as much as the positions themselves.
    Running the provider directly (what ``resolve`` does for a non-batchable provider) skips it.
    ``_gen`` is libcst's own (private) entry point; should a release drop it, fall back to ``resolve``.
    """
    wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
    generate = getattr(PositionProvider(), "_gen", None)
    if generate is None:
        return wrapper.resolve(PositionProvider)
    return generate(wrapper)


def _line(source: str, number: int) -> str:
    lines = source.splitlines()
    return lines[number - 1][:300] if 0 < number <= len(lines) else ""


def index_module(path: str, name: str, source: str, *, is_package: bool) -> ModuleInfo:
    """Index ``source`` (parsed, never run). A syntax error is recorded, not raised.

    The index walks CPython's ``ast`` (exact line and column, at C parsing speed); the libcst
    tree that the ORM and SQL checks read is parsed on first use (``ModuleInfo.tree``).
    """
    info = ModuleInfo(path=path, name=name, is_package=is_package, source=source, n_lines=source.count("\n") + 1)
    try:
        tree = ast.parse(source, filename=path)
    except SyntaxError as exc:
        line = exc.lineno or 1
        info.syntax = SyntaxProblem(message=f"{type(exc).__name__}: {exc.msg}", line=line, column=exc.offset or 1, text=_line(source, line))
        return info
    except (ValueError, RecursionError, MemoryError) as exc:
        info.syntax = SyntaxProblem(message=f"cannot be parsed: {type(exc).__name__}", line=1, column=1, text="")
        return info
    try:
        _Indexer(info, source.splitlines()).visit(tree)
    except RecursionError:
        info.syntax = SyntaxProblem(message="nesting too deep to analyse", line=1, column=1, text="")
        return info
    _unresolved_names(source, path, info, tree)
    return info


#: Names compared for a "did you mean" hint; past this, only names of about the same length are.
MAX_SUGGESTION_CANDIDATES = 300


def close_names(name: str, candidates: Iterable[str]) -> list[str]:
    """Up to three names like ``name`` (difflib), over a bounded candidate list: a file defining
    thousands of names would otherwise make every hint quadratic."""
    if len(name) > 100:
        return []
    pool = sorted(c for c in candidates if len(c) <= 100)
    if len(pool) > MAX_SUGGESTION_CANDIDATES:
        pool = sorted(pool, key=lambda c: (abs(len(c) - len(name)), c))[:MAX_SUGGESTION_CANDIDATES]
    return difflib.get_close_matches(name, pool, n=3, cutoff=0.6)
