"""Static analysis of generated Python projects: parsed with libcst, never imported or run.

``Project`` indexes a project (modules, definitions, imports, a networkx ``graph``);
``analyze`` returns findings as a DataFrame; ``analyze_project`` as CodeFinding records.
"""

from rootcause.code.analyze import analyze, analyze_project
from rootcause.code.model import CodeFinding
from rootcause.code.project import Project

__all__ = ["CodeFinding", "Project", "analyze", "analyze_project"]
