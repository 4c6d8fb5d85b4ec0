"""nodeweb framework-wiring situations: the code is plausible but collides with how the framework works."""

from _nodeweb_util import case, pkg, run, serve

NEST_TSCONFIG = """{
  "compilerOptions": {
    "module": "commonjs", "target": "ES2021", "experimentalDecorators": true, "emitDecoratorMetadata": true,
    "outDir": "dist", "rootDir": "src", "skipLibCheck": true, "esModuleInterop": true, "strict": false
  }
}
"""

CASES = [
    case(
        "nodeweb-express-router-never-mounted-jest",
        "framework.wiring.route_missing", "jest",
        "https://leyaa.ai/codefly/learn/express/part-1/express-mounting-routers-with-appuse/visualize", "blog",
        "An Express router only serves requests once it is mounted on the app with app.use(path, router); "
        "requests for paths no mounted router handles get 404.",
        "routes/user.js defines GET /api/user and is required in app.js, but app.js never calls app.use for it; "
        "supertest sees 404 'Cannot GET /api/user' where the test expects 200.",
        run({
            "package.json": pkg(jest=True, deps=("express",)),
            "routes/user.js": """
                const express = require('express');
                const router = express.Router();
                router.get('/', (req, res) => res.json({ user: { username: 'jake', email: 'jake@jake.jake' } }));
                module.exports = router;
            """,
            "routes/tags.js": """
                const express = require('express');
                const router = express.Router();
                router.get('/', (req, res) => res.json({ tags: ['dragons'] }));
                module.exports = router;
            """,
            "app.js": """
                const express = require('express');
                const userRouter = require('./routes/user');
                const tagsRouter = require('./routes/tags');

                const app = express();
                app.use(express.json());
                app.use('/api/tags', tagsRouter);
                module.exports = app;
            """,
            "tests/user.test.js": """
                const request = require('supertest');
                const app = require('../app');

                test('GET /api/tags', async () => {
                  await request(app).get('/api/tags').expect(200);
                });

                test('GET /api/user returns the current user', async () => {
                  const res = await request(app).get('/api/user').expect(200);
                  expect(res.body.user.username).toBe('jake');
                });
            """,
        }, "jest --ci"),
        libs=("express", "jest", "supertest"), fw="express", expect=r'expected 200 "OK", got 404 "Not Found"',
    ),
    case(
        "nodeweb-express-doubled-api-prefix-mocha",
        "framework.wiring.route_missing", "mocha",
        "https://learncodefast.org/courses/nodejs/express-routing", "blog",
        "A router mounted with app.use('/api', router) adds that prefix to every route it defines, so routes must "
        "be written relative to the mount point.",
        "routes/articles.js declares '/api/articles' and app.js mounts the router at '/api', so the handler "
        "lives at /api/api/articles and mocha's supertest check for /api/articles gets 404.",
        run({
            "package.json": pkg(deps=("express",)),
            "routes/articles.js": """
                const { Router } = require('express');
                const router = Router();
                router.get('/api/articles', (req, res) => res.json({ articles: [], articlesCount: 0 }));
                module.exports = router;
            """,
            "app.js": """
                const express = require('express');
                const app = express();
                app.use(express.json());
                app.use('/api', require('./routes/articles'));
                module.exports = app;
            """,
            "test/articles.spec.js": """
                const request = require('supertest');
                const { expect } = require('chai');
                const app = require('../app');

                describe('Articles', () => {
                  it('GET /api/articles lists articles', async () => {
                    const res = await request(app).get('/api/articles').expect(200);
                    expect(res.body).to.have.property('articlesCount');
                  });
                });
            """,
        }, "mocha --no-colors"),
        libs=("express", "mocha", "chai", "supertest"), fw="express", expect=r'expected 200 "OK", got 404 "Not Found"',
    ),
    case(
        "nodeweb-express-no-json-parser",
        "framework.wiring.body_parsing", "status-line",
        "https://bobbyhadz.com/blog/express-js-req-body-is-undefined", "blog",
        "req.body stays undefined in Express when no body-parsing middleware (express.json()) is registered "
        "before the route.",
        "app.js never calls app.use(express.json()); the register handler destructures req.body, which is "
        "undefined, so Express answers 500 with 'Cannot destructure property ... of req.body'.",
        serve({
            "package.json": pkg(deps=("express",)),
            "server.js": """
                const express = require('express');
                const app = express();

                app.post('/api/users', (req, res) => {
                  const { user } = req.body;
                  res.status(201).json({ user: { username: user.username, email: user.email, token: 'x' } });
                });

                app.listen(process.env.PORT, () => console.log('listening'));
            """,
        }, "node server.js", [{"method": "POST", "path": "/api/users",
                                "json": {"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}}}]),
        libs=("express",), fw="express", expect=r"Cannot destructure property 'user' of 'req\.body' as it is undefined",
    ),
    case(
        "nodeweb-express-json-factory-not-called",
        "framework.wiring.body_parsing", "status-line",
        "https://masteringjs.io/tutorials/express/promises", "blog",
        "An Express middleware that neither calls next() nor sends a response leaves the request hanging forever.",
        "app.use(express.json) registers the factory itself instead of express.json(); called as middleware it "
        "just returns a function and never calls next, so every request times out with no response.",
        serve({
            "package.json": pkg(deps=("express",)),
            "server.js": """
                const express = require('express');
                const app = express();
                app.use((req, res, next) => { console.log(`${req.method} ${req.url}`); next(); });
                app.use(express.json);

                app.post('/api/users/login', (req, res) => {
                  res.json({ user: { email: req.body.user.email, token: 'x' } });
                });

                app.listen(process.env.PORT, () => console.log('listening'));
            """,
        }, "node server.js", [{"method": "POST", "path": "/api/users/login", "timeout": 3,
                                "json": {"user": {"email": "jake@jake.jake", "password": "jakejake"}}}]),
        libs=("express",), fw="express", expect=r"no response \(timed out|no response",
    ),
    case(
        "nodeweb-koa-no-bodyparser-jest",
        "framework.wiring.body_parsing", "jest",
        "https://jsschools.com/koa/bodyparser", "blog",
        "Koa has no built-in body parsing; ctx.request.body is only populated after koa-bodyparser is mounted.",
        "The Koa app never mounts koa-bodyparser; the register route reads ctx.request.body.user, which throws "
        "on undefined, so Koa logs the TypeError and the jest test gets 500 instead of 201.",
        run({
            "package.json": pkg(jest=True, deps=("koa", "@koa/router")),
            "src/app.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');

                const app = new Koa();
                const router = new Router({ prefix: '/api' });
                router.post('/users', (ctx) => {
                  const { username, email } = ctx.request.body.user;
                  ctx.status = 201;
                  ctx.body = { user: { username, email, token: 'jwt' } };
                });
                app.use(router.routes()).use(router.allowedMethods());
                module.exports = app;
            """,
            "tests/users.test.js": """
                const request = require('supertest');
                const app = require('../src/app');

                test('POST /api/users registers a user', async () => {
                  const res = await request(app.callback())
                    .post('/api/users')
                    .send({ user: { username: 'jake', email: 'jake@jake.jake', password: 'jakejake' } });
                  expect(res.status).toBe(201);
                });
            """,
        }, "jest --ci"),
        libs=("koa", "@koa/router", "jest", "supertest"), fw="koa", expect=r"Cannot read properties of undefined \(reading 'user'\)",
    ),
    case(
        "nodeweb-koa-bodyparser-after-router-mocha",
        "framework.wiring.body_parsing", "mocha",
        "https://checklist.day/registry/koa-bodyparser", "blog",
        "koa-bodyparser must be registered before any route that reads ctx.request.body; mounted later, the "
        "routes run before the body is parsed.",
        "app.js mounts router.routes() first and bodyParser() after it, so the login handler sees no parsed "
        "body and fails; mocha's supertest assertion gets 500.",
        run({
            "package.json": pkg(deps=("koa", "@koa/router", "koa-bodyparser")),
            "app.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');
                const bodyParser = require('koa-bodyparser');

                const app = new Koa();
                const router = new Router();
                router.post('/api/users/login', (ctx) => {
                  const { email } = ctx.request.body.user;
                  ctx.body = { user: { email, token: 'jwt' } };
                });
                app.use(router.routes());
                app.use(bodyParser());
                module.exports = app;
            """,
            "test/login.spec.js": """
                const request = require('supertest');
                const app = require('../app');

                describe('POST /api/users/login', () => {
                  it('logs the user in', () =>
                    request(app.callback())
                      .post('/api/users/login')
                      .send({ user: { email: 'jake@jake.jake', password: 'jakejake' } })
                      .expect(200));
                });
            """,
        }, "mocha --no-colors"),
        libs=("koa", "koa-bodyparser", "mocha", "supertest"), fw="koa", expect=r'expected 200 "OK", got 500 "Internal Server Error"',
    ),
    case(
        "nodeweb-express-headers-already-sent",
        "framework.wiring.request_response", "node-stack",
        "https://scaleupinfotech.com/blog/fix-node-cannot-set-headers-after-they-are-sent/", "blog",
        "ERR_HTTP_HEADERS_SENT comes from a handler that responds twice for one request, typically a missing "
        "return after an early res.status(...).json(...).",
        "The article handler sends 404 when the slug is unknown but does not return, then calls res.json again; "
        "Node throws ERR_HTTP_HEADERS_SENT from express/lib/response.js.",
        serve({
            "package.json": pkg(deps=("express",)),
            "server.js": """
                const express = require('express');
                const app = express();
                const articles = { 'how-to-train-your-dragon': { title: 'How to train your dragon' } };

                app.get('/api/articles/:slug', (req, res) => {
                  const article = articles[req.params.slug];
                  if (!article) {
                    res.status(404).json({ errors: { body: ['Article not found'] } });
                  }
                  res.json({ article: { slug: req.params.slug, ...article } });
                });

                app.listen(process.env.PORT, () => console.log('listening'));
            """,
        }, "node server.js", [{"path": "/api/articles/how-to-train-your-dragon"}, {"path": "/api/articles/missing"}]),
        libs=("express",), fw="express", expect=r"ERR_HTTP_HEADERS_SENT",
    ),
    case(
        "nodeweb-express-async-handler-crash",
        "framework.wiring.async_misuse", "node-unhandled-rejection",
        "https://www.fixdevs.com/blog/express-async-error/", "blog",
        "Express 4 does not catch rejected promises from async route handlers; on Node 15+ the unhandled "
        "rejection terminates the whole process.",
        "An async handler awaits a lookup and reads a property of the missing row; the rejection never reaches "
        "Express, Node kills the server, and the next request gets no response.",
        serve({
            "package.json": pkg(deps=("express",)),
            "server.js": """
                const express = require('express');
                const app = express();
                const db = { async findProfile(username) { return username === 'jake' ? { username, bio: null } : undefined; } };

                app.get('/api/profiles/:username', async (req, res) => {
                  const profile = await db.findProfile(req.params.username);
                  res.json({ profile: { username: profile.username, bio: profile.bio, following: false } });
                });
                app.get('/api/tags', (req, res) => res.json({ tags: [] }));

                app.listen(process.env.PORT, () => console.log('listening'));
            """,
        }, "node server.js", [{"path": "/api/profiles/celeb_"}, {"path": "/api/tags"}]),
        libs=("express",), fw="express", expect=r"triggerUncaughtException|Cannot read properties of undefined \(reading 'username'\)",
    ),
    case(
        "nodeweb-koa-next-not-awaited-404",
        "framework.wiring.async_misuse", "status-line",
        "https://blog.wangboyang.com/koa-middleware-misbehave-when-next-thenable-is-not-returned/", "blog",
        "Koa middleware must return or await next(); otherwise the response is sent as soon as the synchronous "
        "part finishes, and later async work cannot change it, leaving Koa's default 404.",
        "A logging middleware calls next() without awaiting it; the articles route awaits the database before "
        "setting ctx.body, so Koa has already answered 404 Not Found.",
        serve({
            "package.json": pkg(deps=("koa", "@koa/router")),
            "server.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');
                const app = new Koa();
                const router = new Router({ prefix: '/api' });
                const db = { articles: () => new Promise((r) => setTimeout(() => r([{ slug: 'hello' }]), 20)) };

                app.use((ctx, next) => {
                  const started = Date.now();
                  next();
                  console.log(`${ctx.method} ${ctx.url} ${ctx.status} ${Date.now() - started}ms`);
                });
                router.get('/articles', async (ctx) => {
                  const articles = await db.articles();
                  ctx.body = { articles, articlesCount: articles.length };
                });
                app.use(router.routes());
                app.listen(process.env.PORT);
            """,
        }, "node server.js", [{"path": "/api/articles"}]),
        libs=("koa", "@koa/router"), fw="koa", expect=r"GET /api/articles -> 404 Not Found",
    ),
    case(
        "nodeweb-koa-body-set-in-then-jest",
        "framework.wiring.request_response", "jest",
        "http://man.hubwiz.com/docset/koa.docset/Contents/Resources/Documents/troubleshooting.html", "docs",
        "Koa sends the response when the middleware promise chain settles; setting ctx.body inside a .then() "
        "that is not returned happens after the 404 was already sent.",
        "The tags route calls Tag.findAll().then(tags => { ctx.body = ... }) without returning the promise; "
        "Koa answers 404 and the jest assertion for 200 fails.",
        run({
            "package.json": pkg(jest=True, deps=("koa", "@koa/router")),
            "models/tag.js": """
                exports.findAll = () => new Promise((resolve) => setImmediate(() => resolve(['dragons', 'training'])));
            """,
            "app.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');
                const Tag = require('./models/tag');
                const app = new Koa();
                const router = new Router({ prefix: '/api' });
                router.get('/tags', (ctx) => {
                  Tag.findAll().then((tags) => {
                    ctx.body = { tags };
                  });
                });
                app.use(router.routes());
                module.exports = app;
            """,
            "tags.test.js": """
                const request = require('supertest');
                const app = require('./app');

                test('GET /api/tags', async () => {
                  const res = await request(app.callback()).get('/api/tags');
                  expect(res.status).toBe(200);
                  expect(res.body.tags).toContain('dragons');
                });
            """,
        }, "jest --ci"),
        libs=("koa", "@koa/router", "jest", "supertest"), fw="koa", expect=r"Received: 404",
    ),
    case(
        "nodeweb-fastify-form-body-415",
        "framework.wiring.body_parsing", "status-line",
        "https://fastify.dev/docs/latest/Reference/ContentTypeParser/", "docs",
        "Fastify natively parses only application/json and text/plain; any other content type is rejected with "
        "FST_ERR_CTP_INVALID_MEDIA_TYPE unless a parser is added.",
        "The client posts the login form as application/x-www-form-urlencoded and no form parser is registered; "
        "Fastify answers 415 with code FST_ERR_CTP_INVALID_MEDIA_TYPE before the handler runs.",
        serve({
            "package.json": pkg(deps=("fastify",)),
            "server.js": """
                const fastify = require('fastify')({ logger: true });
                fastify.post('/api/users/login', async (request) => {
                  const { email } = request.body;
                  return { user: { email, token: 'jwt' } };
                });
                fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
            """,
        }, "node server.js", [{"method": "POST", "path": "/api/users/login", "body": "email=jake%40jake.jake&password=jakejake",
                                "headers": {"Content-Type": "application/x-www-form-urlencoded"}}]),
        libs=("fastify",), fw="fastify", expect=r"FST_ERR_CTP_INVALID_MEDIA_TYPE",
    ),
    case(
        "nodeweb-fastify-empty-json-body-mocha",
        "framework.wiring.body_parsing", "mocha",
        "https://app.unpkg.com/fastify@5.2.2/files/docs/Reference/Errors.md", "docs",
        "Fastify rejects a request whose content-type is application/json but whose body is empty with "
        "FST_ERR_CTP_EMPTY_JSON_BODY (400).",
        "The favourite endpoint takes no body, but the client still sends Content-Type: application/json with "
        "an empty payload; fastify.inject returns 400 FST_ERR_CTP_EMPTY_JSON_BODY and the mocha test fails.",
        run({
            "package.json": pkg(deps=("fastify",)),
            "app.js": """
                const Fastify = require('fastify');
                module.exports = function build() {
                  const app = Fastify();
                  app.post('/api/articles/:slug/favorite', async (request) => ({
                    article: { slug: request.params.slug, favorited: true, favoritesCount: 1 },
                  }));
                  return app;
                };
            """,
            "test/favorite.spec.js": """
                const { expect } = require('chai');
                const build = require('../app');

                describe('POST /api/articles/:slug/favorite', () => {
                  it('favorites the article', async () => {
                    const app = build();
                    const res = await app.inject({
                      method: 'POST',
                      url: '/api/articles/how-to-train-your-dragon/favorite',
                      headers: { 'content-type': 'application/json', authorization: 'Token abc' },
                    });
                    expect(res.statusCode, res.body).to.equal(200);
                  });
                });
            """,
        }, "mocha --no-colors"),
        libs=("fastify", "mocha", "chai"), fw="fastify", expect=r"FST_ERR_CTP_EMPTY_JSON_BODY",
    ),
    case(
        "nodeweb-fastify-duplicated-route",
        "framework.wiring", "node-stack",
        "https://app.unpkg.com/fastify@5.2.2/files/docs/Reference/Errors.md", "docs",
        "Fastify refuses to register the same method and URL twice in one scope and fails the boot with "
        "FST_ERR_DUPLICATED_ROUTE.",
        "Both routes/articles.js and routes/tags.js register GET /api/tags (one copied from the other); listen() "
        "rejects with FST_ERR_DUPLICATED_ROUTE and the server never starts.",
        run({
            "package.json": pkg(deps=("fastify",)),
            "routes/articles.js": """
                module.exports = async function (fastify) {
                  fastify.get('/api/articles', async () => ({ articles: [], articlesCount: 0 }));
                  fastify.get('/api/tags', async () => ({ tags: [] }));
                };
            """,
            "routes/tags.js": """
                module.exports = async function (fastify) {
                  fastify.get('/api/tags', async () => ({ tags: ['dragons'] }));
                };
            """,
            "server.js": """
                const fastify = require('fastify')();
                fastify.register(require('./routes/articles'));
                fastify.register(require('./routes/tags'));
                fastify.listen({ port: Number(process.env.PORT) || 3000 }).catch((err) => {
                  console.error(err);
                  process.exit(1);
                });
            """,
        }, "PORT={PORT} node server.js"),
        libs=("fastify",), fw="fastify", expect=r"FST_ERR_DUPLICATED_ROUTE",
    ),
    case(
        "nodeweb-fastify-plugin-done-never-called",
        "framework.wiring.async_misuse", "node-stack",
        "https://nark.sh/profiles/fastify", "blog",
        "A Fastify plugin that neither calls done() nor resolves its promise blocks the boot until the plugin "
        "timeout fires with ERR_AVVIO_PLUGIN_TIMEOUT.",
        "plugins/db.js is a callback-style plugin that decorates the instance after an async connect but never "
        "calls done(); after 10 s avvio aborts listen() with FST_ERR_PLUGIN_TIMEOUT (cause AVV_ERR_PLUGIN_EXEC_TIMEOUT).",
        run({
            "package.json": pkg(deps=("fastify",)),
            "plugins/db.js": """
                function connect() {
                  return new Promise((resolve) => setTimeout(() => resolve({ query: async () => [] }), 50));
                }
                module.exports = function dbPlugin(fastify, opts, done) {
                  connect().then((db) => {
                    fastify.decorate('db', db);
                  });
                };
            """,
            "server.js": """
                const fastify = require('fastify')();
                fastify.register(require('./plugins/db'));
                fastify.get('/api/articles', async () => ({ articles: await fastify.db.query(), articlesCount: 0 }));
                fastify.listen({ port: Number(process.env.PORT) || 3000 }).then(
                  (address) => console.log(`listening on ${address}`),
                  (err) => { console.error(err); process.exit(1); },
                );
            """,
        }, "PORT={PORT} node server.js", timeout=30),
        libs=("fastify",), fw="fastify", expect=r"PLUGIN_TIMEOUT",
    ),
    case(
        "nodeweb-fastify-reply-sent-and-returned",
        "framework.wiring.request_response", "pino-json",
        "https://jsschools.com/fastify/async-handlers", "blog",
        "In a Fastify async handler you either return the payload or call reply.send(); doing both makes Fastify "
        "warn that the reply was already sent.",
        "The create-article handler calls reply.code(201).send(...) and then also returns the article; Fastify "
        "logs a pino warn line 'Reply was already sent, did you forget to \"return reply\"'.",
        serve({
            "package.json": pkg(deps=("fastify",)),
            "server.js": """
                const fastify = require('fastify')({ logger: true });
                fastify.post('/api/articles', async (request, reply) => {
                  const article = { slug: 'how-to-train-your-dragon', ...request.body.article };
                  reply.code(201).send({ article });
                  return { article };
                });
                fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
            """,
        }, "node server.js", [{"method": "POST", "path": "/api/articles",
                                "json": {"article": {"title": "How to train your dragon", "body": "x", "description": "y"}}}]),
        libs=("fastify", "pino"), fw="fastify", expect=r"Reply was already sent",
    ),
    case(
        "nodeweb-fastify-async-handler-undefined",
        "framework.wiring.async_misuse", "pino-json",
        "https://deverrors.com/errors/nodejs-fastify-reply-already-sent", "blog",
        "Mixing an async Fastify handler with callback-style code breaks the one-reply rule: the async function "
        "settles first and Fastify replies, so the later reply.send() from the callback is refused.",
        "The tags handler is async but replies from inside a callback-style DB call and returns undefined; Fastify "
        "answers 200 with an empty body at once, then logs FST_ERR_REP_ALREADY_SENT when the callback replies.",
        serve({
            "package.json": pkg(deps=("fastify",)),
            "server.js": """
                const fastify = require('fastify')({ logger: true });
                const db = { all(sql, cb) { setTimeout(() => cb(null, [{ name: 'dragons' }]), 20); } };
                fastify.get('/api/tags', async (request, reply) => {
                  db.all('SELECT name FROM tags', (err, rows) => {
                    if (err) return reply.code(500).send(err);
                    reply.send({ tags: rows.map((r) => r.name) });
                  });
                });
                fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
            """,
        }, "node server.js", [{"path": "/api/tags"}]),
        libs=("fastify", "pino"), fw="fastify", expect=r"FST_ERR_REP_ALREADY_SENT",
    ),
    case(
        "nodeweb-hono-subapp-not-routed",
        "framework.wiring.route_missing", "status-line",
        "https://www.mintlify.com/honojs/hono/routing/grouping", "docs",
        "A separate Hono instance only serves requests after it is mounted on the main app with app.route(path, sub).",
        "routes/profiles.js builds a profiles sub-app and index.js imports it but never calls "
        "app.route('/api/profiles', profiles); Hono answers 404 Not Found for the profile route.",
        serve({
            "package.json": pkg(type_module=True, deps=("hono", "@hono/node-server")),
            "src/routes/profiles.js": """
                import { Hono } from 'hono';
                const profiles = new Hono();
                profiles.get('/:username', (c) => c.json({ profile: { username: c.req.param('username'), following: false } }));
                export default profiles;
            """,
            "src/index.js": """
                import { Hono } from 'hono';
                import { serve } from '@hono/node-server';
                import profiles from './routes/profiles.js';

                const app = new Hono();
                app.get('/api/tags', (c) => c.json({ tags: [] }));
                serve({ fetch: app.fetch, port: Number(process.env.PORT) }, (info) => console.log(`listening on ${info.port}`));
            """,
        }, "node src/index.js", [{"path": "/api/tags"}, {"path": "/api/profiles/jake"}]),
        libs=("hono", "@hono/node-server"), fw="hono", expect=r"GET /api/profiles/jake -> 404 Not Found",
    ),
    case(
        "nodeweb-hono-req-json-on-form",
        "framework.wiring.body_parsing", "node-stack",
        "https://honobook-com.pages.dev/chapters/08-handling-body-data", "blog",
        "c.req.json() only reads JSON bodies; form submissions have to be read with c.req.parseBody().",
        "The login route calls c.req.json() but the client posts a urlencoded form; JSON.parse throws a "
        "SyntaxError that Hono logs, and the client gets 500 Internal Server Error.",
        serve({
            "package.json": pkg(type_module=True, deps=("hono", "@hono/node-server")),
            "src/index.js": """
                import { Hono } from 'hono';
                import { serve } from '@hono/node-server';

                const app = new Hono();
                app.post('/api/users/login', async (c) => {
                  const { email } = await c.req.json();
                  return c.json({ user: { email, token: 'jwt' } });
                });
                serve({ fetch: app.fetch, port: Number(process.env.PORT) });
            """,
        }, "node src/index.js", [{"method": "POST", "path": "/api/users/login", "body": "email=jake%40jake.jake&password=jakejake",
                                  "headers": {"Content-Type": "application/x-www-form-urlencoded"}}]),
        libs=("hono", "@hono/node-server"), fw="hono", expect=r"SyntaxError: Unexpected token",
    ),
    case(
        "nodeweb-hono-req-json-on-bodiless-get",
        "framework.wiring.body_parsing", "node-stack",
        "https://talkin.icu/blog/fix-avoid-json-parsing-errors", "blog",
        "A server that JSON-parses a request body which is empty fails: an empty string is not JSON, so the parser "
        "raises and the request ends in a 500.",
        "The article list handler (a GET, which carries no body) awaits c.req.json() to read its filters; the "
        "fetch Request's json() runs JSON.parse on the empty body and throws 'Unexpected end of JSON input', which "
        "Hono logs before answering 500 Internal Server Error.",
        serve({
            "package.json": pkg(type_module=True, deps=("hono", "@hono/node-server")),
            "src/index.js": """
                import { Hono } from 'hono';
                import { serve } from '@hono/node-server';

                const app = new Hono();
                app.get('/api/articles', async (c) => {
                  const filters = await c.req.json();
                  const limit = Number(filters.limit ?? 20);
                  return c.json({ articles: [], articlesCount: 0, limit });
                });
                serve({ fetch: app.fetch, port: Number(process.env.PORT) });
            """,
        }, "node src/index.js", [{"method": "GET", "path": "/api/articles"}]),
        libs=("hono", "@hono/node-server"), fw="hono", expect=r"Unexpected end of JSON input",
    ),
    case(
        "nodeweb-nest-provider-not-in-module",
        "framework.wiring.dependency_injection", "nest",
        "https://mgregersen.dk/how-to-fix-the-nest-cant-resolve-dependencies-error-in-nestjs/", "blog",
        "Nest can only inject a provider that is registered in the current module's providers (or exported by an "
        "imported module); otherwise bootstrap fails with 'Nest can't resolve dependencies'.",
        "ArticlesController injects ArticlesService, but ArticlesModule lists only the controller; Nest's "
        "ExceptionHandler reports it cannot resolve dependencies of ArticlesController (?).",
        run({
            "package.json": pkg(deps=("@nestjs/core", "@nestjs/common", "@nestjs/platform-express", "reflect-metadata", "rxjs")),
            "tsconfig.json": NEST_TSCONFIG,
            "src/articles/articles.service.ts": """
                import { Injectable } from '@nestjs/common';

                @Injectable()
                export class ArticlesService {
                  findAll() {
                    return { articles: [], articlesCount: 0 };
                  }
                }
            """,
            "src/articles/articles.controller.ts": """
                import { Controller, Get } from '@nestjs/common';
                import { ArticlesService } from './articles.service';

                @Controller('articles')
                export class ArticlesController {
                  constructor(private readonly articlesService: ArticlesService) {}

                  @Get()
                  findAll() {
                    return this.articlesService.findAll();
                  }
                }
            """,
            "src/articles/articles.module.ts": """
                import { Module } from '@nestjs/common';
                import { ArticlesController } from './articles.controller';

                @Module({ controllers: [ArticlesController] })
                export class ArticlesModule {}
            """,
            "src/app.module.ts": """
                import { Module } from '@nestjs/common';
                import { ArticlesModule } from './articles/articles.module';

                @Module({ imports: [ArticlesModule] })
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
        }, "tsc -p . && PORT={PORT} node dist/main.js", timeout=90, env={"NO_COLOR": "1"}),
        libs=("@nestjs/core", "@nestjs/common", "typescript"), fw="nestjs",
        expect=r"Nest can't resolve dependencies of the ArticlesController \(\?\)",
    ),
    case(
        "nodeweb-nest-controller-not-registered",
        "framework.wiring.route_missing", "status-line",
        "https://taourl.com/read-2402397.html", "blog",
        "NestJS maps routes only for controllers listed in some module's controllers array; an unlisted "
        "controller's endpoints answer 404.",
        "ProfilesController exists and is imported in app.module.ts, but the @Module lists only "
        "ArticlesController; GET /api/profiles/jake returns Nest's JSON 404 'Cannot GET /api/profiles/jake'.",
        serve({
            "package.json": pkg(deps=("@nestjs/core", "@nestjs/common", "@nestjs/platform-express", "reflect-metadata", "rxjs")),
            "tsconfig.json": NEST_TSCONFIG,
            "src/profiles.controller.ts": """
                import { Controller, Get, Param } from '@nestjs/common';

                @Controller('profiles')
                export class ProfilesController {
                  @Get(':username')
                  findOne(@Param('username') username: string) {
                    return { profile: { username, bio: null, image: null, following: false } };
                  }
                }
            """,
            "src/articles.controller.ts": """
                import { Controller, Get } from '@nestjs/common';

                @Controller('articles')
                export class ArticlesController {
                  @Get()
                  findAll() {
                    return { articles: [], articlesCount: 0 };
                  }
                }
            """,
            "src/app.module.ts": """
                import { Module } from '@nestjs/common';
                import { ArticlesController } from './articles.controller';
                import { ProfilesController } from './profiles.controller';

                @Module({ controllers: [ArticlesController] })
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
        }, "tsc -p . && node dist/main.js", [{"path": "/api/articles"}, {"path": "/api/profiles/jake"}],
            startup=80, env={"NO_COLOR": "1"}),
        libs=("@nestjs/core", "@nestjs/common", "typescript"), fw="nestjs", expect=r"Cannot GET /api/profiles/jake",
    ),
    case(
        "nodeweb-express-me-shadowed-by-param-jest",
        "framework.wiring.route_order", "jest",
        "https://jsschools.com/express/route-order", "blog",
        "Express tries routes in declaration order, so a parameter route such as /users/:id declared first also "
        "matches the literal /users/me.",
        "routes/profiles.js declares GET /:username before GET /me, so GET /api/profiles/me is answered by the "
        ":username handler with 404 'Profile not found' and the jest equality check fails.",
        run({
            "package.json": pkg(jest=True, deps=("express",)),
            "routes/profiles.js": """
                const express = require('express');
                const router = express.Router();
                const users = { jake: { username: 'jake', bio: 'I work at statefarm' } };

                router.get('/:username', (req, res) => {
                  const user = users[req.params.username];
                  if (!user) return res.status(404).json({ errors: { body: ['Profile not found'] } });
                  res.json({ profile: { ...user, following: false } });
                });
                router.get('/me', (req, res) => res.json({ profile: { ...users.jake, following: false } }));
                module.exports = router;
            """,
            "app.js": """
                const express = require('express');
                const app = express();
                app.use('/api/profiles', require('./routes/profiles'));
                module.exports = app;
            """,
            "profiles.test.js": """
                const request = require('supertest');
                const app = require('./app');

                test('GET /api/profiles/me returns my profile', async () => {
                  const res = await request(app).get('/api/profiles/me');
                  expect(res.body).toEqual({ profile: expect.objectContaining({ username: 'jake' }) });
                });
            """,
        }, "jest --ci"),
        libs=("express", "jest", "supertest"), fw="express", expect=r"Profile not found",
    ),
    case(
        "nodeweb-express-json-of-pending-promise",
        "framework.wiring.async_misuse", "jest",
        "https://saltyloaf.com/crumbs/total-that-wont-add-up/lesson", "blog",
        "Calling an async function without await yields a pending Promise; res.json serialises a Promise as {}.",
        "The tags handler passes Tag.findAll() (async, not awaited) straight into res.json, so the body is "
        "{\"tags\":{}} and the jest assertion expecting an array fails.",
        run({
            "package.json": pkg(jest=True, deps=("express",)),
            "services/tags.js": """
                exports.findAll = async () => ['dragons', 'training'];
            """,
            "app.js": """
                const express = require('express');
                const Tags = require('./services/tags');
                const app = express();
                app.get('/api/tags', (req, res) => {
                  const tags = Tags.findAll();
                  res.json({ tags });
                });
                module.exports = app;
            """,
            "tags.test.js": """
                const request = require('supertest');
                const app = require('./app');

                test('GET /api/tags returns a list', async () => {
                  const res = await request(app).get('/api/tags').expect(200);
                  expect(Array.isArray(res.body.tags)).toBe(true);
                  expect(res.body.tags).toContain('dragons');
                });
            """,
        }, "jest --ci"),
        libs=("express", "jest", "supertest"), fw="express", expect=r"Received: false",
    ),
    case(
        "nodeweb-nest-provider-not-exported-ansi",
        "framework.wiring.dependency_injection", "ansi",
        "https://dev.to/adamthedeveloper/nestjs-dependency-injection-why-your-services-wont-inject-and-how-to-fix-it-properly-3phf", "blog",
        "A provider is private to its Nest module unless the module lists it in exports; importing the module "
        "is not enough to inject a provider it does not export.",
        "AuthModule imports UsersModule, but UsersModule declares UsersService only in providers, not exports; "
        "Nest's colored bootstrap log reports it cannot resolve AuthService's argument UsersService at index [0].",
        run({
            "package.json": pkg(deps=("@nestjs/core", "@nestjs/common", "@nestjs/platform-express", "reflect-metadata", "rxjs")),
            "tsconfig.json": NEST_TSCONFIG,
            "src/users/users.service.ts": """
                import { Injectable } from '@nestjs/common';

                @Injectable()
                export class UsersService {
                  private users = [{ id: 1, email: 'jake@jake.jake', username: 'jake' }];
                  findByEmail(email: string) {
                    return this.users.find((u) => u.email === email);
                  }
                }
            """,
            "src/users/users.module.ts": """
                import { Module } from '@nestjs/common';
                import { UsersService } from './users.service';

                @Module({ providers: [UsersService] })
                export class UsersModule {}
            """,
            "src/auth/auth.service.ts": """
                import { Injectable, UnauthorizedException } from '@nestjs/common';
                import { UsersService } from '../users/users.service';

                @Injectable()
                export class AuthService {
                  constructor(private readonly users: UsersService) {}
                  login(email: string) {
                    const user = this.users.findByEmail(email);
                    if (!user) throw new UnauthorizedException();
                    return { user: { ...user, token: 'jwt' } };
                  }
                }
            """,
            "src/auth/auth.module.ts": """
                import { Module } from '@nestjs/common';
                import { UsersModule } from '../users/users.module';
                import { AuthService } from './auth.service';

                @Module({ imports: [UsersModule], providers: [AuthService] })
                export class AuthModule {}
            """,
            "src/main.ts": """
                import 'reflect-metadata';
                import { Module } from '@nestjs/common';
                import { NestFactory } from '@nestjs/core';
                import { AuthModule } from './auth/auth.module';

                @Module({ imports: [AuthModule] })
                class AppModule {}

                async function bootstrap() {
                  const app = await NestFactory.create(AppModule);
                  await app.listen(process.env.PORT || 3000);
                }
                bootstrap();
            """,
        }, "tsc -p . && PORT={PORT} node dist/main.js", timeout=90),
        libs=("@nestjs/core", "@nestjs/common", "typescript"), fw="nestjs",
        expect=r"Nest can't resolve dependencies of the AuthService \(\?\)",
    ),
    case(
        "nodeweb-express-rejects-with-string-crash",
        "framework.wiring.async_misuse", "node-unhandled-rejection",
        "https://bugstack.ai/errors/unhandled-promise-rejection-express", "blog",
        "Express 4 does not handle promise rejections from async route handlers; the rejection goes unhandled "
        "and, on current Node versions, crashes the process.",
        "The data layer rejects with a plain string ('User not found') and the async profile handler has no "
        "try/catch; Node terminates with ERR_UNHANDLED_REJECTION and later requests get no response.",
        serve({
            "package.json": pkg(deps=("express",)),
            "db/users.js": """
                const users = new Map([['jake', { username: 'jake', bio: 'I work at statefarm' }]]);
                exports.findByUsername = (username) =>
                  new Promise((resolve, reject) => {
                    setTimeout(() => (users.has(username) ? resolve(users.get(username)) : reject('User not found')), 5);
                  });
            """,
            "server.js": """
                const express = require('express');
                const Users = require('./db/users');
                const app = express();
                app.get('/api/profiles/:username', async (req, res) => {
                  const user = await Users.findByUsername(req.params.username);
                  res.json({ profile: { ...user, following: false } });
                });
                app.get('/api/tags', (req, res) => res.json({ tags: [] }));
                app.listen(process.env.PORT, () => console.log('listening'));
            """,
        }, "node server.js", [{"path": "/api/profiles/nobody"}, {"path": "/api/tags"}]),
        libs=("express",), fw="express", expect=r"ERR_UNHANDLED_REJECTION",
    ),
]
