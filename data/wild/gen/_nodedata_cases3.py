"""nodedata: sqlite3, better-sqlite3, knex, TypeORM and Drizzle situations."""

from __future__ import annotations

import json

from _nodedata_kit import jest, make_case_decorator, mocha, run, serve
from capture import Case

CASES: list[Case] = []
case = make_case_decorator(CASES, Case)

TSCONFIG = json.dumps({"compilerOptions": {
    "target": "ES2021", "module": "commonjs", "experimentalDecorators": True, "emitDecoratorMetadata": True,
    "strict": False, "esModuleInterop": True, "skipLibCheck": True}})

# --------------------------------------------------------------------------------------------
# sqlite3 (node-sqlite3)
# --------------------------------------------------------------------------------------------


@case("sqlite3-create-insert-not-serialized", "data.orm.api_misuse", "node-stack",
      "https://maku77.github.io/nodejs/io/sqlite2.html", "blog",
      "node-sqlite3 runs statements asynchronously; issuing CREATE TABLE and INSERT back to back without "
      "db.serialize() (or waiting for callbacks) lets the INSERT run before the table exists.",
      "The seed script fires CREATE TABLE and INSERT without serialize(); the INSERT's callback receives "
      "SQLITE_ERROR: no such table: members and the script throws it.",
      ("sqlite3",), None, "sqlite", r"SQLITE_ERROR: no such table: members")
def _(ctx):
    seed = """
const sqlite3 = require('sqlite3');
const db = new sqlite3.Database(':memory:');
db.run('CREATE TABLE members (name TEXT, age INTEGER)', (err) => { if (err) throw err; });
for (const [name, age] of [['ann', 31], ['bob', 27]]) {
  db.run('INSERT INTO members VALUES (?, ?)', [name, age], (err) => { if (err) throw err; });
}
"""
    return run(ctx, {"seed.js": seed}, ["node", "seed.js"])


@case("sqlite3-await-callback-api", "data.orm.api_misuse", "node-stack",
      "https://openillumi.com/nodejs-sqlite3-async-await-not-working-fix", "blog",
      "The sqlite3 package is callback based: db.all() returns the Database object, not a promise of rows, so "
      "awaiting it yields the database handle instead of the query result.",
      "The handler awaits db.all(...) and calls rows.filter; rows is the Database object, so Express reports "
      "TypeError: rows.filter is not a function.",
      ("sqlite3", "express"), "express", "sqlite", r"rows\.filter is not a function")
def _(ctx):
    app = """
const express = require('express');
const sqlite3 = require('sqlite3');
const db = new sqlite3.Database(':memory:');
const app = express();
app.get('/times', async (req, res, next) => {
  try {
    await db.run('INSERT INTO times VALUES (?)', [Date.now()]);
    const rows = await db.all('SELECT t FROM times');
    res.json(rows.filter((r) => r.t > 0));
  } catch (err) { next(err); }
});
db.run('CREATE TABLE times (t INTEGER)', () => app.listen(process.env.PORT));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/times"}])


@case("sqlite3-unique-username", "data.schema.integrity", "status-line",
      "https://www.nark.sh/profiles/sqlite3", "blog",
      "A write that violates a UNIQUE (or NOT NULL / foreign key) constraint fails with SQLITE_CONSTRAINT; the "
      "handler has to check or translate it instead of surfacing a 500.",
      "The second registration with the same username gets a 500 whose body is SQLITE_CONSTRAINT: UNIQUE "
      "constraint failed: users.username.",
      ("sqlite3", "express"), "express", "sqlite", r"SQLITE_CONSTRAINT: UNIQUE constraint failed: users\.username")
def _(ctx):
    app = """
const express = require('express');
const sqlite3 = require('sqlite3');
const db = new sqlite3.Database(':memory:');
const app = express();
app.use(express.json());
app.post('/register', (req, res) => {
  db.run('INSERT INTO users (username, password_hash) VALUES (?, ?)', [req.body.username, 'x'], function (err) {
    if (err) return res.status(500).json({ error: err.message });
    res.status(201).json({ id: this.lastID });
  });
});
db.run('CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE NOT NULL, password_hash TEXT)', () => app.listen(process.env.PORT));
"""
    body = {"username": "kim"}
    return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/register", "json": body}] * 2, client_only=True)


@case("sqlite3-extra-bind-value", "data.query.bad_parameter", "compose-prefix",
      "https://deverrors.com/errors/sqlite-sqlite-range-2nd-parameter-to-sqlite3-bind-out", "blog",
      "SQLITE_RANGE is raised when more values are bound than the statement has placeholders, typically after a "
      "placeholder was dropped from the SQL while the values array was left as it was.",
      "The update statement has one ? left but the Koa handler still passes two values; node-sqlite3 reports "
      "SQLITE_RANGE: column index out of range in the honcho-prefixed log.",
      ("sqlite3", "koa"), "koa", "sqlite", r"SQLITE_RANGE: column index out of range")
def _(ctx):
    app = """
