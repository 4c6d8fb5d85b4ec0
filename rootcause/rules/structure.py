"""Rules for broken structural constraints, read from the study's static verifier output."""

from __future__ import annotations

import re

from rootcause.evidence.facts import Facts
from rootcause.rules.base import HIGH, Verdict, rule
from rootcause.rules.match import line_verdict

_LAYERS = re.compile(
    r"(?P<found>\d)\s*/\s*(?P<total>\d)\s+layers?|missing (?:clean[- ]architecture )?layers?|layer(?:ing)? (?:check )?(?:failed|violation)|upward import"
    r"|violated: layered architecture|layered architecture (?:violated|broken)",
    re.IGNORECASE,
)
#: "constraint violated: <ORM|database> required: <what was found instead>".
_REQUIRED = re.compile(r"(?:violated|failed):? (?P<what>ORM|SQLAlchemy|Sequelize|PostgreSQL|Postgres|SQLite|database) required\b", re.IGNORECASE)
_STACK = re.compile(
    r"no (?P<what>SQLAlchemy|Sequelize|Postgres(?:QL)?|SQLite|ORM|database) (?:evidence|usage|found)|(?:SQLAlchemy|Sequelize|Postgres|SQLite) (?:not used|is required)|raw SQL (?:used|found) where",
    re.IGNORECASE,
)


@rule("RC901", "structure.constraint.layering", signals={"verifier"}, confidence=HIGH)
def layers_missing(facts: Facts) -> Verdict | None:
    """The static verifier finds the required layered architecture missing or violated.

    Detects verifier lines reporting fewer layers than required (``2/4 layers``), missing
    layers, upward imports between layers, or a layered-architecture violation.

    Fires on: ``clean_architecture: 0/4 layers detected (models, repositories, routes, services)``.
    Does not fire on: ``clean_architecture: 4/4 layers detected``.
    """
    for line in facts.verifier_lines:
        m = _LAYERS.search(line.text)
        if m and not (m.group("found") and m.group("found") == m.group("total")):
            return line_verdict(line, kind="verifier")
    return None


@rule("RC902", "structure.constraint.orm", signals={"verifier"}, confidence=HIGH, also=("structure.constraint",))
def required_stack_not_used(facts: Facts) -> Verdict | None:
    """The static verifier finds the required database or ORM not in use.

    Detects verifier lines saying there is no evidence of the required ORM (SQLAlchemy,
    Sequelize) or database (Postgres, SQLite). A missing database maps to
    ``structure.constraint.database``.

    Fires on: ``sqlalchemy: no SQLAlchemy evidence found``; ``constraint violated: PostgreSQL
    required: conduit/config.py:22 connects to SQLite``.
    Does not fire on: ``sqlalchemy: ok``.
    """
    for line in facts.verifier_lines:
        m = _STACK.search(line.text) or _REQUIRED.search(line.text)
        if m:
            what = (m.group("what") or "").lower()
            root = "structure.constraint.database" if what.startswith(("postgres", "sqlite", "database")) else None
            return line_verdict(line, root_cause=root, kind="verifier")
    return None


RULES = (layers_missing, required_stack_not_used)
