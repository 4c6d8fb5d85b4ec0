from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    """Naive UTC now (stored as TIMESTAMP without time zone)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
