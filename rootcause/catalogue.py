"""The error catalogue: exception classes, error codes and message patterns mapped to root causes.

The catalogue is data (``taxonomy/errors/*.yaml``, shipped in the wheel next to the taxonomy),
one file per library or tool. Each entry names a root cause and how to recognise it: a list
of matchers, any one of which is enough; inside one matcher every key must hold:

- ``code``: an error-code token (a PostgreSQL SQLSTATE, a Node ``code``, ``FST_ERR_*``,
  ``TS2307``, a Prisma ``P2002``, a ``sqlalche.me/e/<v>/<code>`` link code);
- ``exception``: exception class names, unqualified (``UndefinedTable``);
- ``message``: a regular expression searched in the exception message or the log line;
- ``status`` / ``expected``: the actual and expected HTTP status of a failing request.

``confidence`` (``high``/``inference``/``heuristic``, default ``inference``) may be set per file
and per entry: status signals (``harness.yaml``) are heuristics. ``when`` narrows an entry: ``raised_in`` (``project``/``library``), ``database``, ``framework``,
``language``; a condition the run does not reveal (no database named) does not exclude it.
Each entry cites the page that states the fact (``doc``) and an ``example``: the id of a
wild-set case (``data/wild``) whose real output shows it; the test suite runs every example.

Patterns are validated when the catalogue loads (compiled, no nested unbounded quantifiers,
no named groups) and run on lines cut to :data:`MAX_MATCH_LINE` characters.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from rootcause.errors import TaxonomyError
from rootcause.records import Confidence

if TYPE_CHECKING:
    from rootcause.evidence.facts import Facts, LogLine
    from rootcause.parsing.frames import ExceptionInfo
    from rootcause.records import RequestResult

MAX_MATCH_LINE = 2000
MAX_LINES = 5000
CATALOGUE_DIR = "errors"
_MATCHER_KEYS = frozenset({"code", "exception", "message", "status", "expected"})
_WHEN_KEYS = frozenset({"raised_in", "database", "framework", "language"})
_ENTRY_KEYS = frozenset({"id", "summary", "root_cause", "match", "when", "doc", "example", "confidence", "note"})
_CONFIDENCE = {"high": Confidence.HIGH, "inference": Confidence.INFERENCE, "heuristic": Confidence.HEURISTIC}
#: A quantified group that is itself quantified: ``(a+)+``, ``(.*)*``, ``(\w+\s?)*`` (catastrophic backtracking).
_NESTED_QUANTIFIER = re.compile(r"\((?:[^()\\]|\\.){0,400}[+*](?:[^()\\]|\\.){0,40}\)[+*{]")

#: Regex syntax, classes and quantifiers: what is left of a pattern without them is the literal text it requires.
_PATTERN_SYNTAX = re.compile(r"\\[A-Za-z]|\\.|\[[^\]]{0,200}\]|\{\d{0,4},?\d{0,4}\}|\(\?[:!=<]{1,2}|[()*+?|^$.]")
# Error codes as they appear in real output, each with enough context to tell it from a number.
_CODE_PATTERNS = (
    re.compile(
        r"""\b(?:code|sqlstate|pgcode|errno|SQLSTATE)["']?\s{0,3}[:=]\s{0,3}["'`]?(?P<code>[0-9A-Z]{5}|E[A-Z]{3,20}|ERR_[A-Z0-9_]{2,60}|FST_ERR_[A-Z0-9_]{2,60}|SQLITE_[A-Z_]{2,40}|P[1-6]\d{3}|MODULE_NOT_FOUND)\b"""
    ),
    re.compile(r"SQLSTATE\[(?P<code>[0-9A-Z]{5})\]"),
    re.compile(
        r"\b(?P<code>(?:FST_ERR|ERR)_[A-Z0-9_]{2,60}|SQLITE_[A-Z]{2,20}(?:_[A-Z]{2,20})?|E(?:ADDRINUSE|CONNREFUSED|CONNRESET|ACCES|NOENT|NOTFOUND|TIMEDOUT|PIPE|AI_AGAIN|PERM|EXIST|ISDIR|MFILE|ADDRNOTAVAIL)|MODULE_NOT_FOUND)\b"
    ),
    re.compile(r"\berror (?P<code>TS\d{4,5})\b|\((?P<code2>TS\d{4,5})\)|\b(?P<code3>TS\d{4,5}):"),
    re.compile(r"sqlalche\.me/e/\d{1,3}/(?P<code>[a-z0-9]{4})\b"),
    re.compile(r"\bPrisma\w{0,40}\b.{0,200}?\b(?P<code>P[1-6]\d{3})\b|\berror code (?P<code2>P[1-6]\d{3})\b|\bcode: '(?P<code3>P[1-6]\d{3})'"),
    re.compile(r"\bpsycopg2?\.errors\.\w{1,80}\b.{0,40}?\b(?P<code>[0-9][0-9A-Z]{4})\b"),
)


