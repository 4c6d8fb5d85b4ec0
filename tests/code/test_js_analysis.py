"""The JavaScript/TypeScript analysis (rootcause.code.js): seeded projects written the way generated
backends are, each defect pinned as ``code:path:line``; clean projects and the Node reference apps
give nothing; bad input does not crash."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rootcause.code.analyze import analyze_all, analyze_project
from rootcause.code.js import JsProject, analyze_js_project
from rootcause.code.project import Project

APPS = Path(__file__).resolve().parents[2] / "data" / "apps"
NODE_APPS = ("express_raw_sql", "fastify_sequelize", "hono_raw_sql", "koa_sequelize")


def defects(files: dict[str, str]) -> set[str]:
    return {f"{f.rule}:{f.path}:{f.line}" for f in analyze_js_project(Project.from_files(files)) if f.level == "defect"}


# Express, CommonJS: the service file is user.service.js, the code asks for userService -------------
EXPRESS_CJS = {
    "package.json": json.dumps({"name": "conduit", "main": "src/server.js", "dependencies": {"express": "^4.19.2"}}),
    "src/server.js": "const app = require('./app');\n\napp.listen(process.env.PORT || 3000);\n",
    "src/app.js": (
        "const express = require('express');\n"
        "const userRoutes = require('./routes/user.routes');\n"
        "const articleRoutes = require('./routes/article.routes');\n"
        "\n"
        "const app = express();\n"
        "app.use(express.json());\n"
        "app.use('/api', userRoutes);\n"
        "app.use('/api', articleRoutes);\n"
        "module.exports = app;\n"
    ),
    "src/routes/user.routes.js": (
        "const express = require('express');\n"
        "const userService = require('../services/userService');\n"
        "const { authenticate } = require('../middleware/auth');\n"
        "\n"
        "const router = express.Router();\n"
        "router.post('/users', async (req, res) => res.json(await userService.register(req.body)));\n"
        "module.exports = router;\n"
    ),
    "src/routes/article.routes.js": (
        "const express = require('express');\n"
        "const { getArticleBySlug, listArticles } = require('../services/article.service');\n"
        "const { Article } = require('../../models/article');\n"
        "\n"
        "const router = express.Router();\n"
        "router.get('/articles', listArticles);\n"
        "module.exports = router;\n"
    ),
    "src/services/user.service.js": "async function register(data) {\n  return data;\n}\n\nmodule.exports = { register };\n",
    "src/services/article.service.js": (
        "const { Article } = require('../models/article');\n"
        "\n"
        "exports.getArticle = async (slug) => Article.findOne({ where: { slug } });\n"
        "exports.listArticles = async (req, res) => res.json([]);\n"
    ),
    "src/middleware/auth.js": "function authenticate(req, res, next) {\n  next();\n}\n\nmodule.exports = { authenticate };\n",
    "src/models/article.js": "class Article {}\n\nmodule.exports = { Article };\n",
}


def test_commonjs_project_wrong_file_name_missing_export_and_wrong_depth():
    assert defects(EXPRESS_CJS) == {
        "XF101:src/routes/user.routes.js:2",  # ../services/userService, the file is user.service.js
        "XF102:src/routes/article.routes.js:2",  # getArticleBySlug: the service exports getArticle
        "XF101:src/routes/article.routes.js:3",  # ../../models/article: one '../' too many
    }
    by_line = {(f.path, f.line): f for f in analyze_js_project(Project.from_files(EXPRESS_CJS))}
    assert "did you mean '../services/user.service'?" in by_line["src/routes/user.routes.js", 2].message
    assert "did you mean 'getArticle'?" in by_line["src/routes/article.routes.js", 2].message
    assert "did you mean '../models/article'?" in by_line["src/routes/article.routes.js", 3].message
    assert by_line["src/routes/user.routes.js", 2].root_cause == "xfile.reference.import"


# Hono, ES modules ("type": "module"): a typo in an export name, a default never exported ------------
HONO_ESM = {
    "package.json": json.dumps({"name": "conduit", "type": "module", "dependencies": {"hono": "^4.0.0"}}),
    "src/server.js": (
        "import { serve } from '@hono/node-server';\n"
        "import { createApp } from './app.js';\n"
        "import db from './db.js';\n"
        "\n"
        "serve({ fetch: createApp(db).fetch, port: 3000 });\n"
    ),
    "src/app.js": (
        "import { Hono } from 'hono';\n"
        "import { authMiddlware } from './middleware/auth.js';\n"
        "import { articleRoutes } from './routes/articles.js';\n"
        "\n"
        "export function createApp(db) {\n"
        "  const app = new Hono();\n"
        "  app.use('/api/*', authMiddlware);\n"
        "  app.route('/api', articleRoutes(db));\n"
        "  return app;\n"
        "}\n"
    ),
    "src/middleware/auth.js": "export const authMiddleware = async (c, next) => {\n  await next();\n};\n",
    "src/routes/articles.js": "import { Hono } from 'hono';\n\nexport function articleRoutes(db) {\n  return new Hono();\n}\n",
    "src/db.js": "export function openDatabase() {\n  return {};\n}\n",
    "src/routes/users.js": "import { getUser } from '../services/users.js';\n\nexport const userRoutes = () => getUser;\n",
    "src/services/users.js": "async function getUser(id) {\n  return { id };\n}\n\nexport default { getUser };\n",
}


def test_es_module_project_export_name_typo_and_missing_default():
    assert defects(HONO_ESM) == {
        "XF102:src/server.js:3",  # import db from './db.js': db.js has no default export
        "XF102:src/app.js:2",  # authMiddlware, exported as authMiddleware
        "XF102:src/routes/users.js:1",  # getUser: a property of the default export, not a named export
    }
    (default_object,) = [f for f in analyze_js_project(Project.from_files(HONO_ESM)) if f.path == "src/routes/users.js"]
    assert "a property of its default export" in default_object.message


# A file with shell text left by a heredoc, next to files that are still analysed -----------------
SYNTAX = {
    "package.json": json.dumps({"name": "api", "main": "index.js"}),
    "index.js": "const express = require('express');\nconst routes = require('./routes');\n\nexpress().use(routes).listen(3000);\n",
    "routes/index.js": (
        "const router = require('express').Router();\n"
        "router.get('/health', (req, res) => res.json({ ok: true }));\n"
        "module.exports = router;\n"
        "EOF\n"
        "nohup node index.js > server.log 2>&1 &\n"
    ),
    "services/tags.js": "const { Tag } = require('../models/tags');\n\nmodule.exports = { list: () => Tag.findAll() };\n",
    "models/tag.js": "module.exports = { Tag: {} };\n",
}


def test_a_file_that_does_not_parse_is_reported_and_the_rest_still_analysed():
    assert defects(SYNTAX) == {"SY001:routes/index.js:5", "XF101:services/tags.js:1"}
    (syntax,) = [f for f in analyze_js_project(Project.from_files(SYNTAX)) if f.rule == "SY001"]
    assert syntax.root_cause == "startup.syntax" and "nohup" in syntax.facts[0]


# Mixed module systems: require in an ES module, extensionless ES imports, CommonJS names -----------
MIXED = {
    "package.json": json.dumps({"name": "api", "type": "module"}),
    "src/index.js": (
        "import express from 'express';\n"
        "import { router } from './routes';\n"
        "import { hashPassword } from './lib/passwords.cjs';\n"
        "import { sign } from './lib/tokens.cjs';\n"
        "\n"
        "const app = express();\n"
        "app.use(router);\n"
        "app.listen(3000);\n"
    ),
    "src/routes/index.js": "import { Router } from 'express';\n\nexport const router = Router();\n",
    "src/db.js": "const sqlite3 = require('sqlite3');\n\nexport const db = new sqlite3.Database(':memory:');\n",
    "src/lib/passwords.cjs": "const bcrypt = require('bcryptjs');\n\nmodule.exports = { hashPassword: (p) => bcrypt.hashSync(p, 10) };\n",
    "src/lib/tokens.cjs": "const jwt = require('jsonwebtoken');\n\nexports.sign = (payload) => jwt.sign(payload, 'secret');\n",
    "src/legacy.cjs": "import fs from 'fs';\n\nmodule.exports = { read: () => fs.readFileSync('x') };\n",
}


def test_commonjs_and_es_modules_mixed_the_way_node_refuses():
    assert defects(MIXED) == {
        "XF108:src/index.js:2",  # './routes': an ES module needs './routes/index.js'
        "XF108:src/index.js:3",  # hashPassword: an arrow function value, invisible to cjs-module-lexer
        "XF108:src/db.js:1",  # require is not defined in ES module scope
        "XF108:src/legacy.cjs:1",  # import in a .cjs file
    }
    messages = {f.path + ":" + str(f.line): f.message for f in analyze_js_project(Project.from_files(MIXED))}
    assert "'./routes/index.js'" in messages["src/index.js:2"]
    assert messages["src/db.js:1"].startswith("require is not defined in ES module scope")


def test_require_of_an_es_module_from_commonjs():
    files = {
        "package.json": json.dumps({"name": "api"}),
        "server.js": "const { slugify } = require('./slug.mjs');\nconsole.log(slugify('A b'));\n",
        "slug.mjs": "export function slugify(text) {\n  return text.toLowerCase();\n}\n",
    }
    assert defects(files) == {"XF108:server.js:1"}


# TypeScript: a class renamed between files; the .js-for-.ts convention resolves ------------------
NEST_TS = {
    "package.json": json.dumps({"name": "api", "devDependencies": {"typescript": "^5.4.0"}}),
    "src/main.ts": "import { bootstrap } from './app';\n\nbootstrap();\n",
    "src/app.ts": (
        "import express from 'express';\n"
        "import { UsersService } from './services/user.service';\n"
        "import { Article } from './models/article.js';\n"
        "import type { Config } from './config';\n"
        "\n"
        "export function bootstrap(): void {\n"
        "  const app = express();\n"
        "  app.listen(3000);\n"
        "}\n"
    ),
    "src/services/user.service.ts": "export class UserService {\n  constructor(private readonly db: unknown) {}\n}\n",
    "src/models/article.ts": "export interface Article {\n  slug: string;\n}\n",
    "src/config.ts": "export type Config = { port: number };\nexport default { port: 3000 } satisfies Config;\n",
}


def test_typescript_project_renamed_class():
    assert defects(NEST_TS) == {"XF102:src/app.ts:2"}


def test_clean_projects_give_nothing():
    clean_cjs = {
        "package.json": json.dumps({"name": "api", "main": "src/index.js"}),
        "src/index.js": (
            "const { createApp } = require('./app');\n"
            "const config = require('./config.json');\n"
            "const models = require('./models');\n"
            "const { Tag } = require('./models');\n"
            "const lib = require('./lib');\n"
            "createApp(models, lib).listen(config.port);\n"
        ),
        "src/app.js": "const express = require('express');\nmodule.exports.createApp = () => express();\n",
        "src/config.json": '{"port": 3000}',
        "src/models/index.js": "module.exports = {\n  ...require('./tag'),\n  User: require('./user'),\n};\n",
        "src/models/tag.js": "class Tag {}\nmodule.exports = { Tag };\n",
        "src/models/user.js": "module.exports = class User {};\n",
        "src/lib/package.json": json.dumps({"main": "main.js"}),
        "src/lib/main.js": "Object.assign(module.exports, { helper() {} });\n",
    }
    clean_esm = {
        "package.json": json.dumps({"name": "api", "type": "module"}),
        "src/index.js": (
            "import { createRequire } from 'node:module';\n"
            "import * as services from './services/index.js';\n"
            "import { ArticleService, TagService } from './services/index.js';\n"
            "import legacy, { helper } from './legacy.cjs';\n"
            "import config from './config.js';\n"
            "const require = createRequire(import.meta.url);\n"
            "const pkg = require('../package.json');\n"
            "const { openDatabase } = await import('./db.js');\n"
            "export { services, ArticleService, TagService, legacy, helper, config, pkg, openDatabase };\n"
        ),
        "src/services/index.js": "export * from './articles.js';\nexport { TagService } from './tags.js';\n",
        "src/services/articles.js": "export class ArticleService {}\n",
        "src/services/tags.js": "export class TagService {}\nexport default TagService;\n",
        "src/legacy.cjs": "exports.helper = () => 1;\nif (typeof module !== 'undefined') module.exports.other = 2;\n",
        "src/config.js": "export default { port: 3000 };\n",
        "src/db.js": "export async function openDatabase() {}\n",
        "src/util.test.js": "const { helper } = require('./legacy.cjs');\n",
    }
    assert defects(clean_cjs) == set()
    assert defects(clean_esm) == set()


def test_module_index_reads_imports_and_exports():
    js = JsProject(Project.from_files({**EXPRESS_CJS, **{k: v for k, v in HONO_ESM.items() if k != "package.json"}}))
    service = js.modules["src/services/article.service.js"]
    assert set(service.exports.names) == {"getArticle", "listArticles"} and service.cjs_syntax == 1
    routes = js.modules["src/routes/article.routes.js"]
    assert [(i.specifier, i.kind, i.names, i.line) for i in routes.imports] == [
        ("express", "require", (), 1),
        ("../services/article.service", "require", ("getArticleBySlug", "listArticles"), 2),
        ("../../models/article", "require", ("Article",), 3),
    ]
    app = js.modules["src/app.js"]  # HONO's app.js replaced EXPRESS's: ES module syntax
    assert app.esm_syntax == 1 and app.exports.names == {"createApp": 5}
    assert js.resolve("src/server.js", "./routes/articles").target == "src/routes/articles.js"
    assert js.resolve("src/server.js", "./middleware").status == "missing"


def test_mixed_python_and_javascript_project(tmp_path):
    (tmp_path / "api").mkdir()
    (tmp_path / "api" / "__init__.py").write_text("")
    (tmp_path / "api" / "main.py").write_text("from api.routes import router\n")
    (tmp_path / "web").mkdir()
    (tmp_path / "web" / "server.js").write_text("const { start } = require('./lib/start');\nstart();\n")
    project = Project.from_path(tmp_path)
    assert {f"{f.rule}:{f.path}:{f.line}" for f in analyze_all(project) if f.level == "defect"} == {"XF101:api/main.py:1", "XF101:web/server.js:1"}
    # The Python analysis alone (what the evidence pipeline runs) does not see the JavaScript file.
    assert {f.path for f in analyze_project(project)} == {"api/main.py"}
    assert "web/server.js" not in project.files


def test_cli_reports_javascript_findings_in_every_format(tmp_path, capsys):
    from rootcause.cli import main

    for path, text in EXPRESS_CJS.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text)
    (tmp_path / "node_modules" / "express").mkdir(parents=True)
    (tmp_path / "node_modules" / "express" / "index.js").write_text("module.exports = function ( {\n")
    assert main(["analyze", str(tmp_path)]) == 1
    text = capsys.readouterr().out
    assert f"{tmp_path / 'src/routes/user.routes.js'}:2:" in text and "XF101 [xfile.reference.import]" in text and "node_modules" not in text
    assert main(["analyze", str(tmp_path), "--format", "json"]) == 1
    rows = json.loads(capsys.readouterr().out)
    assert {(r["rule"], r["path"], r["line"]) for r in rows} == {
        ("XF101", "src/routes/user.routes.js", 2),
        ("XF102", "src/routes/article.routes.js", 2),
        ("XF101", "src/routes/article.routes.js", 3),
    }
    assert main(["analyze", str(tmp_path), "--format", "sarif"]) == 1
    sarif = json.loads(capsys.readouterr().out)
    results = sarif["runs"][0]["results"]
    assert {r["ruleId"] for r in results} == {"XF101", "XF102"}
    assert {r["locations"][0]["physicalLocation"]["region"]["startLine"] for r in results} == {2, 3}
    # A single file is analysed with its package, only its own findings shown.
    assert main(["analyze", str(tmp_path / "src/routes/article.routes.js"), "--format", "json"]) == 1
    assert {(r["rule"], r["line"]) for r in json.loads(capsys.readouterr().out)} == {("XF102", 2), ("XF101", 3)}


@pytest.mark.parametrize("app", NODE_APPS)
def test_node_reference_apps_give_no_defects(app):
    project = Project.from_path(APPS / app)
    js = JsProject(project)
    assert len(js) > 30 and all(not p.startswith("node_modules/") for p in js.modules)
    assert [f for f in analyze_js_project(project) if f.level == "defect"] == []


def test_minified_and_deeply_nested_files_do_not_crash(tmp_path):
    minified = ";".join(f"var a{i}=function(b){{return b&&b.c?{{d:[1,2,{{e:b}}]}}:null}}" for i in range(5000))
    lines = "\n".join(f"const x{i} = require('./m{i % 7}');" for i in range(5000))
    nested = "const deep = " + "[" * 20000 + "]" * 20000 + ";\n"
    unbalanced = "function f() {" * 3000 + "\n"
    files = {"package.json": "{}", "dist.min.js": minified, "long.js": lines, "deep.js": nested, "open.js": unbalanced}
    for i in range(7):
        files[f"m{i}.js"] = "module.exports = {};\n"
    found = analyze_js_project(Project.from_files(files))
    assert {f"{f.rule}:{f.path}" for f in found if f.level == "defect"} == {"SY001:open.js"}


def test_invalid_utf8_binary_and_symlinks_out_of_the_tree(tmp_path):
    (tmp_path / "package.json").write_text("{not json")
    (tmp_path / "latin1.js").write_bytes("const café = require('./caf\xe9');\n".encode("latin-1"))
    (tmp_path / "binary.js").write_bytes(b"\x00\x01\x02" * 100)
    (tmp_path / "bad.ts").write_bytes(b"export const x: string = '\xff\xfe';\nexport function (\n")
    outside = tmp_path.parent / f"{tmp_path.name}_outside.js"
    outside.write_text("module.exports = 1;\n")
    (tmp_path / "linked.js").symlink_to(outside)
    found = analyze_js_project(Project.from_path(tmp_path))
    rules = {f"{f.rule}:{f.path}" for f in found}
    assert {"XF101:latin1.js", "SY001:bad.ts", "RM001:binary.js", "RM001:linked.js"} <= rules
    assert ("linked.js", "symlink pointing outside the project") in Project.from_path(tmp_path).scripts.skipped


def _new_file(path: str, lines: list[str]) -> str:
    body = "".join(f"+{line}\n" for line in lines)
    return f"diff --git a/{path} b/{path}\nnew file mode 100644\n--- /dev/null\n+++ b/{path}\n@@ -0,0 +1,{len(lines)} @@\n{body}"


def test_patches_created_files_resolve_and_modified_files_claim_nothing_missing():
    created = _new_file("src/main.js", ["import './styles.css';", "import { api } from './api';", "api();"]) + _new_file("src/styles.css", ["body {}"])
    assert {f"{f.rule}:{f.path}:{f.line}" for f in analyze_js_project(Project.from_patch(created)) if f.level == "defect"} == {"XF101:src/main.js:2"}
    modified = created + "diff --git a/src/util.js b/src/util.js\n--- a/src/util.js\n+++ b/src/util.js\n@@ -1,1 +1,1 @@\n-a\n+b\n"
    found = analyze_js_project(Project.from_patch(modified))
    assert [f.rule for f in found if f.level == "defect"] == [] and any(f.path == "src/util.js" for f in found)


# Promises read as values: an await left out (FW401) -------------------------------------------------
UNAWAITED = {
    "package.json": json.dumps({"name": "conduit", "main": "src/server.js", "dependencies": {"express": "^4.19.2", "sequelize": "^6.37.0"}}),
    "src/db.js": (
        "const sqlite3 = require('sqlite3');\n"
        "const raw = new sqlite3.Database('conduit.db');\n"
        "function query(method, sql, params) {\n"
        "  return new Promise((resolve, reject) => raw[method](sql, params, (e, r) => (e ? reject(e) : resolve(r))));\n"
        "}\n"
        "module.exports = { get: (sql, params) => query('get', sql, params), all: (sql, params) => query('all', sql, params) };\n"
    ),
    "src/repositories/userRepository.js": (
        "const db = require('../db');\n"
        "const { User } = require('../models');\n"
        "\n"
        "async function findByEmail(email) {\n"
        "  const row = db.get('SELECT * FROM users WHERE email = ?', [email]);\n"
        "  return row ? { id: row.id, email: row.email } : null;\n"
        "}\n"
        "\n"
        "async function findById(id) {\n"
        "  const user = User.findByPk(id);\n"
        "  if (!user) return null;\n"
        "  return user.toJSON();\n"
        "}\n"
        "\n"
        "async function countFollowers(id) {\n"
        "  return (await User.count({ where: { followingId: id } })) + User.count({ where: { followerId: id } });\n"
        "}\n"
        "\n"
        "async function listAll() {\n"
        "  const rows = db.all('SELECT * FROM users');\n"  # returned whole: the caller awaits it
        "  const pending = User.findAll();\n"
        "  const [a, b] = await Promise.all([rows, pending]);\n"
        "  return a.concat(b);\n"
        "}\n"
        "\n"
        "function pageOf(query) {\n"
        "  const page = Math.max(Number(query.page) || 1, 1);\n"  # JavaScript's Math, not a Sequelize model
        "  return page > 1 ? page : 1;\n"
        "}\n"
        "\n"
        "function cached(map, key) {\n"
        "  const hit = map.get(key);\n"  # a Map: not the project's data-access get()
        "  return hit ? hit.value : null;\n"
        "}\n"
        "module.exports = { findByEmail, findById, countFollowers, listAll, cached };\n"
    ),
    "src/models.js": "const { Sequelize, DataTypes } = require('sequelize');\nconst User = {};\nmodule.exports = { User };\n",
}


def test_promise_read_as_a_value_without_await():
    found = {f"{f.rule}:{f.path}:{f.line}" for f in analyze_js_project(Project.from_files(UNAWAITED)) if f.rule == "FW401"}
    assert found == {
        "FW401:src/repositories/userRepository.js:5",  # db.get: the project's get() returns new Promise through query()
        "FW401:src/repositories/userRepository.js:10",  # Sequelize's User.findByPk
        "FW401:src/repositories/userRepository.js:16",  # User.count() + ...: read at once
    }
    message = next(f.message for f in analyze_js_project(Project.from_files(UNAWAITED)) if f.line == 10)
    assert "findByPk() is not awaited" in message and "line 11 reads user" in message


# Routes written and never mounted (FW402) ------------------------------------------------------------
UNMOUNTED = {
    "package.json": json.dumps({"name": "conduit", "scripts": {"start": "node src/server.js"}}),
    "src/server.js": (
        "const express = require('express');\n"
        "const { usersRouter } = require('./routes/users');\n"  # imported, never used
        "const tags = require('./routes/tags');\n"
        "require('./routes/health')(express);\n"  # used in place
        "const app = express();\n"
        "app.use('/api', tags);\n"
        "app.listen(3000);\n"
    ),
    "src/routes/users.js": "const router = require('express').Router();\nrouter.post('/users', (req, res) => res.json({}));\nmodule.exports = { usersRouter: router };\n",
    "src/routes/tags.js": "const router = require('express').Router();\nrouter.get('/tags', (req, res) => res.json({ tags: [] }));\nmodule.exports = router;\n",
    "src/routes/health.js": "module.exports = (app) => app.get('/health', (req, res) => res.json({ ok: true }));\n",
    "src/routes/comments.js": (
        "const router = require('express').Router();\n"
        "router.route('/articles/:slug/comments').get((req, res) => res.json({ comments: [] }));\n"
        "module.exports = router;\n"
    ),
}


def test_routes_declared_and_never_mounted():
    found = {f"{f.rule}:{f.path}:{f.line}": f for f in analyze_js_project(Project.from_files(UNMOUNTED)) if f.rule == "FW402"}
    assert set(found) == {"FW402:src/server.js:2", "FW402:src/routes/comments.js:2"}
    assert "route POST /users" in found["FW402:src/server.js:2"].facts
    assert "never mounts them" in found["FW402:src/routes/comments.js:2"].message
    # Without an entry file (no package.json), a file no other file imports is not claimed unmounted.
    assert not [
        f
        for f in analyze_js_project(Project.from_files({k: v for k, v in UNMOUNTED.items() if k != "package.json"}))
        if f.rule == "FW402" and "imports it" in f.message
    ]


# Sequelize includes no association declares (OR210) -------------------------------------------------
SEQUELIZE_INCLUDES = {
    "package.json": json.dumps({"name": "conduit", "main": "src/server.js", "dependencies": {"sequelize": "^6.37.0"}}),
    "src/models/index.js": (
        "const { Sequelize, DataTypes } = require('sequelize');\n"
        "const sequelize = new Sequelize('sqlite::memory:');\n"
        "const User = sequelize.define('User', { username: DataTypes.STRING });\n"
        "const Article = sequelize.define('Article', { title: DataTypes.STRING });\n"
        "const Tag = sequelize.define('Tag', { name: DataTypes.STRING });\n"
        "const Comment = sequelize.define('Comment', { body: DataTypes.TEXT });\n"
        "Article.belongsTo(User, { as: 'author', foreignKey: 'authorId' });\n"
        "Article.belongsToMany(Tag, { through: 'ArticleTags', as: 'tagList' });\n"
        "Article.hasMany(Comment);\n"
        "module.exports = { sequelize, User, Article, Tag, Comment };\n"
    ),
    "src/services/articles.js": (
        "const { Article, User, Tag, Comment } = require('../models');\n"
        "\n"
        "const byAuthor = () => Article.findAll({ include: [{ model: User, as: 'user' }] });\n"  # wrong alias
        "const withTags = () => Article.findAll({ include: [{ model: Tag }] });\n"  # aliased: 'as' needed
        "const withFavs = () => Article.findAll({ include: [{ association: 'favorites' }] });\n"  # no such association
        "const good = () => Article.findAll({ include: [{ model: User, as: 'author' }, { model: Tag, as: 'tagList' }, { model: Comment }] });\n"
        "const alias = (as) => Article.findAll({ include: [{ model: User, as }] });\n"  # computed alias: not judged
        "module.exports = { byAuthor, withTags, withFavs, good, alias };\n"
    ),
    "src/server.js": "require('./services/articles');\n",
}


def test_sequelize_includes_that_no_association_declares():
    found = {f"{f.rule}:{f.path}:{f.line}": f.message for f in analyze_js_project(Project.from_files(SEQUELIZE_INCLUDES)) if f.rule == "OR210"}
    assert set(found) == {"OR210:src/services/articles.js:3", "OR210:src/services/articles.js:4", "OR210:src/services/articles.js:5"}
    assert "'user' matches no association to User (declared: author)" in found["OR210:src/services/articles.js:3"]
    assert "needs 'as'" in found["OR210:src/services/articles.js:4"]
