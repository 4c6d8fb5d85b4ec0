"""Broken cross-file references (``xfile.reference.*``): files edited one at a time drift apart.

Each operator changes one project file so that it no longer fits what another file
expects: a definition renamed in its own module only, an import of a name the module
never defines, a call that no longer fits its callee, a name used but never imported,
or two modules importing each other.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from typing import cast

import libcst as cst
import libcst.matchers as m

from rootcause.corpus.operators.base import ALL, AppSource, Mutant, operator, replace_code
from rootcause.corpus.verify import layer_of

# ----------------------------------------------------------------------------- helpers

#: layers whose public API other layers call, in the order mutants are preferred
_LAYERS = ("conduit/services/", "conduit/repositories/", "conduit/routes/", "conduit/views/")

_VERBS = {
    "get": "fetch",
    "fetch": "get",
    "find": "get",
    "list": "list_all",
    "add": "create",
    "create": "add",
    "update": "edit",
    "delete": "remove",
    "remove": "delete",
    "set": "assign",
    "favorite": "add_favorite",
    "unfavorite": "remove_favorite",
    "follow": "follow_user",
    "unfollow": "unfollow_user",
    "register": "signup",
    "login": "authenticate_user",
    "authenticate": "authenticate_token",
    "load": "load_user",
    "current": "get_current",
    "check": "ping",
    "require": "ensure",
    "feed": "get_feed",
    "is": "has",
    "slug": "has_slug",
    "favorites": "favorite_counts",
    "favorited": "is_favorited",
    "followed": "following",
    "count": "count_all",
    "by": "find_by",
    "exists": "exists_by",
}

_ATTR_SYNONYMS = {
    "author": "user",
    "body": "content",
    "username": "user_name",
    "image": "avatar",
    "bio": "biography",
    "email": "email_address",
    "token": "jwt",
    "slug": "article_slug",
    "title": "name",
    "description": "summary",
    "following": "is_following",
    "favorited": "is_favorited",
    "id": "comment_id",
    "articles": "items",
}

_KEYWORD_RENAMES = {
    "tag": "tag_name",
    "author": "author_name",
    "favorited": "favorited_by",
    "limit": "page_size",
    "offset": "skip",
    "exclude_id": "exclude",
    "followed_by": "follower_id",
    "viewer": "current_user",
    "include_body": "with_body",
    "status_code": "status",
    "status": "status_code",
    "optional": "allow_anonymous",
    "required": "mandatory",
    "echo": "debug",
}


def _camel(name: str) -> str:
    head, *rest = name.split("_")
    return head + "".join(p.title() for p in rest)


def _method_rename(name: str, taken: set[str]) -> str:
    """A plausible other name for a method: another verb, or the entity spelled out."""
    head, _, tail = name.partition("_")
    candidates = []
    if head in _VERBS:
        candidates.append(_VERBS[head] + ("_" + tail if tail else ""))
    candidates += [_camel(name) if "_" in name else name + "_item", name + "s", "do_" + name]
    for cand in candidates:
        if cand != name and cand not in taken and cand.isidentifier():
            return cand
    return name + "_v2"


def _definition_rename(name: str) -> str:
    """A plausible other name for a top-level class or function."""
    if name[:1].isupper():  # ArticleService -> ArticlesService, ArticleFilter -> ArticlesFilter
        parts = re.findall(r"[A-Z][a-z0-9]*", name)
        if len(parts) >= 2:
            return parts[0] + "s" + "".join(parts[1:])
        return name + "s"  # User -> Users
    head, _, tail = name.partition("_")
    if head in _VERBS and tail:
        return _VERBS[head] + "_" + tail
    if tail:  # article_json -> serialize_article, json_body -> parse_json_body
        return ("serialize_" + head) if tail == "json" else ("get_" + name)
    return "get_" + name


class _Rename(cst.CSTTransformer):
    """Renames identifier ``old`` to ``new``, except attribute names, call keywords and imports."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new

    def leave_Name(self, original, updated):
        return updated.with_changes(value=self.new) if updated.value == self.old else updated

    def leave_Attribute(self, original, updated):
        return updated.with_changes(attr=original.attr)

    def leave_Arg(self, original, updated):
        return updated.with_changes(keyword=original.keyword)

    def leave_ImportAlias(self, original, updated):
        return original

    def leave_ImportFrom(self, original, updated):
        return original


