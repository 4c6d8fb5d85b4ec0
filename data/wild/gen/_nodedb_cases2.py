"""nodedb cases, part 2: transactions, pools, ORM and query-builder misuse."""

from __future__ import annotations

from _nodedb_kit import mocha, serve

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
    @case("knex-query-outside-transaction-pool-timeout", "data.orm.pool_exhaustion", "node-stack",
          "https://www.codejam.info/2024/05/knex-timeout-pool-full.html", "blog",
          "A query issued on the global knex object inside a transaction callback (instead of on trx) needs a second "
          "pooled connection; when the transactions hold every connection, those queries wait forever and knex "
          "times out acquiring a connection.",
          "The order handler opens knex.transaction and, inside it, reads the product with knex(...) instead of "
          "trx(...); with pool max 1 the inner query cannot get a connection and fails with KnexTimeoutError: "
          "Timeout acquiring a connection. The pool is probably full.",
          ("knex", "pg", "express"), "express", "postgres", r"Timeout acquiring a connection\. The pool is probably full")
    def _(ctx):
        app = """
const express = require('express');
const knex = require('knex')({
  client: 'pg', connection: process.env.DATABASE_URL,
  pool: { min: 0, max: 1 }, acquireConnectionTimeout: 2000,
});
const app = express();
app.use(express.json());
app.post('/orders', async (req, res, next) => {
  try {
    const order = await knex.transaction(async (trx) => {
      const [created] = await trx('orders').insert({ product_id: req.body.productId, qty: req.body.qty }).returning('*');
      const product = await knex('products').where({ id: req.body.productId }).first();
      await trx('products').where({ id: product.id }).decrement('stock', req.body.qty);
      return created;
    });
    res.status(201).json(order);
  } catch (err) { next(err); }
});
""" + ERR + """
(async () => {
  await knex.schema.createTable('products', (t) => { t.increments('id'); t.string('name'); t.integer('stock'); });
  await knex.schema.createTable('orders', (t) => { t.increments('id'); t.integer('product_id'); t.integer('qty'); });
  await knex('products').insert({ name: 'lamp', stock: 5 });
  app.listen(process.env.PORT, () => console.log('orders api listening'));
})();
"""
        return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/orders", "json": {"productId": 1, "qty": 1},
                                             "timeout": 15}], pg=True)

    @case("knex-raw-table-name-as-value-binding", "data.query.bad_parameter", "node-stack",
          "https://knexjs.org/guide/raw", "docs",
          "In knex.raw a single ? binds a value and ?? an identifier; a table or column name given to ? is sent "
          "as a parameter, which SQL does not allow in place of a name, so the statement fails to parse.",
          "The export route builds knex.raw('select * from ? ...', [table]); knex turns ? into $1 for PostgreSQL and "
          "the server reports syntax error at or near \"$1\".",
          ("knex", "pg", "express"), "express", "postgres", r'syntax error at or near "\$1"')
    def _(ctx):
        app = """
const express = require('express');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const app = express();
const EXPORTABLE = ['customers', 'invoices'];
app.get('/export/:table', async (req, res, next) => {
  try {
    if (!EXPORTABLE.includes(req.params.table)) return res.sendStatus(404);
    const result = await knex.raw('select * from ? order by id limit ?', [req.params.table, 100]);
    res.json(result.rows);
  } catch (err) { next(err); }
});
""" + ERR + """
knex.schema.createTable('customers', (t) => { t.increments('id'); t.string('name'); })
  .then(() => app.listen(process.env.PORT, () => console.log('export service up')));
"""
        return serve(ctx, {"app.js": app}, [{"path": "/export/customers"}], pg=True)

    @case("pg-serial-sequence-behind-seeded-ids", "data.schema.integrity", "pino-json",
          "https://runebook.dev/en/docs/postgresql/datatype/serial", "blog",
          "Rows inserted with explicit ids (a seed or data import) do not advance the SERIAL column's sequence, so "
          "the next insert that relies on the default draws an id that already exists and violates the primary key.",
          "The seed inserts categories 1-3 with fixed ids; the first POST lets the sequence pick id 1 and pino logs "
          "duplicate key value violates unique constraint \"categories_pkey\" (23505).",
          ("pg", "fastify", "pino"), "fastify", "postgres", r'duplicate key value violates unique constraint \\?"categories_pkey')
    def _(ctx):
        app = """
const fastify = require('fastify')({ logger: true });
""" + PG_POOL + """
fastify.post('/categories', async (req, reply) => {
  const { rows } = await pool.query('INSERT INTO categories (name) VALUES ($1) RETURNING *', [req.body.name]);
  reply.code(201);
  return rows[0];
});
(async () => {
  await pool.query('CREATE TABLE IF NOT EXISTS categories (id SERIAL PRIMARY KEY, name TEXT NOT NULL)');
  // seed data exported from the old database keeps its ids
  await pool.query("INSERT INTO categories (id, name) VALUES (1, 'books'), (2, 'music'), (3, 'games')");
  await fastify.listen({ port: +process.env.PORT, host: '127.0.0.1' });
})();
"""
        return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/categories", "json": {"name": "films"}}],
                     pg=True, shape="pino-json")

    @case("seq-update-result-returned-as-row", "data.orm.api_misuse", "mocha",
          "https://sebhastian.com/sequelize-update-example/", "blog",
          "Model.update() is a bulk UPDATE: it resolves to an array holding the number of affected rows (rows "
          "themselves only with returning on PostgreSQL), not to the updated record.",
          "The PATCH handler sends the result of Product.update() as the product; the client receives [1] and the "
          "mocha assertion on the new price fails.",
          ("sequelize", "sqlite3", "express", "mocha", "supertest", "chai"), "express", "sqlite",
          r"expected undefined to equal 12|expected \[ 1 \] to have property 'price'")
    def _(ctx):
        app = """
const express = require('express');
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize('sqlite::memory:', { logging: false });
const Product = sequelize.define('Product', { name: DataTypes.STRING, price: DataTypes.INTEGER });
const app = express();
app.use(express.json());
app.patch('/products/:id', async (req, res) => {
  const updated = await Product.update(req.body, { where: { id: req.params.id } });
  res.json(updated);
});
module.exports = { app, sequelize, Product };
"""
        test = """
const request = require('supertest');
const { expect } = require('chai');
const { app, sequelize, Product } = require('./app');
describe('PATCH /products/:id', () => {
  before(async () => { await sequelize.sync(); await Product.create({ name: 'mug', price: 9 }); });
  it('returns the updated product', async () => {
    const res = await request(app).patch('/products/1').send({ price: 12 });
    expect(res.status).to.equal(200);
    expect(res.body).to.have.property('price', 12);
  });
});
"""
        return mocha(ctx, {"app.js": app, "test.js": test})

    @case("seq-pg-include-where-with-limit-subquery", "data.orm.eager_loading", "compose-prefix",
          "https://errorhandle.ai/sequelize-nested-include-with-required-true-generates-invalid-join", "blog",
          "With a hasMany include and a limit, Sequelize moves the main model into a subquery; a top-level where that "
          "references the included table ($assoc.column$) then points at a table the subquery cannot see.",
          "The search route pages authors with limit 10 while filtering on '$books.title$'; the generated SQL puts "
          "the filter inside the subquery and PostgreSQL answers missing FROM-clause entry for table \"books\".",
          ("sequelize", "pg", "express"), "express", "postgres", r'missing FROM-clause entry for table "books"')
    def _(ctx):
        app = """
const express = require('express');
const { Sequelize, DataTypes, Op } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });
const Author = sequelize.define('author', { name: DataTypes.STRING });
const Book = sequelize.define('book', { title: DataTypes.STRING });
Author.hasMany(Book);
Book.belongsTo(Author);
const app = express();
app.get('/authors', async (req, res, next) => {
  try {
    const authors = await Author.findAll({
      include: [{ model: Book }],
      where: { '$books.title$': { [Op.iLike]: `%${req.query.q || ''}%` } },
      limit: 10,
      offset: 0,
    });
    res.json(authors);
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err.name + ': ' + err.message); res.status(500).json({ error: err.message }); });
sequelize.sync().then(() => app.listen(process.env.PORT, () => console.log('authors api listening')));
"""
        return serve(ctx, {"app.js": app}, [{"path": "/authors?q=dune"}], pg=True, shape="compose-prefix")
