"""``rootcause taxonomy``, ``rules`` and ``explain``: the documentation of root causes, rules, static checks and catalogue entries."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from rootcause.cli.common import _write, format_option
from rootcause.output import check_output


def register(sub) -> None:
    """Add this module's commands to the ``rootcause`` parser."""
    taxonomy = sub.add_parser("taxonomy", help="list the root causes, or explain one")
    taxonomy.set_defaults(func=_taxonomy)
    taxonomy.add_argument("id", nargs="?", help="a root-cause id to explain")
    format_option(taxonomy, ("human", "json", "csv", "markdown"))
    taxonomy.add_argument("-o", "--output", help="write the list to FILE instead of stdout")

    rules = sub.add_parser("rules", help="list the log rules and the static checks with their documentation")
    rules.set_defaults(func=_rules)
    format_option(rules, ("human", "json", "csv", "markdown"))
    rules.add_argument("-o", "--output", help="write the list to FILE instead of stdout")

    explain = sub.add_parser("explain", help="print a rule's, a root cause's or an error's documentation")
    explain.set_defaults(func=_explain)
    explain.add_argument(
        "name",
        help="a rule code (RC301), a static check (XF105), a rule name, root-cause id, or an error catalogue entry: "
        "its id, error code (42P01, EADDRINUSE) or exception name",
    )


def _taxonomy(args: argparse.Namespace) -> int:
    from rootcause.taxonomy import load_taxonomy

    if args.output:
        check_output(args.output)
    taxonomy = load_taxonomy()
    if args.id:
        text = _explain_entry(taxonomy[args.id]) + "\n"
    else:
        frame = taxonomy.to_frame()
        if args.format == "json":
            text = frame.to_json(orient="records", indent=2) + "\n"
        elif args.format == "csv":
            text = frame.to_csv(index=False)
        elif args.format == "markdown":
            from rootcause.stats import markdown_table

            text = markdown_table(frame.drop(columns=["description"]))
        else:
            text = "".join(f"{e.id:45} {e.category}{f'/{e.subcategory}' if e.subcategory else ''}\n" for e in taxonomy)
    _write(text, args.output)
    return 0


def _explain_entry(entry) -> str:
    sub = f" / {entry.subcategory}" if entry.subcategory else ""
    lines = [
        f"{entry.id}: {entry.name} [{entry.status}]",
        f"paper label: {entry.category}{sub}; precedence {entry.precedence}",
        "",
        entry.description,
        "",
        "evidence:",
    ]
    lines += [f"  - {e}" for e in entry.evidence]
    lines += ["", f"example: {entry.example}"]
    return "\n".join(lines)


def _rules(args: argparse.Namespace) -> int:
    from rootcause.code.registry import STATIC_CODES
    from rootcause.rules import RULES, describe

    if args.output:
        check_output(args.output)
    rows = [
        {"code": r.code, "kind": "log", "name": r.name, "root_cause": r.root_cause, "confidence": r.confidence.name, "signals": sorted(r.signals), "doc": r.doc}
        for r in RULES
    ]
    static: list[dict[str, Any]] = [
        {
            "code": c.code,
            "kind": "static",
            "name": c.name,
            "root_causes": list(c.root_causes),
            "level": c.level,
            "whole_project": c.whole_project,
            "doc": f"{c.summary}\n\nFires on: {c.fires_on}\nDoes not fire on: {c.quiet_on}",
        }
        for c in STATIC_CODES.values()
    ]
    if args.format == "json":  # log rules, then static checks (root_causes, level)
        text = json.dumps(rows + static, indent=2) + "\n"
    elif args.format in ("csv", "markdown"):
        import pandas as pd

        flat = [{**r, "signals": " ".join(r["signals"])} for r in rows]
        flat += [{**c, "root_cause": " | ".join(c.pop("root_causes")), "signals": "static"} for c in static]
        frame = pd.DataFrame(flat).assign(summary=lambda f: f["doc"].map(lambda d: d.split("\n", 1)[0]))
        if args.format == "csv":
            text = frame.to_csv(index=False)
        else:
            from rootcause.stats import markdown_table

            text = markdown_table(frame.drop(columns=["doc"]))
    else:
        text = "\n\n".join([*(describe(r) for r in RULES), *(c.describe() for c in STATIC_CODES.values())]) + "\n"
    _write(text, args.output)
    return 0


def _explain(args: argparse.Namespace) -> int:
    from rootcause.rules import describe, get_rule
    from rootcause.taxonomy import load_taxonomy

    try:
        print(describe(get_rule(args.name)))
        return 0
    except KeyError:
        pass
    from rootcause.code.registry import get_static

    try:
        print(get_static(args.name).describe())
        return 0
    except KeyError:
        pass
    taxonomy = load_taxonomy()
    if args.name in taxonomy:
        print(_explain_entry(taxonomy[args.name]))
        return 0
    from rootcause.catalogue import load_catalogue

    entries = load_catalogue().lookup(args.name)
    if entries:
        print("\n\n".join(e.explain() for e in entries))
        return 0
    print(f"rootcause: no rule, static check, root cause or catalogue entry (id, error code or exception name) named {args.name!r}", file=sys.stderr)
    return 2
