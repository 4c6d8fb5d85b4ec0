"""Rule coverage: how many runs each rule fires on and decides."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas loads when a function needs it
    import pandas as pd
from rootcause.stats.common import _require


def rule_coverage(df: "pd.DataFrame") -> "pd.DataFrame":
    """How often each rule fires and decides, from classify output (``rules_fired``, ``rule``).

    Columns: ``rule``; ``fired`` (runs it found something in); ``decided`` (runs whose
    diagnosis it gave); ``coverage`` and ``decided_share`` (the same over all runs, 0..1).
    ``rules_fired`` may be a list (the API) or a space-separated string (CSV output).
    Sorted by ``fired`` descending, then rule.
    """
    import pandas as pd

    _require(df, ["rules_fired", "rule"])
    fired: dict[str, int] = {}
    for value in df["rules_fired"]:
        codes = value if isinstance(value, (list, tuple)) else str(value).replace(",", " ").split() if isinstance(value, str) else []
        for code in set(codes):
            fired[code] = fired.get(code, 0) + 1
    decided = df["rule"].dropna().value_counts()
    n = len(df)
    rows = [
        {"rule": code, "fired": count, "decided": int(decided.get(code, 0)), "coverage": count / n, "decided_share": int(decided.get(code, 0)) / n}
        for code, count in fired.items()
    ]
    table = pd.DataFrame(rows, columns=["rule", "fired", "decided", "coverage", "decided_share"])
    return table.sort_values(["fired", "rule"], ascending=[False, True], ignore_index=True)
