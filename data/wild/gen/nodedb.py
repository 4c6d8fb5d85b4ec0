"""Node.js data layer, second set: raw SQL on node-postgres / sqlite3 / better-sqlite3, knex, Sequelize, TypeORM, Drizzle.

Each case writes a small Express / Koa / Fastify app, a script or a test file, runs it for real on SQLite
or on a throwaway PostgreSQL 15 (capture.postgres()) under node / jest / mocha / tsx / ts-node / honcho /
a CI timestamp wrapper, and keeps what it printed. The programs are ours; the situations come from the
pages named in ``source``.
"""

from __future__ import annotations

from _nodedb_kit import make_case_decorator
from capture import Case

CASES: list[Case] = []
case = make_case_decorator(CASES, Case)

from _nodedb_cases import register as _reg1  # noqa: E402

_reg1(case)
from _nodedb_cases2 import register as _reg2  # noqa: E402
from _nodedb_cases3 import register as _reg3  # noqa: E402
from _nodedb_cases4 import register as _reg4  # noqa: E402
from _nodedb_cases5 import register as _reg5  # noqa: E402
from _nodedb_cases6 import register as _reg6  # noqa: E402

_reg2(case)
_reg3(case)
_reg4(case)
_reg5(case)
_reg6(case)
