"""nodefill, data side: values that do not serialise as the client expects, and state that is lost or never stored."""

from __future__ import annotations

from _nodefill_kit import HARNESS_JS, case, pg, pkg, run, serve, with_client

CASES = []
add = CASES.append
JEST = "jest --ci --colors=false 2>&1"
MOCHA = "mocha --no-colors --exit 2>&1"

# --------------------------------------------------------------------------------------------------
# contract.serialization
# --------------------------------------------------------------------------------------------------
add(case(
    "hono-bigint-total-bytes", "contract.serialization.json_encode", "status-line",
    "https://jsondevtools.org/errors/bigint-not-serializable.html", "blog",
    "JSON.stringify throws 'Do not know how to serialize a BigInt' when any value in the object is a BigInt, "
    "because JSON numbers cannot carry 64-bit integers losslessly.",
    "The usage route sums file sizes with BigInt and returns the total through c.json(); JSON.stringify throws the "
    "BigInt TypeError inside the handler, Hono logs it and the client receives 500 Internal Server Error.",
    serve({
        "package.json": pkg("hono", "@hono/node-server"),
        "app.js": '''
            const { serve } = require('@hono/node-server');
            const { Hono } = require('hono');

            const files = [
              { id: 1, name: 'backup-2024-01.tar', size: '5368709120' },
              { id: 2, name: 'backup-2024-02.tar', size: '6442450944' },
            ];

            const app = new Hono();
            app.get('/api/storage/usage', (c) => {
              const totalBytes = files.reduce((sum, f) => sum + BigInt(f.size), 0n);
              return c.json({ files: files.length, totalBytes });
            });

            serve({ fetch: app.fetch, port: Number(process.env.PORT) }, (info) => console.log(`listening on ${info.port}`));
        ''',
    }, "node app.js", [{"path": "/api/storage/usage"}]),
    libs=("hono", "@hono/node-server"), fw="hono",
    expect=r"Do not know how to serialize a BigInt",
))

add(case(
    "fastify-webhook-echoes-request-circular", "contract.serialization.json_encode", "pino-json",
    "https://jsondevtools.org/blog/json-circular-reference.html", "blog",
    "Objects such as Node's request/socket hold references back to themselves, so JSON.stringify on them throws "
    "'Converting circular structure to JSON'.",
    "The webhook handler returns an object that embeds the Fastify request; Fastify serialises the reply with "
    "JSON.stringify (no response schema), which throws the circular-structure TypeError, logged by pino, and the "
    "sender gets 500.",
    serve({
        "package.json": pkg("fastify"),
        "app.js": '''
            const Fastify = require('fastify');

            const app = Fastify({ logger: true });
            const events = [];

            app.post('/api/webhooks/github', async (request, reply) => {
              const event = { id: events.length + 1, type: request.headers['x-github-event'], payload: request.body };
              events.push(event);
              reply.code(202);
              return { status: 'queued', event, receivedFrom: request };
            });

            app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
        ''',
    }, "node app.js", [{"method": "POST", "path": "/api/webhooks/github", "json": {"action": "opened"},
                         "headers": {"x-github-event": "issues"}}]),
    libs=("fastify", "pino"), fw="fastify",
    expect=r"Converting circular structure to JSON",
))

add(case(
    "fastify-response-schema-number-from-text-mocha", "contract.serialization.response_validation", "mocha",
    "https://socket.dev/npm/package/fast-json-stringify/diff/5.6.1", "docs",
    "With a response schema, Fastify serialises through fast-json-stringify, which coerces values to the declared "
    "type and throws when a value cannot be converted (e.g. a non-numeric string for a number property).",
    "The products table stores price as TEXT in a locale format ('12,50'); the route's response schema declares "
    "price as number, so serialisation throws 'The value \"12,50\" cannot be converted to a number' and the "
    "mocha test gets 500 instead of 200.",
    run({
        "package.json": pkg("fastify", "better-sqlite3", "mocha", "chai"),
        "app.js": '''
            const Fastify = require('fastify');
            const Database = require('better-sqlite3');

            function build() {
              const app = Fastify();
              const db = new Database(':memory:');
              db.exec("CREATE TABLE products (id INTEGER PRIMARY KEY, name TEXT, price TEXT)");
              db.prepare('INSERT INTO products (name, price) VALUES (?, ?)').run('Notebook', '12,50');

              app.get('/api/products/:id', {
                schema: {
                  response: {
                    200: {
                      type: 'object',
                      properties: { id: { type: 'integer' }, name: { type: 'string' }, price: { type: 'number' } },
                    },
                  },
                },
              }, async (request) => db.prepare('SELECT * FROM products WHERE id = ?').get(request.params.id));

              return app;
            }

            module.exports = build;
        ''',
        "test/products.test.js": '''
            const { expect } = require('chai');
            const build = require('../app');

            describe('GET /api/products/:id', () => {
              it('returns the product with a numeric price', async () => {
                const app = build();
                const res = await app.inject({ method: 'GET', url: '/api/products/1' });
                expect(res.statusCode, res.body).to.equal(200);
                expect(res.json().price).to.equal(12.5);
              });
            });
        ''',
    }, MOCHA, key="test_output"),
    libs=("fastify", "better-sqlite3", "mocha", "chai"), fw="fastify", db="sqlite",
    expect=r"cannot be converted to a number",
))

