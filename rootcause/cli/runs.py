"""``rootcause classify`` and ``rootcause analyze``: diagnose runs, read projects statically."""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from pathlib import Path
from typing import Any

from rootcause.cli.common import OUTPUT_FORMATS, _load_model, _model_options, format_option
from rootcause.output import check_output, output_file, terminal_safe

ANALYZE_FORMATS = ("human", "json", "jsonl", "sarif")


def register(sub) -> None:
    """Add this module's commands to the ``rootcause`` parser."""
    from rootcause.readers import FORMATS

    classify = sub.add_parser("classify", help="diagnose runs: one row per input run, in input order")
    classify.set_defaults(func=_classify)
    classify.add_argument("paths", nargs="+", help="run logs: files or folders in any supported format")
    format_option(classify, OUTPUT_FORMATS)
    classify.add_argument("--input-format", choices=FORMATS, help="skip detection and read every path as this format")
    classify.add_argument("-o", "--output", help="write results to FILE instead of stdout (required for parquet)")
    classify.add_argument("--quiet", action="store_true", help="no progress on stderr")
    _model_options(classify)

    analyze = sub.add_parser("analyze", help="static findings in generated Python and JavaScript/TypeScript projects (never run)")
    analyze.set_defaults(func=_analyze)
    analyze.add_argument("paths", nargs="+", help="project folders, single .py/.js/.ts files, or unified diffs (.patch/.diff)")
    format_option(analyze, ANALYZE_FORMATS)
    analyze.add_argument("--constraints", default="", help="comma-separated task constraints (clean_architecture,sqlite,postgres,sqlalchemy)")
    analyze.add_argument("--remarks", action="store_true", help="also list remarks (files left out, checks that failed)")
    analyze.add_argument("-o", "--output", help="write to FILE instead of stdout")


def _classify(args: argparse.Namespace) -> int:
    from rootcause.classify import diagnose_all, diagnosis_row, stderr_progress
    from rootcause.readers import read_runs

    if args.format == "parquet" and not args.output:
        print("rootcause: --format parquet needs -o FILE", file=sys.stderr)
        return 2
    if args.output:
        check_output(args.output, args.paths)  # before any work: a bad path fails now, not after the sweep
    progress = None if args.quiet else stderr_progress()
    model = _load_model(args)
    from rootcause.classify import COLUMNS
    from rootcause.table_output import TableSpool

    # csv and parquet only: their columns depend on every row, so rows wait on disk, not in memory.
    spool = TableSpool(COLUMNS) if args.format in ("csv", "parquet") else None
    made = failed = 0
    internal: BaseException | None = None
    target = output_file(args.output, args.paths, binary=args.format == "parquet") if args.output else contextlib.nullcontext(sys.stdout)
    with target as out:
        try:
            for diagnosis in diagnose_all(
                read_runs(args.paths, input_format=args.input_format), progress=progress, model=model, threshold=args.threshold, policy=args.policy
            ):
                row = diagnosis_row(diagnosis)
                if row["error"]:
                    failed += 1
                    print(f"rootcause: {terminal_safe(row['error'])}", file=sys.stderr)
                if args.format == "jsonl":
                    out.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
                elif args.format == "human":
                    out.write(terminal_safe(_human(row)) + "\n")
                elif args.format == "json":  # streamed: an array written element by element
                    element = json.dumps(row, ensure_ascii=False, indent=2, default=str).replace("\n", "\n  ")
                    out.write(("[\n  " if made == 0 else ",\n  ") + element)
                else:
                    assert spool is not None  # csv or parquet
                    spool.add(row)
                made += 1
        except (KeyboardInterrupt, BrokenPipeError):
            raise
        except Exception as exc:  # an internal error: keep every row already made, then say so
            internal = exc
        if args.format == "json":
            out.write("\n]\n" if made else "[]\n")
        elif spool is not None:
            with spool:
                spool.write(args.format, out)
    if internal is not None:
        print(f"rootcause: internal error after {made} row(s): {type(internal).__name__}: {internal}", file=sys.stderr)
        return 3
    if failed:
        print(f"rootcause: {failed} input record(s) could not be read (see the error column)", file=sys.stderr)
    return 1 if failed else 0


def _analyze(args: argparse.Namespace) -> int:

    from rootcause import __version__
    from rootcause.code.analyze import CHECK_FAILED, iter_findings
    from rootcause.code.sarif import to_sarif

    missing = [p for p in args.paths if not Path(p).exists()]
    for path in missing:
        print(f"rootcause: {path}: no such file or folder", file=sys.stderr)
    constraints = [c.strip() for c in args.constraints.split(",") if c.strip()]
    if args.output:
        check_output(args.output, args.paths)
    found = list(iter_findings([p for p in args.paths if Path(p).exists()], constraints))
    pairs = [(p, f) for p, f in found if args.remarks or f.level == "defect"]
    # A check that crashed leaves its findings out: said on stderr (and exit 3) even without --remarks.
    crashed = [(p, f) for p, f in found if f.rule == CHECK_FAILED]
    for p, f in crashed:
        print(f"rootcause: {terminal_safe(str(p))}: {terminal_safe(f.message)} (its findings are missing)", file=sys.stderr)
    with output_file(args.output, args.paths) if args.output else contextlib.nullcontext(sys.stdout) as out:
        if args.format == "sarif":
            json.dump(to_sarif(pairs, version=__version__), out, indent=2)
            out.write("\n")
        elif args.format == "json":
            json.dump([{"project": p, **f.to_dict()} for p, f in pairs], out, indent=2)
            out.write("\n")
        elif args.format == "jsonl":
            for p, f in pairs:
                out.write(json.dumps({"project": p, **f.to_dict()}) + "\n")
        else:
            for p, f in pairs:
                where = f"{Path(p) / f.path}:{f.line}:{f.column}" if f.path else str(p)
                out.write(f"{where}: {f.rule} [{f.root_cause}] {f.message}\n")
                for fact in f.facts:
                    out.write(f"    {fact}\n")
    # As ruff and flake8 do: 1 when defects were reported, 0 when clean; 2 for a path that does not exist.
    defects = any(f.level == "defect" for _, f in found)
    return 3 if crashed else 2 if missing else 1 if defects else 0


def _human(row: dict[str, Any]) -> str:
    from rootcause.classify import evidence_text

    sub = f"/{row['subcategory']}" if row.get("subcategory") else ""
    head = f"{row['id']}: {row['root_cause']} ({row['category']}{sub}) confidence {row['confidence']:.2f} [{row['source']}{' ' + row['rule'] if row.get('rule') else ''}]"
    lines = [head]
    if row.get("message"):
        lines.append(f"    {row['message']}")
    if row.get("evidence"):
        for item in row["evidence"]:
            lines.append(f"    - {evidence_text([item])}")
    if row.get("error"):
        lines.append(f"    error: {row['error']}")
    return "\n".join(lines)
