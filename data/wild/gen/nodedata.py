"""Node.js 20 data layer: Sequelize 6, node-postgres, sqlite3, better-sqlite3, knex, TypeORM, Drizzle.

Each case writes a small Express / Fastify / Koa / Hono app (or a script / test file) on SQLite or
on a throwaway PostgreSQL, runs it under the real tool and keeps what it printed. The programs are
ours; the situations come from the pages named in ``source``.
"""

from __future__ import annotations

from _nodedata_cases2 import CASES as _PG
from _nodedata_cases3 import CASES as _LITE
from _nodedata_cases4 import CASES as _EXTRA
from _nodedata_kit import jest, mocha, run, serve
from capture import Case

CASES: list[Case] = []


def case(slug, label, shape, source, kind, cause, rationale, libs, framework, database, expect):
    def deco(fn):
        CASES.append(Case(
            id=f"nodedata-{slug}", label=label, language="node", shape=shape, source=source, source_kind=kind,
            cause=cause, rationale=rationale, make=fn, libraries=tuple(libs), framework=framework,
            database=database, expect=expect,
        ))
        return fn
    return deco


# --------------------------------------------------------------------------------------------
# Sequelize
# --------------------------------------------------------------------------------------------

ERR_HANDLER = """
app.use((err, req, res, next) => {
  console.error(err);
  res.status(500).json({ error: err.message });
});
"""


@case("seq-pg-never-synced", "data.schema.missing_table", "node-stack",
      "https://sebhastian.com/sequelize-create-table/", "blog",
      "Defining a Sequelize model does not create its table; without Model.sync() or a migration the first "
      "query fails because the table is not in the database.",
      "The Executing (default) line shows SELECT from \"Products\" and PostgreSQL answers relation \"Products\" "
      "does not exist: the model was defined but never synced or migrated.",
      ("sequelize", "pg", "express"), "express", "postgres", r'relation "Products" does not exist')
def _(ctx):
    app = """
const express = require('express');
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: console.log });
const Product = sequelize.define('Product', { name: DataTypes.STRING, price: DataTypes.DECIMAL(10, 2) });
const app = express();
app.get('/products', async (req, res, next) => {
  try { res.json(await Product.findAll()); } catch (err) { next(err); }
});
""" + ERR_HANDLER + """
sequelize.authenticate().then(() => app.listen(process.env.PORT, () => console.log('listening on ' + process.env.PORT)));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/products"}], pg=True)


@case("seq-pg-pluralized-table", "data.schema.missing_table", "compose-prefix",
      "https://sebhastian.com/sequelize-relation-does-not-exist", "blog",
      "Sequelize pluralizes the model name to find its table, so a model named User queries \"Users\" while the "
      "existing table is called \"User\"; freezeTableName or tableName is needed.",
      "The table created by the SQL script is \"User\"; the SELECT logged by Sequelize targets \"Users\", which "
      "PostgreSQL reports as a relation that does not exist.",
      ("sequelize", "pg", "koa"), "koa", "postgres", r'relation "Users" does not exist')
def _(ctx):
    app = """
const Koa = require('koa');
const Router = require('@koa/router');
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: (sql) => console.log(sql) });
const User = sequelize.define('User', { firstName: DataTypes.STRING, lastName: DataTypes.STRING });
const app = new Koa();
const router = new Router();
router.get('/users', async (ctx) => { ctx.body = await User.findAll(); });
app.on('error', (err) => console.error(err));
app.use(router.routes());
(async () => {
  await sequelize.query('CREATE TABLE "User" (id SERIAL PRIMARY KEY, "firstName" TEXT, "lastName" TEXT, "createdAt" TIMESTAMPTZ, "updatedAt" TIMESTAMPTZ)');
  app.listen(process.env.PORT, () => console.log('koa up on ' + process.env.PORT));
})();
"""
    return serve(ctx, {"app.js": app}, [{"path": "/users"}], pg=True, shape="compose-prefix")


@case("seq-sqlite-new-attribute-not-altered", "data.schema.missing_column", "jest",
      "https://checklist.day/registry/sequelize", "blog",
      "An unknown-column error from Sequelize means the table no longer matches the model, typically because the "
      "model gained an attribute and no migration (or alter) was run on the existing table.",
      "sync() only creates missing tables, so the old users table keeps its columns; the SELECT lists the new "
      "phone attribute and SQLite answers no such column: phone.",
      ("sequelize", "sqlite3", "express", "jest", "supertest"), "express", "sqlite", r"no such column: phone")
def _(ctx):
    app = """
