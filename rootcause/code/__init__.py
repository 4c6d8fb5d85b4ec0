"""Static analysis of generated Python projects: parsed with libcst, never imported or run.

``Project`` indexes a project (modules, definitions, imports, a networkx ``graph``);
``analyze`` returns findings as a DataFrame; ``analyze_project`` as CodeFinding records.
JavaScript/TypeScript files (parsed with tree-sitter) are ``rootcause.code.js``'s:
``analyze_js_project(project)``; ``analyze.analyze_all`` gives both, as ``rootcause analyze`` does.
"""

from rootcause.code.analyze import analyze, analyze_project
from rootcause.code.model import CodeFinding
from rootcause.code.project import Project

__all__ = ["CodeFinding", "Project", "analyze", "analyze_project"]
