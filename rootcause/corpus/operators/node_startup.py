"""Startup operators for the Node.js reference apps: the server never comes up.

Syntax left over from TypeScript or from a shell heredoc, packages the app does not have (a
sibling package, an undeclared helper, a subpath the package does not export), a run.sh that
starts a missing file, a package.json "type" that contradicts the code's module system, a server
bound to the wrong port or never started, and a default import of a module that only has named
exports. Written on tree-sitter (``js``) like ``node``; every
operator declares the Node stacks it truly applies to.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator

from tree_sitter import Node

from rootcause.corpus.operators import js
from rootcause.corpus.operators.base import NODE_STACKS, AppSource, Mutant, operator
from rootcause.corpus.operators.node import _at, _src

EXPRESS, FASTIFY, HONO, KOA = NODE_STACKS


def _is_esm(app: AppSource, path: str) -> bool:
    """True when ``path`` is an ES module (it has a top-level ``import``/``export``)."""
    return any(n.type in ("import_statement", "export_statement") for n in js.tree(app, path).root_node.named_children)


def _import_block_end(app: AppSource, path: str) -> int | None:
    """The byte offset just after the file's last top-level import/require statement (None without any)."""
    end = None
    for node in js.tree(app, path).root_node.named_children:
        if node.type == "import_statement" or (node.type in ("lexical_declaration", "variable_declaration") and "require(" in js.text(node)):
            end = node.end_byte
    return end


def _insert_after_imports(app: AppSource, path: str, statement: str) -> str | None:
    end = _import_block_end(app, path)
    return None if end is None else js.apply_edits(app.files[path], [(end, end, "\n" + statement)])


def _replaced_by(new: str) -> Callable[[Node], js.Span]:
    return lambda node: js.replace(node, new)


def _renamed(old: str, new: str) -> Callable[[Node], js.Span]:
    return lambda node: js.replace(node, js.text(node).replace(old, new))


def _all_replaced(nodes: list[Node], new: str) -> Callable[[Node], list[js.Span]]:
    """Whatever node matched, replace every one of ``nodes`` (one defect written in several places)."""

    def spans(_node: Node) -> list[js.Span]:
        # ``${config.port}`` in a template string becomes the bare number, not ``${5000}``
        return [js.replace(n.parent, new) if n.parent is not None and n.parent.type == "template_substitution" else js.replace(n, new) for n in nodes]

    return spans


def _says(what: str) -> Callable[[Node], str]:
    return lambda _node: what


def _quoted(node: Node, value: str) -> str:
    quote = js.text(node)[0]
    return f"{quote}{value}{quote}"


# ----------------------------------------------------------------------------- startup.syntax

_PARAM_TYPES = {
    "req": "Request",
    "request": "FastifyRequest",
    "res": "Response",
    "reply": "FastifyReply",
    "ctx": "Context",
    "c": "Context",
    "next": "NextFunction",
    "app": "Application",
    "error": "Error",
    "err": "Error",
    "id": "number",
    "services": "Services",
    "config": "Config",
    "env": "NodeJS.ProcessEnv",
}


def _type_for(name: str) -> str:
    if name in _PARAM_TYPES:
        return _PARAM_TYPES[name]
    if re.search(r"(name|slug|token|email|password|url|title|text|sql|secret|username)$", name, re.I):
        return "string"
    if re.search(r"(count|limit|offset|seconds|Id)$", name):
        return "number"
    return "any"


def _annotatable(node: Node) -> bool:
    """The first plain parameter of a function (``(req, res)``) or the bare parameter of an arrow (``c => ...``)."""
    if node.type != "identifier" or node.parent is None:
        return False
    parent = node.parent
    if parent.type == "formal_parameters":
        return parent.named_children[:1] == [node]
    return parent.type == "arrow_function" and parent.child_by_field_name("parameter") == node