const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const sqlite3 = require('sqlite3');
const db = new sqlite3.Database(':memory:');
const run = (sql, params) => new Promise((resolve, reject) => db.run(sql, params, function (err) { err ? reject(err) : resolve(this.changes); }));
const app = new Koa();
const router = new Router();
router.put('/notes/:id', async (ctx) => {
  const changes = await run('UPDATE notes SET body = ? WHERE id = 1', [ctx.request.body.body, ctx.params.id]);
  ctx.body = { changes };
});
app.on('error', (err) => console.error(err));
app.use(bodyParser()).use(router.routes());
db.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)', () => app.listen(process.env.PORT, () => console.log('notes api up')));
"""
    return serve(ctx, {"app.js": app}, [{"method": "PUT", "path": "/notes/1", "json": {"body": "hi"}}], shape="compose-prefix")


@case("sqlite3-ilike-from-postgres", "data.query.dialect", "mocha",
      "https://sqlite.work/resolving-postgresql-ilike-operator-issues-when-migrating-to-sqlite", "blog",
      "ILIKE is PostgreSQL syntax; SQLite's parser has no such operator (its LIKE is already case-insensitive for "
      "ASCII), so a query written for PostgreSQL fails with a syntax error on SQLite.",
      "The search query carried over from a PostgreSQL version uses ILIKE; under mocha the route answers 500 and "
      "the logged error is SQLITE_ERROR: near \"ILIKE\": syntax error.",
      ("sqlite3", "express", "mocha", "supertest"), "express", "sqlite", r'near "ILIKE": syntax error')
def _(ctx):
    app = """
const express = require('express');
const sqlite3 = require('sqlite3');
const db = new sqlite3.Database(':memory:');
const app = express();
app.get('/books', (req, res) => {
  db.all('SELECT id, title FROM books WHERE title ILIKE ?', ['%' + req.query.q + '%'], (err, rows) => {
    if (err) { console.error(err.message); return res.status(500).json({ error: err.message }); }
    res.json(rows);
  });
});
module.exports = { app, db };
"""
    test = """
const request = require('supertest');
const { expect } = require('chai');
const { app, db } = require('./app');
describe('book search', () => {
  before((done) => db.exec("CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO books (title) VALUES ('Dune')", done));
  it('finds books case-insensitively', async () => {
    const res = await request(app).get('/books?q=dune');
    expect(res.status).to.equal(200);
    expect(res.body).to.have.length(1);
  });
});
"""
    return mocha(ctx, {"app.js": app, "test.js": test})


@case("sqlite3-open-transaction-busy", "data.orm.session_misuse", "node-stack",
      "https://dbpro.app/learn/sqlite/errors/database-locked", "blog",
      "A write transaction that is begun and never committed keeps SQLite's write lock; any other connection "
      "that tries to write then fails with SQLITE_BUSY: database is locked.",
      "The import job opens BEGIN IMMEDIATE on its own connection and never commits; the API's INSERT on a second "
      "connection fails with SQLITE_BUSY: database is locked.",
      ("sqlite3", "express"), "express", "sqlite", r"SQLITE_BUSY: database is locked")
def _(ctx):
    app = """
const express = require('express');
const sqlite3 = require('sqlite3');
const path = __dirname + '/app.db';
const apiDb = new sqlite3.Database(path);
const jobDb = new sqlite3.Database(path);
const app = express();
app.post('/events', (req, res, next) => {
  apiDb.run('INSERT INTO events (kind) VALUES (?)', ['click'], (err) => (err ? next(err) : res.status(201).end()));
});
app.use((err, req, res, next) => { console.error(err); res.status(500).json({ error: err.message }); });
apiDb.exec('CREATE TABLE IF NOT EXISTS events (id INTEGER PRIMARY KEY, kind TEXT)', () => {
  // nightly import: starts a write transaction, the COMMIT is missing
  jobDb.exec("BEGIN IMMEDIATE; INSERT INTO events (kind) VALUES ('import');", () => app.listen(process.env.PORT));
});
"""
    return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/events"}])


@case("sqlite3-missing-data-directory", "startup.database", "node-stack",
      "https://deverrors.com/errors/sqlite-node-sqlite3-sqlite-cantopen-unable-to-open-database-file", "blog",
      "SQLite creates the database file but not its directory; opening a path whose parent directory does not "
      "exist fails with SQLITE_CANTOPEN.",
      "The app opens ./data/app.db on a fresh checkout where data/ was never created; the open callback gets "
      "SQLITE_CANTOPEN: unable to open database file and the server exits.",
      ("sqlite3", "express"), "express", "sqlite", r"SQLITE_CANTOPEN: unable to open database file")
def _(ctx):
    app = """
