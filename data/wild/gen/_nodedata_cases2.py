"""nodedata: node-postgres (pg) situations on a real PostgreSQL."""

from __future__ import annotations

from _nodedata_kit import jest, make_case_decorator, mocha, run, serve
from capture import Case

CASES: list[Case] = []
case = make_case_decorator(CASES, Case)

EXPRESS_ERR = """
app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).json({ error: err.message, code: err.code });
});
"""


@case("pg-table-in-other-schema", "data.schema.missing_table", "pino-json",
      "https://dev-ref.com/errors/postgresql-42p01", "blog",
      "42P01 undefined_table also happens when the table exists but in a schema that is not on the search_path, "
      "so the unqualified name does not resolve.",
      "The setup created app.orders, the Fastify handler selects from orders without a schema; pg rejects with "
      "code 42P01 relation \"orders\" does not exist, logged by Fastify's pino logger.",
      ("pg", "fastify", "pino"), "fastify", "postgres", r'relation \\"orders\\" does not exist')
def _(ctx):
    app = """
const fastify = require('fastify')({ logger: true });
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
fastify.get('/orders', async () => {
  const { rows } = await pool.query('SELECT id, total FROM orders ORDER BY id');
  return rows;
});
(async () => {
  await pool.query('CREATE SCHEMA app; CREATE TABLE app.orders (id serial PRIMARY KEY, total numeric)');
  await fastify.listen({ port: +process.env.PORT, host: '127.0.0.1' });
})();
"""
    return serve(ctx, {"app.js": app}, [{"path": "/orders"}], pg=True, shape="pino-json")


@case("pg-unquoted-camelcase-column", "data.schema.missing_column", "node-stack",
      "https://builder.ai2sql.io/blog/postgresql-error-42703-column-does-not-exist", "blog",
      "PostgreSQL folds unquoted identifiers to lower case, so hand-written SQL that says createdAt looks for "
      "createdat, while an ORM-created column is named \"createdAt\" and must be quoted.",
      "The table has a quoted \"createdAt\" column; the raw query orders by createdAt unquoted and pg reports 42703 "
      "column \"createdat\" does not exist, with PostgreSQL's hint printed in the error object.",
      ("pg", "express"), "express", "postgres", r'column "createdat" does not exist')
def _(ctx):
    app = """
const express = require('express');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.get('/posts/recent', async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT id, title FROM posts ORDER BY createdAt DESC LIMIT 10');
    res.json(rows);
  } catch (err) { next(err); }
});
""" + EXPRESS_ERR + """
pool.query('CREATE TABLE posts (id serial PRIMARY KEY, title text, "createdAt" timestamptz DEFAULT now())')
  .then(() => app.listen(process.env.PORT));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/posts/recent"}], pg=True)


@case("pg-duplicate-signup", "data.schema.integrity", "mocha",
      "https://nark.sh/profiles/pg", "blog",
      "Inserting a value that already exists under a unique constraint makes pg throw an error with code 23505; "
      "the caller has to handle duplicates instead of letting them surface as 500s.",
      "The mocha test signs the same email up twice; the second INSERT fails with duplicate key value violates "
      "unique constraint \"users_email_key\" (23505) and the route answers 500 instead of 409.",
      ("pg", "express", "mocha", "supertest"), "express", "postgres", r'duplicate key value violates unique constraint "users_email_key"')
def _(ctx):
    app = """
const express = require('express');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.use(express.json());
app.post('/signup', async (req, res, next) => {
  try {
    const { rows } = await pool.query('INSERT INTO users (email, name) VALUES ($1, $2) RETURNING id', [req.body.email, req.body.name]);
    res.status(201).json(rows[0]);
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err.message, err.code, err.detail); res.status(500).json({ error: 'internal' }); });
module.exports = { app, pool };
"""
    test = """
