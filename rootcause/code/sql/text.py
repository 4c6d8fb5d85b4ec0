"""SQL text helpers: masking strings and comments, placeholders, splitting statements, parsing with sqlglot and locating its errors."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rootcause.code.sql.vocab import _PG_DOLLAR_QUOTE


# ================================================================================================
# SQL text helpers
# ================================================================================================
def mask_sql(sql: str) -> str:
    """``sql`` with string literals, quoted identifiers, comments and $$-bodies blanked out.

    Lengths and newlines are kept, so offsets into the mask are offsets into ``sql``.
    """
    out = list(sql)
    i, n = 0, len(sql)

    def blank(a: int, b: int) -> None:
        for k in range(a, min(b, n)):
            if out[k] != "\n":
                out[k] = " "

    while i < n:
        ch = sql[i]
        if ch == "-" and sql.startswith("--", i):
            j = sql.find("\n", i)
            j = n if j < 0 else j
            blank(i, j)
            i = j
        elif ch == "/" and sql.startswith("/*", i):
            j = sql.find("*/", i + 2)
            j = n if j < 0 else j + 2
            blank(i, j)
            i = j
        elif ch in "'\"`":
            j = i + 1
            while j < n:
                if sql[j] == ch:
                    if j + 1 < n and sql[j + 1] == ch:
                        j += 2
                        continue
                    break
                j += 1
            blank(i + 1, j)  # keep the quotes, so tokens do not fuse
            i = j + 1
        elif ch == "$":
            m = _PG_DOLLAR_QUOTE.match(sql, i)
            if m:
                end = sql.find(m.group(0), m.end())
                end = n if end < 0 else end + len(m.group(0))
                blank(i, end)
                i = end
            else:
                i += 1
        else:
            i += 1
    return "".join(out)


#: ``x ? 'key'`` is the JSONB operator in PostgreSQL: a ``?`` right after an operand (a name that
#: is not a keyword, a closing bracket, a literal) is taken for it there.
_OPERAND_BEFORE = re.compile(
    r"(?:[\w\])'\"]|\b(?!(?:VALUES|IN|LIMIT|OFFSET|AND|OR|NOT|LIKE|ILIKE|GLOB|MATCH|REGEXP|SET|THEN|ELSE|WHEN|IS|BETWEEN|SELECT|RETURNING|BY|ESCAPE|DISTINCT|FROM|WHERE|HAVING|ON|CASE|AS|ALL|ANY|EXISTS|SOME|END)\b)[A-Za-z_]\w*)\s*$",
    re.IGNORECASE,
)


_PLACEHOLDER = re.compile(r"%\((?P<pyname>\w+)\)s|%(?P<format>s)\b|%%|\$(?P<num>\d+)|\?(?P<qnum>\d+)?|(?<![:\w\[\]]):(?P<name>[A-Za-z_]\w*)")


@dataclass(frozen=True)
class Placeholder:
    style: str  # qmark | numeric | format | pyformat | named
    offset: int
    text: str
    name: str | None = None


def find_placeholders(masked: str, dialect: str | None = None) -> list[Placeholder]:
    """Bind placeholders in masked SQL: ``?``/``?1``, ``$1``, ``%s``, ``%(name)s``, ``:name``.

    Outside SQLite, ``?`` right after an operand is the JSONB key operator, not a placeholder.
    """
    found: list[Placeholder] = []
    for m in _PLACEHOLDER.finditer(masked):
        text = m.group(0)
        if text == "%%":
            continue
        if m.group("pyname"):
            found.append(Placeholder("pyformat", m.start(), text, m.group("pyname")))
        elif m.group("format"):
            found.append(Placeholder("format", m.start(), text))
        elif m.group("num"):
            found.append(Placeholder("numeric", m.start(), text, m.group("num")))
        elif text.startswith("?"):
            after = masked[m.end() : m.end() + 1]
            if after in ("|", "&") and masked[m.end() : m.end() + 2] not in ("||", "&&"):
                continue
            before = masked[max(0, m.start() - 40) : m.start()]
            if (
                dialect != "sqlite"
                and _OPERAND_BEFORE.search(before)
                and not re.search(
                    r"\b(?:VALUES|IN|LIMIT|OFFSET|AND|OR|NOT|LIKE|ILIKE|SET|THEN|ELSE|WHEN|IS|BETWEEN|SELECT|RETURNING|BY|ESCAPE|WHERE|HAVING|ON|CASE|END)\s*$",
                    before,
                    re.IGNORECASE,
                )
            ):
                continue
            found.append(Placeholder("qmark", m.start(), text, m.group("qnum")))
        elif m.group("name"):
            if masked[m.end() : m.end() + 1] == ":" or masked[max(0, m.start() - 1) : m.start()] == ":":
                continue
            found.append(Placeholder("named", m.start(), text, m.group("name")))
    return found


def normalise_placeholders(sql: str, placeholders: Iterable[Placeholder]) -> str:
    """Every placeholder replaced by ``?`` padded to its length, which sqlglot parses in all dialects."""
    chars = list(sql)
    for p in placeholders:
        chars[p.offset : p.offset + len(p.text)] = list("?" + " " * (len(p.text) - 1))
    return "".join(chars)


def split_statements(sql: str, masked: str) -> list[tuple[int, str]]:
    """(offset, text) of each statement; a trigger's BEGIN ... END body stays in one piece."""
    out: list[tuple[int, str]] = []
    start, i, n = 0, 0, len(sql)
    depth = 0
    trigger = False
    while i < n:
        if i == start or not masked[start:i].strip():
            head = masked[i : i + 60]
            trigger = bool(re.match(r"\s*CREATE\s+(?:TEMP\w*\s+)?TRIGGER\b", head, re.IGNORECASE))
        if trigger:
            word = re.match(r"\b(BEGIN|CASE|END)\b", masked[i:], re.IGNORECASE) if (i == 0 or not (masked[i - 1].isalnum() or masked[i - 1] == "_")) else None
            if word:
                w = word.group(1).upper()
                depth += 1 if w in ("BEGIN", "CASE") else -1
                i += len(w)
                continue
        if masked[i] == ";" and depth <= 0:
            if sql[start:i].strip():
                out.append((start, sql[start:i]))
            start = i + 1
            depth = 0
        i += 1
    if sql[start:].strip():
        out.append((start, sql[start:]))
    return out


