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
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

from rootcause.errors import InputError

if TYPE_CHECKING:  # pandas loads when a function needs it
    import pandas as pd

#: Runtime of each framework the study covers.
FRAMEWORK_RUNTIME = {
    "express": "node", "fastify": "node", "hono": "node", "koa": "node",
    "flask": "python", "fastapi": "python", "django": "python", "aiohttp": "python",
}
#: Columns :func:`parse_task` returns and :func:`add_task_columns` adds, in this order.
TASK_COLUMNS = ("framework", "runtime", "clean_architecture", "database", "orm", "level")
DATABASES = ("sqlite", "postgres")
ORMS = ("sqlalchemy", "sequelize")
#: Labels counted as the data layer, per view (root causes match by dotted prefix).
DATA_LAYER = {
    "root_cause": ("data.query", "data.orm"),
    "subcategory": ("incorrect_query_logic", "database_runtime_error"),
}
#: Columns of the tables :func:`attribution` returns, after the ``by`` columns and ``of``.
ATTRIBUTION_COLUMNS = ("n", "share", "ci_low", "ci_high")
STATS_FORMATS = ("csv", "human", "latex")

_RUNTIME_PREFIX = {"uv": "python", "python": "python", "node": "node"}
_TASK = re.compile(r"^(?:(?P<prefix>uv|node|python)-)?(?P<framework>[a-z0-9]+)-openapi(?:-(?P<rest>.+))?$")


def parse_task(task: str) -> dict[str, Any]:
    """Framework, runtime and constraints a study task name states.

    ``parse_task("express-openapi-clean_architecture-postgres-sequelize")`` gives
    ``{"framework": "express", "runtime": "node", "clean_architecture": True,
    "database": "postgres", "orm": "sequelize", "level": "L3"}``. A leading ``uv-``/``node-``
    (task files, our corpus) and a ``.json`` suffix are accepted. ``runtime`` is ``node`` or
    ``python`` (the study's ``uv``); None for a framework the study does not cover and no prefix.
    Raises :class:`InputError` for a name that does not follow the scheme.
    """
    name = os.path.basename(str(task)).removesuffix(".json")
    m = _TASK.match(name)
    if not m:
        raise InputError("not a study task name (<framework>-openapi[-<constraints>])", excerpt=name)
    framework = m.group("framework")
    tokens = (m.group("rest") or "unconstrained").split("-")
    clean, database, orm = False, None, None
    if tokens != ["unconstrained"]:
        # Tokens come in the study's order; anything else is a name we would misread.
        rest = list(tokens)
        if rest and rest[0] == "clean_architecture":
            clean = True
            rest.pop(0)
        if rest and rest[0] in DATABASES:
            database = rest.pop(0)
        if rest and rest[0] in ORMS and database is not None:
            orm = rest.pop(0)
        if rest:
            raise InputError(f"unknown constraint {rest[0]!r} in task name", excerpt=name)
    runtime = FRAMEWORK_RUNTIME.get(framework) or _RUNTIME_PREFIX.get(m.group("prefix") or "")
    level = int(clean) + (database is not None) + (orm is not None)
    return {"framework": framework, "runtime": runtime, "clean_architecture": clean,
            "database": database, "orm": orm, "level": f"L{level}"}


def add_task_columns(df: "pd.DataFrame", task_col: str = "task") -> "pd.DataFrame":
    """A copy of ``df`` with :data:`TASK_COLUMNS` parsed from ``task_col``.

    The caller's columns win: a column ``df`` already has keeps its values and only its
    missing values are filled (the study's CSVs keep ``runtime`` ``uv``/``node``). Rows whose
    task is missing or not a study task name get None in the added columns, never an error.
    """
    if task_col not in df.columns:
        raise InputError(f"no column {task_col!r} to parse task names from")
    parsed: dict[Any, dict[str, Any]] = {}
    for task in df[task_col].dropna().unique():
        try:
            parsed[task] = parse_task(task)
        except InputError:
            parsed[task] = {}
    out = df.copy()
    for col in TASK_COLUMNS:
        values = df[task_col].map(lambda t, col=col: parsed.get(t, {}).get(col) if isinstance(t, str) else None)
        if col == "clean_architecture" and values.notna().all():
            values = values.astype(bool)
        else:
            values = values.astype(object)
        out[col] = values if col not in df.columns else df[col].where(df[col].notna(), values)
    return out