add(case(
    "hono-sqlite-timestamp-read-as-local-time", "contract.serialization.json_encode", "harness-lines",
    "https://gitea.sylo.top/git-sync/profilarr/commit/7c1952d264406fedf15461daa6e3f34df0bc96bd?files=docs", "docs",
    "SQLite's CURRENT_TIMESTAMP/datetime() text is UTC without an offset ('YYYY-MM-DD HH:MM:SS'); JavaScript's Date "
    "parses a date-time string without an offset as local time, so the value shifts by the server's UTC offset.",
    "The server runs with TZ=America/New_York; app.js turns the stored '2024-03-01 12:00:00' into new Date(...) "
    "before c.json(), so the API emits 17:00Z and the harness reports the createdAt mismatch.",
    with_client({
        "package.json": pkg("hono", "@hono/node-server", "better-sqlite3"),
        "app.js": '''
            const { serve } = require('@hono/node-server');
            const { Hono } = require('hono');
            const Database = require('better-sqlite3');

            const db = new Database(':memory:');
            db.exec(`CREATE TABLE events (id INTEGER PRIMARY KEY, title TEXT, created_at TEXT DEFAULT CURRENT_TIMESTAMP)`);
            db.prepare('INSERT INTO events (title, created_at) VALUES (?, ?)').run('launch', '2024-03-01 12:00:00');

            const toApi = (row) => ({ id: row.id, title: row.title, createdAt: new Date(row.created_at) });

            const app = new Hono();
            app.get('/api/events/:id', (c) => {
              const row = db.prepare('SELECT * FROM events WHERE id = ?').get(c.req.param('id'));
              return row ? c.json(toApi(row)) : c.json({ error: 'not found' }, 404);
            });

            serve({ fetch: app.fetch, port: Number(process.env.PORT) });
        ''',
        "tests/harness.js": HARNESS_JS,
        "tests/events.test.js": '''
            const { test, call, expectStatus, expectEqual, main } = require('./harness');

            test('event keeps its UTC timestamp', async () => {
              const res = await call('GET', '/api/events/1');
              expectStatus(res, 200, 'get event');
              expectEqual(res.body.createdAt, '2024-03-01T12:00:00.000Z', 'createdAt');
            });

            main();
        ''',
    }, "node app.js", "node tests/events.test.js", env={"TZ": "America/New_York"}),
    libs=("hono", "@hono/node-server", "better-sqlite3"), fw="hono", db="sqlite",
    expect=r'Expected createdAt to be "2024-03-01T12:00:00.000Z" but got "2024-03-01T17:00:00.000Z"',
))