def module_of(path: str) -> str:
    """``conduit/services/x.py`` -> ``conduit.services.x`` (packages without ``__init__``)."""
    mod = path[:-3].replace("/", ".")
    return mod[: -len(".__init__")] if mod.endswith(".__init__") else mod


def _dotted(expr: cst.BaseExpression | None) -> str:
    if expr is None:
        return ""
    if isinstance(expr, cst.Name):
        return expr.value
    if isinstance(expr, cst.Attribute):
        return _dotted(expr.value) + "." + expr.attr.value
    return ""


def resolve_from(path: str, node: cst.ImportFrom) -> str:
    """The absolute module an ``ImportFrom`` in ``path`` reads from."""
    dots = len(node.relative)
    name = _dotted(node.module)
    if not dots:
        return name
    package = module_of(path).split(".")
    if not path.endswith("__init__.py"):
        package = package[:-1]
    base = package[: len(package) - (dots - 1)] if dots > 1 else package
    return ".".join(base + ([name] if name else []))


def path_of(app: AppSource, module: str) -> str | None:
    base = module.replace(".", "/")
    for cand in (base + ".py", base + "/__init__.py"):
        if cand in app.files:
            return cand
    return None


def _aliases(node: cst.ImportFrom) -> Sequence[cst.ImportAlias]:
    """The names of ``from m import a, b`` (none for ``from m import *``)."""
    return () if isinstance(node.names, cst.ImportStar) else node.names


def project_imports(app: AppSource, path: str) -> list[tuple[cst.ImportFrom, str, list[str]]]:
    """Top-level ``from <project module> import a, b`` statements of ``path``."""
    out = []
    for stmt in app.module(path).body:
        if not isinstance(stmt, cst.SimpleStatementLine):
            continue
        for small in stmt.body:
            if isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar):
                target = resolve_from(path, small)
                if target.split(".")[0] in ("conduit", "conduit_project") or path_of(app, target):
                    names = [a.name.value for a in small.names if isinstance(a.name, cst.Name)]
                    out.append((small, target, names))
    return out


def _layer_rank(path: str) -> int:
    for i, prefix in enumerate(_LAYERS):
        if path.startswith(prefix):
            return i
    return len(_LAYERS)


def _py_paths(app: AppSource) -> list[str]:
    paths = [p for p in app.paths("*.py") if "/migrations/" not in p]
    return sorted(paths, key=lambda p: (_layer_rank(p), p))


def _defs(module: cst.Module) -> dict[str, cst.CSTNode]:
    return {s.name.value: s for s in module.body if isinstance(s, (cst.FunctionDef, cst.ClassDef))}


def _methods(cls: cst.ClassDef) -> list[cst.FunctionDef]:
    return [s for s in cls.body.body if isinstance(s, cst.FunctionDef)]


def _called_elsewhere(app: AppSource, path: str, name: str) -> bool:
    """Whether ``.name(`` is called in a project file other than ``path``."""
    pat = re.compile(rf"\.{re.escape(name)}\(")
    return any(pat.search(app.files[p]) for p in _py_paths(app) if p != path)


def spread(mutants, n: int) -> Iterator[Mutant]:
    """At most ``n`` mutants, taken round-robin over the files they change (first sites first)."""
    groups: dict[str, list[Mutant]] = {}
    for mutant in mutants:
        groups.setdefault(",".join(sorted(mutant[1])), []).append(mutant)
    queues = list(groups.values())
    made = 0
    while made < n and any(queues):
        for q in queues:
            if q and made < n:
                yield q.pop(0)
                made += 1


def _skipped(path: str) -> bool:
    """Modules the contract suite never reaches (the health check)."""
    return "health" in path.rsplit("/", 1)[-1]


def _replace_stmt(module: cst.Module, old: cst.CSTNode, new: cst.CSTNode) -> str:
    return replace_code(module, old, new)


# ----------------------------------------------------------------------------- attribute