def _dialect_name(dialect: str | None) -> str | None:
    return {"postgres": "postgres", "postgresql": "postgres", "sqlite": "sqlite", "sqlite3": "sqlite"}.get((dialect or "").lower())


def _parse(sql: str, dialect: str | None):
    """sqlglot trees, or the ParseError/TokenError raised."""
    import sqlglot

    try:
        return [t for t in sqlglot.parse(sql, read=dialect) if t is not None], None
    except (sqlglot.errors.ParseError, sqlglot.errors.TokenError) as exc:
        return None, exc
    except (ValueError, RecursionError, KeyError, AttributeError, TypeError) as exc:  # sqlglot internals on odd input
        return None, exc


def _error_offset(exc: Exception, sql: str) -> tuple[int | None, str]:
    """Offset in ``sql`` and the description of a sqlglot error."""
    errors = getattr(exc, "errors", None) or []
    if errors:
        first = errors[0]
        desc = first.get("description") or str(exc)
        line, col, highlight = first.get("line"), first.get("col"), first.get("highlight") or ""
        if isinstance(line, int) and isinstance(col, int):
            lines = sql.split("\n")
            if 1 <= line <= len(lines):
                offset = sum(len(x) + 1 for x in lines[: line - 1]) + max(0, col - len(highlight))
                return min(offset, len(sql)), desc
        return None, desc
    return None, str(exc).splitlines()[0] if str(exc) else type(exc).__name__