add(case(
    "express-tojson-returns-string-jest", "contract.serialization.json_encode", "jest",
    "https://javascript-ac.pages.dev/en/reference/json-tojson", "blog",
    "JSON.stringify serialises whatever toJSON() returns; a toJSON that returns a JSON string (instead of a plain "
    "object) gets that string quoted again, so the field arrives as a string.",
    "Money.toJSON() returns JSON.stringify({...}); res.json() then emits price as the string "
    "'{\"amount\":1999,...}', and the jest test reading price.amount gets undefined.",
    run({
        "package.json": pkg("express", "jest", "supertest", jest=True),
        "money.js": '''
            class Money {
              constructor(amount, currency = 'EUR') {
                this.amount = amount;
                this.currency = currency;
              }

              toJSON() {
                return JSON.stringify({ amount: this.amount, currency: this.currency });
              }
            }

            module.exports = Money;
        ''',
        "app.js": '''
            const express = require('express');
            const Money = require('./money');

            const app = express();
            const products = [{ id: 1, name: 'Desk lamp', price: new Money(1999) }];

            app.get('/api/products/:id', (req, res) => {
              const product = products.find((p) => p.id === Number(req.params.id));
              if (!product) return res.status(404).json({ error: 'not found' });
              res.json(product);
            });

            module.exports = app;
        ''',
        "products.test.js": '''
            const request = require('supertest');
            const app = require('./app');

            test('price is an amount in cents with a currency', async () => {
              const res = await request(app).get('/api/products/1').expect(200);
              expect(res.body.price.amount).toBe(1999);
              expect(res.body.price.currency).toBe('EUR');
            });
        ''',
    }, JEST, key="test_output"),
    libs=("express", "jest", "supertest"), fw="express",
    expect=r"Received: undefined", code=("app.js", "money.js"),
))

add(case(
    "koa-knex-pg-count-string-mocha", "contract.serialization.json_encode", "mocha",
    "https://practicaldev-herokuapp-com.freetls.fastly.net/yogski/int8-becomes-string-in-postgresql-nodejs-3j8g", "blog",
    "node-postgres returns PostgreSQL int8 values (which COUNT(*) produces) as JavaScript strings, because a "
    "64-bit integer does not fit a JS number safely; the JSON response then carries a string.",
    "The stats route returns knex's count('* as total') row as is; on PostgreSQL the count is the string '3', so "
    "the mocha assertion expected '3' to equal 3 fails.",
    pg(run({
        "package.json": pkg("koa", "@koa/router", "knex", "pg", "mocha", "chai", "supertest"),
        "db.js": '''
            const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
            module.exports = knex;
        ''',
        "app.js": '''
            const Koa = require('koa');
            const Router = require('@koa/router');
            const knex = require('./db');

            const app = new Koa();
            const router = new Router({ prefix: '/api' });

            router.get('/orders/stats', async (ctx) => {
              const [{ total }] = await knex('orders').count('* as total');
              ctx.body = { total };
            });

            app.use(router.routes());
            module.exports = app;
        ''',
        "test/stats.test.js": '''
            const request = require('supertest');
            const { expect } = require('chai');
            const app = require('../app');
            const knex = require('../db');

            describe('GET /api/orders/stats', () => {
              before(async () => {
                await knex.schema.dropTableIfExists('orders');
                await knex.schema.createTable('orders', (t) => { t.increments('id'); t.string('sku'); });
                await knex('orders').insert([{ sku: 'A-1' }, { sku: 'B-2' }, { sku: 'C-3' }]);
              });
              after(() => knex.destroy());

              it('counts the orders', async () => {
                const res = await request(app.callback()).get('/api/orders/stats').expect(200);
                expect(res.body.total).to.equal(3);
              });
            });
        ''',
    }, MOCHA, key="test_output")),
    libs=("koa", "@koa/router", "knex", "pg", "mocha", "chai", "supertest"), fw="koa", db="postgres",
    expect=r"expected '3' to equal 3", code=("app.js", "db.js"),
))

