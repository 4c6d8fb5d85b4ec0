"""Metadata the study's names carry (see :mod:`rootcause.study`)."""

from __future__ import annotations

from rootcause.study import framework_from_task

__all__ = ["framework_from_task"]
