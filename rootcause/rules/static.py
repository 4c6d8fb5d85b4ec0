"""Rules that read the static analysis of the run's own code, alone or tied to runtime evidence."""

from __future__ import annotations

from rootcause.code.registry import STATIC_CODES
from rootcause.evidence.facts import Facts, exception_evidence
from rootcause.records import Evidence
from rootcause.rules.base import HEURISTIC, HIGH, INFERENCE, Verdict, rule

#: Every root cause a static code may carry (``rootcause explain <code>``): what RC211 and RC213 may answer.
STATIC_ROOT_CAUSES = tuple(sorted({rc for code in STATIC_CODES.values() if code.level == "defect" for rc in code.root_causes}))
#: Static families whose defects stop the server from starting.
STARTUP_FAMILIES = ("startup.syntax", "xfile.reference.import", "xfile.reference.circular_import")
NEAR_LINES = 3


def static_evidence(finding) -> Evidence:
    facts = f" ({'; '.join(finding.facts[:2])})" if finding.facts else ""
    return Evidence(kind="static", text=f"{finding.rule}: {finding.message}{facts}"[:500], path=finding.path, line=finding.line, source="code")


def _same_file(frame_path: str, finding_path: str) -> bool:
    return frame_path == finding_path or frame_path.endswith("/" + finding_path)


@rule("RC211", "xfile.reference", signals={"traceback", "static"}, confidence=HIGH, also=STATIC_ROOT_CAUSES)
def failing_frame_has_a_static_defect(facts: Facts) -> Verdict | None:
    """The frame where the run failed holds a defect the static analysis also finds.

    Detects an exception whose project frames (any of them, innermost first) sit within
    three lines of a static finding in the same file: the runtime error and the static
    fact explain each other, and the finding's taxonomy id is the diagnosis.

    Fires on: ``NameError: name 'UserRepository' is not defined`` at ``routes/users.py:12`` with the
    static finding "UserRepository is used but not imported; it is defined in repositories/user.py:3".
    Does not fire on: the same NameError when the run carries no code, or when the static
    findings are in other files.
    """
    if not facts.static:
        return None
    for exc in facts.exceptions:
        frames = list(exc.project_frames)
        if exc.language == "python":
            frames.reverse()
        for frame in frames:
            line = frame.line
            if line is None:
                continue
            near = [f for f in facts.static if _same_file(frame.relpath, f.path) and abs(f.line - line) <= NEAR_LINES]
            if near:
                best = min(near, key=lambda f: abs(f.line - line))
                return Verdict(
                    evidence=[*exception_evidence(exc), static_evidence(best)],
                    root_cause=best.root_cause,
                    message=f"The failing frame holds a static defect: {best.message}",
                    position=float(exc.line or 0),
                )
    return None


@rule("RC212", "startup", signals={"static", "http"}, confidence=INFERENCE, also=("xfile.reference",))
def code_cannot_start(facts: Facts) -> Verdict | None:
    """The server never answered and its code has a defect that stops it from starting.

    Detects a run where no request got a response (or there were no requests and no server
    output) while the static analysis finds a syntax error, an import of a module or name
    that does not exist, or an import cycle that fails at import time.

    Fires on: every Newman request without a status, and ``src/app.py`` importing
    ``create_app`` from ``src/factory.py``, which defines ``make_app``.
    Does not fire on: the same static finding when requests were answered (the module may
    never be imported).
    """
    starting = [f for f in facts.static if f.root_cause.startswith(STARTUP_FAMILIES)]
    if not starting:
        return None
    requests = facts.requests
    never_answered = bool(requests) and all(r.status is None for r in requests)
    silent = not requests and not facts.exceptions and not facts.access
    if not (never_answered or silent):
        return None
    first = starting[0]
    return Verdict(evidence=[static_evidence(f) for f in starting[:3]], root_cause=first.root_cause, position=0.0)


@rule("RC213", "xfile.reference", signals={"static"}, confidence=HEURISTIC, also=STATIC_ROOT_CAUSES)
def static_defect_without_runtime_trace(facts: Facts) -> Verdict | None:
    """The code holds a cross-file or data-layer defect, though the logs do not show where it struck.

    Detects static findings in the cross-file, ORM, query and schema families, and a Promise
    read as a value (FW401: the code sees a pending Promise, which no log line names), when no
    exception in the logs points at them: a weak vote, left to stronger evidence.

    Fires on: a patch whose ``services/article.py`` calls ``repo.find_by_slug(slug, user)``
    against ``def find_by_slug(self, slug)``, with only Newman results to go on.
    Does not fire on: a project whose only findings are remarks.
    """
    families = ("xfile.", "data.", "framework.wiring.async_misuse")
    found = [f for f in facts.static if f.root_cause.startswith(families)]
    if not found:
        return None
    return Verdict(evidence=[static_evidence(f) for f in found[:3]], root_cause=found[0].root_cause)


RULES = (failing_frame_has_a_static_defect, code_cannot_start, static_defect_without_runtime_trace)
