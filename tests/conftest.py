"""Markers for the whole suite: ``integration`` tests start real servers (a throwaway PostgreSQL,
the team's reference apps) or run the notebooks; ``pytest -m "not integration"`` is the quick
unit run, plain ``pytest`` (the README's command, and .ci/run) runs both."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
#: Test files (relative to the repository) that run real servers or apps.
INTEGRATION_FILES = {
    "tests/code/test_sql_dialects_real.py",
    "tests/corpus/test_build.py",
    "tests/corpus/test_build_node.py",
    "tests/corpus/test_contract.py",
    "tests/corpus/test_harness.py",
    "tests/corpus/test_reference_aiohttp.py",
    "tests/corpus/test_reference_apps.py",
    "tests/corpus/test_reference_django.py",
    "tests/corpus/test_reference_fastapi.py",
    "tests/corpus/test_reference_node.py",
}


def pytest_collection_modifyitems(config, items):
    for item in items:
        path = Path(str(item.fspath)).resolve()
        relative = path.relative_to(ROOT).as_posix() if path.is_relative_to(ROOT) else ""
        if relative in INTEGRATION_FILES or relative.startswith("notebooks/"):
            item.add_marker(pytest.mark.integration)
