"""Node operators for the API surface: auth, contract shape and types, unfinished endpoints, business rules, body parsing.

The second slice of JavaScript operators (after ``node``), written the same way on tree-sitter
(``js.rewrite_each``, one mutant per site). Each injects a defect the study's judges reported in
the Node tasks and that the contract suite (one user, one article, one comment) really trips.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from tree_sitter import Node

from rootcause.corpus.operators import js
from rootcause.corpus.operators.base import NODE_STACKS, AppSource, Mutant, operator
from rootcause.corpus.operators.node import _presenters, _src

EXPRESS, FASTIFY, HONO, KOA = NODE_STACKS

HTTP_METHODS = ("get", "post", "put", "delete", "patch")


# ----------------------------------------------------------------------------- routes


def _route_path(call: Node) -> str | None:
    """The path of a route registration: ``x.get('/p', ...)`` or Express's ``router.route('/p').get(...)`` chain."""
    args = call.child_by_field_name("arguments")
    first = args.named_children[0] if args is not None and args.named_children else None
    if first is not None and first.type == "string":
        return js.string_value(first)
    fn = call.child_by_field_name("function")
    obj = fn.child_by_field_name("object") if fn is not None and fn.type == "member_expression" else None
    while obj is not None and obj.type == "call_expression":
        if js.callee_name(obj) == "route":
            inner = obj.child_by_field_name("arguments")
            head = inner.named_children[0] if inner is not None and inner.named_children else None
            return js.string_value(head) if head is not None else None
        fn = obj.child_by_field_name("function")
        obj = fn.child_by_field_name("object") if fn is not None and fn.type == "member_expression" else None
    return None


def _route(call: Node) -> tuple[str, str] | None:
    """``(method, path)`` when ``call`` registers an API route (never the health check), else None."""
    if call.type != "call_expression":
        return None
    fn = call.child_by_field_name("function")
    if fn is None or fn.type != "member_expression" or js.callee_name(call) not in HTTP_METHODS:
        return None
    path = _route_path(call)
    if path is None or not path.startswith("/") or "health" in path:
        return None
    return js.callee_name(call), path


def _handler(call: Node) -> Node | None:
    """The handler of a route registration: its last argument (Express's ``asyncHandler(...)`` included)."""
    args = call.child_by_field_name("arguments")
    last = args.named_children[-1] if args is not None and args.named_children else None
    if last is None or last.type not in ("arrow_function", "function_expression", "call_expression"):
        return None
    return last


def _inner_function(handler: Node) -> Node:
    """The handler function itself (inside Express's ``asyncHandler(...)``)."""
    if handler.type == "call_expression":
        args = handler.child_by_field_name("arguments")
        for arg in args.named_children if args is not None else []:
            if arg.type in ("arrow_function", "function_expression"):
                return arg
    return handler


def _routes(app: AppSource) -> list[str]:
    return _src(app, "routes")


def _describe_route(node: Node) -> str:
    route = _route(node)
    return f"{route[0].upper()} {route[1]}" if route else js.text(node)[:40]


#: A placeholder handler per framework, as the agents leave them ("TODO: implement").
STUBS = {
    EXPRESS: "(req, res) => {\n      // TODO: implement\n      res.status(501).json({ message: 'Not implemented' });\n    }",
    FASTIFY: "async (request, reply) => {\n    // TODO: implement\n    reply.code(501);\n    return { message: 'Not implemented' };\n  }",
    HONO: "(c) => {\n    // TODO: implement\n    return c.json({ message: 'Not implemented' }, 501);\n  }",
    KOA: "async (ctx) => {\n    // TODO: implement\n    ctx.status = 501;\n    ctx.body = { message: 'Not implemented' };\n  }",
}


