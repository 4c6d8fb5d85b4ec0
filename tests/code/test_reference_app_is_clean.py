"""Precision on a real, working app: the team's Flask reference app passes the contract suite on
SQLite and PostgreSQL (tests/corpus), so every defect finding on it would be false."""

from __future__ import annotations

from pathlib import Path

import pytest

from rootcause.code import Project, analyze_project

APP = Path(__file__).resolve().parents[2] / "data" / "apps" / "flask_sqlalchemy"


@pytest.mark.parametrize("constraints", [("clean_architecture", "sqlite", "sqlalchemy"), ("clean_architecture", "postgres", "sqlalchemy"), ()])
def test_reference_app_has_no_defect_findings(constraints):
    findings = [f for f in analyze_project(Project.from_path(APP), constraints) if f.level == "defect"]
    assert findings == []


def test_package_init_importing_submodules_that_import_siblings_through_it_is_not_a_failing_cycle():
    files = {
        "pkg/__init__.py": "from pkg.service import Service\nfrom pkg import helpers\n",
        "pkg/helpers.py": "def clean(x):\n    return x\n",
        "pkg/service.py": "from pkg import helpers\n\n\nclass Service:\n    def run(self, x):\n        return helpers.clean(x)\n",
    }
    assert [f for f in analyze_project(Project.from_files(files)) if f.rule == "XF107"] == []
