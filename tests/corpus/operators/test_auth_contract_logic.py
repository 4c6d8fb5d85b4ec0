"""The auth, contract and logic operators: mutants on every claimed stack, parseable, with the intended change."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from rootcause.corpus.operators import REGISTRY
from rootcause.corpus.operators.base import STACKS, AppSource

APPS = Path(__file__).resolve().parents[3] / "data" / "apps"
FAMILIES = ("auth.", "contract.", "logic.")
OURS = sorted(n for n, op in REGISTRY.items() if op.generate.__module__.rsplit(".", 1)[-1] in ("auth", "contract", "logic"))


@pytest.fixture(scope="module")
def apps() -> dict[str, AppSource]:
    return {stack: AppSource.from_dir(APPS / stack, stack) for stack in STACKS}


def _mutants(apps, name, stack):
    return REGISTRY[name].mutants(apps[stack])


def test_family_coverage():
    by_family: dict[str, set[str]] = {}
    for name in OURS:
        op = REGISTRY[name]
        assert op.label.startswith(FAMILIES)
        family = ".".join(op.label.split(".")[:2])
        by_family.setdefault(family, set()).add(name)
    for family in ("auth.config", "contract.shape", "contract.serialization", "logic.business", "logic.state"):
        assert len(by_family.get(family, ())) >= 4, family


@pytest.mark.parametrize("name", OURS)
def test_mutants_on_every_claimed_stack_and_parse(apps, name):
    op = REGISTRY[name]
    assert op.summary and op.stacks
    for stack in op.stacks:
        mutants = _mutants(apps, name, stack)
        assert mutants, f"{name} makes no mutant on {stack}"
        for site, edit in mutants:
            assert site
            for path, text in edit.items():
                assert text is not None and text != apps[stack].files[path]
                ast.parse(text)


def test_families_cover_all_stacks():
    for prefix in ("auth.config", "contract", "logic"):
        stacks = {s for n in OURS if REGISTRY[n].label.startswith(prefix) for s in REGISTRY[n].stacks}
        assert stacks == set(STACKS), prefix


def _changed(apps, name, stack, needle, site_part=""):
    for site, edit in _mutants(apps, name, stack):
        if site_part in site and any(needle in text for text in edit.values()):
            return True
    return False


def test_specific_changes(apps):
    assert _changed(apps, "bearer_only_scheme", "flask_sqlalchemy", 'header.split("Bearer ")[1]')
    assert _changed(apps, "bearer_only_scheme", "fastapi_sqlalchemy_async", "HTTPBearer(auto_error=False)")
    assert _changed(apps, "auth_on_public_route", "django_orm", "@auth_required\ndef _list_tags")
    assert _changed(apps, "auth_on_public_route", "fastapi_sqlalchemy_async", "viewer: CurrentUser", "list_articles")
    assert _changed(apps, "token_not_verifiable", "aiohttp_raw_sql", 'algorithm="HS512"')
    assert _changed(apps, "password_check_broken", "fastapi_sqlalchemy_async", "user.password_hash != password")
    assert _changed(apps, "current_user_lookup_broken", "aiohttp_raw_sql", "user = request.app[USER_LOADER_KEY](")
    assert _changed(apps, "snake_case_response_key", "django_orm", '"articles_count": page.articles_count')
    assert _changed(apps, "wrong_json_type", "flask_sqlalchemy", '"tagList": ",".join(a.tag_list)')
    assert _changed(apps, "dto_as_response_model", "fastapi_sqlalchemy_async", "status_code=201, response_model=dict[str, ArticleDTO]")
    assert _changed(apps, "wrong_status_code", "flask_sqlalchemy", 'jsonify({"article": article_json(article)}), 200', "create_article")
    assert _changed(apps, "feed_not_filtered", "aiohttp_raw_sql", "ArticleFilter()")
    assert _changed(apps, "create_echoes_request", "fastapi_sqlalchemy_async", '(await json_body(request))["article"]')


def test_removal_operators_remove(apps):
    for _site, edit in _mutants(apps, "commit_missing", "flask_sqlalchemy"):
        ((path, text),) = edit.items()
        assert text.count("self.session.commit()") == apps["flask_sqlalchemy"].files[path].count("self.session.commit()") - 1
    for _site, edit in _mutants(apps, "identifier_dropped", "django_orm"):
        ((path, text),) = edit.items()
        assert '"slug": a.slug' not in text or '"id": c.id' not in text


def test_django_datetime_and_flask_dataclass_skipped():
    assert "django_orm" not in REGISTRY["datetime_not_encoded"].stacks
    assert "flask_sqlalchemy" not in REGISTRY["dto_not_serialised"].stacks