@operator("node_handler_stub", "incomplete.endpoint.stub", stacks=NODE_STACKS)
def node_handler_stub(app: AppSource) -> Iterator[Mutant]:
    """A route handler is left as a placeholder (``// TODO: implement``, 501 Not implemented).

    Study: Node handlers the agent declared and never filled in ("TODO: implement", 501 or an
    empty body), so the endpoint answers without doing its work.
    """

    def rewrite(node: Node) -> js.Span | None:
        handler = _handler(node)
        return js.replace(handler, STUBS[app.stack]) if handler is not None else None

    yield from js.rewrite_each(app, _routes(app), lambda n: _route(n) is not None, rewrite, describe=lambda n: f"{_describe_route(n)} left a stub")


@operator("node_route_never_written", "incomplete.endpoint.missing", stacks=NODE_STACKS)
def node_route_never_written(app: AppSource) -> Iterator[Mutant]:
    """One endpoint (a method on a path) was never written: no route, no handler; the request is a 404/405.

    Study: endpoints missing from the Node backends (feed, favorite, unfollow, delete comment):
    the agent wrote the resource's other routes and not this one.
    """

    def rewrite(path: str, node: Node) -> js.Span | None:
        parent = node.parent
        if parent is not None and parent.type == "expression_statement":  # app.get(...); routes.post(...);
            return js.delete(parent, app, path)
        fn = node.child_by_field_name("function")
        obj = fn.child_by_field_name("object") if fn is not None else None
        if obj is not None and obj.type == "call_expression":  # Express: .route('/p').get(...).post(...)
            return (obj.end_byte, node.end_byte, "")
        return None

    for path in _routes(app):
        yield from js.rewrite_each(
            app, [path], lambda n: _route(n) is not None, functools.partial(rewrite, path), describe=lambda n: f"{_describe_route(n)} never written"
        )


def _service_paths(app: AppSource) -> list[str]:
    return [p for p in _src(app, "services") if re.search(r"[sS]ervice\.js$", p) and "health" not in p.lower()]


@operator("node_service_not_implemented", "incomplete.endpoint.stub", stacks=NODE_STACKS)
def node_service_not_implemented(app: AppSource) -> Iterator[Mutant]:
    """A service method the routes call only throws ``new Error('Not implemented')``: the endpoint is a 500.

    Study: service layers scaffolded with placeholder methods (``throw new Error('Not
    implemented')``) that the agent never came back to.
    """
    routes = "\n".join(app.files[p] for p in _src(app, "routes"))

    def called(node: Node) -> bool:
        if node.type != "method_definition":
            return False
        name = js.text(node.child_by_field_name("name"))
        return name != "constructor" and re.search(rf"\.{re.escape(name)}\(", routes) is not None

    def rewrite(node: Node) -> js.Span | None:
        body = node.child_by_field_name("body")
        return js.replace(body, "{\n    throw new Error('Not implemented');\n  }") if body is not None else None

    yield from js.rewrite_each(app, _service_paths(app), called, rewrite, describe=lambda n: f"{js.text(n.child_by_field_name('name'))}() not implemented")


# ----------------------------------------------------------------------------- logic.business


def _author_check(node: Node) -> bool:
    if node.type != "binary_expression" or js.text(node.child_by_field_name("operator")) != "!==":
        return False
    code = js.text(node)
    return "authorId" in code and ".id" in code


#: Wrong ownership checks: inverted, or comparing the author id with the wrong thing (always unequal).
AUTHOR_CHECKS = ("inverted", "username", "string id")


def _wrong_author_check(kind: str, node: Node) -> js.Span | None:
    op, right = node.child_by_field_name("operator"), node.child_by_field_name("right")
    if op is None or right is None or js.text(right) != "viewer.id":
        return None
    if kind == "inverted":
        return js.replace(op, "===")
    return js.replace(right, "viewer.username" if kind == "username" else "String(viewer.id)")


def _author_check_site(kind: str, _node: Node) -> str:
    return {"inverted": "'!==' -> '==='", "username": "author id compared with the username", "string id": "author id compared with a string id"}[kind]


