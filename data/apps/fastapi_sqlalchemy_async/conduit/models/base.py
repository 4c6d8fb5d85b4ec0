from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import DeclarativeBase


class Base(DeclarativeBase):
    pass


def utcnow() -> dt.datetime:
    """Naive UTC timestamp (stored without a zone on every backend)."""
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
