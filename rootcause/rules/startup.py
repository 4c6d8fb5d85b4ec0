"""Rules for runs whose server never came up: syntax, dependencies, entry point."""

from __future__ import annotations

import posixpath
import re

from rootcause.evidence.facts import Facts, server_did_not_start
from rootcause.parsing.frames import project_relpath
from rootcause.records import Evidence
from rootcause.rules.base import HEURISTIC, HIGH, INFERENCE, Verdict, rule
from rootcause.rules.match import (
    MAX_CODE_CHARS,
    catalogue_entry,
    exception_verdict,
    find_exception,
    library_misuse,
    line_verdict,
    requests_verdict,
    server_quiet,
    uses_data_library,
)

_SYNTAX_NAMES = ("SyntaxError", "IndentationError", "TabError")
_NO_MODULE = re.compile(r"No module named '(?P<mod>[\w.]{1,200})'")
_NODE_NO_MODULE = re.compile(r"Cannot find (?:module|package) '(?P<mod>[^']{1,500})'")
#: Node's ESM loader names the module whose import failed (its path, or a file: URL).
_IMPORTED_FROM = re.compile(r"' imported from (?:file://)?/\S{1,500}")
_NOT_INSTALLED = re.compile(r"[\w.-]{1,100} is not installed|requires? the [\w.-]{1,100} package|pip install [\w.\[\]-]{1,100}")
_PROJECT_TOP = re.compile(
    r"^(?:src|app|api|core|config|settings|routes|routers|services|repositories|repository|models|schemas|controllers|handlers|db|database|utils|domain|infrastructure|application|presentation|conduit|server|main)$"
)


def _loader_path(message: str) -> bool:
    """Node could not find a module given by absolute path (the entry file, not a require; an ES
    module's import names its importer: ``... imported from /app/src/app.js``)."""
    m = _NODE_NO_MODULE.search(message)
    return m is not None and m.group("mod").startswith("/") and _IMPORTED_FROM.search(message) is None


def project_modules(facts: Facts) -> set[str]:
    """Top-level module names the project itself has, from frame paths and known files."""
    names: set[str] = set()
    paths = [f.relpath for e in facts.exceptions for f in e.frames if f.is_project]
    paths += list(facts.files)
    for path in paths:
        parts = project_relpath(path).split("/")
        if parts and parts[0]:
            first = parts[0]
            names.add(first[:-3] if first.endswith(".py") else first)
    return names


def _is_project_module(module: str, facts: Facts) -> bool:
    top = module.split(".")[0]
    return top in project_modules(facts) or bool(_PROJECT_TOP.match(top))


#: Node's ES-module linking errors, raised as SyntaxError though the file parses.
_ESM_LINK = re.compile(r"Named export '[^'\n]{1,200}' not found|does not provide an export named")
_BABEL_SYNTAX = re.compile(r"^(?P<path>/[^:\n]{1,500}\.[cm]?[jt]sx?): [^\n]{1,500}\(\d{1,9}:\d{1,9}\)")


@rule("RC101", "startup.syntax", signals={"traceback"}, confidence=HIGH)
def syntax_error_in_project(facts: Facts) -> Verdict | None:
    """The server cannot start: a project file does not parse.

    Detects a SyntaxError, IndentationError or TabError (Python) or a SyntaxError
    (Node.js, including jest/babel's ``SyntaxError: /app/x.js: ... (5:21)``) whose location is in
    the project, not in a library. Nothing else can run until the file parses, so every failing
    request follows from it. Node's ES-module linking errors (``Named export 'x' not found``) are
    SyntaxErrors of a file that parses: those are imports (RC201).

    Fires on: ``File "/repository/app.py", line 12`` / ``SyntaxError: '(' was never closed``.
    Does not fire on: a SyntaxError raised by ``json.loads`` inside a request handler
    (``json.decoder.JSONDecodeError``), or one located in ``site-packages``.
    """

    def located_in_project(exc):
        if _ESM_LINK.search(exc.message):
            return False  # an import that does not resolve: a cross-file reference (RC201), not a parse error
        path = exc.syntax[0] if exc.syntax is not None else None
        if path is None and exc.language == "node":
            m = _BABEL_SYNTAX.match(exc.message)  # jest/babel: "SyntaxError: /app/x.js: Unterminated string constant. (5:21)"
            path = m.group("path") if m else None
        return path is not None and "site-packages" not in path and "node_modules" not in path and not path.startswith("node:")

    exc = find_exception(facts, names=_SYNTAX_NAMES, where=located_in_project)
    return exception_verdict(exc) if exc else None