const express = require('express');
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize({ dialect: 'sqlite', storage: __dirname + '/dev.sqlite', logging: false });
const User = sequelize.define('User', { name: DataTypes.STRING, email: DataTypes.STRING, phone: DataTypes.STRING });
const app = express();
app.get('/users', async (req, res, next) => {
  try { res.json(await User.findAll()); } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).json({ error: err.message }); });
module.exports = { app, sequelize };
"""
    test = """
const request = require('supertest');
const { Sequelize } = require('sequelize');
const { app, sequelize } = require('./app');
beforeAll(async () => {
  // the table as an earlier version of the model created it
  await sequelize.query('CREATE TABLE IF NOT EXISTS `Users` (`id` INTEGER PRIMARY KEY AUTOINCREMENT, `name` VARCHAR(255), `email` VARCHAR(255), `createdAt` DATETIME NOT NULL, `updatedAt` DATETIME NOT NULL)');
  await sequelize.sync();
});
test('GET /users lists users', async () => {
  const res = await request(app).get('/users');
  expect(res.status).toBe(200);
});
"""
    return jest(ctx, {"app.js": app, "users.test.js": test})


@case("seq-unique-email", "data.schema.integrity", "pino-json",
      "https://errorhandle.ai/sequelize-create-throws-a-unique-constraint-error", "blog",
      "Creating a row whose value already exists in a column declared unique makes Sequelize throw "
      "SequelizeUniqueConstraintError; the handler has to check first or catch it.",
      "The second POST with the same email reaches the database and the pino error line carries "
      "SequelizeUniqueConstraintError with the UNIQUE constraint on users.email.",
      ("sequelize", "sqlite3", "koa", "pino"), "koa", "sqlite", r"SequelizeUniqueConstraintError")
def _(ctx):
    app = """
const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const pino = require('pino');
const logger = pino();
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
const User = sequelize.define('user', { email: { type: DataTypes.STRING, unique: true }, name: DataTypes.STRING });
const app = new Koa();
const router = new Router();
router.post('/users', async (ctx) => {
  try {
    ctx.status = 201;
    ctx.body = await User.create(ctx.request.body);
  } catch (err) {
    logger.error({ err }, 'create user failed');
    ctx.status = 500;
    ctx.body = { error: 'internal error' };
  }
});
app.use(bodyParser()).use(router.routes());
sequelize.sync().then(() => app.listen(process.env.PORT, () => logger.info({ port: +process.env.PORT }, 'server started')));
"""
    body = {"email": "ann@example.com", "name": "Ann"}
    return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/users", "json": body}] * 2, shape="pino-json")


@case("seq-notnull-wrapped-payload", "data.schema.integrity", "status-line",
      "https://devactivity.com/insights/nextjs-server-actions-sequelize-resolving-cannot-insert-null-for-peak-software-engineer-performance",
      "blog",
      "Wrapping the validated payload in an extra key ({ data: payload }) before Model.create leaves every real "
      "attribute undefined, so allowNull: false columns fail with a notNull Violation.",
      "The client sees a 500 whose body is Sequelize's notNull Violation for Task.title: create() got an object "
      "with a single data key, not the task's fields.",
      ("sequelize", "sqlite3", "express"), "express", "sqlite", r"notNull Violation: Task\.title cannot be null")
def _(ctx):
    app = """
const express = require('express');
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize('sqlite::memory:', { logging: false });
const Task = sequelize.define('Task', {
  title: { type: DataTypes.STRING, allowNull: false },
  done: { type: DataTypes.BOOLEAN, allowNull: false, defaultValue: false },
});
const app = express();
app.use(express.json());
app.post('/tasks', async (req, res) => {
  const { title, done } = req.body;
  const validated = { title: String(title).trim(), done: Boolean(done) };
  try {
    const task = await Task.create({ data: validated });
    res.status(201).json(task);
  } catch (err) {
    res.status(500).json({ error: err.name, message: err.message });
  }
});
sequelize.sync().then(() => app.listen(process.env.PORT));
"""
    return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/tasks", "json": {"title": "write report"}}],
                 client_only=True)


@case("seq-pg-fk-missing-parent", "data.schema.integrity", "mocha",
      "https://nark.sh/profiles/pg", "blog",
      "A foreign key only accepts values that exist in the referenced table; creating a child row that points at "
      "a parent that was never inserted is rejected by the database.",
      "The test posts a comment for post 42 on an empty posts table; PostgreSQL rejects the insert and Sequelize "
      "raises SequelizeForeignKeyConstraintError naming the Comments_postId_fkey constraint.",
      ("sequelize", "pg", "express", "mocha", "supertest"), "express", "postgres", r"SequelizeForeignKeyConstraintError")
def _(ctx):
    app = """
