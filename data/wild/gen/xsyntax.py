"""Cross-file references and code that does not parse, in multi-file Python and Node/TypeScript backends.

Every program below is our own minimal reconstruction (routes -> services -> repositories -> models) of a
situation a public page reports; the captured text is what the real tool printed. Helpers: ``_xsyntax_kit.py``.
"""

from __future__ import annotations

from _xsyntax_kit import TSCONFIG, ci, debug_page_text, django_files, fetch_page, node_case, pkg, py_case, run, serve

CASES = []
add = CASES.append

PYTEST = "COLUMNS=160 PY_COLORS=0 python -m pytest -q --color=no -p no:cacheprovider"

# ==================================================================================================
# Python: startup.syntax
# ==================================================================================================

add(py_case(
    id="xsyntax-fastapi-service-def-missing-colon",
    label="startup.syntax",
    shape="uvicorn",
    source="https://errordex.in/python/syntaxerror",
    source_kind="blog",
    cause="A compound statement header (def, if, for, class ...) must end with a colon; without it the parser "
          "stops with SyntaxError expected ':' before any code of the module runs.",
    rationale="services/users.py declares `def get_user(user_id: int)` without the trailing colon; uvicorn imports "
              "main -> routes -> services and dies with SyntaxError: expected ':' pointing into the service file.",
    make=run({
        "main.py": '''
            from fastapi import FastAPI
            from routes.users import router

            app = FastAPI()
            app.include_router(router, prefix="/api")
        ''',
        "routes/__init__.py": "",
        "routes/users.py": '''
            from fastapi import APIRouter
            from services import users as user_service

            router = APIRouter()

            @router.get("/users/{user_id}")
            def read_user(user_id: int):
                return {"user": user_service.get_user(user_id)}
        ''',
        "services/__init__.py": "",
        "services/users.py": '''
            USERS = {1: {"username": "jane", "email": "jane@example.com"}}

            def get_user(user_id: int)
                return USERS.get(user_id)
        ''',
    }, "python -m uvicorn main:app --port {PORT}"),
    libraries=("fastapi", "uvicorn"), framework="fastapi",
    expect=r"SyntaxError: expected ':'",
))

add(py_case(
    id="xsyntax-unittest-repository-unindent-mismatch",
    label="startup.syntax",
    shape="unittest",
    source="https://www.decodingweb.dev/python-indentationerror-unindent-does-not-match-any-outer-indentation-level-fix",
    source_kind="blog",
    cause="A line dedented to a column that matches no enclosing block's indentation cannot be placed in any "
          "block, so Python rejects the file with IndentationError 'unindent does not match any outer indentation level'.",
    rationale="repositories/articles.py has a `return` indented by two spaces inside a four-space method body; the "
              "test module imports it and unittest reports 'Failed to import test module' with the IndentationError.",
    make=run({
        "repositories/__init__.py": "",
        "repositories/articles.py": (
            "class ArticleRepository:\n"
            "    def __init__(self):\n"
            "        self.rows = {}\n"
            "\n"
            "    def get_by_slug(self, slug):\n"
            "        article = self.rows.get(slug)\n"
            "        if article is None:\n"
            "            raise KeyError(slug)\n"
            "      return article\n"
        ),
        "tests/__init__.py": "",
        "tests/test_articles.py": '''
            import unittest

            from repositories.articles import ArticleRepository


            class ArticleRepositoryTest(unittest.TestCase):
                def test_missing_slug_raises(self):
                    with self.assertRaises(KeyError):
                        ArticleRepository().get_by_slug("nope")
        ''',
    }, "python -m unittest discover -s tests -t ."),
    libraries=(), framework=None,
    expect=r"IndentationError: unindent does not match any outer indentation level",
))

add(py_case(
    id="xsyntax-gunicorn-auth-module-cut-off",
    label="startup.syntax",
    shape="gunicorn",
    source="https://errorfix.dev/errors/python-indentationerror-expected-an-indented-block.html",
    source_kind="blog",
    cause="A def (or any block header) must be followed by an indented body; a file that ends right after a "
          "header, as a truncated or cut-off file does, fails with IndentationError 'expected an indented block'.",
    rationale="services/auth.py stops right after `def verify_token(token):` (the rest of the file never got written); "
              "gunicorn's worker fails to boot with IndentationError 'expected an indented block after function definition'.",
    make=run({
        "app.py": '''
            from flask import Flask, request, jsonify
            from services.auth import issue_token, verify_token

            app = Flask(__name__)

            @app.post("/api/users/login")
            def login():
                body = request.get_json()
                return jsonify(user={"email": body["email"], "token": issue_token(body["email"])})
        ''',
        "services/__init__.py": "",
        "services/auth.py": (
            "import base64\n"
            "\n"
            "\n"
            "def issue_token(email):\n"
            "    return base64.urlsafe_b64encode(email.encode()).decode()\n"
            "\n"
            "\n"
            "def verify_token(token):\n"
        ),
    }, "timeout 8 gunicorn --bind 127.0.0.1:{PORT} --workers 1 app:app"),
    libraries=("flask", "gunicorn"), framework="flask",
    expect=r"IndentationError: expected an indented block after function definition",
))

add(py_case(
    id="xsyntax-aiohttp-handler-mismatched-bracket",
    label="startup.syntax",
    shape="aiohttp",
    source="https://reintech.io/blog/understanding-python-and-the-brackets-problem",
    source_kind="blog",
    cause="Brackets must close with the same kind that opened them; a dict literal opened with '{' and closed "
          "with ')' is rejected by the parser with 'closing parenthesis ... does not match opening parenthesis'.",
    rationale="handlers/articles.py returns `web.json_response({\"articles\": rows)`; running the aiohttp app imports "
              "the handler module and Python stops with SyntaxError: closing parenthesis ')' does not match opening parenthesis '{'.",
    make=run({
        "app.py": '''
            import os
            from aiohttp import web
            from handlers.articles import list_articles

            app = web.Application()
            app.router.add_get("/api/articles", list_articles)

            if __name__ == "__main__":
                web.run_app(app, host="127.0.0.1", port=int(os.environ.get("PORT", 8080)))
        ''',
        "handlers/__init__.py": "",
        "handlers/articles.py": '''
            from aiohttp import web

            ROWS = [{"slug": "hello", "title": "Hello"}]

            async def list_articles(request):
                rows = list(ROWS)
                return web.json_response({"articles": rows, "articlesCount": len(rows))
        ''',
    }, "python app.py"),
    libraries=("aiohttp",), framework="aiohttp",
    expect=r"SyntaxError: closing parenthesis '\)' does not match opening parenthesis '\{'",
))