const express = require('express');
const sqlite3 = require('sqlite3');
const db = new sqlite3.Database('./data/app.db', (err) => {
  if (err) { console.error('could not open database', err); process.exit(1); }
});
const app = express();
app.get('/health', (req, res) => res.json({ ok: true }));
app.listen(process.env.PORT);
"""
    return run(ctx, {"app.js": app}, ["node", "app.js"], timeout=20)


# --------------------------------------------------------------------------------------------
# better-sqlite3
# --------------------------------------------------------------------------------------------


@case("bs3-all-on-insert", "data.orm.api_misuse", "node-stack",
      "https://tessl.io/registry/tessl/npm-better-sqlite3/files/docs/statement-execution.md", "docs",
      "better-sqlite3 splits execution by statement kind: run() for statements that change data, get()/all() "
      "for statements that return rows; calling all() on an INSERT without RETURNING is refused.",
      "The Hono handler calls .all() on an INSERT statement; better-sqlite3 throws TypeError: This statement does "
      "not return data. Use run() instead.",
      ("better-sqlite3", "hono", "@hono/node-server"), "hono", "sqlite", r"This statement does not return data\. Use run\(\) instead")
def _(ctx):
    app = """
const { Hono } = require('hono');
const { serve } = require('@hono/node-server');
const Database = require('better-sqlite3');
const db = new Database(':memory:');
db.exec('CREATE TABLE todos (id INTEGER PRIMARY KEY, title TEXT NOT NULL)');
const app = new Hono();
app.post('/todos', async (c) => {
  const { title } = await c.req.json();
  const result = db.prepare('INSERT INTO todos (title) VALUES (?)').all(title);
  return c.json(result, 201);
});
app.onError((err, c) => { console.error(err); return c.json({ error: err.message }, 500); });
serve({ fetch: app.fetch, port: +process.env.PORT });
"""
    return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/todos", "json": {"title": "buy milk"}}])


@case("bs3-bind-boolean", "data.orm.driver_type", "jest",
      "https://blog.manos-liakos.dev/sqlite3-booleans/", "blog",
      "SQLite has no boolean type and better-sqlite3 does not convert JavaScript booleans: they must be bound as "
      "1/0, otherwise the bind is rejected.",
      "The create route binds the JSON body's done: false directly; Jest shows the 500 and the logged TypeError: "
      "SQLite3 can only bind numbers, strings, bigints, buffers, and null.",
      ("better-sqlite3", "express", "jest", "supertest"), "express", "sqlite", r"SQLite3 can only bind numbers, strings, bigints, buffers, and null")
def _(ctx):
    app = """
const express = require('express');
const Database = require('better-sqlite3');
const db = new Database(':memory:');
db.exec('CREATE TABLE tasks (id INTEGER PRIMARY KEY, title TEXT, done INTEGER NOT NULL DEFAULT 0)');
const app = express();
app.use(express.json());
app.post('/tasks', (req, res, next) => {
  try {
    const info = db.prepare('INSERT INTO tasks (title, done) VALUES (?, ?)').run(req.body.title, req.body.done);
    res.status(201).json({ id: info.lastInsertRowid });
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).json({ error: err.message }); });
module.exports = app;
"""
    test = """
const request = require('supertest');
const app = require('./app');
test('creates an open task', async () => {
  const res = await request(app).post('/tasks').send({ title: 'write tests', done: false });
  expect(res.status).toBe(201);
});
"""
    return jest(ctx, {"app.js": app, "tasks.test.js": test})


@case("bs3-too-few-params", "data.query.bad_parameter", "pino-json",
      "https://raw.githubusercontent.com/wiselibs/better-sqlite3/HEAD/docs/api.md", "docs",
      "Every anonymous ? in a better-sqlite3 statement needs a bound value; calling the statement with fewer "
      "values than placeholders throws a RangeError before anything runs.",
      "The filtered listing has two ? placeholders but only the category is passed; Fastify's pino log shows "
      "RangeError: Too few parameter values were provided.",
      ("better-sqlite3", "fastify", "pino"), "fastify", "sqlite", r"Too few parameter values were provided")
def _(ctx):
    app = """
