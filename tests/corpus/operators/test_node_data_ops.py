"""The Node data-layer and state operators (node_data): each mutates every stack it claims into code
that still parses and shows its defect in the changed text."""

from __future__ import annotations

import difflib
import functools

import pytest

from rootcause.corpus import build
from rootcause.corpus.operators import NODE_STACKS, PYTHON_STACKS, REGISTRY, AppSource, js
from rootcause.taxonomy import load_taxonomy

EXPRESS, FASTIFY, HONO, KOA = NODE_STACKS
SEQUELIZE = (FASTIFY, KOA)
RAW = (EXPRESS, HONO)

#: operator -> (label, stacks)
OPERATORS = {
    "node_sequelize_association_removed": ("data.orm.eager_loading", SEQUELIZE),
    "node_sequelize_unknown_where_field": ("data.orm.field_error", SEQUELIZE),
    "node_pg_untyped_parameter": ("data.query.bad_parameter", RAW),
    "node_sql_filter_wrong_column": ("data.query.filter", RAW),
    "node_schema_column_missing": ("data.schema.missing_column", NODE_STACKS),
    "node_schema_wrong_constraint": ("data.schema.integrity", NODE_STACKS),
    "node_relation_write_dropped": ("logic.state.not_persisted", NODE_STACKS),
    "node_update_not_persisted": ("logic.state.not_persisted", NODE_STACKS),
    "node_identifier_not_returned": ("logic.state.identifier_lost", NODE_STACKS),
}


@functools.cache
def _app(stack: str) -> AppSource:
    return AppSource.from_dir(build.app_dir(stack), stack)


def _mutants(name: str, stack: str) -> list[tuple[str, dict[str, str | None]]]:
    return REGISTRY[name].mutants(_app(stack))


def _diff(stack: str, edit: dict[str, str | None]) -> tuple[str, str]:
    """The removed and the added lines of a mutant (joined), for assertions on the defect."""
    removed, added = [], []
    for path, text in edit.items():
        assert text is not None
        for row in difflib.unified_diff(_app(stack).files[path].splitlines(), text.splitlines(), lineterm="", n=0):
            if row.startswith("-") and not row.startswith("---"):
                removed.append(row[1:])
            elif row.startswith("+") and not row.startswith("+++"):
                added.append(row[1:])
    return "\n".join(removed), "\n".join(added)


@pytest.mark.parametrize("name", sorted(OPERATORS))
def test_registered_with_label_stacks_and_docstring(name):
    op = REGISTRY[name]
    label, stacks = OPERATORS[name]
    assert op.label == label and label in load_taxonomy()
    assert set(op.stacks) == set(stacks)
    assert op.summary and "Study:" in op.doc
    assert op.databases == (("postgres",) if name == "node_pg_untyped_parameter" else ("sqlite", "postgres"))


@pytest.mark.parametrize("name", sorted(OPERATORS))
def test_mutates_every_claimed_stack_into_parsing_code(name):
    op = REGISTRY[name]
    for stack in op.stacks:
        mutants = _mutants(name, stack)
        assert len(mutants) >= 2, f"{name} makes {len(mutants)} mutants of {stack}"
        for site, edit in mutants:
            for path, text in edit.items():
                assert text is not None and text != _app(stack).files[path], site
                assert js.parses(text, path), f"{name} {site} does not parse"
    assert all(op.mutants(_app(s)) == [] for s in PYTHON_STACKS)


@pytest.mark.parametrize("stack", SEQUELIZE)
def test_association_removed(stack):
    for site, edit in _mutants("node_sequelize_association_removed", stack):
        removed, added = _diff(stack, edit)
        assert list(edit) == ["src/models/index.js"] and not added.strip()
        assert "belongsTo" in removed and "as: '" in removed, site
    aliases = {site.split("'")[1] for site, _ in _mutants("node_sequelize_association_removed", stack)}
    assert {"author", "tags", "favoritedBy", "followers"} <= aliases


@pytest.mark.parametrize("stack", SEQUELIZE)
def test_unknown_where_field(stack):
    seen = set()
    for site, edit in _mutants("node_sequelize_unknown_where_field", stack):
        removed, added = _diff(stack, edit)
        assert "where" in removed or "where" in added or "destroy" in removed or "findAll" in removed or "count" in removed, site
        seen |= {w for w in ("ArticleId:", "UserId:", "followedId:", "user_name:", "tagName:") if w in added and w not in removed}
    assert {"ArticleId:", "UserId:", "followedId:"} <= seen