const request = require('supertest');
const { expect } = require('chai');
const { app, pool } = require('./app');
describe('POST /signup', () => {
  before(() => pool.query('CREATE TABLE users (id serial PRIMARY KEY, email text UNIQUE NOT NULL, name text)'));
  after(() => pool.end());
  it('creates the account', async () => {
    const res = await request(app).post('/signup').send({ email: 'a@b.io', name: 'A' });
    expect(res.status).to.equal(201);
  });
  it('rejects a second account with the same email with 409', async () => {
    const res = await request(app).post('/signup').send({ email: 'a@b.io', name: 'A2' });
    expect(res.status).to.equal(409);
  });
});
"""
    return mocha(ctx, {"app.js": app, "test.js": test}, pg=True)


@case("pg-mysql-placeholders", "data.query.dialect", "compose-prefix",
      "https://node-postgres.com/features/queries", "docs",
      "node-postgres passes parameters to PostgreSQL, whose placeholders are $1, $2, ...; the ? placeholders of "
      "MySQL drivers are not parameters there and leave the statement syntactically broken.",
      "The Koa handler queries WHERE id = ? with a values array; PostgreSQL answers 42601 syntax error at end of "
      "input, visible in the honcho-prefixed log.",
      ("pg", "koa"), "koa", "postgres", r"syntax error at end of input")
def _(ctx):
    app = """
const Koa = require('koa');
const Router = require('@koa/router');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = new Koa();
const router = new Router();
router.get('/products/:id', async (ctx) => {
  const { rows } = await pool.query('SELECT id, name, price FROM products WHERE id = ?', [ctx.params.id]);
  ctx.body = rows[0] || null;
});
app.on('error', (err) => console.error('request failed:', err.message, 'code=' + err.code, 'position=' + err.position));
app.use(router.routes());
pool.query('CREATE TABLE products (id serial PRIMARY KEY, name text, price numeric)')
  .then(() => app.listen(process.env.PORT, () => console.log('koa listening')));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/products/1"}], pg=True, shape="compose-prefix")


@case("pg-optional-filter-untyped-param", "data.query.bad_parameter", "jest",
      "https://pgref.dev/errors/42P18-could-not-determine-data-type-parameter", "blog",
      "When a parameter appears only in a position with no type context, such as $1 IS NULL, PostgreSQL cannot "
      "infer its type and fails with 42P18; the parameter needs an explicit cast.",
      "The optional-filter query ($1 IS NULL OR status = $2) gives $1 no type; Jest shows the 500 and the logged "
      "pg error could not determine data type of parameter $1.",
      ("pg", "express", "jest", "supertest"), "express", "postgres", r"could not determine data type of parameter \$1")
def _(ctx):
    app = """
const express = require('express');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.get('/tickets', async (req, res, next) => {
  const status = req.query.status ?? null;
  try {
    const { rows } = await pool.query('SELECT * FROM tickets WHERE ($1 IS NULL OR status = $2)', [status, status]);
    res.json(rows);
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).json({ error: err.message }); });
module.exports = { app, pool };
"""
    test = """
const request = require('supertest');
const { app, pool } = require('./app');
beforeAll(() => pool.query('CREATE TABLE tickets (id serial PRIMARY KEY, status text)'));
afterAll(() => pool.end());
test('lists all tickets when no status filter is given', async () => {
  const res = await request(app).get('/tickets');
  expect(res.status).toBe(200);
});
"""
    return jest(ctx, {"app.js": app, "tickets.test.js": test}, pg=True)


@case("pg-like-placeholder-inside-quotes", "data.query.bad_parameter", "node-stack",
      "https://codemia.io/knowledge-hub/path/using_like_wildcard_in_prepared_statement", "blog",
      "A placeholder written inside a quoted LIKE pattern ('%$1%') is just text, not a parameter; the wildcards "
      "belong in the bound value and the SQL should say LIKE $1.",
      "The search query has '%$1%' inside quotes, so the statement declares no parameters while one value is "
      "sent; PostgreSQL replies 08P01 bind message supplies 1 parameters, but prepared statement \"\" requires 0.",
      ("pg", "hono", "@hono/node-server"), "hono", "postgres", r'bind message supplies 1 parameters, but prepared statement "" requires 0')
def _(ctx):
    app = """
const { Hono } = require('hono');
const { serve } = require('@hono/node-server');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = new Hono();
app.get('/search', async (c) => {
  const q = c.req.query('q');
  const { rows } = await pool.query("SELECT id, title FROM articles WHERE title ILIKE '%$1%'", [q]);
  return c.json(rows);
});
app.onError((err, c) => { console.error(err); return c.json({ error: err.message }, 500); });
pool.query('CREATE TABLE articles (id serial PRIMARY KEY, title text)').then(() => {
  serve({ fetch: app.fetch, port: +process.env.PORT }, (info) => console.log('hono on ' + info.port));
});
"""
    return serve(ctx, {"app.js": app}, [{"path": "/search?q=postgres"}], pg=True)


