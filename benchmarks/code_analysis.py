"""Seeded-defect benchmark of rootcause's static cross-file checks against pylint, plus speed and memory.

Usage::

    python benchmarks/code_analysis.py [--pylint PATH_TO_PYLINT] [--seeded DIR] [--repeat N] [--no-speed]

Accuracy: every project under ``tests/code/seeded/<name>/project`` is analysed by rootcause
(``analyze_project(Project.from_path(folder))``, never importing the code) and by pylint (a
subprocess, cwd at the project, the project on PYTHONPATH, only the seven messages that match
the seeded kinds). A finding matches a seeded defect when it is at the same (path, line) and in
the same family (the taxonomy id; pylint's message symbols are mapped to it). A cyclic import
matches a finding of that family on any file of the cycle, since tools report cycles at
different ends (pylint names the cycle's modules in its message and files it under any module,
which counts when the named cycle holds the seeded one). Recall is per seeded kind; precision is
over each tool's findings in these families, after merging findings of one family on one line
(pylint reports a call missing one argument and passing an unknown one as two messages).

Speed: larger projects (20-60 files) are made by copying the seeded clean layered apps under
renamed packages; the script reports lines per second for rootcause, pylint (same checks) and a
bare ``ast.parse`` of the same files, and the peak memory of rootcause on the largest project.
"""

from __future__ import annotations

import argparse
import ast
import importlib.metadata
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SEEDED = REPO / "tests" / "code" / "seeded"
DEFAULT_PYLINT = Path("/work/bench-venv/bin/pylint")

KINDS = ("import-error", "no-name-in-module", "no-member", "unexpected-keyword-arg", "no-value-for-parameter", "cyclic-import", "undefined-name")
FAMILY = {
    "import-error": "xfile.reference.import",
    "no-name-in-module": "xfile.reference.import",
    "no-member": "xfile.reference.attribute",
    "unexpected-keyword-arg": "xfile.reference.signature",
    "no-value-for-parameter": "xfile.reference.signature",
    "cyclic-import": "xfile.reference.circular_import",
    "undefined-name": "xfile.reference.undefined_name",
}
#: pylint message symbol -> seeded kind
PYLINT_KIND = {"undefined-variable": "undefined-name", **{k: k for k in KINDS if k != "undefined-name"}}
PYLINT_ARGS = ["--disable=all", "--enable=" + ",".join(PYLINT_KIND), "--output-format=json", "--persistent=n", "--score=n"]


@dataclass(frozen=True)
class Expected:
    kind: str
    path: str
    line: int
    root_cause: str
    cycle: tuple[str, ...] = ()


@dataclass(frozen=True)
class Found:
    family: str
    path: str
    line: int
    label: str  # rule code or pylint symbol
    cycle: frozenset[str] = frozenset()  # for cyclic imports: the files of the cycle the tool names


@dataclass
class Score:
    hits: Counter = field(default_factory=Counter)  # kind -> matched seeded defects
    findings: int = 0
    true_findings: int = 0
    seconds: float = 0.0
    false: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)


# running the tools ----------------------------------------------------------------------------------
def python_files(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*.py") if "__pycache__" not in p.parts)


def run_rootcause(folder: Path) -> list[Found]:
    from rootcause.code.analyze import analyze_project
    from rootcause.code.project import Project

    findings = analyze_project(Project.from_path(folder))
    return [Found(f.root_cause, f.path, f.line, f.rule) for f in findings if f.level == "defect" and f.root_cause.startswith("xfile.reference.")]


def pylint_command(pylint: Path, files: list[str]) -> list[str]:
    return [str(pylint), *PYLINT_ARGS, *files]


def run_pylint(pylint: Path, folder: Path) -> list[Found]:
    env = {**os.environ, "PYTHONPATH": str(folder), "PYTHONDONTWRITEBYTECODE": "1"}
    proc = subprocess.run(pylint_command(pylint, python_files(folder)), cwd=folder, env=env, capture_output=True, text=True, timeout=900)
    try:
        messages = json.loads(proc.stdout or "[]")
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"pylint output is not JSON (exit {proc.returncode}): {proc.stderr[-500:]}") from exc
    out = []
    for m in messages:
        kind = PYLINT_KIND.get(m.get("symbol", ""))
        if kind:
            cycle = frozenset()
            if kind == "cyclic-import":  # "Cyclic import (a.b -> a.c)": pylint files it under any module it checked
                names = re.findall(r"[\w.]+", m.get("message", "").partition("(")[2])
                cycle = frozenset(module_path(folder, n) for n in names)
            out.append(Found(FAMILY[kind], Path(m["path"]).as_posix(), int(m["line"]), m["symbol"], cycle))
    return out