add(py_case(
    id="xsyntax-django-view-python2-print",
    label="startup.syntax",
    shape="python-traceback",
    source="http://www.kouhan.cn/en/article/00046202",
    source_kind="blog",
    cause="print became a function in Python 3; the Python 2 statement form `print \"...\"` is a syntax error that "
          "Python 3 reports as 'Missing parentheses in call to print'.",
    rationale="blog/views.py logs with `print \"listing posts\"`; `manage.py check` loads the URLconf, which imports the "
              "views module, and the command ends with SyntaxError: Missing parentheses in call to 'print'.",
    make=run({
        **django_files(["blog"], urls='''
            from django.urls import path
            from blog import views

            urlpatterns = [path("api/posts/", views.post_list)]
        '''),
        "blog/__init__.py": "",
        "blog/apps.py": '''
            from django.apps import AppConfig

            class BlogConfig(AppConfig):
                name = "blog"
        ''',
        "blog/views.py": '''
            from django.http import JsonResponse

            POSTS = [{"slug": "hello", "title": "Hello"}]

            def post_list(request):
                print "listing posts"
                return JsonResponse({"posts": POSTS})
        ''',
    }, "python manage.py check"),
    libraries=("django",), framework="django",
    expect=r"SyntaxError: Missing parentheses in call to 'print'",
))

# ==================================================================================================
# Python: xfile.reference
# ==================================================================================================

add(py_case(
    id="xsyntax-fastapi-partially-initialized-attribute",
    label="xfile.reference.circular_import",
    shape="uvicorn",
    source="https://how2.sh/posts/how-to-fix-python-circular-imports-without-rewrites",
    source_kind="blog",
    cause="When two modules import each other with plain `import x` and one reads an attribute of the other at "
          "module level, the attribute is looked up on a module that has not finished executing, raising "
          "AttributeError on a partially initialized module.",
    rationale="database.py does `import models` and models.py does `import database` then reads database.Base at "
              "class-definition time; uvicorn stops with AttributeError: partially initialized module 'database' has "
              "no attribute 'Base' (most likely due to a circular import).",
    make=run({
        "main.py": '''
            from fastapi import FastAPI
            import database

            app = FastAPI()

            @app.get("/api/tags")
            def tags():
                return {"tags": database.all_tags()}
        ''',
        "database.py": '''
            from sqlalchemy import create_engine
            from sqlalchemy.orm import DeclarativeBase, sessionmaker
            import models

            engine = create_engine("sqlite:///./app.db")
            SessionLocal = sessionmaker(bind=engine)

            class Base(DeclarativeBase):
                pass

            def all_tags():
                with SessionLocal() as s:
                    return [t.name for t in s.query(models.Tag)]
        ''',
        "models.py": '''
            from sqlalchemy import Column, Integer, String
            import database

            class Tag(database.Base):
                __tablename__ = "tags"
                id = Column(Integer, primary_key=True)
                name = Column(String, unique=True)
        ''',
    }, "python -m uvicorn main:app --port {PORT}"),
    libraries=("fastapi", "uvicorn", "sqlalchemy"), framework="fastapi",
    expect=r"partially initialized module 'database' has no attribute 'Base' \(most likely due to a circular import\)",
))

add(py_case(
    id="xsyntax-django-appconfig-name-short-path",
    label="xfile.reference.import",
    shape="python-traceback",
    source="https://openillumi.com/django-3-2-improperly-configured-appconfig-name-fix",
    source_kind="blog",
    cause="AppConfig.name must be the app's full dotted Python path; an app nested in a package (apps/users) "
          "whose config still says name = 'users' cannot be imported and Django raises ImproperlyConfigured.",
    rationale="INSTALLED_APPS lists 'apps.users' but apps/users/apps.py keeps name = 'users'; runserver stops at "
              "setup with ImproperlyConfigured: Cannot import 'users'. Check that 'apps.users.apps.UsersConfig.name' is correct.",
    make=run({
        **django_files(["apps.users"], urls='''
            from django.urls import path
            from apps.users import views

            urlpatterns = [path("api/user/", views.current_user)]
        '''),
        "apps/__init__.py": "",
        "apps/users/__init__.py": "",
        "apps/users/apps.py": '''
            from django.apps import AppConfig

            class UsersConfig(AppConfig):
                default_auto_field = "django.db.models.BigAutoField"
                name = "users"
        ''',
        "apps/users/views.py": '''
            from django.http import JsonResponse

            def current_user(request):
                return JsonResponse({"user": None})
        ''',
    }, "python manage.py runserver 127.0.0.1:{PORT} --noreload", timeout=30),
    libraries=("django",), framework="django",
    expect=r"Cannot import 'users'\. Check that 'apps\.users\.apps\.UsersConfig\.name' is correct",
))

add(py_case(
    id="xsyntax-flask-service-multiple-values-for-argument",
    label="xfile.reference.signature",
    shape="werkzeug",
    source="http://www.kouhan.cn/en/article/00004801",
    source_kind="blog",
    cause="Passing a parameter both positionally and by keyword makes Python raise TypeError 'got multiple values "
          "for argument'; it happens when a caller assumes a different parameter order than the definition.",
    rationale="services/articles.py defines create_article(db, author_id, data) but the route calls "
              "create_article(data, db=DB, author_id=1); the POST fails with TypeError: create_article() got "
              "multiple values for argument 'db' in the Flask dev server log.",
    make=serve({
        "app.py": '''
            from flask import Flask, request, jsonify
            from services.articles import create_article

            app = Flask(__name__)
            DB = {"articles": []}

            @app.post("/api/articles")
            def post_article():
                data = request.get_json()["article"]
                article = create_article(data, db=DB, author_id=1)
                return jsonify(article=article), 201
        ''',
        "services/__init__.py": "",
        "services/articles.py": '''
            def create_article(db, author_id, data):
                article = {"slug": data["title"].lower().replace(" ", "-"), "authorId": author_id, **data}
                db["articles"].append(article)
                return article
        ''',
    }, "python -m flask --app app run --port {PORT}",
        [{"method": "POST", "path": "/api/articles", "json": {"article": {"title": "Hello World", "body": "x"}}}]),
    libraries=("flask",), framework="flask",
    expect=r"TypeError: create_article\(\) got multiple values for argument 'db'",
))


add(py_case(
    id="xsyntax-django-repository-method-renamed-debug-page",
    label="xfile.reference.attribute",
    shape="django-debug-page",
    source="https://www.pythoncodecrack.com/attributeerror-object-has-no-attribute.html",
    source_kind="blog",
    cause="Accessing an attribute that an object's class does not define raises AttributeError; a method renamed in "
          "one module but still called by its old name elsewhere fails only when that call runs.",
    rationale="ArticleRepository in articles/repositories.py now names its lookup get_by_slug, but the view still "
              "calls repo.find_by_slug; the request gets Django's debug page with AttributeError "
              "'ArticleRepository' object has no attribute 'find_by_slug'.",
    make=fetch_page({
        **django_files(["articles"], urls='''
            from django.urls import path
            from articles import views

            urlpatterns = [path("api/articles/<slug:slug>/", views.article_detail)]
        '''),
        "articles/__init__.py": "",
        "articles/apps.py": '''
            from django.apps import AppConfig

            class ArticlesConfig(AppConfig):
                name = "articles"
        ''',
        "articles/repositories.py": '''
            ARTICLES = {"hello": {"slug": "hello", "title": "Hello"}}

            class ArticleRepository:
                def get_by_slug(self, slug):
                    return ARTICLES.get(slug)
        ''',
        "articles/views.py": '''
            from django.http import JsonResponse
            from articles.repositories import ArticleRepository

            repo = ArticleRepository()

            def article_detail(request, slug):
                article = repo.find_by_slug(slug)
                return JsonResponse({"article": article})
        ''',
    }, "python manage.py runserver 127.0.0.1:{PORT} --noreload", "/api/articles/hello/", render=debug_page_text),
    libraries=("django",), framework="django",
    expect=r"'ArticleRepository' object has no attribute 'find_by_slug'",
))