@case("pg-in-list-with-array", "data.query.bad_parameter", "ci-timestamp",
      "https://stackoverflow.com/questions/10720420/node-postgres-how-to-execute-where-col-in-dynamic-value-list-query", "qa",
      "node-postgres binds a JavaScript array as one PostgreSQL array value, so WHERE id IN ($1) compares an "
      "integer to an array literal; the query needs = ANY($1) or one placeholder per element.",
      "The bulk endpoint binds [3, 7] to IN ($1); PostgreSQL tries to read the array literal as an integer and "
      "fails with invalid input syntax for type integer: \"{\"3\",\"7\"}\" in the timestamped log.",
      ("pg", "express"), "express", "postgres", r'invalid input syntax for type integer: "\{')
def _(ctx):
    app = """
const express = require('express');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.use(express.json());
app.post('/products/bulk', async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT id, name FROM products WHERE id IN ($1)', [req.body.ids]);
    res.json(rows);
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error('error:', err.message, '(' + err.code + ')'); res.status(500).end(); });
pool.query('CREATE TABLE products (id serial PRIMARY KEY, name text)')
  .then(() => app.listen(process.env.PORT, () => console.log('listening on ' + process.env.PORT)));
"""
    return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/products/bulk", "json": {"ids": [3, 7]}}],
                 pg=True, shape="ci-timestamp")


@case("pg-offset-nan", "data.query.pagination", "status-line",
      "https://pulse.support/kb/postgresql-invalid-input-syntax", "blog",
      "PostgreSQL rejects any parameter text it cannot parse as the target type; an offset computed from a "
      "missing page parameter becomes NaN, which is not a valid bigint.",
      "GET /users without ?page makes (page - 1) * size evaluate to NaN; pg sends 'NaN' for OFFSET and the client "
      "sees a 500 carrying invalid input syntax for type bigint: \"NaN\".",
      ("pg", "express"), "express", "postgres", r'invalid input syntax for type bigint: \\"NaN\\"')
def _(ctx):
    app = """
const express = require('express');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.get('/users', async (req, res) => {
  const size = 20;
  const page = parseInt(req.query.page);
  try {
    const { rows } = await pool.query('SELECT id, name FROM users ORDER BY id LIMIT $1 OFFSET $2', [size, (page - 1) * size]);
    res.json({ page, rows });
  } catch (err) {
    res.status(500).json({ error: err.message });
  }
});
pool.query('CREATE TABLE users (id serial PRIMARY KEY, name text)').then(() => app.listen(process.env.PORT));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/users"}], pg=True, client_only=True)


@case("pg-aggregate-without-group-by", "data.query.sql_text", "pino-json",
      "https://pulse.support/kb/postgresql-grouping-error-42803", "blog",
      "With an aggregate in the select list, every other selected column must be grouped or aggregated; "
      "PostgreSQL refuses the query with 42803 instead of picking an arbitrary value as MySQL or SQLite would.",
      "The stats query selects customer and SUM(total) grouped by nothing; Fastify's pino error line carries "
      "column \"orders.customer\" must appear in the GROUP BY clause.",
      ("pg", "fastify", "pino"), "fastify", "postgres", r'must appear in the GROUP BY clause')
def _(ctx):
    app = """
const fastify = require('fastify')({ logger: true });
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
fastify.get('/stats/revenue', async () => {
  const { rows } = await pool.query('SELECT customer, SUM(total) AS revenue FROM orders ORDER BY revenue DESC');
  return rows;
});
pool.query('CREATE TABLE orders (id serial PRIMARY KEY, customer text, total numeric)')
  .then(() => fastify.listen({ port: +process.env.PORT, host: '127.0.0.1' }));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/stats/revenue"}], pg=True, shape="pino-json")


@case("pg-string-built-sql-quote", "data.query.sql_text", "node-stack",
      "https://node-postgres.com/features/queries", "docs",
      "Concatenating values into SQL text breaks as soon as a value contains a quote (and opens SQL injection); "
      "values should be passed as parameters.",
      "The handler builds INSERT ... VALUES ('O'Brien') by string concatenation; the apostrophe ends the literal "
      "and PostgreSQL reports syntax error at or near \"Brien\" (42601).",
      ("pg", "express"), "express", "postgres", r'syntax error at or near "Brien"')