add(case(
    "express-average-nan-becomes-null-ci", "contract.serialization.json_encode", "ci-timestamp",
    "https://jsondevtools.org/blog/json-nan-infinity.html", "blog",
    "JSON has no NaN or Infinity: JSON.stringify writes them as null, so a computation that yields NaN silently "
    "reaches the client as null.",
    "The rating summary divides the sum of ratings by their count; for a product without reviews that is 0/0 = NaN, "
    "which res.json() writes as null, and the CI harness expecting averageRating 0 reports null.",
    with_client({
        "package.json": pkg("express"),
        "app.js": '''
            const express = require('express');

            const app = express();
            const reviews = [
              { productId: 1, rating: 4 },
              { productId: 1, rating: 5 },
            ];

            app.get('/api/products/:id/rating', (req, res) => {
              const mine = reviews.filter((r) => r.productId === Number(req.params.id));
              const sum = mine.reduce((acc, r) => acc + r.rating, 0);
              res.json({ productId: Number(req.params.id), reviews: mine.length, averageRating: sum / mine.length });
            });

            app.listen(process.env.PORT, () => console.log(`reviews api on ${process.env.PORT}`));
        ''',
        "tests/harness.js": HARNESS_JS,
        "tests/rating.test.js": '''
            const { test, call, expectStatus, expectEqual, main } = require('./harness');

            test('rating of a reviewed product', async () => {
              const res = await call('GET', '/api/products/1/rating');
              expectStatus(res, 200, 'get rating');
              expectEqual(res.body.averageRating, 4.5, 'averageRating');
            });

            test('rating of a product without reviews', async () => {
              const res = await call('GET', '/api/products/2/rating');
              expectStatus(res, 200, 'get rating');
              expectEqual(res.body.averageRating, 0, 'averageRating');
            });

            main();
        ''',
    }, "node app.js", "node tests/rating.test.js", client_stamp=True),
    libs=("express",), fw="express",
    expect=r"Expected averageRating to be 0 but got null",
))

# --------------------------------------------------------------------------------------------------
# logic.state
# --------------------------------------------------------------------------------------------------
add(case(
    "express-session-memorystore-cluster-workers", "logic.state.identifier_lost", "harness-lines",
    "https://app.studyraid.com/en/read/12376/399635/load-balancing-with-sessions", "blog",
    "express-session's default MemoryStore keeps sessions inside one process; with several processes behind one "
    "port, a request served by another process does not find the session and the user looks logged out.",
    "app.js forks two cluster workers that each create their own MemoryStore; the login is served by one worker and "
    "the next request by the other, so GET /api/me answers 401 with a valid session cookie.",
    with_client({
        "package.json": pkg("express", "express-session"),
        "app.js": '''
            const cluster = require('cluster');
            const express = require('express');
            const session = require('express-session');

            if (cluster.isPrimary) {
              cluster.schedulingPolicy = cluster.SCHED_RR;
              for (let i = 0; i < 2; i++) cluster.fork();
              cluster.on('online', (w) => console.log(`worker ${w.process.pid} online`));
            } else {
              const app = express();
              app.use(express.json());
              app.use(session({ secret: 'dev-secret', resave: false, saveUninitialized: false }));

              app.post('/api/login', (req, res) => {
                req.session.user = { email: req.body.email };
                res.json({ ok: true, worker: process.pid });
              });
              app.get('/api/me', (req, res) => {
                if (!req.session.user) return res.status(401).json({ error: 'not logged in', worker: process.pid });
                res.json({ user: req.session.user, worker: process.pid });
              });

              app.listen(process.env.PORT, () => console.log(`worker ${process.pid} listening on ${process.env.PORT}`));
            }
        ''',
        "tests/harness.js": HARNESS_JS,
        "tests/session.test.js": '''
            const { test, call, expectStatus, main } = require('./harness');

            test('login then read the profile', async () => {
              const login = await call('POST', '/api/login', { json: { email: 'ada@example.com' } });
              expectStatus(login, 200, 'login');
              const cookie = (login.headers.get('set-cookie') || '').split(';')[0];
              const me = await call('GET', '/api/me', { cookie });
              expectStatus(me, 200, 'get current user');
            });

            main();
        ''',
    }, "node app.js", "sleep 1; node tests/session.test.js"),
    libs=("express", "express-session"), fw="express",
    expect=r"Expected 200 but got 401 for get current user",
))