def module_path(folder: Path, dotted: str) -> str:
    base = dotted.replace(".", "/")
    return f"{base}/__init__.py" if (folder / base / "__init__.py").exists() else f"{base}.py"


# scoring --------------------------------------------------------------------------------------------
def load_expected(project_dir: Path) -> list[Expected]:
    doc = yaml.safe_load((project_dir / "expected.yaml").read_text(encoding="utf-8")) or {}
    return [Expected(d["kind"], d["path"], int(d["line"]), d["root_cause"], tuple(d.get("cycle", ()))) for d in doc.get("defects") or []]


def matches(found: Found, expected: Expected) -> bool:
    if found.family != expected.root_cause:
        return False
    if expected.kind == "cyclic-import":
        cycle = set(expected.cycle or (expected.path,))
        return found.path in cycle or (bool(found.cycle) and cycle <= found.cycle)
    return (found.path, found.line) == (expected.path, expected.line)


def score(name: str, expected: list[Expected], found: list[Found], into: Score) -> None:
    merged: dict[tuple, Found] = {}
    for f in found:
        merged.setdefault((f.family, f.path, f.line, f.cycle), f)
    into.findings += len(merged)
    for f in merged.values():
        if any(matches(f, e) for e in expected):
            into.true_findings += 1
        else:
            into.false.append(f"{name}: {f.path}:{f.line} {f.label}")
    for e in expected:
        if any(matches(f, e) for f in merged.values()):
            into.hits[e.kind] += 1
        else:
            into.missed.append(f"{name}: {e.path}:{e.line} {e.kind}")


# speed ----------------------------------------------------------------------------------------------
def make_large_projects(work: Path, copies: list[int]) -> list[Path]:
    """Projects of ~15 files per copy: the clean Flask/FastAPI/aiohttp apps under renamed packages."""
    bases = [("flask_clean", "conduit"), ("fastapi_clean", "app"), ("aiohttp_clean", "app")]
    out = []
    for n in copies:
        root = work / f"generated_{n}x"
        for k in range(n):
            base, package = bases[k % len(bases)]
            src = SEEDED / base / "project"
            new = f"{package}{k}"
            pattern = re.compile(rf"\b(from|import) {package}\b")
            for path in src.rglob("*"):
                if not path.is_file() or "__pycache__" in path.parts:
                    continue
                rel = path.relative_to(src).as_posix()
                if rel.startswith(package + "/"):
                    rel = new + rel[len(package) :]
                elif rel.endswith(".py"):
                    rel = rel[:-3] + f"_{k}.py"  # app.py, main.py
                else:
                    continue
                target = root / rel
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(pattern.sub(rf"\1 {new}", path.read_text(encoding="utf-8")), encoding="utf-8")
        out.append(root)
    return out


def count_lines(folder: Path) -> int:
    return sum((folder / p).read_text(encoding="utf-8").count("\n") + 1 for p in python_files(folder))


def timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def parse_all(folder: Path) -> None:
    for rel in python_files(folder):
        ast.parse((folder / rel).read_text(encoding="utf-8"), filename=rel)


MEMORY_CHILD = textwrap.dedent(
    """
    import json, resource, sys, time, tracemalloc
    from rootcause.code.analyze import analyze_project
    from rootcause.code.project import Project
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    tracemalloc.start()
    start = time.perf_counter()
    n = len(analyze_project(Project.from_path(sys.argv[1])))
    seconds = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(json.dumps({"findings": n, "traced_peak": peak, "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                      "maxrss_after_imports_kb": before, "seconds_traced": seconds}))
    """
)


