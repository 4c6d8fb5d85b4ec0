"""The package's layering (the import-linter contracts in pyproject.toml) and its moved modules."""

from __future__ import annotations

import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_no_stage_imports_a_later_one_and_the_library_never_imports_the_corpus_builder():
    command = shutil.which("lint-imports", path=str(Path(sys.executable).parent)) or shutil.which("lint-imports")
    assert command, "import-linter is in the test extra: pip install -e '.[test]'"
    done = subprocess.run([command, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "0 broken" in done.stdout


@pytest.mark.parametrize(
    "old, new",
    [
        ("rootcause.evidence.http", "rootcause.parsing.http"),
        ("rootcause.evidence.python_tb", "rootcause.parsing.python_tb"),
        ("rootcause.evidence.text", "rootcause.parsing.lines"),
        ("rootcause.readers._io", "rootcause.parsing.io"),
        ("rootcause.readers.testoutput", "rootcause.parsing.test_output"),
        ("rootcause.model", "rootcause.records"),
        ("rootcause.learn.model", "rootcause.learn.classifier"),
    ],
)
def test_moved_modules_keep_their_old_import_path(old, new):
    assert importlib.import_module(old) is importlib.import_module(new)


def test_decide_and_combine_keep_their_old_import_paths():
    decide = importlib.import_module("rootcause.decide")
    # (the attribute rootcause.classify is the classify() function, so the module is fetched by name)
    assert importlib.import_module("rootcause.classify").decide is decide.decide
    assert importlib.import_module("rootcause.learn.classifier").combine is decide.combine
    assert importlib.import_module("rootcause.learn").combine is decide.combine


def test_rules_read_facts_never_the_raw_record():
    """Facts promises that evidence is parsed once: a rule reading ``facts.record`` would parse it again."""
    import ast

    readers = []
    for path in sorted((ROOT / "rootcause" / "rules").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Attribute) and node.attr == "record" and isinstance(node.value, ast.Name) and node.value.id == "facts":
                readers.append(f"{path.name}:{node.lineno}")
    assert readers == []
