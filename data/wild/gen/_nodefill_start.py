"""nodefill, startup side: the app's own initialisation code throws, the database is unreachable, the entrypoint is wrong."""

from __future__ import annotations

from _nodefill_kit import HARNESS_JS, case, dead_port, pg, pkg, run, serve, with_client

CASES = []
add = CASES.append

# --------------------------------------------------------------------------------------------------
# startup.init_error
# --------------------------------------------------------------------------------------------------
add(case(
    "express-config-json-trailing-comma", "startup.init_error", "node-stack",
    "https://jsonlint.pages.dev/unexpected-token", "blog",
    "JSON does not allow a trailing comma before a closing brace or bracket; JSON.parse rejects such text with a "
    "SyntaxError even though the same literal would be valid JavaScript.",
    "app.js parses config.json with JSON.parse before the server is created; the file ends its last property with a "
    "comma, so node stops at startup with a SyntaxError pointing into JSON.parse and the client never gets an answer.",
    serve({
        "package.json": pkg("express"),
        "config.json": '{\n  "env": "development",\n  "port": 3000,\n  "corsOrigins": ["http://localhost:5173"],\n}\n',
        "app.js": '''
            const fs = require('fs');
            const path = require('path');
            const express = require('express');

            const config = JSON.parse(fs.readFileSync(path.join(__dirname, 'config.json'), 'utf8'));

            const app = express();
            app.use(express.json());
            app.get('/api/health', (req, res) => res.json({ ok: true, env: config.env }));

            const port = process.env.PORT || config.port;
            app.listen(port, () => console.log(`API listening on ${port}`));
        ''',
    }, "node app.js", [{"path": "/api/health"}]),
    libs=("express",), fw="express", expect=r"SyntaxError: .{0,120}JSON", code=("app.js", "config.json"),
))

add(case(
    "koa-required-env-var-honcho", "startup.init_error", "compose-prefix",
    "https://deverrors.com/errors/nodejs-url-invalid-url", "blog",
    "Configuration read from environment variables is often validated at startup by throwing when a required "
    "variable is unset, so a missing variable stops the process before it serves anything.",
    "config.js throws 'Missing required environment variable JWT_SECRET' at require time; the Procfile's .env only "
    "sets PORT, so under honcho the web process dies during startup with that error and honcho stops the formation.",
    run({
        "package.json": pkg("koa", "@koa/router", "jsonwebtoken"),
        "Procfile": "web: node app.js\n",
        ".env": "PORT={PORT}\nNODE_ENV=development\n",
        "config.js": '''
            function required(name) {
              const value = process.env[name];
              if (!value) throw new Error(`Missing required environment variable ${name}`);
              return value;
            }

            module.exports = {
              port: Number(process.env.PORT) || 3000,
              jwtSecret: required('JWT_SECRET'),
              tokenTtl: process.env.TOKEN_TTL || '1h',
            };
        ''',
        "app.js": '''
            const Koa = require('koa');
            const Router = require('@koa/router');
            const jwt = require('jsonwebtoken');
            const config = require('./config');

            const app = new Koa();
            const router = new Router({ prefix: '/api' });

            router.post('/auth/token', (ctx) => {
              ctx.body = { token: jwt.sign({ sub: 'demo' }, config.jwtSecret, { expiresIn: config.tokenTtl }) };
            });

            app.use(router.routes()).use(router.allowedMethods());
            app.listen(config.port, () => console.log(`auth service on :${config.port}`));
        ''',
    }, "timeout 8 honcho start", fill=(".env",), env={"JWT_SECRET": ""}),
    libs=("koa", "@koa/router", "jsonwebtoken", "honcho"), fw="koa",
    expect=r"web\.1\s*\|.{0,80}Missing required environment variable JWT_SECRET", code=("app.js", "config.js"),
))