add(case(
    "express-session-cookie-path-scoped-jest", "logic.state.identifier_lost", "jest",
    "https://taourl.com/read-3471536.html", "qa",
    "A session cookie's Path attribute decides which request paths it is sent back with; scoped to one path "
    "(here /api/auth), it is missing from requests to other routes and the session is lost there.",
    "The session middleware sets cookie.path to '/api/auth'; supertest's agent, like a browser, sends the cookie "
    "only under that path, and express-session does not attach req.session to requests outside it, so the cart "
    "call after a successful login fails (500) instead of seeing the logged-in user.",
    run({
        "package.json": pkg("express", "express-session", "jest", "supertest", jest=True),
        "app.js": '''
            const express = require('express');
            const session = require('express-session');

            const app = express();
            app.use(express.json());
            app.use(session({
              secret: 'change-me',
              resave: false,
              saveUninitialized: false,
              cookie: { path: '/api/auth', httpOnly: true, sameSite: 'lax' },
            }));

            app.post('/api/auth/login', (req, res) => {
              req.session.userId = 42;
              res.json({ ok: true });
            });

            app.get('/api/cart', (req, res) => {
              if (!req.session.userId) return res.status(401).json({ error: 'login required' });
              res.json({ userId: req.session.userId, items: [] });
            });

            module.exports = app;
        ''',
        "cart.test.js": '''
            const request = require('supertest');
            const app = require('./app');

            test('logged-in user sees the cart', async () => {
              const agent = request.agent(app);
              await agent.post('/api/auth/login').send({ email: 'ada@example.com', password: 'pw' }).expect(200);
              await agent.get('/api/cart').expect(200);
            });
        ''',
    }, JEST, key="test_output"),
    libs=("express", "express-session", "jest", "supertest"), fw="express",
    expect=r'expected 200 "OK", got 500 "Internal Server Error"',
))

add(case(
    "express-pg-client-end-without-commit-mocha", "logic.state.not_persisted", "mocha",
    "https://node-postgres.com/features/transactions/", "docs",
    "node-postgres has no transaction helper: the application issues BEGIN/COMMIT/ROLLBACK itself on one client; "
    "a transaction that is opened but never committed is rolled back when the connection closes.",
    "POST /api/transfers runs BEGIN and two statements on its own client, then ends the client without COMMIT and "
    "answers 201; the transaction is rolled back, so the follow-up GET finds no transfer and the mocha test fails.",
    pg(run({
        "package.json": pkg("express", "pg", "mocha", "chai", "supertest"),
        "app.js": '''
            const express = require('express');
            const { Client, Pool } = require('pg');

            const pool = new Pool({ connectionString: process.env.DATABASE_URL });
            const app = express();
            app.use(express.json());

            app.post('/api/transfers', async (req, res) => {
              const { from, to, amount } = req.body;
              const client = new Client({ connectionString: process.env.DATABASE_URL });
              await client.connect();
              await client.query('BEGIN');
              const { rows } = await client.query(
                'INSERT INTO transfers (from_account, to_account, amount) VALUES ($1, $2, $3) RETURNING id', [from, to, amount]);
              await client.query('UPDATE accounts SET balance = balance - $1 WHERE id = $2', [amount, from]);
              await client.end();
              res.status(201).json({ id: rows[0].id, from, to, amount });
            });

            app.get('/api/transfers/:id', async (req, res) => {
              const { rows } = await pool.query('SELECT * FROM transfers WHERE id = $1', [req.params.id]);
              if (!rows.length) return res.status(404).json({ error: 'transfer not found' });
              res.json(rows[0]);
            });

            module.exports = { app, pool };
        ''',
        "test/transfers.test.js": '''
            const request = require('supertest');
            const { expect } = require('chai');
            const { app, pool } = require('../app');

            describe('transfers', () => {
              before(async () => {
                await pool.query('CREATE TABLE accounts (id int PRIMARY KEY, balance int NOT NULL)');
                await pool.query('CREATE TABLE transfers (id serial PRIMARY KEY, from_account int, to_account int, amount int)');
                await pool.query('INSERT INTO accounts VALUES (1, 100), (2, 0)');
              });
              after(() => pool.end());

              it('stores a transfer', async () => {
                const created = await request(app).post('/api/transfers').send({ from: 1, to: 2, amount: 30 }).expect(201);
                const res = await request(app).get(`/api/transfers/${created.body.id}`);
                expect(res.status, JSON.stringify(res.body)).to.equal(200);
              });
            });
        ''',
    }, MOCHA, key="test_output")),
    libs=("express", "pg", "mocha", "chai", "supertest"), fw="express", db="postgres",
    expect=r"transfer not found",
))

