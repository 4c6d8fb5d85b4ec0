"""nodeapi: business rules and state, seen from the client or the test runner."""

from _nodeapi_kit import case, pkg, run, serve

NEST_TSCONFIG = """{
  "compilerOptions": {
    "module": "commonjs", "target": "ES2021", "experimentalDecorators": true, "emitDecoratorMetadata": true,
    "outDir": "dist", "rootDir": "src", "skipLibCheck": true, "esModuleInterop": true, "strict": false
  }
}
"""

CASES = [
    case(
        "nodeapi-express-session-secure-cookie-over-http-mocha",
        "logic.state.identifier_lost", "mocha",
        "http://www.taourl.com/read-2296285.html", "qa",
        "With cookie.secure set, express-session only issues the session cookie over HTTPS; over plain HTTP no "
        "cookie reaches the client, so every request starts a new, empty session.",
        "The session is configured with cookie.secure: true while the API (and its supertest agent) speak plain "
        "HTTP; login stores userId in req.session but no Set-Cookie is sent, so the follow-up GET /api/user "
        "arrives without a session id and the mocha test gets 401 instead of 200.",
        run({
            "package.json": pkg(deps=("express", "express-session")),
            "app.js": """
                const express = require('express');
                const session = require('express-session');

                const app = express();
                app.use(express.json());
                app.use(session({
                  secret: process.env.SESSION_SECRET || 'conduit-dev-secret',
                  resave: false,
                  saveUninitialized: false,
                  cookie: { httpOnly: true, secure: true, sameSite: 'lax', maxAge: 24 * 3600 * 1000 },
                }));

                const users = [{ id: 1, email: 'jake@jake.jake', username: 'jake', password: 'jakejake' }];

                app.post('/api/users/login', (req, res) => {
                  const { email, password } = req.body.user || {};
                  const user = users.find((u) => u.email === email && u.password === password);
                  if (!user) return res.status(422).json({ errors: { body: ['invalid credentials'] } });
                  req.session.userId = user.id;
                  res.json({ user: { email: user.email, username: user.username } });
                });

                app.get('/api/user', (req, res) => {
                  const user = users.find((u) => u.id === req.session.userId);
                  if (!user) return res.status(401).json({ errors: { body: ['not logged in'] } });
                  res.json({ user: { email: user.email, username: user.username } });
                });

                module.exports = app;
            """,
            "test/session.spec.js": """
                const request = require('supertest');
                const app = require('../app');

                describe('session login', () => {
                  const agent = request.agent(app);
                  it('logs in', async () => {
                    await agent.post('/api/users/login').send({ user: { email: 'jake@jake.jake', password: 'jakejake' } }).expect(200);
                  });
                  it('returns the current user with the session cookie', async () => {
                    await agent.get('/api/user').expect(200);
                  });
                });
            """,
        }, "mocha --no-colors"),
        libs=("express", "express-session", "mocha", "supertest"), fw="express",
        expect=r'expected 200 "OK", got 401 "Unauthorized"',
    ),
    case(
        "nodeapi-nest-login-post-default-201",
        "logic.business.status_code", "status-line",
        "https://www.packtpub.com/en-mx/product/nest-js-a-progressive-node-js-framework-10-9781800204737/chapter/routing-and-request-handling-in-nest-js/generating-responses",
        "blog",
        "Nest answers 200 by default except for POST handlers, which answer 201; another status needs the "
        "@HttpCode() decorator.",
        "The login endpoint is a @Post() handler without @HttpCode(200), so Nest replies 201 Created to a "
        "successful login where the API contract (and the client) expect 200 OK.",
        serve({
            "package.json": pkg(deps=("@nestjs/core", "@nestjs/common", "@nestjs/platform-express", "reflect-metadata", "rxjs")),
            "tsconfig.json": NEST_TSCONFIG,
            "src/auth.controller.ts": """
                import { Body, Controller, Post, UnprocessableEntityException } from '@nestjs/common';

                const USERS = [{ email: 'jake@jake.jake', username: 'jake', password: 'jakejake' }];

                @Controller('users')
                export class AuthController {
                  @Post('login')
                  login(@Body('user') input: { email: string; password: string }) {
                    const user = USERS.find((u) => u.email === input?.email && u.password === input?.password);
                    if (!user) throw new UnprocessableEntityException({ errors: { body: ['invalid credentials'] } });
                    return { user: { email: user.email, username: user.username, token: 'jwt.token.here' } };
                  }
                }
            """,
            "src/app.module.ts": """
                import { Module } from '@nestjs/common';
                import { AuthController } from './auth.controller';

                @Module({ controllers: [AuthController] })
                export class AppModule {}
            """,
            "src/main.ts": """
                import 'reflect-metadata';
                import { NestFactory } from '@nestjs/core';
                import { AppModule } from './app.module';

                async function bootstrap() {
                  const app = await NestFactory.create(AppModule);
                  app.setGlobalPrefix('api');
                  await app.listen(process.env.PORT || 3000);
                }
                bootstrap();
            """,
        }, "tsc -p . && node dist/main.js",
            [{"method": "POST", "path": "/api/users/login", "json": {"user": {"email": "jake@jake.jake", "password": "jakejake"}}}],
            startup=60, env={"NO_COLOR": "1"}),
        libs=("@nestjs/core", "@nestjs/common", "typescript"), fw="nestjs", expect=r"POST /api/users/login -> 201 Created",
    ),
    case(
        "nodeapi-express-invented-rate-limit-429-jest",
        "logic.business.rule", "jest",
        "https://bugstack.ai/errors/express-rate-limit-error", "blog",
        "express-rate-limit answers 429 Too Many Requests once a client exceeds the configured max in the window; "
        "a small max makes ordinary traffic hit the limit.",
        "The generated app adds a global express-rate-limit with limit 5 per minute that the API specification "
        "never asked for; the test suite's sixth request from the same address gets 429 and the assertion for "
        "200 fails.",
        run({
            "package.json": pkg(deps=("express", "express-rate-limit"), jest=True),
            "src/app.js": """
                const express = require('express');
                const { rateLimit } = require('express-rate-limit');

                const app = express();
                app.use(express.json());
                // protect the API from abuse
                app.use(rateLimit({ windowMs: 60 * 1000, limit: 5, standardHeaders: 'draft-7', legacyHeaders: false }));

                const tags = ['dragons', 'training', 'welcome'];
                app.get('/api/tags', (req, res) => res.json({ tags }));

                module.exports = app;
            """,
            "tests/tags.test.js": """
                const request = require('supertest');
                const app = require('../src/app');

                describe('GET /api/tags', () => {
                  it.each([1, 2, 3, 4, 5, 6, 7])('returns the tag list (call %i)', async () => {
                    const res = await request(app).get('/api/tags');
                    expect(res.status).toBe(200);
                  });
                });
            """,
        }, "jest --ci"),
        libs=("express", "express-rate-limit", "jest", "supertest"), fw="express", expect=r"Received: 429",
    ),
    case(
        "nodeapi-express-store-declared-inside-handler-mocha",
        "logic.state.not_persisted", "mocha",
        "https://qanswer.space/questions/nodejs-module-scope-handling-express-requests-concurrently", "qa",
        "Variables declared inside a request handler live only for that request; data meant to survive between "
        "requests must live at module scope, in a session, or in a database.",
        "routes/articles.js declares the articles array inside each handler, so the article created by POST is "
        "gone when GET runs; the mocha test finds an empty list (expected 0 to equal 1).",
        run({
            "package.json": pkg(deps=("express",)),
            "routes/articles.js": """
                const { Router } = require('express');

                const router = Router();

                router.post('/', (req, res) => {
                  const articles = [];
                  const article = { slug: req.body.article.title.toLowerCase().replace(/\\s+/g, '-'), ...req.body.article };
                  articles.push(article);
                  res.status(201).json({ article });
                });

                router.get('/', (req, res) => {
                  const articles = [];
                  res.json({ articles, articlesCount: articles.length });
                });

                module.exports = router;
            """,
            "app.js": """
                const express = require('express');
                const app = express();
                app.use(express.json());
                app.use('/api/articles', require('./routes/articles'));
                module.exports = app;
            """,
            "test/articles.spec.js": """
                const request = require('supertest');
                const { expect } = require('chai');
                const app = require('../app');

                describe('articles', () => {
                  it('lists the article that was just created', async () => {
                    await request(app).post('/api/articles').send({ article: { title: 'How to train your dragon', body: 'Ever wonder how?' } }).expect(201);
                    const res = await request(app).get('/api/articles').expect(200);
                    expect(res.body.articlesCount).to.equal(1);
                  });
                });
            """,
        }, "mocha --no-colors"),
        libs=("express", "mocha", "chai", "supertest"), fw="express", expect=r"expected \+0 to equal 1",
    ),
    case(
        "nodeapi-koa-favorites-kept-in-ctx-state",
        "logic.state.not_persisted", "status-line",
        "https://raw.githubusercontent.com/koajs/koa/HEAD/docs/api/context.md", "docs",
        "A Koa Context, and the ctx.state namespace on it, is created per request; it passes data between the "
        "middleware of one request and is discarded afterwards.",
        "The favourite endpoint records the slug in ctx.state.favorites and the article read checks the same "
        "place; each request gets a fresh ctx.state, so after POST .../favorite the GET still shows "
        "favorited: false and favoritesCount: 0.",
        serve({
            "package.json": pkg(deps=("koa", "@koa/router")),
            "server.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');

                const app = new Koa();
                const router = new Router({ prefix: '/api' });
                const articles = { 'how-to-train-your-dragon': { slug: 'how-to-train-your-dragon', title: 'How to train your dragon' } };

                app.use(async (ctx, next) => {
                  ctx.state.favorites = ctx.state.favorites || new Set();
                  await next();
                });

                const view = (ctx, article) => ({
                  ...article,
                  favorited: ctx.state.favorites.has(article.slug),
                  favoritesCount: ctx.state.favorites.has(article.slug) ? 1 : 0,
                });

                router.post('/articles/:slug/favorite', (ctx) => {
                  const article = articles[ctx.params.slug];
                  ctx.assert(article, 404, 'article not found');
                  ctx.state.favorites.add(article.slug);
                  ctx.body = { article: view(ctx, article) };
                });
                router.get('/articles/:slug', (ctx) => {
                  const article = articles[ctx.params.slug];
                  ctx.assert(article, 404, 'article not found');
                  ctx.body = { article: view(ctx, article) };
                });

                app.use(router.routes()).use(router.allowedMethods());
                app.listen(process.env.PORT || 3000);
            """,
        }, "node server.js", [
            {"method": "POST", "path": "/api/articles/how-to-train-your-dragon/favorite"},
            {"path": "/api/articles/how-to-train-your-dragon"},
        ]),
        libs=("koa", "@koa/router"), fw="koa", expect=r'GET /api/articles/how-to-train-your-dragon -> 200 OK\n.*"favorited":false',
    ),
    case(
        "nodeapi-bs3-insert-or-replace-drops-profile-jest",
        "logic.state.not_persisted", "jest",
        "https://wiki.gubat.org/content/stackoverflow.com_en_all_2023-11/a/4815409", "qa",
        "SQLite's INSERT OR REPLACE resolves a conflict by deleting the existing row and inserting a new one, so "
        "every column not named in the statement falls back to its default.",
        "PUT /api/user saves the user with INSERT OR REPLACE listing only the fields in the request; when the "
        "client updates just the email, the stored bio and image are reset to NULL and the jest check that the "
        "bio survived the update fails.",
        run({
            "package.json": pkg(deps=("express", "better-sqlite3"), jest=True),
            "src/db.js": """
                const Database = require('better-sqlite3');
                const db = new Database(':memory:');
                db.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE NOT NULL, email TEXT, bio TEXT, image TEXT);
                         INSERT INTO users (id, username, email, bio, image) VALUES (1, 'jake', 'jake@jake.jake', 'I work at statefarm', 'https://i.stack.imgur.com/xHWG8.jpg');`);
                module.exports = db;
            """,
            "src/app.js": """
                const express = require('express');
                const db = require('./db');

                const app = express();
                app.use(express.json());
                const currentUserId = 1;

                app.put('/api/user', (req, res) => {
                  const changes = req.body.user || {};
                  const row = { id: currentUserId, username: 'jake', ...changes };
                  const cols = Object.keys(row);
                  db.prepare(`INSERT OR REPLACE INTO users (${cols.join(', ')}) VALUES (${cols.map((c) => '@' + c).join(', ')})`).run(row);
                  const user = db.prepare('SELECT username, email, bio, image FROM users WHERE id = ?').get(currentUserId);
                  res.json({ user });
                });

                module.exports = app;
            """,
            "tests/user.test.js": """
                const request = require('supertest');
                const app = require('../src/app');

                test('PUT /api/user changes only the given fields', async () => {
                  const res = await request(app).put('/api/user').send({ user: { email: 'jake@statefarm.com' } });
                  expect(res.status).toBe(200);
                  expect(res.body.user.email).toBe('jake@statefarm.com');
                  expect(res.body.user.bio).toBe('I work at statefarm');
                });
            """,
        }, "jest --ci"),
        libs=("express", "better-sqlite3", "jest", "supertest"), fw="express", db="sqlite", expect=r"Received: null",
    ),
    case(
        "nodeapi-fastify-invented-uri-format-on-image",
        "logic.business.validation", "status-line",
        "https://fastify.dev/docs/v4.29.x/Reference/Validation-and-Serialization/", "docs",
        "Fastify validates request bodies against the route's JSON Schema with Ajv and answers 400 when a "
        "constraint fails, so every keyword in the schema is a rule the API enforces.",
        "The generated update-user schema adds format: 'uri' to user.image, a rule the API spec does not have "
        "(clients clear the image with an empty string); Fastify rejects the spec's request with 400 "
        "'body/user/image must match format \"uri\"'.",
        serve({
            "package.json": pkg(deps=("fastify",)),
            "server.js": """
                const fastify = require('fastify')();

                const user = { email: 'jake@jake.jake', username: 'jake', bio: 'I work at statefarm', image: 'https://i.stack.imgur.com/xHWG8.jpg' };

                fastify.put('/api/user', {
                  schema: {
                    body: {
                      type: 'object',
                      required: ['user'],
                      properties: {
                        user: {
                          type: 'object',
                          properties: {
                            email: { type: 'string', format: 'email' },
                            bio: { type: 'string' },
                            image: { type: 'string', format: 'uri' },
                          },
                        },
                      },
                    },
                  },
                }, async (request) => {
                  Object.assign(user, request.body.user);
                  return { user };
                });

                fastify.listen({ port: Number(process.env.PORT) || 3000, host: '127.0.0.1' });
            """,
        }, "node server.js", [{"method": "PUT", "path": "/api/user", "json": {"user": {"bio": "", "image": ""}}}]),
        libs=("fastify",), fw="fastify", expect=r'must match format \\"uri\\"',
    ),
    case(
        "nodeapi-hono-validation-error-answered-200-jest",
        "logic.business.status_code", "jest",
        "https://jsonic.io/guides/json-in-hono", "blog",
        "Hono's c.json(data, status) answers 200 unless a status is passed as the second argument.",
        "The register handler detects the missing email and returns c.json({ errors }) without a status, so "
        "the invalid registration is answered 200 OK; the jest test (using app.request) expects 422.",
        run({
            "package.json": pkg(deps=("hono",), jest=True),
            "src/app.js": """
                const { Hono } = require('hono');

                const app = new Hono();
                const users = [];

                app.post('/api/users', async (c) => {
                  const { user } = await c.req.json();
                  if (!user || !user.email) {
                    return c.json({ errors: { email: ["can't be blank"] } });
                  }
                  users.push(user);
                  return c.json({ user: { email: user.email, username: user.username, token: 'jwt' } }, 201);
                });

                module.exports = app;
            """,
            "tests/register.test.js": """
                const app = require('../src/app');

                test('registration without email is rejected with 422', async () => {
                  const res = await app.request('/api/users', {
                    method: 'POST',
                    headers: { 'Content-Type': 'application/json' },
                    body: JSON.stringify({ user: { username: 'jake', password: 'jakejake' } }),
                  });
                  expect(res.status).toBe(422);
                });
            """,
        }, "jest --ci"),
        libs=("hono", "jest"), fw="hono", expect=r"Expected: 422\s+Received: 200",
    ),
]
