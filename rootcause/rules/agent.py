"""Rules for failures of the agent process itself, read from its trajectory and patch."""

from __future__ import annotations

import re

from rootcause.evidence.facts import Facts
from rootcause.parsing.trajectory import LIMIT_STATUSES
from rootcause.records import Evidence
from rootcause.rules.base import HIGH, INFERENCE, Verdict, rule
from rootcause.rules.match import line_verdict

LOOP_MIN_REPEATS = 4
LOOP_CERTAIN_REPEATS = 6


@rule("RC951", "agent.loop", signals={"trajectory"}, confidence=INFERENCE)
def same_command_repeated(facts: Facts) -> Verdict | None:
    """The agent repeats the same action without progress.

    Detects a trajectory in which one shell command is issued at least four times in a row
    (whitespace-normalised), or one command makes up at least half of eight or more
    actions: the agent is stuck in a loop. Six in a row is HIGH confidence, and then the
    loop (precedence 5) also explains a step-limit exit.

    Fires on: eight turns each running ``cat > src/repositories/ArticleRepository.js <<'EOF' ...`` with the same content.
    Does not fire on: a trajectory whose commands differ (edit, run, curl, edit).
    """
    t = facts.trajectory
    looping = t.longest_repeat >= LOOP_MIN_REPEATS or (len(t.commands) >= 8 and t.most_common_count * 2 >= len(t.commands))
    if not looping:
        return None
    command = (t.repeated_command or "").strip().splitlines()[0][:200] if t.repeated_command else ""
    # Six identical actions in a row leave no doubt; a loop also explains hitting the step limit.
    confidence = HIGH if t.longest_repeat >= LOOP_CERTAIN_REPEATS else None
    return Verdict(
        evidence=[Evidence(kind="trajectory", text=f"repeated {max(t.longest_repeat, t.most_common_count)} times: {command}", source="trajectory")],
        confidence=confidence,
    )


@rule("RC952", "agent.termination.limits", signals={"trajectory"}, confidence=HIGH)
def agent_hit_its_limits(facts: Facts) -> Verdict | None:
    """The agent was stopped by its step, cost or time limit before it finished.

    Detects a trajectory whose exit status is ``LimitsExceeded`` (or a cost/step/time limit)
    as mini-SWE-agent records it in ``mini/trajectory.json``.

    Fires on: ``{"status": "LimitsExceeded", ...}``.
    Does not fire on: ``{"status": "Submitted", ...}``.
    """
    status = facts.trajectory.status or ""
    if status in LIMIT_STATUSES or re.search(r"limit", status, re.IGNORECASE):
        return Verdict(evidence=[Evidence(kind="trajectory", text=f"exit status {status}", source="trajectory")])
    return None


@rule("RC953", "agent.termination.empty_patch", signals={"verifier", "trajectory"}, confidence=HIGH)
def nothing_was_submitted(facts: Facts) -> Verdict | None:
    """The agent's submission holds no files: nothing was built.

    Detects the verifier's ``No files found in patch`` and a run folder whose patch file is
    present but empty.

    Fires on: verifier output ``No files found in patch``.
    Does not fire on: a patch that adds ``src/app.py``.
    """
    line = facts.search(re.compile(r"No files found in (?:the )?patch|patch is empty|empty patch", re.IGNORECASE))
    if line:
        return line_verdict(line, kind="verifier")
    if facts.patch_is_empty and facts.metadata.get("patch_file"):
        return Verdict(evidence=[Evidence(kind="static", text="the patch file is empty", path=str(facts.metadata.get("patch_file")))])
    return None


RULES = (same_command_repeated, agent_hit_its_limits, nothing_was_submitted)
