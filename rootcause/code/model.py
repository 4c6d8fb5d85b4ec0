"""What the static analysis knows about a project: modules, definitions, imports, uses."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class CodeFinding:
    """One static finding: a taxonomy id, where, what, and the facts behind it.

    ``level`` is ``defect`` (a root-cause family) or ``remark`` (style or coverage notes,
    kept out of the defect families).
    """

    rule: str
    root_cause: str
    path: str
    line: int
    column: int
    message: str
    facts: tuple[str, ...] = ()
    level: str = "defect"

    def to_dict(self) -> dict[str, Any]:
        return {
            "root_cause": self.root_cause,
            "rule": self.rule,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "facts": list(self.facts),
            "level": self.level,
        }


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    kind: str  # positional_only | positional | var_positional | keyword_only | var_keyword
    has_default: bool


@dataclass(slots=True)
class FunctionInfo:
    name: str
    line: int
    column: int
    params: list[Param]
    is_async: bool = False
    decorators: list[str] = field(default_factory=list)

    def call_problem(self, n_positional: int, keywords: list[str], *, bound: bool = False) -> str | None:
        """Why a call with these arguments cannot bind, or None if it can (or cannot be told)."""
        params = self.params[1:] if bound and self.params and self.params[0].kind in ("positional", "positional_only") else self.params
        if any(d.split(".")[-1] in ("overload", "singledispatch", "singledispatchmethod") for d in self.decorators):
            return None
        positional = [p for p in params if p.kind in ("positional_only", "positional")]
        var_positional = any(p.kind == "var_positional" for p in params)
        var_keyword = any(p.kind == "var_keyword" for p in params)
        by_name = {p.name: p for p in params if p.kind in ("positional", "keyword_only")}
        if n_positional > len(positional) and not var_positional:
            return f"{self.name}() takes {len(positional)} positional argument(s) but the call passes {n_positional}"
        filled = {p.name for p in positional[:n_positional]}
        for kw in keywords:
            if kw not in by_name:
                if not var_keyword:
                    return f"{self.name}() has no parameter named {kw!r}"
            elif kw in filled:
                return f"{self.name}() gets {kw!r} both by position and by keyword"
            filled.add(kw)
        missing = [p.name for p in params if p.kind in ("positional_only", "positional", "keyword_only") and not p.has_default and p.name not in filled]
        if missing:
            return f"{self.name}() is missing required argument(s): {', '.join(missing)}"
        return None


@dataclass(slots=True)
class ClassInfo:
    name: str
    line: int
    column: int
    bases: list[str]
    methods: dict[str, FunctionInfo] = field(default_factory=dict)
    attributes: set[str] = field(default_factory=set)  # class-level names and self.x assignments
    decorators: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)  # metaclass=..., table=True
    attribute_types: dict[str, str | None] = field(default_factory=dict)  # self.x = Callee(...) -> Callee


@dataclass(frozen=True, slots=True)
class ImportInfo:
    """``import a.b`` (names None) or ``from a.b import x as y``; ``module`` is absolute when resolvable."""

    module: str | None
    names: tuple[tuple[str, str | None], ...] | None
    level: int
    line: int
    column: int
    module_level: bool
    guarded: bool  # inside try/except or ``if TYPE_CHECKING``
    star: bool = False


@dataclass(frozen=True, slots=True)
class NameUse:
    name: str
    line: int
    column: int
    module_level: bool


@dataclass(frozen=True, slots=True)
class AttributeUse:
    """``base.attr`` where ``base`` is a plain name (a module alias, a class, ``self``), or ``base(...).attr``."""

    base: str
    attr: str
    line: int
    column: int
    module_level: bool
    is_store: bool
    owner_class: str | None  # the class whose method this is in, for self.attr
    scope: str = ""  # the enclosing def chain, e.g. "UserService.get"
    on_call: bool = False  # ``base(...).attr``: an attribute of what calling ``base`` returns (``Service(db).get``)


@dataclass(frozen=True, slots=True)
class CallSite:
    """A call whose callee is a dotted name (``f``, ``mod.f``, ``Cls``, ``Cls.m``, ``self.m``)."""

    callee: str
    n_positional: int
    keywords: tuple[str, ...]
    has_star: bool
    line: int
    column: int
    owner_class: str | None
    scope: str = ""


@dataclass(frozen=True, slots=True)
class LocalInstance:
    """``var = Callee(...)`` inside a function: ``var`` may be an instance of a project class."""

    scope: str
    var: str
    callee: str
    line: int


@dataclass(frozen=True, slots=True)
class StringLiteral:
    """A string (or f-string with its static parts) passed to a call, for the SQL checks."""

    value: str
    callee: str
    line: int
    column: int
    is_fstring: bool