const fastify = require('fastify')({ logger: true });
const Database = require('better-sqlite3');
const db = new Database(':memory:');
db.exec('CREATE TABLE products (id INTEGER PRIMARY KEY, category TEXT, price REAL)');
const byCategory = db.prepare('SELECT * FROM products WHERE category = ? AND price <= ? ORDER BY price');
fastify.get('/products', async (req) => {
  const { category, maxPrice } = req.query;
  return maxPrice ? byCategory.all(category, Number(maxPrice)) : byCategory.all(category);
});
fastify.listen({ port: +process.env.PORT, host: '127.0.0.1' });
"""
    return serve(ctx, {"app.js": app}, [{"path": "/products?category=books"}], shape="pino-json")


@case("bs3-postgres-style-placeholders", "data.query.dialect", "ci-timestamp",
      "https://deverrors.com/errors/sqlite-sqlite-range-2nd-parameter-to-sqlite3-bind-out", "blog",
      "SQLite reads $name as a named parameter, so PostgreSQL-style $1, $2 placeholders do not take positional "
      "values; better-sqlite3 then counts the positional arguments as extra.",
      "Code ported from node-postgres keeps WHERE id = $1; better-sqlite3 treats $1 as a named parameter and "
      "throws RangeError: Too many parameter values were provided, in the timestamped log.",
      ("better-sqlite3", "express"), "express", "sqlite", r"Too many parameter values were provided")
def _(ctx):
    app = """
const express = require('express');
const Database = require('better-sqlite3');
const db = new Database(':memory:');
db.exec("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ann')");
const app = express();
app.get('/users/:id', (req, res, next) => {
  try {
    const user = db.prepare('SELECT id, name FROM users WHERE id = $1').get(Number(req.params.id));
    res.json(user || null);
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err.stack); res.status(500).end(); });
app.listen(process.env.PORT, () => console.log('listening'));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/users/1"}], shape="ci-timestamp")


@case("bs3-relative-db-path-new-file", "data.schema.missing_table", "node-stack",
      "https://raw.githubusercontent.com/wiselibs/better-sqlite3/HEAD/docs/api.md", "docs",
      "new Database(path) creates the file when it does not exist, and a relative path is resolved against the "
      "process's working directory; started from another directory, the app silently opens a new, empty database.",
      "The schema lives in server/app.db, but the server is started from the project root; better-sqlite3 "
      "creates an empty ./app.db there and the first query fails with SqliteError: no such table: notes.",
      ("better-sqlite3", "express"), "express", "sqlite", r"SqliteError: no such table: notes")
def _(ctx):
    app = """
const express = require('express');
const Database = require('better-sqlite3');
const db = new Database('app.db');
const app = express();
app.get('/notes', (req, res, next) => {
  try { res.json(db.prepare('SELECT * FROM notes').all()); } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).json({ error: err.message }); });
app.listen(process.env.PORT);
"""
    init = """
const Database = require('better-sqlite3');
const db = new Database(__dirname + '/app.db');
db.exec("CREATE TABLE IF NOT EXISTS notes (id INTEGER PRIMARY KEY, body TEXT); INSERT INTO notes (body) VALUES ('first')");
"""
    return serve(ctx, {"server/app.js": app, "server/init-db.js": init}, [{"path": "/notes"}],
                 cmd=["node", "server/app.js"], setup=["node", "server/init-db.js"])


@case("bs3-foreign-key-enforced", "data.schema.integrity", "status-line",
      "https://errorfaq.com/code/sqlite/SQLITE_CANTOPEN", "blog",
      "With foreign key enforcement on, inserting a child row whose parent does not exist is rejected with a "
      "FOREIGN KEY constraint failure.",
      "foreign_keys is switched on and the client posts a comment for post 999; the 500 body shows SqliteError "
      "FOREIGN KEY constraint failed.",
      ("better-sqlite3", "express"), "express", "sqlite", r"FOREIGN KEY constraint failed")
