"""Rules for cross-file incoherence: names, modules, attributes and signatures that do not line up."""

from __future__ import annotations

import re

from rootcause.evidence.facts import Facts
from rootcause.evidence.names import is_request_body
from rootcause.rules.base import HIGH, INFERENCE, Verdict, rule
from rootcause.rules.match import exception_verdict, find_exception, library_misuse
from rootcause.rules.startup import _IMPORTED_FROM, _NO_MODULE, _NODE_NO_MODULE, _is_project_module

_CANNOT_IMPORT = re.compile(r"cannot import name '(?P<name>\w{1,200})' from '(?P<mod>[\w.]{1,300})'")
_CIRCULAR = re.compile(r"most likely due to a circular import|partially initialized module")
_BUILTIN_TYPES = frozenset(
    "NoneType str int float bool dict list tuple set bytes coroutine function method module type object "
    "Response Request Row Decimal datetime date UUID generator async_generator Query Select Result ScalarResult".split()
)
_NO_ATTRIBUTE = re.compile(
    r"^'(?P<owner>\w{1,200})' object has no attribute '(?P<attr>\w{1,200})'|^type object '(?P<cls>\w{1,200})' has no attribute '(?P<cattr>\w{1,200})'|^module '(?P<mod>[\w.]{1,200})' has no attribute '(?P<mattr>\w{1,200})'"
)
_PYDANTIC_NO_FIELD = re.compile(r'^"(?P<owner>\w{1,200})" object has no field "(?P<attr>\w{1,200})"')
_NODE_NOT_FUNCTION = re.compile(r"^(?P<expr>[\w$.]{1,200}\.(?P<attr>[\w$]{1,100})) is not a function$")
#: Methods of JavaScript's own types: "x.map is not a function" means x has the wrong type, not that a project method is missing.
_BUILTIN_METHODS = frozenset(
    "map filter forEach reduce find some every includes indexOf join push slice splice sort concat keys values entries "
    "get set has then catch toJSON toString toISOString toLowerCase toUpperCase trim split replace startsWith endsWith json text "
    "getTime call apply bind flat flatMap at fill".split()
)
_SIGNATURE = re.compile(
    r"got an unexpected keyword argument|missing \d+ required (?:positional|keyword-only) argument|takes (?:from )?\d+ (?:to \d+ )?positional arguments? but \d+ (?:were|was) given|got multiple values for argument"
)


@rule("RC201", "xfile.reference.import", signals={"traceback"}, confidence=HIGH)
def import_of_undefined_project_name(facts: Facts) -> Verdict | None:
    """A project module imports a name another project module never defines.

    Detects ``ImportError: cannot import name 'X' from 'pkg.mod'`` where ``pkg.mod`` is the
    project's own (its file is not under ``site-packages``) and the message does not point
    at a circular import. One file was written against a version of another that does not
    exist: the classic multi-file incoherence.

    Fires on: ``ImportError: cannot import name 'UserRepository' from 'src.repositories.user_repository' (/repository/src/repositories/user_repository.py)``.
    Does not fire on: ``cannot import name 'url_quote' from 'werkzeug.urls' (/usr/local/lib/python3.12/site-packages/werkzeug/urls.py)`` (RC103).
    """
    exc = find_exception(
        facts,
        names=("ImportError",),
        message=_CANNOT_IMPORT,
        where=lambda e: not _CIRCULAR.search(e.message) and "site-packages" not in e.message and "dist-packages" not in e.message,
    )
    if exc:
        return exception_verdict(exc)
    # Node ESM: "The requested module './x.js' does not provide an export named 'y'", or a named import
    # from a project CommonJS module whose exports Node cannot see ("Named export 'y' not found").
    exc = find_exception(facts, message=re.compile(r"does not provide an export named|Named export '[^'\n]{1,200}' not found\. The requested module '\.{1,2}/"))
    return exception_verdict(exc) if exc else None


@rule("RC202", "xfile.reference.import", signals={"traceback"}, confidence=HIGH)
def missing_project_module(facts: Facts) -> Verdict | None:
    """A project file imports a project module that does not exist.

    Detects ``ModuleNotFoundError: No module named 'src.x'`` where the top-level package is
    the project's own, Node's ``Cannot find module './x'`` (a relative path) required from a
    project file, and the ES-module loader's ``Cannot find module '/app/src/x.js' imported from
    /app/src/app.js`` (it resolves the relative import to an absolute path first) when neither
    path is under ``node_modules``.

    Fires on: ``Error: Cannot find module './routes/users'`` with ``Require stack: - /repository/src/app.js``.
    Does not fire on: ``No module named 'jwt'`` (a missing package: RC102).
    """
    for exc in facts.exceptions:
        if exc.language == "python":
            m = _NO_MODULE.search(exc.message)
            if m and exc.short_type == "ModuleNotFoundError" and _is_project_module(m.group("mod"), facts):
                return exception_verdict(exc)
        else:
            m = _NODE_NO_MODULE.search(exc.message)
            if m and m.group("mod").startswith("."):
                return exception_verdict(exc)
            importer = _IMPORTED_FROM.search(exc.message)
            if m and importer and m.group("mod").startswith("/") and "/node_modules/" not in m.group("mod") + importer.group(0):
                return exception_verdict(exc)
    return None