add(py_case(
    id="xsyntax-pytest-service-function-renamed-module-attr",
    label="xfile.reference.attribute",
    shape="pytest",
    source="https://www.pythonstudio.us/tutorial-2/you-specify-that-the-name-is-an-attribute-of-a-particular-object-discovering-where-python-looks-for-names.html",
    source_kind="blog",
    cause="For `module.name`, an AttributeError means Python found the module but not the name after the dot; "
          "a function renamed in its module but called under the old name through the module object fails this way.",
    rationale="services/profiles.py renamed fetch_profile to get_profile, while routes/profiles.py still calls "
              "profile_service.fetch_profile(); the pytest TestClient run fails with AttributeError: module "
              "'services.profiles' has no attribute 'fetch_profile'.",
    make=run({
        "main.py": '''
            from fastapi import FastAPI
            from routes.profiles import router

            app = FastAPI()
            app.include_router(router, prefix="/api")
        ''',
        "routes/__init__.py": "",
        "routes/profiles.py": '''
            from fastapi import APIRouter
            from services import profiles as profile_service

            router = APIRouter()

            @router.get("/profiles/{username}")
            def read_profile(username: str):
                return {"profile": profile_service.fetch_profile(username)}
        ''',
        "services/__init__.py": "",
        "services/profiles.py": '''
            PROFILES = {"jane": {"username": "jane", "bio": "", "following": False}}

            def get_profile(username: str):
                return PROFILES.get(username)
        ''',
        "tests/__init__.py": "",
        "tests/test_profiles.py": '''
            from fastapi.testclient import TestClient
            from main import app

            client = TestClient(app)

            def test_get_profile():
                res = client.get("/api/profiles/jane")
                assert res.status_code == 200
                assert res.json()["profile"]["username"] == "jane"
        ''',
    }, PYTEST, key="test_output"),
    libraries=("fastapi", "httpx", "pytest"), framework="fastapi",
    expect=r"AttributeError: module 'services\.profiles' has no attribute 'fetch_profile'",
))

# ==================================================================================================
# Node / TypeScript: startup.syntax
# ==================================================================================================

add(node_case(
    id="xsyntax-express-await-in-sync-service-function",
    label="startup.syntax",
    shape="node-stack",
    source="https://taourl.com/read-2159768.html",
    source_kind="qa",
    cause="await may only appear inside a function declared async (or at the top level of an ES module); using it "
          "in a plain function is a SyntaxError raised when the file is parsed.",
    rationale="services/users.js awaits the repository inside `function findUser(id)`, which is not async; requiring "
              "the service from server.js fails with SyntaxError: await is only valid in async functions and the top "
              "level bodies of modules, before Express listens.",
    make=run({
        "package.json": pkg(deps=("express",)),
        "repositories/users.js": '''
            const rows = new Map([['1', { id: '1', username: 'jane' }]]);
            exports.get = async (id) => rows.get(id) || null;
        ''',
        "services/users.js": '''
            const repo = require('../repositories/users');

            function findUser(id) {
              const user = await repo.get(id);
              if (!user) throw Object.assign(new Error('user not found'), { status: 404 });
              return user;
            }

            module.exports = { findUser };
        ''',
        "server.js": '''
            const express = require('express');
            const { findUser } = require('./services/users');
            const app = express();
            app.get('/api/users/:id', async (req, res, next) => {
              try { res.json({ user: await findUser(req.params.id) }); } catch (e) { next(e); }
            });
            app.listen(process.env.PORT || 3000);
        ''',
    }, "node server.js", node=True),
    libraries=("express",), framework="express",
    expect=r"await is only valid in async functions and the top level bodies of modules",
))

add(node_case(
    id="xsyntax-npm-start-package-json-trailing-comma",
    label="startup.syntax",
    shape="npm",
    source="https://dev.aravindsanjeev.com/why-a-trailing-comma-breaks-your-packagejson",
    source_kind="blog",
    cause="package.json must be strict JSON; a trailing comma after the last entry of an object makes npm fail to "
          "parse it, so no script can start.",
    rationale="The scripts block ends with `\"dev\": \"node --watch server.js\",` before the closing brace; `npm start` "
              "refuses with code EJSONPARSE and never runs server.js.",
    make=run({
        "package.json": (
            '{\n'
            '  "name": "conduit-api",\n'
            '  "version": "1.0.0",\n'
            '  "private": true,\n'
            '  "scripts": {\n'
            '    "start": "node server.js",\n'
            '    "dev": "node --watch server.js",\n'
            '  },\n'
            '  "dependencies": { "express": "*" }\n'
            '}\n'
        ),
        "server.js": '''
            const express = require('express');
            const app = express();
            app.get('/api/tags', (req, res) => res.json({ tags: [] }));
            app.listen(process.env.PORT || 3000);
        ''',
    }, "npm start", node=True),
    libraries=("express",), framework="express",
    expect=r"EJSONPARSE",
))

add(node_case(
    id="xsyntax-express-route-missing-paren-ci",
    label="startup.syntax",
    shape="ci-timestamp",
    source="https://DEVELOPER.MOZILLA.ORG/es/docs/Web/JavaScript/Reference/Errors/Missing_parenthesis_after_argument_list",
    source_kind="docs",
    cause="A function call whose argument list is not closed with ')' (often an inline callback whose closing "
          "parenthesis was dropped) is rejected with SyntaxError: missing ) after argument list.",
    rationale="routes/users.js closes the router.get callback with `}` instead of `})`; the CI step running the "
              "server fails at require time with SyntaxError: missing ) after argument list, each line timestamped.",
    make=ci({
        "package.json": pkg(deps=("express",)),
        "routes/users.js": '''
            const { Router } = require('express');
            const users = require('../services/users');
            const router = Router();

            router.get('/:id', async (req, res) => {
              const user = await users.findById(req.params.id);
              if (!user) return res.status(404).json({ errors: { user: ['not found'] } });
              res.json({ user });
            }

            module.exports = router;
        ''',
        "services/users.js": '''
            const rows = new Map([['1', { id: '1', username: 'jane' }]]);
            exports.findById = async (id) => rows.get(id) || null;
        ''',
        "server.js": '''
            const express = require('express');
            const app = express();
            app.use('/api/users', require('./routes/users'));
            app.listen(process.env.PORT || 3000);
        ''',
    }, "node server.js", node=True),
    libraries=("express",), framework="express",
    expect=r"SyntaxError: missing \) after argument list",
))

