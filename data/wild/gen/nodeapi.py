"""Node.js API backends (Express 4/5, Fastify, Koa, Hono, NestJS with SQLite/PostgreSQL/ORMs): real failure situations, run for real.

The situations live in helper modules by theme (_nodeapi_compat: Express 5 / Node version / packages;
_nodeapi_serial: serialisation; _nodeapi_logic: business rules and state seen from the client;
_nodeapi_start: entrypoints and databases at startup; _nodeapi_misuse: library objects used wrongly).
Each writes a small project, runs it under node / npm / jest / mocha / tsx / honcho / a CI timestamp
wrapper, and keeps the captured output.
"""

import importlib

CASES = []
for _name in ("_nodeapi_compat", "_nodeapi_serial", "_nodeapi_logic", "_nodeapi_start", "_nodeapi_misuse"):
    try:
        CASES += importlib.import_module(_name).CASES
    except ModuleNotFoundError as exc:  # a theme module not written yet
        if exc.name != _name:
            raise
