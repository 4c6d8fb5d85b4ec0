"""nodeapi: values that cannot be encoded (or are encoded surprisingly) on the way out."""

from _nodeapi_kit import case, pkg, run, serve

CASES = [
    case(
        "nodeapi-fastify-bs3-safe-integers-bigint-pino",
        "contract.serialization.json_encode", "pino-json",
        "https://nodeer.space/questions/im-in-need-of-assistance-in-setting-up-a-hook-in-fastify-that-will-handle-the-automatic-serialization-of-these-types-of-values-across-all-endpoints-in-appts",
        "qa",
        "JSON.stringify has no encoding for BigInt and throws; a Fastify route without a response schema "
        "serialises its payload with JSON.stringify, so returning a BigInt field fails the reply.",
        "db.js opens better-sqlite3 with defaultSafeIntegers(true), so ids and counts come back as BigInt; the "
        "schema-less GET /api/articles returns them and Fastify's default serializer throws 'Do not know how to "
        "serialize a BigInt', logged by pino with a 500.",
        serve({
            "package.json": pkg(deps=("fastify", "better-sqlite3")),
            "db.js": """
                const Database = require('better-sqlite3');

                const db = new Database(':memory:');
                db.defaultSafeIntegers(true); // ids can exceed 2^53
                db.exec(`CREATE TABLE articles (id INTEGER PRIMARY KEY, slug TEXT UNIQUE, title TEXT);
                         INSERT INTO articles (slug, title) VALUES ('dragons', 'How to train your dragon');`);
                module.exports = db;
            """,
            "server.js": """
                const fastify = require('fastify')({ logger: true });
                const db = require('./db');

                fastify.get('/api/articles', async () => {
                  const articles = db.prepare('SELECT id, slug, title FROM articles').all();
                  const { n } = db.prepare('SELECT COUNT(*) AS n FROM articles').get();
                  return { articles, articlesCount: n };
                });

                fastify.listen({ port: Number(process.env.PORT) || 3000, host: '127.0.0.1' });
            """,
        }, "node server.js", [{"path": "/api/articles"}]),
        libs=("fastify", "better-sqlite3", "pino"), fw="fastify", db="sqlite", expect=r"Do not know how to serialize a BigInt",
    ),
    case(
        "nodeapi-fastify-response-schema-integer-uuid",
        "contract.serialization.response_validation", "status-line",
        "https://fastify.dev/docs/v5.1.x/Reference/Validation-and-Serialization/", "docs",
        "A Fastify response schema compiles a fast-json-stringify serializer; values are coerced to the declared "
        "types, and a value that cannot be coerced (a non-numeric string for an integer) makes serialisation fail.",
        "The comment route's 201 schema declares id as integer while the handler now stores UUID strings; "
        "fast-json-stringify throws 'The value ... cannot be converted to an integer.' and the client gets 500 "
        "instead of the created comment.",
        serve({
            "package.json": pkg(deps=("fastify",)),
            "server.js": """
                const fastify = require('fastify')();
                const { randomUUID } = require('node:crypto');

                const commentSchema = {
                  type: 'object',
                  properties: {
                    comment: {
                      type: 'object',
                      properties: { id: { type: 'integer' }, body: { type: 'string' }, createdAt: { type: 'string' } },
                    },
                  },
                };
                const comments = [];

                fastify.post('/api/articles/:slug/comments', { schema: { response: { 201: commentSchema } } }, async (request, reply) => {
                  const comment = { id: randomUUID(), body: request.body.comment.body, createdAt: new Date().toISOString() };
                  comments.push(comment);
                  reply.code(201);
                  return { comment };
                });

                fastify.listen({ port: Number(process.env.PORT) || 3000, host: '127.0.0.1' });
            """,
        }, "node server.js", [{"method": "POST", "path": "/api/articles/dragons/comments", "json": {"comment": {"body": "Nice!"}}}]),
        libs=("fastify",), fw="fastify", expect=r"cannot be converted to an integer",
    ),
    case(
        "nodeapi-express-bs3-blob-uuid-buffer-jest",
        "contract.serialization.json_encode", "jest",
        "https://nodejs.cn/api/buffer/buf_tojson.html", "docs",
        "JSON.stringify calls Buffer.prototype.toJSON, which renders a Buffer as {type: 'Buffer', data: [bytes]} "
        "rather than a string.",
        "Articles are keyed by a 16-byte BLOB uuid that better-sqlite3 returns as a Buffer; res.json serialises "
        "it as {type:'Buffer',data:[...]} so the jest check that the id is a string fails.",
        run({
            "package.json": pkg(deps=("express", "better-sqlite3"), jest=True),
            "src/db.js": """
                const Database = require('better-sqlite3');
                const db = new Database(':memory:');
                db.exec('CREATE TABLE articles (id BLOB PRIMARY KEY, title TEXT NOT NULL, body TEXT)');
                module.exports = db;
            """,
            "src/app.js": """
                const express = require('express');
                const { randomUUID } = require('node:crypto');
                const db = require('./db');

                const app = express();
                app.use(express.json());

                const toBytes = (uuid) => Buffer.from(uuid.replace(/-/g, ''), 'hex');

                app.post('/api/articles', (req, res) => {
                  const { title, body } = req.body.article;
                  const id = toBytes(randomUUID());
                  db.prepare('INSERT INTO articles (id, title, body) VALUES (?, ?, ?)').run(id, title, body);
                  const article = db.prepare('SELECT id, title, body FROM articles WHERE id = ?').get(id);
                  res.status(201).json({ article });
                });

                module.exports = app;
            """,
            "tests/articles.test.js": """
                const request = require('supertest');
                const app = require('../src/app');

                test('created article has a string id', async () => {
                  const res = await request(app).post('/api/articles').send({ article: { title: 'Dragons', body: 'Fly' } });
                  expect(res.status).toBe(201);
                  expect(typeof res.body.article.id).toBe('string');
                });
            """,
        }, "jest --ci"),
        libs=("express", "better-sqlite3", "jest", "supertest"), fw="express", db="sqlite",
        expect=r'Expected: "string"\s+Received: "object"',
    ),
    case(
        "nodeapi-koa-sqlite-text-epoch-invalid-date-mocha",
        "contract.serialization.json_encode", "mocha",
        "https://developer.mozilla.org/en-US/docs/Web/JavaScript/Reference/Global_Objects/Date/toJSON", "docs",
        "Date.prototype.toJSON returns null for an invalid date, so an Invalid Date inside a response is "
        "serialised silently as null.",
        "created_at is a TEXT column filled with Date.now(); SQLite stores the digits as text, new Date('1796...') "
        "is an Invalid Date, and JSON encodes it as null, so the mocha test sees createdAt: null.",
        run({
            "package.json": pkg(deps=("koa", "@koa/router", "koa-bodyparser", "sqlite3")),
            "app.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');
                const bodyParser = require('koa-bodyparser');
                const sqlite3 = require('sqlite3');

                const db = new sqlite3.Database(':memory:');
                const run = (sql, params = []) => new Promise((ok, ko) => db.run(sql, params, function (err) { err ? ko(err) : ok(this); }));
                const get = (sql, params = []) => new Promise((ok, ko) => db.get(sql, params, (err, row) => (err ? ko(err) : ok(row))));
                const ready = run('CREATE TABLE comments (id INTEGER PRIMARY KEY, body TEXT, created_at TEXT)');

                const router = new Router({ prefix: '/api' });
                router.post('/articles/:slug/comments', async (ctx) => {
                  await ready;
                  const { lastID } = await run('INSERT INTO comments (body, created_at) VALUES (?, ?)', [ctx.request.body.comment.body, Date.now()]);
                  const row = await get('SELECT * FROM comments WHERE id = ?', [lastID]);
                  ctx.status = 201;
                  ctx.body = { comment: { id: row.id, body: row.body, createdAt: new Date(row.created_at) } };
                });

                const app = new Koa();
                app.use(bodyParser());
                app.use(router.routes());
                module.exports = app;
            """,
            "test/comments.spec.js": """
                const request = require('supertest');
                const { expect } = require('chai');
                const app = require('../app');

                describe('POST /api/articles/:slug/comments', () => {
                  it('returns an ISO createdAt', async () => {
                    const res = await request(app.callback()).post('/api/articles/dragons/comments').send({ comment: { body: 'Thank you!' } });
                    expect(res.status).to.equal(201);
                    expect(res.body.comment.createdAt).to.be.a('string');
                  });
                });
            """,
        }, "mocha --no-colors"),
        libs=("koa", "@koa/router", "sqlite3", "mocha", "chai", "supertest"), fw="koa", db="sqlite",
        expect=r"expected null to be a string",
    ),
    case(
        "nodeapi-hono-author-back-reference-circular",
        "contract.serialization.json_encode", "node-stack",
        "https://jsonfyi.com/learn/json-circular-reference-error", "blog",
        "JSON.stringify throws 'Converting circular structure to JSON' when an object graph has a cycle, such "
        "as a child holding a reference back to its parent.",
        "The in-memory store links each article to its author object and pushes the article into author.articles; "
        "c.json({ article }) walks article -> author -> articles -> article, JSON.stringify throws the circular "
        "structure TypeError, and Hono logs it and answers 500.",
        serve({
            "package.json": pkg(module=True, deps=("hono", "@hono/node-server")),
            "src/store.js": """
                export const users = new Map([['jake', { username: 'jake', bio: 'I work at statefarm', articles: [] }]]);
                export const articles = new Map();

                export function createArticle(username, data) {
                  const author = users.get(username);
                  const article = { slug: data.title.toLowerCase().replace(/\\s+/g, '-'), ...data, author };
                  author.articles.push(article);
                  articles.set(article.slug, article);
                  return article;
                }
            """,
            "src/index.js": """
                import { Hono } from 'hono';
                import { serve } from '@hono/node-server';
                import { createArticle } from './store.js';

                const app = new Hono();
                app.post('/api/articles', async (c) => {
                  const { article: input } = await c.req.json();
                  const article = createArticle('jake', input);
                  return c.json({ article }, 201);
                });

                serve({ fetch: app.fetch, port: Number(process.env.PORT) || 3000 }, (info) => console.log(`listening on ${info.port}`));
            """,
        }, "node src/index.js", [{"method": "POST", "path": "/api/articles", "json": {"article": {"title": "Train your dragon", "body": "..."}}}]),
        libs=("hono", "@hono/node-server"), fw="hono", expect=r"Converting circular structure to JSON",
    ),
]
