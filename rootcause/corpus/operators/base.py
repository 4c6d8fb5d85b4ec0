"""Mutation operators: the registry, the app source they read, and libcst helpers.

An operator is a generator function registered with ``@operator``. It receives an
``AppSource`` (the reference app's files, read as text, never imported) and yields
``(site, {path: new_text})`` pairs, one per place it can inject its defect. A new text of
``None`` deletes the file. The operator's taxonomy id is the label of every mutant it
makes; its docstring says what defect it injects and which failure the study saw it in.

Most operators are written with ``replace_each``: give it a libcst matcher (or a predicate)
and a function that rewrites one matched node, and it yields one mutant per match, in
source order. ``text_edit`` covers defects libcst cannot express (syntax errors).
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import cast

import libcst as cst
import libcst.matchers as m
from libcst.metadata import MetadataWrapper, PositionProvider

from rootcause.errors import RootcauseError

#: The Python reference apps: the stacks the corpus builder builds by default (``STACKS`` keeps this meaning).
PYTHON_STACKS = ("flask_sqlalchemy", "fastapi_sqlalchemy_async", "django_orm", "aiohttp_raw_sql")
#: The Node.js reference apps: operators may declare them (tree-sitter operators in ``node``); the
#: builder builds them when they are named (``build.select_stacks``), never by default.
NODE_STACKS = ("express_raw_sql", "fastify_sequelize", "hono_raw_sql", "koa_sequelize")
STACKS = PYTHON_STACKS
#: Every stack an operator may declare.
KNOWN_STACKS = PYTHON_STACKS + NODE_STACKS
#: The default of ``@operator``: the Python stacks, as before the Node apps existed.
ALL = PYTHON_STACKS
SQLALCHEMY = ("flask_sqlalchemy", "fastapi_sqlalchemy_async")

Edit = dict[str, "str | None"]
Mutant = tuple[str, Edit]  # (site description, changed files)
Generator = Callable[["AppSource"], Iterator[Mutant]]


class OperatorError(RootcauseError):
    """An operator name is unknown, or one was registered twice."""


@dataclass(frozen=True)
class Operator:
    """A defect-injecting transformation with the root cause it produces."""

    name: str
    label: str
    stacks: tuple[str, ...]
    generate: Generator = field(repr=False, compare=False)
    doc: str = ""
    databases: tuple[str, ...] = ("sqlite", "postgres")

    @property
    def summary(self) -> str:
        return self.doc.strip().split("\n", 1)[0] if self.doc else ""

    def applies_to(self, stack: str) -> bool:
        return stack in self.stacks

    def mutants(self, app: "AppSource") -> list[Mutant]:
        """Every mutant this operator makes of ``app`` (none when the stack does not apply)."""
        if not self.applies_to(app.stack):
            return []
        if self.name in app.made:
            return list(app.made[self.name])
        out, seen = [], set()
        for site, edit in self.generate(app):
            changed = {p: t for p, t in edit.items() if t != app.files.get(p)}
            key = tuple(sorted((p, t or "") for p, t in changed.items()))
            if not changed or key in seen:
                continue
            seen.add(key)
            out.append((site, changed))
        app.made[self.name] = tuple(out)
        return out


REGISTRY: dict[str, Operator] = {}


def operator(name: str, label: str, stacks: tuple[str, ...] = ALL, databases: tuple[str, ...] = ("sqlite", "postgres")) -> Callable[[Generator], Generator]:
    """Register a generator function as the operator ``name`` producing ``label``."""

    def register(fn: Generator) -> Generator:
        if name in REGISTRY:
            raise OperatorError(f"operator {name!r} registered twice")
        unknown = [s for s in stacks if s not in KNOWN_STACKS]
        if unknown:
            raise OperatorError(f"operator {name!r}: unknown stacks {unknown}")
        REGISTRY[name] = Operator(name=name, label=label, stacks=tuple(stacks), generate=fn, doc=fn.__doc__ or "", databases=tuple(databases))
        return fn

    return register


# ----------------------------------------------------------------------------- app source


class AppSource:
    """A reference app's source files as text, keyed by relative path.

    Python apps: ``.py`` (and SQL/shell/text) files. Node apps (a Node stack, or a folder with
    ``package.json``): JavaScript/TypeScript, JSON and shell files, never ``node_modules`` or
    ``package-lock.json``.
    """

    SUFFIXES = (".py", ".sql", ".sh", ".txt")
    NODE_SUFFIXES = (".js", ".mjs", ".cjs", ".ts", ".mts", ".cts", ".tsx", ".json", ".sql", ".sh")
    NODE_SKIP = ("node_modules", ".git")

    def __init__(self, stack: str, files: Mapping[str, str], root: Path | None = None) -> None:
        self.stack = stack
        self.files = dict(files)
        self.root = root
        self._modules: dict[str, cst.Module] = {}
        self._positions: dict[str, Mapping] = {}
        self.made: dict[str, tuple[Mutant, ...]] = {}  # operator name -> its mutants of this app

    @classmethod
    def from_dir(cls, root: str | Path, stack: str | None = None) -> "AppSource":
        root = Path(root)
        stack = stack or root.name
        if stack in NODE_STACKS or (root / "package.json").is_file():
            return cls(stack, cls._node_files(root), root)
        files = {}
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.suffix in cls.SUFFIXES and "__pycache__" not in path.parts:
                files[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
        return cls(stack, files, root)

    @classmethod
    def _node_files(cls, root: Path) -> dict[str, str]:
        files = {}
        for folder, dirs, names in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d not in cls.NODE_SKIP)
            for name in names:
                path = Path(folder) / name
                if path.suffix in cls.NODE_SUFFIXES and name != "package-lock.json":
                    files[path.relative_to(root).as_posix()] = path.read_text(encoding="utf-8")
        return dict(sorted(files.items()))

    def paths(self, pattern: str = "*.py") -> list[str]:
        """Paths matching a glob (``*`` crosses folders), in sorted order."""
        return [p for p in sorted(self.files) if fnmatch.fnmatch(p, pattern)]

    def module(self, path: str) -> cst.Module:
        if path not in self._modules:
            self._modules[path] = cst.parse_module(self.files[path])
        return self._modules[path]

    def positions(self, path: str):
        """Source positions of every node of ``path`` (computed once per file)."""
        if path not in self._positions:
            wrapper = MetadataWrapper(self.module(path), unsafe_skip_copy=True)
            self._positions[path] = wrapper.resolve(PositionProvider)
        return self._positions[path]

    def defines(self, path: str, name: str) -> bool:
        return re.search(rf"^\s*(?:async\s+)?(?:def|class)\s+{re.escape(name)}\b|^{re.escape(name)}\s*=", self.files.get(path, ""), re.M) is not None


# ----------------------------------------------------------------------------- helpers

Match = "m.BaseMatcherNode | Callable[[cst.CSTNode], bool]"


def _is_match(node: cst.CSTNode, match) -> bool:
    if callable(match) and not isinstance(match, m.BaseMatcherNode):
        return bool(match(node))
    return m.matches(node, match)


class _Collect(cst.CSTVisitor):
    def __init__(self, match, positions) -> None:
        self.match = match
        self.positions = positions
        self.hits: list[tuple[cst.CSTNode, int]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if _is_match(node, self.match):
            self.hits.append((node, self.positions[node].start.line))
        return True


class _ReplaceNth(cst.CSTTransformer):
    def __init__(self, match, index: int, rewrite) -> None:
        self.match, self.index, self.rewrite = match, index, rewrite
        self.count = -1
        self.order: dict[int, int] = {}

    def on_visit(self, node: cst.CSTNode) -> bool:
        if _is_match(node, self.match):
            self.count += 1
            self.order[id(node)] = self.count
        return True

    def on_leave(self, original, updated):
        if self.order.get(id(original)) == self.index:
            return self.rewrite(updated)
        return updated


def sites(app: AppSource, path: str, match) -> list[tuple[cst.CSTNode, int]]:
    """Nodes of ``path`` matching ``match``, with their first line, in source order."""
    visitor = _Collect(match, app.positions(path))
    app.module(path).visit(visitor)
    return visitor.hits


def replace_nth(app: AppSource, path: str, match, index: int, rewrite: Callable) -> str:
    """The text of ``path`` with the ``index``-th node matching ``match`` rewritten."""
    return app.module(path).visit(_ReplaceNth(match, index, rewrite)).code


def replace_each(
    app: AppSource, pattern: str, match, rewrite: Callable, *, describe: Callable[[cst.CSTNode], str] | None = None, limit: int | None = None
) -> Iterator[Mutant]:
    """One mutant per node matching ``match`` in the files matching ``pattern``.

    ``rewrite(node)`` returns the replacement node (or ``cst.RemovalSentinel.REMOVE`` for
    a statement). ``describe(node)`` adds a short text to the site. At most ``limit``
    mutants in all.
    """
    made = 0
    for path in app.paths(pattern):
        for index, (node, line) in enumerate(sites(app, path, match)):
            if limit is not None and made >= limit:
                return
            try:
                text = replace_nth(app, path, match, index, rewrite)
            except (cst.CSTValidationError, ValueError, TypeError):
                continue
            made += 1
            what = describe(node) if describe else ""
            yield (f"{path}:{line}" + (f" {what}" if what else ""), {path: text})


def replace_code(module: cst.Module, old: cst.CSTNode, new: cst.CSTNode | cst.RemovalSentinel) -> str:
    """The text of ``module`` with the node ``old`` (by identity) replaced by ``new``, or removed."""
    out = module.deep_remove(old) if isinstance(new, cst.RemovalSentinel) else module.deep_replace(old, new)
    # ``old`` is a node inside ``module``, never the module itself: the result is a Module
    return cast(cst.Module, out).code


def code_of(node: cst.CSTNode) -> str:
    """The source text of a node (one line, trimmed)."""
    text = cst.Module(body=[]).code_for_node(node)
    first = text.strip().split("\n", 1)[0]
    return first[:80]


def replace_text(
    app: AppSource, pattern: str, old: str | re.Pattern[str], new: str | Callable[[re.Match[str]], str], *, limit: int | None = None, count: int = 1
) -> Iterator[Mutant]:
    """One mutant per occurrence of ``old`` (text or regex) in files matching ``pattern``.

    Meant for the few defects that live outside Python syntax (SQL files, shell scripts)
    or that make the code unparseable on purpose.
    """
    regex = old if isinstance(old, re.Pattern) else re.compile(re.escape(old))
    made = 0
    for path in app.paths(pattern):
        text = app.files[path]
        for hit in regex.finditer(text):
            if limit is not None and made >= limit:
                return
            replacement = new(hit) if callable(new) else hit.expand(new) if isinstance(old, re.Pattern) else new
            mutated = text[: hit.start()] + replacement + text[hit.end() :]
            line = text.count("\n", 0, hit.start()) + 1
            made += 1
            yield (f"{path}:{line} {hit.group(0).strip()[:60]!r}", {path: mutated})


def line_edit(app: AppSource, path: str, line: int, edit: Callable[[str], str]) -> str:
    """The text of ``path`` with line ``line`` (1-based) rewritten by ``edit``."""
    lines = app.files[path].split("\n")
    lines[line - 1] = edit(lines[line - 1])
    return "\n".join(lines)


def name_of(node: cst.CSTNode) -> str:
    name = getattr(node, "name", None)
    return getattr(name, "value", "") if name is not None else ""


def call_named(*names: str) -> m.Call:
    """A matcher for a call of ``f(...)`` or ``x.f(...)`` for any of ``names``."""
    options: list[m.BaseExpression] = [*[m.Name(n) for n in names], *[m.Attribute(attr=m.Name(n)) for n in names]]
    return m.Call(func=m.OneOf(*options))


def string_is(*values: str) -> m.SimpleString:
    """A matcher for a string literal equal to one of ``values`` (either quote style)."""
    return m.SimpleString(value=m.MatchIfTrue(lambda v: _unquote(v) in values))


def _unquote(literal: str) -> str:
    stripped = literal.lstrip("rRbBuUfF")
    quote = stripped[:3] if stripped[:3] in ('"""', "'''") else stripped[:1]
    return stripped[len(quote) : len(stripped) - len(quote)]


def set_string(node: cst.SimpleString, value: str) -> cst.SimpleString:
    """The same literal with ``value`` inside (the quote style kept)."""
    quote = '"' if node.value.endswith('"') else "'"
    return node.with_changes(value=f"{quote}{value}{quote}")


def remove(_node: cst.CSTNode):
    return cst.RemovalSentinel.REMOVE