add(case(
    "hono-top-level-await-never-settles", "startup.init_error", "node-stack",
    "https://www.stefanjudis.com/today-i-learned/top-level-promise-handling-in-node-js/", "blog",
    "A pending promise does not keep a Node process alive: when an ES module's top-level await waits on something "
    "that never settles and nothing else is scheduled, node exits with status 13 instead of hanging.",
    "app.mjs awaits once(bus, 'migrated') at top level before serving, but the migration code never emits that "
    "event; with nothing left on the event loop node exits with status 13 without an error message, so the server "
    "never listens and the client gets no response.",
    serve({
        "package.json": pkg("hono", "@hono/node-server", "better-sqlite3", module=True),
        "app.mjs": '''
            import { serve } from '@hono/node-server';
            import { Hono } from 'hono';
            import Database from 'better-sqlite3';
            import { EventEmitter, once } from 'node:events';

            const bus = new EventEmitter();
            const db = new Database('notes.db');

            function migrate() {
              db.exec('CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)');
              console.log('migrations applied');
            }
            setImmediate(migrate);

            // do not accept traffic before the schema is in place
            await once(bus, 'migrated');

            const app = new Hono();
            app.get('/api/notes', (c) => c.json(db.prepare('SELECT * FROM notes').all()));
            serve({ fetch: app.fetch, port: Number(process.env.PORT) }, (info) => console.log(`listening on ${info.port}`));
        ''',
    }, "node app.mjs; echo \"exit code $?\"", [{"path": "/api/notes"}], startup=6),
    libs=("hono", "@hono/node-server", "better-sqlite3"), fw="hono", db="sqlite",
    expect=r"exit code 13", code=("app.mjs",),
))

add(case(
    "sequelize-unknown-datatype-ci", "startup.init_error", "ci-timestamp",
    "https://typeerror.org/docs/sequelize~5/manual/data-types", "docs",
    "A Sequelize attribute type must be one of the library's DataTypes; a name that is not among them evaluates to "
    "undefined and Sequelize rejects the model when it is defined.",
    "models.js declares price with DataTypes.MONEY, which Sequelize does not provide; define() throws 'Unrecognized "
    "datatype for attribute \"Product.price\"' while the app is loading its models, before any sync or listen.",
    run({
        "package.json": pkg("express", "sequelize", "sqlite3"),
        "models.js": '''
            const { Sequelize, DataTypes } = require('sequelize');

            const sequelize = new Sequelize({ dialect: 'sqlite', storage: 'shop.sqlite', logging: false });

            const Product = sequelize.define('Product', {
              name: { type: DataTypes.STRING, allowNull: false },
              price: { type: DataTypes.MONEY, allowNull: false },
              stock: { type: DataTypes.INTEGER, defaultValue: 0 },
            });

            module.exports = { sequelize, Product };
        ''',
        "app.js": '''
            const express = require('express');
            const { sequelize, Product } = require('./models');

            const app = express();
            app.use(express.json());
            app.get('/api/products', async (req, res) => res.json(await Product.findAll()));
            app.post('/api/products', async (req, res) => res.status(201).json(await Product.create(req.body)));

            sequelize.sync().then(() => {
              app.listen(process.env.PORT, () => console.log(`shop api on ${process.env.PORT}`));
            });
        ''',
    }, "node app.js", stamp=True),
    libs=("express", "sequelize", "sqlite3"), fw="express", db="sqlite",
    expect=r"Unrecognized datatype for attribute", code=("app.js", "models.js"),
))