@operator("node_author_check_inverted", "logic.business.rule", stacks=NODE_STACKS)
def node_author_check_inverted(app: AppSource) -> Iterator[Mutant]:
    """The ownership check on update/delete refuses the author: inverted, or comparing the id with the wrong value.

    Study: the judges' "authors refused" on PUT/DELETE /api/articles/:slug and DELETE comments
    (``if (article.authorId === user.id) throw Forbidden``, or the author id compared with the
    username or with the token's string ``sub``): the author gets 403.
    """
    for kind in AUTHOR_CHECKS:
        yield from js.rewrite_each(
            app, _src(app, "services"), _author_check, functools.partial(_wrong_author_check, kind), describe=functools.partial(_author_check_site, kind)
        )


def _created_post(node: Node) -> bool:
    route = _route(node)
    return route is not None and route[0] == "post" and route[1] not in ("/users", "/articles")


def _status_201(app: AppSource, handler: Node) -> list[js.Span] | js.Span | None:
    fn = _inner_function(handler)
    body = fn.child_by_field_name("body")
    if body is None:
        return None
    if app.stack == EXPRESS:
        hit = next((n for n in js.walk(body) if n.type == "member_expression" and js.text(n) == "res.json"), None)
        return js.replace(hit, "res.status(201).json") if hit is not None else None
    if app.stack == FASTIFY:
        params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
        if params is None or "reply" in js.text(params) or body.type == "statement_block":
            return None
        return [js.replace(params, "(request, reply)"), js.replace(body, f"reply.code(201).send{js.text(body)}")]
    if app.stack == HONO:
        for n in js.walk(body):
            if n.type == "call_expression" and js.text(n.child_by_field_name("function")) == "c.json":
                args = n.child_by_field_name("arguments")
                if args is not None and len(args.named_children) == 1:
                    return (args.end_byte - 1, args.end_byte - 1, ", 201")
        return None
    if body.type == "statement_block":  # Koa
        return (body.start_byte + 1, body.start_byte + 1, "\n    ctx.status = 201;")
    return None


@operator("node_action_returns_201", "logic.business.status_code", stacks=NODE_STACKS)
def node_action_returns_201(app: AppSource) -> Iterator[Mutant]:
    """A POST that creates nothing new in the contract's eyes (login, comment, favorite, follow) answers 201.

    Study: "201 on login", 201 on favorite/follow and on comment creation where the contract
    (and the Postman collection) expects 200.
    """

    def rewrite(node: Node) -> list[js.Span] | js.Span | None:
        handler = _handler(node)
        return _status_201(app, handler) if handler is not None else None

    yield from js.rewrite_each(app, _routes(app), _created_post, rewrite, describe=lambda n: f"{_describe_route(n)} answers 201")


# ----------------------------------------------------------------------------- auth.config


def _jwt_call(node: Node) -> bool:
    if node.type != "call_expression" or js.callee_name(node) not in ("sign", "verify"):
        return False
    fn = node.child_by_field_name("function")
    return fn is not None and js.text(fn.child_by_field_name("object")) == "jwt"


#: The placeholder secrets agents hard-code on one side of the JWT.
LITERAL_SECRETS = ("conduit-secret", "secret", "your-secret-key")


@operator("node_jwt_secret_mismatch", "auth.config.token_issue", stacks=NODE_STACKS)
def node_jwt_secret_mismatch(app: AppSource) -> Iterator[Mutant]:
    """The JWT is signed and verified with different secrets (a hard-coded literal on one side).

    Study: "JsonWebTokenError: invalid signature": ``jwt.sign`` uses a literal secret while
    ``jwt.verify`` reads the configured one (or the reverse); every authenticated request is a 401.
    """

    for secret in LITERAL_SECRETS:

        def rewrite(node: Node, secret: str = secret) -> js.Span | None:
            args = node.child_by_field_name("arguments")
            if args is None or len(args.named_children) < 2:
                return None
            return js.replace(args.named_children[1], f"'{secret}'")

        yield from js.rewrite_each(app, _src(app), _jwt_call, rewrite, describe=lambda n: f"jwt.{js.callee_name(n)} with a literal secret")


