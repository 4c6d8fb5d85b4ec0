"""nodedb cases, part 6: upserts, timestamps, multi-statement SQL, JSON parameters."""

from __future__ import annotations

from _nodedb_kit import jest, run, serve


def register(case):
    @case("drizzle-pg-on-conflict-without-unique", "data.schema", "node-stack",
          "https://taourl.com/read-2435790.html", "blog",
          "ON CONFLICT (col) needs a unique constraint or unique index on exactly those columns; when the schema "
          "never declared email unique, PostgreSQL cannot arbitrate the conflict and rejects the upsert with 42P10.",
          "The Drizzle schema declares email as plain text and the subscribe route calls onConflictDoUpdate({ target: "
          "subscribers.email }); PostgreSQL answers there is no unique or exclusion constraint matching the ON CONFLICT "
          "specification.",
          ("drizzle-orm", "pg", "express"), "express", "postgres",
          r"there is no unique or exclusion constraint matching the ON CONFLICT specification")
    def _(ctx):
        app = """
const express = require('express');
const { Pool } = require('pg');
const { drizzle } = require('drizzle-orm/node-postgres');
const { pgTable, serial, text, timestamp } = require('drizzle-orm/pg-core');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const subscribers = pgTable('subscribers', {
  id: serial('id').primaryKey(),
  email: text('email').notNull(),
  name: text('name'),
  updatedAt: timestamp('updated_at').defaultNow(),
});
const db = drizzle(pool);
const app = express();
app.use(express.json());
app.post('/subscribe', async (req, res, next) => {
  try {
    const [row] = await db.insert(subscribers).values(req.body)
      .onConflictDoUpdate({ target: subscribers.email, set: { name: req.body.name, updatedAt: new Date() } })
      .returning();
    res.status(201).json(row);
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).json({ error: 'subscribe failed' }); });
pool.query('CREATE TABLE subscribers (id SERIAL PRIMARY KEY, email TEXT NOT NULL, name TEXT, updated_at TIMESTAMP DEFAULT now())')
  .then(() => app.listen(process.env.PORT, () => console.log('newsletter api up')));
"""
        return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/subscribe",
                                             "json": {"email": "ann@example.com", "name": "Ann"}}], pg=True)

    @case("seq-pg-default-timestamps-on-existing-table", "data.schema.missing_column", "pino-json",
          "https://sebhastian.com/sequelize-timestamps", "blog",
          "Sequelize models get createdAt and updatedAt attributes by default; mapped onto a table created without "
          "those columns, every insert and select names columns that do not exist unless timestamps is turned off "
          "or the columns are renamed.",
          "The products table comes from a hand-written SQL script without createdAt/updatedAt; Product.create() "
          "inserts into \"createdAt\" and PostgreSQL answers column \"createdAt\" of relation \"products\" does not exist, "
          "logged by pino.",
          ("sequelize", "pg", "fastify", "pino"), "fastify", "postgres", r'column \\?"createdAt\\?" of relation \\?"products\\?" does not exist')
    def _(ctx):
        app = """
const fastify = require('fastify')({ logger: true });
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });
const Product = sequelize.define('Product', { sku: DataTypes.STRING, name: DataTypes.STRING }, { tableName: 'products' });
fastify.post('/products', async (req, reply) => {
  const product = await Product.create(req.body);
  reply.code(201);
  return product;
});
(async () => {
  // schema managed by the DBA's SQL scripts, not by sync()
  await sequelize.query('CREATE TABLE products (id SERIAL PRIMARY KEY, sku TEXT UNIQUE NOT NULL, name TEXT NOT NULL)');
  await fastify.listen({ port: +process.env.PORT, host: '127.0.0.1' });
})();
"""
        return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/products", "json": {"sku": "A-1", "name": "lamp"}}],
                     pg=True, shape="pino-json")

    @case("bs3-prepare-multiple-statements", "data.orm.api_misuse", "ci-timestamp",
          "https://raw.githubusercontent.com/wiselibs/better-sqlite3/HEAD/docs/api.md", "docs",
          "better-sqlite3's prepare() compiles exactly one statement; a schema script with several statements has to "
          "go through db.exec().",
          "The migration step reads schema.sql and passes it to db.prepare(...).run(); better-sqlite3 throws "
          "RangeError: The supplied SQL string contains more than one statement, shown in the timestamped CI log.",
          ("better-sqlite3",), None, "sqlite", r"The supplied SQL string contains more than one statement")
    def _(ctx):
        schema = """CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, email TEXT UNIQUE NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (id TEXT PRIMARY KEY, user_id INTEGER REFERENCES users(id), expires_at INTEGER);
"""
        script = """
const fs = require('fs');
const Database = require('better-sqlite3');
const db = new Database(__dirname + '/app.db');
const sql = fs.readFileSync(__dirname + '/schema.sql', 'utf8');
db.prepare(sql).run();
console.log('schema applied');
"""
        return run(ctx, {"migrate.js": script, "schema.sql": schema}, ["node", "migrate.js"], shape="ci-timestamp")

    @case("pg-js-array-into-jsonb-column", "data.orm.driver_type", "compose-prefix",
          "https://node-postgres.com/features/types", "docs",
          "node-postgres serializes plain objects with JSON.stringify but sends JavaScript arrays as PostgreSQL array "
          "literals ({a,b}); an array meant for a json/jsonb column is therefore not valid JSON unless it is stringified.",
          "The Koa handler stores req.body.tags (an array) into a jsonb column as is; pg sends the array literal {dev,ops} and "
          "PostgreSQL rejects it with invalid input syntax for type json, seen in the honcho-prefixed log.",
          ("pg", "koa"), "koa", "postgres", r"invalid input syntax for type json")
    def _(ctx):
        app = """
const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = new Koa();
const router = new Router();
router.post('/projects', async (ctx) => {
  const { name, tags } = ctx.request.body;
  const { rows } = await pool.query('INSERT INTO projects (name, tags) VALUES ($1, $2) RETURNING *', [name, tags]);
  ctx.status = 201;
  ctx.body = rows[0];
});
app.on('error', (err) => console.error('request failed:', err));
app.use(bodyParser()).use(router.routes());
pool.query('CREATE TABLE projects (id SERIAL PRIMARY KEY, name TEXT NOT NULL, tags JSONB NOT NULL DEFAULT \\'[]\\')')
  .then(() => app.listen(process.env.PORT, () => console.log('projects api listening')));
"""
        return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/projects", "json": {"name": "infra", "tags": ["dev", "ops"]}}],
                     pg=True, shape="compose-prefix")

    @case("knex-pg-like-is-case-sensitive", "data.query.dialect", "jest",
          "https://sql-bits.com/postgresql-making-a-comparison-case-insensitive", "blog",
          "PostgreSQL's LIKE compares case-sensitively (ILIKE or lower() is needed), whereas SQLite's LIKE ignores ASCII "
          "case; a search written and tested against SQLite stops matching capitalised values on PostgreSQL.",
          "The product search uses whereLike / LIKE '%term%' and was developed on SQLite; against PostgreSQL the search "
          "for 'lamp' misses 'Desk Lamp' and Jest receives an empty array.",
          ("knex", "pg", "express", "jest", "supertest"), "express", "postgres", r'\+ Array \[\]')
    def _(ctx):
        app = """
const express = require('express');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const app = express();
app.get('/products/search', async (req, res) => {
  const rows = await knex('products').where('name', 'like', `%${req.query.q}%`).orderBy('id');
  res.json(rows.map((r) => r.name));
});
module.exports = { app, knex };
"""
        test = """
const request = require('supertest');
const { app, knex } = require('./app');
beforeAll(async () => {
  await knex.schema.createTable('products', (t) => { t.increments('id'); t.string('name'); });
  await knex('products').insert([{ name: 'Desk Lamp' }, { name: 'Office Chair' }]);
});
afterAll(() => knex.destroy());
test('search ignores case like it did in development', async () => {
  const res = await request(app).get('/products/search?q=lamp');
  expect(res.body).toEqual(['Desk Lamp']);
});
"""
        return jest(ctx, {"app.js": app, "search.test.js": test}, pg=True)
