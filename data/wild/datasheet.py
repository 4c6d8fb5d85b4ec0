"""Write the counts section of ``DATASHEET.md`` from ``cases/*.jsonl`` (between the marker lines).

    python data/wild/datasheet.py
"""

from __future__ import annotations

import collections
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
BEGIN, END = "<!-- counts:begin -->", "<!-- counts:end -->"


def family(label: str) -> str:
    return ".".join(label.split(".")[:2])


def table(rows: dict, columns: list[str], first: str) -> list[str]:
    out = [f"| {first} | " + " | ".join(columns) + " | total |", "|---|" + "---:|" * (len(columns) + 1)]
    for key in sorted(rows):
        counts = rows[key]
        out.append(f"| {key} | " + " | ".join(str(counts.get(c, 0)) for c in columns) + f" | {sum(counts.values())} |")
    totals = collections.Counter()
    for counts in rows.values():
        totals.update(counts)
    out.append("| **total** | " + " | ".join(str(totals.get(c, 0)) for c in columns) + f" | {sum(totals.values())} |")
    return out


def main() -> int:
    cases = [json.loads(line) for path in sorted((HERE / "cases").glob("*.jsonl")) for line in path.read_text().splitlines()]
    by_family: dict = collections.defaultdict(collections.Counter)
    by_shape: dict = collections.defaultdict(collections.Counter)
    by_source: dict = collections.defaultdict(collections.Counter)
    frameworks: dict = collections.defaultdict(collections.Counter)
    for case in cases:
        by_family[family(case["label"])][f"{case['language']}/{case['split']}"] += 1
        by_shape[case["shape"]][case["language"]] += 1
        by_source[case["source_kind"]][case["split"]] += 1
        frameworks[case.get("framework") or "(none: a library or tool alone)"][case["language"]] += 1
    lines = [
        BEGIN,
        f"Situations: **{len(cases)}** ({sum(c['split'] == 'dev' for c in cases)} dev, {sum(c['split'] == 'test' for c in cases)} test); "
        f"distinct source pages: {len({c['source'] for c in cases})}.",
        "",
        "### Per family, language and split",
        *table(by_family, ["python/dev", "python/test", "node/dev", "node/test"], "family"),
        "",
        "### Per output shape",
        *table(by_shape, ["python", "node"], "shape"),
        "",
        "### Per source kind",
        *table(by_source, ["dev", "test"], "source kind"),
        "",
        "### Per framework",
        *table(frameworks, ["python", "node"], "framework"),
        END,
    ]
    sheet = HERE / "DATASHEET.md"
    text = sheet.read_text()
    start, end = text.index(BEGIN), text.index(END) + len(END)
    sheet.write_text(text[:start] + "\n".join(lines) + text[end:])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
