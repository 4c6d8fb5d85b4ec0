"""nodedb cases, part 5: silent query-builder mistakes seen through tests (Drizzle, knex, TypeORM)."""

from __future__ import annotations

from _nodedb_kit import jest, mocha


def register(case):
    @case("drizzle-update-without-where", "data.query.filter", "mocha",
          "https://biomejs.dev/linter/rules/no-drizzle-update-without-where", "docs",
          "A Drizzle update built with .set() and no .where() is sent as an UPDATE of every row of the table.",
          "The rename endpoint runs db.update(users).set({ name }) and forgets .where(eq(users.id, id)); the mocha "
          "test finds the other user renamed too.",
          ("drizzle-orm", "better-sqlite3", "express", "mocha", "supertest", "chai"), "express", "sqlite",
          r"expected 'renamed' to equal 'bob'")
    def _(ctx):
        app = """
const express = require('express');
const Database = require('better-sqlite3');
const { drizzle } = require('drizzle-orm/better-sqlite3');
const { sqliteTable, integer, text } = require('drizzle-orm/sqlite-core');
const { eq } = require('drizzle-orm');
const sqlite = new Database(':memory:');
sqlite.exec('CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
const users = sqliteTable('users', { id: integer('id').primaryKey(), name: text('name').notNull() });
const db = drizzle(sqlite);
const app = express();
app.use(express.json());
app.patch('/users/:id', async (req, res) => {
  await db.update(users).set({ name: req.body.name });
  const [user] = await db.select().from(users).where(eq(users.id, Number(req.params.id)));
  res.json(user);
});
app.get('/users/:id', async (req, res) => {
  const [user] = await db.select().from(users).where(eq(users.id, Number(req.params.id)));
  res.json(user);
});
module.exports = { app, db, users };
"""
        test = """
const request = require('supertest');
const { expect } = require('chai');
const { app, db, users } = require('./app');
describe('PATCH /users/:id', () => {
  before(() => db.insert(users).values([{ id: 1, name: 'ann' }, { id: 2, name: 'bob' }]));
  it('renames only that user', async () => {
    await request(app).patch('/users/1').send({ name: 'renamed' }).expect(200);
    const other = await request(app).get('/users/2');
    expect(other.body.name).to.equal('bob');
  });
});
"""
        return mocha(ctx, {"app.js": app, "test.js": test})

    @case("knex-query-builder-never-awaited", "data.orm.api_misuse", "jest",
          "https://engineering.leanix.net/blog/knex-promise-resolution-decoded/", "blog",
          "A knex query builder only runs when it is awaited or its then() is called; a builder that is created and "
          "neither awaited nor returned is never sent to the database.",
          "The repository's create() builds knex('todos').insert(...) without await or return; the POST answers 201 "
          "but nothing is written, and the Jest check on the list receives an empty array.",
          ("knex", "sqlite3", "express", "jest", "supertest"), "express", "sqlite", r"Expected length: 1\s+Received length: 0")
    def _(ctx):
        app = """
const express = require('express');
const knex = require('knex')({ client: 'sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
const todos = {
  async create(todo) {
    knex('todos').insert({ title: todo.title, done: false });
  },
  list() {
    return knex('todos').select('*').orderBy('id');
  },
};
const app = express();
app.use(express.json());
app.post('/todos', async (req, res) => { await todos.create(req.body); res.status(201).json({ ok: true }); });
app.get('/todos', async (req, res) => res.json(await todos.list()));
module.exports = { app, knex };
"""
        test = """
const request = require('supertest');
const { app, knex } = require('./app');
beforeAll(() => knex.schema.createTable('todos', (t) => { t.increments('id'); t.string('title'); t.boolean('done'); }));
afterAll(() => knex.destroy());
test('a created todo shows up in the list', async () => {
  await request(app).post('/todos').send({ title: 'buy milk' }).expect(201);
  const res = await request(app).get('/todos');
  expect(res.body).toHaveLength(1);
});
"""
        return jest(ctx, {"app.js": app, "todos.test.js": test})

    @case("typeorm-findone-undefined-where-value", "data.query.filter", "jest",
          "https://openillumi.com/en/en-typeorm-where-undefined-find-all-fix", "blog",
          "TypeORM drops a where property whose value is undefined, so findOne({ where: { field: undefined } }) has "
          "no condition left and returns the first row of the table.",
          "The lookup reads req.query.mail while the client sends email, so the where value is undefined; findOne "
          "returns the first user (the admin) and the Jest assertion on the e-mail fails.",
          ("typeorm", "better-sqlite3", "express", "jest", "supertest"), "express", "sqlite",
          r'Expected: "bo@example\.com"\s+Received: "admin@example\.com"')
    def _(ctx):
        app = """
require('reflect-metadata');
const express = require('express');
const { DataSource, EntitySchema } = require('typeorm');
const User = new EntitySchema({
  name: 'User', tableName: 'users',
  columns: { id: { type: Number, primary: true, generated: true }, email: { type: String }, role: { type: String } },
});
const db = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [User], synchronize: true });
const app = express();
app.get('/users/lookup', async (req, res) => {
  const user = await db.getRepository(User).findOne({ where: { email: req.query.mail } });
  if (!user) return res.sendStatus(404);
  res.json(user);
});
module.exports = { app, db, User };
"""
        test = """
const request = require('supertest');
const { app, db, User } = require('./app');
beforeAll(async () => {
  await db.initialize();
  await db.getRepository(User).save([{ email: 'admin@example.com', role: 'admin' }, { email: 'bo@example.com', role: 'user' }]);
});
afterAll(() => db.destroy());
test('looks a user up by e-mail', async () => {
  const res = await request(app).get('/users/lookup?email=bo@example.com');
  expect(res.body.email).toBe('bo@example.com');
});
"""
        return jest(ctx, {"app.js": app, "lookup.test.js": test})

    @case("sqlite3-like-on-comma-separated-tags", "data.query.filter", "jest",
          "https://datafield.dev/sql/part-03/chapter-17/case-study-02.html", "blog",
          "Tags kept as one comma-separated text column can only be searched with LIKE '%tag%', which also matches "
          "every longer tag that contains the text (postgres matches postgresql); a junction table avoids it.",
          "The tag filter runs tags LIKE '%' || ? || '%' on the articles table; the article tagged postgresql comes "
          "back for ?tag=postgres and the Jest equality on the titles fails.",
          ("sqlite3", "express", "jest", "supertest"), "express", "sqlite", r'"Tuning PostgreSQL"')
    def _(ctx):
        app = """
const express = require('express');
const sqlite3 = require('sqlite3');
const db = new sqlite3.Database(':memory:');
const app = express();
app.get('/articles', (req, res, next) => {
  db.all("SELECT title FROM articles WHERE tags LIKE '%' || ? || '%' ORDER BY id", [req.query.tag], (err, rows) => {
    if (err) return next(err);
    res.json(rows.map((r) => r.title));
  });
});
function seed() {
  return new Promise((resolve, reject) => db.exec(`
    CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT, tags TEXT);
    INSERT INTO articles (title, tags) VALUES ('Intro to postgres', 'postgres,databases'),
      ('Tuning PostgreSQL', 'postgresql,performance'), ('Cooking pasta', 'food');`, (err) => (err ? reject(err) : resolve())));
}
module.exports = { app, seed };
"""
        test = """
const request = require('supertest');
const { app, seed } = require('./app');
beforeAll(seed);
test('filters articles by an exact tag', async () => {
  const res = await request(app).get('/articles?tag=postgres');
  expect(res.body).toEqual(['Intro to postgres']);
});
"""
        return jest(ctx, {"app.js": app, "tags.test.js": test})
