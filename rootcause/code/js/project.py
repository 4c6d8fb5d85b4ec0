"""A project's JavaScript/TypeScript modules: indexed, with relative specifiers resolved as Node does.

Resolution follows Node's CommonJS algorithm (the exact file, then the file with an extension,
then a folder's ``package.json`` ``main`` and its ``index`` file), with TypeScript's additions
(``./x.js`` naming ``x.ts``, ``.ts``/``.tsx``/``.d.ts`` files). ES modules run by Node resolve only
the exact file; :meth:`JsProject.resolve` says whether the exact name was enough.
"""

from __future__ import annotations

import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from rootcause.code.files import SKIP_DIRS
from rootcause.code.js.index import JsModule, index_js
from rootcause.code.js.parse import grammar_for

if TYPE_CHECKING:
    from rootcause.code.project import Project

#: Extensions tried after a specifier, in order (Node's .js, .json, .node; then what loaders and tsc add).
EXTENSIONS = (".js", ".json", ".node", ".mjs", ".cjs", ".ts", ".tsx", ".d.ts", ".mts", ".cts", ".jsx")
#: TypeScript's ESM convention: ``import './x.js'`` in TypeScript names ``x.ts``.
TS_SWAPS = {".js": (".ts", ".tsx", ".d.ts"), ".jsx": (".tsx",), ".mjs": (".mts", ".d.mts"), ".cjs": (".cts", ".d.cts")}
#: Dependencies that transpile or bundle the code: module syntax and specifiers are then theirs, not Node's.
TRANSPILERS = frozenset(
    {
        "@babel/core",
        "@babel/register",
        "@babel/node",
        "babel-register",
        "babel-cli",
        "babel-core",
        "esm",
        "webpack",
        "esbuild",
        "rollup",
        "vite",
        "parcel",
        "ts-node",
        "tsx",
        "@swc/core",
        "@swc/register",
        "@swc-node/register",
        "next",
        "nuxt",
        "@nestjs/cli",
        "bun-types",
        "react-scripts",
        "@angular/cli",
        "@vue/cli-service",
        "@sveltejs/kit",
        "@remix-run/dev",
        "gatsby",
        "astro",
        "expo",
        "react-native",
        "browserify",
        "babel-loader",
        "@babel/preset-env",
        "sucrase",
        "esbuild-register",
        "tsup",
    }
)


#: A command that starts a Node file: ``node src/server.js``, ``nodemon --watch src src/index.js``, ``tsx src/main.ts``.
_STARTS = re.compile(r"\b(?:node|nodemon|ts-node|ts-node-dev|tsx|bun)\b[^\n;&|]{0,200}?(?<![\w./@-])([\w./@-]{1,200}\.[cm]?[jt]sx?)\b")


def is_relative(specifier: str) -> bool:
    return specifier in (".", "..") or specifier.startswith(("./", "../"))


@dataclass(frozen=True, slots=True)
class Resolution:
    """Where a relative specifier leads: ``file`` (``target`` set), ``missing``, ``outside`` the
    project, or ``unknown`` (a folder the analysis does not read, such as ``node_modules``)."""

    status: str
    target: str | None = None
    exact: bool = False  # found under its exact name, as an ES module run by Node needs
    wanted: str = ""  # the project path the specifier names


