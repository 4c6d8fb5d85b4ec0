"""Adversarial inputs against a plain input of the same size: time and peak memory, side by side.

    python benchmarks/adversarial.py [--size 262144] [--only NAME ...]

Each case writes one hostile JSONL record (or file) of about ``--size`` bytes and a plain one of
the same size (an ordinary server log), classifies each in a fresh ``rootcause classify``
process (rules only, output to /dev/null), and prints wall time and peak resident memory of both
and the ratios. The baseline is the plain input. The target (issue 12) is a ratio of at most 3 for
time and memory. Nothing here is a unit test: the figures depend on the machine.
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
PLAIN_LINE = "[2026-12-07 10:00:00,000] INFO in app: GET /api/articles 200 in 12 ms for user 42\n"


def plain(size: int) -> dict:
    return {"id": "plain", "server_log": (PLAIN_LINE * (size // len(PLAIN_LINE) + 1))[:size]}


def nested_json(size: int) -> dict:
    depth = size // 2
    return {"id": "nested", "server_log": '{"level":50,"msg":' + "[" * depth + "]" * depth + "}\n"}


def node_properties(size: int) -> dict:
    block = "Error: boom\n    at f (/srv/app.js:1:1) {\n" + "".join(f"  key{i}: '{'x' * 60}   ',\n" for i in range(size // 80)) + "}\n"
    return {"id": "node-props", "server_log": block[:size]}


def node_frames(size: int) -> dict:
    line = "    at " + "a" * 900 + " " * 90 + "\n"
    return {"id": "node-frames", "server_log": "TypeError: x is not a function\n" + line * (size // len(line))}


def heredocs(size: int) -> dict:
    part = "```bash\ncat > src/a.py <<'EOF'\nprint(1)\n" + " " * 200 + "\n```\n"
    return {"id": "heredocs", "trajectory": [{"role": "assistant", "content": part * (size // len(part))}]}


def newman_cell(size: int) -> dict:
    cell = "[" + ", x" * (size // 3)
    csv = "iteration,collectionName,requestName,method,url,status,code,responseTime,responseSize,executed,failed,skipped,totalAssertions,executedCount,failedCount,skippedCount\n"
    csv += f'1,c,Login,POST,/api/users/login,OK,200,5,10,"a","{cell}",,1,1,1,0\n'
    return {"id": "newman-cell", "newman_csv": csv}


def import_cycles(size: int) -> dict:
    n = 12
    files = {f"m{i}.py": "".join(f"import m{j}\n" for j in range(n) if j != i) for i in range(n)}
    files["pad.py"] = "# " + "x" * max(0, size - sum(map(len, files.values()))) + "\n"
    return {"id": "import-cycles", "server_log": "x", "files": files}


def many_names(size: int) -> dict:
    names = "".join(f"def function_number_{i}(): pass\n" for i in range(size // 36))
    return {"id": "many-names", "server_log": "x", "files": {"app.py": names + "from app import function_numbr_1\n"}}


CASES = {f.__name__: f for f in (nested_json, node_properties, node_frames, heredocs, newman_cell, import_cycles, many_names)}


_CHILD = (
    "import resource, sys\n"
    "from rootcause.cli import main\n"
    "main(sys.argv[1:])\n"
    "print('PEAK', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n"
)


def measure(record: dict, folder: Path) -> tuple[float, float]:
    """Wall time and the child's own peak resident memory (MB) for classifying ``record``."""
    path = folder / f"{record['id']}.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", _CHILD, "classify", str(path), "--model", "none", "--format", "jsonl", "-o", os.devnull, "--quiet"],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
        timeout=3600,
    )
    elapsed = time.perf_counter() - start
    peak = next((int(line.split()[1]) for line in reversed(proc.stderr.splitlines()) if line.startswith("PEAK ")), 0)
    return elapsed, peak / 1024  # ru_maxrss is in KB on Linux


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=256 * 1024)
    parser.add_argument("--only", nargs="*", choices=sorted(CASES))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        base_time, base_mem = measure(plain(args.size), folder)
        print(f"baseline: plain log of {args.size} bytes: {base_time:.2f} s, peak {base_mem:.0f} MB")
        print(f"{'case':16} {'time s':>8} {'x time':>7} {'peak MB':>8} {'x mem':>6}")
        for name in args.only or CASES:
            t, m = measure(CASES[name](args.size), folder)
            print(f"{name:16} {t:8.2f} {t / base_time:7.2f} {m:8.0f} {m / base_mem:6.2f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