add(node_case(
    id="xsyntax-koa-service-param-redeclared-concurrently",
    label="startup.syntax",
    shape="compose-prefix",
    source="https://runebook.dev/en/docs/javascript/errors/redeclared_parameter",
    source_kind="docs",
    cause="Declaring a let/const with the same name as a function parameter in the function body is an early "
          "SyntaxError; V8 reports it as Identifier 'x' has already been declared.",
    rationale="services/users.js has `async function updateUser(id, data) { const data = normalize(...) }`; the Koa "
              "API started under concurrently crashes on load with SyntaxError: Identifier 'data' has already been "
              "declared, every line prefixed with [api].",
    make=run({
        "package.json": pkg(deps=("koa", "@koa/router", "koa-bodyparser")),
        "services/users.js": '''
            const users = new Map();

            function normalize(input) {
              return { ...input, email: String(input.email || '').toLowerCase() };
            }

            async function updateUser(id, data) {
              const data = normalize(data);
              const next = { ...(users.get(id) || {}), ...data };
              users.set(id, next);
              return next;
            }

            module.exports = { updateUser };
        ''',
        "server.js": '''
            const Koa = require('koa');
            const Router = require('@koa/router');
            const bodyParser = require('koa-bodyparser');
            const { updateUser } = require('./services/users');

            const app = new Koa();
            const router = new Router({ prefix: '/api' });
            router.put('/user', async (ctx) => {
              ctx.body = { user: await updateUser('1', ctx.request.body.user) };
            });
            app.use(bodyParser()).use(router.routes());
            app.listen(process.env.PORT || 3000);
        ''',
    }, "concurrently --raw=false -n api \"node server.js\"", node=True),
    libraries=("koa", "@koa/router", "concurrently"), framework="koa",
    expect=r"Identifier 'data' has already been declared",
))

add(node_case(
    id="xsyntax-jest-service-unterminated-string",
    label="startup.syntax",
    shape="jest",
    source="https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Errors/String_literal_EOL",
    source_kind="docs",
    cause="A string literal opened with a quote must be closed on the same line; a missing closing quote is "
          "reported as an unterminated string literal and the file does not parse.",
    rationale="services/slug.js has `.replace(/\\s+/g, '-)` with the closing quote missing; jest's transform of the "
              "service fails, so the suite that requires it reports 'Test suite failed to run' with a SyntaxError.",
    make=run({
        "package.json": pkg(deps=("express", "supertest"), jest=True),
        "services/slug.js": '''
            exports.slugify = (title) =>
              String(title)
                .toLowerCase()
                .trim()
                .replace(/\\s+/g, '-);
        ''',
        "app.js": '''
            const express = require('express');
            const { slugify } = require('./services/slug');
            const app = express();
            app.use(express.json());
            app.post('/api/articles', (req, res) => {
              const { title } = req.body.article;
              res.status(201).json({ article: { title, slug: slugify(title) } });
            });
            module.exports = app;
        ''',
        "app.test.js": '''
            const request = require('supertest');
            const app = require('./app');

            test('creates an article with a slug', async () => {
              const res = await request(app).post('/api/articles').send({ article: { title: 'Hello World' } });
              expect(res.status).toBe(201);
              expect(res.body.article.slug).toBe('hello-world');
            });
        ''',
    }, "jest --ci", node=True),
    libraries=("express", "jest", "supertest"), framework="express",
    expect=r"Test suite failed to run",
))

add(node_case(
    id="xsyntax-node-jsx-in-express-view",
    label="startup.syntax",
    shape="node-stack",
    source="http://www.interviewquestionspdf.com/2017/01/can-browsers-read-jsx-if-not-why.html",
    source_kind="blog",
    cause="JSX is not JavaScript; a file containing JSX must be compiled before a JavaScript engine runs it, so "
          "plain node rejects the first '<' tag as an unexpected token.",
    rationale="views/home.js returns `<h1>Conduit API</h1>` from a render helper and server.js requires it; node has "
              "no JSX transform and stops with SyntaxError: Unexpected token '<'.",
    make=run({
        "package.json": pkg(deps=("express",)),
        "views/home.js": '''
            function Home({ count }) {
              return <h1>Conduit API: {count} articles</h1>;
            }
            module.exports = { Home };
        ''',
        "server.js": '''
            const express = require('express');
            const { Home } = require('./views/home');
            const app = express();
            app.get('/', (req, res) => res.send(String(Home({ count: 0 }))));
            app.listen(process.env.PORT || 3000);
        ''',
    }, "node server.js", node=True),
    libraries=("express",), framework="express",
    expect=r"SyntaxError: Unexpected token '<'",
))

add(node_case(
    id="xsyntax-honcho-js-markdown-fence",
    label="startup.syntax",
    shape="compose-prefix",
    source="https://hex.pm/packages/credence/0.8.1/files/lib/syntax/no_markdown_code_fences.ex",
    source_kind="docs",
    cause="Markdown code fences copied from a chat answer into a source file are not code of the file's language; "
          "left in place they break loading of the module.",
    rationale="routes/tags.js still starts with a ```javascript fence line and ends with ``` from the pasted answer; "
              "in JavaScript the backticks read as template literals, so the Fastify app started by honcho crashes on "
              "require at tags.js:1 with TypeError: \"\" is not a function, prefixed with web.1 |.",
    make=run({
        "package.json": pkg(deps=("fastify",)),
        "Procfile": "web: node server.js\n",
        "routes/tags.js": (
            "```javascript\n"
            "async function tagRoutes(fastify) {\n"
            "  fastify.get('/api/tags', async () => ({ tags: ['dragons', 'training'] }));\n"
            "}\n"
            "\n"
            "module.exports = tagRoutes;\n"
            "```\n"
        ),
        "server.js": '''
            const fastify = require('fastify')({ logger: false });
            fastify.register(require('./routes/tags'));
            fastify.listen({ port: Number(process.env.PORT) || 3000 });
        ''',
    }, "timeout 10 honcho start", node=True),
    libraries=("fastify", "honcho"), framework="fastify",
    expect=r'web\.1 .{0,20}TypeError: "" is not a function',
))

add(node_case(
    id="xsyntax-tsc-ts1128-extra-closing-brace",
    label="startup.syntax",
    shape="tsc",
    source="https://adhdecode-articles-4.pages.dev/articles/typescript/ts1003-identifier-expected",
    source_kind="blog",
    cause="Unbalanced braces leave the parser outside any block where more code follows; an extra closing brace "
          "makes TypeScript report TS1128 'Declaration or statement expected'.",
    rationale="src/services/article.service.ts closes the class body twice after a method was pasted in; `tsc` "
              "fails with error TS1128: Declaration or statement expected at the stray brace.",
    make=run({
        "package.json": pkg(deps=("express",)),
        "tsconfig.json": TSCONFIG,
        "src/services/article.service.ts": '''
            export interface Article { slug: string; title: string; favoritesCount: number }

            export class ArticleService {
              private rows: Article[] = [];

              list(): Article[] {
                return this.rows;
              }

              favorite(slug: string): Article | undefined {
                const a = this.rows.find((r) => r.slug === slug);
                if (a) a.favoritesCount += 1;
                return a;
              }
              }
            }
        ''',
        "src/server.ts": '''
            import express from 'express';
            import { ArticleService } from './services/article.service';

            const app = express();
            const articles = new ArticleService();
            app.get('/api/articles', (_req, res) => { res.json({ articles: articles.list() }); });
            app.listen(Number(process.env.PORT) || 3000);
        ''',
    }, "tsc -p . --pretty false", node=True),
    libraries=("typescript", "express"), framework="express",
    expect=r"error TS1128: Declaration or statement expected",
))

