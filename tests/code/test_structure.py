"""Structure checks (ST401-ST405): layers, database and ORM constraints on small projects given as {path: text}."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from rootcause.code import Project, analyze_project
from rootcause.code.structure import check_structure, constraints_from_task, layer_of_path, project_layers
from rootcause.taxonomy import load_taxonomy

ALL = ("clean_architecture", "postgres", "sqlalchemy")

LAYERED = {
    "requirements.txt": "fastapi>=0.110\nuvicorn\nsqlalchemy>=2.0\npsycopg2-binary\n",
    "app/__init__.py": "",
    "app/main.py": (
        "from fastapi import FastAPI\n"
        "from app.routes.users import router\n"
        "from app.db.session import engine\n"
        "from app.models.user import Base\n"
        "\n"
        "app = FastAPI()\n"
        "app.include_router(router, prefix='/api')\n"
        "Base.metadata.create_all(bind=engine)\n"
    ),
    "app/db/__init__.py": "",
    "app/db/session.py": (
        "import os\n"
        "from sqlalchemy import create_engine\n"
        "from sqlalchemy.orm import sessionmaker\n"
        "\n"
        "DATABASE_URL = os.getenv('DATABASE_URL', 'postgresql://user:password@postgres:5432/conduit')\n"
        "engine = create_engine(DATABASE_URL)\n"
        "SessionLocal = sessionmaker(bind=engine)\n"
    ),
    "app/models/__init__.py": "",
    "app/models/user.py": (
        "from sqlalchemy import Column, Integer, String\n"
        "from sqlalchemy.orm import declarative_base\n"
        "\n"
        "Base = declarative_base()\n"
        "\n"
        "\n"
        "class User(Base):\n"
        "    __tablename__ = 'users'\n"
        "    id = Column(Integer, primary_key=True)\n"
        "    username = Column(String, unique=True)\n"
    ),
    "app/schemas/__init__.py": "",
    "app/schemas/user.py": "from pydantic import BaseModel\n\n\nclass UserOut(BaseModel):\n    username: str\n",
    "app/repositories/__init__.py": "",
    "app/repositories/user_repository.py": (
        "from app.models.user import User\n"
        "\n"
        "\n"
        "class UserRepository:\n"
        "    def __init__(self, session):\n"
        "        self.session = session\n"
        "\n"
        "    def get(self, username):\n"
        "        return self.session.query(User).filter_by(username=username).first()\n"
    ),
    "app/services/__init__.py": "",
    "app/services/user_service.py": (
        "from app.repositories.user_repository import UserRepository\n"
        "\n"
        "\n"
        "class UserService:\n"
        "    def __init__(self, session):\n"
        "        self.repo = UserRepository(session)\n"
        "\n"
        "    def profile(self, username):\n"
        "        return self.repo.get(username)\n"
    ),
    "app/routes/__init__.py": "",
    "app/routes/users.py": (
        "from fastapi import APIRouter\n"
        "from app.db.session import SessionLocal\n"
        "from app.schemas.user import UserOut\n"
        "from app.services.user_service import UserService\n"
        "\n"
        "router = APIRouter()\n"
        "\n"
        "\n"
        "@router.get('/profiles/{username}', response_model=UserOut)\n"
        "def get_profile(username: str):\n"
        "    return UserService(SessionLocal()).profile(username)\n"
    ),
}


def findings(files: dict[str, str], constraints=ALL, level: str | None = "defect") -> list[tuple[str, str, int]]:
    return [(f.rule, f.path, f.line) for f in check_structure(Project.from_files(files), constraints) if level is None or f.level == level]


def edit(files: dict[str, str], path: str, old: str, new: str) -> dict[str, str]:
    out = dict(files)
    assert old in out[path], f"{old!r} not in {path}"
    out[path] = out[path].replace(old, new)
    return out


def without(files: dict[str, str], *prefixes: str) -> dict[str, str]:
    return {p: t for p, t in files.items() if not p.startswith(prefixes)}


# constraints ----------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("uv-fastapi-openapi-clean_architecture-postgres-sqlalchemy", {"clean_architecture", "postgres", "sqlalchemy"}),
        ("fastapi-openapi-clean_architecture-postgres-sqlalchemy", {"clean_architecture", "postgres", "sqlalchemy"}),
        ("tasks/node-koa-openapi-sqlite-sequelize.json", {"sqlite", "sequelize"}),
        ("flask-openapi-sqlite", {"sqlite"}),
        ("django-openapi-unconstrained", set()),
        ("aiohttp-openapi-clean_architecture", {"clean_architecture"}),
    ],
)
def test_constraints_from_task_names(name, expected):
    assert constraints_from_task(name) == expected


def test_a_task_name_can_stand_for_the_constraints():
    project = Project.from_files(without(LAYERED, "app/repositories"))
    assert [f.rule for f in check_structure(project, "fastapi-openapi-clean_architecture-postgres")] == ["ST401"]


# layers ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("path", "layer"),
    [
        ("app/api/routes/users.py", "routes"),
        ("src/handlers/user_handlers.py", "routes"),
        ("conduit/views.py", "routes"),
        ("conduit/urls.py", "routes"),
        ("app/domain/services/users.py", "services"),
        ("app/use_cases/create_user.py", "services"),
        ("user_service.py", "services"),
        ("app/infrastructure/user_repo.py", "repositories"),
        ("crud.py", "repositories"),
        ("app/db/models.py", "models"),
        ("app/schemas/user.py", "models"),
        ("app/domain/article.py", "models"),
        ("conduit/serializers.py", "models"),
        # set-up, composition root and tests belong to no layer
        ("app/db/session.py", None),
        ("app/infrastructure/database.py", None),
        ("app/api/deps.py", None),
        ("app/main.py", None),
        ("database.py", None),
        ("tests/test_users.py", None),
    ],
)
def test_layer_of_path(path, layer):
    assert layer_of_path(path) == layer


def test_a_layered_project_that_keeps_every_constraint_has_no_findings():
    assert findings(LAYERED) == []
    assert list(project_layers(Project.from_files(LAYERED))) == ["routes", "services", "repositories", "models"]


def test_missing_repositories_points_at_the_service_touching_the_database():
    files = without(LAYERED, "app/repositories")
    files["app/services/user_service.py"] = (
        "from app.models.user import User\n"
        "\n"
        "\n"
        "class UserService:\n"
        "    def __init__(self, session):\n"
        "        self.session = session\n"
        "\n"
        "    def profile(self, username):\n"
        "        return self.session.query(User).filter_by(username=username).first()\n"
    )
    [finding] = check_structure(Project.from_files(files), ALL)
    assert (finding.rule, finding.root_cause, finding.path, finding.line) == ("ST401", "structure.constraint.layering", "app/services/user_service.py", 9)
    assert "missing: repositories" in finding.message
    assert "layers found: 3/4 (routes, services, models)" in finding.facts


def test_a_flat_project_has_no_layers():
    files = {"app.py": "from flask import Flask\n\napp = Flask(__name__)\n", "database.py": "import sqlalchemy\nURL = 'postgresql://u:p@postgres/conduit'\n"}
    [finding] = check_structure(Project.from_files(files), ALL)
    assert finding.rule == "ST401" and finding.path == "app.py" and "0/4 layers" in finding.message


def test_an_empty_layer_package_does_not_count():
    files = without(LAYERED, "app/repositories/user_repository.py")
    files["app/services/user_service.py"] = "class UserService:\n    pass\n"
    [finding] = check_structure(Project.from_files(files), ALL)
    assert finding.rule == "ST401" and "missing: repositories" in finding.message
    assert any("empty layer package(s): app/repositories" in fact for fact in finding.facts)


def test_layering_is_not_required_without_clean_architecture():
    assert findings(without(LAYERED, "app/repositories", "app/services"), ("postgres", "sqlalchemy")) == []


@pytest.mark.parametrize(
    ("path", "old", "new", "line", "words"),
    [
        # a repository reaching up to a service
        (
            "app/repositories/user_repository.py",
            "from app.models.user import User\n",
            "from app.models.user import User\nfrom app.services.user_service import UserService\n",
            2,
            "above it",
        ),
        # a model importing a repository, inside a function
        (
            "app/models/user.py",
            "    username = Column(String, unique=True)\n",
            "    username = Column(String, unique=True)\n\n    def save(self):\n        from app.repositories import user_repository\n",
            13,
            "above it",
        ),
        # a route skipping the service layer
        (
            "app/routes/users.py",
            "from app.services.user_service import UserService\n",
            "from app.services.user_service import UserService\nfrom app.repositories.user_repository import UserRepository\n",
            5,
            "skipping services",
        ),
        # relative import of the routes package from a service
        (
            "app/services/user_service.py",
            "from app.repositories.user_repository import UserRepository\n",
            "from app.repositories.user_repository import UserRepository\nfrom ..routes import users\n",
            2,
            "above it",
        ),
    ],
)
def test_upward_and_skip_level_imports_are_reported_at_the_import(path, old, new, line, words):
    [finding] = check_structure(Project.from_files(edit(LAYERED, path, old, new)), ALL)
    assert (finding.rule, finding.path, finding.line, finding.level) == ("ST402", path, line, "defect")
    assert words in finding.message


def test_without_constraints_upward_imports_are_remarks_in_a_clearly_layered_project():
    files = edit(
        LAYERED,
        "app/repositories/user_repository.py",
        "from app.models.user import User\n",
        "from app.models.user import User\nfrom app.services.user_service import UserService\n",
    )
    [finding] = check_structure(Project.from_files(files))
    assert (finding.rule, finding.level) == ("ST402", "remark")
    # two layers are not "clearly layered": nothing to say
    flat = {"models.py": "from services import helper\n", "services.py": "def helper():\n    return 1\n"}
    assert check_structure(Project.from_files(flat)) == []


def test_composition_root_and_schemas_may_import_anything():
    files = dict(LAYERED)
    files["app/api/deps.py"] = "from app.repositories.user_repository import UserRepository\nfrom app.services.user_service import UserService\n"
    files["app/schemas/user.py"] += "from app.models.user import User\n"
    assert findings(files) == []


# database -------------------------------------------------------------------------------------------
SQLITE_URL = "DATABASE_URL = os.getenv('DATABASE_URL', 'sqlite:///./conduit.db')"
PG_URL = "DATABASE_URL = os.getenv('DATABASE_URL', 'postgresql://user:password@postgres:5432/conduit')"


def test_postgres_required_but_the_code_connects_to_sqlite():
    files = edit(LAYERED, "app/db/session.py", PG_URL, SQLITE_URL)
    [finding] = check_structure(Project.from_files(files), ALL)
    assert (finding.rule, finding.root_cause, finding.path, finding.line) == ("ST403", "structure.constraint.database", "app/db/session.py", 5)
    assert "PostgreSQL required" in finding.message
    # psycopg2 in requirements.txt does not help when the code's URL is sqlite
    assert any("only in dependencies" in fact and "psycopg2-binary" in fact for fact in finding.facts)


def test_postgres_required_with_no_database_at_all():
    files = {"main.py": "from fastapi import FastAPI\n\napp = FastAPI()\nUSERS = {}\n"}
    [finding] = check_structure(Project.from_files(files), ("postgres",))
    assert (finding.rule, finding.path, finding.line) == ("ST403", "main.py", 1)
    assert "no PostgreSQL driver" in finding.message


def test_a_postgres_driver_in_requirements_with_the_url_from_the_environment_is_enough():
    files = edit(LAYERED, "app/db/session.py", PG_URL, "DATABASE_URL = os.environ['DATABASE_URL']")
    assert findings(files) == []
    # but without the dependency there is no evidence at all
    files["requirements.txt"] = "fastapi\nsqlalchemy\n"
    assert [f[0] for f in findings(files)] == ["ST403"]


def test_sqlite_required_but_asyncpg_used():
    files = {
        "main.py": "from aiohttp import web\nfrom db import pool\n",
        "db.py": "import asyncpg\n\n\nasync def pool():\n    return await asyncpg.create_pool(dsn='postgres://u:p@localhost/db')\n",
    }
    [finding] = check_structure(Project.from_files(files), ("sqlite",))
    assert (finding.rule, finding.path, finding.line) == ("ST403", "db.py", 1)


def test_django_settings_engines_are_read():
    settings = "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3', 'NAME': 'db.sqlite3'}}\n"
    files = {"conduit/settings.py": settings, "manage.py": "import django\n"}
    assert findings(files, ("sqlite",)) == []
    assert [f[0] for f in findings(files, ("postgres",))] == ["ST403"]
    files["conduit/settings.py"] = settings.replace("sqlite3", "postgresql")
    assert findings(files, ("postgres",)) == []


def test_commented_urls_and_tests_are_not_evidence():
    files = edit(LAYERED, "app/db/session.py", PG_URL, "# was: sqlite:///./x.db\n" + PG_URL)
    files["tests/conftest.py"] = "import sqlite3\nURL = 'sqlite://'\n"
    assert findings(files) == []
    assert [f[0] for f in findings(files, ("clean_architecture", "sqlite", "sqlalchemy"))] == ["ST403"]


# ORM ------------------------------------------------------------------------------------------------
RAW = {
    "app.py": "from flask import Flask\nfrom routes import bp\n\napp = Flask(__name__)\napp.register_blueprint(bp)\n",
    "routes.py": "from flask import Blueprint\nfrom repository import get_user\n\nbp = Blueprint('api', __name__)\n",
    "repository.py": (
        "import sqlite3\n"
        "\n"
        "DB = 'conduit.db'\n"
        "\n"
        "\n"
        "def get_user(username):\n"
        "    conn = sqlite3.connect(DB)\n"
        "    cur = conn.cursor()\n"
        "    cur.execute('SELECT id, username FROM users WHERE username = ?', (username,))\n"
        "    return cur.fetchone()\n"
    ),
}


def test_sqlalchemy_required_but_raw_sql_through_sqlite3():
    got = check_structure(Project.from_files(RAW), ("sqlite", "sqlalchemy"))
    assert [(f.rule, f.root_cause, f.path, f.line) for f in got] == [
        ("ST404", "structure.constraint.orm", "repository.py", 1),
        ("ST405", "structure.constraint.orm", "repository.py", 9),
    ]
    assert "sqlite3 driver" in got[0].message
    assert any("SELECT id, username FROM users" in fact for fact in got[1].facts)
    # without the ORM constraint, sqlite3 is what an sqlite task may use
    assert check_structure(Project.from_files(RAW), ("sqlite",)) == []


def test_raw_sql_next_to_sqlalchemy_is_still_reported():
    files = dict(LAYERED)
    files["app/repositories/tag_repository.py"] = (
        "import psycopg2\n"
        "\n"
        "\n"
        "def all_tags(conn):\n"
        "    with conn.cursor() as cur:\n"
        "        cur.execute(\n"
        "            'SELECT name FROM tags ORDER BY name'\n"
        "        )\n"
        "        return [r[0] for r in cur.fetchall()]\n"
    )
    assert findings(files) == [("ST405", "app/repositories/tag_repository.py", 6)]


def test_sqlalchemy_text_is_not_raw_driver_sql():
    files = dict(LAYERED)
    files["app/db/health.py"] = "from sqlalchemy import text\n\n\ndef ping(session):\n    session.execute(text('SELECT 1'))\n"
    assert findings(files) == []


def test_django_orm_instead_of_sqlalchemy():
    files = {
        "manage.py": "import os\n",
        "conduit/settings.py": "DATABASES = {'default': {'ENGINE': 'django.db.backends.sqlite3'}}\n",
        "conduit/models.py": "from django.db import models\n\n\nclass Article(models.Model):\n    title = models.CharField(max_length=200)\n",
    }
    [finding] = check_structure(Project.from_files(files), ("sqlite", "sqlalchemy"))
    assert (finding.rule, finding.path, finding.line) == ("ST404", "conduit/models.py", 1)
    assert "Django ORM" in finding.message


def test_sqlalchemy_only_in_requirements_is_not_use():
    files = {"requirements.txt": "flask\nSQLAlchemy>=2\n", "app.py": "from flask import Flask\n\nUSERS = {}\n"}
    [finding] = check_structure(Project.from_files(files), ("sqlalchemy",))
    assert finding.rule == "ST404" and any("only in dependencies" in fact for fact in finding.facts)


# the rest -------------------------------------------------------------------------------------------
def test_a_node_project_gets_no_python_structure_findings():
    files = {"package.json": '{"dependencies": {"sequelize": "^6"}}', "src/index.js": "const x = 1;\n"}
    assert check_structure(Project.from_files(files), ("clean_architecture", "postgres", "sequelize")) == []


def test_analyze_project_passes_constraints_through():
    files = edit(LAYERED, "app/db/session.py", PG_URL, SQLITE_URL)
    rules = {f.rule for f in analyze_project(Project.from_files(files), ALL)}
    assert "ST403" in rules
    assert "ST403" not in {f.rule for f in analyze_project(Project.from_files(files))}


# the seeded benchmark projects ----------------------------------------------------------------------
SEEDED = Path(__file__).resolve().parent / "seeded"
KINDS = {
    "import-error": "xfile.reference.import",
    "no-name-in-module": "xfile.reference.import",
    "no-member": "xfile.reference.attribute",
    "unexpected-keyword-arg": "xfile.reference.signature",
    "no-value-for-parameter": "xfile.reference.signature",
    "cyclic-import": "xfile.reference.circular_import",
    "undefined-name": "xfile.reference.undefined_name",
}


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDED.iterdir() if p.is_dir()))
def test_seeded_projects_are_well_formed(name):
    """Each seeded defect names a real line of a real file, a known kind and its taxonomy id."""
    folder = SEEDED / name / "project"
    doc = yaml.safe_load((SEEDED / name / "expected.yaml").read_text(encoding="utf-8"))
    assert doc["summary"] and isinstance(doc["defects"], list)
    assert 5 <= len(list(folder.rglob("*.py"))) <= 15
    for defect in doc["defects"]:
        assert KINDS[defect["kind"]] == defect["root_cause"]
        assert defect["root_cause"] in load_taxonomy()
        lines = (folder / defect["path"]).read_text(encoding="utf-8").splitlines()
        assert 1 <= defect["line"] <= len(lines) and lines[defect["line"] - 1].strip()
        for path in defect.get("cycle", ()):
            assert (folder / path).is_file()


@pytest.mark.parametrize(
    ("name", "constraints"),
    [
        ("flask_clean", ("clean_architecture", "sqlite", "sqlalchemy")),
        ("fastapi_clean", ("clean_architecture", "postgres", "sqlalchemy")),
        ("aiohttp_clean", ("clean_architecture", "sqlite")),
    ],
)
def test_seeded_layered_apps_keep_their_constraints(name, constraints):
    project = Project.from_path(SEEDED / name / "project")
    assert check_structure(project, constraints) == []
    assert list(project_layers(project)) == ["routes", "services", "repositories", "models"]


def test_seeded_apps_under_the_other_database_are_caught():
    flask = Project.from_path(SEEDED / "flask_clean" / "project")
    assert [(f.rule, f.path, f.line) for f in check_structure(flask, ("postgres",))] == [("ST403", "conduit/database.py", 6)]
    django = Project.from_path(SEEDED / "django_clean" / "project")
    rules = [(f.rule, f.path) for f in check_structure(django, ("clean_architecture", "postgres", "sqlalchemy"))]
    # services write through the Django ORM themselves: no repositories layer, wrong database, wrong ORM
    assert rules == [("ST401", "articles/services.py"), ("ST403", "conduit/settings.py"), ("ST404", "articles/models.py")]