@rule("RC102", "startup.dependency.missing_package", signals={"traceback"}, confidence=HIGH)
def missing_third_party_package(facts: Facts) -> Verdict | None:
    """A third-party package the code imports is not installed.

    Detects ``ModuleNotFoundError: No module named 'x'`` (Python) or ``Cannot find module 'x'``
    (Node.js) where ``x`` is not one of the project's own modules and not a relative path.
    The import fails at start-up, so the server never serves a request.

    Also detects an optional dependency a library asks for (``ImportError: email-validator is
    not installed``).

    Fires on: ``ModuleNotFoundError: No module named 'jwt'``; ``Error: Cannot find module 'jsonwebtoken'``.
    Does not fire on: ``No module named 'src.repositories.user_repo'`` (a project module:
    see RC202) or ``Cannot find module './routes/users'``.
    """
    for exc in facts.exceptions:
        m = _NO_MODULE.search(exc.message) if exc.language == "python" else _NODE_NO_MODULE.search(exc.message)
        if not m:
            continue
        module = m.group("mod")
        if exc.language == "node":
            if module.startswith((".", "/")) or module.startswith("node:"):
                continue
            return exception_verdict(exc)
        if not _is_project_module(module, facts):
            return exception_verdict(exc)
    optional = find_exception(facts, names=("ImportError", "ModuleNotFoundError", "RuntimeError"), message=_NOT_INSTALLED)
    if optional:
        return exception_verdict(optional)
    line = facts.search(re.compile(r"npm ERR! 404 Not Found|ERR_PNPM_FETCH_404|No matching distribution found for|Could not find a version that satisfies"))
    return line_verdict(line) if line else None


@rule("RC103", "startup.dependency.incompatible", signals={"traceback", "log"}, confidence=INFERENCE)
def incompatible_dependency(facts: Facts) -> Verdict | None:
    """An installed package does not offer what the code expects (version or API mismatch).

    Detects ``ImportError: cannot import name 'X' from 'pkg'`` where ``pkg`` is installed in
    ``site-packages``/``node_modules``, ``ERR_REQUIRE_ESM``, ``npm ERR! ERESOLVE``, a package
    that needs a newer interpreter, or a native package that fails to build in the
    environment (``gyp ERR!``, ``Failed building wheel``). The code was written against
    another version or environment.

    Fires on: ``ImportError: cannot import name 'url_quote' from 'werkzeug.urls' (/usr/local/lib/python3.12/site-packages/werkzeug/urls.py)``.
    Does not fire on: ``cannot import name 'UserRepository' from 'src.repositories.user' (/repository/src/repositories/user.py)``.
    """
    exc = find_exception(facts, names=("ImportError",), message=re.compile(r"cannot import name .{0,300}(?:site-packages|dist-packages)"))
    if exc:
        return exception_verdict(exc)
    exc = find_exception(facts, message=re.compile(r"ERR_REQUIRE_ESM|require\(\) of ES Module|is not a constructor.{0,100}node_modules"))
    if exc:
        return exception_verdict(exc)
    line = facts.search(
        re.compile(
            r"npm (?:ERR!|error) (?:code )?ERESOLVE|requires a different Python|Requires-Python|ERR_REQUIRE_ESM|ERR_PACKAGE_PATH_NOT_EXPORTED|gyp ERR!|node-pre-gyp ERR!|Failed building wheel for|Failed to build installable wheels"
        )
    )
    return line_verdict(line) if line else None