add(case(
    "koa-sequelize-unmanaged-tx-never-committed", "logic.state.not_persisted", "harness-lines",
    "https://www.bookstack.cn/read/sequelize-v5/spilt.4.e5d7b555fba4bcf2.md", "docs",
    "An unmanaged Sequelize transaction (sequelize.transaction() without a callback) is only committed when the "
    "code calls t.commit(); otherwise its writes stay invisible and are eventually rolled back.",
    "POST /api/orders creates the order inside an unmanaged transaction and replies 201 without t.commit(); the "
    "harness's follow-up list (another pooled connection) does not see the order and reports 0 orders.",
    pg(with_client({
        "package.json": pkg("koa", "@koa/router", "koa-bodyparser", "sequelize", "pg"),
        "app.js": '''
            const Koa = require('koa');
            const Router = require('@koa/router');
            const bodyParser = require('koa-bodyparser');
            const { Sequelize, DataTypes } = require('sequelize');

            const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });
            const Order = sequelize.define('Order', { sku: DataTypes.STRING, quantity: DataTypes.INTEGER });

            const app = new Koa();
            const router = new Router({ prefix: '/api' });

            router.post('/orders', async (ctx) => {
              const t = await sequelize.transaction();
              try {
                const order = await Order.create(ctx.request.body, { transaction: t });
                ctx.status = 201;
                ctx.body = order;
              } catch (err) {
                await t.rollback();
                throw err;
              }
            });

            router.get('/orders', async (ctx) => { ctx.body = await Order.findAll(); });

            app.use(bodyParser()).use(router.routes());
            sequelize.sync({ force: true }).then(() => app.listen(process.env.PORT, () => console.log('orders api ready')));
        ''',
        "tests/harness.js": HARNESS_JS,
        "tests/orders.test.js": '''
            const { test, call, expectStatus, expectEqual, main } = require('./harness');

            test('created order is listed', async () => {
              const created = await call('POST', '/api/orders', { json: { sku: 'KB-01', quantity: 2 } });
              expectStatus(created, 201, 'create order');
              const list = await call('GET', '/api/orders');
              expectStatus(list, 200, 'list orders');
              expectEqual(list.body.length, 1, 'number of orders');
            });

            main();
        ''',
    }, "node app.js", "node tests/orders.test.js", startup=15)),
    libs=("koa", "@koa/router", "koa-bodyparser", "sequelize", "pg"), fw="koa", db="postgres",
    expect=r"Expected number of orders to be 1 but got 0",
))

add(case(
    "koa-better-sqlite3-memory-db-per-request-jest", "logic.state.not_persisted", "jest",
    "https://w3cschool.cn/doc_sqlite/sqlite-inmemorydb.html", "docs",
    "Every ':memory:' SQLite database is private to the connection that opened it; a second connection opened with "
    "the same name gets a new, empty database.",
    "db.js's getDb() opens new Database(':memory:') (and creates the table) on every call, and each handler calls "
    "it; the POST writes into one throwaway database and the GET reads another, so the list is empty.",
    run({
        "package.json": pkg("koa", "@koa/router", "koa-bodyparser", "better-sqlite3", "jest", "supertest", jest=True),
        "db.js": '''
            const Database = require('better-sqlite3');

            function getDb() {
              const db = new Database(':memory:');
              db.exec('CREATE TABLE IF NOT EXISTS contacts (id INTEGER PRIMARY KEY, name TEXT NOT NULL, email TEXT)');
              return db;
            }

            module.exports = { getDb };
        ''',
        "app.js": '''
            const Koa = require('koa');
            const Router = require('@koa/router');
            const bodyParser = require('koa-bodyparser');
            const { getDb } = require('./db');

            const app = new Koa();
            const router = new Router({ prefix: '/api' });

            router.post('/contacts', (ctx) => {
              const { name, email } = ctx.request.body;
              const info = getDb().prepare('INSERT INTO contacts (name, email) VALUES (?, ?)').run(name, email);
              ctx.status = 201;
              ctx.body = { id: info.lastInsertRowid, name, email };
            });

            router.get('/contacts', (ctx) => {
              ctx.body = getDb().prepare('SELECT * FROM contacts').all();
            });

            app.use(bodyParser()).use(router.routes());
            module.exports = app;
        ''',
        "contacts.test.js": '''
            const request = require('supertest');
            const app = require('./app');

            test('a created contact is listed', async () => {
              const server = app.callback();
              await request(server).post('/api/contacts').send({ name: 'Ada', email: 'ada@example.com' }).expect(201);
              const res = await request(server).get('/api/contacts').expect(200);
              expect(res.body).toHaveLength(1);
            });
        ''',
    }, JEST, key="test_output"),
    libs=("koa", "@koa/router", "koa-bodyparser", "better-sqlite3", "jest", "supertest"), fw="koa", db="sqlite",
    expect=r"Expected length: 1", code=("app.js", "db.js"),
))