const express = require('express');
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });
const Post = sequelize.define('Post', { title: DataTypes.STRING });
const Comment = sequelize.define('Comment', { body: DataTypes.TEXT });
Post.hasMany(Comment, { foreignKey: { name: 'postId', allowNull: false } });
Comment.belongsTo(Post, { foreignKey: 'postId' });
const app = express();
app.use(express.json());
app.post('/posts/:postId/comments', async (req, res, next) => {
  try {
    const c = await Comment.create({ body: req.body.body, postId: req.params.postId });
    res.status(201).json(c);
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err.name + ': ' + err.message); res.status(500).json({ error: err.name }); });
module.exports = { app, sequelize };
"""
    test = """
const request = require('supertest');
const { expect } = require('chai');
const { app, sequelize } = require('./app');
describe('comments API', () => {
  before(() => sequelize.sync({ force: true }));
  after(() => sequelize.close());
  it('creates a comment on a post', async () => {
    const res = await request(app).post('/posts/42/comments').send({ body: 'nice' });
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
  });
});
"""
    return mocha(ctx, {"app.js": app, "test.js": test}, pg=True)


@case("seq-pg-per-model-sync-order", "data.schema.missing_table", "ci-timestamp",
      "https://www.slingacademy.com/article/fixing-foreign-key-constraint-error-sequelizejs/", "blog",
      "A table with a foreign key can only be created after the table it references; syncing models one by one "
      "in the wrong order makes the CREATE TABLE for the child fail.",
      "The migrate script calls Book.sync() before Author.sync(); the logged CREATE TABLE \"Books\" references "
      "\"Authors\", which does not exist yet, and PostgreSQL aborts with relation \"Authors\" does not exist.",
      ("sequelize", "pg"), None, "postgres", r'relation "Authors" does not exist')
def _(ctx):
    app = """
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: console.log });
const Author = sequelize.define('Author', { name: DataTypes.STRING });
const Book = sequelize.define('Book', { title: DataTypes.STRING });
Author.hasMany(Book);
Book.belongsTo(Author);
async function main() {
  for (const model of [Book, Author]) {
    await model.sync();
  }
  console.log('schema ready');
}
main().catch((err) => { console.error(err); process.exit(1); });
"""
    return run(ctx, {"migrate.js": app}, ["node", "migrate.js"], shape="ci-timestamp", pg=True)


@case("seq-include-not-associated", "data.orm.eager_loading", "node-stack",
      "https://www.codegenes.net/blog/sequelize-select-and-include-another-table-alias", "blog",
      "Eager loading with include needs an association defined between the two models; including a model with "
      "no hasOne/hasMany/belongsTo between them raises EagerLoadingError.",
      "The route includes Profile in a User query but no association was ever declared; Sequelize throws "
      "SequelizeEagerLoadingError: Profile is not associated to User!",
      ("sequelize", "sqlite3", "express"), "express", "sqlite", r"Profile is not associated to User!")
def _(ctx):
    app = """
const express = require('express');
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize('sqlite::memory:', { logging: false });
const User = sequelize.define('User', { username: DataTypes.STRING });
const Profile = sequelize.define('Profile', { bio: DataTypes.TEXT, userId: DataTypes.INTEGER });
const app = express();
app.get('/users/:id', async (req, res, next) => {
  try {
    const user = await User.findByPk(req.params.id, { include: Profile });
    res.json(user);
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).send('Internal Server Error'); });
sequelize.sync().then(() => app.listen(process.env.PORT));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/users/1"}])


@case("seq-include-missing-as", "data.orm.eager_loading", "mocha",
      "https://sequelize.org/api/v7/types/_sequelize_core.index.includeable", "docs",
      "When an association is declared with an alias (as), an include that names only the model must also "
      "give that alias; otherwise Sequelize cannot tell which association to load.",
      "User.hasMany(Post, { as: 'articles' }) but the handler includes { model: Post } without as; the mocha "
      "test shows SequelizeEagerLoadingError asking for the 'as' keyword.",
      ("sequelize", "sqlite3", "hono", "mocha"), "hono", "sqlite", r"You must use the 'as' keyword")
