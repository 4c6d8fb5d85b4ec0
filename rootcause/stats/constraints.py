"""Constraint levels and effects: decay over the levels, matched-pair effects of one added constraint, the pass-rate regression, and the same from the study's aggregate results."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from rootcause.errors import InputError
from rootcause.study import DATABASES, ORMS, parse_task

if TYPE_CHECKING:  # pandas loads when a function needs it
    import pandas as pd
from rootcause.stats.common import _check, _columns, _groups, _outcome, _require
from rootcause.stats.intervals import _binomial, _clustered_interval, _t_interval
from rootcause.stats.tables import add_task_columns

#: Columns of :func:`decay` and :func:`decay_from_results`, after the ``by`` columns.
DECAY_COLUMNS = ("level", "n", "mean", "sem", "ci_low", "ci_high")


#: Columns of :func:`constraint_effects` and :func:`effects_from_results`, after the ``by`` columns.
EFFECT_COLUMNS = ("constraint", "n_pairs", "mean_diff", "sem", "ci_low", "ci_high")


#: The single-constraint steps :func:`constraint_effects` pairs tasks by, in this order.
CONSTRAINT_STEPS = ("+clean_architecture", "+sqlite", "+postgres", "+orm", "sqlite->postgres")


def decay(df: "pd.DataFrame", outcome: str, by: str | Sequence[str] | None = None, level: str = "level", ci: float = 0.95) -> "pd.DataFrame":
    """Mean of a per-run ``outcome`` at each constraint level, per group: the decay curve.

    ``outcome`` is a numeric or boolean column: a pass flag (gives the pass rate), a count such
    as ``failed_assertions``, or ``data_layer`` from :func:`add_outcome_columns`. Needs a
    ``level`` column (:func:`add_task_columns` adds it from the task name).

    Columns: the ``by`` columns; ``level``; ``n`` (runs with an outcome); ``mean``; ``sem``
    (standard error of the mean, NaN for one run); ``ci_low``, ``ci_high`` (Student-t
    interval at ``ci``). A 0/1 outcome is a rate: its ``sem`` is the binomial one and its
    interval Wilson's, which stays inside 0..1. Rows are sorted by group, then level.
    """
    import pandas as pd

    by = _columns(by)
    _check(df, [*by, level, outcome], ci, 0)
    runs = df.assign(_y=_outcome(df, outcome))
    runs = runs[runs["_y"].notna() & runs[level].notna()]
    rows = []
    binary = bool(runs["_y"].isin((0, 1)).all())
    for key, part in _groups(runs, [*by, level]):
        if binary:  # a rate: binomial standard error and the Wilson interval, inside 0..1
            stats = _binomial(float(part["_y"].sum()), len(part), ci)
        else:
            mean, sem, low, high = _t_interval(part["_y"], ci)
            stats = {"n": len(part), "mean": mean, "sem": sem, "ci_low": low, "ci_high": high}
        rows.append({**dict(zip(by, key, strict=False)), "level": key[-1], **stats})
    return pd.DataFrame(rows, columns=[*by, *DECAY_COLUMNS])


def _step(a: dict[str, Any], b: dict[str, Any]) -> str | None:
    """The single-constraint step from task ``a`` to task ``b`` (a :data:`CONSTRAINT_STEPS` name), or None."""
    same_clean = a["clean_architecture"] == b["clean_architecture"]
    if same_clean and a["orm"] is None and b["orm"] is None and a["database"] is None and b["database"] in DATABASES:
        return "+" + b["database"]
    if same_clean and a["database"] == b["database"] and a["database"] is not None and a["orm"] is None and b["orm"] is not None:
        return "+orm"
    if same_clean and (a["orm"] is None) == (b["orm"] is None) and (a["database"], b["database"]) == ("sqlite", "postgres"):
        return "sqlite->postgres"
    if not a["clean_architecture"] and b["clean_architecture"] and (a["database"], a["orm"]) == (b["database"], b["orm"]):
        return "+clean_architecture"
    return None


def matched_pairs(df: "pd.DataFrame", outcome: str, match: str | Sequence[str] = ("agent", "model", "framework"), task: str = "task") -> "pd.DataFrame":
    """Every pair of tasks one constraint apart, within the same ``match`` group, with both means.

    Runs are averaged per (``match`` group, task) first, so a task with more runs does not
    weigh more. Columns: the ``match`` columns present in ``df``, ``constraint`` (a
    :data:`CONSTRAINT_STEPS` name), ``task_before``, ``task_after``, ``before``, ``after``
    (mean outcome of each task's runs), ``diff`` (after - before).
    """
    import pandas as pd

    match = [c for c in _columns(match) if c in df.columns]
    _require(df, [task, outcome])
    runs = df.assign(_y=_outcome(df, outcome))
    runs = runs[runs["_y"].notna() & runs[task].notna()]
    means = runs.groupby([*match, task], dropna=False, sort=True)["_y"].mean().reset_index()
    rows = []
    for key, part in _groups(means, match):
        parsed = {}
        for name in part[task]:
            try:
                parsed[name] = parse_task(name)
            except InputError:
                continue
        values = dict(zip(part[task], part["_y"], strict=False))
        for a, pa in parsed.items():
            for b, pb in parsed.items():
                if pa["framework"] == pb["framework"] and (step := _step(pa, pb)):
                    rows.append(
                        {
                            **dict(zip(match, key, strict=False)),
                            "constraint": step,
                            "task_before": a,
                            "task_after": b,
                            "before": values[a],
                            "after": values[b],
                            "diff": values[b] - values[a],
                        }
                    )
    return pd.DataFrame(rows, columns=[*match, "constraint", "task_before", "task_after", "before", "after", "diff"])


def constraint_effects(
    df: "pd.DataFrame",
    outcome: str,
    by: str | Sequence[str] | None = None,
    match: str | Sequence[str] = ("agent", "model", "framework"),
    task: str = "task",
    ci: float = 0.95,
) -> "pd.DataFrame":
    """The effect of adding one constraint, from matched task pairs, with its standard error.

    Each pair (:func:`matched_pairs`) holds everything but one constraint fixed: the same
    agent, model and framework (``match``), the same other constraints. The effect of a step
    is the mean of its pairs' differences in ``outcome`` (after - before; for a pass flag, the
    change in pass rate). ``by`` (a subset of ``match``, e.g. ``framework``) splits the pairs.

    Pairs are not independent when they share a task pair: two models' runs on the same two tasks
    meet the same prompt twice. The standard error is therefore clustered by task pair (CR1, the
    sandwich estimator with the small-sample factor G/(G-1) over G clusters) and the interval is
    Student-t with G-1 degrees of freedom, clipped to the outcome's range (a difference of pass
    rates or shares stays inside -1..1).

    Columns: the ``by`` columns; ``constraint``; ``n_pairs``; ``mean_diff``; ``sem`` (clustered
    standard error, NaN for fewer than two task pairs); ``ci_low``, ``ci_high`` (at ``ci``). Steps
    are in :data:`CONSTRAINT_STEPS` order; a step with no pair gets no row.
    """
    import pandas as pd

    by = _columns(by)
    match = _columns(match)
    extra = [c for c in by if c not in match]
    if extra:
        raise InputError(f"--by column {extra[0]!r} must be one of the matched columns ({', '.join(match)})")
    _check(df, by, ci, 0)
    pairs = matched_pairs(df, outcome, match, task)
    bounded = bool(len(pairs)) and pairs[["before", "after"]].stack().between(0, 1).all()
    rows = []
    for key, part in _groups(pairs, by):
        for step in CONSTRAINT_STEPS:
            chosen = part[part["constraint"] == step]
            diffs = chosen["diff"]
            if len(diffs):
                clusters = chosen["task_before"].astype(str) + " -> " + chosen["task_after"].astype(str)
                mean, sem, low, high = _clustered_interval(diffs.to_numpy(dtype=float), clusters.to_numpy(), ci)
                if bounded and low == low:
                    low, high = max(low, -1.0), min(high, 1.0)
                rows.append(
                    {
                        **dict(zip(by, key, strict=False)),
                        "constraint": step,
                        "n_pairs": len(diffs),
                        "mean_diff": mean,
                        "sem": sem,
                        "ci_low": low,
                        "ci_high": high,
                    }
                )
    return pd.DataFrame(rows, columns=[*by, *EFFECT_COLUMNS])


#: Columns of :func:`regression`.
REGRESSION_COLUMNS = ("term", "coef", "se", "z", "p", "odds_ratio", "ci_low", "ci_high", "n_runs", "n_tasks", "note")


#: The constraint indicators :func:`regression` puts in every model (those that vary in the data).
CONSTRAINT_TERMS = ("clean_architecture", "sqlite", "postgres", "orm")


def regression(
    df: "pd.DataFrame", outcome: str = "passed", covariates: str | Sequence[str] = ("framework", "model"), task: str = "task", ci: float = 0.95
) -> "pd.DataFrame":
    """Logistic regression of a per-run 0/1 ``outcome`` on the constraints, errors clustered by task.

    ``logit P(outcome) = b0 + clean_architecture + sqlite + postgres + orm + covariates``: one
    indicator per constraint (parsed from the task name, :func:`parse_task`) and one dummy per
    value of each covariate column present (the first value in sorted order is the reference,
    named in the term: ``framework[flask] vs aiohttp``). A term that does not vary in the data is
    left out. Standard errors are cluster-robust by ``task`` (runs of one task share its
    difficulty, so they are not independent), with the small-sample correction; fitted with
    statsmodels' GLM (the ``stats`` extra: ``pip install 'rootcause[stats]'``).

    Columns: ``term``, ``coef`` (log-odds), ``se``, ``z``, ``p``, ``odds_ratio`` and its
    interval ``ci_low``/``ci_high`` at ``ci``, ``n_runs``, ``n_tasks`` (clusters), ``note``. A term
    the other terms determine in these tasks (aliased) gets a row with no estimate and a note. Raises
    :class:`InputError` when statsmodels is missing, when ``outcome`` is not 0/1, when there are
    fewer than two tasks, or when the data separate perfectly (a term that alone decides the
    outcome has no finite estimate).
    """
    import warnings

    import numpy as np
    import pandas as pd

    try:
        import statsmodels.api as sm
    except ImportError:
        raise InputError("the regression needs statsmodels: pip install 'rootcause[stats]'") from None
    _require(df, [task, outcome])
    runs = add_task_columns(df, task)
    runs = runs.assign(_y=_outcome(runs, outcome))
    runs = runs[runs["_y"].notna() & runs["framework"].notna()]
    if not runs["_y"].isin((0, 1)).all():
        raise InputError(f"column {outcome!r} is not a 0/1 outcome: the regression is logistic")
    if runs[task].nunique() < 2:
        raise InputError(f"the regression needs runs of at least two study tasks (found {runs[task].nunique()})")
    X = pd.DataFrame(
        {
            "clean_architecture": runs["clean_architecture"].astype(bool).astype(float),
            "sqlite": (runs["database"] == "sqlite").astype(float),
            "postgres": (runs["database"] == "postgres").astype(float),
            "orm": runs["orm"].notna().astype(float),
        },
        index=runs.index,
    )
    for column in [c for c in _columns(covariates) if c in runs.columns]:
        values = runs[column].astype(str)
        levels = sorted(values.unique())
        for level in levels[1:]:
            X[f"{column}[{level}] vs {levels[0]}"] = (values == level).astype(float)
    X = X.loc[:, X.nunique() > 1]
    X.insert(0, "intercept", 1.0)
    # A term the others already determine (every clean-architecture task also has an ORM, say)
    # cannot be estimated from these tasks: it is reported, not fitted.
    aliased: list[str] = []
    kept: list[str] = []
    for column in X.columns:
        if np.linalg.matrix_rank(X[[*kept, column]].to_numpy()) > len(kept):
            kept.append(column)
        else:
            aliased.append(column)
    X = X[kept]
    clusters = runs[task].astype("category").cat.codes.to_numpy()
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # statsmodels warns, not raises, on perfect separation
        try:
            fit = sm.GLM(runs["_y"].to_numpy(dtype=float), X, family=sm.families.Binomial()).fit(
                cov_type="cluster", cov_kwds={"groups": clusters, "use_correction": True}
            )
        except (Warning, ValueError, np.linalg.LinAlgError) as exc:
            raise InputError(
                f"the regression cannot be fitted ({type(exc).__name__}: {str(exc)[:200]}); "
                "a term that alone decides the outcome (every run of a framework passes, say) has no finite estimate"
            ) from None
    low, high = fit.conf_int(alpha=1 - ci).T.to_numpy()
    table = pd.DataFrame(
        {
            "term": list(X.columns),
            "coef": fit.params.to_numpy(),
            "se": fit.bse.to_numpy(),
            "z": fit.tvalues.to_numpy(),
            "p": fit.pvalues.to_numpy(),
            "odds_ratio": np.exp(fit.params.to_numpy()),
            "ci_low": np.exp(low),
            "ci_high": np.exp(high),
            "n_runs": len(runs),
            "n_tasks": int(runs[task].nunique()),
            "note": "",
        },
        columns=list(REGRESSION_COLUMNS),
    )
    if aliased:
        nan = float("nan")
        table = pd.concat(
            [
                table,
                pd.DataFrame(
                    [
                        {
                            "term": term,
                            "coef": nan,
                            "se": nan,
                            "z": nan,
                            "p": nan,
                            "odds_ratio": nan,
                            "ci_low": nan,
                            "ci_high": nan,
                            "n_runs": len(runs),
                            "n_tasks": int(runs[task].nunique()),
                            "note": "aliased with the other terms in these tasks: not estimable",
                        }
                        for term in aliased
                    ]
                ),
            ],
            ignore_index=True,
        )
    return table


def decay_from_results(results: "pd.DataFrame", granularity: str = "global", ci: float = 0.95) -> "pd.DataFrame":
    """Pass rate per level from test results (:func:`read_results`), for one granularity.

    ``granularity`` is ``global`` (one curve) or ``framework`` / ``runtime`` (one per group,
    the framework sensitivity lines). Columns as :func:`decay` with the group in a column named
    after the granularity (none for ``global``): ``n`` (runs executed), ``mean`` (pass@1 as
    ``n_succeeded / n_executed``), ``sem`` (binomial standard error), ``ci_low``, ``ci_high``
    (Wilson interval at ``ci``, which stays inside 0..1 for small groups).
    """
    import pandas as pd

    rows_in = results[(results["granularity"] == granularity) & results["level"].notna()]
    if rows_in.empty:
        raise InputError(f"no per-level rows with granularity {granularity!r} in the results")
    by = [] if granularity == "global" else [granularity]
    rows = []
    for row in rows_in.sort_values(["group", "level"]).itertuples(index=False):
        stats = _binomial(float(row.n_succeeded), float(row.n_executed), ci)
        rows.append({**({granularity: row.group} if by else {}), "level": row.level, **stats})
    return pd.DataFrame(rows, columns=[*by, *DECAY_COLUMNS])


def effects_from_results(results: "pd.DataFrame", ci: float = 0.95) -> "pd.DataFrame":
    """Each constraint's effect on the pass rate, matched within framework, from test results.

    For every framework and constraint, the pass rate of the framework's runs under the
    constraint (``framework_constraint`` rows) minus the rate of its runs without it (the
    framework's total minus those). The frameworks are the pairs: ``mean_diff`` is their mean
    difference with its standard error and Student-t interval (clipped to -1..1), as
    :func:`constraint_effects`.
    Aggregate results cannot hold the other constraints fixed, so this is "with minus
    without" rather than :func:`constraint_effects`' one-step pairs; the ``constraint``
    column names the constraint plainly (``clean_architecture``, ``sqlite``, ``postgres``,
    ``orm``, where ``sqlalchemy`` and ``sequelize`` both count as ``orm``).
    """
    import pandas as pd

    totals = results[(results["granularity"] == "framework") & results["level"].isna()].set_index("group")
    pairs = results[results["granularity"] == "framework_constraint"]
    if totals.empty or pairs.empty:
        raise InputError("the results need per-framework totals and framework_constraint rows")
    diffs: dict[str, list[float]] = {}
    for row in pairs.itertuples(index=False):
        if row.framework not in totals.index:
            continue
        total = totals.loc[row.framework]
        rest_n = float(total["n_executed"]) - float(row.n_executed)
        if not rest_n or not row.n_executed:
            continue
        rest_k = float(total["n_succeeded"]) - float(row.n_succeeded)
        step = "orm" if row.constraint in ORMS else str(row.constraint)
        diffs.setdefault(step, []).append(float(row.n_succeeded) / float(row.n_executed) - rest_k / rest_n)
    known = ("clean_architecture", *DATABASES, "orm")
    order = [s for s in known if s in diffs] + sorted(s for s in diffs if s not in known)
    rows = []
    for step in order:
        mean, sem, low, high = _t_interval(diffs[step], ci)
        if low == low:  # a difference of pass rates stays inside -1..1, whatever the t interval says
            low, high = max(low, -1.0), min(high, 1.0)
        rows.append({"constraint": step, "n_pairs": len(diffs[step]), "mean_diff": mean, "sem": sem, "ci_low": low, "ci_high": high})
    return pd.DataFrame(rows, columns=list(EFFECT_COLUMNS))
