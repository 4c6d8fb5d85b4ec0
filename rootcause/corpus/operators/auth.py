"""Authentication operators (``auth.config.*``): scheme, public routes, tokens, passwords, current user.

Also holds the small helpers the ``contract`` and ``logic`` operators share: where a stack
keeps its handlers, rewriting nodes inside one named function, replacing a whole function
and adding an import line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import cast

import libcst as cst
import libcst.matchers as m

from rootcause.corpus.operators.base import ALL, AppSource, Mutant, _is_match, call_named, code_of, operator, string_is

# ----------------------------------------------------------------------------- shared helpers

#: Handler name -> the routes/views module that defines it (the same names in every stack;
#: Django's view functions carry a leading underscore).
HANDLERS = {
    "register": "users",
    "login": "users",
    "get_current_user": "users",
    "update_current_user": "users",
    "list_articles": "articles",
    "feed": "articles",
    "create_article": "articles",
    "get_article": "articles",
    "update_article": "articles",
    "delete_article": "articles",
    "favorite": "articles",
    "unfavorite": "articles",
    "list_comments": "comments",
    "add_comment": "comments",
    "delete_comment": "comments",
    "get_profile": "profiles",
    "follow": "profiles",
    "unfollow": "profiles",
    "list_tags": "tags",
}


def routes_dir(app: AppSource) -> str:
    """The folder of the HTTP layer: ``conduit/views`` for Django, ``conduit/routes`` otherwise."""
    return "conduit/views" if app.stack == "django_orm" else "conduit/routes"


def common_path(app: AppSource) -> str:
    """The HTTP layer's shared module (auth lookup, JSON helpers, serialisers)."""
    return f"{routes_dir(app)}/common.py"


def handler(app: AppSource, name: str) -> tuple[str, str]:
    """``(path, function name)`` of the handler ``name`` (see ``HANDLERS``) in ``app``."""
    path = f"{routes_dir(app)}/{HANDLERS[name]}.py"
    return path, ("_" + name if app.stack == "django_orm" else name)


class _Scoped(cst.CSTTransformer):
    """Rewrites the ``index``-th node matching ``match`` inside functions named ``func``."""

    def __init__(self, func: str, match, index: int | None, rewrite: Callable | None) -> None:
        self.func, self.match, self.index, self.rewrite = func, match, index, rewrite
        self.depth = 0
        self.seen: list[cst.CSTNode] = []
        self.hits: set[int] = set()

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.FunctionDef) and node.name.value == self.func:
            self.depth += 1
        if self.depth and _is_match(node, self.match):
            if self.index is None or len(self.seen) == self.index:
                self.hits.add(id(node))
            self.seen.append(node)
        return True

    def on_leave(self, original, updated):
        out = updated
        if id(original) in self.hits and self.rewrite is not None:
            out = self.rewrite(updated)
        if isinstance(original, cst.FunctionDef) and original.name.value == self.func:
            self.depth -= 1
        return out


def scoped_count(app: AppSource, path: str, func: str, match) -> list[cst.CSTNode]:
    """Nodes matching ``match`` inside the functions named ``func`` of ``path``."""
    if path not in app.files:
        return []
    visitor = _Scoped(func, match, -1, None)
    app.module(path).visit(visitor)
    return visitor.seen


def scoped_rewrite(app: AppSource, path: str, func: str, match, rewrite: Callable, index: int | None = 0, code: str | None = None) -> str | None:
    """The text of ``path`` with the ``index``-th (``None``: every) match inside ``func`` rewritten.

    ``code`` rewrites that text instead of the app's file. None when nothing matched.
    """
    if code is None and path not in app.files:
        return None
    module = cst.parse_module(code) if code is not None else app.module(path)
    transformer = _Scoped(func, match, index, rewrite)
    try:
        out = module.visit(transformer).code
    except (cst.CSTValidationError, ValueError, TypeError):
        return None
    return out if transformer.hits else None


def scoped_each(app: AppSource, path: str, func: str, match, rewrite: Callable, what: str = "", limit: int | None = None) -> Iterator[Mutant]:
    """One mutant per node matching ``match`` inside ``func`` of ``path``."""
    for index, node in enumerate(scoped_count(app, path, func, match)):
        if limit is not None and index >= limit:
            return
        text = scoped_rewrite(app, path, func, match, rewrite, index)
        if text is not None:
            yield (f"{path} {func}(): {what or code_of(node)}", {path: text})


def replace_function(code: str, name: str, new_source: str) -> str | None:
    """``code`` with the function ``name`` replaced by the statements of ``new_source``."""
    body = cst.parse_module(new_source).body
    found: list[cst.FunctionDef] = []

    class _Swap(cst.CSTTransformer):
        def leave_FunctionDef(self, original, updated):
            if original.name.value == name and not found:
                found.append(original)
                return cst.FlattenSentinel(body)
            return updated

    out = cst.parse_module(code).visit(_Swap()).code
    return out if found else None


