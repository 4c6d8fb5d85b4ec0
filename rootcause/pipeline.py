"""One run through the front half of the pipeline: its evidence extracted, the rules applied.

:func:`observe` is the only place that does both; :mod:`rootcause.classify` (which then decides)
and :mod:`rootcause.learn` (which turns the result into features) both start from its
:class:`Observed`, so a run is read and judged by the rules once, the same way, for either use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Protocol

from rootcause.evidence.facts import Facts, extract_facts
from rootcause.records import Finding, RunRecord

if TYPE_CHECKING:
    from rootcause.rules.base import Rule


@dataclass(frozen=True, slots=True)
class Observed:
    """A run with its evidence extracted and the rules applied, computed once by :func:`observe`.

    ``error`` says why the run could not be observed at all (an unreadable record, or evidence
    extraction that failed); ``facts`` are then empty and there are no findings.
    """

    record: RunRecord
    facts: Facts
    findings: tuple[Finding, ...] = ()
    rule_errors: tuple[str, ...] = ()
    error: str | None = None


def observe(record: RunRecord | Observed, rules: Sequence[Rule] | None = None) -> Observed:
    """Extract ``record``'s evidence and apply ``rules`` (all of rootcause's by default) once.

    A record that could not be read (``error`` set) or whose extraction fails gives empty facts
    and no findings; the failure is kept in ``error`` and in ``rule_errors``. Never raises for
    bad evidence. An :class:`Observed` is returned as it is.
    """
    from rootcause.rules import RULES, apply_rules

    if isinstance(record, Observed):
        return record
    if record.error:
        return Observed(record=record, facts=Facts(record=record), rule_errors=(f"unreadable record: {record.error}",), error=record.error)
    try:
        facts = extract_facts(record)
    except Exception as exc:  # noqa: BLE001 - one bad record must not stop a sweep or a fit
        error = f"evidence extraction failed: {type(exc).__name__}: {exc}"
        return Observed(record=record, facts=Facts(record=record), rule_errors=(error,), error=error)
    findings, errors = apply_rules(facts, RULES if rules is None else rules)
    return Observed(record=record, facts=facts, findings=tuple(findings), rule_errors=tuple(str(e) for e in errors))


class RunClassifier(Protocol):
    """What deciding needs of a learned model: scikit-learn's ``classes_`` and ``predict_proba``
    over :class:`Observed` runs (``rootcause.learn``'s fitted pipeline is one)."""

    classes_: Any

    def predict_proba(self, X: Sequence[Observed]) -> Any: ...
