"""Precision on real, working apps: the team's reference apps pass the contract suite on SQLite
and PostgreSQL (tests/corpus), so every defect finding on them would be false."""

from __future__ import annotations

from pathlib import Path

import pytest

from rootcause.code import Project, analyze_project

APPS = Path(__file__).resolve().parents[2] / "data" / "apps"
CASES = [
    (app, (*layers, db, *orm))
    for app, orm in [("flask_sqlalchemy", ("sqlalchemy",)), ("fastapi_sqlalchemy_async", ("sqlalchemy",)), ("aiohttp_raw_sql", ()), ("django_orm", ())]
    for db in ("sqlite", "postgres")
    for layers in [("clean_architecture",)]
] + [("flask_sqlalchemy", ()), ("fastapi_sqlalchemy_async", ()), ("aiohttp_raw_sql", ()), ("django_orm", ())]


@pytest.mark.parametrize(("app", "constraints"), CASES, ids=[f"{a}-{'-'.join(c) or 'none'}" for a, c in CASES])
def test_reference_app_has_no_defect_findings(app, constraints):
    findings = [f for f in analyze_project(Project.from_path(APPS / app), constraints) if f.level == "defect"]
    assert findings == []


def test_package_init_importing_submodules_that_import_siblings_through_it_is_not_a_failing_cycle():
    files = {
        "pkg/__init__.py": "from pkg.service import Service\nfrom pkg import helpers\n",
        "pkg/helpers.py": "def clean(x):\n    return x\n",
        "pkg/service.py": "from pkg import helpers\n\n\nclass Service:\n    def run(self, x):\n        return helpers.clean(x)\n",
    }
    assert [f for f in analyze_project(Project.from_files(files)) if f.rule == "XF107"] == []