def _subject_pair(node: Node) -> bool:
    if node.type != "pair" or js.text(node.child_by_field_name("key")) != "subject":
        return False
    return any(_jwt_call(a) for a in js.ancestors(node))


def _sub_read(node: Node) -> bool:
    return node.type == "member_expression" and js.text(node) == "payload.sub"


@operator("node_jwt_claim_mismatch", "auth.config.token_issue", stacks=NODE_STACKS)
def node_jwt_claim_mismatch(app: AppSource) -> Iterator[Mutant]:
    """The token's user claim is written under one name and read under another (``id`` vs ``sub`` vs ``userId``).

    Study: "payload claim name differs between encode and decode": the token verifies, the user id
    read from it is undefined, and authenticated requests answer 401.
    """
    for path in _src(app):
        for claim in ("id", "userId"):

            def issue_as(node: Node, path: str = path, claim: str = claim) -> list[js.Span] | None:
                call = next(a for a in js.ancestors(node) if _jwt_call(a))
                args = call.child_by_field_name("arguments")
                payload = args.named_children[0] if args is not None and args.named_children else None
                if payload is None or payload.type != "object":
                    return None
                return [js.replace(payload, f"{{ {claim}: user.id, username: user.username }}"), js.delete_element(node, app, path)]

            yield from js.rewrite_each(app, [path], _subject_pair, issue_as, describe=functools.partial(_claim_site, f"signed {{{claim}}}, read payload.sub"))
        for claim in ("userId", "id", "user_id"):
            yield from js.rewrite_each(
                app, [path], _sub_read, functools.partial(_read_claim, claim), describe=functools.partial(_claim_site, f"read payload.{claim}, signed sub")
            )


def _read_claim(claim: str, node: Node) -> js.Span:
    return js.replace(node, f"payload.{claim}")


def _claim_site(what: str, _node: Node) -> str:
    return what


def _public_read(node: Node) -> bool:
    """``auth.optional`` on a route the contract calls anonymously (the article list, the comments)."""
    if node.type != "member_expression" or js.text(node) != "auth.optional":
        return False
    call = next((a for a in js.ancestors(node) if a.type == "call_expression" and _route(a) is not None), None)
    return call is not None and _route(call) in (("get", "/articles"), ("get", "/articles/:slug/comments"))


@operator("node_optional_auth_required", "auth.config.public_route", stacks=NODE_STACKS)
def node_optional_auth_required(app: AppSource) -> Iterator[Mutant]:
    """A public read (the article list, an article's comments) requires a token: anonymous readers get 401.

    Study: "401 on GET /api/articles ... without login": the required-auth middleware put on routes
    the spec leaves open to anonymous readers.
    """

    def describe(node: Node) -> str:
        call = next(a for a in js.ancestors(node) if a.type == "call_expression" and _route(a) is not None)
        return f"{_describe_route(call)} requires a token"

    yield from js.rewrite_each(app, _routes(app), _public_read, lambda n: js.replace(n, "auth.required"), describe=describe)
    yield from js.rewrite_each(app, _routes(app), _optional_flag, _flip, describe=lambda n: "the optional middleware refuses anonymous requests")


def _optional_flag(node: Node) -> bool:
    """The boolean that makes the ``optional`` auth middleware let anonymous requests through."""
    if node.type not in ("true", "false"):
        return False
    pair = next((a for a in js.ancestors(node) if a.type == "pair"), None)
    return pair is not None and js.text(pair.child_by_field_name("key")) == "optional"


def _flip(node: Node) -> js.Span:
    return js.replace(node, "false" if node.type == "true" else "true")


# ----------------------------------------------------------------------------- contract.shape

ENVELOPES = ("user", "profile", "article", "comment")


