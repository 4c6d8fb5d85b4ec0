"""nodeweb cross-file references, response contract / serialisation, and unfinished endpoints."""

from _nodeweb_util import case, ci, pkg, run, serve

TS_CONFIG = """{
  "compilerOptions": {
    "module": "commonjs", "target": "ES2021", "outDir": "dist", "rootDir": "src", "strict": true,
    "esModuleInterop": true, "skipLibCheck": true
  }
}
"""

CASES = [
    # ------------------------------------------------------------------ xfile.reference
    case(
        "nodeweb-express-route-handler-undefined",
        "xfile.reference.import", "node-stack",
        "https://adhdecode-articles-2.pages.dev/articles/nodejs/express-router-route-requires-a-callback-function-but-got-object/", "blog",
        "Express refuses to register a route whose handler argument is not a function; a handler imported under a "
        "name the other module does not export arrives as undefined.",
        "routes/articles.js destructures listArticles from controllers/articles.js, which exports getArticles; "
        "router.get receives undefined and Express throws 'Route.get() requires a callback function but got a "
        "[object Undefined]' while loading.",
        run({
            "package.json": pkg(deps=("express",)),
            "controllers/articles.js": """
                exports.getArticles = (req, res) => res.json({ articles: [], articlesCount: 0 });
                exports.createArticle = (req, res) => res.status(201).json({ article: req.body.article });
            """,
            "routes/articles.js": """
                const { Router } = require('express');
                const { listArticles, createArticle } = require('../controllers/articles');
                const router = Router();
                router.get('/', listArticles);
                router.post('/', createArticle);
                module.exports = router;
            """,
            "server.js": """
                const express = require('express');
                const app = express();
                app.use(express.json());
                app.use('/api/articles', require('./routes/articles'));
                app.listen(process.env.PORT || 3000);
            """,
        }, "node server.js"),
        libs=("express",), fw="express", expect=r"Route\.get\(\) requires a callback function but got a \[object Undefined\]",
    ),
    case(
        "nodeweb-express-router-exported-in-object-npm",
        "xfile.reference.import", "npm",
        "https://hatchjs.com/router-use-requires-a-middleware-function-but-got-a-object/", "blog",
        "app.use / router.use need a middleware function (a Router is one); passing a plain object, such as a "
        "module's exports wrapper, raises 'requires a middleware function but got a Object'.",
        "routes/index.js ends with module.exports = { router }, while app.js does app.use('/api', "
        "require('./routes')); npm start crashes with 'Router.use() requires a middleware function but got a Object'.",
        run({
            "package.json": pkg(scripts={"start": "node app.js"}, deps=("express",)),
            "routes/index.js": """
                const express = require('express');
                const router = express.Router();
                router.get('/tags', (req, res) => res.json({ tags: [] }));
                router.get('/articles', (req, res) => res.json({ articles: [], articlesCount: 0 }));
                module.exports = { router };
            """,
            "app.js": """
                const express = require('express');
                const app = express();
                app.use(express.json());
                app.use('/api', require('./routes'));
                app.listen(process.env.PORT || 3000);
            """,
        }, "npm start"),
        libs=("express",), fw="express", expect=r"requires a middleware function but got a Object",
    ),
    case(
        "nodeweb-require-project-route-wrong-name",
        "xfile.reference.import", "node-stack",
        "https://jsondevtools.org/errors/cannot-find-module.html", "blog",
        "When Cannot find module names a relative path ('./...'), the project file is missing, misnamed or "
        "mis-cased, not an uninstalled package.",
        "app.js requires './routes/users' but the file written is routes/user.js; node stops with Cannot find "
        "module './routes/users' and a require stack pointing at app.js.",
        run({
            "package.json": pkg(deps=("express",)),
            "routes/user.js": """
                const router = require('express').Router();
                router.get('/', (req, res) => res.json({ user: null }));
                module.exports = router;
            """,
            "app.js": """
                const express = require('express');
                const usersRouter = require('./routes/users');
                const app = express();
                app.use('/api/user', usersRouter);
                app.listen(process.env.PORT || 3000);
            """,
        }, "node app.js"),
        libs=("express",), fw="express", expect=r"Cannot find module '\./routes/users'",
    ),
    case(
        "nodeweb-require-case-mismatch-linux-ci",
        "xfile.reference.import", "ci-timestamp",
        "https://codeforgeek.com/node-js-cannot-find-module-error-causes-and-fixes-explained/", "blog",
        "Module paths are case-sensitive on Linux, so a require whose casing differs from the file name works on "
        "macOS/Windows and fails in Linux CI or containers.",
        "services/article.js requires '../models/Article' while the file is models/article.js; on the Linux CI "
        "runner node fails with Cannot find module '../models/Article'.",
        ci({
            "package.json": pkg(deps=("koa",)),
            "models/article.js": """
                const rows = [];
                module.exports = { all: async () => rows, add: async (a) => { rows.push(a); return a; } };
            """,
            "services/article.js": """
                const Article = require('../models/Article');
                exports.list = () => Article.all();
            """,
            "server.js": """
                const Koa = require('koa');
                const articles = require('./services/article');
                const app = new Koa();
                app.use(async (ctx) => { ctx.body = { articles: await articles.list() }; });
                app.listen(process.env.PORT || 3000);
            """,
        }, "node server.js"),
        libs=("koa",), fw="koa", expect=r"Cannot find module '\.\./models/Article'",
    ),
    case(
        "nodeweb-esm-relative-import-without-extension",
        "xfile.reference.import", "node-stack",
        "https://hivebrain.dev/entry/54", "blog",
        "Node's ESM loader does not add file extensions; a relative import must name the file with its .js "
        "extension or it fails with ERR_MODULE_NOT_FOUND.",
        "The ESM Express app imports './routes/articles' (no .js, as a bundler or CommonJS would allow); Node "
        "throws ERR_MODULE_NOT_FOUND for /srv/app/src/routes/articles although routes/articles.js exists.",
        run({
            "package.json": pkg(type_module=True, deps=("express",)),
            "src/routes/articles.js": """
                import { Router } from 'express';
                const router = Router();
                router.get('/', (req, res) => res.json({ articles: [], articlesCount: 0 }));
                export default router;
            """,
            "src/server.js": """
                import express from 'express';
                import articles from './routes/articles';

                const app = express();
                app.use('/api/articles', articles);
                app.listen(process.env.PORT || 3000);
            """,
        }, "node src/server.js"),
        libs=("express",), fw="express", expect=r"ERR_MODULE_NOT_FOUND\]: Cannot find module '/srv/app/src/routes/articles' imported from",
    ),
    case(
        "nodeweb-esm-default-import-of-named-exports",
        "xfile.reference.import", "node-stack",
        "https://coderapp.vercel.app/answer/78616080", "qa",
        "Importing the default binding from an ES module that only has named exports fails at link time with "
        "'does not provide an export named default'.",
        "routes/profiles.js only has `export const profiles = new Hono()`, but index.js does `import profiles "
        "from './routes/profiles.js'`; Node refuses to link with a SyntaxError before the server starts.",
        run({
            "package.json": pkg(type_module=True, deps=("hono", "@hono/node-server")),
            "src/routes/profiles.js": """
                import { Hono } from 'hono';
                export const profiles = new Hono();
                profiles.get('/:username', (c) => c.json({ profile: { username: c.req.param('username') } }));
            """,
            "src/index.js": """
                import { Hono } from 'hono';
                import { serve } from '@hono/node-server';
                import profiles from './routes/profiles.js';

                const app = new Hono();
                app.route('/api/profiles', profiles);
                serve({ fetch: app.fetch, port: Number(process.env.PORT) || 3000 });
            """,
        }, "node src/index.js"),
        libs=("hono",), fw="hono", expect=r"does not provide an export named 'default'",
    ),
    case(
        "nodeweb-exports-reassigned-not-a-function",
        "xfile.reference.attribute", "jest",
        "https://syntaxfix.com/question/17282/difference-between-module-exports-and-exports-in-the-commonjs-module-system", "qa",
        "`exports` is only a reference to module.exports; assigning a new object to `exports` leaves "
        "module.exports as the original empty object, so importers see none of the functions.",
        "services/articles.js ends with `exports = { findAll, create }`; the Koa route calls "
        "articleService.findAll() and gets TypeError 'articleService.findAll is not a function' (500 in jest).",
        run({
            "package.json": pkg(jest=True, deps=("koa", "@koa/router")),
            "services/articles.js": """
                const rows = [{ slug: 'how-to-train-your-dragon', title: 'How to train your dragon' }];
                async function findAll() { return rows; }
                async function create(article) { rows.push(article); return article; }
                exports = { findAll, create };
            """,
            "app.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');
                const articleService = require('./services/articles');
                const app = new Koa();
                const router = new Router({ prefix: '/api' });
                router.get('/articles', async (ctx) => {
                  const articles = await articleService.findAll();
                  ctx.body = { articles, articlesCount: articles.length };
                });
                app.use(router.routes());
                module.exports = app;
            """,
            "articles.test.js": """
                const request = require('supertest');
                const app = require('./app');

                test('GET /api/articles', async () => {
                  const res = await request(app.callback()).get('/api/articles');
                  expect(res.status).toBe(200);
                  expect(res.body.articlesCount).toBe(1);
                });
            """,
        }, "jest --ci"),
        libs=("koa", "jest", "supertest"), fw="koa", expect=r"articleService\.findAll is not a function",
    ),
    case(
        "nodeweb-destructured-model-undefined-findall",
        "xfile.reference.attribute", "status-line",
        "https://node-js.developreference.com/article/11539864/What+does+const+app+require+module+indicate+in+node+js+duplicate", "qa",
        "const { X } = require('./m') reads property X of module.exports; if the module exports its objects under "
        "another shape, X is undefined.",
        "models/index.js exports { models: { Article } } but the controller does const { Article } = "
        "require('../models'); at request time Article is undefined and Express answers 500 'Cannot read "
        "properties of undefined (reading 'findAll')'.",
        serve({
            "package.json": pkg(deps=("express",)),
            "models/article.js": """
                const rows = [];
                module.exports = { findAll: async () => rows };
            """,
            "models/index.js": """
                const Article = require('./article');
                module.exports = { models: { Article } };
            """,
            "controllers/articles.js": """
                const { Article } = require('../models');
                exports.list = async (req, res, next) => {
                  try {
                    const articles = await Article.findAll();
                    res.json({ articles, articlesCount: articles.length });
                  } catch (err) {
                    next(err);
                  }
                };
            """,
            "server.js": """
                const express = require('express');
                const articles = require('./controllers/articles');
                const app = express();
                app.get('/api/articles', articles.list);
                app.use((err, req, res, next) => {
                  console.error(err.stack);
                  res.status(500).json({ errors: { body: [err.message] } });
                });
                app.listen(process.env.PORT, () => console.log('listening'));
            """,
        }, "node server.js", [{"path": "/api/articles"}]),
        libs=("express",), fw="express", expect=r"Cannot read properties of undefined \(reading 'findAll'\)",
    ),
    case(
        "nodeweb-circular-require-partial-exports",
        "xfile.reference.circular_import", "node-stack",
        "https://coderwall.com/p/myzvmg/circular-dependencies-in-node-js", "blog",
        "In a require cycle, one module receives the other's still-empty exports object; if that module later "
        "replaces module.exports, the early importer keeps the empty object for good.",
        "services/users.js requires services/follows.js, which requires services/users.js back and gets {} "
        "(users.js ends with module.exports = {...}); the follow handler then fails with 'users.findByUsername "
        "is not a function', and Node warns about a property accessed inside a circular dependency.",
        serve({
            "package.json": pkg(deps=("express",)),
            "services/users.js": """
                const follows = require('./follows');
                const users = [{ id: 1, username: 'jake' }, { id: 2, username: 'celeb' }];
                async function findByUsername(username) { return users.find((u) => u.username === username); }
                async function profile(username, viewerId) {
                  const user = await findByUsername(username);
                  return { username: user.username, following: await follows.isFollowing(viewerId, user.id) };
                }
                module.exports = { findByUsername, profile };
            """,
            "services/follows.js": """
                const users = require('./users');
                const edges = new Set();
                async function follow(viewerId, username) {
                  const target = await users.findByUsername(username);
                  edges.add(`${viewerId}:${target.id}`);
                  return { username: target.username, following: true };
                }
                async function isFollowing(viewerId, targetId) { return edges.has(`${viewerId}:${targetId}`); }
                module.exports = { follow, isFollowing };
            """,
            "server.js": """
                const express = require('express');
                const users = require('./services/users');
                const follows = require('./services/follows');
                const app = express();
                app.post('/api/profiles/:username/follow', async (req, res) => {
                  try {
                    res.json({ profile: await follows.follow(1, req.params.username) });
                  } catch (err) {
                    console.error(err);
                    res.status(500).json({ errors: { body: [err.message] } });
                  }
                });
                app.listen(process.env.PORT, () => console.log('listening'));
            """,
        }, "node --trace-warnings server.js", [{"method": "POST", "path": "/api/profiles/celeb/follow"}]),
        libs=("express",), fw="express", expect=r"users\.findByUsername is not a function",
    ),
    case(
        "nodeweb-esm-cycle-tdz-ci",
        "xfile.reference.circular_import", "ci-timestamp",
        "https://blog.viktomas.com/graph/circular-dependencies-in-javascript-explained", "blog",
        "With ES modules, a module in an import cycle that reads another module's binding at top level, before "
        "that module has run, hits the temporal dead zone: 'Cannot access X before initialization'.",
        "db.js imports config from app.js, and app.js imports db.js; db.js reads config at module top level, so "
        "the server dies at boot with ReferenceError: Cannot access 'config' before initialization.",
        ci({
            "package.json": pkg(type_module=True, deps=("hono", "@hono/node-server")),
            "src/db.js": """
                import { config } from './app.js';
                export const db = { url: config.databaseUrl, articles: [] };
            """,
            "src/app.js": """
                import { Hono } from 'hono';
                import { db } from './db.js';
                export const config = { databaseUrl: process.env.DATABASE_URL || 'sqlite://conduit.db' };
                export const app = new Hono();
                app.get('/api/articles', (c) => c.json({ articles: db.articles, articlesCount: db.articles.length }));
            """,
            "src/index.js": """
                import { serve } from '@hono/node-server';
                import { app } from './app.js';
                serve({ fetch: app.fetch, port: Number(process.env.PORT) || 3000 });
            """,
        }, "node src/index.js"),
        libs=("hono",), fw="hono", expect=r"Cannot access 'config' before initialization",
    ),
    case(
        "nodeweb-fastify-model-not-imported-pino",
        "xfile.reference.undefined_name", "pino-json",
        "https://developer.mozilla.org/en-US/docs/web/javascript/reference/errors/not_defined", "docs",
        "ReferenceError 'x is not defined' means code refers to a name that is neither declared nor imported in "
        "the current scope.",
        "routes/comments.js uses the Comment model defined in models/comment.js but never requires it; each "
        "comments request logs ReferenceError: Comment is not defined through pino and answers 500.",
        serve({
            "package.json": pkg(deps=("fastify",)),
            "models/comment.js": """
                const rows = [];
                module.exports = { forArticle: async (slug) => rows.filter((r) => r.slug === slug) };
            """,
            "routes/comments.js": """
                module.exports = async function (fastify) {
                  fastify.get('/api/articles/:slug/comments', async (request) => {
                    const comments = await Comment.forArticle(request.params.slug);
                    return { comments };
                  });
                };
            """,
            "server.js": """
                const fastify = require('fastify')({ logger: true });
                fastify.register(require('./routes/comments'));
                fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
            """,
        }, "node server.js", [{"path": "/api/articles/how-to-train-your-dragon/comments"}]),
        libs=("fastify", "pino"), fw="fastify", expect=r"Comment is not defined",
    ),
    case(
        "nodeweb-tsc-method-missing-on-repository",
        "xfile.reference.attribute", "tsc",
        "https://kiwix.lema.org/stackoverflow.com_en_all_2023-11/questions/66557743/property-aaa-does-not-exist-on-type-bbb-error-from-tsc-typescript", "qa",
        "tsc reports TS2339 'Property X does not exist on type Y' when code uses a member the declared type does "
        "not have.",
        "users.service.ts calls this.repo.findByEmail(), but UsersRepository in users.repository.ts only defines "
        "findOne(); the build fails with TS2339 pointing at the service file, so dist is never produced.",
        run({
            "package.json": pkg(scripts={"build": "tsc -p ."}, deps=("typescript",)),
            "tsconfig.json": TS_CONFIG,
            "src/users.repository.ts": """
                export interface UserRow { id: number; email: string; username: string; passwordHash: string }

                export class UsersRepository {
                  private rows: UserRow[] = [];
                  async findOne(where: Partial<UserRow>): Promise<UserRow | undefined> {
                    return this.rows.find((r) => Object.entries(where).every(([k, v]) => (r as any)[k] === v));
                  }
                }
            """,
            "src/users.service.ts": """
                import { UsersRepository } from './users.repository';

                export class UsersService {
                  constructor(private readonly repo: UsersRepository) {}

                  async login(email: string) {
                    const user = await this.repo.findByEmail(email);
                    return user ? { user: { email: user.email, username: user.username } } : null;
                  }
                }
            """,
        }, "tsc -p . --pretty false"),
        libs=("typescript",), fw=None, expect=r"error TS2339: Property 'findByEmail' does not exist on type 'UsersRepository'",
    ),
    # ------------------------------------------------------------------ contract
    case(
        "nodeweb-express-circular-json-response",
        "contract.serialization.json_encode", "node-stack",
        "https://tooldock.org/json-circular-reference-error", "blog",
        "JSON.stringify (and so res.json) throws 'Converting circular structure to JSON' when the object graph "
        "holds a back-reference, e.g. a child pointing to its parent.",
        "The article loader links each comment back to its article (comment.article = article) and the handler "
        "returns the article as is; res.json throws TypeError: Converting circular structure to JSON, answer 500.",
        serve({
            "package.json": pkg(deps=("express",)),
            "repo.js": """
                exports.loadArticle = (slug) => {
                  const article = { slug, title: 'How to train your dragon', comments: [] };
                  for (const body of ['Nice!', 'Thanks']) article.comments.push({ body, article });
                  return article;
                };
            """,
            "server.js": """
                const express = require('express');
                const repo = require('./repo');
                const app = express();
                app.get('/api/articles/:slug', (req, res) => {
                  res.json({ article: repo.loadArticle(req.params.slug) });
                });
                app.listen(process.env.PORT, () => console.log('listening'));
            """,
        }, "node server.js", [{"path": "/api/articles/how-to-train-your-dragon"}]),
        libs=("express",), fw="express", expect=r"Converting circular structure to JSON",
    ),
    case(
        "nodeweb-koa-sqlite-bigint-jest",
        "contract.serialization.json_encode", "jest",
        "https://dev.to/krishnamoorthy_k_0f3f8d93/fixing-bigint-serialization-error-in-nodejs-express-a-beginner-friendly-explanation-5fe6", "blog",
        "JSON has no BigInt type, so serialising a response containing BigInt values (typical for BIGINT ids from "
        "SQL drivers) throws 'Do not know how to serialize a BigInt'.",
        "db.js opens better-sqlite3 with defaultSafeIntegers(true), so ids come back as BigInt; Koa's "
        "JSON.stringify of ctx.body throws 'Do not know how to serialize a BigInt' and the test gets 500.",
        run({
            "package.json": pkg(jest=True, deps=("koa", "@koa/router", "better-sqlite3")),
            "db.js": """
                const Database = require('better-sqlite3');
                const db = new Database(':memory:');
                db.defaultSafeIntegers(true);
                db.exec('CREATE TABLE tags (id INTEGER PRIMARY KEY, name TEXT)');
                db.prepare('INSERT INTO tags (name) VALUES (?)').run('dragons');
                module.exports = db;
            """,
            "app.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');
                const db = require('./db');
                const app = new Koa();
                const router = new Router({ prefix: '/api' });
                router.get('/tags', (ctx) => {
                  ctx.body = { tags: db.prepare('SELECT id, name FROM tags').all() };
                });
                app.use(router.routes());
                module.exports = app;
            """,
            "tags.test.js": """
                const request = require('supertest');
                const app = require('./app');

                test('GET /api/tags', async () => {
                  const res = await request(app.callback()).get('/api/tags');
                  expect(res.status).toBe(200);
                });
            """,
        }, "jest --ci"),
        libs=("koa", "better-sqlite3", "jest", "supertest"), fw="koa", db="sqlite",
        expect=r"Do not know how to serialize a BigInt",
    ),
    case(
        "nodeweb-fastify-response-schema-strips-author",
        "contract.serialization.response_validation", "jest",
        "https://jsschools.com/fastify/schemas-response", "blog",
        "Fastify serialises replies through the route's response schema and writes only declared properties; "
        "anything not in the schema is silently dropped.",
        "The article response schema declares author as a bare {type: 'object'} without properties, so "
        "fast-json-stringify emits \"author\":{} and the jest check for author.username fails.",
        run({
            "package.json": pkg(jest=True, deps=("fastify",)),
            "app.js": """
                const Fastify = require('fastify');
                const articleSchema = {
                  type: 'object',
                  properties: {
                    article: {
                      type: 'object',
                      properties: {
                        slug: { type: 'string' }, title: { type: 'string' }, favorited: { type: 'boolean' },
                        author: { type: 'object' },
                      },
                    },
                  },
                };
                module.exports = () => {
                  const app = Fastify();
                  app.get('/api/articles/:slug', { schema: { response: { 200: articleSchema } } }, async (request) => ({
                    article: {
                      slug: request.params.slug, title: 'How to train your dragon', favorited: false,
                      author: { username: 'jake', bio: null, image: null, following: false },
                    },
                  }));
                  return app;
                };
            """,
            "article.test.js": """
                const request = require('supertest');
                const build = require('./app');

                test('single article has its author', async () => {
                  const app = build();
                  await app.ready();
                  const res = await request(app.server).get('/api/articles/how-to-train-your-dragon').expect(200);
                  expect(res.body.article.author).toHaveProperty('username', 'jake');
                  await app.close();
                });
            """,
        }, "jest --ci"),
        libs=("fastify", "jest", "supertest"), fw="fastify", expect=r'toHaveProperty[\s\S]*Received value: \{\}|Received path: \[\]',
    ),
    case(
        "nodeweb-fastify-response-required-field-missing",
        "contract.serialization.response_validation", "pino-json",
        "https://unpkg.com/browse/fastify@2.15.2/docs/Validation-and-Serialization.md", "docs",
        "When a route has a response schema, Fastify serialises replies with fast-json-stringify compiled from "
        "it; a reply that lacks a property the schema marks required fails serialisation.",
        "The login response schema requires user.token, but the handler returns the user row without a token; "
        "serialisation throws '\"token\" is required!', pino logs the error and the client gets 500.",
        serve({
            "package.json": pkg(deps=("fastify",)),
            "server.js": """
                const fastify = require('fastify')({ logger: true });
                const userResponse = {
                  type: 'object',
                  required: ['user'],
                  properties: {
                    user: {
                      type: 'object',
                      required: ['email', 'username', 'token'],
                      properties: { email: { type: 'string' }, username: { type: 'string' }, token: { type: 'string' } },
                    },
                  },
                };
                fastify.post('/api/users/login', { schema: { response: { 200: userResponse } } }, async (request) => {
                  const { email } = request.body.user;
                  return { user: { email, username: 'jake', bio: null } };
                });
                fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
            """,
        }, "node server.js", [{"method": "POST", "path": "/api/users/login",
                                "json": {"user": {"email": "jake@jake.jake", "password": "jakejake"}}}]),
        libs=("fastify", "pino"), fw="fastify", expect=r'\\"token\\" is required|"token" is required',
    ),
    case(
        "nodeweb-fastify-body-schema-without-envelope",
        "contract.shape.wrapping", "status-line",
        "https://coderapp.vercel.app/answer/77296637", "qa",
        "A Fastify body schema is validated as written; missing required properties make Fastify answer 400 "
        "FST_ERR_VALIDATION 'body must have required property ...'.",
        "The register route's body schema requires email/username/password at the top level, but Conduit "
        "clients nest them under \"user\"; every registration gets 400 body must have required property 'email'.",
        serve({
            "package.json": pkg(deps=("fastify",)),
            "server.js": """
                const fastify = require('fastify')({ logger: false });
                const registerBody = {
                  type: 'object',
                  required: ['email', 'username', 'password'],
                  properties: { email: { type: 'string' }, username: { type: 'string' }, password: { type: 'string' } },
                };
                fastify.post('/api/users', { schema: { body: registerBody } }, async (request, reply) => {
                  reply.code(201);
                  return { user: { email: request.body.email, username: request.body.username, token: 'jwt' } };
                });
                fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
            """,
        }, "node server.js", [{"method": "POST", "path": "/api/users",
                                "json": {"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}}}]),
        libs=("fastify",), fw="fastify", expect=r"FST_ERR_VALIDATION.*body must have required property 'email'",
    ),
    case(
        "nodeweb-express-snake-case-fields-jest",
        "contract.shape.missing_field", "jest",
        "https://tech.uqido.com/2020/02/27/snake-case-to-camel-case-bring-peace-between-rails-and-javascript/", "blog",
        "Backends and databases often use snake_case field names while JavaScript clients expect camelCase; "
        "unless the boundary converts them, clients read undefined fields.",
        "The create-article handler returns the database row as is (created_at, favorites_count, tag_list); the "
        "jest test reading createdAt / tagList / favoritesCount finds them missing.",
        run({
            "package.json": pkg(jest=True, deps=("express",)),
            "repo.js": """
                exports.insertArticle = (a) => ({
                  id: 1, slug: 'how-to-train-your-dragon', title: a.title, description: a.description, body: a.body,
                  tag_list: a.tagList || [], favorites_count: 0, created_at: new Date().toISOString(), updated_at: new Date().toISOString(),
                });
            """,
            "app.js": """
                const express = require('express');
                const repo = require('./repo');
                const app = express();
                app.use(express.json());
                app.post('/api/articles', (req, res) => res.status(201).json({ article: repo.insertArticle(req.body.article) }));
                module.exports = app;
            """,
            "articles.test.js": """
                const request = require('supertest');
                const app = require('./app');

                test('create article returns the contract fields', async () => {
                  const res = await request(app).post('/api/articles')
                    .send({ article: { title: 'How to train your dragon', description: 'x', body: 'y', tagList: ['dragons'] } })
                    .expect(201);
                  expect(res.body.article).toEqual(expect.objectContaining({
                    tagList: ['dragons'], favoritesCount: 0, createdAt: expect.any(String),
                  }));
                });
            """,
        }, "jest --ci"),
        libs=("express", "jest", "supertest"), fw="express", expect=r'"created_at"',
    ),
    case(
        "nodeweb-sqlite-booleans-as-integers-jest",
        "contract.shape.type", "jest",
        "https://blog.manos-liakos.dev/sqlite3-booleans/", "blog",
        "SQLite has no boolean type; booleans are stored and returned as the integers 0 and 1, and JS drivers "
        "hand those integers back.",
        "The profile query selects `following` from a SQLite expression via better-sqlite3 and returns it "
        "directly; the response carries \"following\": 0 and the jest toBe(false) check fails.",
        run({
            "package.json": pkg(jest=True, deps=("express", "better-sqlite3")),
            "db.js": """
                const Database = require('better-sqlite3');
                const db = new Database(':memory:');
                db.exec(`
                  CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT, bio TEXT);
                  CREATE TABLE follows (follower_id INTEGER, followee_id INTEGER);
                  INSERT INTO users (username, bio) VALUES ('jake', 'I work at statefarm'), ('celeb', NULL);
                `);
                module.exports = db;
            """,
            "app.js": """
                const express = require('express');
                const db = require('./db');
                const app = express();
                app.get('/api/profiles/:username', (req, res) => {
                  const viewerId = 1;
                  const profile = db.prepare(`
                    SELECT u.username, u.bio, EXISTS(SELECT 1 FROM follows f WHERE f.follower_id = ? AND f.followee_id = u.id) AS following
                    FROM users u WHERE u.username = ?`).get(viewerId, req.params.username);
                  res.json({ profile });
                });
                module.exports = app;
            """,
            "profiles.test.js": """
                const request = require('supertest');
                const app = require('./app');

                test('profile.following is a boolean', async () => {
                  const res = await request(app).get('/api/profiles/celeb').expect(200);
                  expect(res.body.profile.following).toBe(false);
                });
            """,
        }, "jest --ci"),
        libs=("express", "better-sqlite3", "jest", "supertest"), fw="express", db="sqlite",
        expect=r"Expected: false\s+Received: 0",
    ),
    case(
        "nodeweb-hono-taglist-set-serialises-empty-mocha",
        "contract.shape.type", "mocha",
        "https://kazuhira-r.hatenablog.com/entry/2023/03/23/004137", "blog",
        "JSON.stringify turns a Set (or Map) into {} because it has no enumerable own properties; its contents "
        "are lost unless converted to an array first.",
        "The article store keeps tagList as a Set to avoid duplicates and c.json() returns it directly, so the "
        "response has \"tagList\":{} and the mocha test expecting an array fails.",
        run({
            "package.json": pkg(type_module=True, deps=("hono",)),
            "src/app.js": """
                import { Hono } from 'hono';
                const articles = new Map();
                export const app = new Hono();
                app.post('/api/articles', async (c) => {
                  const { article } = await c.req.json();
                  const saved = { slug: 'how-to-train-your-dragon', ...article, tagList: new Set(article.tagList) };
                  articles.set(saved.slug, saved);
                  return c.json({ article: saved }, 201);
                });
            """,
            "test/articles.spec.js": """
                import { expect } from 'chai';
                import { app } from '../src/app.js';

                describe('POST /api/articles', () => {
                  it('keeps the tag list', async () => {
                    const res = await app.request('/api/articles', {
                      method: 'POST',
                      headers: { 'Content-Type': 'application/json' },
                      body: JSON.stringify({ article: { title: 'How to train your dragon', tagList: ['dragons', 'training'] } }),
                    });
                    const body = await res.json();
                    expect(body.article.tagList).to.deep.equal(['dragons', 'training']);
                  });
                });
            """,
        }, "mocha --no-colors"),
        libs=("hono", "mocha", "chai"), fw="hono", expect=r"expected \{\} to deeply equal",
    ),
    # ------------------------------------------------------------------ incomplete
    case(
        "nodeweb-express-handler-todo-never-responds-jest",
        "incomplete.endpoint.stub", "jest",
        "https://javascript.ru/forum/522969-post10.html", "qa",
        "An Express route handler that never calls a response method (res.send, res.json, ...) leaves the client "
        "request hanging.",
        "The favorite handler is a placeholder (a TODO comment and a log line) that never sends a response; "
        "supertest waits until jest's 5 s timeout fails the test.",
        run({
            "package.json": pkg(jest=True, deps=("express",)),
            "app.js": """
                const express = require('express');
                const app = express();
                app.use(express.json());
                app.get('/api/articles/:slug', (req, res) => res.json({ article: { slug: req.params.slug, favorited: false } }));
                app.post('/api/articles/:slug/favorite', (req, res) => {
                  // TODO: persist the favorite and return the updated article
                  console.log('favorite', req.params.slug);
                });
                module.exports = app;
            """,
            "favorite.test.js": """
                const request = require('supertest');
                const app = require('./app');

                test('POST /api/articles/:slug/favorite', async () => {
                  const res = await request(app).post('/api/articles/how-to-train-your-dragon/favorite');
                  expect(res.body.article.favorited).toBe(true);
                });
            """,
        }, "jest --ci --forceExit", timeout=60),
        libs=("express", "jest", "supertest"), fw="express", expect=r"Exceeded timeout of 5000 ms",
    ),
    case(
        "nodeweb-nest-not-implemented-exception",
        "incomplete.endpoint.stub", "status-line",
        "https://unpkg.com/@nestjs/common@10.2.6/exceptions/not-implemented.exception.d.ts", "docs",
        "Nest's NotImplementedException is an HttpException that answers 501 with a JSON body; it marks "
        "functionality that was not written.",
        "The comments controller exists but its create/list methods only throw new NotImplementedException(); "
        "the endpoints answer 501 Not Implemented while the articles endpoint works.",
        serve({
            "package.json": pkg(deps=("@nestjs/core", "@nestjs/common", "@nestjs/platform-express", "reflect-metadata", "rxjs")),
            "tsconfig.json": """{
  "compilerOptions": {
    "module": "commonjs", "target": "ES2021", "experimentalDecorators": true, "emitDecoratorMetadata": true,
    "outDir": "dist", "rootDir": "src", "skipLibCheck": true, "esModuleInterop": true, "strict": false
  }
}
""",
            "src/comments.controller.ts": """
                import { Body, Controller, Get, NotImplementedException, Param, Post } from '@nestjs/common';

                @Controller('articles/:slug/comments')
                export class CommentsController {
                  @Get()
                  list(@Param('slug') slug: string) {
                    throw new NotImplementedException();
                  }

                  @Post()
                  create(@Param('slug') slug: string, @Body() body: unknown) {
                    throw new NotImplementedException('comments are not implemented yet');
                  }
                }
            """,
            "src/articles.controller.ts": """
                import { Controller, Get, Param } from '@nestjs/common';

                @Controller('articles')
                export class ArticlesController {
                  @Get(':slug')
                  findOne(@Param('slug') slug: string) {
                    return { article: { slug, title: 'How to train your dragon' } };
                  }
                }
            """,
            "src/main.ts": """
                import 'reflect-metadata';
                import { Module } from '@nestjs/common';
                import { NestFactory } from '@nestjs/core';
                import { ArticlesController } from './articles.controller';
                import { CommentsController } from './comments.controller';

                @Module({ controllers: [ArticlesController, CommentsController] })
                class AppModule {}

                async function bootstrap() {
                  const app = await NestFactory.create(AppModule, { logger: ['error', 'warn'] });
                  app.setGlobalPrefix('api');
                  await app.listen(process.env.PORT || 3000);
                }
                bootstrap();
            """,
        }, "tsc -p . && node dist/main.js", [
            {"path": "/api/articles/how-to-train-your-dragon"},
            {"path": "/api/articles/how-to-train-your-dragon/comments"},
            {"method": "POST", "path": "/api/articles/how-to-train-your-dragon/comments", "json": {"comment": {"body": "Nice"}}},
        ], startup=80, env={"NO_COLOR": "1"}),
        libs=("@nestjs/core", "@nestjs/common", "typescript"), fw="nestjs", expect=r"501 Not Implemented",
    ),
    case(
        "nodeweb-fastify-profiles-never-written-pino",
        "incomplete.endpoint.missing", "pino-json",
        "https://app.unpkg.com/fastify@5.2.2/files/docs/Reference/Errors.md", "docs",
        "A request to a path no route handles gets Fastify's default 404 ('Route GET:/x not found', "
        "FST_ERR_NOT_FOUND family).",
        "The server registers users, articles and tags routes but nothing for profiles; GET "
        "/api/profiles/jake is answered by Fastify's not-found handler and logged with statusCode 404.",
        serve({
            "package.json": pkg(deps=("fastify",)),
            "server.js": """
                const fastify = require('fastify')({ logger: true });
                fastify.post('/api/users', async (request, reply) => { reply.code(201); return { user: request.body.user }; });
                fastify.get('/api/articles', async () => ({ articles: [], articlesCount: 0 }));
                fastify.get('/api/tags', async () => ({ tags: [] }));
                fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
            """,
        }, "node server.js", [{"path": "/api/tags"}, {"path": "/api/profiles/jake"}]),
        libs=("fastify", "pino"), fw="fastify", expect=r"Route GET:/api/profiles/jake not found",
    ),
    case(
        "nodeweb-koa-comments-stub-empty-list-mocha",
        "incomplete.endpoint.stub", "mocha",
        "https://www.devgem.io/posts/handling-unimplemented-rest-api-endpoints-choosing-the-right-http-status-code", "blog",
        "Operations that the API specification defines but that are not implemented yet are a common state of a "
        "REST API under development; they should be reported as such rather than pretend to succeed.",
        "The comment routes are placeholders: POST answers 201 echoing the input without storing it and GET "
        "always returns {\"comments\": []}, so the mocha test that adds then lists a comment fails.",
        run({
            "package.json": pkg(deps=("koa", "@koa/router", "koa-bodyparser")),
            "app.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');
                const bodyParser = require('koa-bodyparser');
                const app = new Koa();
                const router = new Router({ prefix: '/api/articles/:slug/comments' });
                router.post('/', (ctx) => {
                  // TODO: save comment
                  ctx.status = 201;
                  ctx.body = { comment: { id: 1, ...ctx.request.body.comment } };
                });
                router.get('/', (ctx) => {
                  ctx.body = { comments: [] }; // TODO
                });
                app.use(bodyParser()).use(router.routes());
                module.exports = app;
            """,
            "test/comments.spec.js": """
                const request = require('supertest');
                const { expect } = require('chai');
                const app = require('../app');

                describe('comments', () => {
                  it('lists the comment that was just added', async () => {
                    const server = app.callback();
                    await request(server).post('/api/articles/dragon/comments').send({ comment: { body: 'Thank you so much!' } }).expect(201);
                    const res = await request(server).get('/api/articles/dragon/comments').expect(200);
                    expect(res.body.comments).to.have.lengthOf(1);
                  });
                });
            """,
        }, "mocha --no-colors"),
        libs=("koa", "mocha", "chai", "supertest"), fw="koa", expect=r"expected \[\] to have a length of 1",
    ),
]
