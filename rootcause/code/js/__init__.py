"""Static analysis of JavaScript/TypeScript projects: parsed with tree-sitter, never run, required or installed.

``analyze_js_project(project)`` gives the findings for a :class:`~rootcause.code.project.Project`'s
``.js/.mjs/.cjs/.jsx/.ts/.mts/.cts/.tsx`` files (its ``scripts``), with the codes and the
:class:`~rootcause.code.model.CodeFinding` records the Python analysis uses; ``JsProject``
is the module index (imports, exports, module systems, Node's resolution).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rootcause.code.js.index import JsExports, JsImport, JsModule, index_js
from rootcause.code.js.project import JsProject, Resolution

if TYPE_CHECKING:
    from rootcause.code.model import CodeFinding
    from rootcause.code.project import Project

__all__ = ["JsExports", "JsImport", "JsModule", "JsProject", "Resolution", "analyze_js_project", "index_js"]


def analyze_js_project(project: "Project") -> "list[CodeFinding]":
    """Every JavaScript/TypeScript finding for ``project``, sorted as ``analyze_project``'s are.

    Files left out (too large, binary, outside the tree, over the budget) are RM001 remarks; a
    crash in the checks is an RM900 remark, never an exception. A project with no such files
    gives an empty list without importing tree-sitter.
    """
    from rootcause.code.js.checks import WHOLE_PROJECT_CODES, check_js
    from rootcause.code.model import CodeFinding

    scripts = project.scripts
    findings: list[CodeFinding] = [CodeFinding("RM001", "unknown", path, 0, 0, f"not analysed: {reason}", level="remark") for path, reason in scripts.skipped]
    if not scripts.files:
        return findings
    try:
        js = JsProject(project)
        found = list(check_js(js))
    except Exception as exc:  # noqa: BLE001 - a crash is reported, the Python findings still stand
        found = [CodeFinding("RM900", "unknown", "", 0, 0, f"check javascript failed: {type(exc).__name__}: {exc}", level="remark")]
    else:
        if not js.complete:
            found = [f for f in found if f.rule not in WHOLE_PROJECT_CODES]
    findings += found
    unique = {(f.rule, f.path, f.line, f.column, f.message): f for f in findings}
    return sorted(unique.values(), key=lambda f: (f.level != "defect", f.path, f.line, f.column, f.rule))
