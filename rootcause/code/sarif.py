"""SARIF 2.1.0 output, so editors and code-scanning UIs can show the findings."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rootcause.code.model import CodeFinding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def to_sarif(findings: Iterable[tuple[str, CodeFinding]], *, version: str) -> dict[str, Any]:
    """One SARIF run; ``findings`` are (project path, finding) pairs. Remarks become ``note``.

    Each analysed project is a base URI (``originalUriBaseIds``: ``PROJECT``, or ``PROJECT1``...
    for several) that the results' relative paths hang on; each result has a
    ``partialFingerprints`` entry (rule, file and message, not the line), so a code-scanning UI
    keeps tracking a finding when lines above it move.
    """
    import hashlib
    from pathlib import Path

    from rootcause.code.registry import STATIC_CODES
    from rootcause.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    findings = list(findings)
    projects = list(dict.fromkeys(project for project, _ in findings))
    base_ids = {p: "PROJECT" if len(projects) == 1 else f"PROJECT{i + 1}" for i, p in enumerate(projects)}
    results = []
    rules: dict[str, dict[str, Any]] = {}
    for project, finding in findings:
        if finding.rule not in rules:
            entry = taxonomy.entries.get(finding.root_cause)
            check = STATIC_CODES.get(finding.rule)
            rules[finding.rule] = {
                "id": finding.rule,
                **({"name": check.name} if check else {}),
                "shortDescription": {"text": check.summary if check else entry.name if entry else finding.root_cause},
                "fullDescription": {"text": (entry.description if entry else finding.root_cause).strip()},
                "help": {"text": f"rootcause explain {finding.rule}" if check else f"rootcause explain {finding.root_cause}"},
                "properties": {"root_cause": finding.root_cause},
            }
        location: dict[str, dict[str, Any]] = {"artifactLocation": {"uri": finding.path, "uriBaseId": base_ids[project]}}
        if finding.line:
            location["region"] = {"startLine": finding.line, "startColumn": max(1, finding.column)}
        results.append(
            {
                "ruleId": finding.rule,
                "level": "error" if finding.level == "defect" else "note",
                "message": {"text": finding.message},
                "locations": [{"physicalLocation": location}],
                "partialFingerprints": {"rootcause/v1": hashlib.sha256(f"{finding.rule}\0{finding.path}\0{finding.message}".encode()).hexdigest()[:32]},
                "properties": {"root_cause": finding.root_cause, "facts": list(finding.facts), "project": project},
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "rootcause", "version": version, "rules": list(rules.values())}},
                "originalUriBaseIds": {base: {"uri": Path(project).resolve().as_uri().rstrip("/") + "/"} for project, base in base_ids.items()},
                "results": results,
            }
        ],
    }
