"""One pass of libcst over a module: definitions, imports, uses, calls, with exact positions."""

from __future__ import annotations

import builtins
import re
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider, ScopeProvider

from rootcause.code.model import AttributeUse, CallSite, ClassInfo, FunctionInfo, ImportInfo, LocalInstance, NameUse, Param, StringLiteral

BUILTINS = frozenset(dir(builtins)) | {"__file__", "__name__", "__doc__", "__builtins__", "__spec__", "__path__", "__package__", "__loader__", "__annotations__", "__dict__", "__module__", "__qualname__", "__class__", "reveal_type", "__debug__"}


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
    module_level_names: set[str] = field(default_factory=set)  # names read while the module executes
    attributes: list[AttributeUse] = field(default_factory=list)
    calls: list[CallSite] = field(default_factory=list)
    strings: list[StringLiteral] = field(default_factory=list)
    instances: list[LocalInstance] = field(default_factory=list)
    tree: cst.Module | None = None
    n_lines: int = 0

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


def dotted(node: cst.BaseExpression) -> str | None:
    """``a.b.c`` for Name/Attribute chains; None for anything else."""
    parts = []
    while isinstance(node, cst.Attribute):
        parts.append(node.attr.value)
        node = node.value
    if isinstance(node, cst.Name):
        parts.append(node.value)
        return ".".join(reversed(parts))
    return None


def _params(params: cst.Parameters) -> list[Param]:
    out = [Param(p.name.value, "positional_only", p.default is not None) for p in params.posonly_params]
    out += [Param(p.name.value, "positional", p.default is not None) for p in params.params]
    if isinstance(params.star_arg, cst.Param):
        out.append(Param(params.star_arg.name.value, "var_positional", True))
    out += [Param(p.name.value, "keyword_only", p.default is not None) for p in params.kwonly_params]
    if params.star_kwarg is not None:
        out.append(Param(params.star_kwarg.name.value, "var_keyword", True))
    return out


def _string_value(node: cst.BaseExpression) -> tuple[str, bool] | None:
    """Static text of a string literal, a concatenation, or an f-string (placeholders as ``?x?``)."""
    if isinstance(node, cst.SimpleString):
        try:
            value = node.evaluated_value
        except Exception:  # noqa: BLE001 - odd escapes: not a string we can check
            return None
        return (value.decode("utf-8", "replace") if isinstance(value, bytes) else value), False
    if isinstance(node, cst.ConcatenatedString):
        left, right = _string_value(node.left), _string_value(node.right)
        if left is None or right is None:
            return None
        return left[0] + right[0], left[1] or right[1]
    if isinstance(node, cst.FormattedString):
        parts = []
        for part in node.parts:
            if isinstance(part, cst.FormattedStringText):
                parts.append(part.value)
            else:
                parts.append("__expr__")
        return "".join(parts), True
    return None


