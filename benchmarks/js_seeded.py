"""Seeded-defect benchmark of rootcause's JavaScript checks beside ESLint (eslint-plugin-import, eslint-plugin-n).

Usage::

    python benchmarks/js_seeded.py [--eslint /work/eslint-bench] [--seeded DIR] [--repeat N] [--verbose]

The projects are ``tests/code/seeded_js/<name>/project`` (Express, Koa, Fastify and Hono Conduit
backends, CommonJS and ES modules, Sequelize or raw sqlite3/pg/better-sqlite3), each with an
``expected.yaml`` listing its seeded defects as ``kind`` (the rootcause code: XF101, XF102, XF108,
SY001, FW401, FW402, OR210, XF105, XF107), ``path`` and ``line`` (the import, require, call or
include line). Projects whose name starts with ``clean_`` seed nothing.

Installing ESLint (outside the repository; the script never installs anything)::

    mkdir -p /work/eslint-bench && cd /work/eslint-bench
    npm init -y && npm i eslint@9 eslint-plugin-import eslint-plugin-n globals

``--eslint`` is that folder (or its ``node_modules/.bin/eslint``). Without it, the ESLint column
is skipped with a message and only rootcause is measured.

Each project is analysed by

* **rootcause**: ``analyze_js_project(Project.from_path(folder))`` in this process (the code is
  never run); its defect findings of the codes above count;
* **ESLint**: one subprocess per project (``eslint -c CONFIG --format json .``, cwd at the
  project), with a flat config written for that project: ``.js`` files are ES modules when the
  project's ``package.json`` says ``"type": "module"`` and CommonJS otherwise, ``.mjs``/``.cjs``
  by their extension; ES modules get Node's globals without CommonJS's (``globals.nodeBuiltin``),
  so ``no-undef`` reports ``require``/``module``/``__dirname`` there. Rules: import/no-unresolved,
  import/named, import/default, import/no-cycle (all with ``commonjs: true`` where the rule takes
  it), import/extensions (ES modules), import/no-import-module-exports, n/no-missing-require,
  n/no-missing-import, n/file-extension-in-import (ES modules), no-undef (ES modules), and
  no-unused-vars (credited with FW402: a router imported and never mounted is an unused binding). Packages
  are not installed in the seeded folders, so bare specifiers are left out of the resolution
  rules (``ignore``/``allowModules``): both tools judge the project's own files only. A parse
  error (ESLint's fatal message, no rule id) counts as SY001 or XF108 (ESLint cannot parse
  ``import`` in a file it reads as CommonJS, which is what Node says too).

Matching: a finding matches a seeded defect when the path and line are equal and the finding's
rule maps to the defect's kind (``ESLINT_KINDS`` below). An XF107 cycle matches a cycle finding
on any file of the cycle the defect lists (tools report a cycle at different ends), as the
Python benchmark does. Findings of one tool are merged per (path, line, kind) first. Recall is
per seeded kind and overall; precision is over each tool's findings of the kinds it is credited
with (ESLint: those of the mapped rules; rootcause: every defect finding of the codes above).

XF105 (call arity) and XF107 (circular requires read at load time) are listed as kinds of their
own: they count for rootcause only when its JavaScript checks report them. ESLint has no rule for
FW401 (a Sequelize/pg Promise read as its value without ``await``: ``no-floating-promises``
needs typescript-eslint with type information), FW402 (routes never mounted) or OR210 (an
include no association declares); its column shows 0 for them, which is what it reports.

Time: the median seconds per project over ``--repeat`` runs. rootcause runs in this process
(imports done, tree-sitter loaded); ESLint's time is the whole subprocess, so its Node start-up
and plugin loading are included. ``rootcause analyze`` as a fresh process is timed too, for a
like-for-like start-up comparison.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
SEEDED = REPO / "tests" / "code" / "seeded_js"
DEFAULT_ESLINT = Path("/work/eslint-bench")

#: The seeded kinds, in report order (XF105/XF107 last: the call-arity and cycle checks are newer).
KINDS = ("SY001", "XF101", "XF102", "XF108", "FW401", "FW402", "OR210", "XF105", "XF107")

#: ESLint rule id -> the seeded kinds a finding of that rule may match. ``None`` is a fatal parse error.
ESLINT_KINDS: dict[str | None, tuple[str, ...]] = {
    None: ("SY001", "XF108"),
    "import/no-unresolved": ("XF101",),
    "n/no-missing-require": ("XF101",),
    "n/no-missing-import": ("XF101", "XF108"),
    "import/named": ("XF102",),
    "import/default": ("XF102",),
    "import/extensions": ("XF108",),
    "n/file-extension-in-import": ("XF108",),
    "import/no-import-module-exports": ("XF108",),
    "no-undef": ("XF108",),
    "import/no-cycle": ("XF107",),
    "no-unused-vars": ("FW402",),  # a router imported and never mounted is an unused binding
}


@dataclass(frozen=True)
class Expected:
    kind: str
    path: str
    line: int
    cycle: tuple[str, ...] = ()


@dataclass(frozen=True)
class Found:
    kinds: tuple[str, ...]
    path: str
    line: int
    label: str


@dataclass
class Score:
    hits: Counter = field(default_factory=Counter)
    findings: int = 0
    true_findings: int = 0
    seconds: list[float] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    false: list[str] = field(default_factory=list)


# the seeded projects ---------------------------------------------------------------------------
def projects(seeded: Path) -> list[Path]:
    return sorted(p for p in seeded.iterdir() if (p / "expected.yaml").is_file() and (p / "project").is_dir())


def load_expected(project_dir: Path) -> list[Expected]:
    doc = yaml.safe_load((project_dir / "expected.yaml").read_text(encoding="utf-8")) or {}
    return [Expected(d["kind"], d["path"], int(d["line"]), tuple(d.get("cycle", ()))) for d in doc.get("defects") or []]


def matches(found: Found, expected: Expected) -> bool:
    if expected.kind not in found.kinds:
        return False
    if expected.kind == "XF107" and expected.cycle:
        return found.path in expected.cycle
    return (found.path, found.line) == (expected.path, expected.line)


def score(name: str, expected: list[Expected], found: list[Found], into: Score) -> None:
    merged: dict[tuple, Found] = {}
    for f in found:
        merged.setdefault((f.path, f.line, f.kinds), f)
    for e in expected:
        if any(matches(f, e) for f in merged.values()):
            into.hits[e.kind] += 1
        else:
            into.missed.append(f"{name}: {e.kind} {e.path}:{e.line}")
    for f in merged.values():
        into.findings += 1
        if any(matches(f, e) for e in expected):
            into.true_findings += 1
        else:
            into.false.append(f"{name}: {f.label} {f.path}:{f.line}")


# rootcause ----------------------------------------------------------------------------------------
def run_rootcause(folder: Path) -> list[Found]:
    from rootcause.code.js import analyze_js_project
    from rootcause.code.project import Project

    findings = analyze_js_project(Project.from_path(folder))
    return [Found((f.rule,), f.path, f.line, f.rule) for f in findings if f.level == "defect" and f.rule in KINDS]


def rootcause_cli_seconds(folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "rootcause", "analyze", "--format", "json", str(folder)], capture_output=True, text=True, timeout=300)
    return time.perf_counter() - start


# ESLint -------------------------------------------------------------------------------------------
def find_eslint(arg: str | None) -> tuple[Path, Path] | None:
    """(the eslint executable, the folder whose node_modules holds the plugins), or None."""
    base = Path(arg) if arg else DEFAULT_ESLINT
    if base.is_file():  # .../node_modules/.bin/eslint: the plugins sit beside it
        exe, root = base, next((p for p in base.parents if (p / "node_modules" / "eslint-plugin-import").is_dir()), base.parent)
    else:
        exe, root = base / "node_modules" / ".bin" / "eslint", base
    if not exe.exists() or shutil.which("node") is None:
        return None
    if not all((root / "node_modules" / p).is_dir() for p in ("eslint-plugin-import", "eslint-plugin-n", "globals")):
        return None
    return exe, root


def eslint_versions(root: Path) -> str:
    out = []
    for package in ("eslint", "eslint-plugin-import", "eslint-plugin-n", "globals"):
        data = json.loads((root / "node_modules" / package / "package.json").read_text(encoding="utf-8"))
        out.append(f"{package} {data['version']}")
    node = subprocess.run(["node", "--version"], capture_output=True, text=True).stdout.strip()
    return ", ".join(out) + f", node {node}"


def eslint_config(root: Path, project: Path) -> str:
    """A flat config for ``project``: module systems as Node sees them, resolution rules on project files only."""
    manifest = json.loads((project / "package.json").read_text(encoding="utf-8")) if (project / "package.json").is_file() else {}
    esm_js = manifest.get("type") == "module"
    deps = sorted({*manifest.get("dependencies", {}), *manifest.get("devDependencies", {})})
    return f"""