add(case(
    "fastify-decorator-already-present", "startup.init_error", "node-stack",
    "https://deverrors.com/errors/nodejs-fastify-decorator-conflict", "blog",
    "Fastify refuses to register a decorator under a name the instance already has, throwing "
    "FST_ERR_DEC_ALREADY_PRESENT instead of silently overwriting it.",
    "app.js decorates the instance with db and then calls setupTodos(app), whose first line decorates db again on "
    "the same instance; decorate() throws FST_ERR_DEC_ALREADY_PRESENT while the app is being assembled, so node "
    "exits with the stack trace before listening.",
    serve({
        "package.json": pkg("fastify", "better-sqlite3"),
        "app.js": '''
            const Fastify = require('fastify');
            const Database = require('better-sqlite3');
            const setupTodos = require('./routes/todos');

            const app = Fastify({ logger: true });
            app.decorate('db', new Database('app.db'));

            setupTodos(app);

            app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).catch((err) => {
              app.log.error(err);
              process.exit(1);
            });
        ''',
        "routes/todos.js": '''
            const Database = require('better-sqlite3');

            module.exports = function setupTodos(app) {
              app.decorate('db', new Database('todos.db'));
              app.db.exec('CREATE TABLE IF NOT EXISTS todos (id INTEGER PRIMARY KEY, title TEXT, done INTEGER DEFAULT 0)');

              app.get('/api/todos', async () => app.db.prepare('SELECT * FROM todos').all());
              app.post('/api/todos', async (request, reply) => {
                const info = app.db.prepare('INSERT INTO todos (title) VALUES (?)').run(request.body.title);
                reply.code(201);
                return { id: info.lastInsertRowid, title: request.body.title, done: false };
              });
            };
        ''',
    }, "node app.js", [{"path": "/api/todos"}], startup=8),
    libs=("fastify", "better-sqlite3"), fw="fastify", db="sqlite",
    expect=r"FST_ERR_DEC_ALREADY_PRESENT", code=("app.js", "routes/todos.js"),
))

add(case(
    "express-template-file-missing-mocha", "startup.init_error", "mocha",
    "https://errornotes.dev/en/errors/nodejs/fix-error-enoent-no-such-file-or-directory-in-nodejs", "blog",
    "fs.readFileSync throws ENOENT when the path it is given does not exist; done at module load, the error "
    "escapes require() and nothing that imports the module can start.",
    "app.js reads templates/welcome.html with readFileSync at import time, but the generator never created the "
    "templates folder; mocha fails while loading the test file with ENOENT before any test runs.",
    run({
        "package.json": pkg("express", "mocha", "supertest", scripts={"test": "mocha"}),
        "app.js": '''
            const fs = require('fs');
            const path = require('path');
            const express = require('express');

            const welcomeTemplate = fs.readFileSync(path.join(__dirname, 'templates', 'welcome.html'), 'utf8');

            const app = express();
            app.use(express.json());
            const users = [];

            app.post('/api/users', (req, res) => {
              const user = { id: users.length + 1, email: req.body.email };
              users.push(user);
              const welcome = welcomeTemplate.replace('{{email}}', user.email);
              res.status(201).json({ user, welcomePreview: welcome.slice(0, 80) });
            });

            module.exports = app;
        ''',
        "test/users.test.js": '''
            const request = require('supertest');
            const app = require('../app');

            describe('POST /api/users', () => {
              it('creates a user', async () => {
                await request(app).post('/api/users').send({ email: 'ada@example.com' }).expect(201);
              });
            });
        ''',
    }, "mocha --no-colors 2>&1", key="test_output"),
    libs=("express", "mocha", "supertest"), fw="express",
    expect=r"ENOENT: no such file or directory", code=("app.js",),
))

