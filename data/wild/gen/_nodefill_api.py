"""nodefill, API side: endpoints that were never finished, and responses shaped differently from the contract."""

from __future__ import annotations

from _nodefill_kit import HARNESS_JS, case, pg, pkg, run, serve, with_client

CASES = []
add = CASES.append

# --------------------------------------------------------------------------------------------------
# incomplete.endpoint
# --------------------------------------------------------------------------------------------------
add(case(
    "express-delete-route-never-written-ci", "incomplete.endpoint.missing", "ci-timestamp",
    "https://jsschools.com/express/404-routes", "blog",
    "When no route matches a method and path, Express's final handler answers 404 with the page 'Cannot <METHOD> "
    "<path>'.",
    "The todo API registers GET, POST and PATCH but the DELETE route the spec lists was never written; the CI "
    "harness's delete step gets 404 'Cannot DELETE /api/todos/1'.",
    with_client({
        "package.json": pkg("express"),
        "app.js": '''
            const express = require('express');

            const app = express();
            app.use(express.json());
            const todos = [];

            app.get('/api/todos', (req, res) => res.json(todos));
            app.post('/api/todos', (req, res) => {
              const todo = { id: todos.length + 1, title: req.body.title, done: false };
              todos.push(todo);
              res.status(201).json(todo);
            });
            app.patch('/api/todos/:id', (req, res) => {
              const todo = todos.find((t) => t.id === Number(req.params.id));
              if (!todo) return res.status(404).json({ error: 'not found' });
              Object.assign(todo, req.body);
              res.json(todo);
            });

            app.listen(process.env.PORT, () => console.log(`todo api on ${process.env.PORT}`));
        ''',
        "tests/harness.js": HARNESS_JS,
        "tests/todos.test.js": '''
            const { test, call, expectStatus, main } = require('./harness');

            test('create todo', async () => {
              expectStatus(await call('POST', '/api/todos', { json: { title: 'write docs' } }), 201, 'create todo');
            });

            test('delete todo', async () => {
              expectStatus(await call('DELETE', '/api/todos/1'), 204, 'delete todo');
            });

            main();
        ''',
    }, "node app.js", "node tests/todos.test.js", client_stamp=True),
    libs=("express",), fw="express",
    expect=r"Expected 204 but got 404 for delete todo",
))

add(case(
    "fastify-cancel-handler-todo-stub-harness", "incomplete.endpoint.stub", "harness-lines",
    "https://jsschools.com/fastify/async-handlers", "blog",
    "In Fastify an async handler's return value is the response; a handler left as a TODO that only looks the "
    "record up and returns nothing does none of the work the endpoint promises.",
    "The cancel-order handler is a TODO stub: an async function that fetches the order and returns nothing, so "
    "Fastify answers an empty 200 and the order stays 'paid'; the harness reports the status mismatch.",
    with_client({
        "package.json": pkg("fastify"),
        "app.js": '''
            const Fastify = require('fastify');

            const app = Fastify({ logger: true });
            const orders = new Map([[1, { id: 1, status: 'paid', items: 2 }]]);

            app.get('/api/orders/:id', async (request, reply) => {
              const order = orders.get(Number(request.params.id));
              return order || reply.code(404).send({ error: 'not found' });
            });

            app.post('/api/orders/:id/cancel', async (request, reply) => {
              const order = orders.get(Number(request.params.id));
              // TODO: mark the order cancelled, refund the payment and notify the warehouse
            });

            app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
        ''',
        "tests/harness.js": HARNESS_JS,
        "tests/orders.test.js": '''
            const { test, call, expectStatus, expectEqual, main } = require('./harness');

            test('cancel order', async () => {
              const res = await call('POST', '/api/orders/1/cancel', { json: {} });
              expectStatus(res, 200, 'cancel order');
              const order = await call('GET', '/api/orders/1');
              expectEqual(order.body.status, 'cancelled', 'order status');
            });

            main();
        ''',
    }, "node app.js", "node tests/orders.test.js"),
    libs=("fastify", "pino"), fw="fastify",
    expect=r'Expected order status to be "cancelled" but got "paid"',
))