add(case(
    "fastify-sequelize-set-without-save-mocha", "logic.state.not_persisted", "mocha",
    "https://sequelize-site.netlify.app/docs/v7/querying/update", "docs",
    "Assigning to a Sequelize instance's attribute only changes the object in memory; the row is updated only when "
    "save() (or update()) is called.",
    "PUT /api/profile assigns profile.bio and returns the instance without save(); the response looks updated, but "
    "the next GET reloads the old bio from SQLite and the mocha assertion fails.",
    run({
        "package.json": pkg("fastify", "sequelize", "sqlite3", "mocha", "chai"),
        "app.js": '''
            const Fastify = require('fastify');
            const { Sequelize, DataTypes } = require('sequelize');

            async function build() {
              const sequelize = new Sequelize('sqlite::memory:', { logging: false });
              const Profile = sequelize.define('Profile', { username: DataTypes.STRING, bio: DataTypes.TEXT });
              await sequelize.sync();
              await Profile.create({ username: 'ada', bio: 'mathematician' });

              const app = Fastify();
              app.get('/api/profiles/:username', async (request) => Profile.findOne({ where: { username: request.params.username } }));
              app.put('/api/profiles/:username', async (request, reply) => {
                const profile = await Profile.findOne({ where: { username: request.params.username } });
                if (!profile) return reply.code(404).send({ error: 'not found' });
                profile.bio = request.body.bio;
                return profile;
              });
              return app;
            }

            module.exports = build;
        ''',
        "test/profile.test.js": '''
            const { expect } = require('chai');
            const build = require('../app');

            describe('profile bio', () => {
              it('keeps the updated bio', async () => {
                const app = await build();
                const put = await app.inject({ method: 'PUT', url: '/api/profiles/ada', payload: { bio: 'first programmer' } });
                expect(put.statusCode).to.equal(200);
                const get = await app.inject({ method: 'GET', url: '/api/profiles/ada' });
                expect(get.json().bio).to.equal('first programmer');
              });
            });
        ''',
    }, MOCHA, key="test_output"),
    libs=("fastify", "sequelize", "sqlite3", "mocha", "chai"), fw="fastify", db="sqlite",
    expect=r"expected 'mathematician' to equal 'first programmer'",
))

add(case(
    "express-sqlite3-lastid-arrow-callback", "logic.state.identifier_lost", "status-line",
    "https://cnblogs.com/bfjdbcs/p/12256788.html", "blog",
    "node-sqlite3 passes lastID and changes to the run() callback through `this`, which only works with a regular "
    "function; an arrow function has no own `this`, so the id is undefined.",
    "POST /api/links uses an arrow callback and reads this.lastID, so it answers 201 without an id; the client's "
    "follow-up GET /api/links/undefined returns 404 although the row was stored.",
    serve({
        "package.json": pkg("express", "sqlite3"),
        "app.js": '''
            const express = require('express');
            const sqlite3 = require('sqlite3');

            const db = new sqlite3.Database('links.db');
            db.run('CREATE TABLE IF NOT EXISTS links (id INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, title TEXT)');

            const app = express();
            app.use(express.json());

            app.post('/api/links', (req, res) => {
              const { url, title } = req.body;
              db.run('INSERT INTO links (url, title) VALUES (?, ?)', [url, title], (err) => {
                if (err) return res.status(500).json({ error: err.message });
                res.status(201).json({ id: this.lastID, url, title });
              });
            });

            app.get('/api/links/:id', (req, res) => {
              db.get('SELECT * FROM links WHERE id = ?', [req.params.id], (err, row) => {
                if (err) return res.status(500).json({ error: err.message });
                if (!row) return res.status(404).json({ error: 'link not found' });
                res.json(row);
              });
            });

            app.listen(process.env.PORT, () => console.log(`links api on ${process.env.PORT}`));
        ''',
    }, "node app.js", [{"method": "POST", "path": "/api/links", "json": {"url": "https://nodejs.org", "title": "Node"}},
                       {"path": "/api/links/undefined"}]),
    libs=("express", "sqlite3"), fw="express", db="sqlite",
    expect=r"GET /api/links/undefined -> 404",
))
