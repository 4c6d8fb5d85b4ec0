"""Every registered operator: documented, labelled with a taxonomy id, applicable where it says, and
producing code of the kind it promises (parseable, or not parseable for syntax defects)."""

from __future__ import annotations

import functools

import pytest

from rootcause.corpus import build
from rootcause.corpus.operators import KNOWN_STACKS, REGISTRY, STACKS, AppSource, js
from rootcause.taxonomy import family_of, load_taxonomy

#: The root causes the corpus must cover (all but agent.* and unknown), with at least 3 operators each.
REQUIRED = (
    "data.query",
    "data.orm",
    "data.schema",
    "xfile.reference",
    "framework.wiring",
    "auth.config",
    "contract.shape",
    "contract.serialization",
    "logic.business",
    "logic.state",
    "startup.syntax",
    "startup.dependency",
    "startup.entrypoint",
    "incomplete.endpoint",
    "structure.constraint",
)


@functools.cache
def _app(stack: str) -> AppSource:
    return AppSource.from_dir(build.app_dir(stack), stack)


def test_at_least_forty_operators():
    assert len(REGISTRY) >= 40


@pytest.mark.parametrize("root_cause", REQUIRED)
def test_each_root_cause_has_three_operators_covering_every_stack(root_cause):
    """Counted on the stacks the corpus builds (the Python ones); Node operators come on top."""
    ops = [op for op in REGISTRY.values() if family_of(op.label) == root_cause and set(op.stacks) & set(STACKS)]
    assert len(ops) >= 3, f"{root_cause}: {[op.name for op in ops]}"
    covered = {stack for op in ops for stack in op.stacks} & set(STACKS)
    assert covered == set(STACKS), f"{root_cause} misses {set(STACKS) - covered}"


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_operator_is_documented_and_labelled(name):
    op = REGISTRY[name]
    assert op.label in load_taxonomy(), op.label
    assert not op.label.startswith(("agent.", "unknown"))
    assert op.summary, f"{name} has no docstring"
    assert op.stacks and set(op.stacks) <= set(KNOWN_STACKS)


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_operator_mutates_every_stack_it_claims(name):
    op = REGISTRY[name]
    syntax = op.label.startswith("startup.syntax")
    for stack in op.stacks:
        app = _app(stack)
        mutants = op.mutants(app)
        assert mutants, f"{name} makes no mutant of {stack}"
        for site, edit in mutants:
            assert edit, site
            assert all(path in app.files or text is not None for path, text in edit.items())
            parsed = []
            for path, text in edit.items():
                if text is not None and path.endswith((".js", ".mjs", ".cjs", ".ts")):
                    parsed.append(js.parses(text, path))  # tree-sitter: no ERROR or MISSING node
                if text is None or not path.endswith(".py"):
                    continue
                try:
                    compile(text, path, "exec", dont_inherit=True)  # compiles, never runs: CPython's own SyntaxErrors
                    parsed.append(True)
                except SyntaxError:
                    parsed.append(False)
            if syntax:
                assert parsed and not all(parsed), f"{name} {site}: a syntax mutant that still parses"
            else:
                assert all(parsed), f"{name} {site}: mutated code does not parse"


def test_mutants_leave_the_reference_app_untouched():
    app = _app("flask_sqlalchemy")
    before = dict(app.files)
    for op in REGISTRY.values():
        if op.applies_to("flask_sqlalchemy"):
            op.mutants(app)
    assert app.files == before