def _(ctx):
    app = """
const express = require('express');
const Database = require('better-sqlite3');
const db = new Database(':memory:');
db.pragma('foreign_keys = ON');
db.exec('CREATE TABLE posts (id INTEGER PRIMARY KEY, title TEXT); CREATE TABLE comments (id INTEGER PRIMARY KEY, post_id INTEGER NOT NULL REFERENCES posts(id), body TEXT)');
const app = express();
app.use(express.json());
app.post('/posts/:id/comments', (req, res) => {
  try {
    const info = db.prepare('INSERT INTO comments (post_id, body) VALUES (?, ?)').run(Number(req.params.id), req.body.body);
    res.status(201).json({ id: Number(info.lastInsertRowid) });
  } catch (err) {
    res.status(500).json({ error: err.code, message: err.message });
  }
});
app.listen(process.env.PORT);
"""
    return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/posts/999/comments", "json": {"body": "hi"}}],
                 client_only=True)


# --------------------------------------------------------------------------------------------
# knex
# --------------------------------------------------------------------------------------------


@case("knex-undefined-binding", "data.query.bad_parameter", "jest",
      "https://knexjs.org/guide/query-builder.html", "docs",
      "knex refuses to compile a query in which a where value is undefined, to avoid silently matching the "
      "wrong rows; the value usually comes from a request field that was not sent or is misnamed.",
      "The handler reads req.query.userId but the client sends user_id; knex throws Undefined binding(s) "
      "detected when compiling SELECT, seen in the Jest console output.",
      ("knex", "sqlite3", "express", "jest", "supertest"), "express", "sqlite", r"Undefined binding\(s\) detected when compiling SELECT")
def _(ctx):
    app = """
const express = require('express');
const knex = require('knex')({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
const app = express();
app.get('/orders', async (req, res, next) => {
  try {
    res.json(await knex('orders').where('user_id', req.query.userId));
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).json({ error: err.message }); });
module.exports = { app, knex };
"""
    test = """
const request = require('supertest');
const { app, knex } = require('./app');
beforeAll(() => knex.schema.createTable('orders', (t) => { t.increments('id'); t.integer('user_id'); }));
afterAll(() => knex.destroy());
test('lists the orders of one user', async () => {
  const res = await request(app).get('/orders?user_id=7');
  expect(res.status).toBe(200);
});
"""
    return jest(ctx, {"app.js": app, "orders.test.js": test})


@case("knex-pg-migrations-not-run", "data.schema.missing_table", "ci-timestamp",
      "https://dev-ref.com/errors/postgresql-42p01", "blog",
      "A fresh database has none of the application's tables until the migrations run (npx knex migrate:latest); "
      "starting the service without that step gives undefined_table errors.",
      "The repo ships a knex migration for users, but the deploy never ran knex migrate:latest; the first query "
      "fails with select ... from \"users\" - relation \"users\" does not exist.",
      ("knex", "pg", "express"), "express", "postgres", r'relation "users" does not exist')
def _(ctx):
    knexfile = """
module.exports = { client: 'pg', connection: process.env.DATABASE_URL, migrations: { directory: './migrations' } };
"""
    migration = """
exports.up = (knex) => knex.schema.createTable('users', (t) => { t.increments('id'); t.string('email').notNullable().unique(); });
exports.down = (knex) => knex.schema.dropTable('users');
"""
    app = """
const express = require('express');
const knex = require('knex')(require('./knexfile'));
const app = express();
app.get('/users', async (req, res, next) => {
  try { res.json(await knex('users').select('id', 'email')); } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err.message); res.status(500).end(); });
app.listen(process.env.PORT, () => console.log('api listening'));
"""
    files = {"knexfile.js": knexfile, "migrations/20240101000000_create_users.js": migration, "app.js": app}
    return serve(ctx, files, [{"path": "/users"}], pg=True, shape="ci-timestamp")


@case("knex-whereraw-binding-count", "data.query.bad_parameter", "node-stack",
      "https://knexjs.org/guide/query-builder.html", "docs",
      "whereRaw replaces each ? with one entry of the bindings array; when the SQL fragment and the array "
      "disagree in count, knex throws before sending anything.",
      "The date-range filter has two ? in whereRaw but passes a single binding; knex refuses to compile it with "
      "Expected 1 bindings, saw 2 (its count of values, then of placeholders), logged by the Express error handler.",
      ("knex", "sqlite3", "express"), "express", "sqlite", r"Expected 1 bindings, saw 2")