@dataclass(frozen=True, slots=True)
class Matcher:
    codes: frozenset[str] = frozenset()
    exceptions: frozenset[str] = frozenset()
    message: re.Pattern[str] | None = None
    status: frozenset[int] = frozenset()
    expected: frozenset[int] = frozenset()

    @property
    def specificity(self) -> tuple[int, int]:
        """How narrowly the matcher names an error: the literal text it requires, an exception name
        counting as 8 characters and an error code as 6 (a message pattern that spells out one case
        of a code beats the code alone); a code breaks ties.

        When several entries match one exception the most specific wins (``'InstrumentedList'
        object has no attribute`` over any ``object has no attribute``); file order breaks ties.
        """
        literal = len(_PATTERN_SYNTAX.sub("", self.message.pattern)) if self.message is not None else 0
        return (literal + (8 if self.exceptions else 0) + (6 if self.codes else 0) + (4 if self.status or self.expected else 0), 1 if self.codes else 0)

    @property
    def needs_exception(self) -> bool:
        return bool(self.exceptions)

    @property
    def needs_request(self) -> bool:
        return bool(self.status or self.expected)


@dataclass(frozen=True, slots=True, eq=False)
class Entry:
    """One catalogue entry (see the module docstring for the fields)."""

    id: str
    library: str
    summary: str
    root_cause: str
    matchers: tuple[Matcher, ...]
    when: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    doc: str | None = None
    example: str | None = None
    confidence: Confidence = Confidence.INFERENCE
    raw: Mapping[str, Any] = field(default_factory=dict)

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(c for m in self.matchers for c in m.codes)

    @property
    def exceptions(self) -> frozenset[str]:
        return frozenset(e for m in self.matchers for e in m.exceptions)

    def explain(self) -> str:
        """The entry as ``rootcause explain`` prints it."""
        lines = [f"{self.id} ({self.library}) -> {self.root_cause} [{self.confidence.name}]", f"    {self.summary}"]
        for m in self.matchers:
            parts = []
            if m.codes:
                parts.append("code " + "/".join(sorted(m.codes)))
            if m.exceptions:
                parts.append("exception " + "/".join(sorted(m.exceptions)))
            if m.message is not None:
                parts.append(f"message /{m.message.pattern}/")
            if m.status:
                parts.append("status " + "/".join(map(str, sorted(m.status))))
            if m.expected:
                parts.append("expected " + "/".join(map(str, sorted(m.expected))))
            lines.append("    matches: " + " and ".join(parts))
        for key, values in self.when.items():
            lines.append(f"    when {key}: {', '.join(values)}")
        if self.doc:
            lines.append(f"    documented at: {self.doc}")
        if self.example:
            lines.append(f"    example (data/wild): {self.example}")
        return "\n".join(lines)


@dataclass(frozen=True, slots=True)
class Match:
    entry: Entry
    exception: "ExceptionInfo | None" = None
    line: "LogLine | None" = None
    request: "RequestResult | None" = None