add(case(
    "fastify-plugin-done-never-called", "startup.init_error", "pino-json",
    "https://packtpub.com/en-jp/product/accelerating-server-side-development-with-fastify-9781800563582/chapter/chapter-2-the-plugin-system-and-the-boot-process-3/section/handling-boot-and-plugin-errors-ch03lvl1sec17", "docs",
    "A callback-style Fastify plugin must call done() (or return a promise) to let the boot continue; if it never "
    "does, the boot stops with a plugin timeout error instead of listening.",
    "plugins/cache.js takes (app, opts, done) and warms its cache asynchronously but never calls done(); after the "
    "configured pluginTimeout Fastify aborts the boot with a PLUGIN_TIMEOUT error naming the plugin, logged by pino.",
    serve({
        "package.json": pkg("fastify"),
        "app.js": '''
            const Fastify = require('fastify');

            const app = Fastify({ logger: true, pluginTimeout: 3000 });
            app.register(require('./plugins/cache'));

            app.get('/api/rates', async () => ({ rates: Object.fromEntries(app.cache) }));

            app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }).catch((err) => {
              app.log.error(err);
              process.exit(1);
            });
        ''',
        "plugins/cache.js": '''
            async function loadRates() {
              return [['EUR', 1], ['USD', 1.08], ['GBP', 0.85]];
            }

            module.exports = function cachePlugin(app, opts, done) {
              const cache = new Map();
              loadRates().then((rates) => {
                for (const [code, rate] of rates) cache.set(code, rate);
                app.decorate('cache', cache);
                app.log.info({ size: cache.size }, 'rate cache warmed');
              });
            };
        ''',
    }, "node app.js", [{"path": "/api/rates"}], startup=8),
    libs=("fastify", "pino"), fw="fastify",
    expect=r"PLUGIN_TIMEOUT", code=("app.js", "plugins/cache.js"),
))

add(case(
    "koa-config-url-without-scheme-npm", "startup.init_error", "npm",
    "https://errornotes.dev/en/errors/nodejs/fix-typeerror-errinvalidurl-invalid-url-in-nodejs", "blog",
    "new URL() follows the WHATWG URL standard and throws ERR_INVALID_URL for a string without a scheme (such as a "
    "bare host and path taken from an environment variable) when no base URL is given.",
    "clients.js builds new URL(process.env.PAYMENTS_API_URL) at import; the value is 'payments.internal/v1' without "
    "http://, so npm start fails at startup with TypeError [ERR_INVALID_URL] thrown from the app's own config code.",
    run({
        "package.json": pkg("koa", "@koa/router", scripts={"start": "node app.js"}),
        "clients.js": '''
            const paymentsBase = new URL(process.env.PAYMENTS_API_URL);

            async function createCharge(orderId, amount) {
              const res = await fetch(new URL('charges', paymentsBase), {
                method: 'POST',
                headers: { 'content-type': 'application/json' },
                body: JSON.stringify({ orderId, amount }),
              });
              return res.json();
            }

            module.exports = { createCharge };
        ''',
        "app.js": '''
            const Koa = require('koa');
            const Router = require('@koa/router');
            const { createCharge } = require('./clients');

            const app = new Koa();
            const router = new Router({ prefix: '/api' });
            router.post('/orders/:id/pay', async (ctx) => {
              ctx.body = await createCharge(ctx.params.id, 1999);
            });
            app.use(router.routes());
            app.listen(process.env.PORT, () => console.log(`orders api on ${process.env.PORT}`));
        ''',
    }, "npm start 2>&1", env={"PAYMENTS_API_URL": "payments.internal/v1", "npm_config_update_notifier": "false"}),
    libs=("koa", "@koa/router"), fw="koa",
    expect=r"ERR_INVALID_URL", code=("app.js", "clients.js"),
))