@operator("node_syntax_type_annotation", "startup.syntax", stacks=NODE_STACKS)
def node_syntax_type_annotation(app: AppSource) -> Iterator[Mutant]:
    """A TypeScript type annotation (``(req: Request)``) is left in a plain ``.js`` file: "SyntaxError: Unexpected token ':'".

    Study: agents that think in TypeScript write ``function createApp(services: Services)`` or
    ``async (c: Context) =>`` into the JavaScript project the task asked for; Node refuses the
    file at load time and the server never starts.
    """

    def rewrite(node: Node) -> js.Span:
        name = js.text(node)
        typed = f"{name}: {_type_for(name)}"
        return js.replace(node, typed if node.parent is not None and node.parent.type == "formal_parameters" else f"({typed})")

    for path in _src(app):
        yield from js.rewrite_each(app, [path], _annotatable, rewrite, syntax=True, limit=1, describe=lambda n: f"'{js.text(n)}: {_type_for(js.text(n))}'")


_HEREDOC_TAILS = (
    "EOF && nohup ./run.sh > server.log 2>&1 &",
    "EOF\nnode src/server.js > server.log 2>&1 &",
    "EOF\nchmod +x run.sh && ./run.sh",
    "EOF\nnpm install && npm start",
)


@operator("node_syntax_heredoc_residue", "startup.syntax", stacks=NODE_STACKS)
def node_syntax_heredoc_residue(app: AppSource) -> Iterator[Mutant]:
    """A source file ends with the shell text of the heredoc that wrote it (``EOF && nohup ./run.sh ...``).

    Study: files written with ``cat > src/x.js << 'EOF'`` where the quoting broke, so the
    terminator and the next shell command landed inside the JavaScript: "SyntaxError:
    Unexpected token" pointing at the last line of a file under src/.
    """
    for index, path in enumerate(_src(app)[::2]):
        source = app.files[path]
        tail = _HEREDOC_TAILS[index % len(_HEREDOC_TAILS)]
        new = source.rstrip("\n") + "\n" + tail + "\n"
        if js.parses(new, path):
            continue
        yield (f"{path}:{source.count(chr(10)) + 1} {tail.splitlines()[-1][:40]!r} appended", {path: new})


# ----------------------------------------------------------------------------- startup.dependency

#: A package the apps use -> packages an agent confuses it with (none installed in the apps).
_SIBLINGS = {
    "bcryptjs": ("bcrypt",),
    "jsonwebtoken": ("jose", "jwt-simple"),
    "sqlite3": ("better-sqlite3",),
    "better-sqlite3": ("sqlite3",),
    "pg": ("postgres", "pg-promise"),
    "sequelize": ("@sequelize/core",),
    "@koa/router": ("koa-router",),
    "koa-bodyparser": ("koa-body",),
    "@hono/node-server": ("@hono/node",),
}


def _bare_specifiers(app: AppSource, path: str) -> list[Node]:
    return [n for n in js.module_specifiers(app, path) if not (js.string_value(n) or ".").startswith((".", "node:"))]


def _installed(app: AppSource) -> set[str]:
    """The packages ``package.json`` declares (what the app's node_modules holds)."""
    declared = app.files.get("package.json", "")
    return set(re.findall(r'"([@\w./-]+)":\s*"[\^~]?\d', declared))


@operator("node_package_swapped", "startup.dependency.missing_package", stacks=NODE_STACKS)
def node_package_swapped(app: AppSource) -> Iterator[Mutant]:
    """A module requires a sibling of the package the app installed (``bcrypt`` for ``bcryptjs``): "Cannot find module".

    Study: the judges' "package required but never installed" in the Node tasks: code written
    for ``bcrypt``, ``better-sqlite3``, ``koa-router`` or ``@sequelize/core`` while package.json
    (and node_modules) hold ``bcryptjs``, ``sqlite3``, ``@koa/router`` or ``sequelize``.
    """
    installed = _installed(app)
    for path in _src(app):
        specs = {(n.start_byte, n.end_byte) for n in _bare_specifiers(app, path)}

        def rewrite(node: Node) -> js.Span | None:
            for sibling in _SIBLINGS.get(js.string_value(node) or "", ()):
                if sibling not in installed:
                    return js.replace(node, _quoted(node, sibling))
            return None

        yield from js.rewrite_each(app, [path], functools.partial(_at, specs), rewrite, describe=lambda n: f"{js.text(n)} swapped for a package not installed")