class Catalogue:
    """All entries, with indexes for the fast paths (by code, by exception name)."""

    def __init__(self, entries: Iterable[Entry]):
        self.entries: tuple[Entry, ...] = tuple(entries)
        self.by_id = {e.id: e for e in self.entries}
        self._by_code: dict[str, list[Entry]] = {}
        self._by_name: dict[str, list[Entry]] = {}
        for entry in self.entries:
            for code in entry.codes:
                self._by_code.setdefault(code.lower(), []).append(entry)
            for name in entry.exceptions:
                self._by_name.setdefault(name, []).append(entry)
        self._text_entries = tuple(
            e for e in self.entries if any(m.message is not None or m.codes for m in e.matchers if not m.needs_exception and not m.needs_request)
        )
        # One alternation of every message pattern a bare line can match: a line none of them
        # matches (most lines) costs one scan in C instead of one search per entry.
        patterns = [
            m.message.pattern for e in self._text_entries for m in e.matchers if m.message is not None and not m.needs_exception and not m.needs_request
        ]
        try:
            self._line_screen: re.Pattern[str] | None = re.compile("|".join(f"(?:{p})" for p in patterns)) if patterns else None
        except re.error:  # a pattern with inline flags cannot join an alternation: screen nothing
            self._line_screen = None
        self._request_entries = tuple(e for e in self.entries if any(m.needs_request for m in e.matchers))

    def __len__(self) -> int:
        return len(self.entries)

    def __iter__(self) -> Iterator[Entry]:
        return iter(self.entries)

    def lookup(self, key: str) -> list[Entry]:
        """Entries with this id, code or exception name (what ``rootcause explain`` accepts);
        a code also finds entries named after it (``node.MODULE_NOT_FOUND.package``)."""
        if key in self.by_id:
            return [self.by_id[key]]
        short = key.rsplit(".", 1)[-1]
        named = [e for e in self.entries if key in e.id.split(".")]
        return list(dict.fromkeys(self._by_code.get(key.lower(), []) + self._by_name.get(short, []) + named))

    def entry_matches(self, entry: Entry, facts: "Facts") -> bool:
        """Whether ``entry`` matches something in the run, whichever entry would win there."""
        single = Catalogue([entry])
        context = {"database": facts.database, "framework": facts.framework, "language": _language(facts)}
        if any(single.match_exception(exc, context) for exc in facts.exceptions):
            return True
        if any(single.match_line(line.text, context) for line in facts.lines[:MAX_LINES]):
            return True
        return any(single.match_request(r, context) for r in facts.failing_requests)

    # -- matching ---------------------------------------------------------------------------

    def match_exception(self, exc: "ExceptionInfo", context: Mapping[str, str | None]) -> Entry | None:
        text = f"{exc.headline}\n{exc.full_text()}"[: MAX_MATCH_LINE * 4]
        codes = {c.lower() for c in codes_in(text)}
        if exc.properties.get("code"):
            codes.add(str(exc.properties["code"]).strip("'\"").lower())
        candidates: list[Entry] = []
        for name in exc.names:
            candidates.extend(self._by_name.get(name.rsplit(".", 1)[-1], ()))
        for code in codes:
            candidates.extend(self._by_code.get(code, ()))
        if any(self.line_may_match(part) for part in text.split("\n")[:40]):
            candidates.extend(self._text_entries)
        raised_in = _raised_in(exc)
        ctx = {**context, "raised_in": raised_in, "language": exc.language or context.get("language")}
        names = {n.rsplit(".", 1)[-1] for n in exc.names}
        best: tuple[tuple[int, int], Entry] | None = None
        for entry in dict.fromkeys(candidates):
            if not _when_holds(entry, ctx):
                continue
            for m in entry.matchers:
                if m.needs_request:
                    continue
                if m.exceptions and not (m.exceptions & names):
                    continue
                if m.codes and not {c.lower() for c in m.codes} & codes:
                    continue
                if m.message is not None and not _search(m.message, text):
                    continue
                score = m.specificity
                if best is None or score > best[0]:
                    best = (score, entry)
        return best[1] if best else None

    def line_may_match(self, line: str) -> bool:
        """A cheap screen: False only when no entry can match ``line``."""
        text = line[:MAX_MATCH_LINE]
        if self._line_screen is None:
            return True
        return bool(self._line_screen.search(text) or codes_in(text))

    def match_line(self, line: str, context: Mapping[str, str | None]) -> Entry | None:
        text = line[:MAX_MATCH_LINE]
        codes = {c.lower() for c in codes_in(text)}
        candidates = [e for c in codes for e in self._by_code.get(c, ())] + list(self._text_entries)
        for entry in dict.fromkeys(candidates):
            if not _when_holds(entry, context):
                continue
            for m in entry.matchers:
                if m.needs_exception or m.needs_request:
                    continue
                if m.codes and not {c.lower() for c in m.codes} & codes:
                    continue
                if m.message is not None and not _search(m.message, text):
                    continue
                if m.codes or m.message is not None:
                    return entry
        return None

    def match_request(self, request: "RequestResult", context: Mapping[str, str | None]) -> Entry | None:
        for entry in self._request_entries:
            if not _when_holds(entry, context):
                continue
            for m in entry.matchers:
                if not m.needs_request:
                    continue
                if m.status and request.status not in m.status:
                    continue
                if m.expected and request.expected_status not in m.expected:
                    continue
                if m.message is not None and not any(_search(m.message, t) for t in (*request.messages, request.name)):
                    continue
                return entry
        return None

    def matches(self, facts: "Facts") -> list[Match]:
        """The exceptions of a run that entries explain, then log lines, then failing requests
        (lines and requests only when no exception is explained at INFERENCE or above)."""
        context = {"database": facts.database, "framework": facts.framework, "language": _language(facts)}
        out: list[Match] = []
        for exc in facts.exceptions:
            entry = self.match_exception(exc, context)
            if entry is not None:
                out.append(Match(entry, exception=exc))
        if any(m.entry.confidence.rank >= Confidence.INFERENCE.rank for m in out):
            # An exception explained at INFERENCE or above comes first and outranks any line or
            # status match (the rule takes the first at the highest level, and caps the level at
            # INFERENCE), so the lines need not be read.
            return out
        seen_lines = {(e.source, e.line) for e in facts.exceptions}
        for line in facts.lines[:MAX_LINES]:
            if (line.source, line.line) in seen_lines or not self.line_may_match(line.text):
                continue
            entry = self.match_line(line.text, context)
            if entry is not None:
                out.append(Match(entry, line=line))
        for request in facts.failing_requests:
            entry = self.match_request(request, context)
            if entry is not None:
                out.append(Match(entry, request=request))
        return out