add(case(
    "koa-password-reset-501-stub", "incomplete.endpoint.stub", "status-line",
    "https://aarunyaapps.com/http-status/501", "docs",
    "501 Not Implemented says the server does not support the functionality needed to fulfil the request; a "
    "placeholder handler that answers it marks a feature that was never built.",
    "The password-reset route was generated as a placeholder that sets ctx.status = 501; the client asking for a "
    "reset email gets 501 Not Implemented instead of 202.",
    serve({
        "package.json": pkg("koa", "@koa/router", "koa-bodyparser"),
        "app.js": '''
            const Koa = require('koa');
            const Router = require('@koa/router');
            const bodyParser = require('koa-bodyparser');

            const app = new Koa();
            const router = new Router({ prefix: '/api/auth' });
            const users = new Map([['ada@example.com', { id: 1, email: 'ada@example.com' }]]);

            router.post('/login', (ctx) => {
              const user = users.get(ctx.request.body.email);
              if (!user) ctx.throw(401, 'invalid credentials');
              ctx.body = { token: `token-${user.id}` };
            });

            router.post('/password-reset', (ctx) => {
              // Password reset flow is not implemented yet
              ctx.status = 501;
              ctx.body = { error: 'Not implemented' };
            });

            app.use(bodyParser()).use(router.routes()).use(router.allowedMethods());
            app.listen(process.env.PORT, () => console.log(`auth api on ${process.env.PORT}`));
        ''',
    }, "node app.js", [{"method": "POST", "path": "/api/auth/password-reset", "json": {"email": "ada@example.com"}}]),
    libs=("koa", "@koa/router", "koa-bodyparser"), fw="koa",
    expect=r"-> 501 Not Implemented",
))

add(case(
    "express-dashboard-stats-empty-object-jest", "incomplete.endpoint.stub", "jest",
    "https://cheatsheet.today/s/rest-api-best-practices-antipatterns?view=detailed", "blog",
    "A stub handler that returns an empty object answers 200 and looks successful, while none of the fields the "
    "contract promises are there.",
    "GET /api/dashboard/stats was left as res.json({}) with a TODO; jest's contract test sees 200 but "
    "'Expected path: \"totalUsers\"' is missing from the body.",
    run({
        "package.json": pkg("express", "jest", "supertest", jest=True),
        "app.js": '''
            const express = require('express');

            const app = express();
            app.use(express.json());
            const users = [{ id: 1 }, { id: 2 }];
            const orders = [{ id: 1, total: 40 }, { id: 2, total: 25 }];

            app.get('/api/users', (req, res) => res.json(users));
            app.get('/api/orders', (req, res) => res.json(orders));

            app.get('/api/dashboard/stats', (req, res) => {
              // TODO: aggregate totals for the dashboard cards
              res.json({});
            });

            module.exports = app;
        ''',
        "stats.test.js": '''
            const request = require('supertest');
            const app = require('./app');

            test('dashboard stats', async () => {
              const res = await request(app).get('/api/dashboard/stats').expect(200);
              expect(res.body).toHaveProperty('totalUsers', 2);
              expect(res.body).toHaveProperty('totalRevenue', 65);
            });
        ''',
    }, "jest --ci --colors=false 2>&1", key="test_output"),
    libs=("express", "jest", "supertest"), fw="express",
    expect=r'Expected path: "totalUsers"',
))

# --------------------------------------------------------------------------------------------------
# contract.shape
# --------------------------------------------------------------------------------------------------
add(case(
    "koa-list-wrapped-in-items-mocha", "contract.shape.wrapping", "mocha",
    "https://library-d7m.pages.dev/api-design-patterns/pagination-and-filtering/response-envelopes-and-metadata", "blog",
    "List endpoints wrap their array in an envelope chosen by the API; a client written against one envelope key "
    "(data) reads undefined when the server uses another (items).",
    "The products route answers { items, total } while the frontend contract and the mocha test read body.data; "
    "the test fails with expected undefined to be an array.",
    run({
        "package.json": pkg("koa", "@koa/router", "mocha", "chai", "supertest"),
        "app.js": '''
            const Koa = require('koa');
            const Router = require('@koa/router');

            const app = new Koa();
            const router = new Router({ prefix: '/api' });
            const products = [
              { id: 1, name: 'Keyboard', price: 49 },
              { id: 2, name: 'Mouse', price: 19 },
            ];

            router.get('/products', (ctx) => {
              const page = Number(ctx.query.page) || 1;
              ctx.body = { items: products, total: products.length, page };
            });

            app.use(router.routes());
            module.exports = app;
        ''',
        "test/products.test.js": '''
            const request = require('supertest');
            const { expect } = require('chai');
            const app = require('../app');

            describe('GET /api/products', () => {
              it('returns the products under data', async () => {
                const res = await request(app.callback()).get('/api/products').expect(200);
                expect(res.body.data).to.be.an('array').with.lengthOf(2);
              });
            });
        ''',
    }, "mocha --no-colors 2>&1", key="test_output"),
    libs=("koa", "@koa/router", "mocha", "chai", "supertest"), fw="koa",
    expect=r"expected undefined to be an array",
))

