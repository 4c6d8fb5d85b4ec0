"""SQL facts with sqlglot: which qualifiers a statement uses without declaring them."""

from __future__ import annotations

import functools

_DIALECTS = {"postgres": "postgres", "postgresql": "postgres", "sqlite": "sqlite", "mysql": "mysql"}


@functools.lru_cache(maxsize=512)
def undefined_qualifiers(sql: str, dialect: str | None = None) -> list[str]:
    """Table qualifiers (``u`` in ``u.username``) that no FROM/JOIN/CTE of the statement declares.

    Returns [] when the SQL does not parse: an unparsable statement proves nothing here.
    """
    import sqlglot
    from sqlglot import exp

    try:
        trees = sqlglot.parse(sql, read=_DIALECTS.get(dialect or "", None))
    except (sqlglot.errors.ParseError, sqlglot.errors.TokenError, ValueError):
        return []
    missing: list[str] = []
    for tree in trees:
        if tree is None:
            continue
        declared = set()
        for table in tree.find_all(exp.Table):
            declared.add(table.name.lower())
            if table.alias:
                declared.add(table.alias.lower())
        for cte in tree.find_all(exp.CTE):
            declared.add(cte.alias.lower())
        for sub in tree.find_all(exp.Subquery):
            if sub.alias:
                declared.add(sub.alias.lower())
        for column in tree.find_all(exp.Column):
            qualifier = column.table
            if qualifier and qualifier.lower() not in declared and qualifier not in missing:
                missing.append(qualifier)
    return missing
