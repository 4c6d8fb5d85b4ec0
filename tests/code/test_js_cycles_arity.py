"""XF105 (call arity across files) and XF107 (circular requires/imports used while loading) for
JavaScript: small projects written the way generated Express/Koa backends are, each defect pinned
as ``code:path:line``; clean projects, and the four Node reference apps, give nothing.

The run-time behaviour each defect claims was checked with Node 20 (v20.20.2) on copies of these
projects written under /tmp and run with ``node`` (``test_projects_behave_as_claimed_under_node``
does it again when ``node`` is on the PATH):

* too many arguments: ``createArticle(req.user.id, req.body)`` against ``createArticle(data)`` runs,
  ``data`` is the id and ``data.title`` is ``undefined``; too few: ``userService.updateUser(req.body)``
  against ``updateUser(id, data)`` throws ``TypeError: Cannot read properties of undefined (reading 'email')``,
  ``updateArticle(article)`` against ``updateArticle(slug, { title, body })`` throws
  ``TypeError: Cannot destructure property 'title' of 'undefined' as it is undefined``;
* a destructured require of a module still loading gives ``undefined``
  (``TypeError: findUserById is not a function`` when the middleware runs);
  ``class User extends db.Model`` on a half-loaded module throws
  ``TypeError: Class extends value undefined is not a constructor or null`` at startup; a module object
  taken before the other module replaces ``module.exports`` stays the stale empty object
  (``TypeError: userService.findById is not a function``; Node also warns
  ``Accessing non-existent property 'findById' of module exports inside circular dependency``);
* an ES module that uses, at its top level, a ``const`` (or ``export default`` value) of a module in its cycle
  that is evaluated later throws ``ReferenceError: Cannot access 'sequelize' before initialization`` (V8 names
  the importer's local binding: ``Cannot access 'app' ...`` for ``import app from '../app.js'``);
* the clean cycles (requires inside functions, ``exports.x =`` assigned before the cycle closes,
  ES function declarations) run without an error.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from rootcause.code.js import analyze_js_project
from rootcause.code.project import Project

APPS = Path(__file__).resolve().parents[2] / "data" / "apps"
NODE_APPS = ("express_raw_sql", "fastify_sequelize", "hono_raw_sql", "koa_sequelize")


def findings(files: dict[str, str]) -> dict[str, str]:
    return {f"{f.rule}:{f.path}:{f.line}": f.message for f in analyze_js_project(Project.from_files(files)) if f.level == "defect"}


def defects(files: dict[str, str]) -> set[str]:
    return set(findings(files))


# XF105 ---------------------------------------------------------------------------------------
ARITY_CJS = {
    "package.json": json.dumps({"name": "conduit", "main": "src/server.js", "dependencies": {"express": "^4.19.2"}}),
    "src/server.js": "const app = require('./app');\n\napp.listen(3000);\n",
    "src/app.js": (
        "const express = require('express');\n"
        "const articleRoutes = require('./routes/article.routes');\n"
        "\n"
        "const app = express();\n"
        "app.use(express.json());\n"
        "app.use('/api/articles', articleRoutes);\n"
        "module.exports = app;\n"
    ),
    "src/routes/article.routes.js": (
        "const express = require('express');\n"
        "const { createArticle, listArticles, updateArticle } = require('../services/article.service');\n"
        "const userService = require('../services/user.service');\n"
        "\n"
        "const router = express.Router();\n"
        "\n"
        "router.post('/', async (req, res) => {\n"
        "  const article = await createArticle(req.user.id, req.body);\n"
        "  res.status(201).json({ article });\n"
        "});\n"
        "\n"
        "router.get('/', async (req, res) => {\n"
        "  res.json(await listArticles(req.query));\n"
        "});\n"
        "\n"
        "router.put('/profile', async (req, res) => {\n"
        "  res.json(await userService.updateUser(req.body));\n"
        "});\n"
        "\n"
        "router.put('/:slug', async (req, res) => {\n"
        "  res.json(await updateArticle(req.body.article));\n"
        "});\n"
        "\n"
        "module.exports = router;\n"
    ),
    "src/services/article.service.js": (
        "const articles = [];\n"
        "\n"
        "async function createArticle(data) {\n"
        "  const article = { title: data.title, body: data.body };\n"
        "  articles.push(article);\n"
        "  return article;\n"
        "}\n"
        "\n"
        "async function listArticles(query, options = {}) {\n"
        "  const limit = Number(query.limit || options.limit || 20);\n"
        "  return articles.slice(0, limit);\n"
        "}\n"
        "\n"
        "async function updateArticle(slug, { title, body }) {\n"
        "  return { slug, title, body };\n"
        "}\n"
        "\n"
        "module.exports = { createArticle, listArticles, updateArticle };\n"
    ),
    "src/services/user.service.js": (
        "class UserService {\n  async updateUser(id, data) {\n    return { id, email: data.email };\n  }\n}\n\nmodule.exports = new UserService();\n"
    ),
}


def test_commonjs_calls_with_too_many_and_too_few_arguments():
    found = findings(ARITY_CJS)
    assert set(found) == {
        "XF105:src/routes/article.routes.js:8",  # createArticle(req.user.id, req.body) against createArticle(data)
        "XF105:src/routes/article.routes.js:17",  # userService.updateUser(req.body): data undefined, data.email read
        "XF105:src/routes/article.routes.js:21",  # updateArticle(article) against updateArticle(slug, { title, body })
    }
    assert "createArticle(data) takes 1" in found["XF105:src/routes/article.routes.js:8"]
    assert "src/services/article.service.js:3" in found["XF105:src/routes/article.routes.js:8"]
    assert "parameter data will be undefined" in found["XF105:src/routes/article.routes.js:17"]
    assert "UserService.prototype.updateUser" in found["XF105:src/routes/article.routes.js:17"]
    assert "Cannot destructure" in found["XF105:src/routes/article.routes.js:21"]


ARITY_ESM = {
    "package.json": json.dumps({"name": "api", "type": "module", "main": "src/index.js", "dependencies": {"koa": "^2.15.0"}}),
    "src/index.js": (
        "import Koa from 'koa';\n"
        "import { paginate } from './utils/paginate.js';\n"
        "import { Mailer } from './services/mailer.js';\n"
        "import * as tokens from './services/tokens.js';\n"
        "\n"
        "const app = new Koa();\n"
        "const mailer = new Mailer();\n"
        "\n"
        "app.use(async (ctx) => {\n"
        "  const page = paginate(ctx.query);\n"
        "  await mailer.send(ctx.request.body.email);\n"
        "  ctx.body = { page, token: tokens.sign({ id: 1 }, 'secret', '1h') };\n"
        "});\n"
        "\n"
        "app.listen(3000);\n"
    ),
    "src/utils/paginate.js": (
        "export const paginate = (query, options) => {\n"
        "  const limit = Math.min(Number(query.limit) || 20, options.maxLimit);\n"
        "  return { limit, offset: Number(query.offset) || 0 };\n"
        "};\n"
    ),
    "src/services/mailer.js": ("export class Mailer {\n  async send(to, message) {\n    return { to, subject: message.subject };\n  }\n}\n"),
    "src/services/tokens.js": "export function sign(payload, secret) {\n  return `${JSON.stringify(payload)}.${secret}`;\n}\n",
}


def test_es_module_calls_on_a_named_import_a_new_instance_and_a_namespace():
    assert defects(ARITY_ESM) == {
        "XF105:src/index.js:10",  # paginate(ctx.query): options.maxLimit of undefined
        "XF105:src/index.js:11",  # mailer.send(email): message.subject of undefined
        "XF105:src/index.js:12",  # tokens.sign(payload, secret, '1h') against sign(payload, secret)
    }


ARITY_CLEAN = {
    "package.json": json.dumps({"name": "api", "main": "src/server.js"}),
    "src/server.js": (
        "const { find, log, merge, build, format, connect, handler } = require('./lib');\n"
        "const lib = require('./lib');\n"
        "const Repo = require('./repo');\n"
        "\n"
        "const repo = new Repo();\n"
        "find(1);\n"  # find(id, options = {}): a default
        "log('a', 'b', 'c');\n"  # log(...parts)
        "merge(1, 2, 3);\n"  # merge() reads arguments
        "build();\n"  # build(spec): spec guarded with if (!spec)
        "format('x');\n"  # format(value, locale): locale passed on, never dereferenced
        "connect('db', {});\n"  # connect(): no parameters, may ignore what it is handed
        "repo.get(1);\n"  # get(id, tx): tx?.query
        "lib.later(1, 2);\n"  # later is defined twice: never resolved
        "Repo.create();\n"
        "function local(handler) {\n"
        "  return handler(1, 2, 3);\n"  # a parameter shadows the import
        "}\n"
        "function nested() {\n"
        "  function find(a, b, c) {\n"
        "    return [a.id, b, c];\n"
        "  }\n"
        "  return find(1, 2, 3);\n"  # a local function of the same name
        "}\n"
        "const args = [1, 2];\n"
        "handler(...args);\n"  # a spread: the count is unknown
        "module.exports = { local, nested };\n"
    ),
    "src/lib.js": (
        "function find(id, options = {}) {\n  return [id, options.limit];\n}\n"
        "function log(...parts) {\n  return parts.join(' ');\n}\n"
        "function merge(first) {\n  return [first.id, ...Array.from(arguments)];\n}\n"
        "function build(spec) {\n  if (!spec) return {};\n  return spec.value;\n}\n"
        "function format(value, locale) {\n  return String(value).toLocaleUpperCase(locale);\n}\n"
        "const connect = () => ({});\n"
        "function handler(a) {\n  return a.b;\n}\n"
        "function later(a) {\n  return a;\n}\n"
        "function later2(a, b, c) {\n  return a + b + c;\n}\n"
        "module.exports = { find, log, merge, build, format, connect, handler, later };\n"
        "module.exports.later = later2;\n"
    ),
    "tests/lib.test.js": "const { handler } = require('../src/lib');\n\ntest('needs a', () => expect(() => handler()).toThrow());\n",
    "src/repo.js": (
        "class Repo {\n"
        "  get(id, tx) {\n"
        "    return tx?.query(id);\n"
        "  }\n"
        "  static create(options) {\n"
        "    return new Repo(options);\n"
        "  }\n"
        "}\n"
        "module.exports = Repo;\n"
    ),
}


def test_calls_that_fit_or_cannot_be_told_give_nothing():
    assert defects(ARITY_CLEAN) == set()


# XF107 ---------------------------------------------------------------------------------------
CYCLE_CJS = {
    "package.json": json.dumps({"name": "api", "main": "src/app.js", "dependencies": {"express": "^4.19.2", "sequelize": "^6.37.0"}}),
    "src/app.js": (
        "const express = require('express');\n"
        "const { sequelize } = require('./models');\n"
        "const routes = require('./routes');\n"
        "\n"
        "const app = express();\n"
        "app.use(express.json());\n"
        "app.use('/api', routes);\n"
        "sequelize.sync().then(() => app.listen(3000));\n"
    ),
    "src/routes/index.js": (
        "const express = require('express');\n"
        "const { requireAuth } = require('../middleware/auth');\n"
        "const userController = require('../controllers/user.controller');\n"
        "const articleController = require('../controllers/article.controller');\n"
        "\n"
        "const router = express.Router();\n"
        "router.get('/user', requireAuth, userController.current);\n"
        "router.post('/articles', requireAuth, articleController.create);\n"
        "module.exports = router;\n"
    ),
    "src/controllers/user.controller.js": (
        "const userService = require('../services/user.service');\n\nexports.current = async (req, res) => res.json(await userService.findById(req.userId));\n"
    ),
    "src/controllers/article.controller.js": (
        "const articleService = require('../services/article.service');\n"
        "\n"
        "exports.create = async (req, res) => res.status(201).json(await articleService.create(req.body));\n"
    ),
    "src/services/user.service.js": (
        "const crypto = require('crypto');\n"
        "const auth = require('../middleware/auth');\n"
        "\n"
        "class UserService {\n"
        "  async findById(id) {\n"
        "    return { id, salt: crypto.randomUUID() };\n"
        "  }\n"
        "  token(user) {\n"
        "    return auth.signToken(user);\n"
        "  }\n"
        "}\n"
        "\n"
        "module.exports = new UserService();\n"
    ),
    "src/middleware/auth.js": (
        "const userService = require('../services/user.service');\n"
        "\n"
        "function signToken(user) {\n"
        "  return `token-${user.id}`;\n"
        "}\n"
        "\n"
        "async function requireAuth(req, res, next) {\n"
        "  req.user = await userService.findById(req.headers.authorization);\n"
        "  next();\n"
        "}\n"
        "\n"
        "module.exports = { requireAuth, signToken };\n"
    ),
    "src/services/article.service.js": (
        "const { notifyFollowers } = require('./notification.service');\n"
        "\n"
        "async function getFollowers(authorId) {\n"
        "  return [authorId];\n"
        "}\n"
        "\n"
        "async function create(data) {\n"
        "  await notifyFollowers(data.authorId);\n"
        "  return data;\n"
        "}\n"
        "\n"
        "module.exports = { create, getFollowers };\n"
    ),
    "src/services/notification.service.js": (
        "const { getFollowers } = require('./article.service');\n"
        "\n"
        "async function notifyFollowers(authorId) {\n"
        "  const followers = await getFollowers(authorId);\n"
        "  return followers.length;\n"
        "}\n"
        "\n"
        "module.exports = { notifyFollowers };\n"
    ),
    "src/models/index.js": (
        "const { Sequelize } = require('sequelize');\n"
        "\n"
        "const sequelize = new Sequelize('sqlite::memory:');\n"
        "const User = require('./user');\n"
        "\n"
        "module.exports = { sequelize, Model: Sequelize.Model, User };\n"
    ),
    "src/models/user.js": "const db = require('./index');\n\nclass User extends db.Model {}\n\nmodule.exports = User;\n",
}


def test_commonjs_cycles_that_read_a_half_loaded_module():
    found = findings(CYCLE_CJS)
    assert set(found) == {
        # app -> routes -> auth -> user.service -> auth: user.service keeps the exports object auth had at its
        # line 1 ({}), which auth replaces at line 12: auth.signToken is undefined for good
        "XF107:src/services/user.service.js:9",
        # article.controller -> article.service -> notification.service -> article.service: getFollowers is
        # destructured from article.service's still-empty exports
        "XF107:src/services/notification.service.js:1",
        # app -> models/index -> models/user -> models/index: db.Model read at user.js's top level
        "XF107:src/models/user.js:3",
    }
    assert "auth.signToken is always undefined" in found["XF107:src/services/user.service.js:9"]
    assert "getFollowers is undefined" in found["XF107:src/services/notification.service.js:1"]
    assert "db.Model is undefined here" in found["XF107:src/models/user.js:3"]


CYCLE_ESM = {
    "package.json": json.dumps({"name": "api", "type": "module", "main": "src/server.js"}),
    "src/server.js": "import { sequelize } from './db.js';\nimport { User } from './models/index.js';\n\nconsole.log(sequelize.name, User.name);\n",
    "src/db.js": (
        "import { registerModels } from './models/index.js';\n"
        "\n"
        "export const sequelize = { name: 'db', define: (name) => ({ name }) };\n"
        "registerModels(sequelize);\n"
    ),
    "src/models/index.js": ("import { User } from './user.js';\n\nexport function registerModels(db) {\n  return [User, db];\n}\nexport { User };\n"),
    "src/models/user.js": "import { sequelize } from '../db.js';\n\nexport const User = sequelize.define('User');\n",
}


def test_es_module_cycle_reading_a_binding_before_its_initialisation():
    found = findings(CYCLE_ESM)
    assert set(found) == {"XF107:src/models/user.js:3"}
    assert "Cannot access 'sequelize' before initialization" in found["XF107:src/models/user.js:3"]


CYCLE_ESM_DEFAULT = {
    "package.json": json.dumps({"name": "api", "type": "module", "scripts": {"start": "node src/app.js"}}),
    "src/app.js": (
        "import express from 'express';\nimport router from './routes/index.js';\n\nconst app = express();\napp.use('/api', router);\nexport default app;\n"
    ),
    "src/routes/index.js": (
        "import { Router } from 'express';\n"
        "import app from '../app.js';\n"
        "\n"
        "const router = Router();\n"
        "router.get('/env', (req, res) => res.json({ env: app.get('env') }));\n"
        "const mode = app.get('env');\n"
        "export default router;\n"
    ),
}


def test_es_module_cycle_through_a_default_export():
    found = findings(CYCLE_ESM_DEFAULT)
    assert set(found) == {"XF107:src/routes/index.js:6"}  # app.get() at the top level; the one in the handler runs later
    assert "Cannot access 'app' before initialization" in found["XF107:src/routes/index.js:6"]


CYCLE_CLEAN = {
    "package.json": json.dumps({"name": "api", "main": "src/app.js"}),
    "src/app.js": "const a = require('./a');\nconst esm = require('./esm-free');\n\na.start();\nesm.run();\n",
    # a <-> b: b requires a inside a function, a's names are read only in functions of b
    "src/a.js": "const b = require('./b');\n\nexports.start = () => b.helper();\nexports.name = 'a';\n",
    "src/b.js": "exports.helper = () => require('./a').name;\n",
    # c <-> d: c assigns exports.config before requiring d; d reads it at its top level
    "src/esm-free.js": "exports.config = { port: 3000 };\nconst d = require('./d');\n\nexports.run = () => d.port;\n",
    "src/d.js": "const { config } = require('./esm-free');\n\nexports.port = config.port;\n",
}

CYCLE_CLEAN_ESM = {
    "package.json": json.dumps({"name": "api", "type": "module", "main": "src/server.js"}),
    "src/server.js": "import { start } from './app.js';\n\nstart();\n",
    "src/app.js": "import { route } from './routes.js';\n\nexport function start() {\n  return route();\n}\nexport const name = 'app';\n",
    # routes <-> app: routes uses start (a hoisted function) at its top level, name only inside a function
    "src/routes.js": "import { start, name } from './app.js';\n\nconst boot = start;\nexport function route() {\n  return [boot, name];\n}\n",
}


def test_cycles_that_load_fine_give_nothing():
    assert defects(CYCLE_CLEAN) == set()
    assert defects(CYCLE_CLEAN_ESM) == set()


@pytest.mark.parametrize("app", NODE_APPS)
def test_node_reference_apps_give_no_xf105_or_xf107(app):
    found = analyze_js_project(Project.from_path(APPS / app))
    assert [f for f in found if f.rule in ("XF105", "XF107")] == []


# Node itself ----------------------------------------------------------------------------------
_DRIVERS = {
    "arity_cjs": (
        ARITY_CJS,
        "const svc = require('./src/services/article.service');\nconst users = require('./src/services/user.service');\n"
        "svc.createArticle(7, { title: 't' }).then((a) => console.log('title', a.title));\n"
        "users.updateUser({ email: 'e' }).catch((e) => console.log(e.message));\n"
        "svc.updateArticle({ title: 't' }).catch((e) => console.log(e.message));\n",
        ["title undefined", "Cannot read properties of undefined (reading 'email')", "Cannot destructure property 'title' of 'undefined'"],
    ),
    "cycle_cjs": (
        {
            **CYCLE_CJS,
            "node_modules/sequelize/index.js": "class Model {}\nclass Sequelize { static Model = Model; sync() { return Promise.resolve(); } }\nmodule.exports = { Sequelize };\n",
        },
        "require('./src/middleware/auth');\n"
        "const svc = require('./src/services/user.service');\n"
        "try { svc.token({ id: 1 }); } catch (e) { console.log(e.message); }\n"
        "require('./src/services/article.service').create({ authorId: 1 }).catch((e) => console.log(e.message));\n"
        "try { require('./src/models'); } catch (e) { console.log(e.message); }\n",
        ["auth.signToken is not a function", "getFollowers is not a function", "Class extends value undefined is not a constructor or null"],
    ),
    "cycle_esm_default": (
        {
            **CYCLE_ESM_DEFAULT,
            "node_modules/express/index.js": "module.exports = () => ({ use() {}, get: () => 'dev' });\nmodule.exports.Router = () => ({ get() {} });\n",
        },
        "import('./src/app.js').catch((e) => console.log(e.message));\n",
        ["Cannot access 'app' before initialization"],
    ),
    "cycle_esm": (CYCLE_ESM, "import('./src/server.js').catch((e) => console.log(e.message));\n", ["Cannot access 'sequelize' before initialization"]),
    "clean_cjs": (CYCLE_CLEAN, "require('./src/app');\nconsole.log('ok');\n", ["ok"]),
    "clean_esm": (CYCLE_CLEAN_ESM, "import('./src/server.js').then(() => console.log('ok'));\n", ["ok"]),
}


@pytest.mark.skipif(shutil.which("node") is None, reason="node is not installed")
@pytest.mark.parametrize("name", sorted(_DRIVERS))
def test_projects_behave_as_claimed_under_node(name, tmp_path):
    files, driver, expected = _DRIVERS[name]
    for path, text in files.items():
        target = tmp_path / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    (tmp_path / "driver.cjs").write_text(driver, encoding="utf-8")
    run = subprocess.run(["node", "driver.cjs"], cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    for message in expected:
        assert message in run.stdout, (run.stdout, run.stderr)
