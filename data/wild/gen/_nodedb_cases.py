"""nodedb cases, part 1: hand-written SQL on node-postgres, sqlite3 and better-sqlite3."""

from __future__ import annotations

from _nodedb_kit import jest, mocha, run, serve

PG_POOL = """
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
"""

ERR = """
app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).json({ error: err.message });
});
"""


def register(case):
    @case("pg-reserved-word-user-table", "data.query.sql_text", "ci-timestamp",
          "https://deverrors.com/errors/postgresql-reserved-name", "blog",
          "USER is a reserved key word in PostgreSQL, so a table named user cannot be created or queried "
          "without double quotes; the unquoted name makes the statement a syntax error.",
          "The migration script runs CREATE TABLE user (...); PostgreSQL stops at the key word and reports "
          "syntax error at or near \"user\", so the schema is never created.",
          ("pg",), None, "postgres", r'syntax error at or near "user"')
    def _(ctx):
        script = PG_POOL + """
async function migrate() {
  await pool.query(`CREATE TABLE IF NOT EXISTS user (
    id SERIAL PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL
  )`);
  console.log('migrated');
}
migrate().catch((err) => { console.error(err); process.exit(1); }).finally(() => pool.end());
"""
        return run(ctx, {"migrate.js": script}, ["node", "migrate.js"], shape="ci-timestamp", pg=True)

    @case("pg-double-quoted-string-literal", "data.query.sql_text", "node-stack",
          "https://openillumi.com/en/en-postgresql-quotes-single-double-usage", "blog",
          "In PostgreSQL double quotes delimit identifiers and only single quotes make string constants, so a value "
          "written in double quotes is looked up as a column and the query fails with column does not exist.",
          "The handler filters with status = \"active\"; PostgreSQL reads \"active\" as a column name and answers "
          "column \"active\" does not exist, logged by the Express error handler.",
          ("pg", "express"), "express", "postgres", r'column "active" does not exist')
    def _(ctx):
        app = """
const express = require('express');
""" + PG_POOL + """
const app = express();
app.get('/users/active', async (req, res, next) => {
  try {
    const { rows } = await pool.query('SELECT id, email FROM users WHERE status = "active" ORDER BY id');
    res.json(rows);
  } catch (err) { next(err); }
});
""" + ERR + """
pool.query("CREATE TABLE users (id SERIAL PRIMARY KEY, email TEXT, status TEXT NOT NULL DEFAULT 'active')")
  .then(() => app.listen(process.env.PORT, () => console.log('api on ' + process.env.PORT)));
"""
        return serve(ctx, {"app.js": app}, [{"path": "/users/active"}], pg=True)

    @case("pg-count-bigint-as-string", "data.orm.driver_type", "jest",
          "https://node-postgres.com/features/types", "docs",
          "node-postgres returns int8 (bigint) values as JavaScript strings because they can exceed the safe "
          "integer range, and COUNT(*) is int8, so a count comes back as \"3\" unless it is cast or parsed.",
          "The stats endpoint returns SELECT COUNT(*) straight from the row; Jest expected the number 3 and "
          "received the string \"3\".",
          ("pg", "express", "jest", "supertest"), "express", "postgres", r'Expected: 3\s+Received: "3"')
    def _(ctx):
        app = """
const express = require('express');
""" + PG_POOL + """
const app = express();
app.get('/stats', async (req, res) => {
  const { rows } = await pool.query('SELECT COUNT(*) AS total FROM orders');
  res.json({ orders: rows[0].total });
});
module.exports = { app, pool };
"""
        test = """
const request = require('supertest');
const { app, pool } = require('./app');
beforeAll(async () => {
  await pool.query('CREATE TABLE orders (id SERIAL PRIMARY KEY, amount INTEGER)');
  await pool.query('INSERT INTO orders (amount) VALUES (10), (20), (30)');
});
afterAll(() => pool.end());
test('GET /stats counts orders', async () => {
  const res = await request(app).get('/stats');
  expect(res.status).toBe(200);
  expect(res.body.orders).toBe(3);
});
"""
        return jest(ctx, {"app.js": app, "stats.test.js": test}, pg=True)

    @case("pg-integer-division-average", "data.query.derived_fields", "mocha",
          "https://datacomy.com/sql/postgresql/division/", "blog",
          "Dividing two integer expressions in PostgreSQL is integer division: the fractional part is dropped, so "
          "an average computed as SUM(x) / COUNT(x) over integers is truncated unless one side is cast.",
          "The rating endpoint computes SUM(stars) / COUNT(*) on an integer column; for 4 and 3 stars the API "
          "answers 3 where the test expects 3.5.",
          ("pg", "express", "mocha", "supertest", "chai"), "express", "postgres", r"expected 3 to equal 3\.5")
    def _(ctx):
        app = """
const express = require('express');
""" + PG_POOL + """
const app = express();
app.get('/products/:id/rating', async (req, res) => {
  const { rows } = await pool.query(
    'SELECT SUM(stars) / COUNT(*) AS average FROM reviews WHERE product_id = $1', [req.params.id]);
  res.json({ average: Number(rows[0].average) });
});
module.exports = { app, pool };
"""
        test = """
const request = require('supertest');
const { expect } = require('chai');
const { app, pool } = require('./app');
describe('GET /products/:id/rating', () => {
  before(async () => {
    await pool.query('CREATE TABLE reviews (id SERIAL PRIMARY KEY, product_id INTEGER, stars INTEGER)');
    await pool.query('INSERT INTO reviews (product_id, stars) VALUES (1, 4), (1, 3)');
  });
  after(() => pool.end());
  it('returns the mean of the star ratings', async () => {
    const res = await request(app).get('/products/1/rating');
    expect(res.body.average).to.equal(3.5);
  });
});
"""
        return mocha(ctx, {"app.js": app, "test.js": test}, pg=True)

    @case("bs3-left-join-count-star", "data.query.derived_fields", "jest",
          "https://www.sqlpad.io/tutorial/sql-count-with-left-join-zero-rows-distinct-and-many-to-many-traps/", "blog",
          "After a LEFT JOIN, COUNT(*) counts joined rows, so a parent with no children still yields 1; counting a "
          "column of the joined table (COUNT(child.id)) gives the expected 0.",
          "The authors endpoint counts books with COUNT(*) over authors LEFT JOIN books; the author without books "
          "gets book_count 1 and the Jest assertion expecting 0 fails.",
          ("better-sqlite3", "express", "jest", "supertest"), "express", "sqlite", r"Expected: 0\s+Received: 1")
    def _(ctx):
        app = """
const express = require('express');
const Database = require('better-sqlite3');
const db = new Database(':memory:');
db.exec(`CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT);
         CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors(id), title TEXT);
         INSERT INTO authors (id, name) VALUES (1, 'Le Guin'), (2, 'Newcomer');
         INSERT INTO books (author_id, title) VALUES (1, 'The Dispossessed'), (1, 'The Lathe of Heaven');`);
const app = express();
app.get('/authors', (req, res) => {
  const rows = db.prepare(`SELECT a.id, a.name, COUNT(*) AS book_count
                           FROM authors a LEFT JOIN books b ON b.author_id = a.id
                           GROUP BY a.id ORDER BY a.id`).all();
  res.json(rows);
});
module.exports = app;
"""
        test = """
const request = require('supertest');
const app = require('./app');
test('authors list their number of books', async () => {
  const res = await request(app).get('/authors');
  expect(res.body[0].book_count).toBe(2);
  expect(res.body[1].book_count).toBe(0);
});
"""
        return jest(ctx, {"app.js": app, "authors.test.js": test})

    @case("pg-order-by-bound-parameter", "data.query.pagination", "jest",
          "https://dev.shade.cool/yugabyte/postgresql-prepared-out-of-order-order-by-41kh", "blog",
          "A bind parameter is a value, never an identifier: ORDER BY $1 with a column name sorts by a constant "
          "string, so the rows come back in no particular order and no error is raised.",
          "The list endpoint passes the sort column from the query string as $1; PostgreSQL orders by the "
          "constant 'price', the rows keep insertion order and the Jest check on the cheapest item fails.",
          ("pg", "express", "jest", "supertest"), "express", "postgres", r'Expected: "pen"\s+Received: "laptop"')
    def _(ctx):
        app = """
const express = require('express');
""" + PG_POOL + """
const app = express();
app.get('/products', async (req, res) => {
  const sort = req.query.sort || 'id';
  const { rows } = await pool.query('SELECT id, name, price FROM products ORDER BY $1 LIMIT 10', [sort]);
  res.json(rows);
});
module.exports = { app, pool };
"""
        test = """
const request = require('supertest');
const { app, pool } = require('./app');
beforeAll(async () => {
  await pool.query('CREATE TABLE products (id SERIAL PRIMARY KEY, name TEXT, price NUMERIC(10,2))');
  await pool.query("INSERT INTO products (name, price) VALUES ('laptop', 999), ('pen', 1.5), ('desk', 250)");
});
afterAll(() => pool.end());
test('sorts products by price', async () => {
  const res = await request(app).get('/products?sort=price');
  expect(res.body[0].name).toBe('pen');
});
"""
        return jest(ctx, {"app.js": app, "products.test.js": test}, pg=True)

    @case("pg-distinct-order-by-not-selected", "data.query.sql_text", "pino-json",
          "https://taourl.com/read-1865324.html", "blog",
          "With SELECT DISTINCT every ORDER BY expression has to be one of the selected columns, because after "
          "duplicates are removed the database has no single value of another column to sort by.",
          "The tags endpoint selects DISTINCT tag names ordered by created_at; PostgreSQL rejects it with "
          "for SELECT DISTINCT, ORDER BY expressions must appear in select list (42P10), logged by pino.",
          ("pg", "fastify", "pino"), "fastify", "postgres", r"for SELECT DISTINCT, ORDER BY expressions must appear in select list")
    def _(ctx):
        app = """
const fastify = require('fastify')({ logger: true });
""" + PG_POOL + """
fastify.get('/tags/recent', async () => {
  const { rows } = await pool.query(
    'SELECT DISTINCT t.name FROM tags t JOIN post_tags pt ON pt.tag_id = t.id ORDER BY pt.created_at DESC LIMIT 10');
  return rows.map((r) => r.name);
});
(async () => {
  await pool.query(`CREATE TABLE tags (id SERIAL PRIMARY KEY, name TEXT UNIQUE);
    CREATE TABLE post_tags (post_id INTEGER, tag_id INTEGER REFERENCES tags(id), created_at TIMESTAMPTZ DEFAULT now())`);
  await fastify.listen({ port: +process.env.PORT, host: '127.0.0.1' });
})();
"""
        return serve(ctx, {"app.js": app}, [{"path": "/tags/recent"}], pg=True, shape="pino-json")

    @case("pg-subquery-without-alias", "data.query.sql_text", "ci-timestamp",
          "https://thesev1database.com/errors/msg-subquery-in-from-must-have-an-alias/", "blog",
          "PostgreSQL (before 16) requires every subquery in FROM to have an alias; a derived table written without "
          "one is a syntax error, although SQLite and MySQL-style habits omit it.",
          "The report script wraps a grouped query in SELECT ... FROM ( ... ) with no alias; PostgreSQL 15 stops "
          "with subquery in FROM must have an alias in the timestamped CI log.",
          ("pg",), None, "postgres", r"subquery in FROM must have an alias")
    def _(ctx):
        script = PG_POOL + """
async function report() {
  await pool.query('CREATE TABLE orders (id SERIAL PRIMARY KEY, customer_id INTEGER, total NUMERIC(10,2))');
  await pool.query('INSERT INTO orders (customer_id, total) VALUES (1, 10), (1, 30), (2, 5)');
  const { rows } = await pool.query(`
    SELECT AVG(spent) AS avg_spent_per_customer
    FROM (SELECT customer_id, SUM(total) AS spent FROM orders GROUP BY customer_id)`);
  console.log('average spend per customer', rows[0]);
}
report().catch((err) => { console.error(err); process.exitCode = 1; }).finally(() => pool.end());
"""
        return run(ctx, {"report.js": script}, ["node", "report.js"], shape="ci-timestamp", pg=True)

    @case("pg-select-alias-in-where", "data.query.sql_text", "compose-prefix",
          "https://dba.stackexchange.com/questions/225874/using-column-alias-in-a-where-clause-doesnt-work", "qa",
          "A column alias defined in the SELECT list cannot be used in WHERE (or HAVING), which are evaluated before "
          "the select list; the expression must be repeated or the query wrapped in a subquery.",
          "The handler computes price * quantity AS line_total and filters WHERE line_total > $1; PostgreSQL "
          "answers column \"line_total\" does not exist in the honcho-prefixed log. The column is an alias, not a "
          "missing schema column.",
          ("pg", "express"), "express", "postgres", r'column "line_total" does not exist')
    def _(ctx):
        app = """
const express = require('express');
""" + PG_POOL + """
const app = express();
app.get('/order-lines/large', async (req, res, next) => {
  try {
    const { rows } = await pool.query(
      'SELECT id, price * quantity AS line_total FROM order_lines WHERE line_total > $1 ORDER BY line_total DESC',
      [Number(req.query.min || 100)]);
    res.json(rows);
  } catch (err) { next(err); }
});
""" + ERR + """
pool.query('CREATE TABLE order_lines (id SERIAL PRIMARY KEY, price NUMERIC(10,2), quantity INTEGER)')
  .then(() => app.listen(process.env.PORT, () => console.log('listening on ' + process.env.PORT)));
"""
        return serve(ctx, {"app.js": app}, [{"path": "/order-lines/large?min=50"}], pg=True, shape="compose-prefix")

    @case("pg-mysql-auto-increment-ddl", "data.query.dialect", "node-unhandled-rejection",
          "https://stackoverflow.com/questions/787722/whats-the-postgresql-datatype-equivalent-to-mysql-auto-increment", "qa",
          "AUTO_INCREMENT is MySQL syntax; PostgreSQL has no such column attribute and uses SERIAL or an identity "
          "column, so MySQL DDL fails with a syntax error.",
          "The app creates its table at boot with id INT AUTO_INCREMENT PRIMARY KEY; the un-awaited boot promise "
          "rejects with syntax error at or near \"AUTO_INCREMENT\" and Node exits.",
          ("pg", "express"), "express", "postgres", r'syntax error at or near "AUTO_INCREMENT"')
    def _(ctx):
        app = """
const express = require('express');
""" + PG_POOL + """
const app = express();
app.get('/notes', async (req, res) => res.json((await pool.query('SELECT * FROM notes')).rows));
async function boot() {
  await pool.query(`CREATE TABLE IF NOT EXISTS notes (
    id INT AUTO_INCREMENT PRIMARY KEY,
    body TEXT NOT NULL,
    created_at TIMESTAMP DEFAULT CURRENT_TIMESTAMP
  )`);
  app.listen(process.env.PORT, () => console.log('notes api ready'));
}
boot();
"""
        return run(ctx, {"app.js": app}, ["node", "app.js"], pg=True)

    @case("pg-mysql-backtick-identifiers", "data.query.dialect", "status-line",
          "https://www.itcodar.com/sql/what-does-the-sql-standard-say-about-usage-of-backtick.html", "qa",
          "Backticks quote identifiers only in MySQL; standard SQL and PostgreSQL use double quotes, and a backtick "
          "is not a valid token for the PostgreSQL parser.",
          "The query was written with MySQL backtick-quoted names; the 500 body carries PostgreSQL's syntax error "
          "at or near \"`\".",
          ("pg", "express"), "express", "postgres", r'syntax error at or near \\"`\\"')
    def _(ctx):
        app = """
const express = require('express');
""" + PG_POOL + """
const app = express();
app.get('/orders/:id', async (req, res) => {
  try {
    const { rows } = await pool.query('SELECT * FROM `orders` WHERE `id` = $1', [req.params.id]);
    res.json(rows[0] || null);
  } catch (err) {
    res.status(500).json({ error: err.message, code: err.code });
  }
});
pool.query('CREATE TABLE orders (id SERIAL PRIMARY KEY, status TEXT, total NUMERIC)').then(() => app.listen(process.env.PORT));
"""
        return serve(ctx, {"app.js": app}, [{"path": "/orders/1"}], pg=True, client_only=True)
