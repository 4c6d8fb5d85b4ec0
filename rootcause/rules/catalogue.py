"""The generic rule that applies the error catalogue (``taxonomy/errors``)."""

from __future__ import annotations

from rootcause.evidence.facts import Facts, exception_evidence, line_evidence, request_evidence
from rootcause.rules.base import HEURISTIC, INFERENCE, Verdict, rule

#: The catalogue speaks at most at INFERENCE: a family rule that reads several signals together
#: (which frame raised, what the request was, what came before) and is as sure decides.
MAX_CONFIDENCE = INFERENCE


@rule("RC990", "unknown", signals={"traceback", "log", "http"}, confidence=HEURISTIC, also=("*",))
def catalogued_error(facts: Facts) -> Verdict | None:
    """An error the catalogue knows names the root cause.

    Detects exceptions, error codes, message patterns and failing statuses listed in the error
    catalogue (``rootcause explain <code or exception>`` prints an entry). The entry's root
    cause and confidence carry over; the strongest match wins, the earliest among equals. The
    family rules keep their cross-signal reasoning (upstream cause, cascades): the catalogue
    speaks at most at INFERENCE, and a family rule at the same level outranks it.

    Fires on: ``psycopg.errors.UndefinedTable: relation "articles" does not exist`` (catalogue
    entry ``postgres.42P01``, ``data.schema.missing_table``).
    Does not fire on: ``Exception: something odd happened`` (no entry names it).
    """
    matches = facts.catalogue_matches
    if not matches:
        return None
    best = min(enumerate(matches), key=lambda im: (-min(im[1].entry.confidence.rank, MAX_CONFIDENCE.rank), im[0]))[1]
    entry = best.entry
    if best.exception is not None:
        evidence, position = exception_evidence(best.exception), float(best.exception.line or 0)
    elif best.line is not None:
        evidence, position = [line_evidence(best.line)], float(best.line.line)
    else:
        evidence, position = [request_evidence(best.request)], float(best.request.position) + 1e6
    confidence = entry.confidence if entry.confidence.rank <= MAX_CONFIDENCE.rank else MAX_CONFIDENCE
    return Verdict(evidence=evidence, root_cause=entry.root_cause, confidence=confidence, message=f"{entry.summary} [catalogue {entry.id}]", position=position)


RULES = (catalogued_error,)