def _envelope(node: Node) -> bool:
    """``{ article: ... }``: an object literal whose only member is an envelope key."""
    if node.type != "object" or len(node.named_children) != 1:
        return False
    pair = node.named_children[0]
    return pair.type == "pair" and js.text(pair.child_by_field_name("key")) in ENVELOPES


@operator("node_envelope_dropped", "contract.shape.wrapping", stacks=NODE_STACKS)
def node_envelope_dropped(app: AppSource) -> Iterator[Mutant]:
    """A response loses its envelope: the bare object is sent where the contract wants ``{"article": {...}}``.

    Study: "response body is the bare object without its envelope key" (``res.json(article)``
    for ``res.json({ article })``).
    """

    def rewrite(node: Node) -> js.Span | None:
        value = node.named_children[0].child_by_field_name("value")
        return js.replace(node, js.text(value)) if value is not None else None

    paths = sorted(set(_presenters(app) + _routes(app)))
    yield from js.rewrite_each(
        app, paths, _envelope, rewrite, describe=lambda n: f"envelope {js.text(n.named_children[0].child_by_field_name('key'))!r} dropped"
    )


#: Fields the contract checks (never ``slug``/``id``: losing those is an identifier lost, not a shape defect).
CHECKED_FIELDS = (
    "email",
    "token",
    "username",
    "bio",
    "image",
    "following",
    "title",
    "description",
    "tagList",
    "createdAt",
    "updatedAt",
    "favorited",
    "favoritesCount",
    "author",
    "articlesCount",
)


def _checked_field(node: Node) -> bool:
    if node.type == "pair" and node.parent is not None and node.parent.type == "object":
        return js.text(node.child_by_field_name("key")) in CHECKED_FIELDS
    return node.type == "shorthand_property_identifier" and js.text(node) in CHECKED_FIELDS


def _field_name(node: Node) -> str:
    return js.text(node.child_by_field_name("key")) if node.type == "pair" else js.text(node)


@operator("node_presenter_field_omitted", "contract.shape.missing_field", stacks=NODE_STACKS)
def node_presenter_field_omitted(app: AppSource) -> Iterator[Mutant]:
    """The presenter leaves a contract field out (``bio``, ``tagList``, ``favorited``, ``articlesCount``...).

    Study: "user object without token; author without following", list responses without
    ``articlesCount``: the serializer the agent wrote skips a field the contract requires.
    """
    for path in _presenters(app):
        yield from js.rewrite_each(app, [path], _checked_field, functools.partial(_delete_element, app, path), describe=lambda n: f"{_field_name(n)} omitted")


def _delete_element(app: AppSource, path: str, node: Node) -> js.Span:
    return js.delete_element(node, app, path)


# ----------------------------------------------------------------------------- contract.shape.type / serialization


def _pair_keyed(*keys: str):
    def match(node: Node) -> bool:
        if node.type != "pair" or js.text(node.child_by_field_name("key")) not in keys:
            return False
        value = node.child_by_field_name("value")
        return value is not None and value.type not in ("string", "object", "number")

    return match


#: tagList as a string: comma-joined (tags kept in a TEXT column) or JSON-encoded.
TAG_STRINGS = ("{}.join(',')", "{}.join(', ')", "JSON.stringify({})")


def _as_string(template: str, _node: Node) -> str:
    return f"tagList as {template.format('x')}"


@operator("node_taglist_as_string", "contract.shape.type", stacks=NODE_STACKS)
def node_taglist_as_string(app: AppSource) -> Iterator[Mutant]:
    """``tagList`` goes out as a string (``"dragons,training"`` or JSON text) instead of an array.

    Study: "tagList serialised as a string ("dragons,training") or a JSON-encoded string": the tags
    kept in one text column and returned as stored.
    """
    for template in TAG_STRINGS:

        def rewrite(node: Node, template: str = template) -> js.Span | None:
            value = node.child_by_field_name("value")
            return js.replace(value, template.format(js.text(value))) if value is not None else None

        yield from js.rewrite_each(app, _presenters(app), _pair_keyed("tagList"), rewrite, describe=functools.partial(_as_string, template))