@rule("RC104", "startup.dependency.build", signals={"log"}, confidence=HIGH, also=("startup", "xfile.reference"))
def typescript_build_error(facts: Facts) -> Verdict | None:
    """The project does not compile (TypeScript), so no server is built.

    Detects compiler diagnostics ``error TS1234:`` from ``tsc`` (or tsx/ts-node type errors) in
    the server or setup output. The build step fails before the server starts. The first
    diagnostic names the cause: a syntax error (``TS1005``) is ``startup.syntax``; a project file
    importing what another does not export (``TS2307`` of a relative module, ``TS2305``,
    ``TS2614``, ...) is ``xfile.reference.import`` (the build, hence the start, fails);
    ``TS2307`` of a package is ``startup.dependency.missing_package``; for other diagnostics the
    error catalogue's entry decides (``TS2339`` on a project type is ``xfile.reference.attribute``,
    on Express's ``Request`` a build failure), and a code it does not know stays a build failure.

    Fires on: ``src/routes/articles.ts(42,17): error TS2339: Property 'slug' does not exist on type 'Article'.``
    Does not fire on: a log that only mentions ``tsc`` in the npm script banner (``> tsc``).
    """
    line = facts.search(re.compile(r"\berror TS\d{3,5}\b|TSError: ⨯ Unable to compile TypeScript"))
    if line is None:
        return None
    return line_verdict(line, root_cause=_typescript_root_cause(facts))


#: TypeScript diagnostics by what they say about the project (the TS code, then the message).
_TS_SYNTAX = frozenset({"TS1002", "TS1003", "TS1005", "TS1009", "TS1010", "TS1109", "TS1110", "TS1128", "TS1131", "TS1135", "TS1136", "TS1357", "TS1434"})
#: Imports of what a project module does not export.
_TS_CROSS_FILE = frozenset({"TS2305", "TS2306", "TS2614", "TS2724", "TS2459", "TS2460"})
_TS_MODULE = re.compile(r"Cannot find module '(?P<module>[^'\n]{1,300})'")


def _typescript_root_cause(facts: Facts) -> str:
    """What the first compiler diagnostic says: a syntax error, a project file using what another
    does not define (the build fails, so the server never starts), a package that is not there,
    or another build failure."""
    diagnostics = [e for e in facts.exceptions if re.fullmatch(r"TS\d{3,5}", e.type)]
    if not diagnostics:
        return "startup.dependency.build"
    first = diagnostics[0]
    if first.type in _TS_SYNTAX:
        return "startup.syntax"
    if first.type in ("TS2307", "TS2792", "TS2835"):
        module = _TS_MODULE.search(first.message)
        if module and not module.group("module").startswith("."):
            return "startup.dependency.missing_package"
        return "xfile.reference.import"
    if first.type in _TS_CROSS_FILE:
        return "xfile.reference.import"
    entry = catalogue_entry(first, facts)
    return entry.root_cause if entry is not None else "startup.dependency.build"


@rule("RC105", "startup.entrypoint.port", signals={"traceback", "log"}, confidence=HIGH)
def port_unavailable(facts: Facts) -> Verdict | None:
    """The server could not bind its port.

    Detects ``OSError: [Errno 98] Address already in use``, ``EADDRINUSE``, or a permission
    error on bind. The process exits at start-up and the test client reaches nothing.

    Fires on: ``Error: listen EADDRINUSE: address already in use :::3000``.
    Does not fire on: a healthy ``Server listening on port 3000`` line.
    """
    pattern = re.compile(r"Address already in use|EADDRINUSE|error while attempting to bind on address|listen EACCES")
    exc = find_exception(facts, message=pattern)
    if exc:
        return exception_verdict(exc)
    line = facts.search(pattern)
    return line_verdict(line) if line else None


