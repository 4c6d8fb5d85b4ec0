"""nodedata: a few more startup and schema situations (knex joins, roles, storage files, naming)."""

from __future__ import annotations

from _nodedata_cases3 import TSCONFIG
from _nodedata_kit import make_case_decorator, mocha, run, serve
from capture import Case

CASES: list[Case] = []
case = make_case_decorator(CASES, Case)


@case("knex-join-pagination-ambiguous-id", "data.query.sql_text", "mocha",
      "https://prodopsy.com/?p=2267", "blog",
      "Shared pagination code that orders by a bare id breaks once the query joins another table that also has "
      "an id column: PostgreSQL cannot tell which id is meant.",
      "The listing joins orders to customers and the generic cursor paginate() helper adds where('id', '>', after) "
      "and orderBy('id'); both tables have an id, and the mocha run shows column reference \"id\" is ambiguous.",
      ("knex", "pg", "koa", "mocha", "supertest"), "koa", "postgres", r'column reference "id" is ambiguous')
def _(ctx):
    app = """
const Koa = require('koa');
const Router = require('@koa/router');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const paginate = (qb, after = 0, size = 20) => qb.where('id', '>', after).orderBy('id').limit(size);
const app = new Koa();
const router = new Router();
router.get('/orders', async (ctx) => {
  const q = knex('orders').join('customers', 'customers.id', 'orders.customer_id').select('*');
  ctx.body = await paginate(q, Number(ctx.query.after || 0));
});
app.use(async (ctx, next) => {
  try { await next(); } catch (err) { console.error(err.message); ctx.status = 500; ctx.body = { error: err.message }; }
});
app.use(router.routes());
module.exports = { app, knex };
"""
    test = """
const request = require('supertest');
const { expect } = require('chai');
const { app, knex } = require('./app');
describe('GET /orders', () => {
  before(async () => {
    await knex.schema.createTable('customers', (t) => { t.increments('id'); t.string('name'); });
    await knex.schema.createTable('orders', (t) => { t.increments('id'); t.integer('customer_id').references('customers.id'); t.decimal('total'); });
  });
  after(() => knex.destroy());
  it('returns the first page of orders', async () => {
    const res = await request(app.callback()).get('/orders?after=0');
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  });
});
"""
    return mocha(ctx, {"app.js": app, "test.js": test}, pg=True)


@case("typeorm-pg-role-missing", "startup.database", "ts-node",
      "https://errcodes.dev/postgresql/28000-invalid-authorization-specification", "blog",
      "PostgreSQL rejects a connection during authentication when the role named in the connection settings "
      "was never created in the cluster.",
      "The DataSource connects as role app, which exists only in the developer's local cluster; initialize() "
      "fails at boot with error: role \"app\" does not exist and the server never listens.",
      ("typeorm", "pg", "express", "ts-node"), "express", "postgres", r'role "app" does not exist')
def _(ctx):
    app = """
import 'reflect-metadata';
import express from 'express';
import { DataSource } from 'typeorm';
const url = new URL(process.env.DATABASE_URL as string);
url.username = 'app';
const AppDataSource = new DataSource({ type: 'postgres', url: url.toString(), entities: [], synchronize: false });
const app = express();
AppDataSource.initialize()
  .then(() => app.listen(process.env.PORT, () => console.log('listening')))
  .catch((err) => { console.error('Error during Data Source initialization', err); process.exit(1); });
"""
    return run(ctx, {"tsconfig.json": TSCONFIG, "app.ts": app}, ["ts-node", "--transpile-only", "app.ts"], pg=True)


@case("bs3-file-must-exist-wrong-path", "startup.database", "compose-prefix",
      "https://raw.githubusercontent.com/wiselibs/better-sqlite3/HEAD/docs/api.md", "docs",
      "With fileMustExist the constructor throws instead of creating a new file when the path does not exist; "
      "a missing or misnamed database path setting therefore stops the app at start-up.",
      "The app opens process.env.SQLITE_PATH with fileMustExist, but the Procfile sets DB_PATH; the fallback "
      "path does not exist and better-sqlite3 throws SqliteError: unable to open database file.",
      ("better-sqlite3", "fastify"), "fastify", "sqlite", r"SqliteError: unable to open database file")
