from __future__ import annotations

import datetime as dt


def utcnow() -> dt.datetime:
    """Aware UTC now (USE_TZ is on; Django stores UTC)."""
    return dt.datetime.now(dt.timezone.utc)