#: (file name pattern, CommonJS statement, ES module statement): helpers agents add without installing them.
_UNDECLARED = {
    EXPRESS: (
        (r"src/server\.js$", "require('dotenv').config();", ""),
        (r"src/config\.js$", "require('dotenv').config();", ""),
        (r"src/app\.js$", "const cors = require('cors');", ""),
        (r"src/app\.js$", "const morgan = require('morgan');", ""),
        (r"src/app\.js$", "const helmet = require('helmet');", ""),
        (r"services/validation\.js$", "const { body, validationResult } = require('express-validator');", ""),
        (r"services/slugs?\.js$", "const { nanoid } = require('nanoid');", ""),
    ),
    FASTIFY: (
        (r"src/server\.js$", "require('dotenv').config();", ""),
        (r"src/config\.js$", "require('dotenv').config();", ""),
        (r"src/app\.js$", "const cors = require('@fastify/cors');", ""),
        (r"src/app\.js$", "const helmet = require('@fastify/helmet');", ""),
        (r"services/validation\.js$", "const Joi = require('joi');", ""),
        (r"services/slugs?\.js$", "const { nanoid } = require('nanoid');", ""),
    ),
    HONO: (
        (r"src/server\.js$", "", "import 'dotenv/config';"),
        (r"src/config\.js$", "", "import dotenv from 'dotenv';"),
        (r"routes/index\.js$", "", "import { zValidator } from '@hono/zod-validator';"),
        (r"services/validation\.js$", "", "import { z } from 'zod';"),
        (r"services/slugs?\.js$", "", "import { nanoid } from 'nanoid';"),
        (r"services/tokens\.js$", "", "import 'dotenv/config';"),
    ),
    KOA: (
        (r"src/server\.js$", "", "import 'dotenv/config';"),
        (r"src/app\.js$", "", "import cors from '@koa/cors';"),
        (r"src/app\.js$", "", "import logger from 'koa-logger';"),
        (r"src/app\.js$", "", "import helmet from 'koa-helmet';"),
        (r"services/validation\.js$", "", "import Joi from 'joi';"),
        (r"services/slugs?\.js$", "", "import { nanoid } from 'nanoid';"),
    ),
}


@operator("node_undeclared_package_import", "startup.dependency.missing_package", stacks=NODE_STACKS)
def node_undeclared_package_import(app: AppSource) -> Iterator[Mutant]:
    """A module imports a helper package the app never declared or installed (dotenv, cors, joi, nanoid).

    Study: Node backends whose code loads ``dotenv``, ``cors``, ``helmet`` or a validation library
    the agent never added to package.json nor installed: "Error: Cannot find module 'dotenv'" or
    ERR_MODULE_NOT_FOUND at startup.
    """
    installed = _installed(app)
    for pattern, cjs, esm in _UNDECLARED.get(app.stack, ()):
        for path in [p for p in _src(app) if re.search(pattern, p)]:
            statement = esm if _is_esm(app, path) else cjs
            package = re.search(r"""(?:require\(|from |import )'([^']+)'""", statement)
            if not statement or package is None or package.group(1).split("/")[0] in installed:
                continue
            new = _insert_after_imports(app, path, statement)
            if new is not None and js.parses(new, path):
                yield (f"{path} imports {package.group(1)!r} (not installed)", {path: new})


#: A package -> a subpath of it that its package.json "exports" map does not export.
_UNEXPORTED = {"sequelize": "sequelize/types", "hono": "hono/hono", "@hono/node-server": "hono/node-server"}


