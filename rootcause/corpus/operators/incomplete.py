"""Operators for ``incomplete.endpoint``: required endpoints never written, or only stubbed.

Handlers are found per stack: decorated functions in Flask/FastAPI route modules, the
functions listed in an aiohttp module's ``ROUTES``, and the ``_handlers`` a Django view
module passes to ``methods(...)``. Deleting a handler also deletes its registration (the
``ROUTES`` entry, the ``methods`` keyword, the ``urls.py`` path when nothing is left), so
the endpoint is simply absent, as when an agent never wrote it.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import cast

import libcst as cst
import libcst.matchers as m

from rootcause.corpus.operators.base import ALL, AppSource, Mutant, operator

_DJANGO = "django_orm"


def _routes_dir(app: AppSource) -> str:
    return "conduit/views" if app.stack == _DJANGO else "conduit/routes"


def _registry(app: AppSource) -> str:
    return "conduit_project/urls.py" if app.stack == _DJANGO else f"{_routes_dir(app)}/__init__.py"


def handler_name(app: AppSource, endpoint: str) -> str:
    """The function name of an endpoint's handler (Django's handlers carry a leading ``_``)."""
    return f"_{endpoint}" if app.stack == _DJANGO else endpoint


def find_handler(app: AppSource, endpoint: str) -> str | None:
    """The route module defining the handler of ``endpoint``."""
    name = handler_name(app, endpoint)
    for path in app.paths(f"{_routes_dir(app)}/*.py"):
        if app.defines(path, name):
            return path
    return None


def _refers(node: cst.CSTNode, names: set[str], attrs: set[tuple[str, str]], modules: set[str]) -> bool:
    """Does ``node`` mention one of ``names``, ``module.attr`` pairs, or anything of ``modules``?"""
    for hit in m.findall(node, m.Name() | m.Attribute(value=m.Name(), attr=m.Name())):
        if isinstance(hit, cst.Name) and hit.value in names:
            return True
        if isinstance(hit, cst.Attribute):
            mod, attr = cast(cst.Name, hit.value).value, hit.attr.value  # the matcher: value=m.Name()
            if (mod, attr) in attrs or mod in modules:
                return True
    return False


class _Remove(cst.CSTTransformer):
    """Remove functions named ``names`` and every list element / keyword / import alias naming them."""

    def __init__(self, names=(), attrs=(), modules=()) -> None:
        self.names, self.attrs, self.modules = set(names), set(attrs), set(modules)
        self.emptied: list[str] = []  # Django: ``x = methods()`` assignments that lost every handler

    def _hit(self, node: cst.CSTNode) -> bool:
        return _refers(node, self.names, self.attrs, self.modules)

    def leave_FunctionDef(self, original, updated):
        return cst.RemovalSentinel.REMOVE if original.name.value in self.names else updated

    def leave_Element(self, original, updated):
        return cst.RemovalSentinel.REMOVE if self._hit(original.value) else updated

    def leave_StarredElement(self, original, updated):
        return cst.RemovalSentinel.REMOVE if self._hit(original.value) else updated

    def leave_Arg(self, original, updated):
        if original.keyword is not None and isinstance(original.value, cst.Name) and original.value.value in self.names:
            return cst.RemovalSentinel.REMOVE
        return updated

    def leave_ImportAlias(self, original, updated):
        name = original.evaluated_alias or original.evaluated_name
        return cst.RemovalSentinel.REMOVE if name in self.modules or name in self.names else updated

    def leave_ImportFrom(self, original, updated):
        if isinstance(updated.names, (list, tuple)) and updated.names:
            names = list(updated.names)
            names[-1] = names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return updated.with_changes(names=names)
        return updated

    def leave_SimpleStatementLine(self, original, updated):
        body = updated.body
        if len(body) == 1 and isinstance(body[0], cst.Assign) and m.matches(body[0].value, m.Call(func=m.Name("methods"), args=[])):
            target = body[0].targets[0].target
            if isinstance(target, cst.Name):
                self.emptied.append(target.value)
            return cst.RemovalSentinel.REMOVE
        return updated


def _module_name(path: str) -> str:
    return path.rsplit("/", 1)[1][:-3]


def delete_handlers(app: AppSource, endpoints: list[str]) -> dict[str, str | None]:
    """Edit removing the handlers of ``endpoints`` and their registrations."""
    edit: dict[str, str | None] = {}
    by_path: dict[str, set[str]] = {}
    for endpoint in endpoints:
        path = find_handler(app, endpoint)
        if path is not None:
            by_path.setdefault(path, set()).add(handler_name(app, endpoint))
    urls_attrs: set[tuple[str, str]] = set()
    for path, names in by_path.items():
        remover = _Remove(names=names)
        edit[path] = app.module(path).visit(remover).code
        urls_attrs |= {(_module_name(path), var) for var in remover.emptied}
    if urls_attrs:
        urls = _registry(app)
        edit[urls] = app.module(urls).visit(_Remove(attrs=urls_attrs)).code
    return edit


def delete_module(app: AppSource, module: str) -> dict[str, str | None]:
    """Edit removing a whole route module and its registration."""
    path = f"{_routes_dir(app)}/{module}.py"
    registry = _registry(app)
    return {path: None, registry: app.module(registry).visit(_Remove(modules={module})).code}


# Endpoints (handler names without Django's underscore) the contract suite exercises.
ENDPOINTS = ("update_current_user", "feed", "update_article", "unfavorite", "list_comments", "delete_comment", "follow", "unfollow", "list_tags")


@operator("delete_endpoint_handler", "incomplete.endpoint.missing", stacks=ALL)
def delete_endpoint_handler(app: AppSource) -> Iterator[Mutant]:
    """One required endpoint has no handler and no route at all (404/405).

    Study: partial implementations where e.g. PUT /user, the feed or unfollow were never
    written although the rest of the resource works.
    """
    for endpoint in ENDPOINTS:
        path = find_handler(app, endpoint)
        if path is not None:
            yield f"{path} {handler_name(app, endpoint)} deleted", delete_handlers(app, [endpoint])


_GROUPS = (
    ("comments", None),
    ("profiles", None),
    ("tags", None),
    ("favorites", ["favorite", "unfavorite"]),
    ("current user", ["get_current_user", "update_current_user"]),
)


@operator("delete_resource", "incomplete.endpoint.missing", stacks=ALL)
def delete_resource(app: AppSource) -> Iterator[Mutant]:
    """A whole resource (comments, profiles, tags, favorites, /user) was never implemented.

    Study: "entire resources absent from the code": the patch registers users and
    articles but has no module at all for comments or profiles.
    """
    for group, endpoints in _GROUPS:
        if endpoints is None:
            if f"{_routes_dir(app)}/{group}.py" in app.files:
                yield f"{_routes_dir(app)}/{group}.py deleted", delete_module(app, group)
        else:
            yield f"{group} handlers deleted", delete_handlers(app, endpoints)


def _handler_def(app: AppSource, endpoint: str):
    path = find_handler(app, endpoint)
    if path is None:
        return None, None
    return path, m.FunctionDef(name=m.Name(handler_name(app, endpoint)))


def _with_body(fn: cst.FunctionDef, code: str) -> cst.FunctionDef:
    """``fn`` with its body replaced by ``code`` (its docstring kept)."""
    stmts = list(cst.parse_module(code).body)
    body = fn.body.body
    if body and m.matches(body[0], m.SimpleStatementLine(body=[m.Expr(m.SimpleString())])):
        stmts = [cast(cst.SimpleStatementLine, body[0]), *stmts]
    return fn.with_changes(body=fn.body.with_changes(body=stmts))


def _replace_handler(app: AppSource, endpoint: str, code: str) -> Iterator[Mutant]:
    path, matcher = _handler_def(app, endpoint)
    if path is None:
        return
    module = app.module(path)
    new = module.visit(_ReplaceDef(matcher, code)).code
    yield f"{path} {handler_name(app, endpoint)}", {path: new}


class _ReplaceDef(cst.CSTTransformer):
    def __init__(self, matcher, code: str) -> None:
        self.matcher, self.code = matcher, code

    def leave_FunctionDef(self, original, updated):
        return _with_body(updated, self.code) if m.matches(original, self.matcher) else updated


@operator("stub_handler_todo", "incomplete.endpoint.stub", stacks=ALL)
def stub_handler_todo(app: AppSource) -> Iterator[Mutant]:
    """A handler exists but its body is a TODO: ``raise NotImplementedError`` or a bare ``pass``.

    Study: placeholder handlers left behind when the agent ran out of steps.
    """
    endpoints = ("update_current_user", "create_article", "update_article", "favorite", "add_comment", "get_profile", "follow", "list_tags")
    for i, endpoint in enumerate(endpoints):
        code = f'raise NotImplementedError("TODO: {endpoint}")\n' if i % 2 == 0 else "pass  # TODO: implement\n"
        yield from _replace_handler(app, endpoint, code)


def _respond(app: AppSource, body: str, status: int) -> str:
    if app.stack == "flask_sqlalchemy":
        return f"return jsonify({body}), {status}\n"
    return f"return respond({body}, {status})\n"


@operator("stub_handler_not_implemented", "incomplete.endpoint.stub", stacks=ALL)
def stub_handler_not_implemented(app: AppSource) -> Iterator[Mutant]:
    """A handler answers a fixed ``501 Not Implemented`` (or an empty ``{}``) instead of doing the work.

    Study: endpoints that "exist" in the route table but return a constant placeholder body.
    """
    endpoints = ("get_current_user", "get_article", "unfavorite", "delete_comment", "unfollow", "login")
    for i, endpoint in enumerate(endpoints):
        if i % 3 == 2:
            code = _respond(app, "{}", 200)
        else:
            code = _respond(app, '{"errors": {"body": ["not implemented"]}}', 501)
        yield from _replace_handler(app, endpoint, code)


# Not the feed or the tag list: the suite's feed is empty anyway (the user follows nobody)
# and it only checks that "tags" is an array, so those placeholders would pass.
_EMPTY = {"list_articles": '{"articles": [], "articlesCount": 0}', "list_comments": '{"comments": []}'}


@operator("stub_handler_empty_list", "incomplete.endpoint.stub", stacks=ALL)
def stub_handler_empty_list(app: AppSource) -> Iterator[Mutant]:
    """A list endpoint always answers a hard-coded empty list.

    Study: "GET /api/articles/:slug/comments always returns {"comments": []}; the handler
    body is a TODO."
    """
    for endpoint, body in _EMPTY.items():
        yield from _replace_handler(app, endpoint, "# TODO: query the database\n" + _respond(app, body, 200))


_SERVICE_METHODS = (
    ("article_service.py", "ArticleService", "feed"),
    ("article_service.py", "ArticleService", "create"),
    ("article_service.py", "ArticleService", "favorite"),
    ("comment_service.py", "CommentService", "list"),
    ("comment_service.py", "CommentService", "add"),
    ("user_service.py", "UserService", "get_profile"),
    ("user_service.py", "UserService", "update"),
    ("tag_service.py", "TagService", "list"),
)


@operator("stub_service_method", "incomplete.endpoint.stub", stacks=ALL)
def stub_service_method(app: AppSource) -> Iterator[Mutant]:
    """A service method the route calls is left as ``...``: it returns None and the endpoint fails.

    Study: scaffolding where the routes were wired to a service layer whose methods were
    never filled in.
    """
    for filename, cls, method in _SERVICE_METHODS:
        path = f"conduit/services/{filename}"
        if path not in app.files:
            continue
        matcher = m.ClassDef(name=m.Name(cls))
        module = app.module(path)
        new = module.visit(_StubMethod(matcher, method)).code
        yield f"{path} {cls}.{method}", {path: new}


class _StubMethod(cst.CSTTransformer):
    def __init__(self, cls_matcher, method: str) -> None:
        self.cls_matcher, self.method = cls_matcher, method
        self.depth = 0

    def visit_ClassDef(self, node):
        if m.matches(node, self.cls_matcher):
            self.depth += 1
        return True

    def leave_ClassDef(self, original, updated):
        if m.matches(original, self.cls_matcher):
            self.depth -= 1
        return updated

    def leave_FunctionDef(self, original, updated):
        if self.depth and original.name.value == self.method:
            return _with_body(updated, "...\n")
        return updated