def _renamed_methods(app: AppSource, folder: str) -> Iterator[Mutant]:
    for path in app.paths(f"conduit/{folder}/*.py"):
        if _skipped(path):
            continue
        module = app.module(path)
        for cls in (s for s in module.body if isinstance(s, cst.ClassDef)):
            taken = {f.name.value for f in _methods(cls)}
            for fn in _methods(cls):
                name = fn.name.value
                if name.startswith("_") or not _called_elsewhere(app, path, name):
                    continue
                new = _method_rename(name, taken)
                text = _replace_stmt(module, fn, fn.with_changes(name=cst.Name(new)))
                yield (f"{path} {cls.name.value}.{name} -> {new}", {path: text})


@operator("service_method_renamed", "xfile.reference.attribute", stacks=ALL)
def service_method_renamed(app: AppSource) -> Iterator[Mutant]:
    """A service method is renamed in its class only; the routes still call the old name.

    Study: multi-file incoherence; ``AttributeError: 'ArticleService' object has no attribute``
    in a request traceback after the agent rewrote the service file alone.
    """
    yield from spread(_renamed_methods(app, "services"), 8)


@operator("repository_method_renamed", "xfile.reference.attribute", stacks=ALL)
def repository_method_renamed(app: AppSource) -> Iterator[Mutant]:
    """A repository method is renamed in its class only; the services still call the old name.

    Study: the data layer and the service layer drift apart when edited one at a time.
    """
    yield from spread(_renamed_methods(app, "repositories"), 8)


def _serializer_sites(app: AppSource) -> list[str]:
    folder = "views" if app.stack == "django_orm" else "routes"
    return [p for p in app.paths(f"conduit/{folder}/*.py")]


@operator("serializer_attribute_renamed", "xfile.reference.attribute", stacks=ALL)
def serializer_attribute_renamed(app: AppSource) -> Iterator[Mutant]:
    """The HTTP layer reads a DTO attribute under a name the DTO does not have (``a.favoritesCount``).

    Study: a model/DTO field renamed or spelled in the JSON style in one file only; the
    serializer crashes with AttributeError on every response using it.
    """
    yield from spread(_serializer_mutants(app), 8)


def _serializer_mutants(app: AppSource) -> Iterator[Mutant]:
    dto_fields = set()
    for path in app.paths("conduit/services/dto.py"):
        dto_fields = set(re.findall(r"^\s+(\w+)\s*:", app.files[path], re.M))
    for path in _serializer_sites(app):
        module = app.module(path)
        seen: set[str] = set()
        for fn in (s for s in module.body if isinstance(s, cst.FunctionDef)):
            if not (fn.name.value.endswith("_json") and fn.params.params):
                continue
            param = fn.params.params[0].name.value
            matcher = m.Attribute(value=m.Name(param), attr=m.MatchIfTrue(lambda n: n.value in dto_fields))
            for attr in m.findall(fn, matcher):
                field = cast(cst.Attribute, attr).attr.value
                if field in seen:
                    continue
                seen.add(field)
                new = _camel(field) if "_" in field else _ATTR_SYNONYMS.get(field, field + "_value")
                new_fn = cast(cst.FunctionDef, fn.visit(_AttrRename(param, field, new)))
                yield (f"{path} {fn.name.value}: {param}.{field} -> {param}.{new}", {path: _replace_stmt(module, fn, new_fn)})


class _AttrRename(cst.CSTTransformer):
    def __init__(self, obj: str, old: str, new: str) -> None:
        self.obj, self.old, self.new = obj, old, new

    def leave_Attribute(self, original, updated):
        if m.matches(updated, m.Attribute(value=m.Name(self.obj), attr=m.Name(self.old))):
            return updated.with_changes(attr=cst.Name(self.new))
        return updated


# ----------------------------------------------------------------------------- import


def _imported_names(app: AppSource) -> dict[str, set[str]]:
    """For each project module path, the names other modules import from it."""
    out: dict[str, set[str]] = {}
    for path in _py_paths(app):
        for _node, target, names in project_imports(app, path):
            target_path = path_of(app, target)
            if target_path and target_path != path:
                out.setdefault(target_path, set()).update(names)
    return out


