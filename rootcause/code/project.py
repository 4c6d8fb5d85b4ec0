"""A generated project as the analysis sees it: its modules, how imports resolve, and a graph.

Nothing in the project is imported or executed: files are parsed with libcst.
"""

from __future__ import annotations

import itertools
import os
import posixpath
from collections.abc import Iterator, Mapping, Sequence
from functools import cached_property
from typing import TYPE_CHECKING

from rootcause.code.files import SourceSet, from_folder, from_mapping, from_patch, from_patched
from rootcause.code.index import ModuleInfo, index_module

#: Import cycles longer than this many modules, or beyond the first MAX_CYCLES, are not enumerated.
MAX_CYCLE_LENGTH = 6
MAX_CYCLES = 20

if TYPE_CHECKING:
    import networkx as nx

    from rootcause.parsing.patch import PatchedFile
    from rootcause.records import RunRecord


def module_name(path: str) -> tuple[str, bool]:
    """(dotted name, is_package) of a project-relative ``.py`` path."""
    stem = path[: -len(".pyi")] if path.endswith(".pyi") else path[: -len(".py")]
    parts = stem.split("/")
    is_package = parts[-1] == "__init__"
    if is_package:
        parts = parts[:-1]
    return ".".join(parts), is_package


class Project:
    """A project's Python modules, indexed; build it with :meth:`from_path`, :meth:`from_files`,
    :meth:`from_patch` or :meth:`from_record`.

    ``modules`` maps dotted names (from the project root) to :class:`ModuleInfo`; ``graph``
    is a networkx DiGraph of modules and their top-level symbols with ``imports``,
    ``defines`` and ``references`` edges.
    """

    def __init__(self, sources: SourceSet, *, complete: bool | None = None) -> None:
        self.sources = sources
        # A project known only in part (files a trajectory wrote, a patch that modifies files) cannot
        # prove that a module or name is missing: checks that need the whole project stay silent.
        self.complete = complete if complete is not None else not sources.partial
        self.files: dict[str, str] = dict(sources.files)
        self.skipped = list(sources.skipped)
        # JavaScript/TypeScript files, for rootcause.code.js (the Python checks never read them).
        self.scripts = sources.scripts
        self.modules: dict[str, ModuleInfo] = {}
        for path in sorted(self.files):
            if not path.endswith((".py", ".pyi")):
                continue
            name, is_package = module_name(path)
            if name in self.modules and path.endswith(".pyi"):
                continue
            self.modules[name] = index_module(path, name, self.files[path], is_package=is_package)
        self.by_path = {m.path: m for m in self.modules.values()}

    # construction -------------------------------------------------------------------------
    @classmethod
    def from_path(cls, folder: str | os.PathLike[str]) -> "Project":
        return cls(from_folder(folder))

    @classmethod
    def from_files(cls, files: Mapping[str, str]) -> "Project":
        return cls(from_mapping(files))

    @classmethod
    def from_patch(cls, patch: str) -> "Project":
        return cls(from_patch(patch))

    @classmethod
    def from_record(cls, record: "RunRecord") -> "Project | None":
        """The code a RunRecord carries (``files``, then the patch, then files written in the trajectory)."""
        from rootcause.parsing.patch import parse_patch
        from rootcause.parsing.trajectory import parse_trajectory

        patched, problem = parse_patch(record.patch) if record.patch else ([], None)
        written = parse_trajectory(record.trajectory).files_written if record.trajectory else {}
        return cls.from_parts(record.files, patched, problem, written, has_patch=bool(record.patch))

    @classmethod
    def from_parts(
        cls,
        files: Mapping[str, str] | None,
        patched: "Sequence[PatchedFile]" = (),
        patch_problem: str | None = None,
        written: Mapping[str, str] | None = None,
        *,
        has_patch: bool = False,
    ) -> "Project | None":
        """:meth:`from_record` on a run's code already parsed: its ``files``, the patch's files and
        problem (``parse_patch``), and the files its trajectory wrote. Later sources win: the
        trajectory's files, then the patch's, then ``files``. None when there is no code."""
        merged: dict[str, str] = {}
        skipped: list[tuple[str, str]] = []
        patch_complete = False
        if written:
            merged.update(written)
        if has_patch:
            from_diff = from_patched(patched, patch_problem)
            merged.update(from_diff.files)
            skipped += from_diff.skipped
            patch_complete = not from_diff.partial
        if files:
            merged.update(files)
        if not merged:
            return None
        sources = from_mapping(merged)
        sources.skipped += skipped
        return cls(sources, complete=bool(files) or patch_complete)

    # resolution ---------------------------------------------------------------------------
    @cached_property
    def package_dirs(self) -> set[str]:
        return {posixpath.dirname(m.path) for m in self.modules.values() if m.is_package}

    @cached_property
    def roots(self) -> list[str]:
        """Folders imports are resolved from: the project root, plus each folder that holds a
        top-level module the code imports by a bare name (``src/`` when code says ``import routes``)."""
        roots = [""]
        top_names = {(imp.module or "").split(".")[0] for m in self.modules.values() for imp in m.imports if imp.level == 0 and imp.module}
        for name in sorted(self.modules):
            parts = name.split(".")
            for i in range(1, len(parts)):
                if parts[i] in top_names:
                    root = ".".join(parts[:i])
                    if root not in roots:
                        roots.append(root)
        return roots

    def find(self, dotted_name: str) -> ModuleInfo | None:
        """The project module a dotted import name refers to, trying each root."""
        for root in self.roots:
            full = f"{root}.{dotted_name}" if root else dotted_name
            if full in self.modules:
                return self.modules[full]
        return None

    def is_project_name(self, dotted_name: str) -> bool:
        """Whether a name's top-level package belongs to the project (so a miss is a project defect)."""
        top = dotted_name.split(".")[0]
        for root in self.roots:
            full = f"{root}.{top}" if root else top
            if full in self.modules or any(n.startswith(full + ".") for n in self.modules):
                return True
        return False

    def absolute_import(self, module: ModuleInfo, imp) -> str | None:
        """The dotted name an import statement names, with relative imports resolved."""
        if imp.level == 0:
            return imp.module
        package = module.name.split(".") if module.is_package else module.name.split(".")[:-1]
        if imp.level - 1 > len(package):
            return None
        base = package[: len(package) - (imp.level - 1)]
        tail = imp.module.split(".") if imp.module else []
        return ".".join(base + tail)

    def exported(self, module: ModuleInfo) -> set[str]:
        """Names ``from module import X`` can get: its definitions, imports and submodules."""
        names = set(module.defined)
        prefix = module.name + "."
        names.update(n[len(prefix) :].split(".")[0] for n in self.modules if n.startswith(prefix))
        if module.all_names:
            names.update(module.all_names)
        return names

    def star_sources(self, module: ModuleInfo) -> list[ModuleInfo | None]:
        """Targets of ``from x import *`` in module (None for one outside the project)."""
        out = []
        for imp in module.imports:
            if imp.star:
                name = self.absolute_import(module, imp)
                out.append(self.find(name) if name else None)
        return out

    # graph --------------------------------------------------------------------------------
    @cached_property
    def graph(self) -> "nx.DiGraph":
        """Modules (``kind='module'``) and their top-level symbols (``kind='symbol'``, id ``mod:Name``).

        Edges: ``imports`` (module -> module, with ``line`` and ``module_level``), ``defines``
        (module -> symbol) and ``references`` (module -> symbol it imports by name).
        """
        import networkx as nx

        graph = nx.DiGraph()
        for module in self.modules.values():
            graph.add_node(module.name, kind="module", path=module.path, lines=module.n_lines, syntax_error=module.syntax is not None)
            for name in sorted(set(module.functions) | set(module.classes) | set(module.assigned)):
                kind = "function" if name in module.functions else "class" if name in module.classes else "variable"
                graph.add_node(f"{module.name}:{name}", kind="symbol", symbol_kind=kind, module=module.name)
                graph.add_edge(module.name, f"{module.name}:{name}", kind="defines")
        for module in self.modules.values():
            for imp in module.imports:
                target_name = self.absolute_import(module, imp)
                if not target_name:
                    continue
                target = self.find(target_name)
                if target is not None and target.name != module.name:
                    self._add_import_edge(graph, module, target, imp)
                for name, _alias in imp.names or ():
                    sub = self.find(f"{target_name}.{name}")
                    if sub is not None:
                        self._add_import_edge(graph, module, sub, imp)
                    elif target is not None and graph.has_node(f"{target.name}:{name}"):
                        graph.add_edge(module.name, f"{target.name}:{name}", kind="references", line=imp.line)
        return graph

    @staticmethod
    def _add_import_edge(graph, module, target, imp) -> None:
        data = graph.get_edge_data(module.name, target.name)
        if data is None or (imp.module_level and not data.get("module_level")):
            graph.add_edge(module.name, target.name, kind="imports", line=imp.line, module_level=imp.module_level and not imp.guarded)

    def import_cycles(self) -> list[list[str]]:
        """Cycles among module-level imports (each as a list of module names).

        Each cycle starts at its smallest module name and the cycles are sorted: networkx's order
        follows set iteration, which changes with the interpreter's hash seed, and the findings
        built from the cycles must not.
        """
        import networkx as nx

        modules_only = nx.DiGraph((u, v) for u, v, d in self.graph.edges(data=True) if d.get("kind") == "imports" and d.get("module_level"))
        # Bounded: the number of cycles grows exponentially with densely importing modules, and a
        # diagnosis needs a few short ones (MAX_CYCLE_LENGTH modules, the first MAX_CYCLES found).
        found = nx.simple_cycles(modules_only, length_bound=MAX_CYCLE_LENGTH)
        cycles = [cycle for cycle in itertools.islice(found, MAX_CYCLES * 4) if len(cycle) > 1][:MAX_CYCLES]
        return sorted(cycle[cycle.index(min(cycle)) :] + cycle[: cycle.index(min(cycle))] for cycle in cycles)

    def __iter__(self) -> Iterator[ModuleInfo]:
        return iter(self.modules.values())

    def __len__(self) -> int:
        return len(self.modules)