@rule("RC106", "startup.entrypoint.run_script", signals={"log", "traceback"}, confidence=HIGH)
def run_script_missing(facts: Facts) -> Verdict | None:
    """The entry command cannot be found: run script, package.json or entry file is missing.

    Detects ``./run.sh: not found``, ``run.sh: No such file or directory``, npm's
    ``Could not read package.json`` / ``ENOENT ... package.json``, ``Missing script: "start"``,
    and Node's ``Cannot find module '/abs/path/index.js'`` raised by the loader itself (no
    project module in the require stack).

    Fires on: ``sh: 1: ./run.sh: not found``; ``Error: Cannot find module '/root/src/index.js'`` with an empty require stack.
    Does not fire on: ``Cannot find module './routes/users'`` required from ``/repository/src/app.js`` (RC202).
    """
    line = facts.search(
        re.compile(
            r"run\.sh: (?:\d+: )?(?:not found|No such file or directory|Permission denied)|Could not read package\.json|ENOENT.{0,200}package\.json|Missing script: \"?start|npm (?:ERR!|error) missing script|^error: unexpected argument '--[\w-]{1,40}' found|no such option: --[\w-]{1,40}"
        )
    )
    if line:
        return line_verdict(line)
    exc = find_exception(
        facts, message=_NODE_NO_MODULE, where=lambda e: e.language == "node" and _loader_path(e.message) and not any(f.is_project for f in e.frames)
    )
    if exc:
        return exception_verdict(exc)
    line = facts.search(re.compile(r"(?:^|/)python[\d.]{0,5}: can't open file .{1,300}\[Errno 2\] No such file or directory"))
    return line_verdict(line) if line else None


@rule("RC107", "startup.entrypoint.app_object", signals={"log", "traceback"}, confidence=HIGH)
def app_object_not_found(facts: Facts) -> Verdict | None:
    """The server process starts but cannot find or load the application object.

    Detects uvicorn's ``Error loading ASGI app``, ``Attribute "app" not found in module``,
    gunicorn's ``Failed to find attribute`` and Flask's ``Could not locate a Flask application``.
    Django's ``AppRegistryNotReady`` is not one: models imported while the apps load are an
    import-order problem of the project (``startup.init_error``, the error catalogue's entry).

    Also detects the app object being something else than the server (``app.listen is not
    a function``, ``listeningListener is not a function``).

    Fires on: ``ERROR:    Error loading ASGI app. Attribute "app" not found in module "main".``
    Does not fire on: ``INFO:     Application startup complete.``
    """
    line = facts.search(
        re.compile(
            r"Error loading ASGI app|Attribute \"?\w+\"? not found in module|Failed to find attribute '\w+' in|Could not locate a Flask application|Failed to find Flask application"
        )
    )
    if line:
        return line_verdict(line)
    exc = find_exception(
        facts,
        message=re.compile(
            r"^(?:app|server|fastify|this\.app)\.(?:listen|use|get|register) is not a function|listeningListener is not a function|app\.run is not a function|is not a valid ASGI|ASGI app"
        ),
    )
    return exception_verdict(exc) if exc else None


_LOADER_FRAMES = re.compile(r"Module\._compile|node:internal/main/run_main_module|node:internal/modules/(?:cjs/loader|esm/module_job)|ModuleJob\.run")


def _raised_while_loading(exc) -> bool:
    """True when the stack shows module loading, not request handling."""
    if exc.language == "python":
        # Module-level code runs only on import: the outermost project frame tells.
        project = exc.project_frames
        return bool(project) and project[0].function == "<module>"
    return any(_LOADER_FRAMES.search(f"{f.function or ''} {f.path}") for f in exc.frames) and any(f.is_project for f in exc.frames)


