"""Every regular expression rootcause runs stays linear in the length of the line it reads.

Lines are cut to ``MAX_LINE`` characters before a regex sees them, but a pattern that is quadratic
within a line still turns a few megabytes of hostile log into minutes (issue 12). Each pattern is
found where it is written: every ``re.<function>("literal", ...)`` call in the package (with its
flags, searched as its call searches: ``match``/``fullmatch`` anchored, the others at every
position) and every message pattern of the error catalogue, plus the catalogue's combined screen.

The worst-case lines are runs of one character or short token (``"    "``, ``"aaaa"``,
``"a.a.a."``, ``": : :"``, ...), optionally ending in a character no pattern expects, which is
what drives backtracking and restarted searches. A pattern passes when its cost on such a line
grows linearly: eight times the length may cost at most 24 times as much (a quadratic pattern
costs 64 times; the margin absorbs timing noise on a loaded machine). Lines a pattern reads in under a millisecond at full length are not timed
further: that is not a hazard whatever the growth.
"""

from __future__ import annotations

import ast
import re
import time
from pathlib import Path

import pytest

from rootcause.catalogue import load_catalogue
from rootcause.parsing.lines import MAX_LINE

PACKAGE = Path(__file__).resolve().parents[1] / "rootcause"
ANCHORED = {"match", "fullmatch"}
SCANNING = {"compile", "search", "finditer", "findall", "sub", "subn", "split"}
RUNS = (" ", "\t", "a", "0", ".", ":", "/", '"', "'", "(", "[", "{", "<", "=", "-", "_", ",", "\\", "a ", "a.", "a:", ": ", "at ", "a_", "0.")
ENDINGS = ("", "\x00")
#: Below this a full-length line is harmless, whatever the growth.
FLOOR_SECONDS = 1e-3
SHRINK = 8
MAX_GROWTH = 24.0  # for 8x the length: linear gives ~8, quadratic ~64


#: Where each ``re`` function takes its flags positionally.
FLAGS_POSITION = {"compile": 1, "search": 2, "match": 2, "fullmatch": 2, "finditer": 2, "findall": 2, "sub": 4, "subn": 4, "split": 3}


def _flags(node: ast.Call) -> int:
    position = FLAGS_POSITION[node.func.attr]
    expr = node.args[position] if len(node.args) > position else next((k.value for k in node.keywords if k.arg == "flags"), None)
    if expr is None:
        return 0
    return eval(compile(ast.Expression(expr), "<flags>", "eval"), {"re": re})  # re.I | re.X ... only


def written_patterns() -> list[tuple[str, re.Pattern[str], bool]]:
    """(where, compiled pattern, anchored) for every literal regex call in the package."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name)):
                continue
            if node.func.value.id != "re" or node.func.attr not in ANCHORED | SCANNING:
                continue
            if not (node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                continue
            where = f"{path.relative_to(PACKAGE.parent)}:{node.lineno}"
            found.append((where, re.compile(node.args[0].value, _flags(node)), node.func.attr in ANCHORED))
    return found


def catalogue_patterns() -> list[tuple[str, re.Pattern[str], bool]]:
    catalogue = load_catalogue()
    found = [(f"catalogue {e.id}", m.message, False) for e in catalogue for m in e.matchers if m.message is not None]
    if catalogue._line_screen is not None:
        found.append(("catalogue line screen", catalogue._line_screen, False))
    return found


PATTERNS = written_patterns() + catalogue_patterns()


def _cost(pattern: re.Pattern[str], line: str, anchored: bool, repeat: int = 3) -> float:
    run = pattern.match if anchored else pattern.search
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run(line)
        best = min(best, time.perf_counter() - start)
    return best


def _line(unit: str, ending: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[: length - len(ending)] + ending


def test_the_scan_finds_the_package_patterns():
    # Guards the scan itself: if the AST walk stopped finding calls, every test below would pass.
    assert len(PATTERNS) > 700
    assert any(where.startswith("rootcause/code/sql/") for where, _, _ in PATTERNS)
    assert any(where.startswith("catalogue postgres.") for where, _, _ in PATTERNS)


def test_the_growth_check_catches_a_quadratic_pattern():
    quadratic = re.compile(r"\s*x")  # searched from every position of a run of spaces
    line = _line(" ", "", MAX_LINE)
    assert _cost(quadratic, line, False) > FLOOR_SECONDS
    assert _cost(quadratic, line, False) / _cost(quadratic, _line(" ", "", MAX_LINE // SHRINK), False) > MAX_GROWTH


@pytest.mark.parametrize("where,pattern,anchored", PATTERNS, ids=[w for w, _, _ in PATTERNS])
def test_pattern_is_linear_on_runs_of_one_token(where, pattern, anchored):
    for unit in RUNS:
        for ending in ENDINGS:
            full = _cost(pattern, _line(unit, ending, MAX_LINE), anchored)
            if full < FLOOR_SECONDS:
                continue
            short = _cost(pattern, _line(unit, ending, MAX_LINE // SHRINK), anchored, repeat=7)
            full = min(full, _cost(pattern, _line(unit, ending, MAX_LINE), anchored, repeat=5))
            growth = full / max(short, 1e-7)
            assert growth <= MAX_GROWTH, f"{where}: {growth:.1f}x for {SHRINK}x the length on {unit!r} * n + {ending!r}"
