"""Node.js web frameworks (Express 4, Koa 2, Fastify 5, Hono 4, NestJS 10): real failure situations, run for real.

The situations live in helper modules by family (_nodeweb_startup, _nodeweb_wiring, _nodeweb_auth,
_nodeweb_xfile); each writes a small project, runs it under node / npm / jest / mocha / tsc / tsx / nodemon /
honcho / a CI timestamp wrapper, and keeps the captured output.
"""

import importlib

CASES = []
for _name in ("_nodeweb_startup", "_nodeweb_wiring", "_nodeweb_auth", "_nodeweb_xfile"):
    try:
        CASES += importlib.import_module(_name).CASES
    except ModuleNotFoundError as exc:  # a family module not written yet
        if exc.name != _name:
            raise