import {{ createRequire }} from 'node:module';
const require = createRequire({json.dumps(str(root / "package.json"))});
const importPlugin = require('eslint-plugin-import');
const nPlugin = require('eslint-plugin-n');
const globals = require('globals');

const deps = {json.dumps(deps)};
const resolution = {{
  'import/no-unresolved': ['error', {{ commonjs: true, ignore: ['^[^.]'] }}],
  'import/named': ['error', {{ commonjs: true }}],
  'import/default': 'error',
  'import/no-cycle': ['error', {{ commonjs: true }}],
  'import/no-import-module-exports': 'error',
  'n/no-missing-require': ['error', {{ allowModules: deps }}],
  'n/no-missing-import': ['error', {{ allowModules: deps }}],
  'no-unused-vars': ['error', {{ vars: 'all', args: 'none', caughtErrors: 'none' }}],
}};
const esmOnly = {{
  'import/extensions': ['error', 'ignorePackages'],
  'n/file-extension-in-import': ['error', 'always'],
  'no-undef': 'error',
}};
const base = {{
  plugins: {{ import: importPlugin, n: nPlugin }},
  settings: {{ 'import/resolver': {{ node: {{ extensions: ['.js', '.mjs', '.cjs', '.json'] }} }} }},
  linterOptions: {{ reportUnusedDisableDirectives: 'off' }},
}};
const esm = {{ ...base, languageOptions: {{ ecmaVersion: 'latest', sourceType: 'module', globals: globals.nodeBuiltin }}, rules: {{ ...resolution, ...esmOnly }} }};
const cjs = {{ ...base, languageOptions: {{ ecmaVersion: 'latest', sourceType: 'commonjs', globals: globals.node }}, rules: resolution }};

