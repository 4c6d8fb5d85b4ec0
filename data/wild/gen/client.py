"""Failures seen mainly from the client or test side (often with a quiet server log).

Each case is our own minimal reconstruction of a situation a public page reports, run for real: the
server under its real dev server (or the framework's test client), the client being pytest, unittest,
Django's test runner, jest / mocha + supertest, a plain requests script, or a small functional-test
harness of our own (``_client_kit.HARNESS_PY`` / ``HARNESS_JS``) that prints ``Expected 201 but got 400
for <action>`` and ``<test name> failed``.
"""

from __future__ import annotations

import importlib

from _client_kit import CASES

for _name in ("_client_py", "_client_django", "_client_node"):
    try:
        importlib.import_module(_name)
    except ModuleNotFoundError as exc:  # a family module not written yet
        if exc.name != _name:
            raise

__all__ = ["CASES"]