class JsProject:
    """The JavaScript/TypeScript side of a :class:`~rootcause.code.project.Project`.

    ``modules`` maps project-relative paths to :class:`JsModule`; ``complete`` is False when the
    project is known only in part (then nothing is claimed missing).
    """

    def __init__(self, project: "Project") -> None:
        scripts = project.scripts
        self.files = scripts.files
        self.other_files = project.files
        self.complete = project.complete and not scripts.partial
        self.skipped = list(scripts.skipped)
        self.modules: dict[str, JsModule] = {}
        for path in sorted(self.files):
            grammar = grammar_for(path)
            if grammar is not None:
                self.modules[path] = index_js(path, self.files[path], grammar)
        known = set(scripts.paths) | set(self.files) | set(project.files) | {p for p, _ in scripts.skipped} | {p for p, _ in project.skipped}
        self.paths = frozenset(known)
        self._transpiled: dict[str, bool] = {}
        self._formats: dict[str, str] = {}

    @classmethod
    def from_files(cls, files: dict[str, str]) -> "JsProject":
        from rootcause.code.project import Project

        return cls(Project.from_files(files))

    def __iter__(self) -> Iterator[JsModule]:
        return iter(self.modules.values())

    def __len__(self) -> int:
        return len(self.modules)

    @cached_property
    def folders(self) -> frozenset[str]:
        out = set()
        for path in self.paths:
            folder = posixpath.dirname(path)
            while folder and folder not in out:
                out.add(folder)
                folder = posixpath.dirname(folder)
        return frozenset(out)

    # package.json ------------------------------------------------------------------------
    @cached_property
    def manifests(self) -> dict[str, dict]:
        """Each folder's parsed ``package.json`` ("" for the root); unreadable ones are left out."""
        out: dict[str, dict] = {}
        for path, text in {**self.other_files, **self.files}.items():
            if posixpath.basename(path) != "package.json":
                continue
            try:
                data = json.loads(text)
            except ValueError:
                continue
            if isinstance(data, dict):
                out[posixpath.dirname(path)] = data
        return out

    def _manifest_chain(self, path: str) -> Iterator[tuple[str, dict]]:
        folder = posixpath.dirname(path)
        while True:
            if folder in self.manifests:
                yield folder, self.manifests[folder]
            if not folder:
                return
            folder = posixpath.dirname(folder)

    @cached_property
    def entries(self) -> frozenset[str]:
        """The files Node starts: the root ``package.json``'s ``main`` and the files its ``start``/``dev``
        scripts, ``run.sh``, a ``Procfile`` or a ``Dockerfile`` hand to ``node`` (or nodemon, tsx, ts-node)."""
        wanted: list[str] = []
        root = self.manifests.get("", {})
        main = root.get("main")
        if isinstance(main, str):
            wanted.append(main)
        scripts = root.get("scripts")
        texts = [v for k, v in scripts.items() if k in ("start", "dev", "serve") and isinstance(v, str)] if isinstance(scripts, dict) else []
        texts += [text[:20_000] for path, text in self.other_files.items() if posixpath.basename(path) in ("run.sh", "start.sh", "Procfile", "Dockerfile")]
        for text in texts:
            wanted += [m.group(1) for m in _STARTS.finditer(text)]
        out = set()
        for spec in wanted:
            path = posixpath.normpath(spec.strip().lstrip("./") if not spec.startswith("../") else spec)
            found = path if path in self.modules else self._as_file(path) or self._as_folder(path)
            if found in self.modules:
                out.add(found)
        return frozenset(out)

    def package_type(self, path: str) -> str | None:
        """The nearest ``package.json``'s ``type`` (``module``/``commonjs``), None when it sets none."""
        for _, manifest in self._manifest_chain(path):
            kind = manifest.get("type")
            return kind if kind in ("module", "commonjs") else None
        return None

    def transpiled(self, path: str) -> bool:
        """Whether a transpiler or bundler (Babel, TypeScript loaders, webpack...) handles this file
        rather than Node itself: a dependency of an enclosing package, or a TypeScript/JSX file."""
        if path not in self._transpiled:
            self._transpiled[path] = self._is_transpiled(path)
        return self._transpiled[path]

    def _is_transpiled(self, path: str) -> bool:
        if grammar_for(path) != "javascript" or path.endswith(".jsx"):
            return True
        for _, manifest in self._manifest_chain(path):
            for key in ("dependencies", "devDependencies"):
                deps = manifest.get(key)
                if isinstance(deps, dict) and TRANSPILERS & set(deps):
                    return True
            scripts = manifest.get("scripts")
            if isinstance(scripts, dict) and any(isinstance(s, str) and ("babel" in s or "--experimental-specifier-resolution" in s) for s in scripts.values()):
                return True
        return False

    def module_format(self, path: str) -> str:
        """How Node loads the file: ``esm``, ``cjs``, or ``transpiled`` (TypeScript, JSX, a bundler's)."""
        if path not in self._formats:
            self._formats[path] = self._module_format(path)
        return self._formats[path]

    def _module_format(self, path: str) -> str:
        if self.transpiled(path):
            return "transpiled"
        if path.endswith(".mjs"):
            return "esm"
        if path.endswith(".cjs"):
            return "cjs"
        kind = self.package_type(path)
        if kind == "module":
            return "esm"
        if kind == "commonjs":
            return "cjs"
        module = self.modules.get(path)
        # No "type": Node (22.7+, 20.19+) loads a file with import/export and no CommonJS as an ES module.
        if module is not None and module.esm_syntax is not None and module.cjs_syntax is None:
            return "esm"
        return "cjs"

    def explicit_cjs(self, path: str) -> bool:
        """Loaded as CommonJS whatever its syntax: ``.cjs``, or ``.js`` under ``"type": "commonjs"``."""
        return not self.transpiled(path) and (path.endswith(".cjs") or (path.endswith(".js") and self.package_type(path) == "commonjs"))

    # resolution --------------------------------------------------------------------------
    def _exists(self, path: str) -> bool:
        return path in self.paths

    def _unknown(self, path: str) -> bool:
        return any(part in SKIP_DIRS for part in path.split("/"))

    def _as_file(self, base: str) -> str | None:
        if self._exists(base):
            return base
        for ext in EXTENSIONS:
            if self._exists(base + ext):
                return base + ext
        for ext, swaps in TS_SWAPS.items():
            if base.endswith(ext):
                for swap in swaps:
                    if self._exists(base[: -len(ext)] + swap):
                        return base[: -len(ext)] + swap
        return None

    def _as_folder(self, base: str) -> str | None:
        manifest = self.manifests.get(base)
        main = manifest.get("main") if manifest else None
        if isinstance(main, str) and main.strip():
            target = posixpath.normpath(posixpath.join(base, main))
            found = self._as_file(target) or self._index(target)
            if found:
                return found
        return self._index(base)

    def _index(self, base: str) -> str | None:
        prefix = base + "/" if base else ""
        for ext in EXTENSIONS:
            if self._exists(prefix + "index" + ext):
                return prefix + "index" + ext
        return None

    def resolve(self, importer: str, specifier: str) -> Resolution:
        """Where ``specifier`` (relative) leads from the file ``importer``."""
        folder = posixpath.dirname(importer)
        joined = posixpath.normpath(posixpath.join(folder, specifier)) if folder or specifier not in (".", "./") else ""
        if joined == ".":
            joined = ""
        if joined == ".." or joined.startswith("../"):
            return Resolution("outside", wanted=joined)
        if self._unknown(joined):
            return Resolution("unknown", wanted=joined)
        as_folder_only = specifier.endswith("/") or specifier in (".", "..")
        if not as_folder_only:
            found = self._as_file(joined)
            if found is not None:
                exact = found == joined or (self.transpiled(importer) and found != joined and joined.endswith(tuple(TS_SWAPS)))
                return Resolution("file", found, exact=exact, wanted=joined)
        if joined == "" or joined in self.folders:
            found = self._as_folder(joined)
            if found is not None:
                return Resolution("file", found, exact=False, wanted=joined)
        return Resolution("missing", wanted=joined)

    def suggestions(self, importer: str, resolution: Resolution) -> list[str]:
        """Specifiers that would resolve, for a missing one: a like-named file in the same folder,
        or a file with the same name elsewhere (a ``../`` depth off by one)."""
        from rootcause.code.index import close_names

        wanted = resolution.wanted
        folder, name = posixpath.split(wanted)
        stem = _stem(name)
        siblings = {_stem(posixpath.basename(p)): p for p in self.modules if posixpath.dirname(p) == folder}
        siblings.update({posixpath.basename(f): f for f in self.folders if posixpath.dirname(f) == folder})
        found = [siblings[c] for c in close_names(stem, set(siblings))]
        if not found:
            found = [p for p in sorted(self.modules) if _stem(posixpath.basename(p)) == stem and p != importer]
            found += [f for f in sorted(self.folders) if posixpath.basename(f) == stem and f"{f}/index" in {_stem_path(m) for m in self.modules}]
        out = []
        for path in found[:3]:
            rel = posixpath.relpath(path, posixpath.dirname(importer) or ".")
            if not rel.startswith("../"):
                rel = "./" + rel
            keep_ext = name.endswith(tuple(EXTENSIONS))
            out.append(rel if keep_ext or path in self.folders else posixpath.join(posixpath.dirname(rel), _stem(posixpath.basename(rel))))
        return out


def _stem(name: str) -> str:
    for ext in sorted(EXTENSIONS, key=len, reverse=True):
        if name.endswith(ext):
            return name[: -len(ext)]
    return name


def _stem_path(path: str) -> str:
    return posixpath.join(posixpath.dirname(path), _stem(posixpath.basename(path)))