def _search(pattern: re.Pattern[str], text: str) -> bool:
    return any(pattern.search(part[:MAX_MATCH_LINE]) for part in text.split("\n")[:40])


def _language(facts: "Facts") -> str | None:
    runtime = str(facts.metadata.get("runtime") or facts.metadata.get("language") or "").lower()
    if runtime in ("node", "nodejs", "javascript", "typescript"):
        return "node"
    return "python" if runtime == "python" else None


def _raised_in(exc: "ExceptionInfo") -> str | None:
    if not exc.frames:
        return None
    innermost = exc.frames[-1] if exc.language == "python" else exc.frames[0]
    if innermost.library is not None:
        return "library"
    return "project" if innermost.is_project else None


def _when_holds(entry: Entry, context: Mapping[str, str | None]) -> bool:
    for key, allowed in entry.when.items():
        value = context.get(key)
        if value is None:
            continue  # the run does not say: the condition cannot exclude the entry
        if str(value).lower() not in allowed:
            return False
    return True


def codes_in(text: str) -> set[str]:
    """Error-code tokens in ``text`` (SQLSTATEs next to ``code``, Node and Fastify codes, TS codes, ...)."""
    found: set[str] = set()
    text = text[: MAX_MATCH_LINE * 4]
    for pattern in _CODE_PATTERNS:
        for m in pattern.finditer(text):
            for value in m.groups():
                if value:
                    found.add(value)
    return found


# --- loading and validation ---------------------------------------------------------------------


def _as_tuple(value: Any) -> tuple:
    if value is None:
        return ()
    return tuple(value) if isinstance(value, (list, tuple)) else (value,)


def check_pattern(pattern: str, where: str) -> re.Pattern[str]:
    """Compile a catalogue regex, refusing shapes that backtrack badly or clash with the matcher."""
    if _NESTED_QUANTIFIER.search(pattern):
        raise TaxonomyError(f"{where}: pattern {pattern!r} nests unbounded quantifiers (super-linear on some inputs)")
    if "(?P<" in pattern:
        raise TaxonomyError(f"{where}: pattern {pattern!r} uses a named group; use (?:...)")
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise TaxonomyError(f"{where}: pattern {pattern!r} does not compile: {exc}") from exc