def _date_paths(app: AppSource) -> list[str]:
    return sorted(set(_presenters(app) + (_src(app, "models") if app.stack == HONO else [])))


def _epoch(value: Node) -> str:
    code = js.text(value)
    if code.endswith(".toISOString()"):
        return code[: -len(".toISOString()")] + ".getTime()"
    if value.type == "call_expression" and js.callee_name(value) == "toIsoTimestamp":
        args = value.child_by_field_name("arguments")
        return f"new Date{js.text(args)}.getTime()"
    return f"new Date({code}).getTime()"


@operator("node_date_not_iso", "contract.shape.type", stacks=NODE_STACKS)
def node_date_not_iso(app: AppSource) -> Iterator[Mutant]:
    """``createdAt``/``updatedAt`` go out as epoch milliseconds (``getTime()``) instead of ISO 8601 text.

    Study: "non-ISO dates" in the Node backends (timestamps sent as numbers), failing the
    contract's date-time checks on every article and comment.
    """

    def rewrite(node: Node) -> js.Span | None:
        value = node.child_by_field_name("value")
        return js.replace(value, _epoch(value)) if value is not None else None

    yield from js.rewrite_each(
        app, _date_paths(app), _pair_keyed("createdAt", "updatedAt"), rewrite, describe=lambda n: f"{_field_name(n)} as epoch milliseconds"
    )


def _response_key(handler: Node) -> tuple[str, str] | None:
    """The envelope a Fastify handler answers with and its (property-less) JSON schema type."""
    code = js.text(handler)
    hit = re.search(r"\b(user|profile|article|comments|comment)\s*:", code)
    if hit:
        return hit.group(1), "{ type: 'array', items: { type: 'object' } }" if hit.group(1) == "comments" else "{ type: 'object' }"
    if re.search(r"articles\.(list|feed)\(", code):
        return "articles", "{ type: 'array', items: { type: 'object' } }"
    return None


def _add_route_option(call: Node, option: str) -> js.Span | None:
    """Add ``option`` to a Fastify route's options object (inserting one when the route has none)."""
    args = call.child_by_field_name("arguments")
    if args is None or len(args.named_children) < 2:
        return None
    options = args.named_children[1]
    if options.type == "object" and options.named_children:
        last = options.named_children[-1]
        return (last.end_byte, last.end_byte, f", {option}")
    return (options.start_byte, options.start_byte, f"{{ {option} }}, ")


@operator("node_fastify_response_schema_strips", "contract.serialization.response_validation", stacks=(FASTIFY,))
def node_fastify_response_schema_strips(app: AppSource) -> Iterator[Mutant]:
    """A Fastify route declares a response schema whose envelope has no ``properties``: every field is dropped.

    Study: "Fastify response schema without properties: fields silently dropped, e.g.
    "articles":[{}]" (fast-json-stringify serialises only the declared properties).
    """

    def rewrite(node: Node) -> js.Span | None:
        handler = _handler(node)
        found = _response_key(handler) if handler is not None else None
        if found is None:
            return None
        key, schema = found
        status = "201" if "reply.code(201)" in js.text(handler) else "200"
        return _add_route_option(node, f"schema: {{ response: {{ {status}: {{ type: 'object', properties: {{ {key}: {schema} }} }} }} }}")

    yield from js.rewrite_each(
        app, _routes(app), lambda n: _route(n) is not None, rewrite, describe=lambda n: f"{_describe_route(n)} response schema without properties"
    )


# ----------------------------------------------------------------------------- framework.wiring.body_parsing

#: The flat fields of each request envelope (what an agent's body schema lists at the top level).
FLAT_FIELDS = {
    "user": "email: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' }, bio: { type: 'string' }, image: { type: 'string' }",
    "article": "title: { type: 'string' }, description: { type: 'string' }, body: { type: 'string' }, tagList: { type: 'array', items: { type: 'string' } }",
    "comment": "body: { type: 'string' }",
}


