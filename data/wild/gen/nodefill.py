"""Node.js backends (Express, Fastify, Koa, Hono) that look generated: startup crashes in the app's own code,
unreachable databases, wrong entrypoints, serialisation and state bugs, unfinished endpoints, response shapes.

The situations live in private modules (_nodefill_start, _nodefill_data, _nodefill_api); each writes a small
project (kept in the record through ``code``), runs it under node / npm / jest / mocha / honcho / a CI timestamp
wrapper / our functional-test harness, and keeps the captured output.
"""

import importlib

CASES = []
for _name in ("_nodefill_start", "_nodefill_data", "_nodefill_api"):
    try:
        CASES += importlib.import_module(_name).CASES
    except ModuleNotFoundError as exc:  # a theme module not written yet
        if exc.name != _name:
            raise