def ensure_import(code: str, line: str, name: str) -> str:
    """``code`` with the import ``line`` added, unless ``name`` is already imported."""
    if re.search(rf"^(?:from\s+\S+\s+)?import\s[^\n]*\b{re.escape(name)}\b", code, re.M):
        return code
    lines = code.split("\n")
    at = 0
    for i, text in enumerate(lines):
        if text.startswith("from __future__"):
            at = i + 1
            break
    else:
        for i, text in enumerate(lines):
            if text.startswith(("from ", "import ")):
                at = i
                break
    lines.insert(at, line)
    return "\n".join(lines)


def first_arg(node: cst.Call) -> cst.BaseExpression:
    return node.args[0].value


def _expr(source: str) -> cst.BaseExpression:
    return cst.parse_expression(source)


# ----------------------------------------------------------------------------- token scheme

_BEARER_SLICES = {
    "replace": '''
def parse_authorization_header(header: str | None) -> str | None:
    """Extract the JWT from the Authorization header."""
    if not header:
        return None
    return header.replace("Bearer ", "")
''',
    "slice": '''
def parse_authorization_header(header: str | None) -> str | None:
    """Extract the JWT from 'Bearer <jwt>'."""
    if not header:
        return None
    return header[7:]
''',
    "split": '''
def parse_authorization_header(header: str | None) -> str | None:
    """Extract the JWT from 'Bearer <jwt>'."""
    if not header:
        return None
    return header.split("Bearer ")[1]
''',
}

_FASTAPI_HTTPBEARER = """
_bearer = HTTPBearer(auto_error=False)


async def _resolve_user(request: Request, session: AsyncSession, optional: bool) -> "User | None":
    credentials = await _bearer(request)
    if credentials is None:
        if optional:
            return None
        raise AuthenticationError("missing authorization token")
    return await UserService(session).authenticate(credentials.credentials)
"""


@operator("bearer_only_scheme", "auth.config.token_scheme", stacks=ALL)
def bearer_only_scheme(app):
    """The server accepts only ``Bearer <jwt>`` while the client sends ``Token <jwt>``.

    Study: header.split('Bearer ')[1] / HTTPBearer in apps whose tests use the Token
    scheme; every authenticated request 401s (or 500s) right after a successful login.
    """
    path = "conduit/auth.py"
    schemes = m.Tuple(elements=[m.Element(string_is("token")), m.Element(string_is("bearer"))])
    bearer = cst.Tuple(elements=[cst.Element(cst.SimpleString('"bearer"'))])
    yield from scoped_each(app, path, "parse_authorization_header", schemes, lambda _n: bearer, "only 'bearer' accepted")
    for kind, source in _BEARER_SLICES.items():
        text = replace_function(app.files[path], "parse_authorization_header", source)
        if text is not None:
            yield (f"{path} parse_authorization_header(): Bearer prefix stripped by {kind}", {path: text})
    if app.stack == "fastapi_sqlalchemy_async":
        common = common_path(app)
        text = replace_function(app.files[common], "_resolve_user", _FASTAPI_HTTPBEARER)
        if text is not None:
            text = ensure_import(text, "from fastapi.security import HTTPBearer", "HTTPBearer")
            yield (f"{common} _resolve_user(): fastapi.security.HTTPBearer", {common: text})


# ----------------------------------------------------------------------------- public routes

_PUBLIC = ("list_articles", "list_comments", "list_tags", "login")