@operator("definition_renamed", "xfile.reference.import", stacks=ALL)
def definition_renamed(app: AppSource) -> Iterator[Mutant]:
    """A class or function is renamed in its defining module; modules importing it fail to load.

    Study: ``ImportError: cannot import name 'ArticleService'`` after the agent renamed a
    service, repository or helper without updating the other files.
    """
    yield from spread(_definition_mutants(app), 8)


def _definition_mutants(app: AppSource) -> Iterator[Mutant]:
    imported = _imported_names(app)
    for path in _py_paths(app):
        if path.endswith("__init__.py") or not path.startswith("conduit/") or _skipped(path):
            continue
        module = app.module(path)
        for name, _node in _defs(module).items():
            if name.startswith("_") or name not in imported.get(path, ()):
                continue
            new = _definition_rename(name)
            if app.defines(path, new):
                continue
            yield (f"{path} {name} -> {new}", {path: module.visit(_Rename(name, new)).code})


#: module names an agent guesses instead of the project's own (same folder, never a layer jump)
_WRONG_MODULE = {
    "common": "utils",
    "dto": "schemas",
    "validation": "validators",
    "config": "settings",
    "errors": "exceptions",
    "user_service": "users_service",
    "auth": "security",
}


@operator("import_name_mismatch", "xfile.reference.import", stacks=ALL)
def import_name_mismatch(app: AppSource) -> Iterator[Mutant]:
    """A module imports a project name the imported module never defines.

    Either the name is misspelled (``ArticlesService``, ``serialize_article``) or the
    module is (``from .utils import ...``, ``from ..security import ...``).
    Study: ``ImportError: cannot import name`` / ``ModuleNotFoundError`` for a project path.
    """
    yield from spread(_import_mismatch_mutants(app), 8)


def _import_mismatch_mutants(app: AppSource) -> Iterator[Mutant]:
    for path in _py_paths(app):
        if path.endswith("__init__.py") or "/" not in path or _skipped(path):
            continue
        module = app.module(path)
        for node, target, names in project_imports(app, path):
            last = target.rsplit(".", 1)[-1]
            if node.relative and node.module is not None and last in _WRONG_MODULE:
                parts = _dotted(node.module).split(".")
                parts[-1] = _WRONG_MODULE[last]
                new_module = cst.parse_expression(".".join(parts))
                new = node.with_changes(module=new_module)
                what = f"from {'.' * len(node.relative)}{'.'.join(parts)} import {', '.join(names)}"
            else:
                if not names:
                    continue
                name = names[-1]
                alias = next(a for a in _aliases(node) if isinstance(a.name, cst.Name) and a.name.value == name)
                wrong = _definition_rename(name)
                # the module keeps using the old name: import it under that name
                new_alias = alias.with_changes(name=cst.Name(wrong), asname=alias.asname or cst.AsName(name=cst.Name(name)))
                new = node.with_changes(names=[new_alias if a is alias else a for a in _aliases(node)])
                what = f"imports {wrong} as {name}"
            yield (f"{path} {what}", {path: _replace_stmt(module, node, new)})


# ----------------------------------------------------------------------------- signature


def _public_service_methods(app: AppSource) -> Iterator[tuple[str, cst.Module, cst.ClassDef, cst.FunctionDef]]:
    for path in app.paths("conduit/services/*_service.py"):
        if _skipped(path):
            continue
        module = app.module(path)
        for cls in (s for s in module.body if isinstance(s, cst.ClassDef)):
            for fn in _methods(cls):
                name = fn.name.value
                if name == "__init__" or (not name.startswith("_") and _called_elsewhere(app, path, name)):
                    yield path, module, cls, fn


_EXTRA_PARAMS = ("viewer", "payload", "session", "request", "options")


@operator("callee_gains_required_param", "xfile.reference.signature", stacks=ALL)
def callee_gains_required_param(app: AppSource) -> Iterator[Mutant]:
    """A service method or constructor gains a required parameter its callers do not pass.

    Study: ``TypeError: <func>() missing 1 required positional argument`` after the agent
    extended a service signature without updating the routes.
    """
    yield from spread(_gains_param_mutants(app), 8)