def test_pg_untyped_parameter_express():
    mutants = _mutants("node_pg_untyped_parameter", EXPRESS)
    added = [_diff(EXPRESS, edit)[1] for _, edit in mutants]
    assert any("($2 IS NULL OR a.slug = $2)" in a for a in added)
    assert any("($1 IS NULL OR username = $1)" in a for a in added)
    # f.user_id = $1 follows the author columns' typed use of $1: PostgreSQL would accept it
    assert not any("$1 IS NULL OR f.user_id" in a for a in added)


def test_pg_untyped_parameter_hono_duplicates_the_value():
    for site, edit in _mutants("node_pg_untyped_parameter", HONO):
        removed, added = _diff(HONO, edit)
        assert "(? IS NULL OR " in added, site
        text = next(iter(edit.values()))
        assert text is not None
    path = "src/repositories/userRepository.js"
    text = next(edit[path] for site, edit in _mutants("node_pg_untyped_parameter", HONO) if "'email = ?'" in site)
    assert "WHERE (? IS NULL OR email = ?)`, [email, email])" in (text or "")


@pytest.mark.parametrize("stack", RAW)
def test_filter_wrong_column(stack):
    added = [_diff(stack, edit)[1] for _, edit in _mutants("node_sql_filter_wrong_column", stack)]
    assert any("a.id = " in a for a in added)  # the slug compared with the id
    assert any("t.id = " in a for a in added)  # the tag name compared with the id
    assert any(" email = " in a for a in added)  # the username compared with the email
    assert not any("slugExists" in a or "isTaken" in a for a in added)


@pytest.mark.parametrize("stack", NODE_STACKS)
def test_schema_column_missing(stack):
    for site, edit in _mutants("node_schema_column_missing", stack):
        removed, added = _diff(stack, edit)
        if stack in SEQUELIZE:
            assert any(f"{name}:" in removed + site for name in ("slug", "username", "email", "name", "position")), site
        else:
            assert list(edit) == ["src/db/schema.js"] and not added.strip()
            assert removed.strip().split()[0] not in ("id", "PRIMARY"), site


@pytest.mark.parametrize("stack", NODE_STACKS)
def test_schema_wrong_constraint(stack):
    diffs = [_diff(stack, edit) for _, edit in _mutants("node_schema_wrong_constraint", stack)]
    if stack in RAW:
        assert any("article_id INTEGER NOT NULL UNIQUE REFERENCES articles" in added for _, added in diffs)
        assert any("DEFAULT ''" in removed and "DEFAULT ''" not in added for removed, added in diffs)
    else:
        assert all("defaultValue: ''" in removed and "defaultValue" not in added for removed, added in diffs)


@pytest.mark.parametrize("stack", NODE_STACKS)
def test_relation_write_dropped(stack):
    sites = [site for site, _ in _mutants("node_relation_write_dropped", stack)]
    assert any("favorite()" in s for s in sites) and any("unfavorite()" in s for s in sites)
    # Express, Fastify and Koa answer following: true/false without reading it back: a dropped follow is invisible
    assert any("follow()" in s and "unfollow" not in s for s in sites) == (stack == HONO)
    for site, edit in _mutants("node_relation_write_dropped", stack):
        removed, added = _diff(stack, edit)
        assert "await" in removed and not added.strip(), site


@pytest.mark.parametrize("stack", NODE_STACKS)
def test_update_not_persisted(stack):
    diffs = [_diff(stack, edit) for _, edit in _mutants("node_update_not_persisted", stack)]
    assert all(".update(" in removed or ".save(" in removed for removed, _ in diffs)
    if stack == EXPRESS:
        assert any("return users.findById(currentUser.id);" in added for _, added in diffs)
    if stack == KOA:
        assert any("return user;" in added for _, added in diffs)


@pytest.mark.parametrize("stack", NODE_STACKS)
def test_identifier_not_returned(stack):
    diffs = [_diff(stack, edit) for _, edit in _mutants("node_identifier_not_returned", stack)]
    assert any("slug: article.slug" in removed for removed, _ in diffs)
    assert any("id: comment.id" in removed for removed, _ in diffs)
    if stack in RAW:
        assert any("slug: row.slug" in removed for removed, _ in diffs)
        assert any("id: row.id" in removed for removed, _ in diffs)
