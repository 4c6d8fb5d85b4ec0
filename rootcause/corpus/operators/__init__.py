"""Defect-injecting operators for the corpus build, one module per root-cause family.

``REGISTRY`` maps operator names to ``Operator`` objects; importing this package
registers them all. See ``base`` for how an operator is written.
"""

from __future__ import annotations

import importlib

from rootcause.corpus.operators.base import ALL, KNOWN_STACKS, NODE_STACKS, PYTHON_STACKS, REGISTRY, STACKS, AppSource, Operator, OperatorError, operator

_FAMILIES = (
    "data",
    "xfile",
    "framework",
    "entrypoint",
    "auth",
    "contract",
    "logic",
    "startup",
    "incomplete",
    "structure",
    "node",
    "node_startup",
    "node_data",
    "node_api",
)

for _family in _FAMILIES:
    try:
        importlib.import_module(f"{__name__}.{_family}")
    except ModuleNotFoundError as _exc:  # a family module not written yet
        if _exc.name != f"{__name__}.{_family}":
            raise


def get(names: "list[str] | None" = None) -> list[Operator]:
    """Operators by name (all of them, sorted, when ``names`` is None)."""
    if names is None:
        return [REGISTRY[n] for n in sorted(REGISTRY)]
    unknown = [n for n in names if n not in REGISTRY]
    if unknown:
        raise OperatorError(f"unknown operators: {', '.join(unknown)}; `rootcause corpus operators` lists them")
    return [REGISTRY[n] for n in names]


__all__ = ["ALL", "KNOWN_STACKS", "NODE_STACKS", "PYTHON_STACKS", "REGISTRY", "STACKS", "AppSource", "Operator", "OperatorError", "get", "operator"]
