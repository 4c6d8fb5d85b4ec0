"""Cross-file reference and syntax checks on small layered projects given as {path: text}."""

from __future__ import annotations

import pytest

from rootcause.code import Project, analyze_project

REPO = {
    "app.py": "from src.routes.users import bp\n\n\ndef create_app():\n    return bp\n",
    "src/__init__.py": "",
    "src/routes/__init__.py": "",
    "src/routes/users.py": (
        "from src.services.user_service import UserService\n"
        "from src.services import user_service\n"
        "\n"
        "bp = object()\n"
        "\n"
        "\n"
        "def get_user(user_id):\n"
        "    service = UserService(repo=None)\n"
        "    user = service.find(user_id)\n"
        "    return user_service.to_profile(user, viewer=None)\n"
    ),
    "src/services/__init__.py": "",
    "src/services/user_service.py": (
        "from src.repositories.user_repository import UserRepository\n"
        "\n"
        "\n"
        "class UserService:\n"
        "    def __init__(self, repo=None):\n"
        "        self.repo = repo or UserRepository()\n"
        "\n"
        "    def find(self, user_id):\n"
        "        return self.repo.get_by_id(user_id)\n"
        "\n"
        "\n"
        "def to_profile(user, viewer=None):\n"
        "    return {'username': user, 'following': viewer is not None}\n"
    ),
    "src/repositories/__init__.py": "",
    "src/repositories/user_repository.py": (
        "class UserRepository:\n    def __init__(self):\n        self.rows = {}\n\n    def get_by_id(self, user_id):\n        return self.rows.get(user_id)\n"
    ),
}


def defects(files: dict[str, str]) -> list[tuple[str, str, int]]:
    return [(f.rule, f.path, f.line) for f in analyze_project(Project.from_files(files)) if f.level == "defect"]


def variant(path: str, old: str, new: str) -> dict[str, str]:
    files = dict(REPO)
    assert old in files[path], f"{old!r} not in {path}"
    files[path] = files[path].replace(old, new)
    return files


def test_clean_project_has_no_defects():
    assert defects(REPO) == []


@pytest.mark.parametrize(
    ("path", "old", "new", "expected"),
    [
        # a class renamed in one file only
        ("src/repositories/user_repository.py", "class UserRepository:", "class UsersRepository:", ("XF102", "src/services/user_service.py", 1)),
        # a module that does not exist
        (
            "src/services/user_service.py",
            "from src.repositories.user_repository import",
            "from src.repositories.users import",
            ("XF101", "src/services/user_service.py", 1),
        ),
        # a function of a project module that does not exist
        ("src/routes/users.py", "user_service.to_profile(", "user_service.to_profile_dict(", ("XF103", "src/routes/users.py", 10)),
        # a method the class never defines, on an instance made in the same function
        ("src/routes/users.py", "service.find(user_id)", "service.find_user(user_id)", ("XF104", "src/routes/users.py", 9)),
        # self.attr never defined in the class
        ("src/services/user_service.py", "self.repo.get_by_id", "self.repository.get_by_id", ("XF104", "src/services/user_service.py", 9)),
        # a keyword the callee does not take
        ("src/routes/users.py", "UserService(repo=None)", "UserService(repository=None)", ("XF105", "src/routes/users.py", 8)),
        # a required argument missing (method call)
        ("src/services/user_service.py", "def find(self, user_id):", "def find(self, user_id, viewer):", ("XF105", "src/routes/users.py", 9)),
        # a forgotten import: the name is defined in another file
        ("src/services/user_service.py", "from src.repositories.user_repository import UserRepository\n", "", ("XF106", "src/services/user_service.py", 5)),
        # a syntax error, with CPython's position
        (
            "src/repositories/user_repository.py",
            "def get_by_id(self, user_id):",
            "def get_by_id(self, user_id)",
            ("SY001", "src/repositories/user_repository.py", 5),
        ),
    ],
    ids=[
        "renamed-class",
        "missing-module",
        "module-attribute",
        "instance-method",
        "self-attribute",
        "unexpected-keyword",
        "missing-argument",
        "forgotten-import",
        "syntax",
    ],
)
def test_seeded_defect_is_found_exactly(path, old, new, expected):
    found = defects(variant(path, old, new))
    assert expected in found
    assert len(found) == 1, found


def test_messages_name_what_exists_instead():
    (finding,) = [
        f
        for f in analyze_project(Project.from_files(variant("src/repositories/user_repository.py", "class UserRepository:", "class UsersRepository:")))
        if f.level == "defect"
    ]
    assert finding.root_cause == "xfile.reference.import"
    assert "UsersRepository" in finding.message and finding.column == 1


