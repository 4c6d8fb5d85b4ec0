"""Node.js backends written against an API specification that start fine but answer the spec's client
differently: invented rules and other status codes (logic.business), auth wiring (auth.config), framework
wiring (framework.wiring), response shapes (contract.shape) and queries (data.query).

Each situation is a small Express / Express 5 / Fastify / Koa / Hono app (kept in the record through ``code``),
driven by a client of our own (a functional-test harness, jest or mocha with supertest, a supertest script, or
fixed requests) while the server runs as is, under honcho or under a CI timestamp wrapper.
The situations live in the private modules _nodespec_logic and _nodespec_wiring.
"""

import importlib

CASES = []
for _name in ("_nodespec_logic", "_nodespec_wiring"):
    try:
        CASES += importlib.import_module(_name).CASES
    except ModuleNotFoundError as exc:  # a theme module not written yet
        if exc.name != _name:
            raise