@operator("node_package_subpath_not_exported", "startup.dependency.incompatible", stacks=(FASTIFY, HONO, KOA))
def node_package_subpath_not_exported(app: AppSource) -> Iterator[Mutant]:
    """A module imports a deep subpath the package does not export (``sequelize/types``, ``hono/node-server``).

    Study: ERR_PACKAGE_PATH_NOT_EXPORTED at startup: imports copied from type declarations, older
    versions or another package's layout (``hono/node-server`` for ``@hono/node-server``), which
    the package's "exports" map refuses.
    """
    for path in _src(app):
        specs = {(n.start_byte, n.end_byte) for n in _bare_specifiers(app, path)}

        def rewrite(node: Node) -> js.Span | None:
            deep = _UNEXPORTED.get(js.string_value(node) or "")
            return js.replace(node, _quoted(node, deep)) if deep else None

        yield from js.rewrite_each(app, [path], functools.partial(_at, specs), rewrite, describe=lambda n: f"{js.text(n)} imported from a subpath not exported")


# ----------------------------------------------------------------------------- startup.entrypoint

_ENTRY = re.compile(r"^(exec\s+.*?)(src/server\.js)\s*$", re.M)
_MISSING_ENTRIES = ("src/index.js", "index.js", "server.js", "src/main.js", "dist/server.js", "src/app.ts")


@operator("node_run_script_missing_entry", "startup.entrypoint.run_script", stacks=NODE_STACKS)
def node_run_script_missing_entry(app: AppSource) -> Iterator[Mutant]:
    """run.sh starts a file or npm script that does not exist (``node src/index.js``, ``npm run dev``).

    Study: run.sh written from a template (``node src/index.js``, ``node dist/server.js``, ``npm
    run dev``) for a project whose entry point is src/server.js: "Cannot find module
    '/app/src/index.js'" or "npm ERR! Missing script", and nothing listens.
    """
    script = app.files.get("run.sh", "")
    hit = _ENTRY.search(script)
    if hit is None:
        return
    for entry in _MISSING_ENTRIES:
        if entry not in app.files:
            new = script[: hit.start(2)] + entry + script[hit.end(2) :]
            yield (f"run.sh starts {entry} (missing)", {"run.sh": new})
    for command in ("npm run dev", "npm run start:prod"):
        new = script[: hit.start()] + f"exec {command}" + script[hit.end() :]
        yield (f"run.sh runs {command!r} (no such script)", {"run.sh": new})
    package = app.files.get("package.json", "")
    no_start = re.sub(r'\n\s*"start":\s*"[^"]*",?', "", package)
    if no_start != package:
        new = script[: hit.start()] + "exec npm start" + script[hit.end() :]
        yield ("run.sh runs 'npm start' and package.json has no start script", {"run.sh": new, "package.json": no_start})


_TYPE_FIELD = re.compile(r'\n(\s*)"type":\s*"module",?')


@operator("node_package_type_mismatch", "startup.entrypoint", stacks=NODE_STACKS)
def node_package_type_mismatch(app: AppSource) -> Iterator[Mutant]:
    """package.json's ``"type"`` does not match the code's module system: Node cannot load the entry point.

    Study: package.json rewritten by the agent (``npm init``, ``npm pkg set type=module``) for code
    in the other module system: "require is not defined in ES module scope" for CommonJS code
    marked ``"type": "module"``, "Cannot use import statement outside a module" for ES module
    code marked ``"type": "commonjs"``.
    """
    package = app.files.get("package.json", "")
    hit = _TYPE_FIELD.search(package)
    if hit is not None:
        # dropping the field is no defect on Node >= 20.19, which detects ES module syntax by itself
        commonjs = hit.group(0).replace('"module"', '"commonjs"')
        yield ('package.json: "type": "commonjs"', {"package.json": package[: hit.start()] + commonjs + package[hit.end() :]})
        return
    private = re.search(r'\n(\s*)"private":\s*true,', package)
    if private is not None:
        added = f'{private.group(0)}\n{private.group(1)}"type": "module",'
        yield ('package.json: "type": "module" added to CommonJS code', {"package.json": package[: private.start()] + added + package[private.end() :]})


def _config_port_value(node: Node) -> bool:
    """The value of ``port:`` in the object ``loadConfig`` returns."""
    parent = node.parent
    return parent is not None and parent.type == "pair" and js.text(parent.child_by_field_name("key")) == "port" and parent.child_by_field_name("value") == node


