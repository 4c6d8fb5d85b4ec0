"""Run the wild set's generators and write ``cases/<group>.jsonl`` (one record per situation).

    data/wild/.venv/bin/python data/wild/build.py [GROUP ...] [--only ID ...] [-j N] [--out DIR]

Each ``gen/<group>.py`` holds ``CASES``, a list of :class:`capture.Case`. A case whose run
does not show its failure (``expect``) is reported and left out, never written half-made.
The split (``dev``/``test``) is not chosen here: ``split.py`` assigns it from the situation id.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import sys
import traceback
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from capture import run_case  # noqa: E402
from split import split_of  # noqa: E402


def load_group(name: str):
    spec = importlib.util.spec_from_file_location(f"wild_gen_{name}", HERE / "gen" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(HERE / "gen"))
    spec.loader.exec_module(module)
    return module.CASES


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("groups", nargs="*", help="generator modules under gen/ (default: all)")
    parser.add_argument("--only", nargs="*", default=None, help="case ids to (re)run; the rest of the group's file is kept")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--out", help="write the group files to this folder instead of cases/ (a re-capture check)")
    args = parser.parse_args(argv)
    groups = args.groups or sorted(p.stem for p in (HERE / "gen").glob("*.py") if not p.stem.startswith("_"))
    failed = 0
    for group in groups:
        cases = load_group(group)
        ids = [c.id for c in cases]
        dupes = {i for i in ids if ids.count(i) > 1}
        if dupes:
            raise SystemExit(f"{group}: duplicate case ids {sorted(dupes)}")
        out_path = (Path(args.out) if args.out else HERE / "cases") / f"{group}.jsonl"
        kept = {}
        if args.only is not None and out_path.exists():
            kept = {r["id"]: r for r in map(json.loads, out_path.read_text().splitlines())}
        todo = [c for c in cases if args.only is None or c.id in args.only]

        def one(case):
            try:
                return run_case(case)
            except Exception:  # noqa: BLE001 - report and go on with the other cases
                print(f"FAILED {case.id}:\n{traceback.format_exc()}", file=sys.stderr)
                return None

        with ThreadPoolExecutor(args.jobs) as pool:
            for case, record in zip(todo, pool.map(one, todo), strict=True):
                if record is None:
                    failed += 1
                    kept.pop(case.id, None)
                    continue
                record["generator"] = f"gen/{group}.py"
                record["split"] = split_of(record["id"])
                kept[case.id] = record
                print(f"ok {case.id}", file=sys.stderr)
        order = {c.id: i for i, c in enumerate(cases)}
        out_path.parent.mkdir(parents=True, exist_ok=True)
        with out_path.open("w") as out:
            for record in sorted(kept.values(), key=lambda r: order.get(r["id"], 1 << 30)):
                if record["id"] in order:
                    out.write(json.dumps(record, ensure_ascii=False) + "\n")
    print(f"{failed} case(s) failed", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
