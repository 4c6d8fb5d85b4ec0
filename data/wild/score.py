"""Score rootcause on real failures nobody on the team wrote rules from.

    python data/wild/score.py [--split test|dev] [--model PATH|default|none] [--set wild|llm-backends|all] [--errors FILE]

Two sets: the wild set (``cases/*.jsonl``, captured here from situations people report) and
the llm-backends set (``../shared/datasets/llm-backends/``, read in place, never copied). Both
are split by situation (wild: the case id; llm-backends: the cause signature) with
``split.split_of``; rules are written from ``dev`` only and ``test`` is scored when a change is
done. Three answers per item: the rules alone, the default policy (rules, then the shipped
model), and a keyword baseline that knows exception names only (each exception name votes for
the label it most often has in ``dev``). Scores are macro-F1 over the labels present, at family
depth (``data.query``), and the share of items left ``unknown`` that hold an exception, an error
code or a failing status.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path.insert(0, str(HERE))

from split import split_of  # noqa: E402

SHARED = ROOT.parent / "shared" / "datasets" / "llm-backends"
#: Fields that hold the answer; never shown to the classifier.
LEAKS = ("label", "alt_labels", "confidence", "rationale", "source", "cause", "generator", "split", "source_kind", "shape", "libraries")


def family(label: str | None) -> str:
    return ".".join(str(label or "unknown").split(".")[:2])


def wild_items(split: str | None) -> list[dict]:
    items = []
    for path in sorted((HERE / "cases").glob("*.jsonl")):
        for line in path.read_text().splitlines():
            item = json.loads(line)
            if split is None or item["split"] == split:
                item["set"] = "wild"
                item.setdefault("runtime", item.get("language"))
                items.append(item)
    return items


def llm_backend_items(split: str | None) -> list[dict]:
    data = SHARED / "llm_backends_dev.jsonl"
    if not data.exists():
        return []
    signatures = json.loads((SHARED / "cause_signatures.json").read_text())
    items = []
    for line in data.read_text().splitlines():
        item = json.loads(line)
        item["split"] = split_of("llm-backends:" + signatures[item["id"]]["cause_signature"])
        if split is None or item["split"] == split:
            item["set"] = "llm-backends"
            item["language"] = item.get("runtime")
            item["source_kind"] = "llm-backends"
            items.append(item)
    return items


def as_record(item: dict):
    from rootcause.readers.records import record_from_mapping

    shown = {k: v for k, v in item.items() if k not in LEAKS and k != "set"}
    return record_from_mapping(shown, fallback_id=item["id"], source=item["set"])


def has_signal(facts) -> bool:
    from rootcause.classify import has_concrete_signal

    return has_concrete_signal(facts)


def hold_out_test_entries() -> int:
    """Leave out the catalogue entries whose example is a test-split case, for this process; returns how many."""
    import rootcause.catalogue as catalogue

    test_ids = {i["id"] for i in wild_items("test")}
    full = catalogue.load_catalogue()
    kept = catalogue.Catalogue(e for e in full if e.example not in test_ids)
    catalogue.load_catalogue = lambda strict=False: kept  # read at call time by Facts.catalogue_matches
    return len(full) - len(kept)


def keyword_baseline(train: list[dict]):
    """Exception name -> the label it most often has in ``train``; the first exception of an item decides."""
    from rootcause.evidence import extract_facts

    votes: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    for item in train:
        for exc in extract_facts(as_record(item)).exceptions[:1]:
            votes[exc.short_type][family(item["label"])] += 1

    def predict(facts) -> str:
        for exc in facts.exceptions[:1]:
            if exc.short_type in votes:
                return votes[exc.short_type].most_common(1)[0][0]
        return "unknown"

    return predict


def macro_f1(truth: list[str], pred: list[str]) -> float:
    from sklearn.metrics import f1_score

    labels = sorted(set(truth))
    return float(f1_score(truth, pred, labels=labels, average="macro", zero_division=0)) if truth else float("nan")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=("test", "dev", "all"))
    parser.add_argument("--set", default="all", choices=("wild", "llm-backends", "all"))
    parser.add_argument("--model", default="default", help="skops file, 'default' or 'none'")
    parser.add_argument("--errors", help="write the misclassified items (id, truth, answers) to this CSV")
    parser.add_argument("--all-entries", action="store_true",
                        help="keep catalogue entries whose example is a test case (by default they are left out when scoring, "
                             "since whoever wrote them saw that case)")
    args = parser.parse_args(argv)
    if not args.all_entries:
        print(f"catalogue entries left out (their example is a test case): {hold_out_test_entries()}", file=sys.stderr)

    import pandas as pd

    from rootcause.classify import diagnose
    from rootcause.evidence import extract_facts
    from rootcause.learn.persist import load_model
    from rootcause.taxonomy import load_taxonomy

    split = None if args.split == "all" else args.split
    items = []
    if args.set in ("wild", "all"):
        items += wild_items(split)
    if args.set in ("llm-backends", "all"):
        items += llm_backend_items(split)
    train = [i for i in wild_items("dev") + llm_backend_items("dev")]
    baseline = keyword_baseline(train)
    model = None if args.model == "none" else load_model(args.model)
    taxonomy = load_taxonomy()
    rows = []
    for item in items:
        record = as_record(item)
        facts = extract_facts(record)
        rules = diagnose(record, taxonomy=taxonomy)
        policy = diagnose(record, taxonomy=taxonomy, model=model) if model is not None else rules
        rows.append({
            "set": item["set"], "id": item["id"], "split": item["split"], "language": item.get("language"),
            "framework": item.get("framework"), "source_kind": item.get("source_kind"), "shape": item.get("shape"),
            "truth": family(item["label"]), "rules": family(rules.root_cause), "default": family(policy.root_cause),
            "keyword": baseline(facts), "signal": has_signal(facts), "rule": rules.rule,
        })
    df = pd.DataFrame(rows)
    if df.empty:
        print("no items")
        return 1
    out = []
    groupings = [("set", ["set"]), ("set x language", ["set", "language"]), ("set x source_kind", ["set", "source_kind"]), ("set x framework", ["set", "framework"])]
    for title, by in groupings:
        for key, group in df.groupby(by, dropna=False):
            key = key if isinstance(key, tuple) else (key,)
            out.append({
                "by": title, "group": " / ".join(str(k) for k in key), "n": len(group),
                "rules_f1": macro_f1(list(group.truth), list(group.rules)),
                "default_f1": macro_f1(list(group.truth), list(group.default)),
                "keyword_f1": macro_f1(list(group.truth), list(group.keyword)),
                "default_acc": float((group.truth == group.default).mean()),
                "unknown": float((group.default == "unknown").mean()),
                "unknown_with_signal": int(((group.default == "unknown") & group.signal).sum()),
            })
    table = pd.DataFrame(out)
    with pd.option_context("display.width", 200, "display.max_rows", 200):
        print(f"split={args.split} model={args.model} items={len(df)}")
        print(table.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
    if args.errors:
        df[(df.truth != df.default) | (df.truth != df.rules)].to_csv(args.errors, index=False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