def _columns(by: str | Sequence[str] | None) -> list[str]:
    if by is None:
        return []
    if isinstance(by, str):
        return [c.strip() for c in by.split(",") if c.strip()]
    return list(by)


def _check(df: "pd.DataFrame", needed: Iterable[str], ci: float, n_boot: int) -> None:
    missing = [c for c in needed if c not in df.columns]
    if missing:
        raise InputError(f"no column {missing[0]!r} in the runs (columns: {', '.join(map(str, df.columns))})")
    if not 0 < ci < 1:
        raise InputError(f"ci must be between 0 and 1, got {ci}")
    if n_boot < 0:
        raise InputError(f"n_boot must be >= 0, got {n_boot}")


def _bootstrap(counts, n_boot: int, ci: float, rng) -> tuple[Any, Any]:
    """Percentile bootstrap interval of each value's share, resampling the group's runs.

    Drawing n runs with replacement from a group and counting values is a multinomial draw
    with the observed shares, so we draw the counts directly: the same distribution, in
    O(n_boot x values) rather than O(n_boot x runs).
    """
    import numpy as np

    counts = np.asarray(counts, dtype=np.int64)
    total = int(counts.sum())
    if n_boot == 0 or total == 0:
        nan = np.full(len(counts), np.nan)
        return nan, nan
    shares = rng.multinomial(total, counts / total, size=n_boot) / total
    alpha = (1 - ci) / 2
    low, high = np.quantile(shares, [alpha, 1 - alpha], axis=0)
    return low, high


def _groups(df: "pd.DataFrame", by: list[str]):
    if not by:
        return [((), df)]
    return [(key if isinstance(key, tuple) else (key,), part) for key, part in df.groupby(by, dropna=False, sort=True)]