@rule("RC203", "xfile.reference.circular_import", signals={"traceback"}, confidence=HIGH)
def circular_import(facts: Facts) -> Verdict | None:
    """Two project modules import each other at module level and one is used half-initialised.

    Detects Python's ``(most likely due to a circular import)`` and ``partially initialized
    module`` messages. The cycle breaks start-up.

    Fires on: ``ImportError: cannot import name 'db' from partially initialized module 'app' (most likely due to a circular import)``.
    Does not fire on: a plain ``cannot import name`` without those words (RC201).
    """
    exc = find_exception(facts, message=_CIRCULAR)
    return exception_verdict(exc) if exc else None


@rule("RC204", "xfile.reference.attribute", signals={"traceback"}, confidence=INFERENCE)
def undefined_project_attribute(facts: Facts) -> Verdict | None:
    """Code calls an attribute or method that the project's class or module never defines.

    Detects ``AttributeError: 'User' object has no attribute 'to_profile_dict'`` (and the
    ``type object``/``module`` forms), pydantic's ``"Comment" object has no field
    "article_slug"``, and Node's ``x.y is not a function`` raised in a project frame. The
    owner must be a project type, not a builtin (``NoneType``, ``dict``, ``coroutine``...).

    Fires on: ``AttributeError: 'User' object has no attribute 'to_profile_dict'`` at ``/repository/app.py:438``.
    Does not fire on: ``AttributeError: 'NoneType' object has no attribute 'id'`` (a missing
    row, not a missing definition) or ``'coroutine' object has no attribute`` (RC404).
    """

    def project_owner(exc):
        if exc.deepest_project_frame is None:
            return False
        m = _NO_ATTRIBUTE.search(exc.message) or _PYDANTIC_NO_FIELD.search(exc.message)
        if m:
            owner = m.groupdict().get("owner") or m.groupdict().get("cls") or m.groupdict().get("mod") or ""
            return owner not in _BUILTIN_TYPES and not owner.startswith("_")
        if exc.language == "node" and exc.short_type == "TypeError":
            nm = _NODE_NOT_FUNCTION.search(exc.message)
            return (
                bool(nm)
                and nm.group("attr") not in _BUILTIN_METHODS
                and not exc.message.startswith(("res.", "ctx.", "req.", "reply.", "c.", "this.raw."))
                and not is_request_body(nm.group("expr"), facts.files)
            )
        return False

    exc = find_exception(facts, names=("AttributeError", "ValueError", "TypeError"), where=lambda e: project_owner(e) and library_misuse(e, facts) is None)
    return exception_verdict(exc) if exc else None


@rule("RC205", "xfile.reference.signature", signals={"traceback"}, confidence=INFERENCE, also=("framework.wiring.dependency_injection",))
def call_signature_mismatch(facts: Facts) -> Verdict | None:
    """A call's arguments do not fit the signature of the project function it calls.

    Detects ``TypeError`` messages about unexpected keyword arguments, missing required
    arguments or too many positional arguments, raised with the deepest frame in the
    project: the caller and callee (often in different layers) disagree. A missing ``self``
    is a method called on the class itself: the class was wired in where an instance belongs
    (``framework.wiring.dependency_injection``).

    Fires on: ``TypeError: ArticleService.create() got an unexpected keyword argument 'tag_list'`` in ``src/routes/articles.py``.
    Does not fire on: the same TypeError raised entirely inside a library's frames.
    """
    exc = find_exception(
        facts, names=("TypeError",), message=_SIGNATURE, where=lambda e: e.deepest_project_frame is not None and library_misuse(e, facts) is None
    )
    if exc is None:
        return None
    if "required positional argument: 'self'" in exc.message:
        return exception_verdict(exc, root_cause="framework.wiring.dependency_injection")
    return exception_verdict(exc)


@rule("RC206", "xfile.reference.undefined_name", signals={"traceback"}, confidence=INFERENCE)
def name_used_but_not_imported(facts: Facts) -> Verdict | None:
    """A name is used in a project file that never imports or defines it.

    Detects ``NameError: name 'X' is not defined`` (Python) and ``ReferenceError: X is not
    defined`` (Node.js) raised in a project frame, typically a model or helper defined in
    another file and never imported (a forgotten import).

    Fires on: ``NameError: name 'Article' is not defined`` at ``src/routes/articles.py:30``.
    Does not fire on: ``UnboundLocalError`` (a local shadowing a name; see the data-layer rules).
    """
    exc = find_exception(
        facts,
        names=("NameError", "ReferenceError"),
        message=re.compile(r"(?:name '\w{1,200}'|\b[\w$]{1,200}) is not defined"),
        where=lambda e: e.short_type in ("NameError", "ReferenceError") and (e.deepest_project_frame is not None or e.language == "node"),
    )
    return exception_verdict(exc) if exc else None


RULES = (
    import_of_undefined_project_name,
    missing_project_module,
    circular_import,
    undefined_project_attribute,
    call_signature_mismatch,
    name_used_but_not_imported,
)
