"""The rule decorator, the Rule record and the applier.

A rule is a plain function ``(facts) -> Finding | None`` wrapped by :func:`rule`, which
states its code, the taxonomy id it votes for, the signals it reads and its confidence.
The docstring is the documentation: first line the message, then what it detects, why it
is a root cause, and an example that fires and one that must not.
"""

from __future__ import annotations

import inspect
import textwrap
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from rootcause.errors import RuleError
from rootcause.evidence.facts import Facts
from rootcause.records import Confidence, Evidence, Finding

SIGNALS = frozenset({"traceback", "log", "http", "access", "static", "sql", "trajectory", "verifier", "test", "metadata"})
HIGH, INFERENCE, HEURISTIC = Confidence.HIGH, Confidence.INFERENCE, Confidence.HEURISTIC


@dataclass(frozen=True, slots=True)
class Rule:
    """A registered rule: metadata plus the function that checks a run."""

    code: str
    name: str
    root_cause: str
    signals: frozenset[str]
    confidence: Confidence
    check: Callable[[Facts], "Verdict | None"]
    #: Root causes outside ``root_cause``'s subtree the rule may also answer (``*``: any; the catalogue rule).
    also: tuple[str, ...] = ()

    def declares(self, root_cause: str) -> bool:
        """Whether the rule may answer ``root_cause``: its own id or a child of it, or one of :attr:`also`."""
        return any(d == "*" or root_cause == d or root_cause.startswith(d + ".") for d in (self.root_cause, *self.also))

    @property
    def doc(self) -> str:
        return inspect.cleandoc(self.check.__doc__ or "")

    @property
    def message(self) -> str:
        return self.doc.splitlines()[0] if self.doc else self.name

    def __call__(self, facts: Facts) -> Finding | None:
        verdict = self.check(facts)
        if verdict is None:
            return None
        root_cause = verdict.root_cause or self.root_cause
        if not self.declares(root_cause):
            raise UndeclaredAnswer(
                f"rule {self.code} answered {root_cause!r}, outside the root causes it declares ({', '.join((self.root_cause, *self.also))})"
            )
        return Finding(
            rule=self.code,
            root_cause=root_cause,
            confidence=verdict.confidence or self.confidence,
            message=verdict.message or self.message,
            evidence=tuple(verdict.evidence),
            position=verdict.position,
        )


@dataclass(frozen=True, slots=True)
class Verdict:
    """What a rule function returns when it fires; unset fields take the rule's defaults."""

    evidence: tuple[Evidence, ...] | list[Evidence]
    root_cause: str | None = None  # a child of the rule's id, when the evidence is that specific
    confidence: Confidence | None = None
    message: str | None = None
    position: float = float("inf")


class UndeclaredAnswer(RuntimeError):
    """A rule answered a root cause it does not declare: a bug in the rule (recorded, never decisive)."""


def rule(code: str, root_cause: str, signals: Iterable[str], confidence: Confidence, also: Iterable[str] = ()) -> Callable[[Callable], Rule]:
    """Declare a rule. ``code`` is never reused; retire a rule rather than delete it. A verdict may
    name a more specific child of ``root_cause``; any other root cause it may answer goes in ``also``."""
    signal_set = frozenset(signals)
    unknown = signal_set - SIGNALS
    if unknown:
        raise ValueError(f"rule {code}: unknown signals {sorted(unknown)}")

    def wrap(func: Callable[[Facts], Verdict | None]) -> Rule:
        return Rule(code=code, name=func.__name__, root_cause=root_cause, signals=signal_set, confidence=confidence, check=func, also=tuple(also))

    return wrap


def apply_rules(facts: Facts, rules: Iterable[Rule]) -> tuple[list[Finding], list[RuleError]]:
    """Run every rule on ``facts``. A rule that raises is recorded and skipped."""
    findings: list[Finding] = []
    errors: list[RuleError] = []
    for r in rules:
        try:
            finding = r(facts)
        except Exception as exc:  # noqa: BLE001 - a broken rule must not stop the run
            errors.append(RuleError(r.code, exc))
            continue
        if finding is not None:
            findings.append(finding)
    return findings, errors


def describe(r: Rule) -> str:
    """The rule's documentation as ``rootcause rules`` prints it."""
    also = f" (also {', '.join(r.also)})" if r.also else ""
    head = f"{r.code} {r.name} -> {r.root_cause}{also} [{r.confidence.name}; {', '.join(sorted(r.signals))}]"
    return head + "\n" + textwrap.indent(r.doc, "    ")