def _require_auth(app: AppSource, name: str) -> Mutant | None:
    path, func = handler(app, name)
    if path not in app.files or not app.defines(path, func):
        return None
    code = app.files[path]
    if app.stack == "flask_sqlalchemy":
        text = scoped_rewrite(app, path, func, call_named("optional_user"), lambda n: n.with_changes(func=cst.Name("current_user")))
        if text is None:  # no viewer lookup: add one
            stmt = cst.parse_statement("current_user()")
            text = scoped_rewrite(
                app, path, func, m.FunctionDef(name=m.Name(func)), lambda n: n.with_changes(body=n.body.with_changes(body=[stmt, *n.body.body]))
            )
            text = text and ensure_import(text, "from .common import current_user", "current_user")
    elif app.stack == "fastapi_sqlalchemy_async":
        ann = m.Annotation(annotation=m.Name("OptionalUser"))
        text = scoped_rewrite(app, path, func, ann, lambda n: n.with_changes(annotation=cst.Name("CurrentUser")))
        if text is None:
            param = cst.Param(cst.Name("me"), cst.Annotation(cst.Name("CurrentUser")))

            def add_param(n: cst.FunctionDef) -> cst.FunctionDef:
                return n.with_changes(params=n.params.with_changes(params=[*n.params.params, param]))

            text = scoped_rewrite(app, path, func, m.FunctionDef(name=m.Name(func)), add_param)
            text = text and ensure_import(text, "from .common import CurrentUser", "CurrentUser")
    else:
        deco = m.Decorator(decorator=m.Name("auth_optional"))
        text = scoped_rewrite(app, path, func, deco, lambda n: n.with_changes(decorator=cst.Name("auth_required")))
        if text is None:
            dec = cst.Decorator(cst.Name("auth_required"))
            text = scoped_rewrite(app, path, func, m.FunctionDef(name=m.Name(func)), lambda n: n.with_changes(decorators=[dec, *n.decorators]))
            source = "from ..auth import auth_required" if app.stack == "aiohttp_raw_sql" else "from .common import auth_required"
            text = text and ensure_import(text, source, "auth_required")
    if text is None or text == code:
        return None
    return (f"{path} {func}(): requires a token", {path: text})


@operator("auth_on_public_route", "auth.config.public_route", stacks=ALL)
def auth_on_public_route(app):
    """A route the spec serves anonymously (article list, comments, tags, login) requires a token.

    Study: auth middleware mounted on a whole router, so "All Articles", "Articles by Tag",
    "All Comments for Article without login" and "All Tags" answer 401.
    """
    for name in _PUBLIC:
        mutant = _require_auth(app, name)
        if mutant is not None:
            yield mutant


# ----------------------------------------------------------------------------- token issue


def _jwt_call(fn: str) -> m.Call:
    return m.Call(func=m.Attribute(value=m.Name("jwt"), attr=m.Name(fn)))


def _exp_absolute(element: cst.DictElement) -> cst.DictElement:
    """``"exp": now + timedelta(seconds=X)`` -> ``"exp": X``."""
    value = element.value
    if isinstance(value, cst.BinaryOperation) and isinstance(value.right, cst.Call) and value.right.args:
        return element.with_changes(value=value.right.args[0].value)
    raise ValueError("unexpected exp expression")