@rule("RC109", "startup.init_error", signals={"traceback"}, confidence=INFERENCE, also=("contract", "data", "framework", "startup", "xfile.reference"))
def crash_while_loading_the_app(facts: Facts) -> Verdict | None:
    """The server crashes while its modules load, before it serves a request.

    Detects an exception (of a kind the more specific start-up rules do not name) whose
    stack is module loading: the outermost project frame is module-level code (``<module>``)
    in Python, or Node's module loader (``Module._compile``, ``run_main_module``) is on the stack.
    Whatever the defect, the run fails as a start-up failure; when the exception says the
    database cannot be reached or opened (refused connection, unknown role or database, a
    database file that cannot be opened), the diagnosis is ``startup.database``; when the error
    catalogue knows the exception (``rootcause explain <name>``), its root cause is the diagnosis
    (a ``NameError`` at import is ``xfile.reference.undefined_name``, not just a crash).

    Fires on: ``TypeError: Cannot read properties of undefined (reading 'STRING')`` at
    ``src/models/user.js:5`` with ``Module._compile`` on the stack.
    Does not fire on: the same TypeError raised in a route handler during a request.
    """
    ignored = {"SyntaxError", "IndentationError", "TabError", "ModuleNotFoundError", "ImportError"}
    exc = find_exception(facts, where=lambda e: not (e.names & ignored) and "Cannot find module" not in e.message and _raised_while_loading(e))
    if exc is None:
        return None
    if _DATABASE_UNREACHABLE.search(exc.headline[:2000] + "\n" + exc.full_text()[:2000]):
        return exception_verdict(exc, root_cause="startup.database", message="The server cannot reach or open its database while it starts.")
    misuse = library_misuse(exc, facts)
    if misuse is not None:
        return exception_verdict(
            exc, root_cause=misuse[0], message="The server crashes while its modules load: the code uses an API its library does not have."
        )
    entry = catalogue_entry(exc, facts)
    if entry is not None:
        return exception_verdict(exc, root_cause=entry.root_cause, message=f"The server crashes while its modules load: {entry.summary} [catalogue {entry.id}]")
    return exception_verdict(exc)


#: Calls and imports of APIs that current releases removed: (pattern over the code, what was removed).
_REMOVED_APIS: tuple[tuple[re.Pattern[str], str], ...] = (
    (
        re.compile(r"\bsend_file\([^)]{0,500}?\b(?:attachment_filename|cache_timeout|add_etags)[ \t]*="),
        "send_file's attachment_filename/cache_timeout/add_etags (removed in Flask 2.2)",
    ),
    (re.compile(r"^[ \t]*@[\w.]{1,60}\.before_first_request\b", re.MULTILINE), "before_first_request (removed in Flask 2.3)"),
    (
        re.compile(r"^[ \t]*from[ \t]+flask[ \t]+import[^\n]{0,300}\b(?:_app_ctx_stack|_request_ctx_stack|Markup|escape|safe_join)\b", re.MULTILINE),
        "a name Flask 2.3/3.0 no longer exports",
    ),
    (
        re.compile(r"^[ \t]*from[ \t]+werkzeug(?:\.urls)?[ \t]+import[^\n]{0,300}\burl_(?:quote|encode|decode)\b", re.MULTILINE),
        "werkzeug.urls helpers (removed in Werkzeug 3.0)",
    ),
    (
        re.compile(r"^[ \t]*from[ \t]+pydantic[ \t]+import[^\n]{0,300}\bBaseSettings\b", re.MULTILINE),
        "pydantic.BaseSettings (moved to pydantic-settings in pydantic 2)",
    ),
    (re.compile(r"\bjwt\.encode\([^\n]{0,300}\)\.decode\("), "bytes from jwt.encode (PyJWT 2 returns str)"),
    (re.compile(r"\bengine\.execute\("), "Engine.execute (removed in SQLAlchemy 2.0)"),
)


@rule("RC112", "startup.dependency.incompatible", signals={"static", "http"}, confidence=INFERENCE)
def removed_api_called(facts: Facts) -> Verdict | None:
    """The code calls an API that current releases of its library removed, and a request failed with 5xx.

    Detects, in the run's code, calls and imports of APIs that current releases removed
    (``send_file(..., attachment_filename=...)``, ``@app.before_first_request``, ``from werkzeug.urls
    import url_quote``, ``from pydantic import BaseSettings``, ``jwt.encode(...).decode(...)``,
    ``engine.execute(...)``), in a run where a request was answered 5xx or not at all and no
    exception in the log explains it (a handler's broad ``except`` turned the library's
    ``TypeError`` into a bare 500). The code was written for an older version of the library.
    The code is parsed, never run.

    Fires on: ``POST 'http://localhost:5000/convert' not ok: 500`` with ``send_file(buf, attachment_filename='out.txt')``.
    Does not fire on: the same code in a run whose log holds a traceback (the traceback's own rule decides).
    """
    if not facts.whole_files or not server_quiet(facts):
        return None
    failed = [r for r in facts.failing_requests if r.status is None or r.status >= 500]
    if not failed:
        return None
    for path, text in facts.files.items():
        if not isinstance(text, str):
            continue
        text = text[:MAX_CODE_CHARS]
        for pattern, what in _REMOVED_APIS:
            if m := pattern.search(text):
                static = Evidence(kind="static", text=f"uses {what}", path=path, line=text.count("\n", 0, m.start()) + 1)
                verdict = requests_verdict(failed)
                return Verdict(evidence=[*verdict.evidence, static], position=verdict.position)
    return None