add(node_case(
    id="xsyntax-tsc-tsconfig-missing-comma",
    label="startup.syntax",
    shape="tsc",
    source="https://so.parthpatel.net/typescript/doc/4720/tsconfig-json",
    source_kind="blog",
    cause="tsconfig.json uses the JSON file format (comments allowed); a missing comma between two options makes "
          "the config unparsable and tsc reports the syntax error in tsconfig.json itself.",
    rationale="The \"strict\": true line has no comma before \"esModuleInterop\"; `tsc` stops with "
              "tsconfig.json error TS1005: ',' expected, before checking any source file.",
    make=run({
        "package.json": pkg(deps=("express",)),
        "tsconfig.json": (
            '{\n'
            '  "compilerOptions": {\n'
            '    "module": "commonjs",\n'
            '    "target": "ES2021",\n'
            '    "outDir": "dist",\n'
            '    "skipLibCheck": true,\n'
            '    "strict": true\n'
            '    "esModuleInterop": true\n'
            '  },\n'
            '  "include": ["src"]\n'
            '}\n'
        ),
        "src/server.ts": '''
            import express from 'express';
            const app = express();
            app.get('/api/tags', (_req, res) => { res.json({ tags: [] }); });
            app.listen(Number(process.env.PORT) || 3000);
        ''',
    }, "tsc -p . --pretty false", node=True),
    libraries=("typescript",), framework="express",
    expect=r"tsconfig\.json\(\d+,\d+\): error TS1005: ',' expected",
))

# ==================================================================================================
# Node / TypeScript: xfile.reference
# ==================================================================================================

add(node_case(
    id="xsyntax-esm-named-import-from-dynamic-cjs-config",
    label="xfile.reference.import",
    shape="node-stack",
    source="https://www.javascript-package-publishing.com/core-javascript-package-workflows/esm-and-cjs-interoperability/resolving-named-export-not-found-in-esm/",
    source_kind="blog",
    cause="Node finds a CommonJS module's named exports by static analysis only; members added dynamically to "
          "module.exports are not offered as named ESM imports, so `import { x }` fails at link time.",
    rationale="config.cjs fills module.exports with Object.assign from a loader function; the ESM server imports "
              "{ jwtSecret } from it and Node refuses to link with SyntaxError: Named export 'jwtSecret' not found.",
    make=run({
        "package.json": pkg(type_module=True, deps=("express",)),
        "src/config.cjs": '''
            function load() {
              return { port: Number(process.env.PORT) || 3000, jwtSecret: process.env.JWT_SECRET || 'dev-secret' };
            }
            Object.assign(module.exports, load());
        ''',
        "src/server.js": '''
            import express from 'express';
            import { port, jwtSecret } from './config.cjs';

            const app = express();
            app.get('/api/health', (req, res) => res.json({ ok: true, signed: Boolean(jwtSecret) }));
            app.listen(port);
        ''',
    }, "node src/server.js", node=True),
    libraries=("express",), framework="express",
    expect=r"Named export '(jwtSecret|port)' not found",
))

add(node_case(
    id="xsyntax-ts-default-export-required-not-constructor",
    label="xfile.reference.import",
    shape="node-stack",
    source="https://www.besthub.dev/articles/understanding-esmoduleinterop-commonjs-vs-es-module-in-typescript-fa198aa2ab09",
    source_kind="blog",
    cause="TypeScript compiles `export default X` to CommonJS as exports.default; JavaScript that require()s the "
          "compiled file and uses the result directly gets the module object, not the class, so `new` fails.",
    rationale="src/user.service.ts has `export default class UserService`; the plain-JS server.js does "
              "`const UserService = require('./dist/user.service')` and `new UserService()`, which throws "
              "TypeError: UserService is not a constructor after tsc succeeds.",
    make=run({
        "package.json": pkg(deps=("express",)),
        "tsconfig.json": TSCONFIG,
        "src/user.service.ts": '''
            export interface User { id: string; username: string }

            export default class UserService {
              private users = new Map<string, User>([['1', { id: '1', username: 'jane' }]]);
              find(id: string): User | null { return this.users.get(id) ?? null; }
            }
        ''',
        "server.js": '''
            const express = require('express');
            const UserService = require('./dist/user.service');

            const users = new UserService();
            const app = express();
            app.get('/api/users/:id', (req, res) => res.json({ user: users.find(req.params.id) }));
            app.listen(process.env.PORT || 3000);
        ''',
    }, "tsc -p . && node server.js", node=True),
    libraries=("typescript", "express"), framework="express",
    expect=r"TypeError: UserService is not a constructor",
))

add(node_case(
    id="xsyntax-tsc-ts2459-model-type-not-exported",
    label="xfile.reference.import",
    shape="tsc",
    source="https://blog.csdn.net/weixin_43303603/article/details/140312765",
    source_kind="blog",
    cause="A type declared in a TypeScript module is local to that module until it is exported; another file can "
          "import it only after the defining file marks it with export.",
    rationale="src/models/user.ts declares `interface User` without export (only the UserModel class is exported), "
              "while src/services/user.service.ts imports { User } from it; tsc fails with TS2459: Module declares "
              "'User' locally, but it is not exported.",
    make=run({
        "package.json": pkg(deps=("express",)),
        "tsconfig.json": TSCONFIG,
        "src/models/user.ts": '''
            interface User {
              id: number;
              email: string;
              username: string;
            }

            export class UserModel {
              private rows: User[] = [];
              insert(user: Omit<User, 'id'>): User {
                const row = { id: this.rows.length + 1, ...user };
                this.rows.push(row);
                return row;
              }
            }
        ''',
        "src/services/user.service.ts": '''
            import { User, UserModel } from '../models/user';

            export class UserService {
              constructor(private readonly users = new UserModel()) {}

              register(email: string, username: string): User {
                return this.users.insert({ email, username });
              }
            }
        ''',
    }, "tsc -p . --pretty false", node=True),
    libraries=("typescript",), framework=None,
    expect=r"error TS2459: Module '\"[^\"]{1,200}\"' declares 'User' locally, but it is not exported",
))

