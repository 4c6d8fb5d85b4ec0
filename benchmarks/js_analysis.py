"""Speed of ``rootcause analyze`` on JavaScript projects, beside a bare tree-sitter parse of the same files.

Usage::

    python benchmarks/js_analysis.py [--files 60] [--repeat 5]

The project is made from the four Node reference apps (``data/apps/*/src``): each app's whole
source tree is copied under its own folder until the project holds ``--files`` JavaScript files or more (one
``package.json`` at the root, ``"type"`` left to each copy's own manifest). Both sides read the
same text from memory:

* **baseline (bare parse)**: ``tree_sitter.Parser.parse`` of every file, nothing else;
* **rootcause**: ``analyze_js_project(Project.from_files(...))``, every JavaScript check
  (module graph, imports and exports, module systems, FW401/FW402, OR210).

It prints lines per second for both, run side by side in one process (median of ``--repeat``
runs), and the ratio. The findings count is printed too: on copies of the reference apps it
must be 0 defects.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
APPS = ("express_raw_sql", "fastify_sequelize", "hono_raw_sql", "koa_sequelize")


def make_project(n_files: int) -> dict[str, str]:
    """At least ``n_files`` JavaScript files: whole reference apps (with their package.json and run.sh) copied under ``copyN/<app>/``."""
    files: dict[str, str] = {}
    count, copy = 0, 0
    while count < n_files:
        for app in APPS:
            root = REPO / "data" / "apps" / app
            prefix = f"copy{copy}/{app}/"
            files[prefix + "package.json"] = (root / "package.json").read_text(encoding="utf-8")
            files[prefix + "run.sh"] = (root / "run.sh").read_text(encoding="utf-8")
            if count >= n_files:
                break
            for path in sorted((root / "src").rglob("*.js")):
                files[prefix + str(path.relative_to(root))] = path.read_text(encoding="utf-8")
                count += 1
        copy += 1
    return files


def bare_parse(files: dict[str, str]) -> None:
    from rootcause.code.js.parse import grammar_for, parse

    for path, text in files.items():
        grammar = grammar_for(path)
        if grammar is not None:
            parse(grammar, text.encode("utf-8"))


def analyze(files: dict[str, str]) -> int:
    from rootcause.code.js import analyze_js_project
    from rootcause.code.project import Project

    return sum(1 for f in analyze_js_project(Project.from_files(files)) if f.level == "defect")


def median_seconds(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=60, help="JavaScript files in the project (default 60)")
    parser.add_argument("--repeat", type=int, default=5, help="timed runs of each side (median reported)")
    args = parser.parse_args(argv)
    files = make_project(args.files)
    js = {p: t for p, t in files.items() if p.endswith(".js")}
    lines = sum(t.count("\n") + 1 for t in js.values())
    defects = analyze(files)  # warm: grammars and queries compiled once, as in a sweep
    bare_parse(files)
    parse_s = median_seconds(lambda: bare_parse(files), args.repeat)
    analyze_s = median_seconds(lambda: analyze(files), args.repeat)
    print(f"project: {len(js)} JavaScript files, {lines} lines (copies of the four Node reference apps); defects found: {defects}")
    print(f"{'side':<28}{'seconds':>10}{'lines/s':>12}{'ratio':>8}")
    print(f"{'baseline: bare parse':<28}{parse_s:>10.4f}{lines / parse_s:>12,.0f}{1.0:>8.2f}")
    print(f"{'rootcause analyze':<28}{analyze_s:>10.4f}{lines / analyze_s:>12,.0f}{analyze_s / parse_s:>8.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
