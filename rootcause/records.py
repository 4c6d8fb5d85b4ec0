"""Records that flow through rootcause: runs in, findings and diagnoses out.

All are frozen, slotted dataclasses. Mappings inside them are treated as read-only.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: Metadata fields echoed to the output, in this order, when a reader finds them.
METADATA_FIELDS = ("framework", "task", "agent", "model", "runtime")

#: Evidence-bearing fields of a RunRecord (the RunRecord JSONL schema).
TEXT_FIELDS = ("log", "server_log", "test_output", "newman_summary", "patch", "code", "verifier")


class Confidence(enum.Enum):
    """How sure a rule is when it fires (the levels pylint names).

    HIGH: the evidence names the defect (an exception type that only this cause raises).
    INFERENCE: the evidence implies it with a short, sound argument.
    HEURISTIC: a pattern that usually goes with it (status codes, which requests fail).
    """

    HIGH = 0.9
    INFERENCE = 0.75
    HEURISTIC = 0.55

    @property
    def rank(self) -> int:
        return {"HIGH": 3, "INFERENCE": 2, "HEURISTIC": 1}[self.name]


@dataclass(frozen=True, slots=True)
class RequestResult:
    """One request of a contract test suite (a Newman request), as the run saw it.

    ``status`` is the actual HTTP status, ``None`` when no response came back.
    ``position`` is the request's order in the suite, 0-based.
    """

    name: str
    method: str | None = None
    status: int | None = None
    failed: int = 0
    assertions: int | None = None
    url: str | None = None
    expected_status: int | None = None
    messages: tuple[str, ...] = ()
    position: int = 0

    @property
    def ok(self) -> bool:
        return self.failed == 0


@dataclass(frozen=True, slots=True)
class TestResult:
    """One test case from a test runner (pytest, JUnit, Django unittest, SWE-bench)."""

    name: str
    outcome: str  # passed | failed | error | skipped
    message: str | None = None
    details: str | None = None
    path: str | None = None
    line: int | None = None


@dataclass(frozen=True, slots=True)
class RunRecord:
    """One run to diagnose, as a reader produced it.

    Only ``id`` is required. ``metadata`` holds framework/task/agent/model/runtime and
    every unknown field of the input, echoed to the output. ``error`` is set when the
    record could not be read; such a record is still classified (as ``unknown``).
    """

    id: str
    metadata: Mapping[str, Any] = field(default_factory=dict)
    log: str | None = None
    server_log: str | None = None
    test_output: str | None = None
    newman_summary: str | None = None
    trajectory: Any = None  # text, or a list of {role, content}
    patch: str | None = None
    code: str | None = None
    files: Mapping[str, str] | None = None
    verifier: str | None = None
    requests: tuple[RequestResult, ...] = ()
    tests: tuple[TestResult, ...] = ()
    source: str | None = None
    error: str | None = None
    warnings: tuple[str, ...] = ()

    def texts(self) -> list[tuple[str, str]]:
        """The (field, text) pairs holding log-like text, in a stable order."""
        return [(name, getattr(self, name)) for name in ("server_log", "log", "test_output") if getattr(self, name)]


@dataclass(frozen=True, slots=True)
class Evidence:
    """A fact a person can check: a log line, a frame, a failing request, a static fact."""

    kind: str  # log | frame | exception | request | static | sql | trajectory | verifier | test
    text: str
    path: str | None = None
    line: int | None = None
    source: str | None = None  # the record field or file it came from

    def to_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "text": self.text, "path": self.path, "line": self.line, "source": self.source}


@dataclass(frozen=True, slots=True)
class Finding:
    """What one rule concluded about one run."""

    rule: str  # the rule's code, e.g. RC101
    root_cause: str  # a taxonomy id
    confidence: Confidence
    message: str
    evidence: tuple[Evidence, ...] = ()
    position: float = float("inf")  # where in the run the evidence sits: lower is earlier (more upstream)


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """The answer for one run: root cause, the paper's labels, confidence and evidence."""

    id: str
    root_cause: str
    category: str
    subcategory: str | None
    confidence: float
    source: str  # rule | model | default
    evidence: tuple[Evidence, ...] = ()
    rule: str | None = None
    message: str | None = None
    findings: tuple[Finding, ...] = ()
    metadata: Mapping[str, Any] = field(default_factory=dict)
    error: str | None = None
    warnings: tuple[str, ...] = ()
    rule_errors: tuple[str, ...] = ()
    #: Failing requests of the contract suite, and failed assertions (requests' plus failed tests);
    #: None when the run's evidence could not be read.
    failed_requests: int | None = None
    failed_assertions: int | None = None
    #: Whether the run passed its contract: True when it has request or test results and none
    #: failed (and no verifier line), False when something failed, None with nothing to judge.
    passed: bool | None = None

    @property
    def rules_fired(self) -> tuple[str, ...]:
        """Codes of every rule that found something in the run, in the order they ran."""
        return tuple(dict.fromkeys(f.rule for f in self.findings))