def parse_entries(data: Mapping[str, Any], source: str, known_ids: frozenset[str] | None = None) -> list[Entry]:
    """Entries of one catalogue file, validated; ``known_ids`` are the taxonomy's root-cause ids."""
    if not isinstance(data, Mapping) or not isinstance(data.get("entries"), list):
        raise TaxonomyError(f"{source}: expected a mapping with an 'entries' list")
    unknown_top = set(data) - {"name", "doc", "entries", "confidence", "note"}
    if unknown_top:
        raise TaxonomyError(f"{source}: unknown top-level keys {sorted(unknown_top)}")
    library = str(data.get("name") or source)
    default_doc = data.get("doc")
    out = []
    for index, raw in enumerate(data["entries"]):
        where = f"{source}: entry {index}"
        if not isinstance(raw, Mapping):
            raise TaxonomyError(f"{where}: expected a mapping")
        unknown = set(raw) - _ENTRY_KEYS
        if unknown:
            raise TaxonomyError(f"{where}: unknown keys {sorted(unknown)}")
        for key in ("id", "summary", "root_cause", "match"):
            if not raw.get(key):
                raise TaxonomyError(f"{where}: '{key}' is required")
        where = f"{source}: {raw['id']}"
        if known_ids is not None and raw["root_cause"] not in known_ids:
            raise TaxonomyError(f"{where}: root_cause {raw['root_cause']!r} is not a taxonomy id")
        matchers = []
        for spec in _as_tuple(raw["match"]):
            if not isinstance(spec, Mapping) or not spec or set(spec) - _MATCHER_KEYS:
                raise TaxonomyError(f"{where}: a matcher is a mapping of {sorted(_MATCHER_KEYS)}, got {spec!r}")
            try:
                status = frozenset(int(s) for s in _as_tuple(spec.get("status")))
                expected = frozenset(int(s) for s in _as_tuple(spec.get("expected")))
            except (TypeError, ValueError) as exc:
                raise TaxonomyError(f"{where}: status and expected are HTTP status numbers") from exc
            matchers.append(
                Matcher(
                    codes=frozenset(str(c) for c in _as_tuple(spec.get("code"))),
                    exceptions=frozenset(str(e).rsplit(".", 1)[-1] for e in _as_tuple(spec.get("exception"))),
                    message=check_pattern(str(spec["message"]), where) if spec.get("message") is not None else None,
                    status=status,
                    expected=expected,
                )
            )
        when_raw = raw.get("when") or {}
        if not isinstance(when_raw, Mapping) or set(when_raw) - _WHEN_KEYS:
            raise TaxonomyError(f"{where}: 'when' takes {sorted(_WHEN_KEYS)}")
        confidence = str(raw.get("confidence", data.get("confidence", "inference"))).lower()
        if confidence not in _CONFIDENCE:
            raise TaxonomyError(f"{where}: confidence is one of {sorted(_CONFIDENCE)}")
        out.append(
            Entry(
                id=str(raw["id"]),
                library=library,
                summary=str(raw["summary"]).strip(),
                root_cause=str(raw["root_cause"]),
                matchers=tuple(matchers),
                when={k: tuple(str(v).lower() for v in _as_tuple(vals)) for k, vals in when_raw.items()},
                doc=raw.get("doc") or default_doc,
                example=raw.get("example"),
                confidence=_CONFIDENCE[confidence],
                raw=dict(raw),
            )
        )
    return out


def catalogue_files() -> list[Any]:
    from rootcause.taxonomy import _taxonomy_dir

    folder = _taxonomy_dir().joinpath(CATALOGUE_DIR)
    if not folder.is_dir():
        return []
    return sorted((f for f in folder.iterdir() if f.name.endswith(".yaml")), key=lambda f: f.name)


@functools.cache
def load_catalogue(strict: bool = False) -> Catalogue:
    """The shipped catalogue, validated against the taxonomy (cached).

    ``strict`` (the test suite) raises :class:`~rootcause.errors.TaxonomyError` on the first bad
    file or entry. Otherwise a bad file is left out with a warning naming it and what is wrong,
    so a damaged installation degrades the catalogue rule instead of stopping a sweep.
    """
    from rootcause.taxonomy import load_taxonomy

    known = frozenset(e.id for e in load_taxonomy())
    entries: list[Entry] = []
    seen: set[str] = set()
    for path in catalogue_files():
        name = f"{CATALOGUE_DIR}/{path.name}"
        try:
            try:
                data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
            except (yaml.YAMLError, UnicodeDecodeError) as exc:
                raise TaxonomyError(f"{name}: not valid YAML: {exc}") from exc
            parsed = parse_entries(data, name, known)
            dupes = sorted({e.id for e in parsed if e.id in seen} | {e.id for e in parsed if [p.id for p in parsed].count(e.id) > 1})
            if dupes:
                raise TaxonomyError(f"{name}: duplicate entry ids {dupes}")
        except TaxonomyError as exc:
            if strict:
                raise
            import warnings

            warnings.warn(f"error catalogue: {exc}; that file is left out", stacklevel=2)
            continue
        seen.update(e.id for e in parsed)
        entries.extend(parsed)
    return Catalogue(entries)
