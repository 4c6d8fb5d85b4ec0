"""nodeapi: a library object used the wrong way (the TypeError or wrong value comes from a library API, not a project file)."""

from _nodeapi_kit import case, pkg, prep, run, serve
from capture import postgres

CASES = [
    case(
        "nodeapi-express-text-parser-type-never-sent",
        "framework.wiring.body_parsing", "status-line",
        "https://sourceforge.net/mirror/body-parser/profile", "docs",
        "body-parser middlewares only parse a request whose Content-Type matches their type option; otherwise "
        "req.body is left as an empty object.",
        "The CSV import route is mounted behind express.text({ type: 'text/csv' }) but the client posts "
        "text/plain; the parser skips the request, req.body stays {}, and req.body.split throws 'is not a function' "
        "(a TypeError on the body object, not on project code), answering 500.",
        serve({
            "package.json": pkg(deps=("express",)),
            "server.js": """
                const express = require('express');

                const app = express();
                const tags = new Set(['dragons']);

                app.post('/api/tags/import', express.text({ type: 'text/csv' }), (req, res) => {
                  const names = req.body.split(',').map((s) => s.trim()).filter(Boolean);
                  names.forEach((n) => tags.add(n));
                  res.status(201).json({ tags: [...tags] });
                });

                app.listen(process.env.PORT || 3000, () => console.log('listening'));
            """,
        }, "node server.js", [{"method": "POST", "path": "/api/tags/import", "body": "training, welcome",
                               "headers": {"Content-Type": "text/plain"}}]),
        libs=("express",), fw="express", expect=r"req\.body\.split is not a function",
    ),
    case(
        "nodeapi-multer-single-field-name-mismatch",
        "framework.wiring.body_parsing", "node-stack",
        "https://javascript.19633.com/es/Node-3/1003058400.html", "blog",
        "Multer rejects a multipart request with 'Unexpected field' when the file part's field name differs from "
        "the name given to upload.single() (or the other multer middlewares).",
        "The avatar route uses upload.single('avatar') while the client form sends the file under 'image'; multer "
        "raises MulterError: Unexpected field, Express prints the stack and answers 500.",
        serve({
            "package.json": pkg(deps=("express", "multer")),
            "server.js": """
                const express = require('express');
                const multer = require('multer');

                const app = express();
                const upload = multer({ storage: multer.memoryStorage(), limits: { fileSize: 1024 * 1024 } });

                app.put('/api/user/avatar', upload.single('avatar'), (req, res) => {
                  res.json({ user: { image: `data:${req.file.mimetype};base64,${req.file.buffer.toString('base64').slice(0, 16)}` } });
                });

                app.listen(process.env.PORT || 3000, () => console.log('listening'));
            """,
        }, "node server.js", [{
            "method": "PUT", "path": "/api/user/avatar",
            "headers": {"Content-Type": "multipart/form-data; boundary=XyZ"},
            "body": "--XyZ\r\nContent-Disposition: form-data; name=\"image\"; filename=\"me.png\"\r\nContent-Type: image/png\r\n\r\n\x89PNG-data\r\n--XyZ--\r\n",
        }]),
        libs=("express", "multer"), fw="express", expect=r"MulterError: Unexpected field",
    ),
    case(
        "nodeapi-bs3-run-on-select-returns-info-jest",
        "data.orm.api_misuse", "jest",
        "https://raw.githubusercontent.com/wiselibs/better-sqlite3/HEAD/docs/api.md", "docs",
        "In better-sqlite3, Statement#run() executes a statement and returns an info object (changes, "
        "lastInsertRowid); rows are read with .get(), .all() or .iterate().",
        "The article lookup prepares a SELECT but calls .run(), so the handler gets {changes: 0, lastInsertRowid: 0} "
        "instead of the row; the response has no title and the jest assertion on article.title fails.",
        run({
            "package.json": pkg(deps=("express", "better-sqlite3"), jest=True),
            "src/app.js": """
                const express = require('express');
                const Database = require('better-sqlite3');

                const db = new Database(':memory:');
                db.exec(`CREATE TABLE articles (slug TEXT PRIMARY KEY, title TEXT, body TEXT);
                         INSERT INTO articles VALUES ('dragons', 'How to train your dragon', 'Ever wonder how?');`);
                const findBySlug = db.prepare('SELECT slug, title, body FROM articles WHERE slug = ?');

                const app = express();
                app.get('/api/articles/:slug', (req, res) => {
                  const article = findBySlug.run(req.params.slug);
                  if (!article) return res.status(404).json({ errors: { body: ['not found'] } });
                  res.json({ article });
                });

                module.exports = app;
            """,
            "tests/article.test.js": """
                const request = require('supertest');
                const app = require('../src/app');

                test('GET /api/articles/:slug returns the article', async () => {
                  const res = await request(app).get('/api/articles/dragons');
                  expect(res.status).toBe(200);
                  expect(res.body.article).toMatchObject({ slug: 'dragons', title: 'How to train your dragon' });
                });
            """,
        }, "jest --ci"),
        libs=("express", "better-sqlite3", "jest", "supertest"), fw="express", db="sqlite",
        expect=r'"changes": 0',
    ),
    case(
        "nodeapi-pg-result-object-returned-as-rows-mocha",
        "data.orm.api_misuse", "mocha",
        "https://node-postgres.com/apis/result", "docs",
        "node-postgres resolves a query to a Result object (command, rowCount, fields, rows...); the selected "
        "records are in its rows array.",
        "The tags route sends the awaited pool.query(...) value itself, so the client receives the pg Result "
        "wrapper ({command, rowCount, rows, fields, ...}) in place of the list of tags; the mocha test expecting "
        "an array fails.",
        None,
        libs=("express", "pg", "mocha", "chai", "supertest"), fw="express", db="postgres",
        expect=r"expected \{ Object \(command, rowCount, \.\.\.\) \} to be an array",
    ),
    case(
        "nodeapi-sequelize-findbypk-given-where-object",
        "data.orm.api_misuse", "ci-timestamp",
        "https://Sequelize.org/docs/v6/core-concepts/model-querying-finders/", "docs",
        "Sequelize's findByPk takes the primary-key value itself; query options such as where belong to "
        "findOne/findAll.",
        "The profile service calls User.findByPk({ where: { id } }) (mixing up findByPk and findOne); Sequelize "
        "rejects the argument with 'Argument passed to findByPk is invalid: [object Object]' in the CI smoke test.",
        run({
            "package.json": pkg(deps=("sequelize", "sqlite3")),
            "src/models.js": """
                const { Sequelize, DataTypes } = require('sequelize');

                const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
                const User = sequelize.define('User', {
                  username: { type: DataTypes.STRING, unique: true },
                  bio: DataTypes.TEXT,
                });

                module.exports = { sequelize, User };
            """,
            "src/services/profiles.js": """
                const { User } = require('../models');

                async function getProfile(id) {
                  const user = await User.findByPk({ where: { id } });
                  if (!user) return null;
                  return { username: user.username, bio: user.bio, following: false };
                }

                module.exports = { getProfile };
            """,
            "scripts/smoke.js": """
                const { sequelize, User } = require('../src/models');
                const { getProfile } = require('../src/services/profiles');

                (async () => {
                  await sequelize.sync();
                  const jake = await User.create({ username: 'jake', bio: 'I work at statefarm' });
                  console.log('profile:', await getProfile(jake.id));
                })();
            """,
        }, "node scripts/smoke.js", ci=True),
        libs=("sequelize", "sqlite3"), db="sqlite", expect=r"Argument passed to findByPk is invalid: \[object Object\]",
    ),
    case(
        "nodeapi-typeorm-findone-bare-id-cast-ts-node",
        "data.orm.api_misuse", "ts-node",
        "https://openillumi.com/en/en-typeorm-findone-error-fix-findoneby", "blog",
        "TypeORM 0.3 removed findOne(id): findOne now takes an options object with where, and lookups by key "
        "use findOneBy({ id }).",
        "The article service still calls repository.findOne(id) in the 0.2 style, with 'as any' added to silence "
        "the TS2559 compile error; under ts-node the call reaches TypeORM 0.3, which throws 'You must provide "
        "selection conditions in order to find a single row.'",
        run({
            "package.json": pkg(deps=("typeorm", "better-sqlite3", "reflect-metadata"), scripts={"dev": "ts-node src/main.ts"}),
            "tsconfig.json": '{"compilerOptions": {"module": "commonjs", "target": "ES2021", "strict": true, "esModuleInterop": true, "skipLibCheck": true}}\n',
            "src/entities.ts": """
                import { EntitySchema } from 'typeorm';

                export interface Article { id: number; slug: string; title: string }

                export const ArticleEntity = new EntitySchema<Article>({
                  name: 'Article',
                  tableName: 'articles',
                  columns: {
                    id: { type: Number, primary: true, generated: true },
                    slug: { type: String, unique: true },
                    title: { type: String },
                  },
                });
            """,
            "src/main.ts": """
                import 'reflect-metadata';
                import { DataSource } from 'typeorm';
                import { ArticleEntity, Article } from './entities';

                const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [ArticleEntity], synchronize: true });

                async function getArticle(id: number): Promise<Article | null> {
                  const repo = ds.getRepository(ArticleEntity);
                  return repo.findOne(id as any);
                }

                async function main() {
                  await ds.initialize();
                  const saved = await ds.getRepository(ArticleEntity).save({ slug: 'dragons', title: 'How to train your dragon' });
                  console.log('article', await getArticle(saved.id));
                }

                main();
            """,
        }, "ts-node src/main.ts", timeout=90),
        libs=("typeorm", "better-sqlite3", "ts-node"), db="sqlite", expect=r"You must provide selection conditions in order to find a single row",
    ),
    case(
        "nodeapi-drizzle-relational-query-without-schema",
        "data.orm.api_misuse", "node-stack",
        "https://nerdleveltech.com/drizzle-orm-relational-queries-nested-with-tutorial", "blog",
        "Drizzle's relational query API (db.query.<table>) only exists when the schema is passed to drizzle() "
        "at initialisation; without it db.query has no table entries.",
        "db.js creates the client with drizzle(sqlite) and no { schema }, while the route calls "
        "db.query.users.findFirst(...); the property is undefined, reading findFirst throws a TypeError in the "
        "Hono handler and the client gets 500.",
        serve({
            "package.json": pkg(module=True, deps=("hono", "@hono/node-server", "drizzle-orm", "better-sqlite3")),
            "src/schema.js": """
                import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';

                export const users = sqliteTable('users', {
                  id: integer('id').primaryKey(),
                  username: text('username').notNull().unique(),
                  bio: text('bio'),
                });
            """,
            "src/db.js": """
                import Database from 'better-sqlite3';
                import { drizzle } from 'drizzle-orm/better-sqlite3';

                const sqlite = new Database(':memory:');
                sqlite.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT NOT NULL UNIQUE, bio TEXT); INSERT INTO users (username, bio) VALUES ('jake', 'I work at statefarm');");
                export const db = drizzle(sqlite);
            """,
            "src/index.js": """
                import { Hono } from 'hono';
                import { serve } from '@hono/node-server';
                import { eq } from 'drizzle-orm';
                import { db } from './db.js';
                import { users } from './schema.js';

                const app = new Hono();
                app.get('/api/profiles/:username', async (c) => {
                  const user = await db.query.users.findFirst({ where: eq(users.username, c.req.param('username')) });
                  if (!user) return c.json({ errors: { body: ['profile not found'] } }, 404);
                  return c.json({ profile: { username: user.username, bio: user.bio, following: false } });
                });

                serve({ fetch: app.fetch, port: Number(process.env.PORT) || 3000 }, (i) => console.log(`listening on ${i.port}`));
            """,
        }, "node src/index.js", [{"path": "/api/profiles/jake"}]),
        libs=("hono", "@hono/node-server", "drizzle-orm", "better-sqlite3"), fw="hono", db="sqlite",
        expect=r"Cannot read properties of undefined \(reading 'findFirst'\)",
    ),
    case(
        "nodeapi-koa-ctx-status-called-as-function",
        "framework.wiring.request_response", "status-line",
        "https://jsschools.com/koa/reference/response/status", "docs",
        "In Koa the response status is a property: it is set by assignment (ctx.status = 201), not by calling a "
        "method as in Express.",
        "The create-comment handler writes ctx.status(201) in the Express style; ctx.status is a number, so the "
        "call throws 'ctx.status is not a function', Koa's default error handler logs it and answers 500.",
        serve({
            "package.json": pkg(deps=("koa", "@koa/router", "koa-bodyparser")),
            "server.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');
                const bodyParser = require('koa-bodyparser');

                const app = new Koa();
                const router = new Router({ prefix: '/api' });
                const comments = [];

                router.post('/articles/:slug/comments', (ctx) => {
                  const comment = { id: comments.length + 1, body: ctx.request.body.comment.body };
                  comments.push(comment);
                  ctx.status(201);
                  ctx.body = { comment };
                });

                app.use(bodyParser());
                app.use(router.routes()).use(router.allowedMethods());
                app.listen(process.env.PORT || 3000);
            """,
        }, "node server.js", [{"method": "POST", "path": "/api/articles/dragons/comments", "json": {"comment": {"body": "Nice"}}}]),
        libs=("koa", "@koa/router", "koa-bodyparser"), fw="koa", expect=r"ctx\.status is not a function",
    ),
    case(
        "nodeapi-express-cookie-parser-not-mounted-jest",
        "framework.wiring.app_config", "jest",
        "https://deepvcode.com/guides/bd392318", "blog",
        "Express does not parse the Cookie header itself; req.cookies only exists once the cookie-parser "
        "middleware is registered, and is undefined otherwise.",
        "The auth middleware reads the JWT from req.cookies.token but app.js never mounts cookie-parser; "
        "req.cookies is undefined, reading .token throws a TypeError and the jest test gets 500 instead of 200.",
        run({
            "package.json": pkg(deps=("express", "cookie-parser", "jsonwebtoken"), jest=True),
            "src/middleware/auth.js": """
                const jwt = require('jsonwebtoken');

                module.exports = function requireAuth(req, res, next) {
                  const token = req.cookies.token;
                  if (!token) return res.status(401).json({ errors: { body: ['missing token'] } });
                  req.user = jwt.verify(token, process.env.JWT_SECRET || 'dev-secret');
                  next();
                };
            """,
            "src/app.js": """
                const express = require('express');
                const requireAuth = require('./middleware/auth');

                const app = express();
                app.use(express.json());
                app.get('/api/user', requireAuth, (req, res) => res.json({ user: { username: req.user.username } }));

                module.exports = app;
            """,
            "tests/user.test.js": """
                const request = require('supertest');
                const jwt = require('jsonwebtoken');
                const app = require('../src/app');

                test('GET /api/user reads the token cookie', async () => {
                  const token = jwt.sign({ username: 'jake' }, 'dev-secret');
                  const res = await request(app).get('/api/user').set('Cookie', `token=${token}`);
                  if (res.status !== 200) console.error(res.text.match(/<pre>([^<]*)/)[1]);
                  expect(res.status).toBe(200);
                });
            """,
        }, "jest --ci"),
        libs=("express", "jsonwebtoken", "jest", "supertest"), fw="express", expect=r"Cannot read properties of undefined \(reading &#39;token&#39;\)",
    ),
    case(
        "nodeapi-fastify-reply-json-express-habit",
        "framework.wiring.request_response", "pino-json",
        "https://fastify.dev/docs/v2.15.x/Documentation/Reply/", "docs",
        "Fastify's Reply sends a payload with reply.send() (or by returning it); it has code()/status() and "
        "header helpers but no Express-style json() method.",
        "The registration handler ends with reply.status(201).json({ user }) as in Express; reply.status returns "
        "the Reply, which has no json method, so the handler throws 'reply.status(...).json is not a function' "
        "and pino logs a 500.",
        serve({
            "package.json": pkg(deps=("fastify",)),
            "server.js": """
                const fastify = require('fastify')({ logger: true });

                const users = [];
                fastify.post('/api/users', async (request, reply) => {
                  const { username, email } = request.body.user;
                  const user = { username, email, bio: null, image: null, token: 'jwt' };
                  users.push(user);
                  return reply.status(201).json({ user });
                });

                fastify.listen({ port: Number(process.env.PORT) || 3000, host: '127.0.0.1' });
            """,
        }, "node server.js", [{"method": "POST", "path": "/api/users", "json": {"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}}}]),
        libs=("fastify", "pino"), fw="fastify", expect=r"reply\.status\(\.\.\.\)\.json is not a function",
    ),
    case(
        "nodeapi-jwt-sign-sequelize-instance-payload",
        "auth.config.token_issue", "status-line",
        "https://socket.dev/npm/package/jsonwebtoken/overview/^5.0.0", "docs",
        "jsonwebtoken.sign expects the payload to be an object literal (or a JSON string/buffer); options such as "
        "expiresIn only apply to plain-object payloads.",
        "The login handler signs the Sequelize User instance itself (jwt.sign(user, secret, { expiresIn })); "
        "jsonwebtoken rejects the model instance with 'Expected \"payload\" to be a plain object.' and Express "
        "answers 500 to a correct login.",
        serve({
            "package.json": pkg(deps=("express", "sequelize", "sqlite3", "jsonwebtoken")),
            "server.js": """
                const express = require('express');
                const jwt = require('jsonwebtoken');
                const { Sequelize, DataTypes } = require('sequelize');

                const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
                const User = sequelize.define('User', { email: DataTypes.STRING, username: DataTypes.STRING, password: DataTypes.STRING });

                const app = express();
                app.use(express.json());
                app.post('/api/users/login', async (req, res, next) => {
                  try {
                    const { email, password } = req.body.user;
                    const user = await User.findOne({ where: { email } });
                    if (!user || user.password !== password) return res.status(422).json({ errors: { body: ['invalid credentials'] } });
                    const token = jwt.sign(user, process.env.JWT_SECRET || 'dev-secret', { expiresIn: '1d' });
                    res.json({ user: { email: user.email, username: user.username, token } });
                  } catch (err) { next(err); }
                });

                sequelize.sync().then(async () => {
                  await User.create({ email: 'jake@jake.jake', username: 'jake', password: 'jakejake' });
                  app.listen(process.env.PORT || 3000, () => console.log('listening'));
                });
            """,
        }, "node server.js", [{"method": "POST", "path": "/api/users/login", "json": {"user": {"email": "jake@jake.jake", "password": "jakejake"}}}]),
        libs=("express", "sequelize", "jsonwebtoken"), fw="express", db="sqlite",
        expect=r'Expected "payload" to be a plain object',
    ),
]


def _pg_result(ctx):
    prep(ctx, {
        "package.json": pkg(deps=("express", "pg")),
        "app.js": """
            const express = require('express');
            const { Pool } = require('pg');

            const pool = new Pool({ connectionString: process.env.DATABASE_URL });
            const app = express();

            app.get('/api/tags', async (req, res, next) => {
              try {
                const tags = await pool.query('SELECT name FROM tags ORDER BY name');
                res.json({ tags });
              } catch (err) { next(err); }
            });

            module.exports = { app, pool };
        """,
        "test/tags.spec.js": """
            const request = require('supertest');
            const { expect } = require('chai');
            const { app, pool } = require('../app');

            describe('GET /api/tags', () => {
              before(async () => {
                await pool.query('CREATE TABLE IF NOT EXISTS tags (name TEXT PRIMARY KEY)');
                await pool.query("INSERT INTO tags VALUES ('dragons'), ('training') ON CONFLICT DO NOTHING");
              });
              after(() => pool.end());

              it('returns the tag names', async () => {
                const res = await request(app).get('/api/tags').expect(200);
                expect(res.body.tags).to.be.an('array');
              });
            });
        """,
    })
    with postgres() as dsn:
        out = ctx.run("mocha --no-colors", env={"DATABASE_URL": dsn}, timeout=60)
    return {"test_output": out.replace(dsn, "postgresql://postgres@127.0.0.1:5432/app")}


for _c in CASES:
    if _c.id == "nodeapi-pg-result-object-returned-as-rows-mocha":
        _c.make = _pg_result