def _(ctx):
    app = """
const { Hono } = require('hono');
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize('sqlite::memory:', { logging: false });
const User = sequelize.define('User', { name: DataTypes.STRING });
const Post = sequelize.define('Post', { title: DataTypes.STRING });
User.hasMany(Post, { as: 'articles', foreignKey: 'authorId' });
Post.belongsTo(User, { as: 'author', foreignKey: 'authorId' });
const app = new Hono();
app.get('/users', async (c) => {
  const users = await User.findAll({ include: [{ model: Post }] });
  return c.json(users);
});
app.onError((err, c) => { console.error(err); return c.json({ error: err.message }, 500); });
module.exports = { app, sequelize, User, Post };
"""
    test = """
const { expect } = require('chai');
const { app, sequelize, User } = require('./app');
describe('GET /users', () => {
  before(async () => { await sequelize.sync(); await User.create({ name: 'ann' }); });
  it('returns users with their articles', async () => {
    const res = await app.request('/users');
    const body = await res.json();
    expect(res.status, body.error).to.equal(200);
  });
});
"""
    return mocha(ctx, {"app.js": app, "test.js": test})


@case("seq-include-wrong-alias", "data.orm.eager_loading", "pino-json",
      "https://sequelize-site.netlify.app/api/v7/interfaces/_sequelize_core.index.includeoptions", "docs",
      "The as given in an include must be the alias the association was declared with; a different alias does "
      "not match any association.",
      "The association is aliased 'lineItems' and the Fastify handler includes it as 'items'; Fastify's pino "
      "log shows SequelizeEagerLoadingError saying the alias does not match.",
      ("sequelize", "sqlite3", "fastify", "pino"), "fastify", "sqlite", r"does not match the alias")
def _(ctx):
    app = """
const fastify = require('fastify')({ logger: true });
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize('sqlite::memory:', { logging: false });
const Order = sequelize.define('Order', { customer: DataTypes.STRING });
const OrderLine = sequelize.define('OrderLine', { sku: DataTypes.STRING, qty: DataTypes.INTEGER });
Order.hasMany(OrderLine, { as: 'lineItems' });
fastify.get('/orders/:id', async (req) => {
  return Order.findByPk(req.params.id, { include: [{ model: OrderLine, as: 'items' }] });
});
sequelize.sync().then(() => fastify.listen({ port: +process.env.PORT, host: '127.0.0.1' }));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/orders/1"}], shape="pino-json")


@case("seq-belongstomany-string-target", "data.orm.api_misuse", "node-stack",
      "https://codeshelper.com/article/32178.html", "qa",
      "belongsToMany (like every association method) needs the target model class; passing something else, "
      "such as the model's name as a string, is rejected when the association is declared.",
      "The app crashes at startup: Theme.belongsToMany was handed the string 'Product' instead of the Product "
      "model, and Sequelize says it was called with something that is not a subclass of Sequelize.Model.",
      ("sequelize", "sqlite3", "express"), "express", "sqlite", r"called with something that's not a subclass of Sequelize\.Model")
def _(ctx):
    models = """
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize('sqlite::memory:', { logging: false });
const Theme = sequelize.define('theme', { name: DataTypes.STRING });
const Product = sequelize.define('product', { name: DataTypes.STRING });
Theme.belongsToMany('Product', { through: 'theme_product', foreignKey: 'theme_id' });
Product.belongsToMany(Theme, { through: 'theme_product', foreignKey: 'product_id' });
module.exports = { sequelize, Theme, Product };
"""
    app = """
const express = require('express');
const { sequelize, Theme } = require('./models');
const app = express();
app.get('/themes', async (req, res) => res.json(await Theme.findAll()));
sequelize.sync().then(() => app.listen(process.env.PORT));
"""
    return serve(ctx, {"app.js": app, "models.js": models}, [{"path": "/themes"}])


@case("seq-pool-leaked-transaction", "data.orm.pool_exhaustion", "node-stack",
      "https://writech.run/blog/how-to-deal-with-the-connectionacquiretimeouterror-in-sequelize-d8bb246f4fb5", "blog",
      "A transaction that is never committed or rolled back keeps its pooled connection; once every connection "
      "is held, later queries wait and fail with ConnectionAcquireTimeoutError.",
      "The transfer route returns early on a validation failure without rolling back its managed-by-hand "
      "transaction; with pool.max 2 the third request times out acquiring a connection.",
      ("sequelize", "pg", "express"), "express", "postgres", r"SequelizeConnectionAcquireTimeoutError")
def _(ctx):
    app = """