# --------------------------------------------------------------------------------------------------
# startup.database
# --------------------------------------------------------------------------------------------------
add(case(
    "hono-drizzle-pg-econnrefused-honcho", "startup.database", "compose-prefix",
    "https://oneuptime.com/blog/post/2026-01-25-fix-connection-refused-postgresql/view", "blog",
    "ECONNREFUSED from the PostgreSQL client means nothing accepts TCP connections at the configured host and port: "
    "the server is not running there or the app points at the wrong port.",
    "The .env DATABASE_URL names a loopback port where no PostgreSQL runs; app.js runs a drizzle 'select 1' before "
    "serving, the pg pool rejects with connect ECONNREFUSED, and the unhandled rejection kills the web process "
    "under honcho.",
    dead_port(run({
        "package.json": pkg("hono", "@hono/node-server", "drizzle-orm", "pg"),
        "Procfile": "web: node app.js\n",
        ".env": "PORT={PORT}\nDATABASE_URL=postgres://app:app@127.0.0.1:{DEAD_PORT}/app\n",
        "app.js": '''
            const { serve } = require('@hono/node-server');
            const { Hono } = require('hono');
            const { Pool } = require('pg');
            const { drizzle } = require('drizzle-orm/node-postgres');
            const { sql } = require('drizzle-orm');

            const pool = new Pool({ connectionString: process.env.DATABASE_URL });
            const db = drizzle(pool);

            const app = new Hono();
            app.get('/api/health', async (c) => c.json((await db.execute(sql`select now() as now`)).rows[0]));

            async function main() {
              await db.execute(sql`select 1`);
              console.log('database ready');
              serve({ fetch: app.fetch, port: Number(process.env.PORT) });
            }

            main();
        ''',
    }, "timeout 10 honcho start", fill=(".env",))),
    libs=("hono", "@hono/node-server", "drizzle-orm", "pg", "honcho"), fw="hono", db="postgres",
    expect=r"ECONNREFUSED", code=("app.js",),
))

add(case(
    "express-sequelize-pg-password-failed-ci", "startup.database", "ci-timestamp",
    "https://bytebase.vercel.app/reference/postgres/error/28p01-invalid-password-postgres", "docs",
    "PostgreSQL answers 28P01 'password authentication failed' when the server requires a password for the role and "
    "the one the client sends does not match.",
    "The server requires scram passwords for TCP logins; the CI job's DATABASE_URL carries a stale password for role "
    "app, so sequelize.authenticate() at boot fails with SequelizeConnectionError: password authentication failed "
    "and the app exits before listening.",
    pg(run({
        "package.json": pkg("express", "sequelize", "pg"),
        "app.js": '''
            const express = require('express');
            const { Sequelize, DataTypes } = require('sequelize');

            const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });
            const Task = sequelize.define('Task', { title: DataTypes.STRING, done: DataTypes.BOOLEAN });

            const app = express();
            app.use(express.json());
            app.get('/api/tasks', async (req, res) => res.json(await Task.findAll()));

            (async () => {
              try {
                await sequelize.authenticate();
                await sequelize.sync();
              } catch (err) {
                console.error('Unable to connect to the database:', err);
                process.exit(1);
              }
              app.listen(process.env.PORT, () => console.log(`tasks api on ${process.env.PORT}`));
            })();
        ''',
    }, "node app.js", stamp=True, env={"DATABASE_URL": "postgres://app:changeme@127.0.0.1:{PG_PORT}/app"}),
        password_auth=True),
    libs=("express", "sequelize", "pg"), fw="express", db="postgres",
    expect=r"password authentication failed for user \"app\"", code=("app.js",),
))

add(case(
    "fastify-sequelize-pg-database-missing", "startup.database", "pino-json",
    "https://thesev1database.com/errors/msg-database-does-not-exist-2/", "docs",
    "Connecting to a database name that was never created on the PostgreSQL server fails with 3D000 "
    "'database ... does not exist'; the ORM does not create the database itself.",
    "DATABASE_URL names shop_dev, which nobody created on the (running) server; sequelize.authenticate() in the "
    "startup code fails with SequelizeConnectionError: database \"shop_dev\" does not exist, logged by pino as fatal.",
    pg(serve({
        "package.json": pkg("fastify", "sequelize", "pg"),
        "app.js": '''
            const Fastify = require('fastify');
            const { Sequelize, DataTypes } = require('sequelize');

            const app = Fastify({ logger: true });
            const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });
            const Product = sequelize.define('Product', { name: DataTypes.STRING, price: DataTypes.DECIMAL(10, 2) });

            app.get('/api/products', async () => Product.findAll());

            async function start() {
              try {
                await sequelize.authenticate();
                await sequelize.sync();
                await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
              } catch (err) {
                app.log.fatal({ err }, 'startup failed');
                process.exit(1);
              }
            }
            start();
        ''',
    }, "node app.js", [{"path": "/api/products"}], env={"DATABASE_URL": "postgres://postgres@127.0.0.1:{PG_PORT}/shop_dev"},
        startup=8)),
    libs=("fastify", "sequelize", "pg", "pino"), fw="fastify", db="postgres",
    expect=r'database \\?"shop_dev\\?" does not exist', code=("app.js",),
))

