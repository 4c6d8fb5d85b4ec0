"""From runs to diagnoses: extract evidence, apply rules, pick the upstream finding.

The decision among several findings: the highest confidence level wins; within a level a
family rule wins over the error catalogue's generic rule, then the most upstream root cause
(the taxonomy's ``precedence``), then the earliest evidence. Rules that agree on the winner's
family raise its confidence a little.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from rootcause.decide import AGREEMENT_BONUS, CATALOGUE_RULE, MAX_CONFIDENCE, decide  # noqa: F401 - re-exported
from rootcause.pipeline import Observed, RunClassifier, observe
from rootcause.records import METADATA_FIELDS, Diagnosis, RunRecord
from rootcause.taxonomy import UNKNOWN, Taxonomy, load_taxonomy

if TYPE_CHECKING:
    import os

    import pandas as pd

    from rootcause.rules.base import Rule

#: Output columns, in order (metadata columns follow ``id``).
COLUMNS = (
    "id",
    *METADATA_FIELDS,
    "root_cause",
    "category",
    "subcategory",
    "confidence",
    "source",
    "rule",
    "message",
    "evidence",
    "error",
    "warnings",
    "failed_requests",
    "failed_assertions",
    "passed",
    "rules_fired",
)


def diagnose(
    record: RunRecord,
    rules: Sequence["Rule"] | None = None,
    taxonomy: Taxonomy | None = None,
    *,
    model: RunClassifier | None = None,
    threshold: float = 0.35,
    policy: str = "rules",
) -> Diagnosis:
    """Diagnose one run. Never raises for bad evidence: a failure becomes ``unknown`` with ``error``.

    With ``model`` (a fitted ``rootcause.learn`` pipeline) rule findings and the model's
    probabilities combine as ``rootcause.learn.combine`` documents for ``policy``; runs the
    model answers have ``source="model"``.
    """
    taxonomy = taxonomy or load_taxonomy()
    unknown_category, unknown_sub = taxonomy.paper_labels(UNKNOWN)
    observed = observe(record, rules)
    if observed.error is not None:
        return Diagnosis(
            id=record.id,
            root_cause=UNKNOWN,
            category=unknown_category,
            subcategory=unknown_sub,
            confidence=0.0,
            source="default",
            metadata=record.metadata,
            error=observed.error,
            warnings=record.warnings,
        )
    diagnosis = _decide_observed(observed, taxonomy, model, threshold, policy)
    return replace(diagnosis, **failure_counts(observed.facts))


def failure_counts(facts) -> dict[str, Any]:
    """How much of the contract failed: failing requests, failed assertions, and whether it passed.

    A failing request counts its failed assertions (at least one); each failed or erroring
    test counts one. These are what one upstream root cause explains in a run (its cascade).
    ``passed`` is None for a run with no request or test results (a log alone cannot show a
    pass), so pass rates are computed over runs whose suite actually ran.
    """
    failing = facts.failing_requests
    tests = sum(1 for t in facts.tests if t.outcome in ("failed", "error"))
    assertions = sum(max(r.failed, 1) for r in failing) + tests
    judged = bool(facts.requests or facts.tests)
    passed = (assertions == 0 and not facts.verifier_lines) if judged else (False if facts.verifier_lines else None)
    return {"failed_requests": len(failing), "failed_assertions": assertions, "passed": passed}


def _decide_observed(observed: Observed, taxonomy: Taxonomy, model: RunClassifier | None, threshold: float, policy: str) -> Diagnosis:
    """The diagnosis of an observed run: the rules' best finding, or the model's answer under ``policy``."""
    record, facts, findings, rule_errors = observed.record, observed.facts, list(observed.findings), observed.rule_errors
    unknown_category, unknown_sub = taxonomy.paper_labels(UNKNOWN)
    warnings = tuple(record.warnings) + tuple(facts.problems)
    if model is not None and not (policy == "rules" and findings) and _shows_a_failure(facts):
        answer = _model_answer(observed, taxonomy, model, threshold, policy)
        if answer is not None:
            return answer
    best, confidence = decide(findings, taxonomy)
    if best is None:
        return Diagnosis(
            id=record.id,
            root_cause=UNKNOWN,
            category=unknown_category,
            subcategory=unknown_sub,
            confidence=0.0,
            source="default",
            metadata=record.metadata,
            warnings=warnings,
            rule_errors=rule_errors,
        )
    category, subcategory = taxonomy.paper_labels(best.root_cause)
    return Diagnosis(
        id=record.id,
        root_cause=best.root_cause,
        category=category,
        subcategory=subcategory,
        confidence=confidence,
        source="rule",
        evidence=best.evidence,
        rule=best.rule,
        message=best.message,
        findings=tuple(findings),
        metadata=record.metadata,
        warnings=warnings,
        rule_errors=rule_errors,
    )


def _shows_a_failure(facts) -> bool:
    """Whether there is any failure to explain: an exception, a failing request or test, a verifier line.

    A run with none of these gives the model nothing to read; it stays ``unknown``.
    """
    return bool(facts.exceptions or facts.failing_requests or facts.verifier_lines or any(t.outcome not in ("passed", "skipped") for t in facts.tests))


def has_concrete_signal(facts) -> bool:
    """An exception, a failing request or test, or an error code in the log: something a diagnosis can point at."""
    from rootcause.catalogue import codes_in

    if facts.exceptions or facts.failing_requests or any(t.outcome in ("failed", "error") for t in facts.tests):
        return True
    return any(codes_in(line.text) for line in facts.lines[:5000])


def _model_answer(observed: Observed, taxonomy: Taxonomy, model: RunClassifier, threshold: float, policy: str) -> Diagnosis | None:
    """The combined answer when the model decides it (None when the rules do)."""
    import numpy as np

    from rootcause.decide import combine
    from rootcause.evidence.facts import exception_evidence, request_evidence

    record, facts, findings, rule_errors = observed.record, observed.facts, list(observed.findings), observed.rule_errors
    try:
        proba = model.predict_proba([observed])[0]
    except Exception as exc:  # noqa: BLE001 - a model that fails on one run must not stop a sweep
        warning = f"model failed on this run: {type(exc).__name__}: {exc}"
        return (
            None
            if findings
            else Diagnosis(
                id=record.id,
                root_cause=UNKNOWN,
                category=taxonomy.paper_labels(UNKNOWN)[0],
                subcategory=None,
                confidence=0.0,
                source="default",
                metadata=record.metadata,
                warnings=tuple(record.warnings) + (warning,),
            )
        )
    root, confidence, source = combine(findings, proba, list(model.classes_), threshold, taxonomy, policy=policy)
    if source != "model":
        return None
    top = float(max(proba))
    below = root == UNKNOWN and has_concrete_signal(facts)
    if below:
        # An exception, an error code or a failing status is there to explain: answer with the
        # best guess and its (low) probability rather than ``unknown``; ``confidence`` says how sure.
        root, confidence = str(model.classes_[int(np.argmax(proba))]), round(top, 3)
    if root not in taxonomy:
        root = UNKNOWN
    category, subcategory = taxonomy.paper_labels(root)
    evidence = tuple(exception_evidence(facts.exceptions[0])[:2]) if facts.exceptions else tuple(request_evidence(r) for r in facts.failing_requests[:3])
    if below:
        message = f"model: {root} (p={top:.2f}, below the {threshold:g} threshold; the run shows a failure, so the best guess is given)"
    elif root != UNKNOWN:
        message = f"model: {root} (p={top:.2f})"
    else:
        message = f"model abstains: best guess p={top:.2f} is below {threshold:g}"
    return Diagnosis(
        id=record.id,
        root_cause=root,
        category=category,
        subcategory=subcategory,
        confidence=confidence,
        source="model",
        evidence=evidence,
        message=message,
        findings=tuple(findings),
        metadata=record.metadata,
        warnings=tuple(record.warnings) + tuple(facts.problems),
        rule_errors=rule_errors,
    )


def diagnose_all(
    records: Iterable[RunRecord],
    *,
    rules: Sequence["Rule"] | None = None,
    progress: Callable[[int], None] | None = None,
    model: RunClassifier | None = None,
    threshold: float = 0.35,
    policy: str = "rules",
) -> Iterator[Diagnosis]:
    """Diagnose records lazily, in input order (``model``: see :func:`diagnose`)."""
    taxonomy = load_taxonomy()
    for index, record in enumerate(records, 1):
        yield diagnose(record, rules, taxonomy, model=model, threshold=threshold, policy=policy)
        if progress is not None:
            progress(index)


def diagnosis_row(diagnosis: Diagnosis) -> dict[str, Any]:
    """One output row: the documented columns, then echoed extra metadata fields."""
    row: dict[str, Any] = {"id": diagnosis.id}
    for name in METADATA_FIELDS:
        row[name] = diagnosis.metadata.get(name)
    row.update(
        root_cause=diagnosis.root_cause,
        category=diagnosis.category,
        subcategory=diagnosis.subcategory,
        confidence=diagnosis.confidence,
        source=diagnosis.source,
        rule=diagnosis.rule,
        message=diagnosis.message,
        evidence=[e.to_dict() for e in diagnosis.evidence],
        error=diagnosis.error,
        warnings=list(diagnosis.warnings) + list(diagnosis.rule_errors),
        failed_requests=diagnosis.failed_requests,
        failed_assertions=diagnosis.failed_assertions,
        passed=diagnosis.passed,
        rules_fired=list(diagnosis.rules_fired),
    )
    for key, value in diagnosis.metadata.items():
        if key not in row:
            row[key] = value
    return row


def classify(
    inputs: "str | os.PathLike[str] | RunRecord | Iterable[str | os.PathLike[str] | RunRecord]",
    *,
    input_format: str | None = None,
    rules: Sequence["Rule"] | None = None,
    model: Any = "default",
    threshold: float = 0.35,
    policy: str = "rules",
) -> "pd.DataFrame":
    """Classify runs and return one row per run, in input order.

    ``inputs`` are paths (files or folders in any supported format), RunRecords, record dicts
    (the RunRecord JSONL schema: ``id``, ``log``, ``test_output``, ``files``, ...), a DataFrame
    with one record per row, or a mix. A path that does not exist raises ``FileNotFoundError``;
    a table given as runs (a CSV of classified runs, the study's labels) raises ``ValueError``
    naming the command that reads it; anything else raises ``TypeError``.
    Columns: ``id``, framework/task/agent/model/runtime, ``root_cause``, ``category``,
    ``model`` is a fitted ``rootcause.learn`` pipeline, a path to a skops file, or ``"default"``
    (the model shipped in the package); None classifies with the rules alone.
    ``subcategory`` (None unless logic_error), ``confidence`` (0..1), ``source``
    (rule/model/default), ``rule``, ``message``, ``evidence`` (list of dicts with kind,
    text, path, line, source), ``error``, ``warnings``, then any other input fields.
    """
    import pandas as pd

    from rootcause.readers import read_runs

    if isinstance(model, str):
        import warnings

        from rootcause.errors import ModelError
        from rootcause.learn.persist import load_model

        try:
            model = load_model(model)
        except ModelError as exc:
            if model != "default":
                raise
            warnings.warn(f"{exc}; classifying with the rules alone", stacklevel=2)
            model = None
    _check_paths(inputs, input_format)
    rows = [diagnosis_row(d) for d in diagnose_all(read_runs(inputs, input_format=input_format), rules=rules, model=model, threshold=threshold, policy=policy)]
    frame = pd.DataFrame(rows)
    if frame.empty:
        frame = pd.DataFrame(columns=list(COLUMNS))
    return typed(frame)


#: Column types of classify output, the same whether it comes from ``classify()`` or is read back
#: from its CSV/JSONL/Parquet by :func:`typed`: nullable integers and booleans keep "no value".
INTEGER_COLUMNS = ("failed_requests", "failed_assertions")
BOOLEAN_COLUMNS = ("passed",)
#: The constraint levels of the study, in order (``stats`` derives ``level`` from the task name).
LEVELS = ("L0", "L1", "L2", "L3")


def typed(frame: "pd.DataFrame") -> "pd.DataFrame":
    """Classify output with its documented types: ``confidence`` float, ``failed_requests`` and
    ``failed_assertions`` nullable integers (``Int64``), ``passed`` nullable boolean, ``level`` an
    ordered categorical (L0 < L1 < L2 < L3) when present; other columns keep Python objects, with
    None (not NaN) for a missing value. Re-reading classify's CSV through it gives the same types."""
    import pandas as pd

    frame = frame.copy()
    for column in frame.columns:
        if column == "confidence":
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype(float)
        elif column in INTEGER_COLUMNS:
            frame[column] = pd.to_numeric(frame[column], errors="coerce").astype("Int64")
        elif column in BOOLEAN_COLUMNS:
            frame[column] = frame[column].map(_boolean, na_action="ignore").astype("boolean")
        elif column == "level":
            frame[column] = pd.Categorical(frame[column].where(frame[column].isin(LEVELS)), categories=list(LEVELS), ordered=True)
        else:
            frame[column] = frame[column].astype(object).where(frame[column].notna(), None)
    return frame


def _boolean(value: Any) -> Any:
    if isinstance(value, str):
        return {"true": True, "false": False}.get(value.strip().lower())
    return bool(value)


def evidence_table(frame: "pd.DataFrame") -> "pd.DataFrame":
    """One row per evidence item of classified runs: ``id``, ``rank`` (0 is the first item shown),
    ``kind``, ``text``, ``path``, ``line``, ``source``, then the run's ``root_cause`` and ``rule``.

    Reads the ``evidence`` column as ``classify()`` gives it (a list of dicts) or as its JSONL
    output is read back (the same, or a JSON string); CSV output keeps only the evidence's text,
    so it cannot be split and raises ``ValueError``.
    """
    import pandas as pd

    rows = []
    for _, run in frame.iterrows():
        items = run.get("evidence")
        if isinstance(items, str):
            try:
                items = json.loads(items)
            except json.JSONDecodeError:
                raise ValueError("the evidence column holds text (CSV output): read the JSONL or Parquet output, or classify() again") from None
        for rank, item in enumerate(items if isinstance(items, list) else []):
            if isinstance(item, dict):
                rows.append(
                    {
                        "id": run.get("id"),
                        "rank": rank,
                        "kind": item.get("kind"),
                        "text": item.get("text"),
                        "path": item.get("path"),
                        "line": item.get("line"),
                        "source": item.get("source"),
                        "root_cause": run.get("root_cause"),
                        "rule": run.get("rule"),
                    }
                )
    columns = ["id", "rank", "kind", "text", "path", "line", "source", "root_cause", "rule"]
    table = pd.DataFrame(rows, columns=columns)
    table["line"] = pd.to_numeric(table["line"], errors="coerce").astype("Int64")
    table["rank"] = table["rank"].astype("Int64")
    return table


def _check_paths(inputs: Any, input_format: str | None) -> None:
    """In the API, a path that does not exist or a table given as runs is the caller's mistake: raise.

    (The command line keeps an error row for each and exits 1, so a sweep's other inputs still come out.)
    """
    from rootcause.errors import InputFormatError
    from rootcause.readers import detect_format

    items = [inputs] if isinstance(inputs, (str, os.PathLike)) else inputs if isinstance(inputs, (list, tuple)) else []
    for item in items:
        if not isinstance(item, (str, os.PathLike)) or str(item) == "-" or str(item).startswith("/dev/"):
            continue
        if not os.path.exists(item):
            raise FileNotFoundError(f"no such file or folder: {os.fspath(item)}")
        if input_format is None and os.path.isfile(item):
            try:
                detect_format(item)
            except InputFormatError as exc:
                raise ValueError(str(exc)) from None


def evidence_text(evidence: list[dict[str, Any]]) -> str:
    """Evidence as one human-readable string (for CSV cells and the terminal)."""
    parts = []
    for item in evidence:
        where = ""
        if item.get("path"):
            where = f"{item['path']}:{item['line']}: " if item.get("line") else f"{item['path']}: "
        elif item.get("source") and item.get("line"):
            where = f"[{item['source']}:{item['line']}] "
        parts.append(f"{where}{item.get('text', '')}")
    return " | ".join(parts)


def dumps_row(row: dict[str, Any]) -> str:
    return json.dumps(row, ensure_ascii=False, default=str)


def stderr_progress(total: int | None = None, every: int = 100) -> Callable[[int], None]:
    def report(done: int) -> None:
        if done % every == 0 or (total is not None and done == total):
            suffix = f"/{total}" if total else ""
            print(f"rootcause: classified {done}{suffix} runs", file=sys.stderr)

    return report
