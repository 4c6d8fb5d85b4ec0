"""tree-sitter parsers for JavaScript and TypeScript, one per grammar, and the first syntax error of a tree."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import tree_sitter

#: The grammar each suffix is parsed with (``.d.ts`` is TypeScript; JSX is in the JavaScript grammar).
GRAMMARS = {
    ".js": "javascript",
    ".mjs": "javascript",
    ".cjs": "javascript",
    ".jsx": "javascript",
    ".ts": "typescript",
    ".mts": "typescript",
    ".cts": "typescript",
    ".tsx": "tsx",
}
#: ``import x from 'y' assert {type: 'json'}``: Node 17-21 accept it, the grammar does not.
_IMPORT_ASSERTION = re.compile(r"\bimport\b.*\bassert\s*\{")


def grammar_for(path: str) -> str | None:
    """The grammar a path is parsed with, or None for a file that is not JavaScript or TypeScript."""
    for suffix, grammar in GRAMMARS.items():
        if path.endswith(suffix):
            return grammar
    return None


@functools.cache
def language(grammar: str) -> "tree_sitter.Language":
    import tree_sitter

    if grammar == "javascript":
        import tree_sitter_javascript

        return tree_sitter.Language(tree_sitter_javascript.language())
    import tree_sitter_typescript

    return tree_sitter.Language(tree_sitter_typescript.language_tsx() if grammar == "tsx" else tree_sitter_typescript.language_typescript())


@functools.cache
def parser(grammar: str) -> "tree_sitter.Parser":
    import tree_sitter

    return tree_sitter.Parser(language(grammar))


def parse(grammar: str, source: bytes) -> "tree_sitter.Tree":
    return parser(grammar).parse(source)


@dataclass(frozen=True, slots=True)
class SyntaxProblem:
    line: int  # 1-based
    column: int  # 1-based, in characters
    message: str
    text: str  # the line


def node_text(node: "tree_sitter.Node | None") -> str:
    """A node's source text ('' for None), for every JavaScript check."""
    return node.text.decode("utf-8", errors="replace") if node is not None and node.text is not None else ""


def string_value(node: "tree_sitter.Node | None") -> str | None:
    """The value of a string literal without escapes, or None for anything else."""
    if node is None or node.type != "string":
        return None
    parts = [c for c in node.named_children if c.type != "comment"]
    if any(c.type != "string_fragment" for c in parts):
        return None
    return "".join(node_text(c) for c in parts)


def column_of(source: bytes, line_start: int, byte: int) -> int:
    """1-based character column of ``byte``, counted from the line that starts at ``line_start``."""
    return len(source[line_start:byte].decode("utf-8", errors="replace")) + 1


def first_syntax_error(tree: "tree_sitter.Tree", source: bytes) -> SyntaxProblem | None:
    """The first ERROR or MISSING node of ``tree`` in source order, or None when it parses.

    Walks only into subtrees that contain an error, without recursion (a minified file nests deeply).
    """
    root = tree.root_node
    if not root.has_error:
        return None
    node = root
    while True:
        if node.is_missing or node.type == "ERROR":
            break
        child = next((c for c in node.children if c.has_error or c.is_missing), None)
        if child is None:
            break
        node = child
    row, col = node.start_point
    lines = source.split(b"\n")
    raw = lines[row] if row < len(lines) else b""
    text = raw.decode("utf-8", errors="replace")
    if _IMPORT_ASSERTION.search(text):
        return None
    line_start = sum(len(line) + 1 for line in lines[:row])
    column = column_of(source, line_start, line_start + col)
    if node.is_missing:
        message = f"expected {node.type!r}"
    else:
        token = node.text.decode("utf-8", errors="replace").strip() if node.text else ""
        first = token.split("\n", 1)[0][:40]
        message = f"unexpected {first!r}" if first else "unexpected end of input"
    return SyntaxProblem(row + 1, column, message, text[:200])