add(case(
    "fastify-pg-rows-snake-case-harness", "contract.shape.missing_field", "harness-lines",
    "https://mericsson.com/2019-03-07-postgres-and-snake-case", "blog",
    "node-postgres returns each row with the column names as keys, so snake_case columns reach a JSON response as "
    "snake_case unless the code maps them to the camelCase names a JavaScript client expects.",
    "GET /api/users/:id returns the pg row as is (first_name, last_name, created_at); the harness, written against "
    "the camelCase contract, reports firstName undefined.",
    pg(with_client({
        "package.json": pkg("fastify", "pg"),
        "app.js": '''
            const Fastify = require('fastify');
            const { Pool } = require('pg');

            const pool = new Pool({ connectionString: process.env.DATABASE_URL });
            const app = Fastify({ logger: false });

            app.get('/api/users/:id', async (request, reply) => {
              const { rows } = await pool.query('SELECT id, first_name, last_name, created_at FROM users WHERE id = $1', [request.params.id]);
              if (!rows.length) return reply.code(404).send({ error: 'not found' });
              return rows[0];
            });

            async function start() {
              await pool.query(`CREATE TABLE IF NOT EXISTS users (id serial PRIMARY KEY, first_name text, last_name text,
                                created_at timestamptz DEFAULT now())`);
              await pool.query("INSERT INTO users (first_name, last_name) VALUES ('Ada', 'Lovelace')");
              await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
              console.log('users api ready');
            }
            start();
        ''',
        "tests/harness.js": HARNESS_JS,
        "tests/users.test.js": '''
            const { test, call, expectStatus, expectEqual, main } = require('./harness');

            test('get user profile', async () => {
              const res = await call('GET', '/api/users/1');
              expectStatus(res, 200, 'get user');
              expectEqual(res.body.firstName, 'Ada', 'user.firstName');
            });

            main();
        ''',
    }, "node app.js", "node tests/users.test.js")),
    libs=("fastify", "pg"), fw="fastify", db="postgres",
    expect=r'Expected user\.firstName to be "Ada" but got undefined',
))

add(case(
    "express-cart-total-tofixed-string-jest", "contract.shape.type", "jest",
    "https://developer.mozilla.org/en/docs/Core_JavaScript_1.5_Reference:Global_Objects:Number:toFixed", "docs",
    "Number.prototype.toFixed() returns a string, not a number; a value rounded with it is serialised as a JSON "
    "string.",
    "The cart route rounds the total with subtotal.toFixed(2) and returns it; the contract says total is a number, "
    "so jest's toBe(59.97) receives the string \"59.97\".",
    run({
        "package.json": pkg("express", "jest", "supertest", jest=True),
        "app.js": '''
            const express = require('express');

            const app = express();
            app.use(express.json());
            const cart = [
              { sku: 'MUG-01', price: 12.99, quantity: 3 },
              { sku: 'TEA-07', price: 21.0, quantity: 1 },
            ];

            app.get('/api/cart', (req, res) => {
              const subtotal = cart.reduce((sum, line) => sum + line.price * line.quantity, 0);
              res.json({ items: cart, total: subtotal.toFixed(2) });
            });

            module.exports = app;
        ''',
        "cart.test.js": '''
            const request = require('supertest');
            const app = require('./app');

            test('cart total is a number', async () => {
              const res = await request(app).get('/api/cart').expect(200);
              expect(res.body.total).toBe(59.97);
            });
        ''',
    }, "jest --ci --colors=false 2>&1", key="test_output"),
    libs=("express", "jest", "supertest"), fw="express",
    expect=r'Received: "59\.97"',
))
