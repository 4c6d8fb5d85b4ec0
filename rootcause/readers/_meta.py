"""Metadata the study's names carry: the framework is the first word of the task name."""

from __future__ import annotations

import re

_TASK_FRAMEWORK = re.compile(r"^(?P<framework>[a-z]+)-openapi(?:-|$)")


def framework_from_task(task: object) -> str | None:
    """``fastify`` for ``fastify-openapi-clean_architecture-sqlite``; None for other names."""
    m = _TASK_FRAMEWORK.match(str(task or ""))
    return m.group("framework") if m else None
