"""nodespec: framework.wiring (body parsers, route order, Express 5 params, async errors), contract.shape and
data.query situations."""

from __future__ import annotations

from _nodespec_kit import EXPRESS_LOG, HONCHO, JEST, KOA_LOG, MOCHA, PROCFILE, STAMP_FILE, case, harness, pg, pkg, run, serve, stamped, with_client

CASES = []
add = CASES.append

REGISTER = {"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}}

# --------------------------------------------------------------------------------------------------
# framework.wiring
# --------------------------------------------------------------------------------------------------

add(case(
    "express-json-parser-after-routes-honcho", "framework.wiring.body_parsing", "compose-prefix",
    "https://buglyst.com/learn/guides/request-body-undefined-express", "blog",
    "Express runs middleware in registration order; a body parser registered after the routes never runs before "
    "them, so req.body is still undefined inside the handlers.",
    "app.js declares POST /api/users first and calls app.use(express.json()) at the bottom; destructuring "
    "req.body throws 'Cannot destructure property 'user' of 'req.body' as it is undefined', Express answers 500 "
    "and honcho's web.1 output shows the stack while the harness prints 'Expected 201 but got 500'.",
    with_client({
        "package.json": pkg("express"),
        **PROCFILE,
        "app.js": """\
const express = require('express');

const app = express();
""" + EXPRESS_LOG + """
const users = [];

app.post('/api/users', (req, res) => {
  const { user } = req.body;
  if (!user || !user.email) return res.status(422).json({ errors: { email: ["can't be blank"] } });
  users.push(user);
  res.status(201).json({ user: { username: user.username, email: user.email, bio: null, image: null } });
});

app.get('/api/health', (req, res) => res.json({ ok: true }));

app.use(express.json());
app.use(express.urlencoded({ extended: true }));

app.listen(process.env.PORT, () => console.log(`API listening on port ${process.env.PORT}`));
""",
        **harness("""\
test('register user', async () => {
  const res = await call('POST', '/api/users', { json: { user: { username: 'jake', email: 'jake@jake.jake', password: 'jakejake' } } });
  expectStatus(res, 201, 'register user');
});
"""),
    }, HONCHO, "node api.test.cjs"),
    libs=("express", "honcho"), fw="express",
    expect=r"Cannot destructure property 'user' of 'req.body'",
))

add(case(
    "express-urlencoded-only-json-client-harness", "framework.wiring.body_parsing", "harness-lines",
    "http://www.kouhan.cn/en/article/00007396", "blog",
    "Each Express body parser only handles its own Content-Type: express.urlencoded() leaves an application/json "
    "request untouched, so req.body stays an empty object.",
    "app.js only registers express.urlencoded({ extended: true }); the spec's client posts JSON, req.body is {} and "
    "the handler's own validation answers 422 \"can't be blank\" for every field, so the harness prints 'Expected "
    "201 but got 422 for create article'.",
    with_client({
        "package.json": pkg("express"),
        "app.js": """\
const express = require('express');

const app = express();
app.use(express.urlencoded({ extended: true }));
""" + EXPRESS_LOG + """
const articles = [];

app.post('/api/articles', (req, res) => {
  const { title, description, body } = req.body.article || {};
  const errors = {};
  if (!title) errors.title = ["can't be blank"];
  if (!description) errors.description = ["can't be blank"];
  if (!body) errors.body = ["can't be blank"];
  if (Object.keys(errors).length) return res.status(422).json({ errors });
  const article = { slug: title.toLowerCase().replace(/\\W+/g, '-'), title, description, body };
  articles.push(article);
  res.status(201).json({ article });
});

app.listen(process.env.PORT, () => console.log(`listening on http://localhost:${process.env.PORT}`));
""",
        **harness("""\
test('create article', async () => {
  const res = await call('POST', '/api/articles', { json: { article: { title: 'How to train your dragon', description: 'Ever wonder how?', body: 'You have to believe' } } });
  expectStatus(res, 201, 'create article');
});
"""),
    }, "node app.js", "node api.test.cjs"),
    libs=("express",), fw="express",
    expect=r"Expected 201 but got 422 for create article",
))

add(case(
    "express-text-plain-note-ignored-by-json-parser-jest", "framework.wiring.body_parsing", "jest",
    "https://tooldock.org/content-type-application-json-error", "blog",
    "express.json() only parses requests whose Content-Type matches application/json; a body sent with another "
    "type (text/plain) is skipped and req.body stays an empty object.",
    "The spec says POST /api/notes takes the note as a text/plain body, but the app only mounts express.json(); "
    "req.body is {} and the handler answers 400 'note text is required', so jest reports 'expected 201 "
    "\"Created\", got 400 \"Bad Request\"'.",
    run({
        "package.json": pkg("express", "jest", "supertest", jest=True),
        "app.js": """\
const express = require('express');

const app = express();
app.use(express.json());

const notes = [];

app.post('/api/notes', (req, res) => {
  const text = typeof req.body === 'string' ? req.body : req.body.text;
  if (!text || !text.trim()) return res.status(400).json({ error: 'note text is required' });
  const note = { id: notes.length + 1, text: text.trim() };
  notes.push(note);
  res.status(201).json(note);
});

module.exports = app;
""",
        "notes.test.js": """\
const request = require('supertest');
const app = require('./app');

test('POST /api/notes stores a plain-text note', async () => {
  const res = await request(app)
    .post('/api/notes')
    .set('Content-Type', 'text/plain')
    .send('buy milk')
    .expect(201);
  expect(res.body.text).toBe('buy milk');
});
""",
    }, JEST, key="test_output"),
    libs=("express", "jest", "supertest"), fw="express",
    expect=r'expected 201 "Created", got 400 "Bad Request"',
))

add(case(
    "koa-router-without-bodyparser-ci", "framework.wiring.body_parsing", "ci-timestamp",
    "https://jsschools.com/koa/reference/middleware/koa-bodyparser", "docs",
    "Koa does not parse request bodies by itself; ctx.request.body is only populated when a body parser such as "
    "koa-bodyparser is mounted before the routes.",
    "The Koa app mounts @koa/router but never koa-bodyparser; destructuring ctx.request.body in POST /api/todos "
    "throws 'Cannot destructure property 'title' of 'ctx.request.body' as it is undefined', Koa's default error "
    "log prints it in the CI-timestamped server output and the harness sees 500.",
    with_client({
        "package.json": pkg("koa", "@koa/router"),
        **STAMP_FILE,
        "app.js": """\
const Koa = require('koa');
const Router = require('@koa/router');

const app = new Koa();
const router = new Router({ prefix: '/api' });
const todos = [];

""" + KOA_LOG + """
router.post('/todos', (ctx) => {
  const { title, done = false } = ctx.request.body;
  if (!title) ctx.throw(422, 'title is required');
  const todo = { id: todos.length + 1, title, done };
  todos.push(todo);
  ctx.status = 201;
  ctx.body = todo;
});

router.get('/todos', (ctx) => {
  ctx.body = todos;
});

app.use(router.routes()).use(router.allowedMethods());
app.listen(process.env.PORT, () => console.log(`todo api on port ${process.env.PORT}`));
""",
        **harness("""\
test('create todo', async () => {
  const res = await call('POST', '/api/todos', { json: { title: 'buy milk' } });
  expectStatus(res, 201, 'create todo');
});
"""),
    }, stamped("node app.js"), "node api.test.cjs"),
    libs=("koa", "@koa/router"), fw="koa",
    expect=r"Cannot destructure property 'title' of 'ctx.request.body'",
))

add(case(
    "hono-body-read-twice-validator-and-handler", "framework.wiring.body_parsing", "status-line",
    "https://tessl.io/skills/github/jezweb/claude-skills/hono-routing", "docs",
    "A request body is a stream that can be consumed once; reading it from the raw Request in a middleware "
    "leaves nothing for the handler, whose own read then fails with a body-already-used error.",
    "The validation middleware calls await c.req.raw.json() and the handler then calls c.req.json(), which reads "
    "the same raw body again; undici throws 'TypeError: Body is unusable: Body has already been read', Hono logs it "
    "and the client gets '500 Internal Server Error' for a valid POST /api/todos.",
    serve({
        "package.json": pkg("hono", "@hono/node-server", module=True),
        "app.js": """\
import { Hono } from 'hono';
import { logger } from 'hono/logger';
import { serve } from '@hono/node-server';

const app = new Hono();
app.use(logger());
const todos = [];

const validateTodo = async (c, next) => {
  const body = await c.req.raw.json();
  if (typeof body.title !== 'string' || !body.title.trim()) {
    return c.json({ error: 'title must be a non-empty string' }, 422);
  }
  await next();
};

app.post('/api/todos', validateTodo, async (c) => {
  const { title, done = false } = await c.req.json();
  const todo = { id: todos.length + 1, title, done };
  todos.push(todo);
  return c.json(todo, 201);
});

serve({ fetch: app.fetch, port: Number(process.env.PORT) }, (info) => console.log(`listening on ${info.port}`));
""",
    }, "NO_COLOR=1 node app.js", [{"method": "POST", "path": "/api/todos", "json": {"title": "buy milk"}}]),
    libs=("hono", "@hono/node-server"), fw="hono",
    expect=r"Body is unusable",
))

add(case(
    "fastify-body-schema-additional-properties-drops-bio-mocha", "framework.wiring.body_parsing", "mocha",
    "https://fastify.dev/docs/v5.4.x/Reference/Validation-and-Serialization.md", "docs",
    "Fastify compiles body schemas with Ajv's removeAdditional option on, so with additionalProperties: false any "
    "property the schema does not list is silently removed from request.body instead of being rejected.",
    "The PUT /api/user body schema sets additionalProperties: false but lists only email, username, password and "
    "image; the spec's bio field is stripped before the handler runs, the update answers 200 with bio null and the "
    "mocha assertion fails with \"expected null to equal 'I like to skateboard'\".",
    run({
        "package.json": pkg("fastify", "mocha", "supertest", "chai"),
        "app.js": """\
const Fastify = require('fastify');

function build() {
  const app = Fastify();
  const user = { email: 'jake@jake.jake', username: 'jake', bio: null, image: null };

  app.put('/api/user', {
    schema: {
      body: {
        type: 'object',
        required: ['user'],
        properties: {
          user: {
            type: 'object',
            additionalProperties: false,
            properties: {
              email: { type: 'string', format: 'email' },
              username: { type: 'string', minLength: 1 },
              password: { type: 'string', minLength: 1 },
              image: { type: ['string', 'null'] },
            },
          },
        },
      },
    },
  }, async (request) => {
    Object.assign(user, request.body.user);
    return { user };
  });

  return app;
}

module.exports = build;
""",
        "test/user.test.js": """\
const request = require('supertest');
const { expect } = require('chai');
const build = require('../app');

describe('PUT /api/user', () => {
  let app;
  before(async () => { app = build(); await app.ready(); });
  after(() => app.close());

  it('updates the bio', async () => {
    const res = await request(app.server)
      .put('/api/user')
      .send({ user: { bio: 'I like to skateboard' } })
      .expect(200);
    expect(res.body.user.bio).to.equal('I like to skateboard');
  });
});
""",
    }, MOCHA, key="test_output"),
    libs=("fastify", "mocha", "supertest", "chai"), fw="fastify",
    expect=r"expected null to equal 'I like to skateboard'",
))

add(case(
    "hono-users-me-shadowed-by-id-param", "framework.wiring.route_order", "status-line",
    "https://www.fixdevs.com/blog/hono-not-working/", "blog",
    "Hono matches routes in the order they are registered; a parameter route such as /users/:id declared before "
    "a static sibling such as /users/me captures the static path first.",
    "GET /api/users/:id is registered before GET /api/users/me, so /api/users/me runs the :id handler with id "
    "'me', finds no such user and answers '404 Not Found' with 'user me not found' instead of the current user.",
    serve({
        "package.json": pkg("hono", "@hono/node-server", module=True),
        "app.js": """\
import { Hono } from 'hono';
import { logger } from 'hono/logger';
import { serve } from '@hono/node-server';

const app = new Hono();
app.use(logger());
const users = new Map([['1', { id: 1, username: 'jake' }], ['2', { id: 2, username: 'anna' }]]);

app.get('/api/users/:id', (c) => {
  const user = users.get(c.req.param('id'));
  if (!user) return c.json({ error: `user ${c.req.param('id')} not found` }, 404);
  return c.json({ user });
});

app.get('/api/users/me', (c) => {
  const token = (c.req.header('Authorization') || '').replace(/^Token /, '');
  const user = [...users.values()].find((u) => u.username === token);
  if (!user) return c.json({ error: 'unauthorized' }, 401);
  return c.json({ user });
});

serve({ fetch: app.fetch, port: Number(process.env.PORT) }, (info) => console.log(`listening on ${info.port}`));
""",
    }, "NO_COLOR=1 node app.js", [
        {"method": "GET", "path": "/api/users/2"},
        {"method": "GET", "path": "/api/users/me", "headers": {"Authorization": "Token jake"}},
    ]),
    libs=("hono", "@hono/node-server"), fw="hono",
    expect=r"GET /api/users/me -> 404 Not Found",
))

add(case(
    "express5-splat-param-is-array", "framework.wiring.route_params", "node-stack",
    "https://expressjs.com/en/5x/api.html#req.params", "docs",
    "In Express 5 (path-to-regexp 8) a named wildcard such as *filepath is delivered in req.params as an array of "
    "path segments, not as the single string Express 4's '*' gave.",
    "The download route (/files/*filepath) passes req.params.filepath to path.join as if it were a string; with "
    "Express 5 it is ['docs', 'readme.txt'], path.join throws TypeError [ERR_INVALID_ARG_TYPE] 'The \"path\" "
    "argument must be of type string. Received an instance of Array', printed by Express's default handler, and "
    "the client gets 500.",
    serve({
        "package.json": pkg("express5"),
        "app.js": """\
const express = require('express5');
const fs = require('fs');
const path = require('path');

const FILES = path.join(__dirname, 'files');
fs.mkdirSync(path.join(FILES, 'docs'), { recursive: true });
fs.writeFileSync(path.join(FILES, 'docs', 'readme.txt'), 'hello\\n');

const app = express();
""" + EXPRESS_LOG + """
app.get('/files/*filepath', (req, res) => {
  const target = path.join(FILES, req.params.filepath);
  if (!target.startsWith(FILES)) return res.status(400).json({ error: 'bad path' });
  res.sendFile(target);
});

app.listen(process.env.PORT, () => console.log(`file server on ${process.env.PORT}`));
""",
    }, "node app.js", [{"method": "GET", "path": "/files/docs/readme.txt"}]),
    libs=("express5",), fw="express",
    expect=r"ERR_INVALID_ARG_TYPE",
))

add(case(
    "express4-async-throw-request-hangs-harness", "framework.wiring.async_misuse", "harness-lines",
    "https://gyaan.pman47.cc/express/20-async-error-handling", "blog",
    "Express 4 does not catch a rejected promise returned by an async handler: the error never reaches the error "
    "middleware, no response is sent and the request hangs until the client gives up.",
    "GET /api/articles/:slug is an async handler that throws a NotFoundError meant for the 404 error middleware; "
    "Express 4 ignores the rejection, the app's process.on('unhandledRejection') logger prints it and keeps "
    "running, and the harness's fetch times out ('TimeoutError: The operation was aborted due to timeout').",
    with_client({
        "package.json": pkg("express"),
        "app.js": """\
const express = require('express');

class NotFoundError extends Error {
  constructor(message) { super(message); this.status = 404; }
}

const app = express();
app.use(express.json());
""" + EXPRESS_LOG + """
const articles = new Map([['dragons', { slug: 'dragons', title: 'How to train your dragon' }]]);
const findArticle = async (slug) => articles.get(slug) || null;

app.get('/api/articles/:slug', async (req, res) => {
  const article = await findArticle(req.params.slug);
  if (!article) throw new NotFoundError(`article ${req.params.slug} not found`);
  res.json({ article });
});

app.use((err, req, res, next) => {
  res.status(err.status || 500).json({ errors: { body: [err.message] } });
});

process.on('unhandledRejection', (reason) => {
  console.error('Unhandled rejection:', reason);
});

app.listen(process.env.PORT, () => console.log(`listening on ${process.env.PORT}`));
""",
        **harness("""\
test('get existing article', async () => {
  const res = await call('GET', '/api/articles/dragons');
  expectStatus(res, 200, 'get article');
});
test('get missing article', async () => {
  const res = await call('GET', '/api/articles/no-such-article');
  expectStatus(res, 404, 'get missing article');
});
"""),
    }, "node app.js", "node api.test.cjs"),
    libs=("express",), fw="express",
    expect=r"TimeoutError",
))

# --------------------------------------------------------------------------------------------------
# contract.shape
# --------------------------------------------------------------------------------------------------

add(case(
    "koa-todo-wrapped-in-key-harness", "contract.shape.wrapping", "harness-lines",
    "https://dev.to/hrishikesh_dalal_ced8f95e/the-api-response-standard-stop-your-frontend-from-crashing-4bgj", "blog",
    "Clients parse each endpoint by the shape it promises; an endpoint that wraps its payload in an envelope key "
    "the contract does not have leaves the expected fields undefined on the client side.",
    "The spec returns the bare todo object from GET /api/todos/:id, but the Koa route answers { todo: {...} }; the "
    "status is right and the harness prints 'Expected todo.title to be \"buy milk\" but got undefined'.",
    with_client({
        "package.json": pkg("koa", "@koa/router", "koa-bodyparser"),
        "app.js": """\
const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');

const app = new Koa();
const router = new Router({ prefix: '/api' });
const todos = new Map();
let nextId = 1;

""" + KOA_LOG + """
router.post('/todos', (ctx) => {
  const { title, done = false } = ctx.request.body;
  const todo = { id: nextId++, title, done };
  todos.set(todo.id, todo);
  ctx.status = 201;
  ctx.body = { todo };
});

router.get('/todos/:id', (ctx) => {
  const todo = todos.get(Number(ctx.params.id));
  if (!todo) ctx.throw(404, 'todo not found');
  ctx.body = { todo };
});

app.use(bodyParser());
app.use(router.routes());
app.listen(process.env.PORT, () => console.log(`todo api on ${process.env.PORT}`));
""",
        **harness("""\
test('create and read a todo', async () => {
  const created = await call('POST', '/api/todos', { json: { title: 'buy milk' } });
  expectStatus(created, 201, 'create todo');
  const res = await call('GET', '/api/todos/1');
  expectStatus(res, 200, 'get todo');
  expectEqual(res.body.title, 'buy milk', 'todo.title');
});
"""),
    }, "node app.js", "node api.test.cjs"),
    libs=("koa", "@koa/router", "koa-bodyparser"), fw="koa",
    expect=r'Expected todo.title to be "buy milk" but got undefined',
))

add(case(
    "express-articles-in-data-envelope-mocha", "contract.shape.wrapping", "mocha",
    "https://auditbuffet.com/patterns/ab-002166", "blog",
    "When responses are wrapped in a generic envelope ({ data: ... }) that the API contract does not define, a "
    "consumer that reads the documented keys finds them missing.",
    "The spec's list endpoint answers { articles: [...], articlesCount }, but the Express handler returns "
    "{ success: true, data: rows, total }; mocha's chai assertion fails with 'expected undefined to be an array'.",
    run({
        "package.json": pkg("express", "better-sqlite3", "mocha", "supertest", "chai"),
        "app.js": """\
const express = require('express');
const Database = require('better-sqlite3');

const db = new Database(':memory:');
db.exec(`CREATE TABLE articles (id INTEGER PRIMARY KEY, slug TEXT UNIQUE, title TEXT, body TEXT)`);
const insert = db.prepare('INSERT INTO articles (slug, title, body) VALUES (?, ?, ?)');
insert.run('dragons', 'How to train your dragon', 'You have to believe');
insert.run('angular', 'Angular for beginners', 'Start small');

const app = express();
app.use(express.json());

app.get('/api/articles', (req, res) => {
  const rows = db.prepare('SELECT slug, title, body FROM articles ORDER BY id DESC').all();
  res.json({ success: true, data: rows, total: rows.length });
});

module.exports = app;
""",
        "test/articles.test.js": """\
const request = require('supertest');
const { expect } = require('chai');
const app = require('../app');

describe('GET /api/articles', () => {
  it('lists articles with their count', async () => {
    const res = await request(app).get('/api/articles').expect(200);
    expect(res.body.articles).to.be.an('array');
    expect(res.body.articlesCount).to.equal(2);
  });
});
""",
    }, MOCHA, key="test_output"),
    libs=("express", "better-sqlite3", "mocha", "supertest", "chai"), fw="express", db="sqlite",
    expect=r"expected undefined to be an array",
))

add(case(
    "hono-bs3-snake-case-columns-jest", "contract.shape.missing_field", "jest",
    "https://auditbuffet.com/patterns/ab-000353", "blog",
    "Returning database rows as they are leaks the columns' snake_case names into a JSON API whose contract uses "
    "camelCase, so clients looking for createdAt or favoritesCount find nothing.",
    "The Hono article route returns the better-sqlite3 row directly (created_at, updated_at, favorites_count); "
    "the spec's article has createdAt / favoritesCount, so jest's toHaveProperty('createdAt') fails and prints "
    "the received snake_case object.",
    run({
        "package.json": pkg("hono", "better-sqlite3", "jest", jest=True),
        "app.js": """\
const { Hono } = require('hono');
const Database = require('better-sqlite3');

const db = new Database(':memory:');
db.exec(`CREATE TABLE articles (
  id INTEGER PRIMARY KEY,
  slug TEXT UNIQUE NOT NULL,
  title TEXT NOT NULL,
  favorites_count INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL DEFAULT '2024-05-01T10:00:00.000Z',
  updated_at TEXT NOT NULL DEFAULT '2024-05-01T10:00:00.000Z'
)`);
db.prepare('INSERT INTO articles (slug, title) VALUES (?, ?)').run('dragons', 'How to train your dragon');

const app = new Hono();

app.get('/api/articles/:slug', (c) => {
  const article = db.prepare('SELECT slug, title, favorites_count, created_at, updated_at FROM articles WHERE slug = ?')
    .get(c.req.param('slug'));
  if (!article) return c.json({ errors: { body: ['article not found'] } }, 404);
  return c.json({ article });
});

module.exports = app;
""",
        "articles.test.js": """\
const app = require('./app');

test('GET /api/articles/:slug returns the spec fields', async () => {
  const res = await app.request('/api/articles/dragons');
  expect(res.status).toBe(200);
  const { article } = await res.json();
  expect(article).toHaveProperty('createdAt');
  expect(article).toHaveProperty('favoritesCount', 0);
});
""",
    }, JEST, key="test_output"),
    libs=("hono", "better-sqlite3", "jest"), fw="hono", db="sqlite",
    expect=r"toHaveProperty",
))

add(case(
    "express-res-send-count-number-crash", "contract.shape.type", "node-stack",
    "https://dwmkerr.com/node-js-and-express-strange-http-status-codes/", "blog",
    "Express treats a lone number passed to res.send as a status code (a deprecated legacy form) rather than as the "
    "response body, so sending a numeric result sets a nonsense status instead of returning the value.",
    "GET /api/articles/count ends with res.send(row.count); Express logs 'express deprecated res.send(status): Use "
    "res.sendStatus(status) instead', sets the status to 3 and Node throws RangeError [ERR_HTTP_INVALID_STATUS_CODE] "
    "'Invalid status code: 3' inside the sqlite3 callback, which takes the process down; the client gets no "
    "response instead of { count: 3 }.",
    serve({
        "package.json": pkg("express", "sqlite3"),
        "app.js": """\
const express = require('express');
const sqlite3 = require('sqlite3');

const db = new sqlite3.Database(':memory:');
db.serialize(() => {
  db.run('CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT)');
  db.run("INSERT INTO articles (title) VALUES ('one'), ('two'), ('three')");
});

const app = express();
""" + EXPRESS_LOG + """
app.get('/api/articles/count', (req, res) => {
  db.get('SELECT COUNT(*) AS count FROM articles', (err, row) => {
    if (err) return res.status(500).json({ error: err.message });
    res.send(row.count);
  });
});

app.listen(process.env.PORT, () => console.log(`listening on ${process.env.PORT}`));
""",
    }, "node app.js", [{"method": "GET", "path": "/api/articles/count"}]),
    libs=("express", "sqlite3"), fw="express", db="sqlite",
    expect=r"ERR_HTTP_INVALID_STATUS_CODE",
))

add(case(
    "fastify-sequelize-findall-profile-array-ci", "contract.shape.type", "ci-timestamp",
    "https://sebhastian.com/sequelize-findone/", "blog",
    "Sequelize's findAll() always resolves to an array, even for a single matching row, while findOne() resolves "
    "to one object or null.",
    "The profile route uses Profile.findAll({ where: { username } }) and returns { profile: rows }, so the client "
    "receives a one-element list where the spec has an object; the CI-timestamped harness prints 'Expected "
    "profile.username to be \"jake\" but got undefined'.",
    with_client({
        "package.json": pkg("fastify", "sequelize", "sqlite3"),
        "app.js": """\
const fastify = require('fastify')({ logger: false });
const { Sequelize, DataTypes } = require('sequelize');

const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
const Profile = sequelize.define('Profile', {
  username: { type: DataTypes.STRING, unique: true },
  bio: DataTypes.TEXT,
  image: DataTypes.STRING,
}, { timestamps: false });

fastify.get('/api/profiles/:username', async (request, reply) => {
  const rows = await Profile.findAll({ where: { username: request.params.username }, attributes: ['username', 'bio', 'image'] });
  if (!rows) return reply.code(404).send({ errors: { body: ['profile not found'] } });
  return { profile: rows };
});

(async () => {
  await sequelize.sync();
  await Profile.create({ username: 'jake', bio: 'I work at statefarm', image: null });
  await fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
  console.log(`profiles api on ${process.env.PORT}`);
})();
""",
        **harness("""\
test('get profile', async () => {
  const res = await call('GET', '/api/profiles/jake');
  expectStatus(res, 200, 'get profile');
  expectEqual(res.body.profile.username, 'jake', 'profile.username');
});
"""),
    }, "node app.js", "node api.test.cjs", client_stamp=True),
    libs=("fastify", "sequelize", "sqlite3"), fw="fastify", db="sqlite",
    expect=r'Expected profile.username to be "jake" but got undefined',
))

add(case(
    "koa-pg-bigserial-id-string-supertest", "contract.shape.type", "supertest",
    "https://v5-docs.adonisjs.com/cookbooks/using-postgres-custom-type-parsers", "docs",
    "node-postgres returns int8 (bigint/bigserial) values as strings because they may not fit a JavaScript number; "
    "without a type parser for int8, such ids reach the JSON as \"1\".",
    "The articles table uses id BIGSERIAL and the Koa route returns the inserted row; the spec's id is a number, "
    "so the supertest check prints 'expected article.id to be a number, got \"1\"'.",
    pg(run({
        "package.json": pkg("koa", "@koa/router", "koa-bodyparser", "pg", "supertest"),
        "app.js": """\
const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = new Koa();
const router = new Router({ prefix: '/api' });

app.init = () => pool.query(`CREATE TABLE IF NOT EXISTS articles (
  id BIGSERIAL PRIMARY KEY,
  title TEXT NOT NULL,
  body TEXT NOT NULL
)`);
app.close = () => pool.end();

router.post('/articles', async (ctx) => {
  const { title, body } = ctx.request.body.article;
  const { rows } = await pool.query('INSERT INTO articles (title, body) VALUES ($1, $2) RETURNING id, title, body', [title, body]);
  ctx.status = 201;
  ctx.body = { article: rows[0] };
});

app.use(bodyParser());
app.use(router.routes());
module.exports = app;
""",
        "check.js": """\
const request = require('supertest');
const app = require('./app');

(async () => {
  await app.init();
  try {
    await request(app.callback())
      .post('/api/articles')
      .send({ article: { title: 'How to train your dragon', body: 'You have to believe' } })
      .expect(201)
      .expect((res) => {
        const { id } = res.body.article;
        if (typeof id !== 'number') throw new Error(`expected article.id to be a number, got ${JSON.stringify(id)}`);
      });
    console.log('ok create article');
  } catch (err) {
    console.log(err.stack);
    process.exitCode = 1;
  } finally {
    await app.close();
  }
})();
""",
    }, "node check.js 2>&1", key="test_output")),
    libs=("koa", "@koa/router", "koa-bodyparser", "pg", "supertest"), fw="koa", db="postgres",
    expect=r'expected article.id to be a number, got "1"',
))

# --------------------------------------------------------------------------------------------------
# data.query
# --------------------------------------------------------------------------------------------------

add(case(
    "express-sqlite3-array-bound-to-single-in-placeholder", "data.query.bad_parameter", "harness-lines",
    "https://engineered.at/articles/passing-arrays-as-parameters-to-sqlite", "blog",
    "SQLite has no array parameter type: one ? stands for one scalar value, so 'IN (?)' cannot take a list; each "
    "element needs its own placeholder (or the list must be expanded another way, e.g. json_each).",
    "GET /api/articles?ids=1,2,3 splits the ids and binds the whole array to 'WHERE id IN (?)'; node-sqlite3 "
    "matches nothing, the endpoint answers 200 with an empty list and the harness prints 'Expected articles.length "
    "to be 3 but got 0'.",
    with_client({
        "package.json": pkg("express", "sqlite3"),
        "app.js": """\
const express = require('express');
const sqlite3 = require('sqlite3');

const db = new sqlite3.Database(':memory:');
db.serialize(() => {
  db.run('CREATE TABLE articles (id INTEGER PRIMARY KEY, slug TEXT, title TEXT)');
  const stmt = db.prepare('INSERT INTO articles (slug, title) VALUES (?, ?)');
  ['dragons', 'angular', 'react', 'vue'].forEach((slug) => stmt.run(slug, `All about ${slug}`));
  stmt.finalize();
});

const app = express();
""" + EXPRESS_LOG + """
app.get('/api/articles', (req, res) => {
  const ids = String(req.query.ids || '').split(',').filter(Boolean).map(Number);
  db.all('SELECT id, slug, title FROM articles WHERE id IN (?) ORDER BY id', [ids], (err, rows) => {
    if (err) return res.status(500).json({ error: err.message });
    res.json({ articles: rows, articlesCount: rows.length });
  });
});

app.listen(process.env.PORT, () => console.log(`listening on ${process.env.PORT}`));
""",
        **harness("""\
test('fetch articles by ids', async () => {
  const res = await call('GET', '/api/articles?ids=1,2,3');
  expectStatus(res, 200, 'list by ids');
  expectEqual(res.body.articles.length, 3, 'articles.length');
});
"""),
    }, "node app.js", "node api.test.cjs"),
    libs=("express", "sqlite3"), fw="express", db="sqlite",
    expect=r"Expected articles.length to be 3 but got 0",
))

add(case(
    "fastify-knex-pg-like-on-joined-tag-list-mocha", "data.query.filter", "mocha",
    "https://donmai.moe/forum_posts/168532", "qa",
    "Searching a space- or comma-joined tag string with a %tag% pattern matches every tag that merely contains the "
    "searched text, so one tag's results include articles tagged with longer names.",
    "Tags are stored joined in articles.tag_list and GET /api/articles?tag=node filters with "
    "where('tag_list', 'like', `%${tag}%`); the article tagged only 'nodejs' is returned too and the mocha "
    "assertion on the titles fails with one extra item.",
    pg(run({
        "package.json": pkg("fastify", "knex", "pg", "mocha", "supertest", "chai"),
        "app.js": """\
const Fastify = require('fastify');
const knex = require('knex');

async function build() {
  const db = knex({ client: 'pg', connection: process.env.DATABASE_URL });
  await db.schema.dropTableIfExists('articles');
  await db.schema.createTable('articles', (t) => {
    t.increments('id');
    t.string('title').notNullable();
    t.string('tag_list').notNullable().defaultTo('');
  });
  await db('articles').insert([
    { title: 'Node streams explained', tag_list: 'node,streams' },
    { title: 'Deploying a Nodejs app', tag_list: 'nodejs,devops' },
    { title: 'CSS grid', tag_list: 'css' },
  ]);

  const app = Fastify();
  app.get('/api/articles', async (request) => {
    const { tag } = request.query;
    const query = db('articles').select('id', 'title', 'tag_list').orderBy('id');
    if (tag) query.where('tag_list', 'like', `%${tag}%`);
    const rows = await query;
    return { articles: rows.map((r) => ({ title: r.title, tagList: r.tag_list.split(',') })), articlesCount: rows.length };
  });
  app.addHook('onClose', () => db.destroy());
  return app;
}

module.exports = build;
""",
        "test/tags.test.js": """\
const request = require('supertest');
const { expect } = require('chai');
const build = require('../app');

describe('GET /api/articles?tag=', () => {
  let app;
  before(async () => { app = await build(); await app.ready(); });
  after(() => app.close());

  it('returns only articles with that exact tag', async () => {
    const res = await request(app.server).get('/api/articles?tag=node').expect(200);
    expect(res.body.articles.map((a) => a.title)).to.deep.equal(['Node streams explained']);
  });
});
""",
    }, MOCHA, key="test_output")),
    libs=("fastify", "knex", "pg", "mocha", "supertest", "chai"), fw="fastify", db="postgres",
    expect=r"Deploying a Nodejs app",
))

add(case(
    "koa-bs3-offset-page-times-limit-ci", "data.query.pagination", "ci-timestamp",
    "https://buglyst.com/learn/guides/pagination-off-by-one-bug", "blog",
    "With 1-based page numbers the offset is (page - 1) * limit; computing page * limit skips a whole page, so "
    "page 1 starts at the second page's first item.",
    "The spec's pages start at 1, but the Koa list route computes OFFSET page * limit; GET /api/articles?page=1"
    "&limit=2 returns articles 3 and 4, and the CI-timestamped harness prints 'Expected first title on page 1 to "
    "be \"Article 1\" but got \"Article 3\"'.",
    with_client({
        "package.json": pkg("koa", "@koa/router", "better-sqlite3"),
        "app.js": """\
const Koa = require('koa');
const Router = require('@koa/router');
const Database = require('better-sqlite3');

const db = new Database(':memory:');
db.exec('CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT NOT NULL)');
const insert = db.prepare('INSERT INTO articles (title) VALUES (?)');
for (let i = 1; i <= 5; i++) insert.run(`Article ${i}`);

const app = new Koa();
const router = new Router({ prefix: '/api' });
""" + KOA_LOG + """
router.get('/articles', (ctx) => {
  const page = Math.max(parseInt(ctx.query.page, 10) || 1, 1);
  const limit = Math.min(parseInt(ctx.query.limit, 10) || 10, 50);
  const offset = page * limit;
  const articles = db.prepare('SELECT id, title FROM articles ORDER BY id LIMIT ? OFFSET ?').all(limit, offset);
  const { total } = db.prepare('SELECT COUNT(*) AS total FROM articles').get();
  ctx.body = { articles, page, limit, total };
});

app.use(router.routes());
app.listen(process.env.PORT, () => console.log(`articles api on ${process.env.PORT}`));
""",
        **harness("""\
test('first page', async () => {
  const res = await call('GET', '/api/articles?page=1&limit=2');
  expectStatus(res, 200, 'first page');
  expectEqual(res.body.articles[0] && res.body.articles[0].title, 'Article 1', 'first title on page 1');
});
"""),
    }, "node app.js", "node api.test.cjs", client_stamp=True),
    libs=("koa", "@koa/router", "better-sqlite3"), fw="koa", db="sqlite",
    expect=r'Expected first title on page 1 to be "Article 1" but got "Article 3"',
))

add(case(
    "express-pg-latest-without-order-by-jest", "data.query.sql_text", "jest",
    "https://55276.net/qa/?qa=948602%2F&show=948603", "qa",
    "A SELECT without ORDER BY has no defined order; in PostgreSQL an UPDATE writes a new row version elsewhere in "
    "the table, so the 'natural' order changes after updates.",
    "GET /api/articles/latest runs 'SELECT ... FROM articles LIMIT $1' with no ORDER BY and relies on insertion "
    "order; after the first article is updated, PostgreSQL returns it last and the list is not newest-first, so "
    "jest's toEqual shows ['Second', 'Third'] where the spec expects ['Third', 'Second'].",
    pg(run({
        "package.json": pkg("express", "pg", "jest", "supertest", jest=True),
        "app.js": """\
const express = require('express');
const { Pool } = require('pg');

const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.use(express.json());

app.init = () => pool.query(`DROP TABLE IF EXISTS articles;
  CREATE TABLE articles (id SERIAL PRIMARY KEY, title TEXT NOT NULL, favorites INTEGER NOT NULL DEFAULT 0,
                         created_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
app.close = () => pool.end();

app.post('/api/articles', async (req, res) => {
  const { rows } = await pool.query('INSERT INTO articles (title) VALUES ($1) RETURNING *', [req.body.article.title]);
  res.status(201).json({ article: rows[0] });
});

app.post('/api/articles/:id/favorite', async (req, res) => {
  const { rows } = await pool.query('UPDATE articles SET favorites = favorites + 1 WHERE id = $1 RETURNING *', [req.params.id]);
  res.json({ article: rows[0] });
});

// newest first
app.get('/api/articles/latest', async (req, res) => {
  const limit = Number(req.query.limit) || 10;
  const { rows } = await pool.query('SELECT id, title, favorites FROM articles LIMIT $1', [limit]);
  res.json({ articles: rows });
});

module.exports = app;
""",
        "latest.test.js": """\
const request = require('supertest');
const app = require('./app');

beforeAll(() => app.init());
afterAll(() => app.close());

test('latest articles are newest first', async () => {
  for (const title of ['First', 'Second', 'Third']) {
    await request(app).post('/api/articles').send({ article: { title } }).expect(201);
  }
  await request(app).post('/api/articles/1/favorite').expect(200);
  const res = await request(app).get('/api/articles/latest?limit=2').expect(200);
  expect(res.body.articles.map((a) => a.title)).toEqual(['Third', 'Second']);
});
""",
    }, JEST, key="test_output")),
    libs=("express", "pg", "jest", "supertest"), fw="express", db="postgres",
    expect=r"toEqual",
))

add(case(
    "hono-sequelize-pg-like-case-sensitive-honcho", "data.query.dialect", "compose-prefix",
    "https://geek-answers.imtqy.com/articles/1000046/index.html", "qa",
    "PostgreSQL compares text case-sensitively, so LIKE '%node%' does not match 'Node'; a case-insensitive search "
    "needs ILIKE (Op.iLike), lower() on both sides or a citext column.",
    "The search route uses Sequelize's Op.like with the query text as typed; on PostgreSQL '%node%' misses the "
    "article titled 'Getting started with Node', the honcho-prefixed Sequelize log shows the LIKE query, and the "
    "harness prints 'Expected articlesCount to be 1 but got 0'.",
    pg(with_client({
        "package.json": pkg("hono", "@hono/node-server", "sequelize", "pg", module=True),
        **PROCFILE,
        "app.js": """\
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import sequelizePkg from 'sequelize';

const { Sequelize, DataTypes, Op } = sequelizePkg;

const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: (sql) => console.log(sql) });
const Article = sequelize.define('Article', {
  title: { type: DataTypes.STRING, allowNull: false },
  body: { type: DataTypes.TEXT, allowNull: false },
});

const app = new Hono();

app.get('/api/articles/search', async (c) => {
  const q = c.req.query('q') || '';
  const articles = await Article.findAll({
    where: { title: { [Op.like]: `%${q}%` } },
    attributes: ['id', 'title'],
    order: [['id', 'ASC']],
  });
  return c.json({ articles, articlesCount: articles.length });
});

await sequelize.sync({ force: true });
await Article.bulkCreate([
  { title: 'Getting started with Node', body: '...' },
  { title: 'CSS grid in practice', body: '...' },
]);
serve({ fetch: app.fetch, port: Number(process.env.PORT) }, (info) => console.log(`listening on ${info.port}`));
""",
        **harness("""\
test('search is case-insensitive', async () => {
  const res = await call('GET', '/api/articles/search?q=node');
  expectStatus(res, 200, 'search');
  expectEqual(res.body.articlesCount, 1, 'articlesCount');
});
"""),
    }, HONCHO, "node api.test.cjs", startup=25)),
    libs=("hono", "@hono/node-server", "sequelize", "pg", "honcho"), fw="hono", db="postgres",
    expect=r"Expected articlesCount to be 1 but got 0",
))

add(case(
    "fastify-sequelize-findone-without-where-pino", "data.query.filter", "pino-json",
    "https://taourl.com/read-2676316.html", "blog",
    "Sequelize's findOne() filters only through its where option; attributes passed at the top level of the "
    "options are not conditions, so the query has no WHERE clause and returns the table's first row.",
    "The profile route calls User.findOne({ username }) without where; Sequelize warns 'Model attributes "
    "(username) passed into finder method options of model User, but the options.where object is empty', and "
    "GET /api/profiles/anna answers jake's profile (pino logs a 200 for the wrong user).",
    serve({
        "package.json": pkg("fastify", "sequelize", "sqlite3"),
        "app.js": """\
const fastify = require('fastify')({ logger: true });
const { Sequelize, DataTypes } = require('sequelize');

const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
const User = sequelize.define('User', {
  username: { type: DataTypes.STRING, unique: true, allowNull: false },
  bio: DataTypes.TEXT,
}, { timestamps: false });

fastify.get('/api/profiles/:username', async (request, reply) => {
  const { username } = request.params;
  const user = await User.findOne({ username });
  if (!user) return reply.code(404).send({ errors: { body: ['profile not found'] } });
  return { profile: { username: user.username, bio: user.bio, following: false } };
});

(async () => {
  await sequelize.sync();
  await User.bulkCreate([{ username: 'jake', bio: 'I work at statefarm' }, { username: 'anna', bio: 'Frontend dev' }]);
  await fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
})();
""",
    }, "node app.js", [{"method": "GET", "path": "/api/profiles/anna"}]),
    libs=("fastify", "pino", "sequelize", "sqlite3"), fw="fastify", db="sqlite",
    expect=r"options.where object is empty",
))