def _(ctx):
    app = """
const express = require('express');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.use(express.json());
app.post('/customers', async (req, res, next) => {
  try {
    const sql = "INSERT INTO customers (last_name) VALUES ('" + req.body.lastName + "') RETURNING id";
    const { rows } = await pool.query(sql);
    res.status(201).json(rows[0]);
  } catch (err) { next(err); }
});
""" + EXPRESS_ERR + """
pool.query('CREATE TABLE customers (id serial PRIMARY KEY, last_name text)').then(() => app.listen(process.env.PORT));
"""
    return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/customers", "json": {"lastName": "O'Brien"}}], pg=True)


@case("pg-uuid-route-param", "data.query.bad_parameter", "node-stack",
      "https://thesev1database.com/errors/sqlstate-22p02-invalid-text-representation/", "blog",
      "A text value that is not a valid literal for the column type (here a uuid) is rejected with 22P02 before "
      "the query runs; route parameters must be validated before they reach the query.",
      "The items table uses uuid keys but the client calls /items/42; pg fails with invalid input syntax for type "
      "uuid: \"42\" and Koa logs the error object with code 22P02.",
      ("pg", "koa"), "koa", "postgres", r'invalid input syntax for type uuid: "42"')
def _(ctx):
    app = """
const Koa = require('koa');
const Router = require('@koa/router');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = new Koa();
const router = new Router();
router.get('/items/:id', async (ctx) => {
  const { rows } = await pool.query('SELECT * FROM items WHERE id = $1', [ctx.params.id]);
  ctx.body = rows[0] || {};
});
app.on('error', (err) => console.error(err));
app.use(router.routes());
pool.query('CREATE TABLE items (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text)').then(() => app.listen(process.env.PORT));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/items/42"}], pg=True)


@case("pg-client-connect-per-request", "data.orm.session_misuse", "node-stack",
      "https://node-postgres.com/apis/client", "docs",
      "A pg Client is a single connection that can be connected once; calling connect() again on the same "
      "module-level client (for example once per request) throws.",
      "The first request connects the shared Client, the second calls client.connect() again and pg throws "
      "Client has already been connected. You cannot reuse a client.",
      ("pg", "express"), "express", "postgres", r"Client has already been connected\. You cannot reuse a client\.")
def _(ctx):
    app = """
const express = require('express');
const { Client } = require('pg');
const client = new Client({ connectionString: process.env.DATABASE_URL });
const app = express();
app.get('/time', async (req, res, next) => {
  try {
    await client.connect();
    const { rows } = await client.query('SELECT now() AS now');
    res.json(rows[0]);
  } catch (err) { next(err); }
});
""" + EXPRESS_ERR + """
app.listen(process.env.PORT);
"""
    return serve(ctx, {"app.js": app}, [{"path": "/time"}, {"path": "/time"}], pg=True)


@case("pg-pool-ended-per-request", "data.orm.session_misuse", "pino-json",
      "https://node-postgres.com/features/pooling", "docs",
      "A pool is meant to live for the whole application; calling pool.end() after a request shuts it down and "
      "every later query on it fails.",
      "The handler ends the shared pool after answering; the second request gets Cannot use a pool after "
      "calling end on the pool in Fastify's pino error line.",
      ("pg", "fastify", "pino"), "fastify", "postgres", r"Cannot use a pool after calling end on the pool")
def _(ctx):
    app = """
const fastify = require('fastify')({ logger: true });
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
fastify.get('/health/db', async () => {
  const { rows } = await pool.query('SELECT 1 AS ok');
  await pool.end();
  return rows[0];
});
fastify.listen({ port: +process.env.PORT, host: '127.0.0.1' });
"""
    return serve(ctx, {"app.js": app}, [{"path": "/health/db"}, {"path": "/health/db"}], pg=True, shape="pino-json")


@case("pg-client-released-twice", "data.orm.session_misuse", "ci-timestamp",
      "https://node-postgres.com/features/pooling", "docs",
      "A client checked out with pool.connect() must be released exactly once; releasing it both in the happy "
      "path and in finally hands it back twice and pg-pool throws.",
      "The transfer handler calls client.release() after COMMIT and again in finally; the log shows Release "
      "called on client which has already been released to the pool.",
      ("pg", "express"), "express", "postgres", r"Release called on client which has already been released to the pool")
def _(ctx):
    app = """
