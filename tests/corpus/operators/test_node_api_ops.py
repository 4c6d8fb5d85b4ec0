"""The Node API operators (node_api): each yields parseable mutants on every stack it claims,
with the defect visible in the changed text, under a label the taxonomy knows."""

from __future__ import annotations

import difflib
import functools
import re

import pytest

from rootcause.corpus import build
from rootcause.corpus.operators import NODE_STACKS, REGISTRY, AppSource, js
from rootcause.taxonomy import load_taxonomy

API_OPS = sorted(name for name, op in REGISTRY.items() if op.generate.__module__.endswith(".node_api"))


@functools.cache
def _app(stack: str) -> AppSource:
    return AppSource.from_dir(build.app_dir(stack), stack)


def _diff(stack: str, edit: dict[str, str | None], sign: str) -> str:
    """The lines the mutant added (``sign`` "+") or removed ("-"), over its changed files."""
    app = _app(stack)
    out = []
    for path, new in edit.items():
        for line in difflib.unified_diff(app.files[path].splitlines(), (new or "").splitlines(), lineterm="", n=0):
            if line.startswith(sign) and not line.startswith(sign * 3):
                out.append(line[1:])
    return "\n".join(out)


def _added(stack: str, edit: dict[str, str | None]) -> str:
    return _diff(stack, edit, "+")


def _removed(stack: str, edit: dict[str, str | None]) -> str:
    return _diff(stack, edit, "-")


def _mutants(name: str) -> list[tuple[str, str, dict[str, str | None]]]:
    op = REGISTRY[name]
    return [(stack, site, edit) for stack in op.stacks for site, edit in op.mutants(_app(stack))]


def test_the_module_registers_its_operators():
    assert len(API_OPS) == 17
    taxonomy = load_taxonomy()
    for name in API_OPS:
        op = REGISTRY[name]
        assert op.label in taxonomy, op.label
        assert name.startswith("node_")
        assert set(op.stacks) <= set(NODE_STACKS)
        assert "Study:" in op.doc


@pytest.mark.parametrize("name", API_OPS)
def test_every_claimed_stack_gets_parseable_mutants(name):
    op = REGISTRY[name]
    for stack in op.stacks:
        mutants = op.mutants(_app(stack))
        assert len(mutants) >= 2, (name, stack)
        for _site, edit in mutants:
            for path, new in edit.items():
                assert new is not None and js.parses(new, path), (name, stack, path)


def test_handler_stub():
    for stack, _site, edit in _mutants("node_handler_stub"):
        added = _added(stack, edit)
        assert "TODO: implement" in added and "501" in added


def test_route_never_written():
    for stack, site, edit in _mutants("node_route_never_written"):
        assert not _added(stack, edit).strip(), site
        assert re.search(r"\.(get|post|put|delete)\(", _removed(stack, edit)), site
        assert "health" not in _removed(stack, edit)


def test_service_not_implemented():
    for stack, _site, edit in _mutants("node_service_not_implemented"):
        assert "throw new Error('Not implemented');" in _added(stack, edit)


def test_author_check_inverted():
    kinds = set()
    for stack, _site, edit in _mutants("node_author_check_inverted"):
        hit = re.search(r"authorId (===|!==) (viewer\.id|viewer\.username|String\(viewer\.id\))", _added(stack, edit))
        assert hit and hit.group(0) != "authorId !== viewer.id"
        kinds.add(hit.group(2))
    assert kinds == {"viewer.id", "viewer.username", "String(viewer.id)"}


def test_action_returns_201():
    for stack, site, edit in _mutants("node_action_returns_201"):
        assert "201" in _added(stack, edit), site
        assert "POST /users " not in site + " " and "POST /articles answers" not in site


def test_jwt_secret_mismatch():
    for stack, _site, edit in _mutants("node_jwt_secret_mismatch"):
        assert re.search(r"jwt\.(sign|verify)\(.*'(conduit-secret|secret|your-secret-key)'", _added(stack, edit))


def test_jwt_claim_mismatch():
    sites = []
    for stack, _site, edit in _mutants("node_jwt_claim_mismatch"):
        added = _added(stack, edit)
        assert re.search(r"payload\.(userId|id|user_id)\b|\{ (id|userId): user\.id, username: user\.username \}", added)
        sites.append(stack)
    assert all(sites.count(stack) == 5 for stack in NODE_STACKS)


