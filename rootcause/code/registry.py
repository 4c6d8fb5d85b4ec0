"""Every code the static analysis reports, in one table: what it finds and which root causes it names.

The log rules have their registry (``rootcause.rules``); this is the static analysis's. Each
:class:`StaticCode` declares the taxonomy ids its findings may carry (a test holds the checks to
it), whether it needs the whole project (cross-file checks) or reads one file at a time, and
its documentation, which ``rootcause rules`` lists and ``rootcause explain XF105`` prints.
Codes by prefix: ``SY`` syntax, ``XF`` cross-file references, ``FW`` framework use, ``OR`` ORM use, ``SQ`` SQL text,
``ST`` the task's structural constraints, ``RM`` remarks on the analysis itself.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StaticCode:
    """One static-analysis code: its name, the root causes it may report, and its documentation."""

    code: str
    name: str
    root_causes: tuple[str, ...]
    summary: str
    fires_on: str
    quiet_on: str
    whole_project: bool = True
    level: str = "defect"  # defect | remark (coverage notes, not a root cause)

    def describe(self) -> str:
        """The text ``rootcause explain CODE`` prints."""
        scope = "the whole project" if self.whole_project else "one file at a time"
        return "\n".join(
            (
                f"{self.code} {self.name} -> {', '.join(self.root_causes)} [static; {self.level}; reads {scope}]",
                f"    {self.summary}",
                "",
                f"    Fires on: {self.fires_on}",
                f"    Does not fire on: {self.quiet_on}",
            )
        )


_CODES = (
    StaticCode(
        "SY001",
        "syntax_error",
        ("startup.syntax",),
        "A project file does not parse, so the server cannot import it (Python by its parser, JavaScript and TypeScript by tree-sitter).",
        "``def create(:`` in ``routes/users.py``; shell text (``EOF``, ``nohup node server.js &``) left in ``src/index.js``",
        "a file that parses, whatever it does at run time",
        whole_project=False,
    ),
    StaticCode(
        "XF101",
        "missing_project_module",
        ("xfile.reference.import",),
        "An import names a project module that does not exist (a file never written, or a package path off by a level); "
        "in JavaScript/TypeScript, a relative ``require``/``import`` that Node's resolution (file, extensions, folder index, "
        "``package.json`` ``main``) finds no file for.",
        "``from app.services.user_service import UserService`` with no ``app/services/user_service.py``; "
        "``require('./services/userService')`` where the file is ``user.service.js``; a ``'../'`` too many",
        "an import of a third-party package, or of a module under a folder the project does not own (``node_modules``, ``dist``)",
    ),
    StaticCode(
        "XF102",
        "name_not_in_module",
        ("xfile.reference.import",),
        "A ``from module import name`` takes a name the project module never defines or imports; in JavaScript/TypeScript, "
        "a named or default import, or a destructured ``require``, of a name the project module does not export.",
        "``from app.repositories.user_repository import UserRepository`` where the module defines ``UserRepo``; "
        "``const { getUserById } = require('./user.service')`` where it exports ``{ getUser }``",
        "a module with ``__getattr__`` or a star import from outside the project (it may define anything); "
        "``module.exports = value`` whose properties cannot be read; ``export * from`` a package",
    ),
    StaticCode(
        "XF103",
        "module_has_no_attribute",
        ("xfile.reference.attribute",),
        "``module.name`` reads an attribute a project module does not define.",
        "``user_service.get_user_by_id(...)`` where ``user_service.py`` defines ``get_user``",
        "a module whose names cannot all be told (star import, ``__getattr__``)",
    ),
    StaticCode(
        "XF104",
        "class_has_no_attribute",
        ("xfile.reference.attribute",),
        "A method or attribute is used on a project class or its instance (also through a package re-export, "
        "or on ``Service(db).x``) that the class and its project bases do not define: typically a method renamed "
        "in one file and still called by its old name in another.",
        "``UserService(db).get_user(id)`` where ``UserService`` defines ``find_user``",
        "a class with a base the project does not define, or one that sets attributes dynamically",
    ),
    StaticCode(
        "XF105",
        "call_does_not_fit_signature",
        ("xfile.reference.signature",),
        "A call's arguments do not fit the project function, method or class constructor it calls "
        "(too many or too few positional arguments, an unknown or missing keyword). In JavaScript/TypeScript, a call of a "
        "function or method another project module exports (named import, destructured ``require``, ``module.exports = { f }``, "
        "a method on ``new Class()`` or on an exported instance) resolved to exactly one definition: more arguments than it "
        "declares parameters, or fewer than it requires where a parameter left out is dereferenced in the body or destructured.",
        "``create_user(db, data, hashed)`` against ``def create_user(db, data)``; ``createArticle(req.user.id, req.body)`` "
        "against ``async function createArticle(data)``; ``userService.updateUser(req.body)`` against ``updateUser(id, data)`` "
        "that reads ``data.email``",
        "a call to a decorated function, or to one taking ``*args``/``**kwargs``; in JavaScript, a callee with a rest parameter, "
        "one that reads ``arguments`` or takes no parameters, a left-out parameter that has a default, is guarded "
        "(``if (!data)``, ``data?.x``) or only passed on, a spread argument, a name defined or exported twice, re-exports",
    ),
    StaticCode(
        "XF106",
        "undefined_name",
        ("xfile.reference.undefined_name",),
        "A module uses a name it neither defines nor imports.",
        "``return UserOut.model_validate(user)`` in a module that never imports ``UserOut``",
        "builtins, names a star import may bring, names defined later at module level",
    ),
    StaticCode(
        "XF107",
        "import_cycle_fails",
        ("xfile.reference.circular_import",),
        "Modules import each other so that one takes a name from the other while it is still half initialised. "
        "In JavaScript, CommonJS modules in a require cycle (in the order Node loads them from the entry file) where one "
        "destructures the other's exports, or reads a property of them outside any function, while the other is still "
        "loading (``undefined``: ``x is not a function``, ``Class extends value undefined``), or keeps the exports object "
        "the other then replaces with ``module.exports = ...``; ES modules where a module uses, at its top level, a "
        "``const``/``let``/``class`` binding of a module in its cycle evaluated after it (``Cannot access 'x' before initialization``).",
        "``models.py`` imports ``database.Base`` while ``database.py`` imports ``models`` at its top; "
        "``const { getFollowers } = require('./article.service')`` in a service that ``article.service.js`` requires back; "
        "``class User extends db.Model`` in ``models/user.js`` required by ``models/index.js``",
        "a cycle whose imports are inside functions, or that only imports modules, not names; in JavaScript, names "
        "assigned with ``exports.x =`` before the cycle closes, uses inside functions of an exports object never replaced, "
        "hoisted function declarations, TypeScript and bundled code",
    ),
    StaticCode(
        "XF108",
        "module_system_mismatch",
        ("xfile.reference.import",),
        "JavaScript only: CommonJS and ES modules are mixed in a way Node refuses when it loads the file "
        "(``require``/``module.exports`` in an ES module, ``import`` in a file loaded as CommonJS, an ES import "
        "without the file's extension, a named ES import of a CommonJS export Node cannot see, ``require`` of an ES module).",
        "``const db = require('./db')`` under ``\"type\": \"module\"``; ``import { router } from './routes'`` "
        "(ERR_MODULE_NOT_FOUND: './routes/index.js' is needed); ``import { helper } from './util.cjs'`` where "
        "``module.exports = helper``",
        "TypeScript and JSX files, code under Babel, a bundler or a TypeScript loader, test files (Jest transforms them), "
        "``require`` defined through ``createRequire``",
    ),
    StaticCode(
        "FW401",
        "promise_used_as_value",
        ("framework.wiring.async_misuse",),
        "JavaScript only: a call that returns a Promise is stored without ``await`` and then read as its value "
        "(a field, a condition, a response body): the code sees a pending Promise, never the row. A call returns a Promise "
        "when the project declares the method ``async``, when it is one of Sequelize's model queries on a model, or a "
        "promise driver's ``query``/``execute`` on a connection.",
        "``const user = await`` left out of ``const user = User.findByPk(id); if (!user) ...``; "
        "``const row = this.db.get(sql)`` where the project declares ``async get(sql)``",
        "a call whose result is awaited later, chained with ``.then``, returned or handed to ``Promise.all``; "
        "better-sqlite3's synchronous ``db.prepare(sql).get()``; a method the project declares both async and not",
        whole_project=False,
    ),
    StaticCode(
        "FW402",
        "routes_never_mounted",
        ("framework.wiring.route_missing",),
        "JavaScript only: a file declares routes (``router.get('/x', ...)``, ``fastify.route({ url })``) and the server never "
        "mounts them: no file it loads imports the file (from the entry that ``package.json``, its start script or ``run.sh`` "
        "names), or every file that imports it never uses what it imported. Every request to those routes is a 404.",
        "``const articleRoutes = require('./routes/articles')`` in ``app.js`` with no ``app.use(..., articleRoutes)``; "
        "``routes/comments.js`` written and imported by no file",
        "a route file imported for its side effects (``import './routes.js'``) or handed on in place (``require('./r')(app)``, "
        "an array of plugins); a project whose entry file cannot be told (then only the unused import is reported)",
    ),
    StaticCode(
        "OR201",
        "filter_by_unknown_field",
        ("data.orm.field_error",),
        "``filter_by(x=...)`` on a model query names no field of the model.",
        "``User.query.filter_by(mail=email)`` where ``User`` has ``email``",
        "a model the analysis cannot read fully",
    ),
    StaticCode(
        "OR202",
        "model_has_no_attribute",
        ("xfile.reference.attribute",),
        "``Model.attr`` is read where the model (and its project bases) has no such attribute.",
        "``Article.author_name`` where ``Article`` maps ``author_id`` and ``author``",
        "a model with a base the project does not define",
    ),
    StaticCode(
        "OR203",
        "model_unknown_keyword",
        ("data.orm.field_error",),
        "A model is built with a keyword it has no field for (``Model(x=...)``, ``objects.create(x=...)``; "
        "a Django many-to-many or reverse relation passed at creation).",
        "``Article(title=t, tagList=tags)`` where ``Article`` has no ``tagList``",
        "a model with ``__init__`` of its own",
    ),
    StaticCode(
        "OR204",
        "django_lookup_unknown_field",
        ("data.orm.field_error",),
        "A Django lookup, ``order_by``, ``values``, ``select_related``, ``prefetch_related`` or ``update`` names no field.",
        "``Article.objects.filter(tags__title='x')`` where ``Tag`` has ``name``",
        "annotated names and ``F()`` expressions",
    ),
    StaticCode(
        "OR205",
        "relationship_target_missing",
        ("data.orm", "xfile.reference.attribute"),
        "``back_populates`` names no relationship on the other side, or a relationship or foreign key points at a model the project does not define.",
        "``relationship('Comment', back_populates='article')`` where ``Comment`` has no ``article``",
        "targets given as classes from another package",
    ),
    StaticCode(
        "OR206",
        "async_lazy_load",
        ("data.orm.async_lazy_load",),
        "A lazy relationship is read in ``async def`` on an object an awaited session call produced (SQLAlchemy raises ``MissingGreenlet``).",
        "``article.tags`` after ``article = await session.get(Article, id)``",
        "a relationship loaded eagerly (``selectinload``, ``lazy='selectin'``)",
    ),
    StaticCode(
        "OR207",
        "detached_instance",
        ("data.orm.detached_instance",),
        "A lazy relationship is read after the ``with Session()`` block that loaded the object closed "
        "(also across functions, a repository returning from inside the block).",
        "``user.posts`` after ``get_user()`` returned from ``with Session() as s:``",
        "``expire_on_commit=False`` with the attribute loaded",
    ),
    StaticCode(
        "OR208",
        "async_session_not_awaited",
        ("data.orm.session_misuse",),
        "An ``AsyncSession`` method is called without ``await``.",
        "``session.commit()`` on an ``AsyncSession`` in ``async def``",
        "``session.add(obj)``, which is not a coroutine",
    ),
    StaticCode(
        "OR209",
        "django_sync_in_async",
        ("data.orm.sync_in_async",),
        "Django ORM queries run synchronously in ``async def`` (directly or through a sync helper).",
        "``Article.objects.get(slug=slug)`` inside an ``async def`` view",
        "``await Article.objects.aget(...)`` or ``sync_to_async``",
    ),
    StaticCode(
        "OR210",
        "include_without_association",
        ("data.orm.eager_loading",),
        "JavaScript only: a Sequelize include names a model and alias that no association of the project declares "
        "(``{ model: User, as: 'writer' }`` where ``Article.belongsTo(User, { as: 'author' })``; a model included without "
        "``as`` that is associated only under an alias; ``{ association: 'x' }`` with no association named x).",
        "``include: [{ model: User, as: 'user' }]`` against ``Article.belongsTo(User, { as: 'author' })``",
        "includes built by a function call or with a computed alias; a model the project's associations never mention; a project known only in part (a patch)",
    ),
    StaticCode(
        "SQ301",
        "sql_does_not_parse",
        ("data.query.sql_text",),
        "An SQL string the code executes does not parse in the project's database dialect.",
        "``cursor.execute('SELEC * FROM users')``",
        "a statement that parses in another dialect (SQ306 covers dialects)",
        whole_project=False,
    ),
    StaticCode(
        "SQ302",
        "sql_missing_table",
        ("data.schema.missing_table",),
        "A statement names a table the project never creates (its ``CREATE TABLE`` statements, ``.sql`` files, ORM models).",
        "``SELECT * FROM article`` where the schema creates ``articles``",
        "a project whose schema the analysis cannot find",
    ),
    StaticCode(
        "SQ303",
        "sql_missing_column",
        ("data.schema.missing_column", "data.query.sql_text"),
        "A statement names a column its table does not have, or qualifies a column with an alias it never defines.",
        "``SELECT tagList FROM articles`` where ``articles`` has ``tag_list``",
        "columns built from f-string placeholders",
    ),
    StaticCode(
        "SQ304",
        "sql_ambiguous_column",
        ("data.query.sql_text",),
        "An unqualified column exists in more than one joined table (the database refuses the statement).",
        "``SELECT id FROM articles JOIN users ON ...``",
        "a column only one joined table has",
    ),
    StaticCode(
        "SQ305",
        "sql_grouping",
        ("data.query.sql_text",),
        "A selected column is neither grouped nor aggregated.",
        "``SELECT a.title, COUNT(f.id) FROM articles a JOIN favorites f ... GROUP BY a.id`` on PostgreSQL",
        "columns functionally dependent on a grouped primary key where the database accepts them",
    ),
    StaticCode(
        "SQ306",
        "sql_dialect",
        ("data.query.dialect",),
        "A statement uses a function or syntax the project's database does not have (SQLite's ``GROUP_CONCAT`` on PostgreSQL, ...).",
        "``GROUP_CONCAT(t.name)`` sent to PostgreSQL",
        "the same function sent to SQLite",
        whole_project=False,
    ),
    StaticCode(
        "SQ307",
        "sql_parameter_style",
        ("data.query.dialect",),
        "The statement's placeholders are not the driver's style (``?`` with psycopg, ``%s`` with sqlite3, ``$1`` with sqlite3).",
        "``cursor.execute('SELECT * FROM users WHERE id = ?', (id,))`` with psycopg",
        "``%s`` with psycopg",
        whole_project=False,
    ),
    StaticCode(
        "SQ308",
        "placeholder_count",
        ("data.orm.driver_type",),
        "The statement has a different number of placeholders than the values the driver call passes.",
        "``cursor.execute('INSERT INTO t (a, b) VALUES (?, ?)', (a,))``",
        "a call through the project's own wrapper whose shape is unknown",
        whole_project=False,
    ),
    StaticCode(
        "ST401",
        "required_layer_missing",
        ("structure.constraint.layering",),
        "The task asks for clean architecture and a layer (routes, services, repositories, models) is missing.",
        "a ``clean_architecture`` task whose project has no repositories layer",
        "a task without ``clean_architecture``",
    ),
    StaticCode(
        "ST402",
        "layer_imported_upwards",
        ("structure.constraint.layering",),
        "A layer imports one above it, or skips the one below (a remark when the task did not ask for layers).",
        "``repositories/user_repository.py`` importing ``services.user_service``",
        "routes importing services",
    ),
    StaticCode(
        "ST403",
        "wrong_database",
        ("structure.constraint.database",),
        "The code connects to another database than the one the task requires.",
        "a ``postgres`` task whose code opens ``sqlite:///app.db``",
        "a task naming no database",
    ),
    StaticCode(
        "ST404",
        "orm_not_used",
        ("structure.constraint.orm",),
        "The task requires SQLAlchemy and the project never imports it.",
        "a ``sqlalchemy`` task written with ``sqlite3`` only",
        "a task naming no ORM",
    ),
    StaticCode(
        "ST405",
        "raw_sql_despite_orm",
        ("structure.constraint.orm",),
        "Raw SQL runs through a DB-API driver although the task requires SQLAlchemy.",
        "``cursor.execute('INSERT ...')`` on a ``sqlite3`` connection in a ``sqlalchemy`` task",
        "``session.execute(text(...))``",
    ),
    StaticCode(
        "RM001",
        "not_analysed",
        ("unknown",),
        "A file was left out of the analysis (binary, too large, outside the tree, or past the project's work budget).",
        "a 3 MB generated ``bundle.js``",
        "source files within the budget",
        level="remark",
    ),
    StaticCode(
        "RM002",
        "out_of_time",
        ("unknown",),
        "The project's time budget ran out; the checks not run are named.",
        "a project whose checks took more than the 30 s budget",
        "a project analysed in time",
        level="remark",
    ),
    StaticCode(
        "RM900",
        "check_failed",
        ("unknown",),
        "A check crashed on this project; the others still ran. A bug to report.",
        "an internal error in one check",
        "a project every check read",
        level="remark",
    ),
)

#: Every static code, by code.
STATIC_CODES: dict[str, StaticCode] = {c.code: c for c in _CODES}


def get_static(code: str) -> StaticCode:
    """The entry for ``code`` (``XF105``) or its name (``call_does_not_fit_signature``); KeyError otherwise."""
    for entry in _CODES:
        if code in (entry.code, entry.name):
            return entry
    raise KeyError(code)