add(node_case(
    id="xsyntax-tsc-dto-field-renamed-object-literal",
    label="xfile.reference.attribute",
    shape="tsc",
    source="https://bobbyhadz.com/blog/typescript-object-literal-may-only-specify-known-properties",
    source_kind="blog",
    cause="An object literal passed where a declared type is expected may only contain that type's properties; a "
          "property the type does not declare (e.g. after a field was renamed) is a compile error.",
    rationale="dto/create-user.dto.ts renamed the field to passwordHash, while users.service.ts still builds "
              "{ email, username, password }; tsc reports that 'password' does not exist in type 'CreateUserDto'.",
    make=run({
        "package.json": pkg(deps=("express",)),
        "tsconfig.json": TSCONFIG,
        "src/dto/create-user.dto.ts": '''
            export interface CreateUserDto {
              email: string;
              username: string;
              passwordHash: string;
            }
        ''',
        "src/repositories/users.repository.ts": '''
            import { CreateUserDto } from '../dto/create-user.dto';

            export class UsersRepository {
              private rows: (CreateUserDto & { id: number })[] = [];
              create(dto: CreateUserDto) {
                const row = { id: this.rows.length + 1, ...dto };
                this.rows.push(row);
                return row;
              }
            }
        ''',
        "src/services/users.service.ts": '''
            import { createHash } from 'crypto';
            import { UsersRepository } from '../repositories/users.repository';

            export class UsersService {
              constructor(private readonly repo = new UsersRepository()) {}

              register(email: string, username: string, plain: string) {
                const password = createHash('sha256').update(plain).digest('hex');
                return this.repo.create({ email, username, password });
              }
            }
        ''',
    }, "tsc -p . --pretty false", node=True),
    libraries=("typescript",), framework=None,
    expect=r"error TS(2353|2561): Object literal may only specify known properties",
))

# ==================================================================================================
# Second batch
# ==================================================================================================

add(py_case(
    id="xsyntax-honcho-repository-unexpected-keyword",
    label="xfile.reference.signature",
    shape="compose-prefix",
    source="https://exchangetuts.com/class-constructors-and-keyword-arguments-how-does-python-determine-which-one-is-unexpected-1639849449076984",
    source_kind="qa",
    cause="Calling a function or constructor with a keyword that is not one of its parameter names raises TypeError "
          "'got an unexpected keyword argument'.",
    rationale="repositories/users.py defines UserRepository.__init__(self, db), but services/users.py builds it with "
              "UserRepository(session=...); the FastAPI app run under honcho crashes on import with TypeError: "
              "UserRepository.__init__() got an unexpected keyword argument 'session', prefixed with web.1 |.",
    make=run({
        "Procfile": "web: python -m uvicorn main:app --port $PORT\n",
        "main.py": '''
            from fastapi import FastAPI
            from services.users import user_service

            app = FastAPI()

            @app.get("/api/users/{user_id}")
            def read_user(user_id: int):
                return {"user": user_service.get(user_id)}
        ''',
        "db.py": '''
            class FakeSession:
                def __init__(self):
                    self.rows = {1: {"id": 1, "username": "jane"}}
        ''',
        "repositories/__init__.py": "",
        "repositories/users.py": '''
            class UserRepository:
                def __init__(self, db):
                    self.db = db

                def get(self, user_id):
                    return self.db.rows.get(user_id)
        ''',
        "services/__init__.py": "",
        "services/users.py": '''
            from db import FakeSession
            from repositories.users import UserRepository


            class UserService:
                def __init__(self, repo):
                    self.repo = repo

                def get(self, user_id):
                    return self.repo.get(user_id)


            user_service = UserService(UserRepository(session=FakeSession()))
        ''',
    }, "timeout 10 honcho start -p {PORT}"),
    libraries=("fastapi", "uvicorn", "honcho"), framework="fastapi",
    expect=r"web\.1 .{0,20}TypeError: UserRepository\.__init__\(\) got an unexpected keyword argument 'session'",
))

add(py_case(
    id="xsyntax-ci-pytest-merge-conflict-markers",
    label="startup.syntax",
    shape="ci-timestamp",
    source="https://errorhandle.ai/git-conflict-markers",
    source_kind="blog",
    cause="Git writes <<<<<<<, ======= and >>>>>>> markers into a file whose merge conflicted; until someone removes "
          "them the file is not valid source code.",
    rationale="services/pricing.py was committed with the conflict block still in it; the CI pytest step fails while "
              "collecting the test that imports it (SyntaxError at the <<<<<<< HEAD line), each line timestamped.",
    make=ci({
        "services/__init__.py": "",
        "services/pricing.py": (
            "def order_total(items, coupon=None):\n"
            "    subtotal = sum(i['price'] * i['qty'] for i in items)\n"
            "<<<<<<< HEAD\n"
            "    discount = 0.1 * subtotal if coupon == 'TEN' else 0\n"
            "=======\n"
            "    discount = coupon.amount if coupon else 0\n"
            ">>>>>>> feature/coupons\n"
            "    return round(subtotal - discount, 2)\n"
        ),
        "tests/__init__.py": "",
        "tests/test_pricing.py": '''
            from services.pricing import order_total

            def test_total_without_coupon():
                assert order_total([{"price": 10.0, "qty": 2}]) == 20.0
        ''',
    }, PYTEST),
    libraries=("pytest",), framework=None,
    expect=r"ERROR collecting tests/test_pricing\.py",
))

add(node_case(
    id="xsyntax-hono-service-function-renamed",
    label="xfile.reference.attribute",
    shape="status-line",
    source="https://developer.mozilla.org/JavaScript/Reference/Global_Objects/TypeError",
    source_kind="docs",
    cause="Calling a value that is not a function throws TypeError; a service function renamed in its module but "
          "still called by the old name through the module object is undefined at call time.",
    rationale="services/articles.js now exports listFeed, while routes/articles.js still calls articles.getFeed(); the "
              "Hono app answers 500 Internal Server Error and logs TypeError: articles.getFeed is not a function.",
    make=serve({
        "package.json": pkg(type_module=True, deps=("hono", "@hono/node-server")),
        "src/services/articles.js": '''
            const rows = [{ slug: 'hello', title: 'Hello', author: 'jane' }];
            export async function listFeed(user) {
              return rows.filter((r) => r.author !== user);
            }
        ''',
        "src/routes/articles.js": '''
            import { Hono } from 'hono';
            import * as articles from '../services/articles.js';

            export const articleRoutes = new Hono();
            articleRoutes.get('/feed', async (c) => {
              const feed = await articles.getFeed(c.req.query('user'));
              return c.json({ articles: feed, articlesCount: feed.length });
            });
        ''',
        "src/index.js": '''
            import { Hono } from 'hono';
            import { serve } from '@hono/node-server';
            import { articleRoutes } from './routes/articles.js';

            const app = new Hono();
            app.route('/api/articles', articleRoutes);
            serve({ fetch: app.fetch, port: Number(process.env.PORT) || 3000 });
        ''',
    }, "node src/index.js", [{"method": "GET", "path": "/api/articles/feed?user=bob"}], node=True),
    libraries=("hono",), framework="hono",
    expect=r"articles\.getFeed is not a function",
))

