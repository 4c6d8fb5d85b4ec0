"""pyspec group: Python backends written to an API spec that start fine but answer the spec's client differently.

Each program is a small generated-looking backend (Flask, FastAPI, Django, aiohttp; SQLite or PostgreSQL) that we
wrote ourselves after a public page reporting the situation; the client is our own functional test (harness
lines, pytest, unittest, status lines) and the captured text is what the real run printed. Helpers live in
``_pyspec_kit.py``; the cases are split over ``_pyspec_*.py`` by family.
"""

from __future__ import annotations

import importlib

from _pyspec_kit import CASES

for _name in ("_pyspec_logic", "_pyspec_auth", "_pyspec_wiring", "_pyspec_shape", "_pyspec_data"):
    try:
        importlib.import_module(_name)
    except ModuleNotFoundError as exc:  # a family module not written yet
        if exc.name != _name:
            raise

__all__ = ["CASES"]
