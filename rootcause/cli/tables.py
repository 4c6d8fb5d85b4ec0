"""``rootcause evaluate``, ``stats`` and ``figures``: agreement with labels, tables and figures from classified runs."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from pathlib import Path

from rootcause.cli.common import _load_model, _model_options, _write, format_option
from rootcause.errors import InputError
from rootcause.output import check_output, output_file


def register(sub) -> None:
    """Add this module's commands to the ``rootcause`` parser."""
    evaluate = sub.add_parser("evaluate", help="classify labelled runs and score the root causes against their labels")
    evaluate.set_defaults(func=_evaluate)
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
    format_option(evaluate, ("human", "csv", "json", "markdown"))
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
    stats.set_defaults(func=_stats)
    stats.add_argument("paths", nargs="+", help="classify output (CSV/JSONL) or any CSV/JSONL with label columns, e.g. the study's failure_analysis_*.csv")
    stats.add_argument("--by", help="grouping column(s), comma-separated (task columns such as framework and level are derived from 'task')")
    stats.add_argument("--of", default="root_cause", help="label column to attribute (default: root_cause)")
    format_option(stats, ("human", "csv", "latex", "json", "markdown"))
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
    figs.set_defaults(func=_figures)
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


def _stats(args: argparse.Namespace) -> int:
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
    _write(text, args.output, args.paths)
    return 0