add(case(
    "koa-knex-sqlite-cantopen-jest", "startup.database", "jest",
    "https://pgref.dev/sqlite/errors/sqlite-cantopen-unable-to-open-database", "docs",
    "SQLite cannot create a database file inside a directory that does not exist; opening such a path fails with "
    "SQLITE_CANTOPEN 'unable to open database file'.",
    "db.js points knex's sqlite3 filename at var/db/app.sqlite, a folder the project never creates; the jest "
    "suite's beforeAll schema setup fails with SQLITE_CANTOPEN: unable to open database file.",
    run({
        "package.json": pkg("koa", "@koa/router", "koa-bodyparser", "knex", "sqlite3", jest=True),
        "db.js": '''
            const path = require('path');

            const knex = require('knex')({
              client: 'sqlite3',
              connection: { filename: path.join(__dirname, 'var', 'db', 'app.sqlite') },
              useNullAsDefault: true,
            });

            async function migrate() {
              if (!(await knex.schema.hasTable('bookmarks'))) {
                await knex.schema.createTable('bookmarks', (t) => { t.increments('id'); t.string('url'); t.string('title'); });
              }
            }

            module.exports = { knex, migrate };
        ''',
        "app.js": '''
            const Koa = require('koa');
            const Router = require('@koa/router');
            const bodyParser = require('koa-bodyparser');
            const { knex } = require('./db');

            const app = new Koa();
            const router = new Router({ prefix: '/api' });
            router.get('/bookmarks', async (ctx) => { ctx.body = await knex('bookmarks'); });
            router.post('/bookmarks', async (ctx) => {
              const [id] = await knex('bookmarks').insert(ctx.request.body);
              ctx.status = 201;
              ctx.body = { id, ...ctx.request.body };
            });
            app.use(bodyParser()).use(router.routes());

            module.exports = app;
        ''',
        "app.test.js": '''
            const request = require('supertest');
            const app = require('./app');
            const { knex, migrate } = require('./db');

            beforeAll(() => migrate());
            afterAll(() => knex.destroy());

            test('creates a bookmark', async () => {
              const res = await request(app.callback()).post('/api/bookmarks').send({ url: 'https://nodejs.org', title: 'Node' });
              expect(res.status).toBe(201);
            });
        ''',
    }, "jest --ci --colors=false 2>&1", key="test_output"),
    libs=("koa", "@koa/router", "koa-bodyparser", "knex", "sqlite3", "jest", "supertest"), fw="koa", db="sqlite",
    expect=r"SQLITE_CANTOPEN", code=("app.js", "db.js"),
))