def _gains_param_mutants(app: AppSource) -> Iterator[Mutant]:
    for path, module, cls, fn in _public_service_methods(app):
        params = fn.params
        existing = {p.name.value for p in (*params.params, *params.kwonly_params)}
        extra = next(n for n in (*_EXTRA_PARAMS, "context") if n not in existing)
        new_fn = fn.with_changes(params=params.with_changes(params=[*params.params, cst.Param(name=cst.Name(extra))]))
        # a non-default parameter after a defaulted one does not parse: skip those
        if any(p.default is not None for p in params.params):
            continue
        yield (f"{path} {cls.name.value}.{fn.name.value}(..., {extra})", {path: _replace_stmt(module, fn, new_fn)})


def _keywords_passed(app: AppSource, callee_path: str, method: str) -> set[str]:
    """Keywords passed to ``.method(...)`` calls in files other than ``callee_path``."""
    found: set[str] = set()
    matcher = m.Call(func=m.Attribute(attr=m.Name(method)))
    for path in _py_paths(app):
        if path == callee_path or f".{method}(" not in app.files[path]:
            continue
        for call in m.findall(app.module(path), matcher):
            found.update(a.keyword.value for a in cast(cst.Call, call).args if a.keyword is not None)
    return found


@operator("callee_keyword_renamed", "xfile.reference.signature", stacks=ALL)
def callee_keyword_renamed(app: AppSource) -> Iterator[Mutant]:
    """A parameter is renamed in the callee only; callers in other files still pass the old keyword.

    Study: ``TypeError: list() got an unexpected keyword argument 'favorited'`` after the
    service was refactored alone.
    """
    yield from spread(_keyword_mutants(app), 10)


def _keyword_mutants(app: AppSource) -> Iterator[Mutant]:
    for path in [*app.paths("conduit/services/*_service.py"), *app.paths("conduit/repositories/*_repository.py")]:
        if _skipped(path):
            continue
        module = app.module(path)
        for cls in (s for s in module.body if isinstance(s, cst.ClassDef)):
            for fn in _methods(cls):
                if fn.name.value.startswith("_"):
                    continue
                passed = _keywords_passed(app, path, fn.name.value)
                params = [p.name.value for p in (*fn.params.params, *fn.params.kwonly_params)]
                for kw in (p for p in params if p in passed and p != "self"):
                    new = _KEYWORD_RENAMES.get(kw, kw + "_value")
                    if new in params:
                        continue
                    new_fn = cast(cst.FunctionDef, fn.visit(_Rename(kw, new)))
                    yield (f"{path} {cls.name.value}.{fn.name.value}({kw}= -> {new}=)", {path: _replace_stmt(module, fn, new_fn)})


# ----------------------------------------------------------------------------- undefined name


class _RuntimeUses(cst.CSTVisitor):
    """Counts loads of a name outside annotations, imports, attribute names and keywords."""

    def __init__(self, name: str) -> None:
        self.name, self.count = name, 0

    def visit_Annotation(self, node) -> bool:
        return False

    def visit_ImportFrom(self, node) -> bool:
        return False

    def visit_If(self, node) -> bool:
        return not m.matches(node.test, m.Name("TYPE_CHECKING"))

    def visit_Attribute(self, node) -> bool:
        node.value.visit(self)
        return False

    def visit_Arg(self, node) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node) -> None:
        if node.value == self.name:
            self.count += 1


def _uses(module: cst.Module, name: str) -> int:
    visitor = _RuntimeUses(name)
    module.visit(visitor)
    return visitor.count


@operator("import_dropped", "xfile.reference.undefined_name", stacks=ALL)
def import_dropped(app: AppSource) -> Iterator[Mutant]:
    """A name defined in another project module is used but no longer imported.

    Study: ``NameError: name 'article_json' is not defined`` at request time, after the
    agent rewrote a file's import block.
    """
    yield from spread(_dropped_mutants(app), 10)


