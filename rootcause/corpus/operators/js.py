"""tree-sitter helpers for the JavaScript/TypeScript operators (the Node reference apps).

The Node operators' counterpart of ``base.replace_each``: a file of an ``AppSource`` is parsed
once (cached per app and path), nodes are found by type or predicate, and a mutant is made by
replacing byte ranges of the original text (edits applied back to front, so earlier offsets
stay valid). ``rewrite_each`` yields one mutant per matching node; unless ``syntax=True`` it
keeps only mutants that still parse (no ERROR or MISSING node), so a defect meant to be a
runtime failure never turns into a syntax error by accident.

Offsets are tree-sitter's: bytes of the UTF-8 text, never ``str`` indices.
"""

from __future__ import annotations

import functools
import re
import weakref
from collections.abc import Callable, Iterable, Iterator
from pathlib import PurePosixPath
from typing import TypeAlias

import tree_sitter_javascript as tsjs
import tree_sitter_typescript as tsts
from tree_sitter import Language, Node, Parser, Tree

from rootcause.corpus.operators.base import AppSource, Mutant

#: One edit: replace bytes ``[start, end)`` of the file with ``text``.
Span = tuple[int, int, str]
NodeMatch: TypeAlias = "str | tuple[str, ...] | Callable[[Node], bool]"

JS_SUFFIXES = (".js", ".mjs", ".cjs", ".jsx")
TS_SUFFIXES = (".ts", ".mts", ".cts")
TSX_SUFFIXES = (".tsx",)


@functools.cache
def _language(kind: str) -> Language:
    if kind == "ts":
        return Language(tsts.language_typescript())
    if kind == "tsx":
        return Language(tsts.language_tsx())
    return Language(tsjs.language())


def language_for(path: str) -> Language:
    """The grammar for a path: TypeScript for ``.ts``/``.mts``/``.cts``, TSX for ``.tsx``, else JavaScript."""
    suffix = PurePosixPath(path).suffix
    return _language("ts" if suffix in TS_SUFFIXES else "tsx" if suffix in TSX_SUFFIXES else "js")


def parse(text: str, path: str = "x.js") -> Tree:
    return Parser(language_for(path)).parse(text.encode("utf-8"))


def has_error(tree: Tree) -> bool:
    """True when the tree holds an ERROR or MISSING node (tree-sitter's recovery from a syntax error)."""
    return tree.root_node.has_error


def parses(text: str, path: str = "x.js") -> bool:
    """True when ``text`` parses as JavaScript/TypeScript (by ``path``'s suffix) without errors."""
    return not has_error(parse(text, path))


# ----------------------------------------------------------------------------- per-app cache

_TREES: "weakref.WeakKeyDictionary[AppSource, dict[str, Tree]]" = weakref.WeakKeyDictionary()


def tree(app: AppSource, path: str) -> Tree:
    """The syntax tree of ``path`` in ``app`` (parsed once per app and path)."""
    trees = _TREES.setdefault(app, {})
    if path not in trees:
        trees[path] = parse(app.files[path], path)
    return trees[path]


def source_paths(app: AppSource, pattern: str = "src/*") -> list[str]:
    """JavaScript/TypeScript files of ``app`` matching ``pattern`` (sorted)."""
    return [p for p in app.paths(pattern) if PurePosixPath(p).suffix in JS_SUFFIXES + TS_SUFFIXES + TSX_SUFFIXES]


def _matcher(match: NodeMatch) -> Callable[[Node], bool]:
    if isinstance(match, str):
        return lambda n: n.type == match
    if isinstance(match, tuple):
        types = match
        return lambda n: n.type in types
    return match