const express = require('express');
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false, pool: { max: 2, acquire: 2000 } });
const Account = sequelize.define('Account', { balance: DataTypes.INTEGER });
const app = express();
app.post('/transfer', async (req, res, next) => {
  try {
    const t = await sequelize.transaction();
    const from = await Account.findByPk(1, { transaction: t });
    if (!from || from.balance < 100) {
      return res.status(400).json({ error: 'insufficient funds' });
    }
    await from.decrement('balance', { by: 100, transaction: t });
    await t.commit();
    res.json({ ok: true });
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).json({ error: err.name }); });
sequelize.sync().then(() => app.listen(process.env.PORT));
"""
    reqs = [{"method": "POST", "path": "/transfer"}] * 3
    return serve(ctx, {"app.js": app}, reqs, pg=True)


@case("seq-raw-true-instance-method", "data.orm.api_misuse", "ci-timestamp",
      "https://aditya003-ay.medium.com/sequelizes-raw-true-the-hidden-trap-behind-your-queries-28c853cc06ef", "blog",
      "With raw: true Sequelize returns plain objects instead of model instances, so instance methods such as "
      "update or save are not there.",
      "The handler loads the user with raw: true and then calls user.update(); Node reports TypeError: "
      "user.update is not a function in the timestamped server log.",
      ("sequelize", "sqlite3", "express"), "express", "sqlite", r"user\.update is not a function")
def _(ctx):
    app = """
const express = require('express');
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize('sqlite::memory:', { logging: false });
const User = sequelize.define('User', { name: DataTypes.STRING, active: DataTypes.BOOLEAN });
const app = express();
app.use(express.json());
app.patch('/users/:id/deactivate', async (req, res, next) => {
  try {
    const user = await User.findOne({ where: { id: req.params.id }, raw: true });
    if (!user) return res.sendStatus(404);
    await user.update({ active: false });
    res.json(user);
  } catch (err) { next(err); }
});
sequelize.sync().then(async () => {
  await User.create({ name: 'ann', active: true });
  app.listen(process.env.PORT, () => console.log('api ready'));
});
"""
    return serve(ctx, {"app.js": app}, [{"method": "PATCH", "path": "/users/1/deactivate"}], shape="ci-timestamp")


@case("seq-op-imported-wrong", "data.query.filter", "node-stack",
      "https://www.volcengine.com/article/3052395", "qa",
      "Importing Op the wrong way (the package's default export instead of the named Op) makes every Op.x key "
      "undefined, and Sequelize rejects the where clause with an Invalid value error.",
      "The search route uses [Op.like] with Op taken from require('sequelize') itself; the key becomes "
      "'undefined' and Sequelize throws Error: Invalid value { undefined: '%...%' }.",
      ("sequelize", "sqlite3", "express"), "express", "sqlite", r"Invalid value \{ undefined: ")
def _(ctx):
    app = """
const express = require('express');
const { Sequelize, DataTypes } = require('sequelize');
const Op = require('sequelize');
const sequelize = new Sequelize('sqlite::memory:', { logging: false });
const Book = sequelize.define('Book', { title: DataTypes.STRING });
const app = express();
app.get('/books', async (req, res, next) => {
  try {
    const books = await Book.findAll({ where: { title: { [Op.like]: `%${req.query.q}%` } } });
    res.json(books);
  } catch (err) { next(err); }
});
""" + ERR_HANDLER + """
sequelize.sync().then(() => app.listen(process.env.PORT));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/books?q=dune"}])


@case("seq-replacement-missing-key", "data.query.bad_parameter", "jest",
      "https://sequelize.org/v6/manual/raw-queries.html", "docs",
      "With named replacements every :key in the SQL needs an entry in the replacements object; a missing or "
      "misspelled key makes Sequelize refuse the query.",
      "The raw query uses :status but the replacements object carries state; Jest shows Sequelize's Named "
      "replacement \":status\" has no entry in the replacement map.",
      ("sequelize", "sqlite3", "express", "jest", "supertest"), "express", "sqlite", r'Named replacement ":status" has no entry')