def _dropped_mutants(app: AppSource) -> Iterator[Mutant]:
    for path in _py_paths(app):
        if path.endswith("__init__.py") or not path.startswith("conduit/") or _skipped(path):
            continue
        module = app.module(path)
        candidates = [
            (node, name)
            for node, _target, names in project_imports(app, path)
            for name in names
            if not name.endswith(("Error", "Exception"))  # raised on error paths the suite never takes
        ]
        candidates.sort(key=lambda c: -_uses(module, c[1]))
        for node, name in candidates:
            alias = next(a for a in _aliases(node) if isinstance(a.name, cst.Name) and a.name.value == name)
            if alias.asname is not None or _uses(module, name) < 1:
                continue
            rest = [a for a in _aliases(node) if a is not alias]
            if rest:
                rest[-1] = rest[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
                text = _replace_stmt(module, node, node.with_changes(names=rest))
            else:
                text = module.visit(_DropImport(node)).code
            yield (f"{path} drops import of {name}", {path: text})


class _DropImport(cst.CSTTransformer):
    def __init__(self, node: cst.ImportFrom) -> None:
        self.node = node

    def leave_SimpleStatementLine(self, original, updated):
        if any(s is self.node for s in original.body):
            return cst.RemovalSentinel.REMOVE
        return updated


# ----------------------------------------------------------------------------- circular import


def _relative_import(from_path: str, to_module: str, name: str) -> cst.SimpleStatementLine:
    """``from <relative path to to_module> import name`` as written inside ``from_path``."""
    here = module_of(from_path).split(".")[:-1]
    target = to_module.split(".")
    common = 0
    while common < min(len(here), len(target)) and here[common] == target[common]:
        common += 1
    dots = "." * (len(here) - common + 1)
    rest = ".".join(target[common:])
    return cast(cst.SimpleStatementLine, cst.parse_statement(f"from {dots}{rest} import {name}\n"))


def _after_imports(module: cst.Module, stmt: cst.SimpleStatementLine) -> str:
    body = list(module.body)
    last = 0
    for i, s in enumerate(body):
        if isinstance(s, cst.SimpleStatementLine) and all(isinstance(x, (cst.Import, cst.ImportFrom, cst.Expr)) for x in s.body):
            last = i + 1
        elif isinstance(s, cst.If) and m.matches(s.test, m.Name("TYPE_CHECKING")):
            last = i + 1
        else:
            break
    body.insert(last, stmt)
    return module.with_changes(body=body).code


_MAY_IMPORT = {"routes": {"services"}, "services": {"repositories", "models"}, "repositories": {"models"}, "models": set()}


def _may_import(importer: str, imported: str) -> bool:
    """Whether the layering rules let ``importer`` import ``imported`` (so the verifier stays quiet)."""
    a, b = layer_of(importer), layer_of(imported)
    return a is None or b is None or a == b or b in _MAY_IMPORT.get(a, set())


@operator("circular_import", "xfile.reference.circular_import", stacks=ALL)
def circular_import(app: AppSource) -> Iterator[Mutant]:
    """A module imports, at top level, a name from a module that imports it.

    E.g. ``user_service`` imports ``slugify`` from ``article_service``, which imports
    ``profile_of`` from ``user_service``. Study: ``ImportError: cannot import name ... from
    partially initialized module (most likely due to a circular import)``.
    """
    yield from spread(_circular_mutants(app), 6)


def _circular_mutants(app: AppSource) -> Iterator[Mutant]:
    for path in _py_paths(app):  # path = A, which imports B
        if not path.startswith("conduit/") or path.endswith("__init__.py") or _skipped(path):
            continue
        a_defs = [n for n in _defs(app.module(path)) if not n.startswith("_")]
        if not a_defs:
            continue
        for _node, target, _names in project_imports(app, path):
            b_path = path_of(app, target)
            if not b_path or b_path.endswith("__init__.py") or b_path == path or not b_path.startswith("conduit/"):
                continue
            if not _defs(app.module(b_path)) or not _may_import(b_path, path):
                continue  # nothing defined after the import (no partial module), or a layer jump
            stmt = _relative_import(b_path, module_of(path), a_defs[0])
            yield (f"{b_path} imports {a_defs[0]} from {module_of(path)} (which imports it)", {b_path: _after_imports(app.module(b_path), stmt)})