const express = require('express');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.post('/accounts/:id/touch', async (req, res, next) => {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('UPDATE accounts SET touched_at = now() WHERE id = $1', [req.params.id]);
    await client.query('COMMIT');
    client.release();
    res.json({ ok: true });
  } catch (err) {
    await client.query('ROLLBACK');
    next(err);
  } finally {
    client.release();
  }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).end(); });
process.on('uncaughtException', (err) => { console.error('uncaught:', err.stack); process.exit(1); });
pool.query('CREATE TABLE accounts (id serial PRIMARY KEY, touched_at timestamptz); INSERT INTO accounts DEFAULT VALUES')
  .then(() => app.listen(process.env.PORT, () => console.log('ready')));
"""
    return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/accounts/1/touch"}], pg=True, shape="ci-timestamp")


@case("pg-client-never-released", "data.orm.pool_exhaustion", "status-line",
      "https://npmjs.com/package/node-postgres", "docs",
      "A client taken from the pool has to be returned even when the handler exits early; otherwise the pool "
      "leaks clients until every later checkout waits and times out.",
      "The report route checks out a client and returns early on an empty result without release(); with max 2 "
      "the third request fails with timeout exceeded when trying to connect.",
      ("pg", "express"), "express", "postgres", r"timeout exceeded when trying to connect")
def _(ctx):
    app = """
const express = require('express');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2, connectionTimeoutMillis: 1500 });
const app = express();
app.get('/reports/:id', async (req, res) => {
  try {
    const client = await pool.connect();
    const { rows } = await client.query('SELECT * FROM reports WHERE id = $1', [req.params.id]);
    if (rows.length === 0) return res.status(404).json({ error: 'not found' });
    client.release();
    res.json(rows[0]);
  } catch (err) {
    res.status(500).json({ error: err.message });
  }
});
pool.query('CREATE TABLE reports (id serial PRIMARY KEY, body text)').then(() => app.listen(process.env.PORT));
"""
    reqs = [{"path": "/reports/1"}, {"path": "/reports/2"}, {"path": "/reports/3"}]
    return serve(ctx, {"app.js": app}, reqs, pg=True, client_only=True)


@case("pg-pool-ignores-database-url", "startup.database", "node-unhandled-rejection",
      "https://node-postgres.com/features/connecting", "docs",
      "new Pool() without options reads only the PG* environment variables and falls back to localhost:5432; a "
      "DATABASE_URL variable is ignored unless it is passed as connectionString.",
      "DATABASE_URL points at the running server, but the app builds new Pool() with no config; the startup "
      "query goes to the default port 5432, where nothing listens, and dies with ECONNREFUSED.",
      ("pg", "express"), "express", "postgres", r"ECONNREFUSED (127\.0\.0\.1|::1):5432")
def _(ctx):
    app = """
const express = require('express');
const { Pool } = require('pg');
const pool = new Pool();
const app = express();
app.get('/health', async (req, res) => res.json((await pool.query('SELECT 1 AS ok')).rows[0]));
(async () => {
  await pool.query('SELECT 1');
  app.listen(process.env.PORT, () => console.log('listening'));
})();
"""
    return run(ctx, {"app.js": app}, ["node", "app.js"], pg=True)


@case("pg-database-not-created", "startup.database", "ci-timestamp",
      "https://pgref.dev/errors/3D000-database-does-not-exist", "blog",
      "Connecting to a database name that was never created fails at connection time with 3D000, before any "
      "query runs.",
      "The service connects to shop, which the provisioning step never created; the timestamped startup log shows "
      "error: database \"shop\" does not exist and the process exits.",
      ("pg",), None, "postgres", r'database "shop" does not exist')
def _(ctx):
    app = """
const { Pool } = require('pg');
const url = new URL(process.env.DATABASE_URL);
url.pathname = '/shop';
const pool = new Pool({ connectionString: url.toString() });
async function main() {
  console.log('worker starting, connecting to ' + url.pathname.slice(1));
  await pool.query('SELECT 1');
  console.log('connected');
}
main().catch((err) => { console.error(err); process.exit(1); });
"""
    return run(ctx, {"worker.js": app}, ["node", "worker.js"], pg=True, shape="ci-timestamp")
