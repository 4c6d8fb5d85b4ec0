"""Peak memory of ``rootcause classify`` against the number of runs, per output format.

    python benchmarks/output_memory.py [--runs 1000 8000] [--formats jsonl csv parquet json]
                                       [--baseline-src PATH] [--extra-fields 3]

For each format it classifies a small and a large JSONL sweep (short server logs, each record
carrying a few echoed fields, some of them rare) in a fresh process (rules only, output to a
temporary file) and prints the peak resident memory of both and their ratio. Memory that is
flat in the number of runs gives a ratio near 1; memory held per row grows with the runs.

``--baseline-src`` names a checkout of an earlier commit (for example made with ``git worktree
add /tmp/base 8eddca2``): the same measurements run with that code first (``PYTHONPATH``), side
by side with the working tree's. Nothing here is a unit test: the figures depend on the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOGS = (
    "Traceback (most recent call last):\n  File \"/srv/app/routes.py\", line 12, in create\n    db.add(user)\nNameError: name 'db' is not defined\n",
    "[2026-12-07 10:00:00] ERROR in app: sqlite3.OperationalError: no such table: articles\n",
    "Error: Cannot find module './services/userService'\n    at Module._resolveFilename (node:internal/modules/cjs/loader:1145:15)\n",
)


def write_sweep(path: Path, runs: int, extra_fields: int) -> None:
    with path.open("w") as out:
        for i in range(runs):
            record = {"id": f"run-{i:07d}", "framework": "flask", "model": f"m{i % 7}", "server_log": LOGS[i % len(LOGS)]}
            for k in range(extra_fields):
                record[f"field{k}"] = i * k
            record[f"rare{i % 200}"] = "x"  # 200 distinct rare fields: some fold into `extra`
            out.write(json.dumps(record) + "\n")


def measure(source: Path | None, sweep: Path, fmt: str, folder: Path) -> tuple[float, float]:
    """Wall seconds and peak RSS (MB) of one classify run in a child process."""
    # The child runs in the temporary folder, so that neither checkout shadows the other through the
    # current directory; PYTHONPATH picks the code.
    env = dict(os.environ, PYTHONPATH=str(source or ROOT))
    output = folder / f"out.{fmt}"
    code = (
        "import resource, sys\n"
        "import rootcause\n"
        "assert rootcause.__file__.startswith(sys.argv.pop(1)), rootcause.__file__\n"
        "from rootcause.cli import main\n"
        "status = main(sys.argv[1:])\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr)\n"
        "sys.exit(status)\n"
    )
    start = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-c", code, str(source or ROOT), "classify", str(sweep), "--model", "none", "--quiet", "--format", fmt, "-o", str(output)],
        env=env,
        cwd=folder,
        capture_output=True,
        text=True,
    )
    wall = time.monotonic() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(f"classify failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return wall, float(proc.stderr.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, nargs=2, default=[1000, 8000], metavar=("SMALL", "LARGE"))
    parser.add_argument("--formats", nargs="*", default=["jsonl", "csv", "parquet", "json"])
    parser.add_argument("--baseline-src", type=Path, help="a checkout of the baseline commit, run side by side")
    parser.add_argument("--extra-fields", type=int, default=3)
    args = parser.parse_args(argv)
    sources: list[tuple[str, Path | None]] = [("working tree", None)]
    if args.baseline_src:
        sources.insert(0, (f"baseline {args.baseline_src}", args.baseline_src.resolve()))
    small, large = args.runs
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        sweeps = {n: folder / f"sweep-{n}.jsonl" for n in (small, large)}
        for n, path in sweeps.items():
            write_sweep(path, n, args.extra_fields)
        print(f"{'code':<40} {'format':<8} {'MB @' + str(small):>10} {'MB @' + str(large):>10} {'ratio':>6} {'s @' + str(large):>9}")
        for name, source in sources:
            for fmt in args.formats:
                _, mem_small = measure(source, sweeps[small], fmt, folder)
                wall, mem_large = measure(source, sweeps[large], fmt, folder)
                print(f"{name:<40} {fmt:<8} {mem_small:>10.0f} {mem_large:>10.0f} {mem_large / mem_small:>6.2f} {wall:>9.1f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
