"""Operators for ``structure.constraint``: the API still works, a stated constraint does not hold.

These mutants pass the contract suite; they fail only through the constraint verifier
(:mod:`rootcause.corpus.verify`), as in the study, where a run counted as failed when the
static verifier reported a violated constraint. Layering: a route reaches past the
services (repository, ORM session, SQL), or a repository imports a service. ORM: a
repository runs raw SQL text (not for the aiohttp app, whose design is raw SQL). Database:
the app connects to a hard-coded SQLite file although PostgreSQL is required (so those
mutants are built for the PostgreSQL runs only).
"""

from __future__ import annotations

from collections.abc import Iterator

import libcst as cst
import libcst.matchers as m

from rootcause.corpus.operators.base import ALL, SQLALCHEMY, AppSource, Edit, Mutant, operator
from rootcause.corpus.operators.startup import insert_after_imports

_DJANGO = "django_orm"
_ASYNC = ("fastapi_sqlalchemy_async", "aiohttp_raw_sql")


def _routes_dir(app: AppSource) -> str:
    return "conduit/views" if app.stack == _DJANGO else "conduit/routes"


def _handler(app: AppSource, name: str) -> str:
    return f"_{name}" if app.stack == _DJANGO else name


def _session(app: AppSource) -> str:
    """The expression a route passes to a service/repository constructor."""
    return {"flask_sqlalchemy": "get_session()", "fastapi_sqlalchemy_async": "session", "django_orm": "", "aiohttp_raw_sql": "db(request)"}[app.stack]


def _await(app: AppSource) -> str:
    return "await " if app.stack in _ASYNC else ""


def _respond(app: AppSource, body: str) -> str:
    return f"return jsonify({body}), 200" if app.stack == "flask_sqlalchemy" else f"return respond({body})"


class _Body(cst.CSTTransformer):
    """Replace (or prefix) the body of function ``name`` (a method when ``cls`` is given)."""

    def __init__(self, name: str, code: str, *, cls: str | None = None, prepend: bool = False) -> None:
        self.name, self.code, self.cls, self.prepend = name, code, cls, prepend
        self.inside = cls is None

    def visit_ClassDef(self, node):
        if self.cls is not None and node.name.value == self.cls:
            self.inside = True
        return True

    def leave_ClassDef(self, original, updated):
        if self.cls is not None and original.name.value == self.cls:
            self.inside = False
        return updated

    def leave_FunctionDef(self, original, updated):
        if not self.inside or original.name.value != self.name:
            return updated
        stmts = list(cst.parse_module(self.code).body)
        old = list(updated.body.body)
        if old and m.matches(old[0], m.SimpleStatementLine(body=[m.Expr(m.SimpleString())])):
            stmts, old = [old[0], *stmts], old[1:]
        new = [*stmts, *old] if self.prepend else stmts
        return updated.with_changes(body=updated.body.with_changes(body=new))


def _rewrite(app: AppSource, path: str, name: str, code: str, imports: list[str], *, cls: str | None = None, prepend: bool = False) -> str:
    text = app.module(path).visit(_Body(name, code, cls=cls, prepend=prepend)).code
    return insert_after_imports(text, imports) if imports else text


# ----------------------------------------------------------------------------- layering


@operator("route_calls_repository", "structure.constraint.layering", stacks=ALL)
def route_calls_repository(app: AppSource) -> Iterator[Mutant]:
    """A route imports a repository and calls it directly, skipping the services layer.

    Study: clean-architecture tasks where handlers reach into the data-access layer; the
    verifier reports the skip-level import although every request passes.
    """
    r, s, a = _routes_dir(app), _session(app), _await(app)
    path = f"{r}/tags.py"
    code = _respond(app, f'{{"tags": {a}TagRepository({s}).list_in_use()}}') + "\n"
    yield f"{path} list_tags -> TagRepository", {path: _rewrite(app, path, _handler(app, "list_tags"), code, ["from ..repositories import TagRepository"])}

    path = f"{r}/health.py"
    code = f"{a}HealthRepository({s}).ping()\n" + _respond(app, '{"status": "ok"}') + "\n"
    yield (
        f"{path} health_check -> HealthRepository",
        {path: _rewrite(app, path, _handler(app, "health_check"), code, ["from ..repositories import HealthRepository"])},
    )

    path = f"{r}/profiles.py"
    username = 'request.match_info["username"]' if app.stack == "aiohttp_raw_sql" else "username"
    code = f'if {a}UserRepository({s}).get_by_username({username}) is None:\n    raise NotFoundError("profile not found")\n'
    imports = ["from ..errors import NotFoundError", "from ..repositories import UserRepository"]
    yield f"{path} get_profile -> UserRepository", {path: _rewrite(app, path, _handler(app, "get_profile"), code, imports, prepend=True)}