def test_circular_import_used_at_module_level():
    files = {
        "src/__init__.py": "",
        "src/a.py": "from src.b import helper_b\n\n\ndef helper_a():\n    return helper_b()\n",
        "src/b.py": "from src.a import helper_a\n\n\ndef helper_b():\n    return 1\n",
    }
    found = [f for f in analyze_project(Project.from_files(files)) if f.rule == "XF107"]
    assert found and all(f.root_cause == "xfile.reference.circular_import" for f in found)


def test_cycle_of_whole_module_imports_used_in_functions_is_fine():
    files = {
        "src/__init__.py": "",
        "src/a.py": "import src.b\n\n\ndef helper_a():\n    return src.b.helper_b()\n",
        "src/b.py": "import src.a\n\n\ndef helper_b():\n    return src.a.helper_a\n",
    }
    assert not [f for f in analyze_project(Project.from_files(files)) if f.rule == "XF107"]


def test_imports_resolve_from_a_source_root():
    """Code run from src/ imports ``routes.users``; the project root is one level up."""
    files = {"src/main.py": "from routes.users import router\n", "src/routes/__init__.py": "", "src/routes/users.py": "router = None\n"}
    assert defects(files) == []
    files["src/main.py"] = "from routes.users import user_router\n"
    assert defects(files) == [("XF102", "src/main.py", 1)]


def test_relative_imports():
    files = {
        "pkg/__init__.py": "from .models import User\n",
        "pkg/models.py": "class User:\n    pass\n",
        "pkg/views.py": "from . import models\nfrom .models import User\n\n\ndef f():\n    return models.User, User\n",
    }
    assert defects(files) == []
    files["pkg/views.py"] = "from .model import User\n"
    assert defects(files) == [("XF101", "pkg/views.py", 1)]


@pytest.mark.parametrize(
    "text",
    [
        "import jwt\nfrom flask import Flask\n",  # third-party imports are not the project's to judge
        "try:\n    from src.missing import x\nexcept ImportError:\n    x = None\n",  # guarded import
        "from src.repositories.user_repository import *\n\n\ndef f():\n    return UserRepository\n",  # star import
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from src.nothing import Thing\n",
    ],
    ids=["third-party", "guarded", "star-import", "type-checking"],
)
def test_what_the_code_leaves_open_is_not_reported(text):
    files = dict(REPO)
    files["src/extra.py"] = text
    assert defects(files) == []


def test_foreign_base_classes_keep_attribute_checks_silent():
    files = dict(REPO)
    files["src/models.py"] = (
        "from pydantic import BaseModel\n\n\nclass User(BaseModel):\n    name: str\n\n    def label(self):\n        return self.model_dump()\n"
    )
    assert defects(files) == []


def test_a_file_that_does_not_parse_does_not_hide_other_findings():
    files = variant("src/routes/users.py", "service.find(user_id)", "service.find_user(user_id)")
    files["src/broken.py"] = "def f(:\n    pass\n"
    found = defects(files)
    assert ("XF104", "src/routes/users.py", 9) in found
    assert any(rule == "SY001" and path == "src/broken.py" for rule, path, _ in found)


def test_graph_is_queryable():
    project = Project.from_files(REPO)
    graph = project.graph
    assert graph.has_edge("src.routes.users", "src.services.user_service")
    assert graph.nodes["src.services.user_service"]["kind"] == "module"
    assert graph.has_edge("src.services.user_service", "src.services.user_service:UserService")
    assert graph.has_edge("src.routes.users", "src.services.user_service:UserService")


def test_call_through_an_attribute_set_in_init():
    files = {
        "svc.py": "from repo import ArticleRepository\n\n\nclass ArticleService:\n    def __init__(self):\n        self.articles = ArticleRepository()\n\n    def create(self, title):\n        return self.articles.create(title, tags=[])\n",
        "repo.py": "class ArticleRepository:\n    def create(self, title, tag_list=None):\n        return title\n",
    }
    assert defects(files) == [("XF105", "svc.py", 9)]
    files["svc.py"] = files["svc.py"].replace("tags=[]", "tag_list=[]")
    assert defects(files) == []


def test_every_use_of_a_forgotten_name_is_reported():
    files = {"a.py": "def make():\n    return Helper()\n\n\ndef again():\n    return Helper()\n", "b.py": "class Helper:\n    pass\n"}
    assert defects(files) == [("XF106", "a.py", 2), ("XF106", "a.py", 6)]
