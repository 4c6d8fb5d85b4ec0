"""Runs classified per second: rules alone (the baseline) against rules + the shipped model,
log-only and with a generated-size project's code, on one core and on both.

    python benchmarks/classify_speed.py [--runs 300] [--code-runs 20] [--workers 2]

Log-only runs are corpus runs (server log, Newman report, patch). "With code" attaches the
Flask reference app's files (about 1,500 lines in 30 files, the size of a generated
project) to each run, so the static checks run too. Each configuration classifies the same
runs; the table prints runs/s and the ratio to the baseline (rules, log-only, one core).
Nothing here is a unit test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rootcause.classify import diagnose_all  # noqa: E402
from rootcause.readers import read_runs  # noqa: E402

_MODEL = None


def _runs(n: int, with_code: bool):
    records = []
    for path in sorted((ROOT / "data" / "corpus").glob("*.jsonl.gz")):
        for record in read_runs(str(path)):
            records.append(record)
            if len(records) >= n:
                break
        if len(records) >= n:
            break
    if with_code:
        app = ROOT / "data" / "apps" / "flask_sqlalchemy"
        files = {p.relative_to(app).as_posix(): p.read_text() for p in app.rglob("*.py") if "__pycache__" not in p.parts}
        records = [replace(r, files=files, patch=None) for r in records]
    return records


def _init(use_model: bool) -> None:
    global _MODEL
    if use_model:
        from rootcause.learn.persist import load_model

        _MODEL = load_model("default")


def _classify(chunk) -> int:
    return sum(1 for _ in diagnose_all(chunk, model=_MODEL))


def measure(records, use_model: bool, workers: int) -> float:
    """Runs per second (model loading excluded: it happens once per process before timing)."""
    if workers == 1:
        _init(use_model)
        start = time.perf_counter()
        _classify(records)
        return len(records) / (time.perf_counter() - start)
    chunks = [records[i::workers] for i in range(workers)]
    with ProcessPoolExecutor(max_workers=workers, initializer=_init, initargs=(use_model,)) as pool:
        list(pool.map(_classify, [chunk[:2] for chunk in chunks]))  # warm the workers up
        start = time.perf_counter()
        done = sum(pool.map(_classify, chunks))
        return done / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=300, help="log-only runs to classify")
    parser.add_argument("--code-runs", type=int, default=20, help="runs with code to classify (each takes about a second)")
    parser.add_argument("--workers", type=int, default=min(2, os.cpu_count() or 1))
    args = parser.parse_args()
    rows = []
    for with_code in (False, True):
        records = _runs(args.code_runs if with_code else args.runs, with_code)
        for use_model in (False, True):
            for workers in sorted({1, args.workers}):
                rate = measure(records, use_model, workers)
                rows.append((("with code" if with_code else "log-only"), ("rules + model" if use_model else "rules"), workers, rate))
    base = rows[0][3]
    print(f"{args.runs} log-only and {args.code_runs} with-code corpus runs; baseline = rules, log-only, 1 core ({base:.1f} runs/s)")
    print(f"{'input':<10} {'classifier':<14} {'cores':>5} {'runs/s':>9} {'ms/run':>8} {'x baseline':>11}")
    for kind, who, workers, rate in rows:
        print(f"{kind:<10} {who:<14} {workers:>5} {rate:>9.1f} {1000 / rate:>8.2f} {rate / base:>11.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