_TAGS_SQL = "SELECT name FROM tags WHERE id IN (SELECT tag_id FROM article_tags) ORDER BY name"


@operator("route_queries_database", "structure.constraint.layering", stacks=ALL)
def route_queries_database(app: AppSource) -> Iterator[Mutant]:
    """A route queries the database itself (ORM query, session or connection), with no service or repository.

    Study: "no repositories/ or services/ module in the patch; handlers query the database
    directly", here for the tag list and the health check.
    """
    r = _routes_dir(app)
    tags, health = f"{r}/tags.py", f"{r}/health.py"
    name, hname = _handler(app, "list_tags"), _handler(app, "health_check")
    if app.stack in SQLALCHEMY:
        session = "get_session()" if app.stack == "flask_sqlalchemy" else "session"
        a = _await(app)
        code = (
            "stmt = select(Tag.name).where(Tag.id.in_(select(article_tags.c.tag_id))).order_by(Tag.name)\n"
            + _respond(app, f'{{"tags": list({a}{session}.scalars(stmt))}}')
            + "\n"
        )
        yield (
            f"{tags} list_tags queries the ORM",
            {tags: _rewrite(app, tags, name, code, ["from sqlalchemy import select", "from ..models import Tag, article_tags"])},
        )
        code = f'{a}{session}.execute(text("SELECT 1"))\n' + _respond(app, '{"status": "ok"}') + "\n"
        yield f"{health} health_check runs SELECT 1", {health: _rewrite(app, health, hname, code, ["from sqlalchemy import text"])}
    elif app.stack == _DJANGO:
        code = (
            'names = Tag.objects.filter(id__in=ArticleTag.objects.values("tag_id")).order_by("name").values_list("name", flat=True)\n'
            + _respond(app, '{"tags": list(names)}')
            + "\n"
        )
        yield f"{tags} _list_tags queries the ORM", {tags: _rewrite(app, tags, name, code, ["from ..models import ArticleTag, Tag"])}
        code = 'with connection.cursor() as cursor:\n    cursor.execute("SELECT 1")\n' + _respond(app, '{"status": "ok"}') + "\n"
        yield f"{health} _health_check runs SELECT 1", {health: _rewrite(app, health, hname, code, ["from django.db import connection"])}
    else:
        code = f'rows = await db(request).fetch_all("{_TAGS_SQL}")\n' + _respond(app, '{"tags": [r["name"] for r in rows]}') + "\n"
        yield f"{tags} list_tags runs SQL", {tags: _rewrite(app, tags, name, code, [])}
        code = 'await db(request).fetch_one("SELECT 1 AS ok")\n' + _respond(app, '{"status": "ok"}') + "\n"
        yield f"{health} health_check runs SQL", {health: _rewrite(app, health, hname, code, [])}


@operator("repository_imports_service", "structure.constraint.layering", stacks=ALL)
def repository_imports_service(app: AppSource) -> Iterator[Mutant]:
    """A repository imports from the services layer (an upward dependency).

    Study: layering violations the verifier reports as "repositories import services",
    typically to reuse validation or DTO helpers.
    """
    path = "conduit/repositories/tag_repository.py"
    code = "names = tag_list(names)\n"
    yield (
        f"{path} imports services.validation",
        {path: _rewrite(app, path, "get_or_create_many", code, ["from ..services.validation import tag_list"], cls="TagRepository", prepend=True)},
    )

    path = "conduit/repositories/user_repository.py"
    method = (
        "\n    def profile(self, user, following: bool):\n"
        '        """The public profile of ``user`` (imported here to dodge the import cycle)."""\n'
        "        from ..services.user_service import profile_of\n\n"
        "        return profile_of(user, following)\n"
    )
    text = app.files[path].rstrip("\n") + "\n" + method
    yield f"{path} imports services.user_service", {path: text}


# ----------------------------------------------------------------------------- ORM