def _env_port(node: Node) -> bool:
    return node.type == "member_expression" and js.text(node) in ("env.PORT", "process.env.PORT")


def _listen_port(node: Node) -> bool:
    """``config.port`` as the port the server listens on (``listen(config.port, ...)`` or ``{ port: config.port }``)."""
    return node.type == "member_expression" and js.text(node) == "config.port" and node.parent is not None and node.parent.type in ("arguments", "pair")


@operator("node_port_ignored", "startup.entrypoint.port", stacks=NODE_STACKS)
def node_port_ignored(app: AppSource) -> Iterator[Mutant]:
    """The server ignores the PORT the harness sets: a hard-coded port or the wrong variable (``APP_PORT``).

    Study: Node servers listening on 3000/8080 whatever PORT says, or reading ``SERVER_PORT`` /
    ``APP_PORT``: the log says "listening on :3000" while every request to the harness's port is
    refused.
    """
    for path in [p for p in _src(app) if p.endswith("/config.js")]:
        for literal in ("3000", "8080"):
            yield from js.rewrite_each(app, [path], _config_port_value, _replaced_by(literal), describe=_says(f"port: {literal}"))
        for name in ("APP_PORT", "SERVER_PORT"):
            yield from js.rewrite_each(app, [path], _env_port, _renamed("PORT", name), describe=_says(f"reads {name}"))
    for path in [p for p in _src(app) if p.endswith("/server.js")]:
        # every ``config.port`` of the entry module, so its "listening on" line names the port it really uses
        uses = [n for n in js.find(app, path, "member_expression") if js.text(n) == "config.port"]
        for literal in ("5000", "8000"):
            yield from js.rewrite_each(app, [path], _listen_port, _all_replaced(uses, literal), describe=_says(f"listens on {literal}"), limit=1)


def _listen_call(node: Node) -> bool:
    return node.type == "call_expression" and js.callee_name(node) == "listen"


def _main_started(node: Node) -> bool:
    """``main().catch(...)``: the statement that starts a CommonJS server."""
    return node.type == "expression_statement" and js.text(node).startswith("main()")


def _serve_statement(node: Node) -> bool:
    return node.type == "lexical_declaration" and node.parent is not None and node.parent.type == "program" and "serve(" in js.text(node)


@operator("node_server_not_started", "startup.entrypoint.app_object", stacks=NODE_STACKS)
def node_server_not_started(app: AppSource) -> Iterator[Mutant]:
    """The entry module builds and exports the app (or a handler) but never listens: nothing serves the port.

    Study: serverless/Bun-style entry points (``export default { fetch: app.fetch }``,
    ``module.exports = app``, ``app.callback()``) run with plain ``node``: the process loads,
    exits or idles, and every request is refused.
    """
    for path in [p for p in _src(app) if p.endswith("/server.js")]:

        def unlisten(node: Node) -> js.Span | None:
            function = node.child_by_field_name("function")
            target = function.child_by_field_name("object") if function is not None else None
            if target is None:
                return None
            return js.replace(node, f"{js.text(target)}.ready()" if app.stack == FASTIFY else js.text(target))

        yield from js.rewrite_each(app, [path], _listen_call, unlisten, describe=lambda n: "listen() never called")
        if app.stack == KOA:
            yield from js.rewrite_each(
                app,
                [path],
                _listen_call,
                lambda n: js.replace(n, js.text(n).split(".listen(")[0] + ".callback()"),
                describe=lambda n: "handler only: callback()",
            )
        yield from js.rewrite_each(
            app, [path], _main_started, lambda n: js.replace(n, "module.exports = { main };"), describe=lambda n: "main exported, never run"
        )
        for export in ("export default { port: config.port, fetch: app.fetch };", "export default app;"):
            yield from js.rewrite_each(app, [path], _serve_statement, _replaced_by(export), describe=_says(repr(export)))


# ----------------------------------------------------------------------------- xfile.reference