export default [
  {{ ignores: ['**/node_modules/**'] }},
  {{ files: ['**/*.js'], ...({"esm" if esm_js else "cjs"}) }},
  {{ files: ['**/*.mjs'], ...esm }},
  {{ files: ['**/*.cjs'], ...cjs }},
];
"""


def run_eslint(exe: Path, root: Path, project: Path, work: Path) -> tuple[list[Found], float]:
    config = work / f"eslint.{project.parent.name}.config.mjs"
    config.write_text(eslint_config(root, project), encoding="utf-8")
    start = time.perf_counter()
    proc = subprocess.run([str(exe), "-c", str(config), "--format", "json", "--no-warn-ignored", "."], cwd=project, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - start
    try:
        results = json.loads(proc.stdout or "[]")
    except json.JSONDecodeError as exc:
        raise RuntimeError(f"ESLint output is not JSON (exit {proc.returncode}): {proc.stderr[-800:]}") from exc
    out = []
    for result in results:
        path = Path(result["filePath"]).resolve().relative_to(project.resolve()).as_posix()
        for m in result.get("messages", []):
            rule = m.get("ruleId")
            if rule is None and not m.get("fatal"):
                continue
            kinds = ESLINT_KINDS.get(rule)
            if kinds:
                out.append(Found(kinds, path, int(m.get("line") or 0), rule or "parse-error"))
    return out, seconds


# report -------------------------------------------------------------------------------------------
def ratio(hit: int, total: int) -> str:
    return f"{hit}/{total} = {hit / total:.2f}" if total else "-"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--eslint", help=f"folder where eslint and the plugins are installed, or the eslint executable (default {DEFAULT_ESLINT})")
    parser.add_argument("--seeded", type=Path, default=SEEDED)
    parser.add_argument("--repeat", type=int, default=3, help="timed runs per project and tool (median taken)")
    parser.add_argument("--verbose", action="store_true", help="list every missed defect and false finding")
    args = parser.parse_args(argv)

    eslint = find_eslint(args.eslint)
    print("== versions")
    print(f"  python {platform.python_version()}, {platform.platform()}, {datetime.date.today().isoformat()}")
    if eslint:
        print(f"  {eslint_versions(eslint[1])}")
    else:
        print(
            f"  NOTE: ESLint with eslint-plugin-import, eslint-plugin-n and globals not found at {args.eslint or DEFAULT_ESLINT}: the ESLint column is skipped."
        )
        print(
            "        Install: mkdir -p /work/eslint-bench && cd /work/eslint-bench && npm init -y && npm i eslint@9 eslint-plugin-import eslint-plugin-n globals"
        )

    folders = projects(args.seeded)
    tools = {"rootcause": Score(), **({"eslint": Score()} if eslint else {})}
    cli_seconds: list[float] = []
    totals: Counter = Counter()
    clean_findings: Counter = Counter()
    with tempfile.TemporaryDirectory(prefix="js-seeded-") as tmp:
        work = Path(tmp)
        for folder in folders:
            project = folder / "project"
            expected = load_expected(folder)
            totals.update(e.kind for e in expected)
            runs = []
            for _ in range(max(args.repeat, 1)):
                start = time.perf_counter()
                found = run_rootcause(project)
                runs.append(time.perf_counter() - start)
            tools["rootcause"].seconds.append(statistics.median(runs))
            score(folder.name, expected, found, tools["rootcause"])
            if not expected:
                clean_findings["rootcause"] += len(found)
            cli_seconds.append(rootcause_cli_seconds(project))
            if eslint:
                runs = []
                for _ in range(max(args.repeat, 1)):
                    found, seconds = run_eslint(*eslint, project, work)
                    runs.append(seconds)
                tools["eslint"].seconds.append(statistics.median(runs))
                score(folder.name, expected, found, tools["eslint"])
                if not expected:
                    clean_findings["eslint"] += len(found)

    names = list(tools)
    clean = sum(1 for f in folders if not load_expected(f))
    print(f"\n== {len(folders)} seeded projects ({clean} clean), {sum(totals.values())} seeded defects; match = same path, line and kind")
    print(f"  {'kind':28s} {'seeded':>6s} " + " ".join(f"{n:>16s}" for n in names))
    for kind in KINDS:
        if totals[kind]:
            label = kind + (" (newer check)" if kind in ("XF105", "XF107") else "")
            print(f"  {label:28s} {totals[kind]:>6d} " + " ".join(f"{ratio(tools[n].hits[kind], totals[kind]):>16s}" for n in names))
    core = [k for k in KINDS if k not in ("XF105", "XF107")]
    core_total = sum(totals[k] for k in core)
    all_total = sum(totals.values())
    print(
        f"  {'recall (without XF105/XF107)':28s} {core_total:>6d} " + " ".join(f"{ratio(sum(tools[n].hits[k] for k in core), core_total):>16s}" for n in names)
    )
    print(f"  {'recall (all kinds)':28s} {all_total:>6d} " + " ".join(f"{ratio(sum(tools[n].hits.values()), all_total):>16s}" for n in names))
    print(f"  {'precision':35s} " + " ".join(f"{ratio(tools[n].true_findings, tools[n].findings):>16s}" for n in names))
    print(f"  {'findings on clean projects':35s} " + " ".join(f"{clean_findings[n]:>16d}" for n in names))
    print(f"  {'median s / project':35s} " + " ".join(f"{statistics.median(tools[n].seconds):>16.3f}" for n in names))
    print("  rootcause runs in this process (warm); ESLint's time is its whole subprocess, Node start-up and plugin loading included.")
    print(f"  rootcause as a fresh process (python -m rootcause analyze, start-up included): median {statistics.median(cli_seconds):.3f} s / project")
    if not eslint:
        print("  (ESLint column skipped: pass --eslint PATH)")
    for n in names:
        if args.verbose or len(tools[n].missed) + len(tools[n].false) <= 40:
            for line in tools[n].missed:
                print(f"  [{n} missed] {line}")
            for line in tools[n].false:
                print(f"  [{n} false] {line}")
    return 0


if __name__ == "__main__":
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")
    sys.exit(main())