def _raw_sql_sites(app: AppSource) -> list[tuple[str, str, str, str, list[str]]]:
    """(path, class, method, new body, imports) per stack."""
    tags, users = "conduit/repositories/tag_repository.py", "conduit/repositories/user_repository.py"
    if app.stack == _DJANGO:
        imp = ["from django.db import connection"]
        return [
            (
                tags,
                "TagRepository",
                "list_in_use",
                f'with connection.cursor() as cursor:\n    cursor.execute("{_TAGS_SQL}")\n    return [row[0] for row in cursor.fetchall()]\n',
                imp,
            ),
            (
                users,
                "UserRepository",
                "is_following",
                'with connection.cursor() as cursor:\n    cursor.execute(\n        "SELECT 1 FROM follows WHERE from_user_id = %s AND to_user_id = %s", [follower_id, followed_id]\n    )\n'
                "    return cursor.fetchone() is not None\n",
                imp,
            ),
            (
                users,
                "UserRepository",
                "unfollow",
                'with connection.cursor() as cursor:\n    cursor.execute("DELETE FROM follows WHERE from_user_id = %s AND to_user_id = %s", [follower.id, followed.id])\n',
                imp,
            ),
            (
                users,
                "UserRepository",
                "get_by_username",
                'return next(iter(User.objects.raw("SELECT * FROM users WHERE username = %s", [username])), None)\n',
                [],
            ),
        ]
    a = _await(app)
    imp = ["from sqlalchemy import text"]
    return [
        (tags, "TagRepository", "list_in_use", f'return list({a}self.session.scalars(text("{_TAGS_SQL}")))\n', imp),
        (
            users,
            "UserRepository",
            "is_following",
            f'row = ({a}self.session.execute(\n    text("SELECT 1 FROM follows WHERE follower_id = :a AND followed_id = :b"),\n    {{"a": follower_id, "b": followed_id}},\n)).first()\nreturn row is not None\n',
            imp,
        ),
        (
            users,
            "UserRepository",
            "unfollow",
            f'{a}self.session.execute(\n    text("DELETE FROM follows WHERE follower_id = :a AND followed_id = :b"),\n    {{"a": follower_id, "b": followed_id}},\n)\n',
            imp,
        ),
        (
            users,
            "UserRepository",
            "get_by_username",
            f'stmt = select(User).from_statement(text("SELECT * FROM users WHERE username = :u"))\nreturn ({a}self.session.scalars(stmt, {{"u": username}})).first()\n',
            imp,
        ),
    ]


@operator("raw_sql_in_repository", "structure.constraint.orm", stacks=("flask_sqlalchemy", "fastapi_sqlalchemy_async", "django_orm"))
def raw_sql_in_repository(app: AppSource) -> Iterator[Mutant]:
    """A repository method runs hand-written SQL text instead of an ORM query.

    Study: "queries written as SQL strings through the bare driver" on tasks that require
    the ORM; the verifier finds the raw SQL even though the results are right.
    """
    for path, cls, method, code, imports in _raw_sql_sites(app):
        if path in app.files:
            yield f"{path} {cls}.{method} raw SQL", {path: _rewrite(app, path, method, code, imports, cls=cls)}


# ----------------------------------------------------------------------------- database


def _sub(app: AppSource, path: str, old: str, new: str) -> Edit | None:
    text = app.files.get(path)
    if text is None or old not in text:
        return None
    return {path: text.replace(old, new, 1)}


@operator("hardcoded_sqlite", "structure.constraint.database", stacks=ALL, databases=("postgres",))
def hardcoded_sqlite(app: AppSource) -> Iterator[Mutant]:
    """The app connects to a hard-coded SQLite file and ignores DATABASE_URL, although PostgreSQL is required.

    Study: "Task ...-postgres: the code uses a conduit.db file; the verifier reports no
    Postgres usage" (the API works, on the wrong database).
    """
    sites: list[tuple[str, str, str]] = []
    if app.stack == _DJANGO:
        settings = "conduit_project/settings.py"
        old = 'DATABASES = {"default": database_from_url(os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL)}'
        sites += [
            (
                settings,
                old,
                'DATABASES = {\n    "default": {"ENGINE": "django.db.backends.sqlite3", "NAME": BASE_DIR / "db.sqlite3", "ATOMIC_REQUESTS": True}\n}',
            ),
            (settings, old, 'DATABASES = {"default": database_from_url(DEFAULT_DATABASE_URL)}'),
        ]
    else:
        sites.append(("conduit/config.py", 'database_url=os.environ.get("DATABASE_URL") or DEFAULT_DATABASE_URL', "database_url=DEFAULT_DATABASE_URL"))
        if app.stack == "aiohttp_raw_sql":
            sites.append(("app.py", "Database(config.database_url,", 'Database("sqlite:///conduit.db",'))
        else:
            sites.append(("app.py", "db.init_db(config.database_url,", 'db.init_db("sqlite:///./conduit.db",'))
            sites.append(("conduit/db.py", "_engine = make_engine(url, echo=echo)", '_engine = make_engine("sqlite:///conduit.db", echo=echo)'))
    for path, old, new in sites:
        edit = _sub(app, path, old, new)
        if edit is not None:
            yield f"{path} {new.strip().splitlines()[0][:60]}", edit