def _(ctx):
    app = """
const express = require('express');
const knex = require('knex')({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
const app = express();
app.get('/events', async (req, res, next) => {
  try {
    const rows = await knex('events').whereRaw('created_at BETWEEN ? AND ?', [req.query.from]);
    res.json(rows);
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).json({ error: err.message }); });
knex.schema.createTable('events', (t) => { t.increments('id'); t.string('created_at'); }).then(() => app.listen(process.env.PORT));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/events?from=2024-01-01&to=2024-02-01"}])


# --------------------------------------------------------------------------------------------
# TypeORM
# --------------------------------------------------------------------------------------------

TYPEORM_ENTITIES = """
import 'reflect-metadata';
import { Entity, PrimaryGeneratedColumn, Column, OneToMany, ManyToOne } from 'typeorm';

@Entity()
export class User {
  @PrimaryGeneratedColumn() id: number;
  @Column() email: string;
  @Column({ nullable: true }) name: string;
  @OneToMany(() => Post, (p) => p.author) posts: Post[];
}

@Entity()
export class Post {
  @PrimaryGeneratedColumn() id: number;
  @Column() title: string;
  @ManyToOne(() => User, (u) => u.posts) author: User;
}

@Entity()
export class Tag {
  @PrimaryGeneratedColumn() id: number;
  @Column() label: string;
}
"""


def _typeorm(ctx, app, requests, *, shape="ts-node", pg=False, cmd=None):
    files = {"tsconfig.json": TYPEORM_TSCONFIG, "entities.ts": TYPEORM_ENTITIES, "app.ts": app}
    return serve(ctx, files, requests, cmd=cmd or ["ts-node", "--transpile-only", "app.ts"], pg=pg, shape=shape)


TYPEORM_TSCONFIG = TSCONFIG


@case("typeorm-entity-not-registered", "data.orm.api_misuse", "ts-node",
      "https://www.volcengine.com/article/1532161", "qa",
      "TypeORM only knows the entities listed in the DataSource's entities option; asking for the repository of "
      "a class that is not listed (or not matched by the glob) throws EntityMetadataNotFoundError.",
      "The DataSource lists User and Post but the tags route asks for Tag's repository; under ts-node the server "
      "logs EntityMetadataNotFoundError: No metadata for \"Tag\" was found.",
      ("typeorm", "better-sqlite3", "express", "ts-node"), "express", "sqlite", r'No metadata for "Tag" was found')
def _(ctx):
    app = """
import express from 'express';
import { DataSource } from 'typeorm';
import { User, Post, Tag } from './entities';
const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [User, Post], synchronize: true });
const app = express();
app.get('/tags', async (req, res, next) => {
  try { res.json(await ds.getRepository(Tag).find()); } catch (err) { next(err); }
});
app.use((err: any, req: any, res: any, next: any) => { console.error(err); res.status(500).json({ error: err.message }); });
ds.initialize().then(() => app.listen(process.env.PORT, () => console.log('listening')));
"""
    return _typeorm(ctx, app, [{"path": "/tags"}])


@case("typeorm-query-before-initialize", "data.orm.session_misuse", "ts-node",
      "https://typeorm.io/docs/data-source/data-source", "docs",
      "A DataSource does nothing until initialize() has been called (normally once at bootstrap); using its "
      "repositories before that fails because the entity metadata has not been built yet.",
      "The Koa app starts listening without ever calling AppDataSource.initialize() (the bootstrap step was "
      "dropped); the first request's getRepository(User).find() fails with No metadata for \"User\" was found.",
      ("typeorm", "better-sqlite3", "koa", "ts-node"), "koa", "sqlite", r'EntityMetadataNotFoundError: No metadata for "User" was found')
def _(ctx):
    app = """
import Koa from 'koa';
import Router from '@koa/router';
import { DataSource } from 'typeorm';
import { User, Post, Tag } from './entities';
export const AppDataSource = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [User, Post, Tag], synchronize: true });
const app = new Koa();
const router = new Router();
router.get('/users', async (ctx) => { ctx.body = await AppDataSource.getRepository(User).find(); });
app.on('error', (err) => console.error(err));
app.use(router.routes());
// the bootstrap file was supposed to call AppDataSource.initialize() before listening
app.listen(process.env.PORT, () => console.log('koa listening on ' + process.env.PORT));
"""
    return _typeorm(ctx, app, [{"path": "/users"}])


@case("typeorm-pg-not-null-column", "data.schema.integrity", "ts-node",
      "https://talkin.icu/blog/fixing-postgresql-not-null-constraint", "blog",
      "QueryFailedError: null value in column ... violates not-null constraint means the insert left a required "
      "column empty; the entity requires the field but the saved object does not carry it.",
      "The signup handler saves { mail } while the User entity's required column is email; PostgreSQL raises "
      "23502 and TypeORM surfaces QueryFailedError null value in column \"email\" ... violates not-null constraint.",
      ("typeorm", "pg", "express", "ts-node"), "express", "postgres", r'QueryFailedError: null value in column "email"')
def _(ctx):
    entities = """
