"""Framework wiring (``framework.wiring.*``): sensible code that collides with how the framework
dispatches, parses or configures requests.

Routers not mounted or mounted under the wrong prefix, route paths with a trailing slash,
wrong HTTP methods, path parameters that do not match the handler, dependencies not
injected, request bodies read the wrong way, and app setup/settings that only fail when a
request arrives.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import cast

import libcst as cst
import libcst.matchers as m

from rootcause.corpus.operators.base import ALL, AppSource, Mutant, _unquote, code_of, operator, replace_code, sites
from rootcause.corpus.operators.base import set_string as _set_string
from rootcause.corpus.operators.xfile import spread

_ROUTE_DIR = {"django_orm": "conduit/views"}
_HTTP = ("get", "post", "put", "delete", "patch")


def set_string(node: cst.SimpleString, value: str) -> cst.SimpleString:
    """``base.set_string`` that keeps a raw-string prefix (aiohttp patterns like ``r"{id:\\d+}"``)."""
    prefix = node.value[: len(node.value) - len(node.value.lstrip("rRbBuU"))]
    return _set_string(node, value).with_changes(value=prefix + _set_string(node, value).value)


def route_dir(app: AppSource) -> str:
    return _ROUTE_DIR.get(app.stack, "conduit/routes")


def route_files(app: AppSource) -> list[str]:
    """Route modules the contract suite reaches (the health check is not one of them)."""
    return [p for p in app.paths(f"{route_dir(app)}/*.py") if not p.endswith(("__init__.py", "common.py", "health.py"))]


def _nth(app: AppSource, path: str, match, rewrite: Callable, describe: Callable | None = None) -> Iterator[Mutant]:
    """One mutant per node of ``path`` matching ``match`` (like ``replace_each``, for one file)."""
    from rootcause.corpus.operators.base import replace_nth

    for index, (node, line) in enumerate(sites(app, path, match)):
        try:
            text = replace_nth(app, path, match, index, rewrite)
        except (cst.CSTValidationError, ValueError, TypeError):
            continue
        if text == app.files[path]:
            continue
        what = describe(node) if describe else code_of(node)
        yield (f"{path}:{line} {what}", {path: text})


def _is_route_decorator(node: cst.CSTNode) -> bool:
    """``@bp.get("/x")`` / ``@router.post("")``."""
    return m.matches(
        node,
        m.Decorator(
            decorator=m.Call(
                func=m.Attribute(value=m.Name(m.MatchIfTrue(lambda n: n in ("bp", "router"))), attr=m.Name(m.MatchIfTrue(lambda n: n in _HTTP))),
                args=[m.Arg(value=m.SimpleString()), m.ZeroOrMore()],
            )
        ),
    )


def _is_aiohttp_route(node: cst.CSTNode) -> bool:
    """``web.get("/api/x", handler)``."""
    return m.matches(
        node,
        m.Call(func=m.Attribute(value=m.Name("web"), attr=m.Name(m.MatchIfTrue(lambda n: n in _HTTP))), args=[m.Arg(value=m.SimpleString()), m.ZeroOrMore()]),
    )


def _is_django_path(node: cst.CSTNode) -> bool:
    return m.matches(node, m.Call(func=m.Name("path"), args=[m.Arg(value=m.SimpleString()), m.ZeroOrMore()]))


def _route_call(node: cst.CSTNode) -> cst.Call:
    """The call of a route declaration: ``@bp.get("/x")``, ``web.get("/x", h)`` or ``path("x", v)``."""
    return cast(cst.Call, node.decorator if isinstance(node, cst.Decorator) else node)


def _route_path(node: cst.CSTNode) -> str:
    return _unquote(cast(cst.SimpleString, _route_call(node).args[0].value).value)


def _with_path(node: cst.CSTNode, new_path: str) -> cst.CSTNode:
    call = _route_call(node)
    arg = call.args[0]
    new_call = call.with_changes(args=[arg.with_changes(value=set_string(cast(cst.SimpleString, arg.value), new_path)), *call.args[1:]])
    return node.with_changes(decorator=new_call) if isinstance(node, cst.Decorator) else new_call


def _route_method(node: cst.CSTNode) -> str:
    """``get`` of ``@bp.get(...)`` / ``web.get(...)`` (not for Django's ``path()``)."""
    return cast(cst.Attribute, _route_call(node).func).attr.value


def route_sites(app: AppSource) -> list[tuple[str, Callable[[cst.CSTNode], bool]]]:
    """(file, matcher of one route declaration) for the routes the suite reaches."""
    if app.stack == "django_orm":
        return [("conduit_project/urls.py", lambda n: _is_django_path(n) and "health" not in _route_path(n))]
    if app.stack == "aiohttp_raw_sql":
        return [(p, _is_aiohttp_route) for p in route_files(app)]
    return [(p, _is_route_decorator) for p in route_files(app)]


# ----------------------------------------------------------------------------- route_missing


@operator("router_not_registered", "framework.wiring.route_missing", stacks=ALL)
def router_not_registered(app: AppSource) -> Iterator[Mutant]:
    """A router/blueprint (or a Django ``path()``) is defined but never mounted: its routes 404.

    Study: handlers exist in the patch but no ``register_blueprint`` / ``include_router`` /
    ``add_routes`` / ``path(...)`` for them.
    """
    if app.stack == "django_orm":
        path = "conduit_project/urls.py"
        match = lambda n: isinstance(n, cst.Element) and _is_django_path(n.value) and "health" not in _route_path(n.value)  # noqa: E731
        yield from spread(_nth(app, path, match, lambda _n: cst.RemovalSentinel.REMOVE, describe=lambda n: f"path({_route_path(n.value)!r}) missing"), 8)
        return
    path = f"{route_dir(app)}/__init__.py"
    seq = m.OneOf(m.Tuple(), m.List())

    def modules_in(node) -> list[str]:
        names = []
        for el in node.elements:
            value = el.value
            if isinstance(value, cst.Attribute):  # *users.ROUTES
                value = value.value
            names.append(value.value if isinstance(value, cst.Name) else "")
        return names

    for hit, line in sites(app, path, seq):
        node = cast(cst.Tuple | cst.List, hit)
        names = modules_in(node)
        if "articles" not in names:
            continue
        for i, name in enumerate(names):
            if name in ("health", ""):
                continue
            elements = [e for j, e in enumerate(node.elements) if j != i]
            elements[-1] = elements[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
            new = node.with_changes(elements=elements)
            text = replace_code(app.module(path), node, new)
            yield (f"{path}:{line} {name} router not registered", {path: text})


def _prefix_edit(app: AppSource, path: str) -> str | None:
    module = app.module(path)
    if app.stack == "flask_sqlalchemy":  # Blueprint(..., url_prefix="/api/articles") -> "/articles"
        match = m.Arg(keyword=m.Name("url_prefix"), value=m.SimpleString())
        hits = m.findall(module, match)
        if not hits:
            return None
        arg = cast(cst.Arg, hits[0])
        literal = cast(cst.SimpleString, arg.value)
        value = _unquote(literal.value)
        new = value[len("/api") :] or "/"
        return replace_code(module, arg, arg.with_changes(value=set_string(literal, new)))
    if app.stack == "fastapi_sqlalchemy_async":  # APIRouter(prefix="/articles") -> "/api/articles" (twice /api)
        calls = m.findall(module, m.Call(func=m.Name("APIRouter")))
        if not calls:
            return None
        call = cast(cst.Call, calls[0])
        args = list(call.args)
        for i, arg in enumerate(args):
            if arg.keyword is not None and arg.keyword.value == "prefix":
                prefix = cast(cst.SimpleString, arg.value)
                args[i] = arg.with_changes(value=set_string(prefix, "/api" + _unquote(prefix.value)))
                break
        else:
            args.insert(
                0,
                cst.Arg(
                    keyword=cst.Name("prefix"),
                    value=cst.SimpleString('"/api"'),
                    equal=cst.AssignEqual(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")),
                    comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
                ),
            )
        return replace_code(module, call, call.with_changes(args=args))
    if app.stack == "aiohttp_raw_sql":  # every path of the module loses its /api

        class Strip(cst.CSTTransformer):
            def leave_Call(self, original, updated):
                if _is_aiohttp_route(updated) and _route_path(updated).startswith("/api/"):
                    return _with_path(updated, _route_path(updated)[len("/api") :])
                return updated

        text = module.visit(Strip()).code
        return text if text != app.files[path] else None
    return None


@operator("router_wrong_prefix", "framework.wiring.route_missing", stacks=ALL)
def router_wrong_prefix(app: AppSource) -> Iterator[Mutant]:
    """A router is mounted under the wrong prefix (``/articles`` or ``/api/api/articles``): its routes 404.

    Study: routers mounted without the ``/api`` prefix, or with it twice.
    """
    if app.stack == "django_orm":
        path = "conduit_project/urls.py"
        for view in ("users", "profiles", "articles", "comments", "tags"):
            module = app.module(path)

            class Strip(cst.CSTTransformer):
                def leave_Call(self, original, updated, view=view):  # the loop's view, bound now
                    if _is_django_path(updated) and m.matches(updated.args[1].value, m.Attribute(value=m.Name(view))):
                        return _with_path(updated, _route_path(updated).removeprefix("api/"))
                    return updated

            yield (f"{path} {view} views routed without api/", {path: module.visit(Strip()).code})
        return
    for path in route_files(app):
        text = _prefix_edit(app, path)
        if text is not None:
            yield (f"{path} mounted under the wrong prefix", {path: text})


# ----------------------------------------------------------------------------- trailing slash


@operator("route_trailing_slash", "framework.wiring.trailing_slash", stacks=ALL)
def route_trailing_slash(app: AppSource) -> Iterator[Mutant]:
    """A route is declared with a trailing slash the client does not send (``/api/users/``).

    Study: Django's slash convention (404, or APPEND_SLASH redirects that break POST) and
    Starlette/Flask redirects (307/308) for routes declared with a trailing slash.
    """

    def gen() -> Iterator[Mutant]:
        for path, match in route_sites(app):

            def keep(node, match=match) -> bool:
                if not match(node):
                    return False
                # redirects are followed for GET, so only the other methods fail on redirecting stacks
                return app.stack in ("django_orm", "aiohttp_raw_sql") or _route_method(node) != "get"

            for site, edit in _nth(
                app, path, keep, lambda n: _with_path(n, _route_path(n).rstrip("/") + "/"), describe=lambda n: f"{_route_path(n).rstrip('/')}/"
            ):
                if app.stack == "flask_sqlalchemy":  # the app's strict_slashes=False would hide it
                    edit["app.py"] = app.files["app.py"].replace("    app.url_map.strict_slashes = False\n", "")
                yield site, edit

    yield from spread(gen(), 8)


# ----------------------------------------------------------------------------- method


_OTHER_METHOD = {"get": "post", "post": "put", "put": "post", "delete": "post", "patch": "put"}
_DJANGO_OTHER = {"GET": ("POST",), "POST": ("PUT", "PATCH"), "PUT": ("PATCH",), "DELETE": ("POST", "PATCH")}


@operator("route_wrong_method", "framework.wiring.method_not_allowed", stacks=ALL)
def route_wrong_method(app: AppSource) -> Iterator[Mutant]:
    """A route is registered for the wrong HTTP method (PATCH for PUT, POST for DELETE): 405.

    Study: 405 Method Not Allowed on a spec method (PUT /api/user, DELETE favorite or follow).
    """

    def gen() -> Iterator[Mutant]:
        if app.stack == "django_orm":
            for path in route_files(app):
                module = app.module(path)
                for hit in m.findall(module, m.Call(func=m.Name("methods"))):
                    call = cast(cst.Call, hit)
                    present = {a.keyword.value for a in call.args if a.keyword is not None}
                    for i, arg in enumerate(call.args):
                        assert arg.keyword is not None, "the apps' methods(**handlers) takes keywords only"
                        method = arg.keyword.value
                        other = next((o for o in _DJANGO_OTHER.get(method, ()) if o not in present), None)
                        if other is None:
                            continue
                        args = list(call.args)
                        args[i] = arg.with_changes(keyword=cst.Name(other))
                        text = replace_code(module, call, call.with_changes(args=args))
                        yield (f"{path} {code_of(call)}: {method} -> {other}", {path: text})
            return
        for path, match in route_sites(app):

            def rewrite(node):
                call = _route_call(node)
                new_call = call.with_changes(func=call.func.with_changes(attr=cst.Name(_OTHER_METHOD[call.func.attr.value])))
                return node.with_changes(decorator=new_call) if isinstance(node, cst.Decorator) else new_call

            yield from _nth(app, path, match, rewrite, describe=lambda n: f"{_route_method(n)} {_route_path(n)!r} -> {_OTHER_METHOD[_route_method(n)]}")

    yield from spread(gen(), 8)


# ----------------------------------------------------------------------------- route params


_PARAM_RENAMES = {"slug": "article_slug", "username": "user_name", "comment_id": "id"}
_PARAM = re.compile(r"(<(?:\w+:)?|\{)(slug|username|comment_id)((?::[^}]*)?\}|>)")


@operator("route_param_mismatch", "framework.wiring.route_params", stacks=ALL)
def route_param_mismatch(app: AppSource) -> Iterator[Mutant]:
    """A route's path parameter does not match the handler (name or converter).

    ``/<article_slug>`` for a handler taking ``slug`` (TypeError / 422 / KeyError), or
    ``<int:slug>`` for a slug (404). Study: path parameter mismatch between route and handler.
    """

    def rename(value: str) -> str:
        return _PARAM.sub(lambda h: h.group(1) + _PARAM_RENAMES[h.group(2)] + h.group(3), value, count=1)

    def int_converter(value: str) -> str:
        if app.stack == "fastapi_sqlalchemy_async":
            return value.replace("{slug}", "{slug:int}", 1)
        if app.stack == "aiohttp_raw_sql":
            return value.replace("{slug}", "{slug:[0-9]+}", 1)
        if app.stack == "django_orm":
            return value.replace("<str:slug>", "<int:slug>", 1)
        return value.replace("<slug>", "<int:slug>", 1)

    def mutants(fn) -> Iterator[Mutant]:
        files = ["conduit_project/urls.py"] if app.stack == "django_orm" else route_files(app)
        for path in files:
            strings = m.SimpleString(value=m.MatchIfTrue(lambda v: _PARAM.search(v) is not None and "/" in v))
            yield from _nth(
                app, path, strings, lambda n: set_string(n, fn(_unquote(n.value))), describe=lambda n: f"{_unquote(n.value)!r} -> {fn(_unquote(n.value))!r}"
            )

    yield from spread(mutants(rename), 6)
    yield from spread(mutants(int_converter), 2)


# ----------------------------------------------------------------------------- dependency injection


@operator("dependency_not_injected", "framework.wiring.dependency_injection", stacks=("flask_sqlalchemy", "fastapi_sqlalchemy_async", "aiohttp_raw_sql"))
def dependency_not_injected(app: AppSource) -> Iterator[Mutant]:
    """A handler hands the service the wrong object instead of the injected dependency.

    Flask: ``ArticleService(get_session)`` (the factory, not a session); aiohttp:
    ``ArticleService(request)`` (the request, not its connection); FastAPI: a dependency
    written without ``Depends`` (``Annotated[AsyncSession, get_session]``), so it is read
    as a request field. Study: FastAPI 422 "field required" with loc ["query", "db"].
    """
    if app.stack == "fastapi_sqlalchemy_async":
        path = "conduit/routes/common.py"
        match = m.Call(func=m.Name("Depends"), args=[m.Arg()])
        yield from _nth(app, path, match, lambda n: n.args[0].value, describe=lambda n: f"{code_of(n)} -> {code_of(n.args[0].value)}")
        return

    def gen() -> Iterator[Mutant]:
        for path in route_files(app):
            if app.stack == "flask_sqlalchemy":
                match = m.Arg(value=m.Call(func=m.Name("get_session"), args=[]))
                yield from _nth(app, path, match, lambda n: n.with_changes(value=cst.Name("get_session")), describe=lambda n: "get_session() -> get_session")
            else:
                match = m.Arg(value=m.Call(func=m.Name("db"), args=[m.Arg(value=m.Name("request"))]))
                yield from _nth(app, path, match, lambda n: n.with_changes(value=cst.Name("request")), describe=lambda n: "db(request) -> request")

    yield from spread(gen(), 8)


@operator("repository_class_not_instance", "framework.wiring.dependency_injection", stacks=ALL)
def repository_class_not_instance(app: AppSource) -> Iterator[Mutant]:
    """A service stores the repository class instead of an instance (``self.articles = ArticleRepository``).

    Study: "a class passed where an instance is needed"; every call then fails with
    ``missing 1 required positional argument``.
    """
    match = m.Assign(
        targets=[m.AssignTarget(target=m.Attribute(value=m.Name("self")))], value=m.Call(func=m.Name(m.MatchIfTrue(lambda n: n.endswith("Repository"))))
    )

    def gen() -> Iterator[Mutant]:
        for path in app.paths("conduit/services/*_service.py"):
            if "health" in path:
                continue
            yield from _nth(app, path, match, lambda n: n.with_changes(value=n.value.func))

    yield from spread(gen(), 8)


# ----------------------------------------------------------------------------- body parsing


@operator("body_read_wrong_way", "framework.wiring.body_parsing", stacks=ALL)
def body_read_wrong_way(app: AppSource) -> Iterator[Mutant]:
    """A handler reads the JSON body as form data (``request.form``, ``request.POST``, ``request.post()``).

    The body arrives as ``application/json``, so the handler sees an empty form and the
    service answers 422 (or the parser is missing: 500). Study: request body parsing.
    """

    def gen() -> Iterator[Mutant]:
        for path in route_files(app):
            match: m.Call | m.Await
            if app.stack == "flask_sqlalchemy":
                match = m.Call(func=m.Name("json_body"), args=[])
                new = cst.parse_expression("request.form.to_dict()")
            elif app.stack == "django_orm":
                match = m.Call(func=m.Name("json_body"), args=[m.Arg(value=m.Name("request"))])
                new = cst.parse_expression("request.POST.dict()")
            elif app.stack == "fastapi_sqlalchemy_async":
                match = m.Await(expression=m.Call(func=m.Name("json_body")))
                new = cst.parse_expression("dict(await request.form())")
            else:
                match = m.Await(expression=m.Call(func=m.Name("json_body")))
                new = cst.parse_expression("dict(await request.post())")
            for site, edit in _nth(app, path, match, lambda _n, new=new: new, describe=lambda n, new=new: f"{code_of(n)} -> {code_of(new)}"):
                text = edit[path]
                assert text is not None  # _nth rewrites the file, never deletes it
                if app.stack == "flask_sqlalchemy" and not re.search(r"^from flask import .*\brequest\b", text, re.M):
                    text = re.sub(r"^from flask import (.*)$", r"from flask import \1, request", text, count=1, flags=re.M)
                yield site, {path: text}

    yield from spread(gen(), 8)


# ----------------------------------------------------------------------------- app config


#: setup calls whose loss breaks requests (auth.configure has a working default, the flask
#: session teardown and the aiohttp cleanup hook are only hygiene: both equivalent, not here)
_SETUP_CALLS = {"init_db"}


@operator("app_setup_step_dropped", "framework.wiring.app_config", stacks=("flask_sqlalchemy", "fastapi_sqlalchemy_async", "aiohttp_raw_sql"))
def app_setup_step_dropped(app: AppSource) -> Iterator[Mutant]:
    """The app factory leaves out a setup step the requests rely on.

    A middleware (aiohttp), the lifespan that opens the database (FastAPI), the startup hook,
    the auth configuration or the per-request session teardown. Study: app configuration
    and registries wrong in a way that only shows when a request arrives.
    """
    path = "app.py"
    module = app.module(path)
    create = next(s for s in module.body if isinstance(s, cst.FunctionDef) and s.name.value == "create_app")
    out: list[Mutant] = []
    for stmt in create.body.body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        small = stmt.body[0]
        setup = m.Call(func=m.Attribute(attr=m.Name(m.MatchIfTrue(lambda n: n in _SETUP_CALLS))))
        startup_hook = m.Call(func=m.Attribute(value=m.Attribute(attr=m.Name("on_startup")), attr=m.Name("append")))
        if isinstance(small, cst.Expr) and m.matches(small.value, setup | startup_hook):
            out.append((f"{path} create_app drops `{code_of(stmt)}`", {path: replace_code(module, stmt, cst.RemovalSentinel.REMOVE)}))
        if isinstance(small, cst.Assign) and m.matches(small.targets[0].target, m.Subscript(value=m.Name("app"))):
            out.append((f"{path} create_app drops `{code_of(stmt)}`", {path: replace_code(module, stmt, cst.RemovalSentinel.REMOVE)}))
    # keyword arguments of the app constructor: lifespan=..., middlewares=[a, b, c]
    for hit in m.findall(create, m.Call(func=m.OneOf(m.Name("FastAPI"), m.Attribute(attr=m.Name("Application"))))):
        call = cast(cst.Call, hit)
        for arg in call.args:
            if arg.keyword is not None and arg.keyword.value == "lifespan":
                new = call.with_changes(args=[a for a in call.args if a is not arg])
                out.append((f"{path} {code_of(call)} without lifespan", {path: replace_code(module, call, new)}))
            if arg.keyword is not None and arg.keyword.value == "middlewares" and isinstance(arg.value, cst.List):
                for el in arg.value.elements:
                    rest = [e for e in arg.value.elements if e is not el]
                    rest[-1] = rest[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                    new_arg = arg.with_changes(value=arg.value.with_changes(elements=rest))
                    out.append((f"{path} middleware {code_of(el.value)} not installed", {path: replace_code(module, arg, new_arg)}))
    yield from out


_DJANGO_SETTINGS = (
    ("ALLOWED_HOSTS = []", "ALLOWED_HOSTS empty with DEBUG off"),
    ('ALLOWED_HOSTS = ["localhost"]', "ALLOWED_HOSTS lacks 127.0.0.1"),
    ('MIDDLEWARE = ["django.middleware.csrf.CsrfViewMiddleware", "conduit.errors.ErrorMiddleware"]', "CSRF middleware on a token API"),
    ("INSTALLED_APPS = []", "the conduit app not installed"),
)


@operator("django_settings_misconfigured", "framework.wiring.app_config", stacks=("django_orm",))
def django_settings_misconfigured(app: AppSource) -> Iterator[Mutant]:
    """Django settings that reject the test requests: host check, CSRF on an API, app not installed.

    Study: ``Invalid HTTP_HOST header`` 400s, CSRF 403s on POST/PUT/DELETE, and models of an
    app missing from INSTALLED_APPS.
    """
    path = "conduit_project/settings.py"
    text = app.files[path]
    for new, what in _DJANGO_SETTINGS:
        key = new.split(" =", 1)[0]
        mutated = re.sub(rf"^{key} = .*$", new.replace("\\", "\\\\"), text, count=1, flags=re.M)
        yield (f"{path} {what}: {new}", {path: mutated})