def _body_envelope(path: str) -> str:
    if path.startswith("/user"):
        return "user"
    return "comment" if path.endswith("/comments") else "article"


@operator("node_fastify_body_schema_strips", "framework.wiring.body_parsing", stacks=(FASTIFY,))
def node_fastify_body_schema_strips(app: AppSource) -> Iterator[Mutant]:
    """A Fastify body schema with ``additionalProperties: false`` lists the fields flat: Ajv strips the body empty.

    Study: Fastify handlers whose ``request.body`` arrives empty (``{}``): the route's body schema
    makes Fastify's Ajv (``removeAdditional``) drop the ``{"user": ...}`` the client sent, and
    register/login/create answer 422.
    """

    def rewrite(node: Node) -> js.Span | None:
        route = _route(node)
        handler = _handler(node)
        if route is None or handler is None or route[0] not in ("post", "put") or "request.body" not in js.text(handler):
            return None
        fields = FLAT_FIELDS[_body_envelope(route[1])]
        return _add_route_option(node, f"schema: {{ body: {{ type: 'object', additionalProperties: false, properties: {{ {fields} }} }} }}")

    yield from js.rewrite_each(
        app, _routes(app), lambda n: _route(n) is not None, rewrite, describe=lambda n: f"{_describe_route(n)} body stripped by its schema"
    )


def _bodiless_hono_route(node: Node) -> bool:
    route = _route(node)
    if route is None:
        return False
    handler = _handler(node)
    return handler is not None and "readJson" not in js.text(handler)


@operator("node_hono_json_body_on_get", "framework.wiring.body_parsing", stacks=(HONO,))
def node_hono_json_body_on_get(app: AppSource) -> Iterator[Mutant]:
    """A Hono handler reads ``await c.req.json()`` on a request that has no body (a GET, DELETE or favorite/follow).

    Study: Hono handlers that parse a JSON body on GET (query filters read from the body) or on
    bodiless POST/DELETE: "SyntaxError: Unexpected end of JSON input" and a 500.
    """

    def rewrite(node: Node) -> list[js.Span] | js.Span | None:
        handler = _handler(node)
        if handler is None or handler.type != "arrow_function":
            return None
        query = next((n for n in js.walk(handler) if n.type == "call_expression" and js.text(n) == "c.req.query()"), None)
        if query is not None:
            return js.replace(query, "await c.req.json()")
        body = handler.child_by_field_name("body")
        if body is None:
            return None
        prefix = [] if js.text(handler).startswith("async") else [(handler.start_byte, handler.start_byte, "async ")]
        if body.type == "statement_block":
            return [*prefix, (body.start_byte + 1, body.start_byte + 1, "\n    const input = await c.req.json();")]
        return [*prefix, js.replace(body, f"{{\n    const input = await c.req.json();\n    return {js.text(body)};\n  }}")]

    yield from js.rewrite_each(app, _routes(app), _bodiless_hono_route, rewrite, describe=lambda n: f"{_describe_route(n)} reads a JSON body")


def _use_statement(node: Node, inner: str) -> bool:
    """``x.use(<inner>(...))``: an Express/Koa middleware registration of the call named ``inner``."""
    if node.type != "expression_statement" or not node.named_children or node.named_children[0].type != "call_expression":
        return False
    call = node.named_children[0]
    args = call.child_by_field_name("arguments")
    first = args.named_children[0] if args is not None and args.named_children else None
    return js.callee_name(call) == "use" and first is not None and first.type == "call_expression" and js.callee_name(first) == inner


