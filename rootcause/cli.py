"""The ``rootcause`` command: thin argument parsing over the library.

Results go to stdout (or ``-o FILE``), progress and problems to stderr.
Exit codes: 0 all inputs read, 1 some inputs could not be read (their rows came out, with the
error), 2 a usage error (a bad option, an output path that cannot be written), 3 an internal error
(every row made before it was still written).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rootcause.errors import InputError, RootcauseError
from rootcause.output import check_output, output_file, terminal_safe

OUTPUT_FORMATS = ("human", "json", "jsonl", "csv", "parquet")


def _parser() -> argparse.ArgumentParser:
    from rootcause import __version__
    from rootcause.readers import FORMATS

    parser = argparse.ArgumentParser(prog="rootcause", description="Find out why LLM-generated backend code fails.")
    parser.add_argument("--version", action="version", version=f"rootcause {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    classify = sub.add_parser("classify", help="diagnose runs: one row per input run, in input order")
    classify.add_argument("paths", nargs="+", help="run logs: files or folders in any supported format")
    classify.add_argument("--format", choices=OUTPUT_FORMATS, default="human", help="output format (default: human)")
    classify.add_argument("--input-format", choices=FORMATS, help="skip detection and read every path as this format")
    classify.add_argument("-o", "--output", help="write results to FILE instead of stdout (required for parquet)")
    classify.add_argument("--quiet", action="store_true", help="no progress on stderr")
    _model_options(classify)

    analyze = sub.add_parser("analyze", help="static findings in generated Python projects (never run)")
    analyze.add_argument("paths", nargs="+", help="project folders, single .py files, or unified diffs (.patch/.diff)")
    analyze.add_argument("--format", choices=("human", "json", "jsonl", "sarif"), default="human")
    analyze.add_argument("--constraints", default="", help="comma-separated task constraints (clean_architecture,sqlite,postgres,sqlalchemy)")
    analyze.add_argument("--remarks", action="store_true", help="also list remarks (files left out, checks that failed)")
    analyze.add_argument("-o", "--output", help="write to FILE instead of stdout")

    taxonomy = sub.add_parser("taxonomy", help="list the root causes, or explain one")
    taxonomy.add_argument("id", nargs="?", help="a root-cause id to explain")
    taxonomy.add_argument("--format", choices=("human", "json", "csv", "markdown"), default="human")
    taxonomy.add_argument("-o", "--output", help="write the list to FILE instead of stdout")

    rules = sub.add_parser("rules", help="list the log rules and the static checks with their documentation")
    rules.add_argument("--format", choices=("human", "json", "csv", "markdown"), default="human")
    rules.add_argument("-o", "--output", help="write the list to FILE instead of stdout")

    explain = sub.add_parser("explain", help="print a rule's, a root cause's or an error's documentation")
    explain.add_argument(
        "name",
        help="a rule code (RC301), a static check (XF105), a rule name, root-cause id, or an error catalogue entry: "
        "its id, error code (42P01, EADDRINUSE) or exception name",
    )

    evaluate = sub.add_parser("evaluate", help="classify labelled runs and score the root causes against their labels")
    evaluate.add_argument(
        "paths", nargs="+", help="labelled runs (e.g. data/corpus/*.jsonl.gz), or classify output (CSV, JSONL, JSON, Parquet) scored as it is"
    )
    evaluate.add_argument("--truth", default="label", help="column holding the true root cause (default: label)")
    evaluate.add_argument("--depth", type=int, default=2, help="compare ids cut to N parts (default 2: data.query); 0 compares whole ids")
    evaluate.add_argument("--by", help="also score each value of this column (e.g. stack, database, framework)")
    evaluate.add_argument(
        "--bootstrap", type=int, default=1000, metavar="N", help="resamples for the 95%% intervals of accuracy, macro-F1 and kappa (0: none; default 1000)"
    )
    evaluate.add_argument("--figure", metavar="FILE", help="also draw the confusion matrix to FILE (.png, .pdf or .svg)")
    evaluate.add_argument("--rules", action="store_true", help="also print the rule analysis table and the majority-vote baseline")
    evaluate.add_argument("--format", choices=("human", "csv", "json", "markdown"), default="human")
    evaluate.add_argument("-o", "--output", help="write the scores to FILE instead of stdout")
    evaluate.add_argument("--quiet", action="store_true", help="no progress on stderr")
    evaluate.add_argument(
        "--view",
        choices=("root_cause", "subcategory", "category"),
        default=None,
        help="compare this output column with --truth (default: the one whose vocabulary the truth column holds, e.g. subcategory against human_subcategory)",
    )
    evaluate.add_argument("--cv", metavar="COLUMN", help="leave one value of COLUMN out at a time (e.g. stack, database): train on the rest, score it")
    evaluate.add_argument("--reliability", metavar="FILE", help="with --cv: draw the held-out model's reliability diagram to FILE")
    _model_options(evaluate)

    stats = sub.add_parser("stats", help="attribution tables: share of runs per label by group, with bootstrap CIs")
    stats.add_argument("paths", nargs="+", help="classify output (CSV/JSONL) or any CSV/JSONL with label columns, e.g. the study's failure_analysis_*.csv")
    stats.add_argument("--by", help="grouping column(s), comma-separated (task columns such as framework and level are derived from 'task')")
    stats.add_argument("--of", default="root_cause", help="label column to attribute (default: root_cause)")
    stats.add_argument("--format", choices=("human", "csv", "latex", "json", "markdown"), default="human")
    stats.add_argument("-o", "--output", help="write the table to FILE instead of stdout")
    stats.add_argument(
        "--depth", type=int, default=0, help="cut root-cause ids to N parts (2: families such as data.query, as figures does); 0 keeps whole ids (default)"
    )
    stats.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for the intervals (default 1000; 0 for none)")
    stats.add_argument(
        "--table",
        choices=("attribution", "assertions", "decay", "effects", "coverage", "regression"),
        default="attribution",
        help="attribution: share of runs per label; assertions: failing assertions each label explains; "
        "decay: mean --outcome per level; effects: matched-pair effect of one added constraint; "
        "coverage: runs each rule fires on and decides; regression: logistic regression of the pass flag on "
        "the constraints with --by as covariates (default framework,model), errors clustered by task; "
        "needs statsmodels (default: attribution)",
    )
    stats.add_argument(
        "--outcome", default="data_layer", help="per-run numeric or 0/1 column for decay and effects (default: data_layer, derived from the labels)"
    )
    stats.add_argument("--weight", default="failed_assertions", help="per-run weight for --table assertions (default: failed_assertions)")
    stats.add_argument("--meta", metavar="FILE", help="CSV/JSONL of your own per-run columns, joined on 'id' (e.g. seed, prompt variant)")
    figs = sub.add_parser("figures", help="write every figure the inputs support, with its table and a manifest")
    figs.add_argument("paths", nargs="+", help="classify output (CSV/JSONL/JSON/Parquet), the study's CSVs, or test results (global_stats.csv)")
    figs.add_argument("-o", "--output", required=True, help="folder to write the figures, tables and manifest.json to")
    figs.add_argument("--of", help="label column (default: root_cause, else subcategory, else category)")
    figs.add_argument("--results", help="test results with pass counts per level (the study's global_stats.csv) for the pass-rate figures")
    figs.add_argument("--truth", help="column of true labels, for the confusion matrix")
    figs.add_argument("--meta", metavar="FILE", help="CSV/JSONL of your own per-run columns, joined on 'id'")
    figs.add_argument("--formats", default="png,pdf", help="comma-separated: png, pdf, svg (default: png,pdf)")
    figs.add_argument("--bootstrap", type=int, default=1000, help="bootstrap resamples for the intervals (default 1000)")
    figs.add_argument("--depth", type=int, default=2, help="cut root-cause ids to N parts (default 2: families such as data.query); 0 keeps whole ids")
    figs.add_argument("--no-title", action="store_true", help="leave the titles out (a paper's captions say what each figure shows)")
    figs.add_argument(
        "--labels",
        metavar="FILE",
        help="YAML or JSON mapping of label values to the words drawn for them (default: root-cause names from the taxonomy, snake_case as words)",
    )

    train = sub.add_parser("train", help="train the classifier on labelled runs and save it (skops)")
    train.add_argument("paths", nargs="+", help="labelled runs, e.g. data/corpus/*.jsonl.gz")
    train.add_argument("-o", "--output", required=True, help="model file to write (.skops)")
    train.add_argument("--truth", default="label", help="column holding the root cause (default: label)")
    train.add_argument("--depth", type=int, default=2, help="train on ids cut to N parts (default 2); 0 keeps whole ids")
    train.add_argument("--C", type=float, default=4.0, help="inverse regularisation strength (default 4)")

    corpus = sub.add_parser("corpus", help="build the labelled corpus: mutate the reference apps and run them for real")
    csub = corpus.add_subparsers(dest="corpus_command", required=True)
    cbuild = csub.add_parser("build", help="run the mutants not built yet (resumable), then pack them")
    cbuild.add_argument("--stack", action="append", help="stack(s) to mutate, comma-separated (default: all four)")
    cbuild.add_argument("--operators", action="append", help="operator names, comma-separated (default: all)")
    cbuild.add_argument("--database", action="append", help="sqlite and/or postgres (default: both)")
    cbuild.add_argument("--limit", type=int, help="run at most N mutants this time")
    cbuild.add_argument("--sites", type=int, default=8, help="mutants per operator and stack (default: 8)")
    cbuild.add_argument("-j", "--jobs", type=int, default=2, help="mutants run at once (default: 2)")
    cbuild.add_argument("-o", "--output", default="data/corpus", help="corpus folder (default: data/corpus)")
    cbuild.add_argument("--python", default=sys.executable, help="interpreter that runs the apps (needs the corpus extra)")
    cbuild.add_argument("--apps", help="folder of the reference apps (default: ./data/apps)")
    cbuild.add_argument("--no-pack", action="store_true", help="leave the runs in OUTPUT/parts/")
    cbuild.add_argument("--quiet", action="store_true", help="no progress on stderr")
    cpack = csub.add_parser("pack", help="fold OUTPUT/parts/ into the compressed files and write the datasheet")
    cpack.add_argument("output", nargs="?", default="data/corpus")
    cops = csub.add_parser("operators", help="list the mutation operators")
    cops.add_argument("--format", choices=("human", "json"), default="human")
    return parser


def _model_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--model", default="default", help="skops model file, 'default' (shipped) or 'none' for rules only (default: default)")
    parser.add_argument(
        "--policy",
        choices=("rules", "soft", "high"),
        default="rules",
        help="rules: any rule decides, the model answers runs no rule explains; soft: as rules, but a confident model "
        "(p >= 0.6) overrules a finding that is only a heuristic; high: only agreeing HIGH rules decide (default: rules)",
    )
    parser.add_argument("--threshold", type=float, default=0.35, help="below this model probability the answer is unknown (default 0.35)")


def _load_model(args: argparse.Namespace):
    if args.model in (None, "none"):
        return None
    from rootcause.errors import ModelError
    from rootcause.learn.persist import load_model

    try:
        return load_model(args.model)
    except ModelError as exc:
        if args.model != "default":
            raise
        # The shipped model could not load (e.g. an incompatible scikit-learn): rules still work.
        print(f"rootcause: warning: {exc}; classifying with the rules alone", file=sys.stderr)
        return None


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "classify":
            return _classify(args)
        if args.command == "analyze":
            return _analyze(args)
        if args.command == "taxonomy":
            return _taxonomy(args)
        if args.command == "rules":
            return _rules(args)
        if args.command == "explain":
            return _explain(args)
        if args.command == "corpus":
            return _corpus(args)
        if args.command == "evaluate":
            return _evaluate(args)
        if args.command == "train":
            return _train(args)
        if args.command == "stats":
            from rootcause.stats import stats_command

            if args.output:
                check_output(args.output, args.paths)
            text = stats_command(
                args.paths,
                args.by,
                args.of,
                args.format,
                args.bootstrap,
                table=args.table,
                outcome=args.outcome,
                weight=args.weight,
                meta=args.meta,
                depth=args.depth or None,
            )
            with output_file(args.output, args.paths) if args.output else contextlib.nullcontext(sys.stdout) as out:
                out.write(text)
            return 0
        if args.command == "figures":
            return _figures(args)
    except RootcauseError as exc:
        print(f"rootcause: {exc}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        return 0
    parser.error(f"unknown command {args.command}")
    return 2


def read_labels(path: str) -> dict[str, str]:
    """A ``--labels`` file: a YAML or JSON mapping of label values to the words drawn for them."""
    import yaml

    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))  # JSON is YAML too
    except FileNotFoundError:
        raise InputError("no such labels file", path=path) from None
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"unreadable labels file ({type(exc).__name__})", path=path) from None
    if not isinstance(data, dict) or not all(isinstance(v, (str, int, float)) for v in data.values()):
        raise InputError("a labels file must map each label value to the text to draw (value: words)", path=path)
    return {str(k): str(v) for k, v in data.items()}


def _figures(args: argparse.Namespace) -> int:
    import pandas as pd

    from rootcause.report import write_figures
    from rootcause.stats import load_tables, read_results

    check_output(args.output, args.paths, folder=True)
    labels = read_labels(args.labels) if args.labels else None
    # Test-results tables among the inputs (e.g. global_stats.csv) count as --results.
    runs, results = load_tables(args.paths, args.meta, of=getattr(args, "of", None))
    if args.results:
        extra = read_results(args.results)
        results = extra if results is None else pd.concat([results, extra], ignore_index=True)
    manifest = write_figures(
        runs,
        args.output,
        of=args.of,
        results=results,
        truth=args.truth,
        formats=[f.strip() for f in args.formats.split(",") if f.strip()],
        n_boot=args.bootstrap,
        depth=args.depth or None,
        inputs=[*args.paths, *([args.results] if args.results else [])],
        titles=not args.no_title,
        labels=labels,
    )
    for item in manifest["figures"]:
        print(f"{args.output}/{item['files'][0]}  {item['description']}")
    for item in manifest["skipped"]:
        print(f"skipped {item['name']}: {item['reason']}")
    print(f"{len(manifest['figures'])} figures, manifest: {args.output}/manifest.json")
    return 0


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
    from pathlib import Path

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


def _write(text: str, output: str | None) -> None:
    """Print ``text``, or write it to ``output`` atomically."""
    if output:
        with output_file(output) as out:
            out.write(text)
    else:
        sys.stdout.write(text)


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
    static = [
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


def _split(values: list[str] | None) -> list[str] | None:
    if not values:
        return None
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _corpus(args: argparse.Namespace) -> int:
    from rootcause.corpus import build as corpus_build
    from rootcause.corpus.operators import get

    if args.corpus_command == "operators":
        ops = get()
        if args.format == "json":
            json.dump(
                [{"name": o.name, "label": o.label, "stacks": list(o.stacks), "databases": list(o.databases), "doc": o.doc.strip()} for o in ops],
                sys.stdout,
                indent=2,
            )
            sys.stdout.write("\n")
        else:
            for op in ops:
                print(f"{op.name:<34} {op.label:<40} {','.join(s.split('_')[0] for s in op.stacks)}")
                if op.summary:
                    print(f"    {op.summary}")
        return 0
    if args.corpus_command == "pack":
        counts = corpus_build.pack(args.output)
        print(f"packed {counts['failed']} failing runs ({counts['equivalent']} equivalent mutants) in {args.output}", file=sys.stderr)
        return 0
    try:
        stacks = corpus_build.select_stacks(args.stack)
    except ValueError as exc:
        print(f"rootcause: {exc}", file=sys.stderr)
        return 2
    databases = _split(args.database) or list(corpus_build.DATABASES)
    bad = [d for d in databases if d not in corpus_build.DATABASES]
    if bad:
        print(f"rootcause: unknown database {bad[0]!r}; choose from sqlite, postgres", file=sys.stderr)
        return 2
    apps = Path(args.apps) if args.apps else None
    try:
        jobs = corpus_build.plan(stacks, get(_split(args.operators)), databases, sites_per_stack=args.sites, apps_dir=apps)
    except FileNotFoundError as exc:
        print(f"rootcause: {exc}", file=sys.stderr)
        return 2
    progress = None if args.quiet else (lambda msg: print(msg, file=sys.stderr, flush=True))
    counts = corpus_build.build(args.output, jobs, workers=args.jobs, python=args.python, progress=progress, apps_dir=apps, limit=args.limit)
    print(f"built: {counts['failed']} failing, {counts['equivalent']} equivalent, {counts['error']} harness errors", file=sys.stderr)
    if not args.no_pack:
        packed = corpus_build.pack(args.output)
        print(f"corpus: {packed['failed']} failing runs, {packed['equivalent']} equivalent mutants in {args.output}", file=sys.stderr)
    return 1 if counts["error"] else 0


def _is_classified_table(path: str) -> bool:
    """Whether ``path`` is ``rootcause classify`` output (CSV, Parquet, JSON or JSONL with a ``root_cause`` column)."""
    import gzip

    name = str(path).lower()
    if not os.path.isfile(path) or not name.endswith((".csv", ".tsv", ".parquet", ".jsonl", ".json", ".csv.gz", ".jsonl.gz")):
        return False
    try:
        if name.endswith(".parquet"):
            import pyarrow.parquet as pq

            return "root_cause" in pq.read_schema(path).names
        opener = gzip.open if name.endswith(".gz") else open
        with opener(path, "rt", encoding="utf-8", errors="replace") as handle:
            head = handle.read(65536)
    except (OSError, ImportError, ValueError):
        return False
    if name.endswith((".csv", ".tsv", ".csv.gz")):
        return "root_cause" in head.split("\n", 1)[0]
    # JSONL: the first record's line; a JSON array (pretty-printed): its first record, within the head.
    first = head.split("\n", 1)[0] if name.endswith((".jsonl", ".jsonl.gz")) else head.split("\n  }", 1)[0]
    return '"root_cause"' in first and '"rules_fired"' in first


def _evaluate(args: argparse.Namespace) -> int:
    import pandas as pd

    from rootcause.classify import diagnose_all, diagnosis_row, stderr_progress
    from rootcause.evaluate import agreement
    from rootcause.readers import read_runs
    from rootcause.stats import did_you_mean

    if args.output:
        check_output(args.output, args.paths)
    if args.figure:
        check_output(args.figure, args.paths)
        import matplotlib.pyplot as plt

        suffix = os.path.splitext(args.figure)[1].lstrip(".").lower()
        if suffix not in plt.gcf().canvas.get_supported_filetypes():
            print(f"rootcause: --figure {args.figure}: unknown image format {suffix!r} (use .png, .pdf or .svg)", file=sys.stderr)
            return 2
    if args.cv:
        return _cross_validate(args)
    classified = [_is_classified_table(p) for p in args.paths]
    if any(classified) and not all(classified):
        print("rootcause: give either classified tables (classify output) or run logs to evaluate, not both", file=sys.stderr)
        return 2
    if all(classified):  # classify output: scored as it is, not classified again
        from rootcause.stats import read_table

        table = pd.concat([read_table(p) for p in args.paths], ignore_index=True)
        if not args.quiet:
            print(f"rootcause: scoring {len(table)} classified run(s) as given (not classified again)", file=sys.stderr)
    else:
        from rootcause.classify import COLUMNS

        records = list(read_runs(args.paths))
        # Columns are known once the runs are read: a wrong --by or --truth fails now, not after classifying.
        known = set(COLUMNS) | {k for r in records for k in r.metadata}
        for option, column in (("--truth", args.truth), ("--by", args.by)):
            if column and column not in known:
                print(f"rootcause: {option} {column!r}: no such column in the runs{did_you_mean(column, known)}", file=sys.stderr)
                return 2
        progress = None if args.quiet else stderr_progress()
        model = _load_model(args)
        diagnoses = list(diagnose_all(records, progress=progress, model=model, threshold=args.threshold, policy=args.policy))
        table = pd.DataFrame([diagnosis_row(d) for d in diagnoses])
    if args.truth not in table.columns or table[args.truth].isna().all():
        print(f"rootcause: no input run carries a {args.truth!r} column to score against{did_you_mean(args.truth, table.columns)}", file=sys.stderr)
        return 2
    from rootcause.evaluate import label_vocabulary

    view = args.view
    if view is None:  # the truth column's own vocabulary decides which output column to compare
        view = label_vocabulary(table[args.truth]) or "root_cause"
        if view != "root_cause":
            print(f"rootcause: {args.truth!r} holds the paper's {view} labels: comparing with the {view!r} column (--view {view})", file=sys.stderr)
    depth = args.depth or None
    predicted = "root_cause"
    if view != "root_cause":
        predicted, depth = view, None
        table[args.truth] = table[args.truth].where(table[args.truth].notna(), None)
    groups = [("all", table)]
    if args.by:
        if args.by not in table.columns:
            print(f"rootcause: --by {args.by!r}: no such column in the runs{did_you_mean(args.by, table.columns)}", file=sys.stderr)
            return 2
        groups += [(f"{args.by}={value}", part) for value, part in table.groupby(args.by, dropna=False)]
    try:
        results = [(name, agreement(part, truth=args.truth, predicted=predicted, depth=depth, n_boot=args.bootstrap)) for name, part in groups]
    except ValueError as exc:
        print(f"rootcause: {exc}", file=sys.stderr)
        return 2
    with output_file(args.output, args.paths) if args.output else contextlib.nullcontext(sys.stdout) as out:
        if args.format == "json":
            json.dump(
                [
                    {
                        "group": name,
                        "n": r.n,
                        "accuracy": r.accuracy,
                        "macro_f1": r.macro_f1,
                        "kappa": r.kappa,
                        "unknown": r.abstained,
                        "intervals": {k: list(v) for k, v in r.intervals.items()},
                        "macro_average": "unweighted mean of per-label F1 over the true labels",
                        "per_label": r.per_label.to_dict(orient="records"),
                    }
                    for name, r in results
                ],
                out,
                indent=2,
                default=str,
            )
            out.write("\n")
        elif args.format in ("csv", "markdown"):
            frames = [r.per_label.assign(group=name) for name, r in results]
            per_label = pd.concat(frames)[["group", *results[0][1].per_label.columns]]
            if args.format == "csv":
                per_label.to_csv(out, index=False)
            else:
                from rootcause.stats import markdown_table

                summary = pd.DataFrame(
                    [{"group": name, "n": r.n, "accuracy": r.accuracy, "macro_f1": r.macro_f1, "kappa": r.kappa, "unknown": r.abstained} for name, r in results]
                )
                out.write(markdown_table(summary) + "\n" + markdown_table(per_label))
        else:
            for name, r in results:
                out.write(f"{name}: {r.summary()}\n")
            out.write("\n" + results[0][1].per_label.to_string(index=False) + "\n")
            out.write("\nconfusion matrix (rows: truth, columns: predicted)\n" + results[0][1].confusion.to_string() + "\n")
    if args.figure:
        import matplotlib

        matplotlib.use("Agg")
        from rootcause.evaluate import plot_confusion

        ax = plot_confusion(results[0][1])
        ax.figure.savefig(args.figure, bbox_inches="tight", dpi=200)
        print(f"wrote {args.figure}", file=sys.stderr)
    if args.rules:
        from rootcause.evaluate import at_depth, majority_vote, rule_analysis, vote_matrix

        if all(classified):
            print("rootcause: --rules re-runs the rules on run logs; classify output does not carry their votes", file=sys.stderr)
            return 2
        votes = vote_matrix(diagnoses, depth=depth)
        if predicted != "root_cause":  # the rules vote root causes: say them in the truth's vocabulary
            from rootcause.taxonomy import load_taxonomy

            taxonomy = load_taxonomy()
            position = 0 if predicted == "category" else 1
            votes = votes.apply(
                lambda column: column.map(lambda v: v if v is None or v != v or v not in taxonomy else (taxonomy.paper_labels(v)[position] or "none"))
            )
        truth = pd.Series([at_depth(v, depth) for v in table[args.truth]], index=table["id"])
        truth = truth[~truth.index.duplicated()]
        missing = "unknown" if predicted == "root_cause" else "none"
        baseline = table.assign(**{predicted: majority_vote(votes).reindex(table["id"]).fillna(missing).to_numpy()})
        print(f"\nmajority vote of the rules: {agreement(baseline, truth=args.truth, predicted=predicted, depth=depth).summary()}")
        print(rule_analysis(votes, truth).to_string(index=False))
    return 0


def _cross_validate(args: argparse.Namespace) -> int:
    from rootcause.evaluate import agreement
    from rootcause.learn.train import calibration, cross_validate_groups, load_labelled

    if args.reliability:
        check_output(args.reliability, args.paths)
    data = load_labelled(args.paths, truth=args.truth, depth=args.depth or None)
    if not data.runs:
        print(f"rootcause: no input run carries a {args.truth!r} column to score against", file=sys.stderr)
        return 2
    try:
        scores, predictions = cross_validate_groups(data, args.cv, threshold=args.threshold, policy=args.policy, model__C=4.0)
    except KeyError as exc:
        print(f"rootcause: {exc.args[0]}", file=sys.stderr)
        return 2
    if args.format == "csv":
        scores.to_csv(sys.stdout, index=False)
        return 0
    pooled = agreement(predictions, truth="label")
    table, ece, brier = calibration(predictions["model_p"], predictions["model_top"] == predictions["label"])
    if args.format == "json":
        json.dump(
            {
                "held_out": scores.to_dict(orient="records"),
                "pooled": {"n": pooled.n, "accuracy": pooled.accuracy, "macro_f1": pooled.macro_f1, "kappa": pooled.kappa, "unknown": pooled.abstained},
                "model_calibration": {"ece": ece, "brier": brier, "bins": table.to_dict(orient="records")},
            },
            sys.stdout,
            indent=2,
            default=str,
        )
        sys.stdout.write("\n")
        return 0
    print(f"leave one {args.cv} out (policy {args.policy}):")
    print(scores.to_string(index=False))
    print(f"pooled: {pooled.summary()}")
    print(f"model alone, top class: ECE {ece}, Brier {brier}")
    print(table.to_string(index=False))
    if args.reliability:
        from rootcause.figures import reliability, save

        save(reliability(table, title=f"held-out {args.cv}s: ECE {ece:.3f}, Brier {brier:.3f}"), args.reliability)
        print(f"reliability diagram: {args.reliability}")
    return 0


def _train(args: argparse.Namespace) -> int:
    from rootcause.learn.persist import save
    from rootcause.learn.train import fit, load_labelled

    check_output(args.output, args.paths)  # before the training, not after it
    data = load_labelled(args.paths, truth=args.truth, depth=args.depth or None)
    if len(set(data.labels)) < 2:
        print(f"rootcause: need runs of at least two {args.truth!r} values to train, found {len(set(data.labels))}", file=sys.stderr)
        return 2
    pipeline = fit(data.runs, data.labels, model__C=args.C)
    with output_file(args.output, args.paths, binary=True) as handle:
        save(pipeline, handle.name)
    print(f"trained on {len(data.runs)} runs, {len(set(data.labels))} classes; wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