#: A database that cannot be reached or opened: refused connections, unknown role or database, bad password, a file that cannot be opened.
_DATABASE_UNREACHABLE = re.compile(
    r"ECONNREFUSED [\d.:\[\]a-f]{0,60}:(?:5432|3306|27017)\b|port (?:5432|3306)\D{0,40}(?:refused|failed)|"
    r"connection to server .{0,200}(?:refused|failed)|could not connect to (?:server|database)|Can't connect to MySQL server|"
    r"role \"[^\"\n]{1,100}\" does not exist|database \"[^\"\n]{1,100}\" does not exist|password authentication failed|"
    r"unable to open database file|SQLITE_CANTOPEN|Cannot open database|no pg_hba\.conf entry|"
    r"Sequelize(?:Connection(?:Refused)?|HostNotFound|AccessDenied|ConnectionTimedOut)Error",
    re.IGNORECASE,
)


@rule("RC110", "startup.database", signals={"traceback", "log"}, confidence=INFERENCE)
def database_unreachable(facts: Facts) -> Verdict | None:
    """The server cannot reach or open its database.

    Detects a refused connection to the database (``ECONNREFUSED ...:5432``, libpq's
    ``connection to server ... failed``, Sequelize's ``ConnectionRefusedError``), a role or
    database the server does not have, a failed password, or a database file that cannot be
    opened. Every request that needs the database fails after it, whatever the code does. A
    refused connection on any port, or a host name that does not resolve (``getaddrinfo
    ENOTFOUND``), counts when a database driver raised it or its text names a database. A
    refused connection with nothing naming a database (a test client polling a server that
    is not up yet) is not this.

    Fires on: ``ConnectionRefusedError [SequelizeConnectionRefusedError]: connect ECONNREFUSED 127.0.0.1:5432``.
    Does not fire on: ``sorry, too many clients already`` (the database answers; the pool is the problem).
    """
    exc = find_exception(facts, where=lambda e: bool(_DATABASE_UNREACHABLE.search(e.headline[:2000] + "\n" + e.full_text()[:2000])))
    if exc is not None:
        return exception_verdict(exc)
    line = facts.search(_DATABASE_UNREACHABLE)
    if line:
        return line_verdict(line)
    # Any refused connection or unknown host, when the database's own code raised it or the text names a database.
    exc = find_exception(
        facts,
        where=lambda e: (
            bool(_NETWORK_ERROR.search(e.headline[:2000]))
            and (
                uses_data_library(e) or any(_DATABASE_LIBRARY.match(f.library or "") for f in e.frames) or bool(_DATABASE_CONTEXT.search(e.full_text()[:3000]))
            )
        ),
    )
    if exc is not None:
        return exception_verdict(exc)
    line = next((line for line in facts.search_all(_NETWORK_ERROR, limit=20) if _DATABASE_CONTEXT.search(line.text[:1000])), None)
    return line_verdict(line) if line else None


#: A connection that was refused or a host name that did not resolve.
_NETWORK_ERROR = re.compile(
    r"ECONNREFUSED|ENOTFOUND|EAI_AGAIN|getaddrinfo|Name or service not known|could not translate host name|Temporary failure in name resolution|nodename nor servname"
)
#: Libraries (as frames name them) that talk to a database.
_DATABASE_LIBRARY = re.compile(
    r"(?:pg|pg-pool|mysql2?|sequelize|knex|typeorm|mongodb|mongoose|@prisma|drizzle-orm|postgres|psycopg2?|asyncpg|sqlalchemy|django/db|peewee|tortoise)\b"
)
#: Text that names a database, its driver or its URL.
_DATABASE_CONTEXT = re.compile(
    r"node_modules/(?:pg|pg-pool|mysql2?|sequelize|knex|typeorm|mongodb|mongoose|@prisma|drizzle-orm|postgres)/|psycopg|asyncpg|sqlalchemy|\bdatabase\b|DATABASE_URL|\bdb\b",
    re.IGNORECASE,
)