import 'reflect-metadata';
import { Entity, PrimaryGeneratedColumn, Column } from 'typeorm';
@Entity()
export class User {
  @PrimaryGeneratedColumn() id!: number;
  @Column({ type: 'varchar' }) email!: string;
  @Column({ type: 'varchar', nullable: true }) name!: string | null;
}
"""
    app = """
import express from 'express';
import { DataSource } from 'typeorm';
import { User } from './entities';
const ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [User], synchronize: true });
const app = express();
app.use(express.json());
app.post('/signup', async (req, res, next) => {
  try {
    const user = await ds.getRepository(User).save({ mail: req.body.email, name: req.body.name } as any);
    res.status(201).json(user);
  } catch (err) { next(err); }
});
app.use((err: any, req: any, res: any, next: any) => { console.error(err); res.status(500).json({ error: err.message }); });
ds.initialize().then(() => app.listen(process.env.PORT));
"""
    files = {"tsconfig.json": TSCONFIG, "entities.ts": entities, "app.ts": app}
    return serve(ctx, files, [{"method": "POST", "path": "/signup", "json": {"email": "a@b.io", "name": "A"}}],
                 cmd=["ts-node", "--transpile-only", "app.ts"], pg=True)


@case("typeorm-relation-not-loaded", "data.orm.eager_loading", "ts-node",
      "https://thecodeforge.io/database/typeorm-basics/", "blog",
      "TypeORM does not load relations unless the find asks for them (relations option or a join); without it "
      "the relation property is simply undefined on the loaded entity.",
      "The handler maps user.posts after findOneBy without relations; posts is undefined and the server logs "
      "TypeError: Cannot read properties of undefined (reading 'map').",
      ("typeorm", "better-sqlite3", "express", "ts-node"), "express", "sqlite", r"Cannot read properties of undefined \(reading 'map'\)")
def _(ctx):
    app = """
import express from 'express';
import { DataSource } from 'typeorm';
import { User, Post, Tag } from './entities';
const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [User, Post, Tag], synchronize: true });
const app = express();
app.get('/users/:id/post-titles', async (req, res, next) => {
  try {
    const user = await ds.getRepository(User).findOneBy({ id: Number(req.params.id) });
    res.json(user.posts.map((p) => p.title));
  } catch (err) { next(err); }
});
app.use((err: any, req: any, res: any, next: any) => { console.error(err); res.status(500).json({ error: err.message }); });
ds.initialize().then(async () => {
  const u = await ds.getRepository(User).save({ email: 'a@b.io' });
  await ds.getRepository(Post).save({ title: 'hello', author: u });
  app.listen(process.env.PORT);
});
"""
    return _typeorm(ctx, app, [{"path": "/users/1/post-titles"}])


@case("typeorm-misspelled-relation", "data.orm.eager_loading", "pino-json",
      "https://onlinecast.org.uk/post/typeorm-one-on-one-entity-not-found-on-get-manager-find", "blog",
      "The names in a find's relations option must match the entity's relation properties exactly; a misspelled "
      "or non-existent relation name is rejected.",
      "The Fastify route asks for relations: ['articles'] while the User relation is called posts; TypeORM throws "
      "EntityPropertyNotFoundError: Property \"articles\" was not found in \"User\".",
      ("typeorm", "better-sqlite3", "fastify", "pino", "ts-node"), "fastify", "sqlite", r'Property \\"articles\\" was not found in \\"User\\"')
def _(ctx):
    app = """