def rootcause_memory(folder: Path) -> dict:
    proc = subprocess.run([sys.executable, "-c", MEMORY_CHILD, str(folder)], capture_output=True, text=True, timeout=900)
    if proc.returncode:
        raise RuntimeError(proc.stderr[-1000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def cold_rootcause_seconds(folder: Path) -> float:
    code = "import sys; from rootcause.code.analyze import analyze_project; from rootcause.code.project import Project; analyze_project(Project.from_path(sys.argv[1]))"
    start = time.perf_counter()
    subprocess.run([sys.executable, "-c", code, str(folder)], check=True, capture_output=True, timeout=900)
    return time.perf_counter() - start


# report ---------------------------------------------------------------------------------------------
def versions(pylint: Path | None) -> list[str]:
    lines = [f"python {platform.python_version()} ({sys.executable})"]
    for dist in ("rootcause", "libcst", "networkx"):
        try:
            lines.append(f"{dist} {importlib.metadata.version(dist)}")
        except importlib.metadata.PackageNotFoundError:
            lines.append(f"{dist} (not installed)")
    if pylint:
        proc = subprocess.run([str(pylint), "--version"], capture_output=True, text=True, timeout=120)
        lines.append("baseline: " + "; ".join(line.strip() for line in proc.stdout.splitlines() if line.strip()) + f" ({pylint})")
        probe = pylint.parent / "python"
        if probe.exists():
            code = (
                "import importlib.metadata as m;print(', '.join(f'{d} {m.version(d)}' for d in ('flask','fastapi','sqlalchemy','pydantic','aiohttp','django')))"
            )
            libs = subprocess.run([str(probe), "-c", code], capture_output=True, text=True, timeout=120).stdout.strip()
            if libs:
                lines.append(f"baseline venv libraries: {libs}")
    else:
        lines.append("baseline: pylint not found (pass --pylint PATH); pylint columns skipped")
    return lines


def fmt_ratio(hit: int, total: int) -> str:
    return f"{hit}/{total} {hit / total:6.1%}" if total else "-"


def find_pylint(arg: str | None) -> Path | None:
    if arg:
        path = Path(arg)
        if not path.exists():
            sys.exit(f"--pylint {arg}: no such file")
        return path
    if DEFAULT_PYLINT.exists():
        return DEFAULT_PYLINT
    found = shutil.which("pylint")
    return Path(found) if found else None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pylint", help=f"pylint executable (default {DEFAULT_PYLINT}, then pylint on PATH)")
    parser.add_argument("--seeded", default=str(SEEDED), help="folder of seeded projects")
    parser.add_argument("--repeat", type=int, default=3, help="timing repetitions (median reported)")
    parser.add_argument("--copies", default="2,3,4", help="sizes of the generated projects, in copies of a ~15-file app")
    parser.add_argument("--no-speed", action="store_true", help="accuracy only")
    parser.add_argument("--verbose", action="store_true", help="list every miss and false finding")
    args = parser.parse_args(argv)
    pylint = find_pylint(args.pylint)
    seeded = Path(args.seeded)

    print("== versions")
    for line in versions(pylint):
        print("  " + line)
    if pylint is None:
        print("  NOTE: pylint is missing: only rootcause is measured.")

    projects = sorted(p for p in seeded.iterdir() if (p / "expected.yaml").exists() and (p / "project").is_dir())
    tools = {"rootcause": Score()} | ({"pylint": Score()} if pylint else {})
    totals: Counter = Counter()
    per_project = []
    for project in projects:
        expected = load_expected(project)
        totals.update(e.kind for e in expected)
        row = [project.name, str(len(python_files(project / "project"))), str(len(expected))]
        for tool, sc in tools.items():
            start = time.perf_counter()
            found = run_rootcause(project / "project") if tool == "rootcause" else run_pylint(pylint, project / "project")
            sc.seconds += time.perf_counter() - start
            before = (sum(sc.hits.values()), sc.findings, sc.true_findings)
            score(project.name, expected, found, sc)
            hit = sum(sc.hits.values()) - before[0]
            false = (sc.findings - before[1]) - (sc.true_findings - before[2])
            row.append(f"{hit}/{len(expected)} +{false}fp")
        per_project.append(row)

    print(f"\n== seeded projects ({len(projects)}, {sum(totals.values())} seeded defects)")
    header = ["project", "files", "seeded", *(f"{t} found" for t in tools)]
    widths = [max(len(r[i]) for r in [header, *per_project]) for i in range(len(header))]
    for r in [header, *per_project]:
        print("  " + "  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)))

    print("\n== recall per seeded kind (matched by path, line and taxonomy family)")
    names = list(tools)
    print(f"  {'kind':24s} {'root cause':34s} " + " ".join(f"{n:>14s}" for n in names))
    for kind in KINDS:
        if totals[kind]:
            print(f"  {kind:24s} {FAMILY[kind]:34s} " + " ".join(f"{fmt_ratio(tools[n].hits[kind], totals[kind]):>14s}" for n in names))
    all_seeded = sum(totals.values())
    print(f"  {'overall recall':59s} " + " ".join(f"{fmt_ratio(sum(tools[n].hits.values()), all_seeded):>14s}" for n in names))
    print(f"  {'precision':59s} " + " ".join(f"{fmt_ratio(tools[n].true_findings, tools[n].findings):>14s}" for n in names))
    print(f"  {'false findings':59s} " + " ".join(f"{tools[n].findings - tools[n].true_findings:>14d}" for n in names))
    print(f"  {'seconds (all projects)':59s} " + " ".join(f"{tools[n].seconds:>14.2f}" for n in names))
    if pylint is None:
        print("  (pylint column skipped: pylint not found; pass --pylint PATH)")
    for n, sc in tools.items():
        if args.verbose or len(sc.missed) + len(sc.false) <= 40:
            for line in sc.missed:
                print(f"  [{n} missed] {line}")
            for line in sc.false:
                print(f"  [{n} false] {line}")

    if args.no_speed:
        return 0
    print("\n== speed (generated projects: copies of the clean Flask/FastAPI/aiohttp apps under renamed packages)")
    copies = [int(c) for c in args.copies.split(",") if c.strip()]
    with tempfile.TemporaryDirectory(prefix="rootcause-bench-") as tmp:
        large = make_large_projects(Path(tmp), copies)
        cols = ["project", "files", "lines", "ast.parse l/s", "rootcause l/s", "pylint l/s", "rc/pylint", "ast/rc"]
        print("  " + "  ".join(f"{c:>14s}" for c in cols))
        for folder in large:
            lines = count_lines(folder)
            t_ast = timed(lambda folder=folder: parse_all(folder), args.repeat)
            t_rc = timed(lambda folder=folder: run_rootcause(folder), args.repeat)
            t_pl = timed(lambda folder=folder: run_pylint(pylint, folder), max(1, args.repeat - 1)) if pylint else None
            row = [
                folder.name,
                str(len(python_files(folder))),
                str(lines),
                f"{lines / t_ast:,.0f}",
                f"{lines / t_rc:,.0f}",
                f"{lines / t_pl:,.0f}" if t_pl else "skipped",
                f"{t_pl / t_rc:.1f}x" if t_pl else "-",
                f"{t_rc / t_ast:.1f}x",
            ]
            print("  " + "  ".join(f"{c:>14s}" for c in row))
        print("  rc/pylint: how many times faster rootcause is than pylint; ast/rc: how many times slower rootcause is than a bare ast.parse.")
        print("  rootcause and ast.parse run in this process (warm, imports done); pylint runs as a subprocess, so its time includes")
        print("  interpreter start-up and astroid's inference of flask/sqlalchemy/... imports, which is part of what it costs to use.")
        largest = large[-1]
        if pylint:
            empty = Path(tmp) / "empty"
            empty.mkdir()
            (empty / "empty.py").write_text("", encoding="utf-8")
            print(f"  pylint start-up on an empty file: {timed(lambda: run_pylint(pylint, empty), 2):.2f} s")
        print(f"  rootcause cold start in a fresh interpreter on {largest.name}: {cold_rootcause_seconds(largest):.2f} s (imports included)")
        mem = rootcause_memory(largest)
        print(f"\n== memory (rootcause on {largest.name}, {len(python_files(largest))} files, in a child process)")
        print(f"  tracemalloc peak during analysis: {mem['traced_peak'] / 2**20:.1f} MiB")
        print(f"  max RSS of the process: {mem['maxrss_kb'] / 1024:.1f} MiB ({mem['maxrss_after_imports_kb'] / 1024:.1f} MiB after imports, before analysis)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