add(node_case(
    id="xsyntax-fastify-service-called-with-wrong-arity",
    label="xfile.reference.signature",
    shape="pino-json",
    source="https://runebook.dev/es/docs/javascript/errors/unexpected_type",
    source_kind="docs",
    cause="Reading a property of undefined throws TypeError 'Cannot read properties of undefined'; a JavaScript "
          "function called with fewer arguments than it declares sees undefined in the missing parameters.",
    rationale="services/articles.js declares create(authorId, data) but the route calls articleService.create(request.body.article); "
              "data is undefined, so reading data.title throws and Fastify's pino log records a 500 with "
              "\"Cannot read properties of undefined (reading 'title')\".",
    make=serve({
        "package.json": pkg(deps=("fastify",)),
        "services/articles.js": '''
            const rows = [];
            exports.create = async (authorId, data) => {
              const article = { slug: data.title.toLowerCase().replace(/\\s+/g, '-'), authorId, ...data };
              rows.push(article);
              return article;
            };
        ''',
        "routes/articles.js": '''
            const articleService = require('../services/articles');

            module.exports = async function articleRoutes(fastify) {
              fastify.post('/api/articles', async (request, reply) => {
                const article = await articleService.create(request.body.article);
                return reply.code(201).send({ article });
              });
            };
        ''',
        "server.js": '''
            const fastify = require('fastify')({ logger: true });
            fastify.register(require('./routes/articles'));
            fastify.listen({ port: Number(process.env.PORT) || 3000, host: '127.0.0.1' });
        ''',
    }, "node server.js", [{"method": "POST", "path": "/api/articles",
                            "json": {"article": {"title": "Hello World", "body": "x"}}}], node=True),
    libraries=("fastify", "pino"), framework="fastify",
    expect=r"Cannot read properties of undefined \(reading 'title'\)",
))

# ==================================================================================================
# Third batch
# ==================================================================================================

add(node_case(
    id="xsyntax-express-require-esm-default-router-nodemon",
    label="xfile.reference.import",
    shape="node-stack",
    source="https://livebook.manning.com/learn/concepts/module-namespace-object--data-structure/secrets-of-the-javascript-ninja-third-edition",
    source_kind="blog",
    cause="In Node.js, require() of an ES module returns its module namespace object, with the default export under "
          ".default, not the default export itself.",
    rationale="routes/tags.js was rewritten with import/export default while server.js still does "
              "app.use('/api/tags', require('./routes/tags')); Node loads the file as ESM and hands Express the namespace, "
              "so nodemon shows TypeError: Router.use() requires a middleware function but got a Module and 'app crashed'.",
    make=run({
        "package.json": pkg(deps=("express",)),
        "routes/tags.js": '''
            import { Router } from 'express';

            const router = Router();
            router.get('/', (req, res) => res.json({ tags: ['dragons', 'training'] }));

            export default router;
        ''',
        "server.js": '''
            const express = require('express');
            const app = express();
            app.use(express.json());
            app.use('/api/tags', require('./routes/tags'));
            app.listen(process.env.PORT || 3000);
        ''',
    }, "timeout 8 nodemon --no-colours server.js", node=True),
    libraries=("express", "nodemon"), framework="express",
    expect=r"Router\.use\(\) requires a middleware function but got a Module",
))

add(node_case(
    id="xsyntax-route-file-mixes-require-and-export",
    label="startup.syntax",
    shape="node-stack",
    source="https://taourl.com/read-2433893.html",
    source_kind="qa",
    cause="require belongs to CommonJS and is not defined inside an ES module; a file that uses both `require` and "
          "`export` is treated as an ES module and fails when it calls require.",
    rationale="routes/users.js keeps `const { Router } = require('express')` but ends with `export default router`; "
              "Node loads it as an ES module and the Express boot stops with ReferenceError: require is not defined "
              "in ES module scope.",
    make=run({
        "package.json": pkg(deps=("express",)),
        "routes/users.js": '''
            const { Router } = require('express');

            const router = Router();
            router.get('/:username', (req, res) => res.json({ profile: { username: req.params.username } }));

            export default router;
        ''',
        "server.js": '''
            const express = require('express');
            const app = express();
            app.use('/api/profiles', require('./routes/users'));
            app.listen(process.env.PORT || 3000);
        ''',
    }, "node server.js", node=True),
    libraries=("express",), framework="express",
    expect=r"ReferenceError: require is not defined in ES module scope",
))

add(node_case(
    id="xsyntax-mocha-esm-named-import-of-default-export",
    label="xfile.reference.import",
    shape="mocha",
    source="https://blog.csdn.net/u014773932/article/details/124891561",
    source_kind="blog",
    cause="A module that exports with `export default` has no named export of that name; importing it with braces "
          "fails with 'does not provide an export named ...', while a default import needs no braces.",
    rationale="services/articles.js ends with `export default articleService`, but app.js imports "
              "`{ articleService }`; mocha cannot load the spec and prints SyntaxError: The requested module "
              "'./services/articles.js' does not provide an export named 'articleService'.",
    make=run({
        "package.json": pkg(type_module=True, deps=("express", "mocha", "supertest", "chai")),
        "services/articles.js": '''
            const rows = [{ slug: 'hello', title: 'Hello' }];
            const articleService = {
              list: async () => rows,
            };
            export default articleService;
        ''',
        "app.js": '''
            import express from 'express';
            import { articleService } from './services/articles.js';

            const app = express();
            app.get('/api/articles', async (req, res) => {
              const articles = await articleService.list();
              res.json({ articles, articlesCount: articles.length });
            });
            export default app;
        ''',
        "test/articles.spec.js": '''
            import request from 'supertest';
            import { expect } from 'chai';
            import app from '../app.js';

            describe('GET /api/articles', () => {
              it('lists articles', async () => {
                const res = await request(app).get('/api/articles');
                expect(res.status).to.equal(200);
                expect(res.body.articlesCount).to.equal(1);
              });
            });
        ''',
    }, "mocha --no-colors 'test/**/*.spec.js'", node=True),
    libraries=("express", "mocha", "supertest", "chai"), framework="express",
    expect=r"does not provide an export named 'articleService'",
))

add(py_case(
    id="xsyntax-django-models-package-init-missing-export",
    label="xfile.reference.import",
    shape="python-traceback",
    source="http://recursive-design.com/blog/2006/12/31/splitting-up-django-models/",
    source_kind="blog",
    cause="When an app's models.py is split into a models/ package, each model file must be imported in "
          "models/__init__.py; otherwise `from app.models import X` finds no such name.",
    rationale="blog/models/ holds post.py and comment.py but __init__.py only imports Post; views.py does "
              "`from blog.models import Comment`, so `manage.py test` dies in its system checks while loading the "
              "URLconf, with ImportError: cannot import name 'Comment' from 'blog.models'.",
    make=run({
        **django_files(["blog"], urls='''
            from django.urls import path
            from blog import views

            urlpatterns = [path("api/posts/<int:pk>/comments/", views.comment_list)]
        '''),
        "blog/__init__.py": "",
        "blog/apps.py": '''
            from django.apps import AppConfig

            class BlogConfig(AppConfig):
                name = "blog"
                default_auto_field = "django.db.models.BigAutoField"
        ''',
        "blog/models/__init__.py": "from .post import Post\n",
        "blog/models/post.py": '''
            from django.db import models

            class Post(models.Model):
                title = models.CharField(max_length=200)
        ''',
        "blog/models/comment.py": '''
            from django.db import models

            class Comment(models.Model):
                post = models.ForeignKey("blog.Post", on_delete=models.CASCADE, related_name="comments")
                body = models.TextField()
        ''',
        "blog/views.py": '''
            from django.http import JsonResponse
            from blog.models import Comment

            def comment_list(request, pk):
                rows = Comment.objects.filter(post_id=pk).values("id", "body")
                return JsonResponse({"comments": list(rows)})
        ''',
        "blog/tests.py": '''
            from django.test import TestCase
            from blog import views


            class CommentListTest(TestCase):
                def test_empty(self):
                    res = self.client.get("/api/posts/1/comments/")
                    self.assertEqual(res.status_code, 200)
        ''',
    }, "python manage.py test blog", timeout=60),
    libraries=("django",), framework="django",
    expect=r"cannot import name 'Comment' from 'blog\.models'",
))

