from __future__ import annotations

from typing import Sized


def in_list(values: Sized) -> str:
    """`?, ?, ?` for an IN (...) list of len(values) parameters (never empty)."""
    return ", ".join("?" for _ in range(len(values)))