def walk(node: Node) -> Iterator[Node]:
    """``node`` and every node below it, in source (pre-)order."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def find(app: AppSource, path: str, match: NodeMatch) -> list[Node]:
    """Nodes of ``path`` matching a type, a tuple of types or a predicate, in source order."""
    test = _matcher(match)
    return [n for n in walk(tree(app, path).root_node) if test(n)]


def text(node: Node | None) -> str:
    """The source text of a node ("" for None)."""
    return node.text.decode("utf-8") if node is not None and node.text is not None else ""


def line(node: Node) -> int:
    return node.start_point[0] + 1


def ancestors(node: Node) -> Iterator[Node]:
    parent = node.parent
    while parent is not None:
        yield parent
        parent = parent.parent


def string_value(node: Node) -> str | None:
    """The value of a plain string literal node (no escapes read), None for anything else."""
    if node.type != "string":
        return None
    return text(node)[1:-1]


def callee_name(call: Node) -> str:
    """``f`` for ``f(...)``, ``g`` for ``x.y.g(...)``, "" otherwise."""
    fn = call.child_by_field_name("function")
    if fn is None:
        return ""
    if fn.type == "identifier":
        return text(fn)
    if fn.type == "member_expression":
        return text(fn.child_by_field_name("property"))
    return ""


# ----------------------------------------------------------------------------- edits


def apply_edits(source: str, edits: Iterable[Span]) -> str:
    """``source`` with every ``(start, end, text)`` byte-range replaced, back to front.

    Overlapping edits are refused (ValueError): each would see the other's offsets shifted.
    """
    data = source.encode("utf-8")
    ordered = sorted(edits, key=lambda e: (e[0], e[1]), reverse=True)
    previous_start = len(data) + 1
    for start, end, new in ordered:
        if not 0 <= start <= end <= len(data) or end > previous_start:
            raise ValueError(f"overlapping or out-of-range edit {start}:{end}")
        data = data[:start] + new.encode("utf-8") + data[end:]
        previous_start = start
    return data.decode("utf-8")


def replace(node: Node, new: str) -> Span:
    return (node.start_byte, node.end_byte, new)


def delete(node: Node, app: AppSource, path: str, *, line_too: bool = True) -> Span:
    """Remove ``node``; with ``line_too``, also its line when nothing else is on it."""
    data = app.files[path].encode("utf-8")
    start, end = node.start_byte, node.end_byte
    if line_too:
        line_start = data.rfind(b"\n", 0, start) + 1
        line_end = data.find(b"\n", end)
        line_end = len(data) if line_end < 0 else line_end
        if not data[line_start:start].strip() and not data[end:line_end].strip():
            return (line_start, min(line_end + 1, len(data)), "")
    return (start, end, "")


def delete_element(node: Node, app: AppSource, path: str) -> Span:
    """Remove one element of a list (array, arguments, object, pattern) with its comma."""
    nxt = node.next_sibling
    if nxt is not None and nxt.type == ",":
        after = nxt.next_sibling
        end = after.start_byte if after is not None and after.type not in ("]", ")", "}") else nxt.end_byte
        return (node.start_byte, end, "")
    prev = node.prev_sibling
    if prev is not None and prev.type == ",":
        return (prev.start_byte, node.end_byte, "")
    return delete(node, app, path)


Rewrite: TypeAlias = "Callable[[Node], Span | list[Span] | None]"


def rewrite_each(
    app: AppSource,
    paths: Iterable[str],
    match: NodeMatch,
    rewrite: Rewrite,
    *,
    describe: Callable[[Node], str] | None = None,
    limit: int | None = None,
    syntax: bool = False,
) -> Iterator[Mutant]:
    """One mutant per node matching ``match`` in ``paths`` (source order), like ``base.replace_each``.

    ``rewrite(node)`` gives the edits (byte spans of the original file) or None to skip the
    node. Without ``syntax`` a mutant that no longer parses is dropped; with it, one that
    still parses is dropped. At most ``limit`` mutants in all.
    """
    made = 0
    for path in paths:
        for node in find(app, path, match):
            if limit is not None and made >= limit:
                return
            spans = rewrite(node)
            if not spans:
                continue
            try:
                new = apply_edits(app.files[path], [spans] if isinstance(spans, tuple) else spans)
            except ValueError:
                continue
            if new == app.files[path] or parses(new, path) == syntax:
                continue
            made += 1
            what = describe(node) if describe else _short(text(node))
            yield (f"{path}:{line(node)}" + (f" {what}" if what else ""), {path: new})


def _short(code: str, width: int = 60) -> str:
    first = code.strip().split("\n", 1)[0]
    return repr(first[:width])


# ----------------------------------------------------------------------------- modules


def resolve_module(app: AppSource, importer: str, specifier: str) -> str | None:
    """The app path a relative ``require``/``import`` specifier names, as Node resolves it; None if none."""
    if not specifier.startswith("."):
        return None
    base = PurePosixPath(importer).parent
    parts: list[str] = []
    for part in (base / specifier).parts:
        if part == "..":
            if not parts:
                return None
            parts.pop()
        elif part != ".":
            parts.append(part)
    target = "/".join(parts)
    for candidate in (target, *(target + s for s in JS_SUFFIXES + (".json",)), *(f"{target}/index{s}" for s in JS_SUFFIXES)):
        if candidate in app.files:
            return candidate
    return None


def module_specifiers(app: AppSource, path: str) -> list[Node]:
    """String nodes naming a module: ``require('x')``, ``import ... from 'x'``, ``export ... from 'x'``."""
    out = []
    for node in find(app, path, "string"):
        parent = node.parent
        if parent is None:
            continue
        if parent.type in ("import_statement", "export_statement") and parent.child_by_field_name("source") == node:
            out.append(node)
        elif parent.type == "arguments" and parent.parent is not None and parent.parent.type == "call_expression":
            if callee_name(parent.parent) == "require" and parent.named_children[:1] == [node]:
                out.append(node)
    return out


_WORD = re.compile(r"[A-Za-z_$][\w$]*")


def mentions(source: str, name: str) -> bool:
    """True when ``name`` occurs as a whole identifier in ``source``."""
    return any(hit.group(0) == name for hit in _WORD.finditer(source))