def _(ctx):
    app = """
const express = require('express');
const { Sequelize, QueryTypes } = require('sequelize');
const sequelize = new Sequelize('sqlite::memory:', { logging: false });
const app = express();
app.get('/orders', async (req, res, next) => {
  try {
    const rows = await sequelize.query('SELECT * FROM orders WHERE status = :status', {
      replacements: { state: req.query.status }, type: QueryTypes.SELECT,
    });
    res.json(rows);
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).json({ error: err.message }); });
module.exports = { app, sequelize };
"""
    test = """
const request = require('supertest');
const { app, sequelize } = require('./app');
beforeAll(() => sequelize.query('CREATE TABLE orders (id INTEGER PRIMARY KEY, status TEXT)'));
test('filters orders by status', async () => {
  const res = await request(app).get('/orders?status=paid');
  expect(res.body).toEqual([]);
});
"""
    return jest(ctx, {"app.js": app, "orders.test.js": test})


@case("seq-limit-from-querystring", "data.query.pagination", "status-line",
      "https://rays-webnotes.netlify.app/21weekand22week/solution_sequelize_pagination", "blog",
      "Query-string parameters arrive as strings, so page and size must be converted to numbers before they "
      "become Sequelize's limit and offset; a raw non-numeric value ends up in LIMIT and the database rejects it.",
      "The client asked for ?limit=ten; the handler hands req.query.limit straight to findAll and SQLite "
      "answers SQLITE_MISMATCH: datatype mismatch, shown in the 500 body.",
      ("sequelize", "sqlite3", "express"), "express", "sqlite", r"SQLITE_MISMATCH")
def _(ctx):
    app = """
const express = require('express');
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize('sqlite::memory:', { logging: false });
const Item = sequelize.define('Item', { name: DataTypes.STRING });
const app = express();
app.get('/items', async (req, res) => {
  try {
    const items = await Item.findAll({ limit: req.query.limit || 20, offset: req.query.offset || 0 });
    res.json(items);
  } catch (err) {
    res.status(500).json({ error: err.name, detail: err.message });
  }
});
sequelize.sync().then(() => app.listen(process.env.PORT));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/items?limit=ten"}], client_only=True)


@case("seq-pg-findbypk-nonnumeric", "data.query.bad_parameter", "compose-prefix",
      "https://www.bytebase.com/reference/postgres/error/22p02-invalid-input-syntax-postgres/", "blog",
      "PostgreSQL does not coerce text to integer: a path value such as 'me' sent for an integer id fails with "
      "invalid input syntax for type integer.",
      "GET /users/me falls into the /users/:id route, findByPk('me') binds 'me' against the integer primary key "
      "and PostgreSQL raises 22P02, seen in the honcho-prefixed log.",
      ("sequelize", "pg", "express"), "express", "postgres", r'invalid input syntax for type integer: "me"')
def _(ctx):
    app = """
const express = require('express');
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });
const User = sequelize.define('User', { name: DataTypes.STRING });
const app = express();
app.get('/users/:id', async (req, res, next) => {
  try { res.json(await User.findByPk(req.params.id)); } catch (err) { next(err); }
});
app.get('/users/me', (req, res) => res.json({ id: 1 }));
""" + ERR_HANDLER + """
sequelize.sync().then(() => app.listen(process.env.PORT, () => console.log('listening')));
"""
    return serve(ctx, {"app.js": app}, [{"path": "/users/me"}], pg=True, shape="compose-prefix")


@case("seq-pg-econnrefused", "startup.database", "node-unhandled-rejection",
      "https://checklist.day/registry/sequelize", "blog",
      "connect ECONNREFUSED 127.0.0.1:5432 from Sequelize means nothing accepts connections at the configured "
      "host and port: the database server is not running or the settings point elsewhere.",
      "sequelize.authenticate() at boot is not caught; Node prints the unhandled "
      "SequelizeConnectionRefusedError with ECONNREFUSED on 127.0.0.1 and exits before listening.",
      ("sequelize", "pg", "express"), "express", "postgres", r"SequelizeConnectionRefusedError.{0,40}ECONNREFUSED 127\.0\.0\.1")
def _(ctx):
    app = """
const express = require('express');
const { Sequelize } = require('sequelize');
const sequelize = new Sequelize('postgres://app:app@127.0.0.1:' + (process.env.DB_PORT || 5432) + '/app', { logging: false });
const app = express();
app.get('/health', (req, res) => res.json({ ok: true }));
(async () => {
  await sequelize.authenticate();
  app.listen(process.env.PORT);
})();
"""
    from capture import free_port
    return run(ctx, {"app.js": app}, ["node", "app.js"], env={"DB_PORT": str(free_port())})


CASES.extend(_PG)
CASES.extend(_LITE)
CASES.extend(_EXTRA)
