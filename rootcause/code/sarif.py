"""SARIF 2.1.0 output, so editors and code-scanning UIs can show the findings."""

from __future__ import annotations

from typing import Any, Iterable

from rootcause.code.model import CodeFinding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def to_sarif(findings: Iterable[tuple[str, CodeFinding]], *, version: str) -> dict[str, Any]:
    """One SARIF run; ``findings`` are (project path, finding) pairs. Remarks become ``note``."""
    from rootcause.taxonomy import load_taxonomy

    taxonomy = load_taxonomy()
    results = []
    rules: dict[str, dict[str, Any]] = {}
    for project, finding in findings:
        if finding.rule not in rules:
            entry = taxonomy.entries.get(finding.root_cause)
            rules[finding.rule] = {
                "id": finding.rule,
                "shortDescription": {"text": entry.name if entry else finding.root_cause},
                "properties": {"root_cause": finding.root_cause},
            }
        location = {"artifactLocation": {"uri": finding.path, "uriBaseId": "PROJECT"}}
        if finding.line:
            location["region"] = {"startLine": finding.line, "startColumn": max(1, finding.column)}
        results.append(
            {
                "ruleId": finding.rule,
                "level": "error" if finding.level == "defect" else "note",
                "message": {"text": finding.message},
                "locations": [{"physicalLocation": location}],
                "properties": {"root_cause": finding.root_cause, "facts": list(finding.facts), "project": project},
            }
        )
    return {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "rootcause", "version": version, "rules": list(rules.values())}},
                "results": results,
            }
        ],
    }