_LISTENING_PORT = re.compile(r"(?:listening|running|started|serving)\b[^\n]{0,60}?(?:\bport |:)(?P<port>\d{2,5})\b", re.IGNORECASE)
_CLIENT_PORT = re.compile(r"https?://[\w.\[\]:-]{1,100}?:(?P<a>\d{2,5})\b|\bport (?P<b>\d{2,5})\b")


@rule("RC108", "startup.entrypoint", signals={"http", "log"}, confidence=HEURISTIC)
def server_never_answered(facts: Facts) -> Verdict | None:
    """No request got any response: the server was not reachable at all.

    Detects a run where every request of the contract suite came back with no status
    (connection refused), the signature of a server that never started or listened on
    the wrong host/port. When the log shows the server listening on another port than the
    one the client calls, or only on a loopback address (``[::1]``, ``127.0.0.1``), the
    diagnosis is the port or bind address.

    Fires on: ``Register POST → : 6 failed`` ... every request with an empty status.
    Does not fire on: a run where the first requests answered and later ones got no
    response (a crash mid-run, explained by the exception in the log).
    """
    requests = facts.requests
    if not requests or any(r.status is not None for r in requests):
        return None
    listening = facts.search(_LISTENING_PORT)
    asked = next((m for r in requests for text in r.messages if (m := _CLIENT_PORT.search(text))), None)
    if listening and asked:
        served = _LISTENING_PORT.search(listening.text)
        wanted = asked.group("a") or asked.group("b")
        if served and served.group("port") != wanted:
            return _listens_elsewhere(requests, listening, f"The server listens on port {served.group('port')}, the client calls port {wanted}.")
    loopback = facts.search(re.compile(r"(?:listening|running|started|serving).{0,40}(?:\[::1\]|127\.0\.0\.1)(?::\d+)?", re.IGNORECASE))
    if loopback:
        return _listens_elsewhere(requests, loopback, "The server listens only on a loopback address, so the test client cannot reach it.")
    return requests_verdict(requests)


def _listens_elsewhere(requests, line, message: str) -> Verdict:
    """startup.entrypoint.port: the unanswered requests and the log line saying where the server listens."""
    verdict = requests_verdict(requests, root_cause="startup.entrypoint.port", confidence=INFERENCE, message=message)
    return Verdict(
        evidence=[*verdict.evidence[:2], *line_verdict(line).evidence],
        root_cause=verdict.root_cause,
        confidence=verdict.confidence,
        message=verdict.message,
        position=verdict.position,
    )


#: What a harness raises while it waits for a server that never listens (its own error, not the server's).
_WAITING_ERRORS = frozenset(
    {"TimeoutError", "ConnectionRefusedError", "ConnectionError", "ConnectTimeout", "ReadTimeout", "MaxRetryError", "NewConnectionError"}
)
_EXITED_CLEANLY = re.compile(r"(?:exited with code 0\b|stopped \(rc=0\)|exit(?:ed)? (?:code|status) 0\b|Process finished with exit code 0\b)", re.IGNORECASE)
_PY_APP = re.compile(r"^[ \t]*\w{1,40}[ \t]*=[ \t]*(?:FastAPI|Flask|Starlette|Quart|Sanic|web\.Application)\(", re.MULTILINE)
_PY_RUNS = re.compile(r"\b(?:uvicorn|hypercorn|waitress|bjoern)\.(?:run|serve)\(|\.run\(|\brun_app\(|\bserve\(|\bmake_server\(")
_PY_IMPORT_STRING = re.compile(r"\buvicorn\.run\([ \t]*['\"](?P<module>[\w.]{1,100}):(?P<attr>\w{1,100})['\"]")
_JS_APP = re.compile(r"\bexpress\(\)|\b[Ff]astify\(|\bnew[ \t]+(?:Koa|Hono)\(|\bcreateServer\(")
_JS_LISTENS = re.compile(r"\.listen\(|\bserve\(")
_JS_FUNCTION = re.compile(
    r"(?:\bfunction[ \t]+(?P<a>[\w$]{1,60})[ \t]*\(|\b(?:const|let|var)[ \t]+(?P<b>[\w$]{1,60})[ \t]*=[ \t]*(?:async[ \t]+)?(?:function\b|\([^)\n]{0,200}\)[ \t]*=>|[\w$]{1,40}[ \t]*=>))"
)