def _has_default_export(source: str) -> bool:
    return re.search(r"^\s*export\s+default\b|^\s*module\.exports\s*=(?!\s*\{)", source, re.M) is not None


def _wiring(path: str) -> bool:
    """A module that assembles the app when it starts: server.js, app.js, an index.js (but the models')."""
    return re.search(r"^src/(server|app)\.js$|^src/(?!models/)[\w-]+/index\.js$", path) is not None


def _used_at_startup(app: AppSource, path: str, name: str) -> bool:
    """True when ``name`` is used outside callbacks (top level, or directly in a named function the wiring calls)."""
    for node in js.find(app, path, lambda n: n.type == "identifier" and js.text(n) == name):
        scope = next((a for a in js.ancestors(node) if a.type in ("arrow_function", "function_expression", "function_declaration", "method_definition")), None)
        if scope is None or scope.type == "function_declaration":
            if node.parent is not None and node.parent.type != "variable_declarator":
                return True
    return False


def _named_import_clause(node: Node) -> bool:
    """``{ a, b }`` of ``import { a, b } from './m.js'`` (no default import beside it)."""
    return node.type == "named_imports" and node.parent is not None and node.parent.type == "import_clause" and len(node.parent.named_children) == 1


def _destructured_require(node: Node) -> bool:
    """``{ a }`` of ``const { a } = require('./m')``: one name, taken from a project module."""
    if node.type != "object_pattern" or node.parent is None or node.parent.type != "variable_declarator":
        return False
    value = node.parent.child_by_field_name("value")
    if value is None or value.type != "call_expression" or js.callee_name(value) != "require":
        return False
    return len(node.named_children) == 1 and node.named_children[0].type == "shorthand_property_identifier_pattern"


@operator("node_default_import_of_named_export", "xfile.reference.import", stacks=NODE_STACKS)
def node_default_import_of_named_export(app: AppSource) -> Iterator[Mutant]:
    """A project module's named export is imported as its default (``import createApp from './app.js'``).

    Study: default-vs-named export mismatches between project files: "The requested module
    './app.js' does not provide an export named 'default'" (ES modules), or in CommonJS
    ``const createApp = require('./app')`` bound to the exports object, so the first call is
    "createApp is not a function".
    """
    for path in _src(app):
        targets: dict[tuple[int, int], str] = {}
        for spec in js.module_specifiers(app, path):
            target = js.resolve_module(app, path, js.string_value(spec) or "")
            if target is None or target.endswith(".json") or _has_default_export(app.files[target]):
                continue
            statement = spec.parent if spec.parent is not None and spec.parent.type == "import_statement" else None
            if statement is None and spec.parent is not None and spec.parent.parent is not None:
                declarator = spec.parent.parent.parent
                pattern = declarator.child_by_field_name("name") if declarator is not None and declarator.type == "variable_declarator" else None
                # CommonJS fails only where the name is used: only in the modules that wire the app at
                # startup, never for the driver only the other database loads
                if pattern is not None and _wiring(path) and not re.search(r"(postgres|sqlite)", target):
                    targets[(pattern.start_byte, pattern.end_byte)] = target
                continue
            for node in js.walk(statement) if statement is not None else []:
                if node.type == "named_imports":
                    targets[(node.start_byte, node.end_byte)] = target

        def eligible(node: Node, targets: dict[tuple[int, int], str] = targets, path: str = path) -> bool:
            if not _at(targets, node):
                return False
            return _named_import_clause(node) or (_destructured_require(node) and _used_at_startup(app, path, js.text(node.named_children[0])))

        def rewrite(node: Node) -> js.Span | None:
            names = [c for c in node.named_children if c.type in ("import_specifier", "shorthand_property_identifier_pattern")]
            if not names or any(c.child_by_field_name("alias") is not None for c in names):
                return None
            first = js.text(names[0])
            rest = ", ".join(js.text(c) for c in names[1:])
            return js.replace(node, f"{first}, {{ {rest} }}" if rest else first)

        yield from js.rewrite_each(app, [path], eligible, rewrite, describe=lambda n: f"{js.text(n)[:40]} imported as the default export")
