"""The Node startup operators (``node_startup``): each yields mutants on every stack it claims, the
mutants parse (but for the syntax operators, which must not) and their text shows the defect."""

from __future__ import annotations

import difflib
import functools
import json
import re

import pytest

from rootcause.corpus import build
from rootcause.corpus.operators import NODE_STACKS, REGISTRY, AppSource, js
from rootcause.taxonomy import load_taxonomy

OPS = {
    "node_syntax_type_annotation": "startup.syntax",
    "node_syntax_heredoc_residue": "startup.syntax",
    "node_package_swapped": "startup.dependency.missing_package",
    "node_undeclared_package_import": "startup.dependency.missing_package",
    "node_package_subpath_not_exported": "startup.dependency.incompatible",
    "node_run_script_missing_entry": "startup.entrypoint.run_script",
    "node_package_type_mismatch": "startup.entrypoint",
    "node_port_ignored": "startup.entrypoint.port",
    "node_server_not_started": "startup.entrypoint.app_object",
    "node_default_import_of_named_export": "xfile.reference.import",
}
SYNTAX = {"node_syntax_type_annotation", "node_syntax_heredoc_residue"}


@functools.cache
def _app(stack: str) -> AppSource:
    return AppSource.from_dir(build.app_dir(stack), stack)


def _mutants(name: str, stack: str):
    return REGISTRY[name].mutants(_app(stack))


def _added(stack: str, edit: dict[str, str | None]) -> str:
    """The lines the mutant adds or changes (all files), joined."""
    out = []
    for path, new in edit.items():
        old = _app(stack).files.get(path, "").splitlines()
        out += [
            line[1:] for line in difflib.unified_diff(old, (new or "").splitlines(), lineterm="", n=0) if line.startswith("+") and not line.startswith("+++")
        ]
    return "\n".join(out)


def _claims(name: str) -> list[str]:
    return [s for s in NODE_STACKS if REGISTRY[name].applies_to(s)]


def test_registered_with_existing_labels_and_node_stacks_only():
    taxonomy = load_taxonomy()
    for name, label in OPS.items():
        op = REGISTRY[name]
        assert op.label == label
        assert set(op.stacks) <= set(NODE_STACKS) and op.stacks
        assert "Study:" in op.doc
        assert label in taxonomy, label


@pytest.mark.parametrize("name", sorted(OPS))
def test_mutants_on_every_claimed_stack_and_parse_as_they_should(name):
    for stack in _claims(name):
        mutants = _mutants(name, stack)
        assert len(mutants) >= (1 if name == "node_package_type_mismatch" else 2), (name, stack)
        for site, edit in mutants:
            for path, new in edit.items():
                if new is None or not path.endswith(js.JS_SUFFIXES):
                    continue
                assert js.parses(new, path) != (name in SYNTAX), (name, stack, site)


@pytest.mark.parametrize("stack", NODE_STACKS)
def test_type_annotation_leaves_typescript_syntax(stack):
    for _site, edit in _mutants("node_syntax_type_annotation", stack):
        assert re.search(r"\(?\w+: [\w.]+\)?", _added(stack, edit))


@pytest.mark.parametrize("stack", NODE_STACKS)
def test_heredoc_residue_appends_shell_text(stack):
    for _site, edit in _mutants("node_syntax_heredoc_residue", stack):
        [(path, new)] = edit.items()
        assert new is not None and new.startswith(_app(stack).files[path].rstrip("\n"))
        assert _added(stack, edit).startswith("EOF")


@pytest.mark.parametrize("stack", NODE_STACKS)
def test_package_swapped_names_a_package_not_declared(stack):
    declared = json.loads(_app(stack).files["package.json"])["dependencies"]
    for _site, edit in _mutants("node_package_swapped", stack):
        names = re.findall(r"""(?:require\(|from )'([^'.][^']*)'""", _added(stack, edit))
        assert names and all(n not in declared for n in names)


@pytest.mark.parametrize("stack", NODE_STACKS)
def test_undeclared_package_import_adds_an_import(stack):
    declared = json.loads(_app(stack).files["package.json"])["dependencies"]
    for _site, edit in _mutants("node_undeclared_package_import", stack):
        added = _added(stack, edit)
        [package] = re.findall(r"""(?:require\(|from |import )'([^']+)'""", added)
        assert package.split("/")[0] not in declared


@pytest.mark.parametrize("stack", _claims("node_package_subpath_not_exported"))
def test_subpath_not_exported(stack):
    for _site, edit in _mutants("node_package_subpath_not_exported", stack):
        assert re.search(r"'(sequelize/types|hono/hono|hono/node-server)'", _added(stack, edit))


@pytest.mark.parametrize("stack", NODE_STACKS)
def test_run_script_starts_something_missing(stack):
    app = _app(stack)
    for _site, edit in _mutants("node_run_script_missing_entry", stack):
        line = [x for x in edit["run.sh"].splitlines() if x.startswith("exec")][0]
        if "npm" in line:
            script = line.split()[-1]
            scripts = json.loads(edit.get("package.json") or app.files["package.json"])["scripts"]
            assert script not in scripts
        else:
            assert line.split()[-1] not in app.files


@pytest.mark.parametrize("stack", NODE_STACKS)
def test_port_ignored(stack):
    for _site, edit in _mutants("node_port_ignored", stack):
        assert re.search(r"\b(3000|8080|5000|8000)\b|APP_PORT|SERVER_PORT", _added(stack, edit))
        assert "${config.port}" not in (edit.get("src/server.js") or "")


@pytest.mark.parametrize("stack", NODE_STACKS)
def test_server_not_started(stack):
    for _site, edit in _mutants("node_server_not_started", stack):
        new = edit["src/server.js"]
        assert new is not None
        started = ".listen(" in new or "serve({" in new
        assert not started or "module.exports = { main }" in new


@pytest.mark.parametrize("stack", NODE_STACKS)
def test_default_import_of_named_export(stack):
    for _site, edit in _mutants("node_default_import_of_named_export", stack):
        added = _added(stack, edit)
        assert re.search(r"^(import \w+(, \{[^}]*\})? from '\.|const \w+ = require\('\.)", added, re.M), added


@pytest.mark.parametrize("stack", NODE_STACKS)
def test_package_type_mismatch(stack):
    app = _app(stack)
    esm = json.loads(app.files["package.json"]).get("type") == "module"
    for _site, edit in _mutants("node_package_type_mismatch", stack):
        assert set(edit) == {"package.json"}
        kind = json.loads(edit["package.json"] or "{}").get("type", "commonjs")
        assert kind == ("commonjs" if esm else "module")