def test_optional_auth_required():
    flags = 0
    for stack, site, edit in _mutants("node_optional_auth_required"):
        added, removed = _added(stack, edit), _removed(stack, edit)
        if "optional middleware" in site:
            assert re.search(r"optional: .*(true|false)", added) and added != removed
            flags += 1
        else:
            assert "auth.required" in added and "auth.optional" in removed
            assert re.search(r"GET /articles(/:slug/comments)? requires a token", site)
    assert flags == len(NODE_STACKS)


def test_envelope_dropped():
    for stack, site, edit in _mutants("node_envelope_dropped"):
        removed = _removed(stack, edit)
        assert re.search(r"\b(user|profile|article|comment): ", removed), site
        assert not re.search(r"\{ (user|profile|article|comment): ", _added(stack, edit)), site


def test_presenter_field_omitted():
    for stack, site, edit in _mutants("node_presenter_field_omitted"):
        field = site.rsplit(" ", 2)[-2]
        path = next(iter(edit))
        before = len(re.findall(rf"\b{field}\b", _app(stack).files[path]))
        after = len(re.findall(rf"\b{field}\b", edit[path] or ""))
        assert after < before, site


def test_taglist_as_string():
    for stack, _site, edit in _mutants("node_taglist_as_string"):
        assert re.search(r"tagList: .*(\.join\(', ?'\)|JSON\.stringify\()", _added(stack, edit))


def test_date_not_iso():
    for stack, _site, edit in _mutants("node_date_not_iso"):
        added = _added(stack, edit)
        assert re.search(r"(createdAt|updatedAt): .*\.getTime\(\)", added) and "toISOString" not in added


def test_fastify_response_schema_strips():
    for stack, _site, edit in _mutants("node_fastify_response_schema_strips"):
        assert stack == "fastify_sequelize"
        assert re.search(r"schema: \{ response: \{ 20[01]: \{ type: 'object', properties: \{ \w+: \{ type: '(object|array)'", _added(stack, edit))


def test_fastify_body_schema_strips():
    for stack, _site, edit in _mutants("node_fastify_body_schema_strips"):
        added = _added(stack, edit)
        assert "additionalProperties: false" in added and re.search(r"properties: \{ (email|title|body): ", added)


def test_hono_json_body_on_get():
    for stack, _site, edit in _mutants("node_hono_json_body_on_get"):
        assert stack == "hono_raw_sql"
        assert "await c.req.json()" in _added(stack, edit)


def test_json_body_parser_missing():
    kinds: dict[str, set[str]] = {}
    for stack, site, edit in _mutants("node_json_body_parser_missing"):
        path = next(iter(edit))
        old, new = _app(stack).files[path], edit[path] or ""
        parser = "express.json()" if stack == "express_raw_sql" else "bodyParser("
        if "not installed" in site:
            assert parser in old and parser not in new
        elif "after the routes" in site:
            routes = "router.use(notFound)" if stack == "express_raw_sql" else "app.use(router.routes())"
            assert new.index(parser) > new.index(routes) and old.index(parser) < old.index(routes)
        else:
            assert "express.urlencoded(" in _added(stack, edit) or "enableTypes: ['form']" in _added(stack, edit)
        kinds.setdefault(stack, set()).add(site.split(" ", 1)[1])
    assert set(kinds) == {"express_raw_sql", "koa_sequelize"} and all(len(k) == 3 for k in kinds.values())


def test_sqlite_bigint_in_response():
    op = REGISTRY["node_sqlite_bigint_in_response"]
    assert op.stacks == ("hono_raw_sql",) and op.databases == ("sqlite",)
    mutants = _mutants("node_sqlite_bigint_in_response")
    assert len(mutants) == 3
    for stack, _site, edit in mutants:
        assert next(iter(edit)) == "src/db/sqlite.js"
        assert re.search(r"defaultSafeIntegers\(true\)|\.safeIntegers\(\)", _added(stack, edit))
        assert ".safeIntegers().all(" not in _added(stack, edit)
