"""Train the shipped model on the labelled corpus plus the dev splits of the real-world sets.

    python data/wild/train_model.py -o rootcause/models/default.skops [--real-weight 12] [-j 2]

Training data: ``data/corpus/*.jsonl.gz`` (mutated reference apps, run for real), the ``dev``
split of the wild set (``data/wild/cases``) and the ``dev`` split of the llm-backends set
(``../shared/datasets/llm-backends``, read in place when present). The ``test`` splits are never
read. Real items count ``--real-weight`` times (they are few next to the corpus, and they are the
text the model meets in use). Labels are cut to families (``data.query``).
"""

from __future__ import annotations

import argparse
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from score import as_record, family, llm_backend_items, wild_items  # noqa: E402


def _observe_chunk(records):
    from rootcause.learn.features import observe

    return [observe(r) for r in records]


def observe_all(records, jobs: int):
    if jobs <= 1:
        return _observe_chunk(records)
    size = max(1, len(records) // (jobs * 8))
    chunks = [records[i : i + size] for i in range(0, len(records), size)]
    with ProcessPoolExecutor(jobs) as pool:
        return [o for part in pool.map(_observe_chunk, chunks) for o in part]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", required=True)
    parser.add_argument("--real-weight", type=int, default=12)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--C", type=float, default=4.0)
    parser.add_argument("--cv", type=int, default=0, metavar="K",
                        help="instead of writing a model, score K-fold out-of-fold on the real dev items (macro-F1 of the "
                             "default policy per set) for each --cv-weight; the test splits are never read")
    parser.add_argument("--cv-weight", type=int, nargs="*", default=None, help="real weights to compare under --cv")
    parser.add_argument("--policy", default="rules", help="the decision policy scored under --cv")
    parser.add_argument("--oof", help="under --cv, write each real item's out-of-fold answer (id, set, truth, answer) to this CSV")
    parser.add_argument("--exclude-groups", nargs="*", default=(), help="wild groups (case-id prefixes) left out of training")
    args = parser.parse_args(argv)

    import numpy as np

    from rootcause.evaluate import at_depth
    from rootcause.learn.persist import save
    from rootcause.learn.train import fit
    from rootcause.readers import read_runs

    start = time.monotonic()
    corpus = [r for r in read_runs(sorted(str(p) for p in (ROOT / "data" / "corpus").glob("*.jsonl.gz"))) if not r.error and r.metadata.get("label")]
    real = [i for i in wild_items("dev") if i["id"].split("-")[0] not in set(args.exclude_groups)] + llm_backend_items("dev")
    records = corpus + [as_record(item) for item in real]
    labels = [at_depth(r.metadata["label"], 2) for r in corpus] + [family(item["label"]) for item in real]
    observed = observe_all(records, args.jobs)
    print(f"observed {len(corpus)} corpus runs and {len(real)} real items in {time.monotonic() - start:.0f} s", file=sys.stderr)
    if args.cv:
        return cross_validate(records, observed, labels, real, len(corpus), args)
    runs = observed[: len(corpus)] + observed[len(corpus):] * args.real_weight
    y = labels[: len(corpus)] + labels[len(corpus):] * args.real_weight
    pipeline = fit(runs, np.asarray(y, dtype=object), model__C=args.C)
    save(pipeline, args.output)
    print(f"wrote {args.output}: {len(pipeline.classes_)} classes, {len(runs)} training rows, {time.monotonic() - start:.0f} s", file=sys.stderr)
    return 0


def cross_validate(records, observed, labels, real, n_corpus: int, args) -> int:
    """Out-of-fold scores of the default policy on the real dev items (fold = hash of the id)."""
    import json
    import zlib

    import numpy as np
    from score import macro_f1

    from rootcause.classify import diagnose
    from rootcause.learn.train import fit

    # Near-duplicates stay in one fold: llm-backends items by their cause signature, wild items by id.
    signatures_file = ROOT.parent / "shared" / "datasets" / "llm-backends" / "cause_signatures.json"
    signatures = json.loads(signatures_file.read_text()) if signatures_file.exists() else {}

    def group(item: dict) -> str:
        if item["set"] == "llm-backends" and item["id"] in signatures:
            return "llm-backends:" + signatures[item["id"]]["cause_signature"]
        return item["id"]

    folds = [zlib.crc32(group(item).encode()) % args.cv for item in real]
    for weight in args.cv_weight or [args.real_weight]:
        predicted: list[str] = [""] * len(real)
        for k in range(args.cv):
            train = [i for i, f in enumerate(folds) if f != k]
            runs = observed[:n_corpus] + [observed[n_corpus + i] for i in train] * weight
            y = labels[:n_corpus] + [labels[n_corpus + i] for i in train] * weight
            pipeline = fit(runs, np.asarray(y, dtype=object), model__C=args.C)
            for i, f in enumerate(folds):
                if f == k:
                    predicted[i] = family(diagnose(records[n_corpus + i], model=pipeline, policy=args.policy).root_cause)
        for name in ("wild", "llm-backends"):
            idx = [i for i, item in enumerate(real) if item["set"] == name]
            truth = [labels[n_corpus + i] for i in idx]
            pred = [predicted[i] for i in idx]
            acc = sum(t == p for t, p in zip(truth, pred, strict=True)) / max(1, len(idx))
            print(f"weight={weight} C={args.C} policy={args.policy} {name}: n={len(idx)} out-of-fold macro-F1 {macro_f1(truth, pred):.3f} accuracy {acc:.3f}", flush=True)
        if args.oof:
            import csv

            with open(args.oof, "w", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(["id", "set", "weight", "truth", "answer"])
                for i, item in enumerate(real):
                    writer.writerow([item["id"], item["set"], weight, labels[n_corpus + i], predicted[i]])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
