"""Agent trajectories: turns, the shell commands the agent ran, files it wrote, how it ended.

Accepts mini-SWE-agent text (``[assistant]`` / ``[user]`` blocks), a list of
``{role, content}`` messages, or the ``{status, trajectories: [...]}`` object of
``mini/trajectory.json``.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

_ROLE = re.compile(r"^\[(assistant|user|system|tool)\]\s*$")
_BASH = re.compile(r"```(?:bash|sh|shell)?[ \t]*\n(.*?)```", re.DOTALL)
_HEREDOC = re.compile(
    r"cat[ \t]{1,20}(?:>[ \t]{0,20}(?P<p1>[\w./-]{1,300})[ \t]{1,20}<<-?[ \t]{0,20}['\"]?(?P<t1>\w{1,40})['\"]?|<<-?[ \t]{0,20}['\"]?(?P<t2>\w{1,40})['\"]?[ \t]{0,20}>[ \t]{0,20}(?P<p2>[\w./-]{1,300}))[^\n]{0,4000}\n"
)
SUBMIT_MARKERS = ("COMPLETE_TASK_AND_SUBMIT_FINAL_OUTPUT", "MINI_SWE_AGENT_FINAL_OUTPUT")
LIMIT_STATUSES = ("LimitsExceeded", "limits_exceeded", "CostLimitExceeded", "StepLimitExceeded", "TimeoutError")


@dataclass(frozen=True, slots=True)
class Turn:
    role: str
    content: str


@dataclass(frozen=True, slots=True)
class TrajectoryFacts:
    """What the trajectory shows about the agent process."""

    turns: tuple[Turn, ...] = ()
    commands: tuple[str, ...] = ()
    files_written: dict[str, str] = field(default_factory=dict)
    status: str | None = None
    exit_message: str | None = None
    submitted: bool = False
    longest_repeat: int = 0  # most identical commands in a row
    repeated_command: str | None = None
    most_common_count: int = 0

    @property
    def n_turns(self) -> int:
        return len(self.turns)


def _turns_from_text(text: str) -> list[Turn]:
    turns: list[Turn] = []
    role: str | None = None
    buf: list[str] = []
    for line in text.splitlines():
        m = _ROLE.match(line)
        if m:
            if role is not None:
                turns.append(Turn(role, "\n".join(buf).strip()))
            role, buf = m.group(1), []
        else:
            buf.append(line)
    if role is not None:
        turns.append(Turn(role, "\n".join(buf).strip()))
    elif text.strip():
        turns.append(Turn("unknown", text.strip()))
    return turns


def _content_text(content: Any) -> str:
    if isinstance(content, str):
        return content
    if isinstance(content, list):  # OpenAI-style content parts
        return "\n".join(_content_text(part.get("text", "")) if isinstance(part, dict) else str(part) for part in content)
    if isinstance(content, dict):
        return str(content.get("text", ""))
    return "" if content is None else str(content)


def parse_trajectory(trajectory: Any) -> TrajectoryFacts:
    """Facts from a trajectory in any of the accepted shapes; empty facts for None."""
    status = exit_message = None
    if isinstance(trajectory, dict):
        status = trajectory.get("status") or (trajectory.get("info") or {}).get("exit_status")
        exit_message = trajectory.get("message") or (trajectory.get("info") or {}).get("submission")
        trajectory = trajectory.get("trajectories") or trajectory.get("messages") or []
    if isinstance(trajectory, str):
        turns = _turns_from_text(trajectory)
    elif isinstance(trajectory, list):
        turns = [Turn(str(m.get("role", "unknown")), _content_text(m.get("content"))) for m in trajectory if isinstance(m, dict)]
    else:
        turns = []
    commands = []
    files: dict[str, str] = {}
    for turn in turns:
        if turn.role != "assistant":
            continue
        for block in _BASH.findall(turn.content[:200_000]):
            command = block.strip()
            if command:
                commands.append(command)
                files.update(_heredoc_files(command))
    submitted = any(marker in turn.content for turn in turns[-3:] for marker in SUBMIT_MARKERS)
    longest, repeated, run, previous = 0, None, 0, None
    for command in commands:
        norm = " ".join(command.split())
        run = run + 1 if norm == previous else 1
        previous = norm
        if run > longest:
            longest, repeated = run, command
    counts = Counter(" ".join(c.split()) for c in commands)
    return TrajectoryFacts(
        turns=tuple(turns),
        commands=tuple(commands),
        files_written=files,
        status=str(status) if status else None,
        exit_message=str(exit_message) if exit_message else None,
        submitted=submitted,
        longest_repeat=longest,
        repeated_command=repeated,
        most_common_count=max(counts.values(), default=0),
    )


def _heredoc_files(command: str) -> dict[str, str]:
    files = {}
    for m in _HEREDOC.finditer(command):
        path = m.group("p1") or m.group("p2")
        terminator = m.group("t1") or m.group("t2")
        body_start = m.end()
        # searched from body_start in place (no copy of the rest): linear however many heredocs
        end = re.compile(rf"^{re.escape(terminator)}[ \t]*$", re.MULTILINE).search(command, body_start)
        if end:
            files[path] = command[body_start : end.start()]
    return files
