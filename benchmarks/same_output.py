"""Does a restructuring change any answer? ``rootcause classify`` with two checkouts, row by row.

    git worktree add /tmp/base e97a5fd
    python benchmarks/same_output.py --baseline-src /tmp/base [--inputs FILE...] [--policy rules]

Classifies the same inputs (default: the labelled corpus in ``data/corpus/`` and, when present
beside the repository, the study's ``judge_validation_dev.json``) with the baseline checkout and
with the working tree, each in its own process (``PYTHONPATH`` picks the code), and compares the
JSONL outputs field by field, leaving out the fields that measure the machine (``seconds``).
Prints the number of rows, the rows that differ and, for the first few, which fields differ and
how. Exit status 0 when every row is identical, 1 otherwise. Not a unit test: it takes a few
minutes and needs two checkouts.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
JUDGE_DEV = ROOT.parent / "shared" / "datasets" / "constraint-decay" / "judge_validation_dev.json"
#: Fields that measure the machine, not the diagnosis.
VOLATILE = {"seconds"}


def default_inputs() -> list[Path]:
    inputs = sorted((ROOT / "data" / "corpus").glob("*.jsonl.gz"))
    if JUDGE_DEV.is_file():
        inputs.append(JUDGE_DEV)
    return inputs


def classify(source: Path, inputs: list[Path], policy: str, folder: Path, name: str) -> list[dict]:
    """The JSONL rows ``rootcause classify`` writes with the code at ``source``."""
    output = folder / f"{name}.jsonl"
    code = (
        "import sys\n"
        "import rootcause\n"
        "assert rootcause.__file__.startswith(sys.argv.pop(1)), rootcause.__file__\n"
        "from rootcause.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    command = [sys.executable, "-c", code, str(source), "classify", *map(str, inputs), "--format", "jsonl", "--policy", policy, "-o", str(output)]
    done = subprocess.run(command, cwd=folder, env=dict(os.environ, PYTHONPATH=str(source)), capture_output=True, text=True)
    if done.returncode not in (0, 1):  # 1: some input could not be read; its rows still come out
        raise SystemExit(f"{name}: classify exited {done.returncode}:\n{done.stderr[-2000:]}")
    return [json.loads(line) for line in output.read_text(encoding="utf-8").splitlines() if line.strip()]


def differences(before: dict, after: dict) -> dict[str, tuple[object, object]]:
    keys = (before.keys() | after.keys()) - VOLATILE
    return {k: (before.get(k), after.get(k)) for k in sorted(keys) if before.get(k) != after.get(k)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--baseline-src", required=True, type=Path, help="a checkout of the commit to compare against")
    parser.add_argument("--inputs", nargs="*", type=Path, help="run files to classify (default: the corpus and judge-dev)")
    parser.add_argument("--policy", default="rules", help="the decision policy, as classify --policy (default: rules, the default policy)")
    parser.add_argument("--show", type=int, default=5, help="differing rows to print (default 5)")
    args = parser.parse_args(argv)
    inputs = [p.resolve() for p in (args.inputs or default_inputs())]
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        before = classify(args.baseline_src.resolve(), inputs, args.policy, folder, "baseline")
        after = classify(ROOT, inputs, args.policy, folder, "working-tree")
    print(f"inputs: {', '.join(p.name for p in inputs)}")
    print(f"rows: baseline {len(before)}, working tree {len(after)}")
    changed = [(b.get("id"), d) for b, a in zip(before, after, strict=False) if (d := differences(b, a))]
    for row_id, diff in changed[: args.show]:
        print(f"  {row_id}:")
        for key, (old, new) in diff.items():
            print(f"    {key}: {str(old)[:160]!s} -> {str(new)[:160]!s}")
    same = len(before) == len(after) and not changed
    print(f"identical: {'yes' if same else 'no'} ({len(changed)} of {min(len(before), len(after))} rows differ)")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