add(py_case(
    id="xsyntax-flask-config-unterminated-string",
    label="startup.syntax",
    shape="werkzeug",
    source="https://pitcat.ru/kak-ispravit-sintaksicheskuyu-oshibku-v-python",
    source_kind="blog",
    cause="A quote left unclosed makes the rest of the line part of a string that never ends, and Python refuses the "
          "file with a SyntaxError about the string literal.",
    rationale="config.py sets SECRET_KEY = \"dev-secret with no closing quote; `flask run` imports app.py, which imports "
              "config, and the CLI prints SyntaxError: unterminated string literal (detected at line 3).",
    make=run({
        "app.py": '''
            from flask import Flask
            import config

            app = Flask(__name__)
            app.config.from_object(config)

            @app.get("/api/health")
            def health():
                return {"ok": True}
        ''',
        "config.py": (
            "import os\n"
            "\n"
            "SECRET_KEY = os.environ.get(\"SECRET_KEY\", \"dev-secret)\n"
            "SQLALCHEMY_DATABASE_URI = \"sqlite:///dev.db\"\n"
        ),
    }, "timeout 10 python -m flask --app app run --port {PORT}"),
    libraries=("flask",), framework="flask",
    expect=r"SyntaxError: unterminated string literal \(detected at line 3\)",
))

add(py_case(
    id="xsyntax-pytest-dependency-unexpected-indent",
    label="startup.syntax",
    shape="pytest",
    source="https://makemeengr.com/what-to-do-with-unexpected-indent-in-python",
    source_kind="qa",
    cause="A line indented deeper than the line before it, without a block header that opens a new block, is an "
          "'unexpected indent'; pasting code with extra leading spaces commonly causes it.",
    rationale="dependencies.py has a pasted `if not token:` line indented one level deeper than the statement above it; "
              "pytest reports ERROR collecting tests/test_auth.py with IndentationError: unexpected indent.",
    make=run({
        "main.py": '''
            from fastapi import Depends, FastAPI
            from dependencies import current_user

            app = FastAPI()

            @app.get("/api/user")
            def me(user=Depends(current_user)):
                return {"user": user}
        ''',
        "dependencies.py": (
            "from fastapi import Header, HTTPException\n"
            "\n"
            "\n"
            "def current_user(authorization: str = Header(default=\"\")):\n"
            "    token = authorization.removeprefix(\"Token \")\n"
            "        if not token:\n"
            "            raise HTTPException(status_code=401, detail=\"missing token\")\n"
            "    return {\"username\": \"jane\", \"token\": token}\n"
        ),
        "tests/__init__.py": "",
        "tests/test_auth.py": '''
            from fastapi.testclient import TestClient
            from main import app

            def test_me_requires_token():
                assert TestClient(app).get("/api/user").status_code == 401
        ''',
    }, PYTEST, key="test_output"),
    libraries=("fastapi", "pytest"), framework="fastapi",
    expect=r"IndentationError: unexpected indent",
))

add(py_case(
    id="xsyntax-aiohttp-model-column-renamed-class-attr",
    label="xfile.reference.attribute",
    shape="aiohttp",
    source="https://www.pythoncodecrack.com/attributeerror-object-has-no-attribute.html",
    source_kind="blog",
    cause="Looking up an attribute a class does not define raises AttributeError; a model column renamed in the "
          "models module but still referenced by its old name in a query fails when the query is built.",
    rationale="models.py renamed the User column email_address to email, while repositories/users.py still filters on "
              "User.email_address; the aiohttp server logs 'Error handling request' with AttributeError: type object "
              "'User' has no attribute 'email_address' and the client gets 500.",
    make=serve({
        "app.py": '''
            import os
            from aiohttp import web
            from repositories.users import find_by_email

            async def login(request):
                body = await request.json()
                user = find_by_email(body["user"]["email"])
                if user is None:
                    return web.json_response({"errors": {"email": ["not found"]}}, status=422)
                return web.json_response({"user": {"email": user.email, "username": user.username}})

            app = web.Application()
            app.router.add_post("/api/users/login", login)

            if __name__ == "__main__":
                web.run_app(app, host="127.0.0.1", port=int(os.environ["PORT"]))
        ''',
        "models.py": '''
            from sqlalchemy import Column, Integer, String, create_engine
            from sqlalchemy.orm import DeclarativeBase, sessionmaker

            engine = create_engine("sqlite://")
            Session = sessionmaker(bind=engine)

            class Base(DeclarativeBase):
                pass

            class User(Base):
                __tablename__ = "users"
                id = Column(Integer, primary_key=True)
                email = Column(String, unique=True)
                username = Column(String)

            Base.metadata.create_all(engine)
        ''',
        "repositories/__init__.py": "",
        "repositories/users.py": '''
            from models import Session, User

            def find_by_email(email):
                with Session() as s:
                    return s.query(User).filter(User.email_address == email).first()
        ''',
    }, "python app.py", [{"method": "POST", "path": "/api/users/login",
                           "json": {"user": {"email": "jane@example.com", "password": "pw"}}}]),
    libraries=("aiohttp", "sqlalchemy"), framework="aiohttp",
    expect=r"type object 'User' has no attribute 'email_address'",
))

add(py_case(
    id="xsyntax-compileall-model-args-missing-comma",
    label="startup.syntax",
    shape="python-traceback",
    source="https://errordex.in/python/syntaxerror",
    source_kind="blog",
    cause="Two expressions side by side without a comma between them do not form valid syntax; Python's parser "
          "rejects the file (3.10+ adds 'Perhaps you forgot a comma?').",
    rationale="app/models.py lists UniqueConstraint(...) and Index(...) in __table_args__ with no comma between them; the "
              "CI byte-compile step (python -m compileall) reports SyntaxError: invalid syntax. Perhaps you forgot a comma?",
    make=run({
        "app/__init__.py": "",
        "app/models.py": '''
            from sqlalchemy import Column, Index, Integer, String, UniqueConstraint
            from sqlalchemy.orm import DeclarativeBase

            class Base(DeclarativeBase):
                pass

            class User(Base):
                __tablename__ = "users"
                __table_args__ = (UniqueConstraint("email", name="uq_users_email") Index("ix_users_username", "username"))
                id = Column(Integer, primary_key=True)
                email = Column(String(255), nullable=False)
                username = Column(String(80), nullable=False)
        ''',
        "app/main.py": '''
            from fastapi import FastAPI
            from app.models import User

            app = FastAPI()
        ''',
    }, "python -m compileall -q app"),
    libraries=("sqlalchemy", "fastapi"), framework="fastapi",
    expect=r"Perhaps you forgot a comma\?",
))