def _body_parser(app: AppSource) -> tuple[str, Node, Node] | None:
    """The JSON body parser's registration and the statement it must come before (the routes or the 404 handler)."""
    inner, after = ("json", "notFound") if app.stack == EXPRESS else ("bodyParser", "routes")
    for path in _src(app):
        parser = next((n for n in js.find(app, path, "expression_statement") if _use_statement(n, inner)), None)
        if parser is None:
            continue
        if after == "notFound":
            later = [n for n in js.find(app, path, "expression_statement") if js.text(n).startswith("router.use(notFound")]
        else:
            later = [n for n in js.find(app, path, "expression_statement") if _use_statement(n, "routes")]
        if later:
            return path, parser, later[0]
    return None


@operator("node_json_body_parser_missing", "framework.wiring.body_parsing", stacks=(EXPRESS, KOA))
def node_json_body_parser_missing(app: AppSource) -> Iterator[Mutant]:
    """The JSON body parser is never installed, installed after the routes, or parses forms only: ``req.body`` is undefined.

    Study: "req.body / ctx.request.body undefined because no JSON body parser is registered"
    (``express.json()`` left out or put after the routers, ``koa-bodyparser`` used after the router).
    """
    found = _body_parser(app)
    if found is None:
        return
    path, parser, later = found
    source = app.files[path]
    where = f"{path}:{js.line(parser)}"
    yield (f"{where} body parser not installed", {path: js.apply_edits(source, [js.delete(parser, app, path)])})
    indent = " " * later.start_point[1]
    moved = [js.delete(parser, app, path), (later.end_byte, later.end_byte, "\n" + indent + js.text(parser))]
    yield (f"{where} body parser installed after the routes", {path: js.apply_edits(source, moved)})
    if app.stack == EXPRESS:
        forms = js.text(parser).replace("express.json()", "express.urlencoded({ extended: true })")
        yield (f"{where} only urlencoded bodies parsed", {path: js.apply_edits(source, [js.replace(parser, forms)])})
    else:
        forms = re.sub(r"enableTypes:\s*\[[^\]]*\]", "enableTypes: ['form']", js.text(parser))
        if forms != js.text(parser):
            yield (f"{where} only form bodies parsed", {path: js.apply_edits(source, [js.replace(parser, forms)])})


def _sqlite_integer_reads(node: Node) -> bool:
    """Where better-sqlite3 hands rows back: the connection's constructor, ``prepare(sql)``, the session's ``.get``.

    Never the session's ``.all`` alone: rows keyed by BigInt ids there miss their Number-keyed
    lookups elsewhere, a crash before any encoding (not the defect this operator labels).
    """
    if node.type == "expression_statement":
        return js.text(node).startswith("this.#connection.pragma('foreign_keys")
    if node.type != "call_expression":
        return False
    name = js.callee_name(node)
    return (name == "prepare" and "#connection" in js.text(node)) or (name == "get" and "this.#prepare(sql)" in js.text(node))


def _safe_integers(node: Node) -> js.Span | None:
    if node.type == "expression_statement":
        indent = " " * node.start_point[1]
        return (node.end_byte, node.end_byte, f"\n{indent}this.#connection.defaultSafeIntegers(true);")
    if js.callee_name(node) == "prepare":
        return (node.end_byte, node.end_byte, ".safeIntegers()")
    return js.replace(node, js.text(node).replace("this.#prepare(sql)", "this.#prepare(sql).safeIntegers()"))


@operator("node_sqlite_bigint_in_response", "contract.serialization.json_encode", stacks=(HONO,), databases=("sqlite",))
def node_sqlite_bigint_in_response(app: AppSource) -> Iterator[Mutant]:
    """better-sqlite3 is switched to safe integers: counts and ids come back as BigInt and ``c.json`` cannot encode them.

    Study: "TypeError: Do not know how to serialize a BigInt" on the Node raw-SQL backends (the
    agent turned on ``safeIntegers`` for 64-bit ids), a 500 on every response carrying a number.
    """
    yield from js.rewrite_each(app, _src(app, "db"), _sqlite_integer_reads, _safe_integers, describe=lambda n: "integers read as BigInt")