def attribution(
    df: "pd.DataFrame",
    by: str | Sequence[str] | None,
    of: str,
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> "pd.DataFrame":
    """Share of runs with each value of ``of``, per group of ``by``, with a bootstrap interval.

    One row per (group, value) present in the group; a value no run of the group has gets no row.
    Runs whose ``of`` is missing are left out (they carry no label in this view, as in
    ``value_counts``); runs whose ``by`` value is missing form their own group.

    Columns:

    - the ``by`` columns, then ``of``: the group and the value;
    - ``n``: runs of the group with that value;
    - ``share``: ``n`` over the group's runs (0..1; shares of a group sum to 1);
    - ``ci_low``, ``ci_high``: percentile bootstrap interval of ``share`` at level ``ci``,
      resampling the group's runs with replacement ``n_boot`` times (NaN when ``n_boot`` is 0).
      The same ``seed`` gives the same interval.

    Rows are sorted by group, then by ``n`` descending, then by value.
    """
    import numpy as np
    import pandas as pd

    by = _columns(by)
    if of in by:
        raise InputError(f"column {of!r} is both grouped by and counted")
    _check(df, [*by, of], ci, n_boot)
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    labelled = df[df[of].notna()]
    for key, part in _groups(labelled, by):
        counts = part[of].value_counts(sort=False)
        counts = counts[counts > 0]
        order = sorted(counts.index, key=lambda v: (-counts[v], str(v)))
        counts = counts.reindex(order)
        low, high = _bootstrap(counts.to_numpy(), n_boot, ci, rng)
        total = int(counts.sum())
        for i, (value, n) in enumerate(counts.items()):
            rows.append({**dict(zip(by, key)), of: value, "n": int(n), "share": n / total,
                         "ci_low": round(float(low[i]), 6), "ci_high": round(float(high[i]), 6)})
    return pd.DataFrame(rows, columns=[*by, of, *ATTRIBUTION_COLUMNS])


def is_data_layer(value: object, of: str = "root_cause") -> bool:
    """True when a label belongs to the data layer in view ``of`` (see :data:`DATA_LAYER`)."""
    if of not in DATA_LAYER:
        raise InputError(f"no data-layer labels defined for {of!r} (one of: {', '.join(DATA_LAYER)})")
    if not isinstance(value, str):
        return False
    if of == "root_cause":
        return any(value == p or value.startswith(p + ".") for p in DATA_LAYER[of])
    return value in DATA_LAYER[of]


def data_layer_share(
    df: "pd.DataFrame",
    by: str | Sequence[str] | None,
    of: str = "root_cause",
    n_boot: int = 1000,
    ci: float = 0.95,
    seed: int = 0,
) -> "pd.DataFrame":
    """Share of runs whose failure lies in the data layer, per group, with a bootstrap interval.

    The data layer is root causes under ``data.query`` or ``data.orm`` (``of="root_cause"``) or
    the study's subcategories ``incorrect_query_logic`` and ``database_runtime_error``
    (``of="subcategory"``). Runs whose ``of`` is missing are left out, as in :func:`attribution`;
    every group with a labelled run gets a row, also when none of its runs is in the data layer.

    Columns: the ``by`` columns; ``n`` (labelled runs of the group); ``n_data`` (of which in the
    data layer); ``share`` (``n_data / n``); ``ci_low``, ``ci_high`` (percentile bootstrap over
    the group's runs, as in :func:`attribution`).
    """
    import numpy as np
    import pandas as pd

    by = _columns(by)
    _check(df, [*by, of], ci, n_boot)
    is_data_layer("", of)  # rejects an unknown view before any work
    rng = np.random.default_rng(seed)
    labelled = df[df[of].notna()]
    flags = labelled[of].map(lambda v: is_data_layer(v, of)).astype(bool)
    rows = []
    for key, part in _groups(labelled.assign(_data=flags), by):
        n, k = len(part), int(part["_data"].sum())
        low, high = _bootstrap([k, n - k], n_boot, ci, rng)
        rows.append({**dict(zip(by, key)), "n": n, "n_data": k, "share": k / n,
                     "ci_low": round(float(low[0]), 6), "ci_high": round(float(high[0]), 6)})
    return pd.DataFrame(rows, columns=[*by, "n", "n_data", "share", "ci_low", "ci_high"])


def read_study(folder: str | os.PathLike[str]) -> tuple["pd.DataFrame", "pd.DataFrame"]:
    """The study's judged failures and logic subcategories, as two DataFrames.

    Reads the per-model ``failure_analysis_<model>.csv`` and ``logic_subcategories_<model>.csv``
    files. The combined ``logic_subcategories.csv`` is read only for models without a per-model
    file (Qwen3-Coder-Next): its MiniMax rows are an early 16-task subset that
    ``logic_subcategories_minimax-m2.5.csv`` supersedes. A combined ``failure_analysis.csv``, if
    present, is ignored for the same reason. Columns are the release's (agent, model, runtime,
    task, run_id, category or subcategory, reasoning), rows in file order, files by name.
    """
    import pandas as pd

    root = Path(folder)
    fa_files = sorted(root.glob("failure_analysis_*.csv"))
    if not fa_files:
        raise InputError("no failure_analysis_<model>.csv files", path=str(root))
    fa = pd.concat([pd.read_csv(p) for p in fa_files], ignore_index=True)
    ls_parts = [pd.read_csv(p) for p in sorted(root.glob("logic_subcategories_*.csv"))]
    combined = root / "logic_subcategories.csv"
    if combined.is_file():
        per_model = {m for part in ls_parts for m in part["model"].unique()}
        rows = pd.read_csv(combined)
        ls_parts.append(rows[~rows["model"].isin(per_model)])
    ls = pd.concat(ls_parts, ignore_index=True) if ls_parts else pd.DataFrame(
        columns=["agent", "model", "runtime", "task", "run_id", "subcategory", "reasoning"])
    return fa, ls


def read_table(path: str | os.PathLike[str]) -> "pd.DataFrame":
    """A CSV or JSONL file (``rootcause classify`` output, the study's CSVs) as a DataFrame."""
    import pandas as pd

    name = str(path).lower()
    try:
        if name.endswith((".jsonl", ".jsonl.gz", ".ndjson")):
            return pd.read_json(path, lines=True)
        if name.endswith((".csv", ".csv.gz")):
            return pd.read_csv(path)
    except (ValueError, OSError, json.JSONDecodeError) as exc:
        raise InputError(f"cannot read table: {exc}", path=str(path)) from exc
    raise InputError("expected a .csv or .jsonl file", path=str(path))


def _human(table: "pd.DataFrame") -> str:
    if table.empty:
        return "no labelled runs\n"
    shown = table.copy()
    shown["share"] = shown["share"].map(lambda s: f"{100 * s:5.1f}%")
    shown["ci"] = [
        "" if low != low else f"[{100 * low:.1f}, {100 * high:.1f}]" for low, high in zip(table["ci_low"], table["ci_high"])
    ]
    shown = shown.drop(columns=["ci_low", "ci_high"])
    return shown.to_string(index=False) + "\n"


def _latex(table: "pd.DataFrame") -> str:
    import pandas as pd

    try:
        return table.to_latex(index=False, float_format="%.3f", escape=True)  # labels hold "_"
    except ImportError:  # to_latex needs jinja2; write the plain tabular by hand
        def cell(v: Any) -> str:
            text = f"{v:.3f}" if isinstance(v, float) else str(v)
            return re.sub(r"([&%$#_{}])", r"\\\1", text)
        align = "".join("r" if pd.api.types.is_numeric_dtype(table[c]) else "l" for c in table.columns)
        lines = [r"\begin{tabular}{" + align + "}", r"\toprule",
                 " & ".join(cell(c) for c in table.columns) + r" \\", r"\midrule"]
        lines += [" & ".join(cell(v) for v in row) + r" \\" for row in table.itertuples(index=False)]
        lines += [r"\bottomrule", r"\end{tabular}", ""]
        return "\n".join(lines)


def stats_command(
    paths: Sequence[str | os.PathLike[str]],
    by: str | Sequence[str] | None,
    of: str,
    fmt: str = "csv",
    n_boot: int = 1000,
) -> str:
    """The text ``rootcause stats FILE... --by COL[,COL] --of COL --format FMT`` prints.

    Reads CSV/JSONL files (``rootcause classify`` output or the study's CSVs), stacks them,
    adds :data:`TASK_COLUMNS` when there is a ``task`` column (so ``--by framework,level``
    works on the study's files), and formats :func:`attribution`: ``csv`` gives exactly the
    columns ``by..., of, n, share, ci_low, ci_high``; ``human`` an aligned table in percent;
    ``latex`` a tabular. Raises :class:`InputError` for unreadable files or unknown columns.
    """
    import pandas as pd

    if fmt not in STATS_FORMATS:
        raise InputError(f"unknown format {fmt!r} (one of: {', '.join(STATS_FORMATS)})")
    if not paths:
        raise InputError("no input files")
    df = pd.concat([read_table(p) for p in paths], ignore_index=True)
    if "task" in df.columns:
        df = add_task_columns(df)
    table = attribution(df, by, of, n_boot=n_boot)
    if fmt == "csv":
        return table.to_csv(index=False)
    if fmt == "latex":
        return _latex(table)
    return _human(table)