def _never_started(path: str, text: str) -> tuple[str, int] | None:
    """(what is wrong, line) when a program builds a server and never starts it."""
    if path.endswith(".py"):
        app = _PY_APP.search(text)
        if app is None:
            return None
        if m := _PY_IMPORT_STRING.search(text):
            module = m.group("module").replace(".", "/")
            if posixpath.basename(path) != posixpath.basename(module) + ".py":
                return f"uvicorn is told to import {m.group('module')}:{m.group('attr')}, but the app is in {path}", text.count("\n", 0, m.start()) + 1
        if not _PY_RUNS.search(text):
            return "the app is built but no server is ever run", text.count("\n", 0, app.start()) + 1
        return None
    if path.endswith((".js", ".mjs", ".cjs", ".ts")):
        app = _JS_APP.search(text)
        if app is None or re.search(r"\bmodule\.exports\b|^[ \t]*export\b", text, re.MULTILINE):
            return None  # an exported app is started by whoever imports it
        listen = _JS_LISTENS.search(text)
        if listen is None:
            return "the app is built but never listens", text.count("\n", 0, app.start()) + 1
        enclosing = None
        for m in _JS_FUNCTION.finditer(text, 0, listen.start()):
            enclosing = m
        name = enclosing.group("a") or enclosing.group("b") if enclosing else None
        if enclosing and name and len(re.findall(rf"(?<![\w$.]){re.escape(name)}\b", text)) == 1:
            return f"the server is started in {name}(), which is never called", text.count("\n", 0, enclosing.start()) + 1
    return None


@rule("RC111", "startup.entrypoint.run_script", signals={"log", "http", "static"}, confidence=INFERENCE)
def server_never_started(facts: Facts) -> Verdict | None:
    """The program builds a web app but never starts a server, so nothing listens.

    Detects a run where the server did not come up (a harness's ``Server did not start``, the
    process ending with exit code 0, or no request answered) with no exception, whose code
    builds an app and never runs it: no ``uvicorn.run``/``app.run`` (``python app.py`` defines the
    app and exits), ``uvicorn.run("main:app")`` in a file that is not ``main.py``, no
    ``listen()`` in a Node program, or ``listen()`` inside a start function nobody calls.

    Fires on: ``Server did not start in time`` with ``app = FastAPI()`` and no ``uvicorn.run`` in ``app.py``.
    Does not fire on: the same code when the log holds a traceback; an app that exports itself for a runner.
    """
    if not facts.whole_files or not server_quiet(facts, assertions=(), tolerated=_WAITING_ERRORS):
        return None
    down = server_did_not_start(facts) or facts.search(_EXITED_CLEANLY)
    if down is None and not (facts.requests and all(r.status is None for r in facts.requests)):
        return None
    for path, text in facts.files.items():
        if isinstance(text, str) and (found := _never_started(path, text[:MAX_CODE_CHARS])):
            what, line = found
            static = Evidence(kind="static", text=what, path=path, line=line)
            if down is not None:
                return Verdict(evidence=[*line_verdict(down).evidence, static], position=float(down.line))
            verdict = requests_verdict(facts.requests)
            return Verdict(evidence=[*verdict.evidence[:2], static], position=verdict.position)
    return None


RULES = (
    syntax_error_in_project,
    missing_third_party_package,
    incompatible_dependency,
    typescript_build_error,
    port_unavailable,
    run_script_missing,
    server_never_started,
    app_object_not_found,
    crash_while_loading_the_app,
    database_unreachable,
    server_never_answered,
    removed_api_called,
)

__all__ = ["RULES", "project_modules"]
