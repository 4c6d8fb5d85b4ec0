"""``rootcause train`` and ``rootcause corpus``: the classifier and the labelled corpus it learns from."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from rootcause.cli.common import _split
from rootcause.output import check_output, output_file


def register(sub) -> None:
    """Add this module's commands to the ``rootcause`` parser."""
    train = sub.add_parser("train", help="train the classifier on labelled runs and save it (skops)")
    train.set_defaults(func=_train)
    train.add_argument("paths", nargs="+", help="labelled runs, e.g. data/corpus/*.jsonl.gz")
    train.add_argument("-o", "--output", required=True, help="model file to write (.skops)")
    train.add_argument("--truth", default="label", help="column holding the root cause (default: label)")
    train.add_argument("--depth", type=int, default=2, help="train on ids cut to N parts (default 2); 0 keeps whole ids")
    train.add_argument("--C", type=float, default=4.0, help="inverse regularisation strength (default 4)")

    corpus = sub.add_parser("corpus", help="build the labelled corpus: mutate the reference apps and run them for real")
    corpus.set_defaults(func=_corpus)
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