@operator("token_not_verifiable", "auth.config.token_issue", stacks=ALL)
def token_not_verifiable(app):
    """The token is signed differently from how it is verified, or is not returned at all.

    Study: signing and verifying secrets differ, algorithms disagree, the claim the
    verifier reads is missing, exp is not an absolute time, or the user response has no
    token; login succeeds and every authenticated request 401s.
    """
    path = "conduit/auth.py"
    encode = _jwt_call("encode")
    yield from scoped_each(
        app,
        path,
        "create_token",
        encode,
        lambda n: n.with_changes(args=[n.args[0], n.args[1].with_changes(value=cst.SimpleString('"conduit-secret"')), *n.args[2:]]),
        "signed with a hard-coded secret",
    )
    alg = m.Arg(keyword=m.Name("algorithm"))
    yield from scoped_each(app, path, "create_token", alg, lambda n: n.with_changes(value=cst.SimpleString('"HS512"')), "signed with HS512, verified as HS256")
    yield from scoped_each(
        app,
        path,
        "create_token",
        m.DictElement(key=string_is("sub")),
        lambda n: n.with_changes(key=cst.SimpleString('"user_id"')),
        "user id under 'user_id', read from 'sub'",
    )
    yield from scoped_each(
        app, path, "create_token", m.DictElement(key=string_is("exp"), value=m.BinaryOperation()), _exp_absolute, "exp is a duration, not a timestamp"
    )

    def drop_algorithms(n: cst.Call) -> cst.Call:
        args = [a for a in n.args if not (a.keyword and a.keyword.value == "algorithms")]
        args[-1] = args[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return n.with_changes(args=args)

    yield from scoped_each(app, path, "decode_token", _jwt_call("decode"), drop_algorithms, "jwt.decode without algorithms=")
    common = common_path(app)
    yield from scoped_each(
        app, common, "user_json", m.DictElement(key=string_is("token")), lambda _n: cst.RemovalSentinel.REMOVE, "user response without token"
    )


# ----------------------------------------------------------------------------- passwords

_VERIFY_REHASH = """
def verify_password(password_hash: str, password: str) -> bool:
    return hash_password(password) == password_hash
"""


@operator("password_check_broken", "auth.config.password", stacks=ALL)
def password_check_broken(app):
    """Login refuses the right password: the hash is compared wrongly or never made.

    Study: login 401 with correct credentials after a successful register (arguments
    swapped, hash compared with plain text, salted hash recomputed and compared, password
    stored unhashed).
    """
    service = "conduit/services/user_service.py"
    verify = call_named("verify_password")
    threaded = m.Await(
        expression=m.Call(func=m.Attribute(attr=m.Name("to_thread")), args=[m.Arg(m.Attribute(attr=m.Name("verify_password"))), m.DoNotCare(), m.DoNotCare()])
    )

    def swap(call: cst.Call, i: int, j: int) -> cst.Call:
        args = list(call.args)
        args[i], args[j] = args[j].with_changes(comma=args[i].comma), args[i].with_changes(comma=args[j].comma)
        return call.with_changes(args=args)

    def plain_compare(n: cst.UnaryOperation) -> cst.Comparison:
        # both matchers: ``not verify_password(...)`` or ``not await asyncio.to_thread(...)``
        call = cast(cst.Call, n.expression.expression if isinstance(n.expression, cst.Await) else n.expression)
        values = [a.value for a in call.args][-2:]
        return cst.Comparison(left=values[0], comparisons=[cst.ComparisonTarget(cst.NotEqual(), values[1])])

    if app.stack == "fastapi_sqlalchemy_async":  # asyncio.to_thread(auth.verify_password, hash, password)
        yield from scoped_each(
            app, service, "login", threaded, lambda n: n.with_changes(expression=swap(n.expression, 1, 2)), "verify_password arguments swapped"
        )
        yield from scoped_each(
            app, service, "login", m.UnaryOperation(operator=m.Not(), expression=threaded), plain_compare, "stored hash compared with the plain password"
        )
        hashed = m.Await(expression=m.Call(func=m.Attribute(attr=m.Name("to_thread")), args=[m.Arg(m.Attribute(attr=m.Name("hash_password"))), m.DoNotCare()]))
        yield from scoped_each(app, service, "register", hashed, lambda n: n.expression.args[1].value, "password stored unhashed")
    else:
        yield from scoped_each(app, service, "login", verify, lambda n: swap(n, 0, 1), "verify_password arguments swapped")
        yield from scoped_each(
            app, service, "login", m.UnaryOperation(operator=m.Not(), expression=verify), plain_compare, "stored hash compared with the plain password"
        )
        yield from scoped_each(app, service, "register", call_named("hash_password"), first_arg, "password stored unhashed")
    path = "conduit/auth.py"
    text = replace_function(app.files[path], "verify_password", _VERIFY_REHASH) if path in app.files else None
    if text is not None:
        yield (f"{path} verify_password(): re-hashes with a new salt and compares", {path: text})


# ----------------------------------------------------------------------------- current user


@operator("current_user_lookup_broken", "auth.config.current_user", stacks=ALL)
def current_user_lookup_broken(app):
    """The token is valid, but resolving it to the current user goes wrong.

    Study: the raw token used as a user id, the user looked up by the wrong column, the
    lookup coroutine not awaited, or the id handed to callers instead of the user.
    """
    for path in ("conduit/services/user_service.py", "conduit/auth.py"):
        for func in ("authenticate", "resolve_user_id", "auth_middleware"):
            yield from scoped_each(app, path, func, call_named("decode_token"), first_arg, "raw token used as the user id")
    service = "conduit/services/user_service.py"
    lookup = m.Call(func=m.Attribute(attr=m.Name("get_by_id")))
    for func in ("authenticate", "load"):
        yield from scoped_each(
            app,
            service,
            func,
            lookup,
            lambda n: n.with_changes(func=n.func.with_changes(attr=cst.Name("get_by_username"))),
            "user looked up by username with the id",
        )
    common = common_path(app)
    if app.stack == "fastapi_sqlalchemy_async":
        yield from scoped_each(
            app, common, "_resolve_user", m.Await(expression=call_named("authenticate")), lambda n: n.expression, "authenticate() not awaited"
        )
    if app.stack == "aiohttp_raw_sql":
        yield from scoped_each(
            app, "conduit/auth.py", "auth_middleware", m.Await(expression=m.Call(func=m.Subscript())), lambda n: n.expression, "user loader not awaited"
        )
    if app.stack in ("flask_sqlalchemy", "fastapi_sqlalchemy_async"):
        auth_call = m.Return(value=m.OneOf(call_named("authenticate"), m.Await(expression=call_named("authenticate"))))
        yield from scoped_each(
            app, common, "_resolve_user", auth_call, lambda n: n.with_changes(value=_expr("auth.decode_token(token)")), "user id returned instead of the user"
        )
    if app.stack == "django_orm":
        yield from scoped_each(
            app,
            common,
            "wrapper",
            m.Assign(targets=[m.AssignTarget(m.Attribute(attr=m.Name("viewer")))], value=m.Name("user")),
            lambda n: n.with_changes(value=cst.Name("user_id")),
            "request.viewer set to the user id",
        )