import Fastify from 'fastify';
import { DataSource } from 'typeorm';
import { User, Post, Tag } from './entities';
const ds = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [User, Post, Tag], synchronize: true });
const fastify = Fastify({ logger: true });
fastify.get('/users', async () => ds.getRepository(User).find({ relations: ['articles'] }));
ds.initialize().then(() => fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' }));
"""
    return _typeorm(ctx, app, [{"path": "/users"}], shape="pino-json")


@case("typeorm-pg-synchronize-off-no-migrations", "data.schema.missing_table", "compose-prefix",
      "https://openillumi.com/?p=81847", "blog",
      "QueryFailedError relation ... does not exist from TypeORM means the table was never created: with "
      "synchronize off, the schema exists only once migrations have been run.",
      "The production DataSource sets synchronize: false and lists no migrations; the first query fails with "
      "QueryFailedError: relation \"user\" does not exist in the honcho-prefixed log.",
      ("typeorm", "pg", "express", "ts-node"), "express", "postgres", r'QueryFailedError: relation "user" does not exist')
def _(ctx):
    app = """
import express from 'express';
import { DataSource } from 'typeorm';
import { User, Post, Tag } from './entities';
const ds = new DataSource({ type: 'postgres', url: process.env.DATABASE_URL, entities: [User, Post, Tag], synchronize: false });
const app = express();
app.get('/users', async (req, res, next) => {
  try { res.json(await ds.getRepository(User).find()); } catch (err) { next(err); }
});
app.use((err: any, req: any, res: any, next: any) => { console.error(err); res.status(500).json({ error: err.message }); });
ds.initialize().then(() => app.listen(process.env.PORT, () => console.log('listening on ' + process.env.PORT)));
"""
    return _typeorm(ctx, app, [{"path": "/users"}], shape="compose-prefix", pg=True)


# --------------------------------------------------------------------------------------------
# Drizzle
# --------------------------------------------------------------------------------------------


@case("drizzle-schema-never-pushed", "data.schema.missing_table", "node-stack",
      "https://dev.to/saiful7778/drizzle-sqlite-setup-one-schema-no-drift-48ha", "blog",
      "A table declared in the Drizzle schema exists in the database only after drizzle-kit push or a generated "
      "migration has been applied; querying it before that fails with no such table.",
      "The user_events table is declared in schema.js but nothing ever created it in the SQLite file; the "
      "Hono handler's select fails with SqliteError: no such table: user_events.",
      ("drizzle-orm", "better-sqlite3", "hono", "@hono/node-server"), "hono", "sqlite", r"SqliteError: no such table: user_events")
def _(ctx):
    schema = """
const { sqliteTable, integer, text } = require('drizzle-orm/sqlite-core');
exports.users = sqliteTable('users', { id: integer('id').primaryKey(), name: text('name') });
exports.userEvents = sqliteTable('user_events', { id: integer('id').primaryKey(), userId: integer('user_id'), kind: text('kind') });
"""
    app = """
const { Hono } = require('hono');
const { serve } = require('@hono/node-server');
const Database = require('better-sqlite3');
const { drizzle } = require('drizzle-orm/better-sqlite3');
const { userEvents } = require('./schema');
const sqlite = new Database(__dirname + '/local.db');
sqlite.exec('CREATE TABLE IF NOT EXISTS users (id INTEGER PRIMARY KEY, name TEXT)');
const db = drizzle(sqlite);
const app = new Hono();
app.get('/events', (c) => c.json(db.select().from(userEvents).all()));
app.onError((err, c) => { console.error(err); return c.json({ error: 'internal' }, 500); });
serve({ fetch: app.fetch, port: +process.env.PORT });
"""
    return serve(ctx, {"schema.js": schema, "app.js": app}, [{"path": "/events"}])


@case("drizzle-json-object-into-text", "data.orm.driver_type", "status-line",
      "https://raw.githubusercontent.com/wiselibs/better-sqlite3/HEAD/docs/api.md", "docs",
      "better-sqlite3 binds only primitives; a plain object passed as a value is read as a set of named "
      "parameters, so a nested JSON object sent into a text() column breaks the insert.",
      "The Drizzle insert receives the request's address object for a text column; better-sqlite3 reads it as "
      "named parameters and the 500 body shows RangeError: Too few parameter values were provided.",
      ("drizzle-orm", "better-sqlite3", "express"), "express", "sqlite", r"Too few parameter values were provided")
def _(ctx):
    app = """
const express = require('express');
const Database = require('better-sqlite3');
const { drizzle } = require('drizzle-orm/better-sqlite3');
const { sqliteTable, integer, text } = require('drizzle-orm/sqlite-core');
const customers = sqliteTable('customers', { id: integer('id').primaryKey(), name: text('name'), address: text('address') });
const sqlite = new Database(':memory:');
sqlite.exec('CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, address TEXT)');
const db = drizzle(sqlite);
const app = express();
app.use(express.json());
app.post('/customers', (req, res) => {
  try {
    const row = db.insert(customers).values({ name: req.body.name, address: req.body.address }).returning().get();
    res.status(201).json(row);
  } catch (err) {
    res.status(500).json({ error: err.name + ': ' + err.message });
  }
});
app.listen(process.env.PORT);
"""
    body = {"name": "Ann", "address": {"street": "1 Main St", "city": "Springfield"}}
    return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/customers", "json": body}], client_only=True)