add(case(
    "express-sequelize-connection-refused-jest", "startup.database", "jest",
    "https://thesev1database.com/errors/msg-could-not-connect-to-server-connection-refused/", "docs",
    "Sequelize reports SequelizeConnectionRefusedError when the TCP connection to the database host and port is "
    "refused, i.e. no database server is listening where the configuration points.",
    "db.js falls back to postgres on a local port where no server runs (the test job never started one); the "
    "jest beforeAll authenticate() rejects with SequelizeConnectionRefusedError: connect ECONNREFUSED.",
    dead_port(run({
        "package.json": pkg("express", "sequelize", "pg", jest=True),
        "db.js": '''
            const { Sequelize, DataTypes } = require('sequelize');

            const url = process.env.DATABASE_URL || `postgres://postgres:postgres@127.0.0.1:${process.env.DB_PORT || 5432}/app_test`;
            const sequelize = new Sequelize(url, { logging: false });
            const Post = sequelize.define('Post', { title: DataTypes.STRING, body: DataTypes.TEXT });

            module.exports = { sequelize, Post };
        ''',
        "app.js": '''
            const express = require('express');
            const { Post } = require('./db');

            const app = express();
            app.use(express.json());
            app.get('/api/posts', async (req, res) => res.json(await Post.findAll()));
            app.post('/api/posts', async (req, res) => res.status(201).json(await Post.create(req.body)));

            module.exports = app;
        ''',
        "posts.test.js": '''
            const request = require('supertest');
            const app = require('./app');
            const { sequelize } = require('./db');

            beforeAll(async () => {
              await sequelize.authenticate();
              await sequelize.sync({ force: true });
            });
            afterAll(() => sequelize.close());

            test('lists posts', async () => {
              const res = await request(app).get('/api/posts');
              expect(res.status).toBe(200);
            });
        ''',
    }, "jest --ci --colors=false 2>&1", key="test_output", env={"DB_PORT": "{DEAD_PORT}", "DATABASE_URL": ""})),
    libs=("express", "sequelize", "pg", "jest", "supertest"), fw="express", db="postgres",
    expect=r"SequelizeConnectionRefusedError", code=("app.js", "db.js"),
))

# --------------------------------------------------------------------------------------------------
# startup.entrypoint
# --------------------------------------------------------------------------------------------------
add(case(
    "hono-eaddrinuse-ci", "startup.entrypoint.port", "ci-timestamp",
    "https://taourl.com/read-2405390.html", "qa",
    "EADDRINUSE means another process already holds the port the server tries to bind, typically a previous "
    "instance or another dev server still running.",
    "A process already listens on the job's port when the Hono app starts; @hono/node-server's listen emits an "
    "unhandled 'error' event, node prints 'listen EADDRINUSE: address already in use' and exits.",
    run({
        "package.json": pkg("hono", "@hono/node-server"),
        "app.js": '''
            const { serve } = require('@hono/node-server');
            const { Hono } = require('hono');

            const app = new Hono();
            app.get('/api/health', (c) => c.json({ status: 'ok' }));
            app.get('/api/version', (c) => c.json({ version: '1.4.2' }));

            serve({ fetch: app.fetch, port: Number(process.env.PORT) || 3000 }, (info) => {
              console.log(`Server is running on http://localhost:${info.port}`);
            });
        ''',
    }, "node app.js", stamp=True, hold_port=True),
    libs=("hono", "@hono/node-server"), fw="hono",
    expect=r"EADDRINUSE", code=("app.js",),
))

add(case(
    "fastify-start-defined-never-called-honcho", "startup.entrypoint", "compose-prefix",
    "https://bytearcher.com/articles/why-does-hello-world-exit-but-http-server-doesnt/", "blog",
    "A Node process exits as soon as nothing is left on the event loop; a server that is configured but whose "
    "listen() is never reached leaves nothing pending, so the process ends with status 0.",
    "server.js defines an async start() that would call app.listen(), but never invokes it; under honcho the web "
    "process prints its route table and exits with code 0, and nothing ever listens on the port.",
    run({
        "package.json": pkg("fastify"),
        "Procfile": "web: node server.js\n",
        ".env": "PORT={PORT}\n",
        "server.js": '''
            const Fastify = require('fastify');

            const app = Fastify({ logger: false });
            const tickets = [];

            app.get('/api/tickets', async () => tickets);
            app.post('/api/tickets', async (request, reply) => {
              const ticket = { id: tickets.length + 1, ...request.body, status: 'open' };
              tickets.push(ticket);
              return reply.code(201).send(ticket);
            });

            const start = async () => {
              try {
                await app.listen({ port: Number(process.env.PORT) || 3000, host: '0.0.0.0' });
              } catch (err) {
                app.log.error(err);
                process.exit(1);
              }
            };

            app.ready().then(() => console.log(app.printRoutes()));
        ''',
    }, "timeout 8 honcho start", fill=(".env",)),
    libs=("fastify", "honcho"), fw="fastify",
    expect=r"web\.1 stopped \(rc=0\)", code=("server.js",),
))