class _Indexer(cst.CSTVisitor):
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, info: ModuleInfo) -> None:
        self.info = info
        self.scopes: list[str] = []  # "class:Name" / "def:name"
        self.guard_depth = 0
        self.class_stack: list[ClassInfo] = []
        self._stores: set[int] = set()  # ids of Attribute nodes that are assignment targets

    # positions -------------------------------------------------------------------------------
    def _pos(self, node: cst.CSTNode) -> tuple[int, int]:
        pos = self.get_metadata(PositionProvider, node).start
        return pos.line, pos.column + 1

    @property
    def _at_module_level(self) -> bool:
        return not any(s.startswith("def:") for s in self.scopes)

    @property
    def _scope(self) -> str:
        return ".".join(s.split(":", 1)[1] for s in self.scopes)

    @property
    def _owner_class(self) -> str | None:
        if len(self.scopes) >= 2 and self.scopes[-1].startswith("def:") and self.scopes[-2].startswith("class:"):
            return self.scopes[-2][6:]
        for scope in reversed(self.scopes):
            if scope.startswith("class:"):
                return scope[6:]
        return None

    # guards ----------------------------------------------------------------------------------
    def visit_Try(self, node: cst.Try) -> None:
        self.guard_depth += 1

    def leave_Try(self, node: cst.Try) -> None:
        self.guard_depth -= 1

    def visit_If(self, node: cst.If) -> None:
        test = dotted(node.test) or ""
        if test.endswith("TYPE_CHECKING"):
            self.guard_depth += 1

    def leave_If(self, node: cst.If) -> None:
        test = dotted(node.test) or ""
        if test.endswith("TYPE_CHECKING"):
            self.guard_depth -= 1

    # definitions -----------------------------------------------------------------------------
    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        line, col = self._pos(node)
        fn = FunctionInfo(
            name=node.name.value, line=line, column=col, params=_params(node.params),
            is_async=node.asynchronous is not None,
            decorators=[dotted(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) or "" for d in node.decorators],
        )
        if not self.scopes:
            self.info.functions[fn.name] = fn
            if fn.name == "__getattr__":
                self.info.has_getattr = True
        elif self.scopes[-1].startswith("class:") and self.class_stack:
            self.class_stack[-1].methods[fn.name] = fn
        self.scopes.append(f"def:{node.name.value}")

    def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        line, col = self._pos(node)
        cls = ClassInfo(
            name=node.name.value, line=line, column=col,
            bases=[dotted(a.value) or "?" for a in node.bases],
            decorators=[dotted(d.decorator.func if isinstance(d.decorator, cst.Call) else d.decorator) or "" for d in node.decorators],
            keywords=[f"{k.keyword.value}" for k in node.keywords if k.keyword is not None],
        )
        if not self.scopes:
            self.info.classes[cls.name] = cls
        self.class_stack.append(cls)
        self.scopes.append(f"class:{node.name.value}")

    def leave_ClassDef(self, node: cst.ClassDef) -> None:
        self.scopes.pop()
        self.class_stack.pop()

    def _bind_target(self, target: cst.BaseExpression, line: int) -> None:
        if isinstance(target, cst.Attribute):
            self._stores.add(id(target))
        if isinstance(target, cst.Name):
            if not self.scopes:
                self.info.assigned.setdefault(target.value, line)
            elif self.scopes[-1].startswith("class:") and self.class_stack:
                self.class_stack[-1].attributes.add(target.value)
        elif isinstance(target, (cst.Tuple, cst.List)):
            for element in target.elements:
                self._bind_target(element.value, line)
        elif isinstance(target, cst.Attribute) and isinstance(target.value, cst.Name) and target.value.value == "self":
            owner = self._owner_class
            cls = next((c for c in reversed(self.class_stack) if c.name == owner), None)
            if cls is not None:
                cls.attributes.add(target.attr.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        line, _ = self._pos(node)
        if self.scopes and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
            value = node.value.expression if isinstance(node.value, cst.Await) else node.value
            if isinstance(value, cst.Call) and (callee := dotted(value.func)):
                self.info.instances.append(LocalInstance(self._scope, node.targets[0].target.value, callee, line))
        for target in node.targets:
            self._bind_target(target.target, line)
            if not self.scopes and isinstance(target.target, cst.Name) and target.target.value == "__all__":
                if isinstance(node.value, (cst.List, cst.Tuple)):
                    names = [_string_value(e.value) for e in node.value.elements]
                    self.info.all_names = [n[0] for n in names if n]

    def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
        line, _ = self._pos(node)
        self._bind_target(node.target, line)

    def visit_AugAssign(self, node: cst.AugAssign) -> None:
        line, _ = self._pos(node)
        self._bind_target(node.target, line)

    def visit_For(self, node: cst.For) -> None:
        line, _ = self._pos(node)
        self._bind_target(node.target, line)

    def visit_WithItem(self, node: cst.WithItem) -> None:
        if node.asname is not None:
            line, _ = self._pos(node)
            self._bind_target(node.asname.name, line)

    # imports ---------------------------------------------------------------------------------
    def visit_Import(self, node: cst.Import) -> None:
        line, col = self._pos(node)
        for alias in node.names:
            name = dotted(alias.name) or ""
            asname = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else None
            self.info.imports.append(
                ImportInfo(module=name, names=None if asname is None else ((name, asname),), level=0, line=line, column=col,
                           module_level=not self.scopes, guarded=self.guard_depth > 0)
            )

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        line, col = self._pos(node)
        level = len(node.relative)
        module = dotted(node.module) if node.module is not None else ""
        star = isinstance(node.names, cst.ImportStar)
        names = () if star else tuple(
            (dotted(a.name) or "", a.asname.name.value if a.asname and isinstance(a.asname.name, cst.Name) else None) for a in node.names
        )
        self.info.imports.append(
            ImportInfo(module=module, names=names, level=level, line=line, column=col, module_level=not self.scopes,
                       guarded=self.guard_depth > 0, star=star)
        )

    # uses ------------------------------------------------------------------------------------
    def visit_Attribute(self, node: cst.Attribute) -> None:
        if isinstance(node.value, cst.Name):
            line, col = self._pos(node)
            self.info.attributes.append(
                AttributeUse(base=node.value.value, attr=node.attr.value, line=line, column=col,
                             module_level=self._at_module_level, is_store=id(node) in self._stores, owner_class=self._owner_class, scope=self._scope)
            )

    def visit_Call(self, node: cst.Call) -> None:
        callee = dotted(node.func)
        if callee is None:
            return
        line, col = self._pos(node)
        positional = [a for a in node.args if a.keyword is None and a.star == ""]
        keywords = tuple(a.keyword.value for a in node.args if a.keyword is not None)
        has_star = any(a.star for a in node.args)
        self.info.calls.append(CallSite(callee, len(positional), keywords, has_star, line, col, self._owner_class, self._scope))
        if node.args:
            text = _string_value(node.args[0].value)
            if text is not None:
                self.info.strings.append(StringLiteral(text[0], callee, line, col, text[1]))


def _unresolved_names(wrapper: MetadataWrapper, info: ModuleInfo) -> None:
    """Names read somewhere that no scope binds (libcst's scope analysis), and module-level reads."""
    scopes = set(wrapper.resolve(ScopeProvider).values())
    positions = wrapper.resolve(PositionProvider)
    for scope in scopes:
        if scope is None:
            continue
        from libcst.metadata import GlobalScope

        for access in scope.accesses:
            node = access.node
            name = node.value if isinstance(node, cst.Name) else None
            if name is None:
                continue
            at_module_level = isinstance(scope, GlobalScope)
            if at_module_level:
                info.module_level_names.add(name)
            if access.referents or name in BUILTINS:
                continue
            pos = positions[node].start if node in positions else None
            info.unresolved.append(NameUse(name, pos.line if pos else 0, (pos.column + 1) if pos else 0, at_module_level))


BRACKET_DEPTH_GUARD = 150
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


def _line(source: str, number: int) -> str:
    lines = source.splitlines()
    return lines[number - 1][:300] if 0 < number <= len(lines) else ""


def _syntax_problem(source: str, path: str) -> SyntaxProblem | None:
    """CPython's own message and position for a file that does not parse (compiled to an AST only, never run)."""
    import ast

    try:
        ast.parse(source, filename=path)
    except SyntaxError as exc:
        line = exc.lineno or 1
        return SyntaxProblem(message=f"{type(exc).__name__}: {exc.msg}", line=line, column=exc.offset or 1, text=_line(source, line))
    except (ValueError, RecursionError, MemoryError):
        return None
    return None


def index_module(path: str, name: str, source: str, *, is_package: bool) -> ModuleInfo:
    """Parse ``source`` with libcst and index it. A syntax error is recorded, not raised."""
    info = ModuleInfo(path=path, name=name, is_package=is_package, source=source, n_lines=source.count("\n") + 1)
    if _rough_bracket_depth(source) > BRACKET_DEPTH_GUARD:
        # libcst's native parser overflows its stack on a few thousand nested brackets (the process
        # dies); CPython refuses more than 200 anyway, so ask CPython first.
        problem = _syntax_problem(source, path)
        if problem is not None:
            info.syntax = problem
            return info
    try:
        tree = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        info.syntax = _syntax_problem(source, path) or SyntaxProblem(
            message=exc.message, line=exc.raw_line, column=exc.raw_column + 1, text=_line(source, exc.raw_line)
        )
        return info
    except RecursionError:
        info.syntax = SyntaxProblem(message="nesting too deep to parse", line=1, column=1, text="")
        return info
    info.tree = tree
    try:
        wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
        wrapper.visit(_Indexer(info))
        _unresolved_names(wrapper, info)
    except RecursionError:
        info.syntax = SyntaxProblem(message="nesting too deep to analyse", line=1, column=1, text="")
    return info