def _(ctx):
    app = """
const fastify = require('fastify')({ logger: false });
const Database = require('better-sqlite3');
const db = new Database(process.env.SQLITE_PATH || './var/app.sqlite', { fileMustExist: true });
fastify.get('/health', async () => ({ ok: db.prepare('SELECT 1 AS ok').get().ok }));
fastify.listen({ port: +process.env.PORT, host: '127.0.0.1' });
"""
    return serve(ctx, {"app.js": app, "var/.keep": ""}, [{"path": "/health"}], shape="compose-prefix",
                 cmd=["env", "DB_PATH=./data/app.sqlite", "node", "app.js"])


@case("seq-pg-underscored-vs-camelcase-table", "data.schema.missing_column", "pino-json",
      "https://builder.ai2sql.io/blog/postgresql-error-42703-column-does-not-exist", "blog",
      "Column names must match between the schema and the queries: Sequelize creates camelCase \"createdAt\" "
      "columns unless underscored is set, so mixing the two conventions produces 42703 column does not exist.",
      "The table came from a migration with camelCase timestamps, the model was later switched to underscored: "
      "true; its SELECT asks for \"created_at\" and PostgreSQL says that column does not exist.",
      ("sequelize", "pg", "fastify", "pino"), "fastify", "postgres", r'column \\"created_at\\" does not exist')
def _(ctx):
    app = """
const fastify = require('fastify')({ logger: true });
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });
const Invoice = sequelize.define('invoice', { amount: DataTypes.INTEGER }, { underscored: true, tableName: 'invoices' });
fastify.get('/invoices', async () => Invoice.findAll());
(async () => {
  await sequelize.query('CREATE TABLE invoices (id serial PRIMARY KEY, amount integer, "createdAt" timestamptz NOT NULL, "updatedAt" timestamptz NOT NULL)');
  await fastify.listen({ port: +process.env.PORT, host: '127.0.0.1' });
})();
"""
    return serve(ctx, {"app.js": app}, [{"path": "/invoices"}], pg=True, shape="pino-json")


@case("bs3-db-directory-missing", "startup.database", "ci-timestamp",
      "https://errcodes.dev/sqlite/sqlite-cantopen-unable-to-open-database", "blog",
      "SQLite can create a missing database file but not a missing directory; opening a path whose directory "
      "does not exist fails at start-up.",
      "DATABASE_FILE points into storage/, which is not created on a fresh checkout; better-sqlite3's constructor "
      "throws TypeError: Cannot open database because the directory does not exist before the server listens.",
      ("better-sqlite3", "express"), "express", "sqlite", r"Cannot open database because the directory does not exist")
def _(ctx):
    app = """
const express = require('express');
const Database = require('better-sqlite3');
const db = new Database(process.env.DATABASE_FILE);
db.exec('CREATE TABLE IF NOT EXISTS kv (k TEXT PRIMARY KEY, v TEXT)');
const app = express();
app.get('/kv/:k', (req, res) => res.json(db.prepare('SELECT v FROM kv WHERE k = ?').get(req.params.k) || null));
app.listen(process.env.PORT, () => console.log('listening'));
"""
    return run(ctx, {"app.js": app}, ["node", "app.js"], shape="ci-timestamp",
               env={"DATABASE_FILE": "storage/app.sqlite"}, timeout=20)


@case("pg-module-client-ended", "data.orm.session_misuse", "jest",
      "https://node-postgres.com/apis/client", "docs",
      "client.end() closes a pg Client for good; a module-level client ended after one request cannot run "
      "queries for the following ones.",
      "The export handler calls client.end() when it is done; the second test request on the same module-level "
      "client fails with Client was closed and is not queryable.",
      ("pg", "express", "jest", "supertest"), "express", "postgres", r"Client was closed and is not queryable")
