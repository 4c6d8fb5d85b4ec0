"""One reading of the study's task names, shared by readers, evidence, static analysis and stats."""

from __future__ import annotations

import pytest

from rootcause.code.structure import constraints_from_task
from rootcause.evidence.facts import Facts
from rootcause.records import RunRecord
from rootcause.stats import parse_task
from rootcause.study import framework_from_task


@pytest.mark.parametrize(
    "task, framework, constraints",
    [
        ("uv-flask-openapi-clean_architecture-sqlite-sqlalchemy", "flask", {"clean_architecture", "sqlite", "sqlalchemy"}),
        ("express-openapi-clean_architecture-postgres-sequelize", "express", {"clean_architecture", "postgres", "sequelize"}),
        ("node-koa-openapi", "koa", set()),
        ("fastapi-openapi-unconstrained.json", "fastapi", set()),
    ],
)
def test_every_stage_reads_a_task_name_the_same_way(task, framework, constraints):
    parsed = parse_task(task)
    assert parsed["framework"] == framework_from_task(task) == framework
    assert Facts(record=RunRecord(id="r", metadata={"task": task})).framework == framework
    assert (
        constraints_from_task(task)
        == constraints
        == {w for w in (parsed["database"], parsed["orm"]) if w} | ({"clean_architecture"} if parsed["clean_architecture"] else set())
    )


def test_names_outside_the_study_scheme_are_read_loosely_where_that_helps():
    assert framework_from_task("my-own-task") is None
    assert constraints_from_task("custom run on postgres with sqlalchemy") == {"postgres", "sqlalchemy"}
    assert Facts(record=RunRecord(id="r", metadata={"task": "fastify-custom"})).framework == "fastify"