add(case(
    "koa-lowercase-port-env-harness", "startup.entrypoint.port", "harness-lines",
    "https://dev.to/ctrotech/10-things-nobody-tells-you-about-processenv-1o5b", "blog",
    "Environment variable names are case-sensitive on Linux: process.env.port is undefined when the platform sets "
    "PORT, so code that reads the lowercase name falls back to its default port.",
    "app.js listens on process.env.port || 3000; the harness (and any platform) sets PORT, so the server binds its "
    "fallback port and every harness request to PORT fails with 'fetch failed'.",
    with_client({
        "package.json": pkg("koa", "@koa/router", "koa-bodyparser"),
        "app.js": '''
            const Koa = require('koa');
            const Router = require('@koa/router');
            const bodyParser = require('koa-bodyparser');

            const app = new Koa();
            const router = new Router({ prefix: '/api' });
            const notes = [];

            router.get('/notes', (ctx) => { ctx.body = notes; });
            router.post('/notes', (ctx) => {
              const note = { id: notes.length + 1, text: ctx.request.body.text };
              notes.push(note);
              ctx.status = 201;
              ctx.body = note;
            });

            app.use(bodyParser()).use(router.routes());

            const port = process.env.port || 3000;
            app.listen(port, () => console.log(`notes api listening on ${port}`));
        ''',
        "tests/harness.js": HARNESS_JS,
        "tests/api.test.js": '''
            const { test, call, expectStatus, main } = require('./harness');

            test('create note', async () => {
              const res = await call('POST', '/api/notes', { json: { text: 'buy milk' } });
              expectStatus(res, 201, 'create note');
            });

            test('list notes', async () => {
              const res = await call('GET', '/api/notes');
              expectStatus(res, 200, 'list notes');
            });

            main();
        ''',
    }, "node app.js", "node tests/api.test.js", wait_port=False, grace=2.0),
    libs=("koa", "@koa/router", "koa-bodyparser"), fw="koa",
    expect=r"create_note failed: TypeError: fetch failed", code=("app.js",),
))

add(case(
    "jest-package-main-dist-not-built", "startup.entrypoint.run_script", "jest",
    "https://talkin.icu/blog/package-json-paths-wrong-fix", "blog",
    "require() of a package folder resolves through the \"main\" field of its package.json; when main names a "
    "build output that has not been produced, the folder cannot be resolved and require throws 'Cannot find module'.",
    "package.json's main is dist/index.js (tsc output) and the test requires the project root; the build was never "
    "run in the test job, so jest fails the suite with Cannot find module '..' before any test runs.",
    run({
        "package.json": pkg("express", "typescript", main="dist/index.js", scripts={"build": "tsc", "test": "jest"},
                            jest=True),
        "tsconfig.json": '{\n  "compilerOptions": {"target": "ES2020", "module": "commonjs", "outDir": "dist", "rootDir": "src", "esModuleInterop": true, "strict": false}\n}\n',
        "src/index.ts": '''
            import express from 'express';

            const app = express();
            app.use(express.json());

            const books: { id: number; title: string }[] = [];

            app.get('/api/books', (req, res) => res.json(books));
            app.post('/api/books', (req, res) => {
              const book = { id: books.length + 1, title: req.body.title };
              books.push(book);
              res.status(201).json(book);
            });

            export default app;
            module.exports = app;
        ''',
        "tests/books.test.js": '''
            const request = require('supertest');
            const app = require('..');

            test('lists books', async () => {
              await request(app).get('/api/books').expect(200);
            });
        ''',
    }, "jest --ci --colors=false 2>&1", key="test_output"),
    libs=("express", "typescript", "jest", "supertest"), fw="express",
    expect=r"Cannot find module '\.\.' from 'tests/books\.test\.js'", code=("package.json", "src/index.ts"),
))