def _(ctx):
    from _nodedata_kit import jest
    app = """
const express = require('express');
const { Client } = require('pg');
const client = new Client({ connectionString: process.env.DATABASE_URL });
const ready = client.connect();
const app = express();
app.get('/export', async (req, res, next) => {
  try {
    await ready;
    const { rows } = await client.query('SELECT now() AS at');
    await client.end();
    res.json(rows[0]);
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).json({ error: err.message }); });
module.exports = app;
"""
    test = """
const request = require('supertest');
const app = require('./app');
test('export can be requested twice', async () => {
  expect((await request(app).get('/export')).status).toBe(200);
  const second = await request(app).get('/export');
  expect(second.body).toEqual(expect.objectContaining({ at: expect.any(String) }));
});
"""
    return jest(ctx, {"app.js": app, "export.test.js": test}, pg=True)


@case("seq-sqlite-op-ilike", "data.query.dialect", "json-log",
      "https://sqlite.work/resolving-postgresql-ilike-operator-issues-when-migrating-to-sqlite", "blog",
      "ILIKE exists only in PostgreSQL; Sequelize emits it for Op.iLike whatever the dialect, so the same model "
      "code run on SQLite produces SQL that SQLite cannot parse.",
      "The search uses [Op.iLike] and the app runs on SQLite in development; Sequelize emits WHERE name ILIKE "
      "'%lamp%' and the JSON error log line carries SQLITE_ERROR: near \"ILIKE\": syntax error.",
      ("sequelize", "sqlite3", "express"), "express", "sqlite", r'near \\"ILIKE\\": syntax error')
def _(ctx):
    app = """
const express = require('express');
const { Sequelize, DataTypes, Op } = require('sequelize');
const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
const Product = sequelize.define('Product', { name: DataTypes.STRING });
const log = (level, msg, extra) => console.log(JSON.stringify({ ts: new Date().toISOString(), level, msg, ...extra }));
const app = express();
app.get('/products', async (req, res) => {
  try {
    res.json(await Product.findAll({ where: { name: { [Op.iLike]: `%${req.query.q}%` } } }));
  } catch (err) {
    log('error', 'product search failed', { error: { name: err.name, message: err.message, sql: err.sql } });
    res.status(500).json({ error: 'search failed' });
  }
});
sequelize.sync().then(() => app.listen(process.env.PORT, () => log('info', 'listening', { port: +process.env.PORT })));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/products?q=lamp"}])


@case("pg-new-pool-per-request", "data.orm.pool_exhaustion", "node-stack",
      "https://schema.ai/technologies/express/insights/db-connection-per-request", "blog",
      "Creating a new pg Pool or Client in every request and never ending it opens a fresh server connection "
      "each time, until the server's connection limit is reached.",
      "Each request builds its own Pool and leaves it open; the app role may hold 3 connections, so the fourth "
      "request fails with too many connections for role \"app\" (53300).",
      ("pg", "express"), "express", "postgres", r'too many connections for role "app"')
def _(ctx):
    setup = """
const { Client } = require('pg');
(async () => {
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  await c.query('CREATE ROLE app LOGIN CONNECTION LIMIT 3');
  await c.query('CREATE TABLE visits (id serial PRIMARY KEY, at timestamptz DEFAULT now())');
  await c.query('GRANT ALL ON visits TO app; GRANT USAGE ON SEQUENCE visits_id_seq TO app');
  await c.end();
})();
"""
    app = """
const express = require('express');
const { Pool } = require('pg');
const url = new URL(process.env.DATABASE_URL);
url.username = 'app';
const app = express();
app.post('/visits', async (req, res, next) => {
  const pool = new Pool({ connectionString: url.toString() });
  try {
    const { rows } = await pool.query('INSERT INTO visits DEFAULT VALUES RETURNING id');
    res.status(201).json(rows[0]);
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).json({ error: err.message }); });
app.listen(process.env.PORT);
"""
    reqs = [{"method": "POST", "path": "/visits"}] * 4
    return serve(ctx, {"setup.js": setup, "app.js": app}, reqs, pg=True, setup=["node", "setup.js"])
