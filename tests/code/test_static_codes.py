"""The static codes' registry (rootcause/code/registry.py) against the checks that emit them."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from rootcause.code import analyze
from rootcause.code.registry import STATIC_CODES, get_static
from rootcause.taxonomy import load_taxonomy

CODE_DIR = Path(__file__).resolve().parents[2] / "rootcause" / "code"
HERE = Path(__file__).parent
LITERAL = re.compile(r"['\"]((?:SY|XF|FW|OR|SQ|ST|RM)\d{3})['\"]")
#: Projects of the test suite the checks run on: each finding must carry a declared root cause.
PROJECTS = sorted(p for folder in ("projects", "seeded") for p in (HERE / folder).iterdir() if p.is_dir())


def emitted_codes() -> set[str]:
    """Every static code written as a literal in the analysis modules (the registry aside)."""
    return {m.group(1) for path in CODE_DIR.rglob("*.py") if path.name != "registry.py" for m in LITERAL.finditer(path.read_text(encoding="utf-8"))}


def test_every_code_the_checks_write_is_registered_and_every_entry_is_used():
    emitted = emitted_codes()
    assert emitted - set(STATIC_CODES) == set(), "codes without a registry entry"
    assert set(STATIC_CODES) - emitted == set(), "registry entries no check writes"


def test_entries_name_taxonomy_ids_and_carry_their_documentation():
    taxonomy = load_taxonomy()
    for entry in STATIC_CODES.values():
        assert entry.root_causes and all(rc in taxonomy for rc in entry.root_causes), entry.code
        assert entry.summary.endswith(".") and entry.fires_on and entry.quiet_on, entry.code
        assert entry.level in ("defect", "remark")
        assert get_static(entry.name) is entry


def emission_sites() -> list[tuple[str, int, str, str]]:
    """(file, line, code, root cause) for every call that writes a finding: a code argument
    followed by its root cause, each a string or a module-level string constant."""
    sites = []
    for path in CODE_DIR.rglob("*.py"):
        if path.name == "registry.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        constants: dict[str, str] = {}
        for node in tree.body:
            if isinstance(node, ast.Assign):
                targets = node.targets[0].elts if isinstance(node.targets[0], ast.Tuple) else node.targets
                values = node.value.elts if isinstance(node.value, ast.Tuple) else [node.value]
                for target, value in zip(targets, values, strict=False):
                    if isinstance(target, ast.Name):
                        if isinstance(value, ast.Constant) and isinstance(value.value, str):
                            constants[target.id] = value.value
                        elif isinstance(value, ast.Name) and value.id in constants:
                            constants[target.id] = constants[value.id]

        def text(node, constants=constants):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                return node.value
            return constants.get(node.id) if isinstance(node, ast.Name) else None

        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            args = [text(a) for a in node.args]
            for i, value in enumerate(args[:-1]):
                if value and re.fullmatch(r"(?:SY|XF|FW|OR|SQ|ST|RM)\d{3}", value) and args[i + 1]:
                    sites.append((path.name, node.lineno, value, args[i + 1]))
    return sites


def test_every_finding_a_check_writes_carries_a_root_cause_its_code_declares():
    sites = emission_sites()
    assert len({code for _, _, code, _ in sites}) >= 25  # nearly every code is written with a literal root cause
    undeclared = [site for site in sites if site[3] not in STATIC_CODES[site[2]].root_causes]
    assert undeclared == []


def test_findings_on_the_test_projects_carry_a_root_cause_their_code_declares():
    findings = analyze(PROJECTS)
    assert len(findings) > 20
    undeclared = findings[[rc not in STATIC_CODES[code].root_causes for code, rc in zip(findings["rule"], findings["root_cause"], strict=True)]]
    assert undeclared.empty, undeclared[["project", "rule", "root_cause", "path", "line"]].to_string()


@pytest.mark.parametrize("code", sorted(STATIC_CODES))
def test_explain_prints_every_static_code(code, capsys):
    from rootcause.cli import main

    assert main(["explain", code]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{code} {STATIC_CODES[code].name} -> ") and "Fires on:" in out
