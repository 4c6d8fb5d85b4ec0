"""Moved to :mod:`rootcause.code.sql` (a package since the SQL checks were split by job); this
name stays importable and is the same module."""

import sys

from rootcause.code import sql as _sql

sys.modules[__name__] = _sql
