"""Tidy statistics over classified runs: which root causes, in which groups, how sure.

Every table is a tidy pandas DataFrame with documented columns, one row per (group, value),
so it can go straight to ``to_csv``, a plot, or ``DataFrame.pivot``.

Task names
----------
The study names a task ``<framework>-openapi-<constraints>``, with ``<constraints>`` either
``unconstrained`` or ``-``-joined tokens in this order: ``clean_architecture``, a database
(``sqlite`` or ``postgres``), an ORM (``sqlalchemy`` for Python, ``sequelize`` for Node).
Its task files and our corpus prefix the runtime folder (``uv-flask-openapi-...``,
``node-express-openapi-...``). Each token is one constraint the prompt states as a "You MUST"
line (architecture, database, ORM), so the constraint level is the number of tokens:

====  ===================================================  ================
level constraints                                          tasks/framework
====  ===================================================  ================
L0    unconstrained                                        1
L1    clean_architecture | sqlite | postgres               3
L2    clean_architecture + database | database + ORM       4
L3    clean_architecture + database + ORM                  2
====  ===================================================  ================

This is the study's ``n_constraints`` (global_stats.csv: 3, 9, 12 and 6 runs per framework at
levels 0-3, three runs per task); ``tests/test_stats.py`` checks it against the prompts.

The package: ``tables`` (reading), ``attribution``, ``constraints`` (levels, effects, the
regression), ``coverage``, ``intervals``, ``command`` (``rootcause stats``); everything is
importable from ``rootcause.stats`` as before.
"""

from rootcause.stats.attribution import (
    ASSERTION_COLUMNS,
    ATTRIBUTION_COLUMNS,
    DATA_LAYER,
    add_outcome_columns,
    assertion_attribution,
    attribution,
    data_layer_share,
    is_data_layer,
)
from rootcause.stats.command import STATS_FORMATS, STATS_TABLES, _latex, markdown_table, stats_command  # noqa: F401 - _latex for the tests
from rootcause.stats.common import MIN_GROUP_N, did_you_mean, failed_only, pass_flags
from rootcause.stats.constraints import (
    CONSTRAINT_STEPS,
    CONSTRAINT_TERMS,
    DECAY_COLUMNS,
    EFFECT_COLUMNS,
    REGRESSION_COLUMNS,
    constraint_effects,
    decay,
    decay_from_results,
    effects_from_results,
    matched_pairs,
    regression,
)
from rootcause.stats.coverage import rule_coverage
from rootcause.stats.intervals import BOOTSTRAP_CELLS
from rootcause.stats.tables import RESULT_COLUMNS, add_task_columns, join_columns, load_tables, read_results, read_study, read_table, result_columns
from rootcause.study import DATABASES, FRAMEWORK_RUNTIME, ORMS, TASK_COLUMNS, parse_task

__all__ = [
    "ASSERTION_COLUMNS",
    "ATTRIBUTION_COLUMNS",
    "BOOTSTRAP_CELLS",
    "CONSTRAINT_STEPS",
    "CONSTRAINT_TERMS",
    "DATABASES",
    "DATA_LAYER",
    "DECAY_COLUMNS",
    "EFFECT_COLUMNS",
    "FRAMEWORK_RUNTIME",
    "MIN_GROUP_N",
    "ORMS",
    "REGRESSION_COLUMNS",
    "RESULT_COLUMNS",
    "STATS_FORMATS",
    "STATS_TABLES",
    "TASK_COLUMNS",
    "add_outcome_columns",
    "add_task_columns",
    "assertion_attribution",
    "attribution",
    "constraint_effects",
    "data_layer_share",
    "decay",
    "decay_from_results",
    "did_you_mean",
    "effects_from_results",
    "failed_only",
    "is_data_layer",
    "join_columns",
    "load_tables",
    "markdown_table",
    "matched_pairs",
    "parse_task",
    "pass_flags",
    "read_results",
    "read_study",
    "read_table",
    "regression",
    "result_columns",
    "rule_coverage",
    "stats_command",
]
