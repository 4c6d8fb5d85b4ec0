"""nodespec: logic.business (invented rules, other status codes, rules in the wrong order) and auth.config."""

from __future__ import annotations

from _nodespec_kit import EXPRESS_LOG, HONCHO, JEST, KOA_LOG, MOCHA, PROCFILE, STAMP_FILE, case, harness, jwt_hs256, pkg, run, serve, stamped, with_client

CASES = []
add = CASES.append

# --------------------------------------------------------------------------------------------------
# logic.business
# --------------------------------------------------------------------------------------------------

add(case(
    "express-invented-password-complexity-jest", "logic.business.validation", "jest",
    "https://www.agilicus.com/your-password-policy-is-wrong-nist-sp-800-63b/", "blog",
    "Composition rules (an uppercase letter, a digit, a symbol) are an extra policy on top of a length check; "
    "NIST SP 800-63B advises verifiers not to impose them, and an API that adds them rejects passwords its "
    "contract accepts.",
    "The registration spec only requires a non-empty password, but app.js tests it against an invented "
    "PASSWORD_RULE regex (upper, lower and digit) and answers 422; jest's supertest assertion prints "
    "'expected 201 \"Created\", got 422 \"Unprocessable Entity\"' for the plain password 'jakejake'.",
    run({
        "package.json": pkg("express", "bcryptjs", jest=True),
        "app.js": """\
const express = require('express');
const bcrypt = require('bcryptjs');

const app = express();
app.use(express.json());

const users = [];
// Passwords must be strong: 8+ chars with an uppercase letter, a lowercase letter and a number.
const PASSWORD_RULE = /^(?=.*[a-z])(?=.*[A-Z])(?=.*\\d).{8,}$/;

app.post('/api/users', async (req, res) => {
  const { username, email, password } = (req.body && req.body.user) || {};
  const errors = {};
  if (!username) errors.username = ["can't be blank"];
  if (!email) errors.email = ["can't be blank"];
  if (!password) errors.password = ["can't be blank"];
  else if (!PASSWORD_RULE.test(password)) {
    errors.password = ['must contain an uppercase letter, a lowercase letter and a number'];
  }
  if (Object.keys(errors).length) return res.status(422).json({ errors });
  const hash = await bcrypt.hash(password, 8);
  users.push({ username, email, hash });
  res.status(201).json({ user: { username, email, bio: null, image: null, token: `token-${users.length}` } });
});

module.exports = app;
""",
        "users.test.js": """\
const request = require('supertest');
const app = require('./app');

describe('POST /api/users', () => {
  test('registers a user', async () => {
    const res = await request(app)
      .post('/api/users')
      .send({ user: { username: 'jake', email: 'jake@jake.jake', password: 'jakejake' } })
      .expect(201);
    expect(res.body.user.username).toBe('jake');
  });
});
""",
    }, JEST, key="test_output"),
    libs=("express", "bcryptjs", "jest", "supertest"), fw="express",
    expect=r'expected 201 "Created", got 422',
))

add(case(
    "koa-email-regex-rejects-plus-harness", "logic.business.validation", "harness-lines",
    "http://cczona.com/email-validation-is-harder-than-you-think", "blog",
    "Hand-written e-mail regexes usually accept fewer characters than addresses may contain; the plus sign "
    "(plus-addressing, used by many mail providers) is legal but rejected by most naive patterns.",
    "The Koa register route checks the address against a home-made EMAIL_RE whose local part allows only "
    "letters, digits, dots, underscores and hyphens; the harness registers 'jake+conduit@example.com' and prints "
    "'Expected 201 but got 422' with the body 'email is invalid', while the spec only asks for an e-mail.",
    with_client({
        "package.json": pkg("koa", "@koa/router", "koa-bodyparser"),
        "app.js": """\
const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');

const app = new Koa();
const router = new Router({ prefix: '/api' });
const users = new Map();
const EMAIL_RE = /^[a-zA-Z0-9._-]+@[a-zA-Z0-9.-]+\\.[a-zA-Z]{2,}$/;

""" + KOA_LOG + """
router.post('/users', (ctx) => {
  const { username, email, password } = ctx.request.body.user || {};
  if (!username || !email || !password) {
    ctx.status = 422;
    ctx.body = { errors: { body: ['username, email and password are required'] } };
    return;
  }
  if (!EMAIL_RE.test(email)) {
    ctx.status = 422;
    ctx.body = { errors: { email: ['is invalid'] } };
    return;
  }
  users.set(email, { username, email, password });
  ctx.status = 201;
  ctx.body = { user: { username, email, bio: null, image: null, token: 'jwt.token.here' } };
});

app.use(bodyParser());
app.use(router.routes()).use(router.allowedMethods());
app.listen(process.env.PORT, () => console.log(`conduit api listening on ${process.env.PORT}`));
""",
        **harness("""\
test('register user with a plus address', async () => {
  const res = await call('POST', '/api/users', { json: { user: { username: 'jake', email: 'jake+conduit@example.com', password: 'jakejake' } } });
  expectStatus(res, 201, 'register user');
  expectEqual(res.body.user.email, 'jake+conduit@example.com', 'user.email');
});
"""),
    }, "node app.js", "node api.test.cjs"),
    libs=("koa", "@koa/router", "koa-bodyparser"), fw="koa",
    expect=r"Expected 201 but got 422 for register user",
))

add(case(
    "hono-duplicate-email-422-not-409", "logic.business.status_code", "status-line",
    "https://iphone-swift.wekeepcoding.com/article/17994899/422+or+409+status+code+for+existing+email+during+signup", "qa",
    "A sign-up with an e-mail that is already registered conflicts with the current state of the users "
    "collection, which is what 409 Conflict describes; 422 is for a well-formed but semantically invalid body.",
    "The spec answers a duplicate registration with 409 Conflict; the Hono handler folds the duplicate check "
    "into its validation branch and returns 422, so the second POST /api/users shows '422 Unprocessable Entity' "
    "where the client expects 409.",
    serve({
        "package.json": pkg("hono", "@hono/node-server", module=True),
        "app.js": """\
import { Hono } from 'hono';
import { logger } from 'hono/logger';
import { serve } from '@hono/node-server';

const app = new Hono();
app.use(logger());
const users = [];

app.post('/api/users', async (c) => {
  const { user } = await c.req.json();
  const errors = {};
  if (!user?.email) errors.email = ["can't be blank"];
  if (!user?.username) errors.username = ["can't be blank"];
  if (user?.email && users.some((u) => u.email === user.email)) errors.email = ['has already been taken'];
  if (Object.keys(errors).length) return c.json({ errors }, 422);
  users.push({ ...user });
  return c.json({ user: { email: user.email, username: user.username, bio: null, image: null } }, 201);
});

serve({ fetch: app.fetch, port: Number(process.env.PORT) }, (info) => console.log(`listening on ${info.port}`));
""",
    }, "node app.js", [
        {"method": "POST", "path": "/api/users", "json": {"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}}},
        {"method": "POST", "path": "/api/users", "json": {"user": {"username": "jake2", "email": "jake@jake.jake", "password": "jakejake"}}},
    ]),
    libs=("hono", "@hono/node-server"), fw="hono",
    expect=r"POST /api/users -> 422 Unprocessable Entity",
))

add(case(
    "express5-login-unknown-email-404-mocha", "logic.business.status_code", "mocha",
    "https://www.datahogo.com/en/learn/user-enumeration", "blog",
    "A login endpoint should answer an unknown e-mail and a wrong password the same way (401 with one generic "
    "message); a separate 404 'user not found' both breaks that contract and lets callers enumerate accounts.",
    "The Express 5 login route returns 404 when no user has the e-mail and 401 only for a wrong password; the "
    "spec says bad credentials give 401, so the mocha test fails with 'expected 401 \"Unauthorized\", got 404 "
    "\"Not Found\"'.",
    run({
        "package.json": pkg("express5", "bcryptjs", "mocha", "supertest"),
        "app.js": """\
const express = require('express5');
const bcrypt = require('bcryptjs');

const app = express();
app.use(express.json());

const users = [{ email: 'jake@jake.jake', username: 'jake', hash: bcrypt.hashSync('jakejake', 8) }];

app.post('/api/users/login', async (req, res) => {
  const { email, password } = req.body.user || {};
  const user = users.find((u) => u.email === email);
  if (!user) return res.status(404).json({ errors: { email: ['user not found'] } });
  const ok = await bcrypt.compare(password, user.hash);
  if (!ok) return res.status(401).json({ errors: { password: ['is invalid'] } });
  res.json({ user: { email: user.email, username: user.username, token: 'jwt.token.here' } });
});

module.exports = app;
""",
        "test/login.test.js": """\
const request = require('supertest');
const app = require('../app');

describe('POST /api/users/login', () => {
  it('accepts valid credentials', async () => {
    await request(app).post('/api/users/login').send({ user: { email: 'jake@jake.jake', password: 'jakejake' } }).expect(200);
  });
  it('rejects an unknown email with 401', async () => {
    await request(app).post('/api/users/login').send({ user: { email: 'nobody@jake.jake', password: 'jakejake' } }).expect(401);
  });
});
""",
    }, MOCHA, key="test_output"),
    libs=("express5", "bcryptjs", "mocha", "supertest"), fw="express",
    expect=r'expected 401 "Unauthorized", got 404 "Not Found"',
))

add(case(
    "fastify-seterrorhandler-forces-500-pino", "logic.business.status_code", "pino-json",
    "https://tessl.io/registry/tessl/npm-fastify/5.5.0/files/docs/error-handling.md", "docs",
    "A custom Fastify error handler replaces the default one, which answers with the error's statusCode; a "
    "handler that always sends 500 turns the application's own 4xx errors into server errors.",
    "The route throws an error carrying statusCode 404 for an unknown slug, but the catch-all setErrorHandler "
    "logs it and replies reply.status(500) unconditionally; the client sees '500 Internal Server Error' where the "
    "spec says 404, and fastify's pino log shows the 404 error followed by a response with statusCode 500.",
    serve({
        "package.json": pkg("fastify"),
        "app.js": """\
const fastify = require('fastify')({ logger: true });

const articles = new Map([['how-to-train-your-dragon', { slug: 'how-to-train-your-dragon', title: 'How to train your dragon' }]]);

fastify.get('/api/articles/:slug', async (request) => {
  const article = articles.get(request.params.slug);
  if (!article) {
    const err = new Error(`article ${request.params.slug} not found`);
    err.statusCode = 404;
    throw err;
  }
  return { article };
});

fastify.setErrorHandler((error, request, reply) => {
  request.log.error(error);
  reply.status(500).send({ errors: { body: ['Something went wrong'] } });
});

fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
""",
    }, "node app.js", [
        {"method": "GET", "path": "/api/articles/how-to-train-your-dragon"},
        {"method": "GET", "path": "/api/articles/no-such-article"},
    ]),
    libs=("fastify", "pino"), fw="fastify",
    expect=r'"statusCode":500',
))

add(case(
    "koa-error-middleware-401-to-500-ci", "logic.business.status_code", "ci-timestamp",
    "https://books.huguestavernier.com/9781789345391/80a499b3-18ed-4e43-8075-cb88f8c25503.xhtml", "docs",
    "Koa's default error handling answers with err.status (set by ctx.throw) and only falls back to 500; a "
    "custom try/catch middleware that sets ctx.status = 500 itself discards the status the route chose.",
    "The auth middleware calls ctx.throw(401, 'missing authorization token'), but the app's top-level error "
    "middleware always sets ctx.status = 500; the CI-timestamped harness output shows 'Expected 401 but got 500 "
    "for current user without token'.",
    with_client({
        "package.json": pkg("koa", "@koa/router", "koa-bodyparser"),
        **STAMP_FILE,
        "app.js": """\
const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');

const app = new Koa();
const router = new Router({ prefix: '/api' });

app.use(async (ctx, next) => {
  try {
    await next();
  } catch (err) {
    console.error(`[error] ${ctx.method} ${ctx.url}: ${err.message}`);
    ctx.status = 500;
    ctx.body = { errors: { body: [err.message] } };
  }
});
""" + KOA_LOG + """
const requireAuth = async (ctx, next) => {
  const header = ctx.get('Authorization');
  if (!header) ctx.throw(401, 'missing authorization token');
  ctx.state.user = { username: header.replace(/^Token /, '') };
  await next();
};

router.get('/user', requireAuth, (ctx) => {
  ctx.body = { user: { username: ctx.state.user.username } };
});

app.use(bodyParser());
app.use(router.routes());
app.listen(process.env.PORT, () => console.log(`api listening on ${process.env.PORT}`));
""",
        **harness("""\
test('current user without token', async () => {
  const res = await call('GET', '/api/user');
  expectStatus(res, 401, 'current user without token');
});
test('current user with token', async () => {
  const res = await call('GET', '/api/user', { headers: { Authorization: 'Token jake' } });
  expectStatus(res, 200, 'current user with token');
});
"""),
    }, "node app.js", "node api.test.cjs", client_stamp=True),
    libs=("koa", "@koa/router", "koa-bodyparser"), fw="koa",
    expect=r"Expected 401 but got 500 for current user without token",
))

add(case(
    "express-ownership-checked-before-existence-supertest", "logic.business.rule", "supertest",
    "https://authress.io/knowledge-base/articles/choosing-the-right-http-error-code-401-403-404", "blog",
    "401, 403 and 404 answer different questions (no credentials, not permitted, no such resource); which one a "
    "request gets depends on the order the checks run in.",
    "The delete route folds 'article missing' into the ownership test (!article || article.author !== user) and "
    "answers 403 before its 404 branch can run; the supertest script deleting a slug that does not exist prints "
    "'expected 404 \"Not Found\", got 403 \"Forbidden\"'.",
    run({
        "package.json": pkg("express", "supertest"),
        "app.js": """\
const express = require('express');

const app = express();
app.use(express.json());
""" + EXPRESS_LOG + """
const articles = new Map([['dragons', { slug: 'dragons', title: 'How to train your dragon', author: 'jake' }]]);

function auth(req, res, next) {
  const header = req.get('Authorization') || '';
  if (!header.startsWith('Token ')) return res.status(401).json({ errors: { body: ['unauthorized'] } });
  req.user = { username: header.slice(6) };
  next();
}

app.delete('/api/articles/:slug', auth, (req, res) => {
  const article = articles.get(req.params.slug);
  if (!article || article.author !== req.user.username) {
    return res.status(403).json({ errors: { body: ['you can only delete your own articles'] } });
  }
  if (!article) return res.status(404).json({ errors: { body: ['article not found'] } });
  articles.delete(article.slug);
  res.status(204).end();
});

module.exports = app;
""",
        "check.js": """\
const request = require('supertest');
const app = require('./app');

(async () => {
  try {
    await request(app).delete('/api/articles/dragons').set('Authorization', 'Token jake').expect(204);
    console.log('ok delete own article');
    await request(app).delete('/api/articles/no-such-article').set('Authorization', 'Token jake').expect(404);
    console.log('ok delete missing article');
  } catch (err) {
    console.log(err.stack);
    process.exitCode = 1;
  }
})();
""",
    }, "node check.js 2>&1", key="test_output"),
    libs=("express", "supertest"), fw="express",
    expect=r'expected 404 "Not Found", got 403 "Forbidden"',
))

add(case(
    "hono-email-normalised-after-duplicate-check-honcho", "logic.business.rule", "compose-prefix",
    "https://tarikbilla.com/fosuserbundle-username-vs-usernamecanonical", "qa",
    "To keep one account per address regardless of letter case, the e-mail (or a canonical copy of it) must be "
    "lower-cased before the uniqueness comparison, not only when it is stored.",
    "The Hono register handler checks users.some(u => u.email === email) on the raw input and lower-cases the "
    "address only afterwards when saving it; registering 'Jake@Jake.jake' after 'jake@jake.jake' succeeds, and "
    "the harness prints 'Expected 409 but got 201' while honcho shows both POSTs answered 201.",
    with_client({
        "package.json": pkg("hono", "@hono/node-server", module=True),
        **PROCFILE,
        "app.js": """\
import { Hono } from 'hono';
import { logger } from 'hono/logger';
import { serve } from '@hono/node-server';

const app = new Hono();
app.use(logger());
const users = [];

app.post('/api/users', async (c) => {
  const { user } = await c.req.json();
  const email = (user?.email || '').trim();
  if (!email || !user.username || !user.password) return c.json({ errors: { body: ['missing fields'] } }, 422);
  if (users.some((u) => u.email === email)) return c.json({ errors: { email: ['has already been taken'] } }, 409);
  const saved = { username: user.username, email: email.toLowerCase() };
  users.push(saved);
  return c.json({ user: { ...saved, bio: null, image: null } }, 201);
});

serve({ fetch: app.fetch, port: Number(process.env.PORT) }, (info) => console.log(`listening on ${info.port}`));
""",
        **harness("""\
test('register jake', async () => {
  const res = await call('POST', '/api/users', { json: { user: { username: 'jake', email: 'jake@jake.jake', password: 'jakejake' } } });
  expectStatus(res, 201, 'register jake');
});
test('register same address with other case', async () => {
  const res = await call('POST', '/api/users', { json: { user: { username: 'jake2', email: 'Jake@Jake.jake', password: 'jakejake' } } });
  expectStatus(res, 409, 'register duplicate email');
});
"""),
    }, HONCHO, "node api.test.cjs"),
    libs=("hono", "@hono/node-server", "honcho"), fw="hono",
    expect=r"Expected 409 but got 201 for register duplicate email",
))

# --------------------------------------------------------------------------------------------------
# auth.config
# --------------------------------------------------------------------------------------------------

add(case(
    "express-router-auth-before-public-list-jest", "auth.config.public_route", "jest",
    "https://www.e-learn.cn/qa/answer/362596/1090755.html", "qa",
    "router.use(middleware) mounts the middleware for every route the router serves after that point; an "
    "authentication middleware registered at the top of a router therefore also guards the routes meant to be "
    "public.",
    "articles router starts with router.use(requireAuth) and only then declares GET / (public per the spec: "
    "'authentication optional') next to POST /; jest's supertest call without a token fails with 'expected 200 "
    "\"OK\", got 401 \"Unauthorized\"'.",
    run({
        "package.json": pkg("express", "jest", "supertest", jest=True),
        "app.js": """\
const express = require('express');

const app = express();
app.use(express.json());

const articles = [{ slug: 'dragons', title: 'How to train your dragon', author: 'jake' }];

function requireAuth(req, res, next) {
  const header = req.get('Authorization') || '';
  if (!header.startsWith('Token ')) return res.status(401).json({ errors: { body: ['missing authorization token'] } });
  req.user = { username: header.slice(6) };
  next();
}

const router = express.Router();
router.use(requireAuth);

router.get('/', (req, res) => {
  res.json({ articles, articlesCount: articles.length });
});

router.post('/', (req, res) => {
  const article = { ...req.body.article, author: req.user.username };
  articles.push(article);
  res.status(201).json({ article });
});

app.use('/api/articles', router);

module.exports = app;
""",
        "articles.test.js": """\
const request = require('supertest');
const app = require('./app');

test('anyone can list articles', async () => {
  const res = await request(app).get('/api/articles').expect(200);
  expect(res.body.articlesCount).toBe(1);
});

test('creating an article needs a token', async () => {
  await request(app).post('/api/articles').send({ article: { title: 'x' } }).expect(401);
});
""",
    }, JEST, key="test_output"),
    libs=("express", "jest", "supertest"), fw="express",
    expect=r'expected 200 "OK", got 401 "Unauthorized"',
))

add(case(
    "koa-bearer-prefix-passed-to-verify-mocha", "auth.config.token_scheme", "mocha",
    "https://infraveil.com/guides/fix-jwt-expired-malformed-invalid-signature", "blog",
    "jsonwebtoken's verify() expects the bare three-part token; handing it the whole Authorization header value, "
    "scheme word included, makes verification fail (a malformed or undecodable token).",
    "The Koa auth middleware passes ctx.get('Authorization') ('Bearer eyJ...') straight to jwt.verify; the header "
    "segment cannot be decoded, jsonwebtoken throws JsonWebTokenError 'invalid token' (logged as 'auth failed: ...'), "
    "the middleware turns it into a 401, and the mocha test for GET /api/user fails with "
    "'expected 200 \"OK\", got 401 \"Unauthorized\"' right after a successful login.",
    run({
        "package.json": pkg("koa", "@koa/router", "koa-bodyparser", "jsonwebtoken", "mocha", "supertest"),
        "app.js": """\
const Koa = require('koa');
const Router = require('@koa/router');
const bodyParser = require('koa-bodyparser');
const jwt = require('jsonwebtoken');

const SECRET = process.env.JWT_SECRET || 'conduit-dev-secret';
const app = new Koa();
const router = new Router({ prefix: '/api' });

async function authenticate(ctx, next) {
  const token = ctx.get('Authorization');
  if (!token) ctx.throw(401, 'missing token');
  try {
    ctx.state.user = jwt.verify(token, SECRET);
  } catch (err) {
    console.error(`auth failed: ${err.name}: ${err.message}`);
    ctx.throw(401, err.message);
  }
  await next();
}

router.post('/users/login', (ctx) => {
  const { email } = ctx.request.body.user;
  const token = jwt.sign({ email, username: email.split('@')[0] }, SECRET, { expiresIn: '1h' });
  ctx.body = { user: { email, username: email.split('@')[0], token } };
});

router.get('/user', authenticate, (ctx) => {
  ctx.body = { user: { email: ctx.state.user.email, username: ctx.state.user.username } };
});

app.use(bodyParser());
app.use(router.routes());
module.exports = app;
""",
        "test/user.test.js": """\
const request = require('supertest');
const app = require('../app');

describe('current user', () => {
  it('returns the logged-in user for a Bearer token', async () => {
    const server = app.callback();
    const login = await request(server).post('/api/users/login')
      .send({ user: { email: 'jake@jake.jake', password: 'jakejake' } }).expect(200);
    await request(server).get('/api/user')
      .set('Authorization', `Bearer ${login.body.user.token}`)
      .expect(200);
  });
});
""",
    }, MOCHA, key="test_output"),
    libs=("koa", "@koa/router", "koa-bodyparser", "jsonwebtoken", "mocha", "supertest"), fw="koa",
    expect=r'expected 200 "OK", got 401 "Unauthorized"',
))

add(case(
    "fastify-bearer-only-realworld-token-scheme", "auth.config.token_scheme", "harness-lines",
    "https://strapi.telesim.com/realworld-apps/realworld/2.6-frontend-api-integration-guide", "docs",
    "The RealWorld (Conduit) API sends the JWT as 'Authorization: Token <jwt>', not with the more common Bearer "
    "scheme; a backend that only accepts 'Bearer ' rejects every authenticated request from a conforming client.",
    "The Fastify preHandler only accepts headers starting with 'Bearer ', while the spec and the client use the "
    "'Token' scheme; login works, then GET /api/user answers 401, so the harness prints 'Expected 200 but got 401 "
    "for current user' and fastify's pino log shows the 401 response.",
    with_client({
        "package.json": pkg("fastify", "jsonwebtoken"),
        "app.js": """\
const fastify = require('fastify')({ logger: true });
const jwt = require('jsonwebtoken');

const SECRET = 'conduit-dev-secret';

async function authenticate(request, reply) {
  const header = request.headers.authorization || '';
  if (!header.startsWith('Bearer ')) {
    return reply.code(401).send({ errors: { body: ['missing bearer token'] } });
  }
  request.user = jwt.verify(header.slice(7), SECRET);
}

fastify.post('/api/users/login', async (request) => {
  const { email } = request.body.user;
  const username = email.split('@')[0];
  return { user: { email, username, token: jwt.sign({ email, username }, SECRET, { expiresIn: '2h' }) } };
});

fastify.get('/api/user', { preHandler: authenticate }, async (request) => {
  return { user: { email: request.user.email, username: request.user.username } };
});

fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
""",
        **harness("""\
test('login and fetch current user', async () => {
  const login = await call('POST', '/api/users/login', { json: { user: { email: 'jake@jake.jake', password: 'jakejake' } } });
  expectStatus(login, 200, 'login');
  const res = await call('GET', '/api/user', { headers: { Authorization: `Token ${login.body.user.token}` } });
  expectStatus(res, 200, 'current user');
});
"""),
    }, "node app.js", "node api.test.cjs"),
    libs=("fastify", "pino", "jsonwebtoken"), fw="fastify",
    expect=r"Expected 200 but got 401 for current user",
))

add(case(
    "hono-secure-session-cookie-over-http-mocha", "auth.config", "mocha",
    "https://howhttpworks.com/cookies/secure", "blog",
    "A cookie carrying the Secure attribute is only sent back over HTTPS; a client talking plain http to the "
    "server (local runs, tests) never returns it, so the session looks absent.",
    "The Hono login route sets the sid cookie with secure: true; supertest's agent keeps cookies like a browser "
    "and does not send a Secure cookie to an http server, so GET /api/me after a successful login fails with "
    "'expected 200 \"OK\", got 401 \"Unauthorized\"'.",
    run({
        "package.json": pkg("hono", "@hono/node-server", "mocha", "supertest"),
        "app.js": """\
const { Hono } = require('hono');
const { setCookie, getCookie } = require('hono/cookie');
const crypto = require('crypto');

const app = new Hono();
const sessions = new Map();

app.post('/api/login', async (c) => {
  const { email } = await c.req.json();
  const sid = crypto.randomBytes(16).toString('hex');
  sessions.set(sid, { email });
  setCookie(c, 'sid', sid, { httpOnly: true, secure: true, sameSite: 'Lax', path: '/' });
  return c.json({ user: { email } });
});

app.get('/api/me', (c) => {
  const session = sessions.get(getCookie(c, 'sid'));
  if (!session) return c.json({ errors: { body: ['not logged in'] } }, 401);
  return c.json({ user: session });
});

module.exports = app;
""",
        "test/session.test.js": """\
const request = require('supertest');
const { createAdaptorServer } = require('@hono/node-server');
const app = require('../app');

describe('session cookie', () => {
  it('keeps the user logged in after login', async () => {
    const agent = request.agent(createAdaptorServer({ fetch: app.fetch }));
    await agent.post('/api/login').send({ email: 'jake@jake.jake', password: 'jakejake' }).expect(200);
    await agent.get('/api/me').expect(200);
  });
});
""",
    }, MOCHA, key="test_output"),
    libs=("hono", "@hono/node-server", "mocha", "supertest"), fw="hono",
    expect=r'expected 200 "OK", got 401 "Unauthorized"',
))

add(case(
    "express-jwt-secret-read-before-dotenv-ci", "auth.config.token_issue", "ci-timestamp",
    "https://www.technetexperts.com/?p=12783", "blog",
    "A module that reads process.env at load time sees only what was set when it was required; if dotenv.config() "
    "runs after that require, the module keeps undefined (or its fallback) while later code sees the .env value.",
    "auth.js captures JWT_SECRET (falling back to 'dev-secret') when app.js requires it, one line before "
    "require('dotenv').config(); login signs with the .env secret read at request time, verification uses the "
    "fallback, so the timestamped server log shows 'JsonWebTokenError: invalid signature' and the client gets 401.",
    with_client({
        "package.json": pkg("express", "jsonwebtoken", "dotenv"),
        ".env": "JWT_SECRET=7c1e9a0f3b2d4e5f8a6b\n",
        **STAMP_FILE,
        "auth.js": """\
const jwt = require('jsonwebtoken');

const JWT_SECRET = process.env.JWT_SECRET || 'dev-secret';

function requireAuth(req, res, next) {
  const header = req.get('Authorization') || '';
  const token = header.replace(/^Token /, '');
  try {
    req.user = jwt.verify(token, JWT_SECRET);
    next();
  } catch (err) {
    console.error(`auth: ${err.name}: ${err.message}`);
    res.status(401).json({ errors: { body: ['invalid token'] } });
  }
}

module.exports = { requireAuth };
""",
        "app.js": """\
const express = require('express');
const jwt = require('jsonwebtoken');
const { requireAuth } = require('./auth');
require('dotenv').config();

const app = express();
app.use(express.json());
""" + EXPRESS_LOG + """
app.post('/api/users/login', (req, res) => {
  const { email } = req.body.user;
  const token = jwt.sign({ email }, process.env.JWT_SECRET, { expiresIn: '1h' });
  res.json({ user: { email, token } });
});

app.get('/api/user', requireAuth, (req, res) => res.json({ user: { email: req.user.email } }));

app.listen(process.env.PORT, () => console.log(`server running on port ${process.env.PORT}`));
""",
        **harness("""\
test('login then current user', async () => {
  const login = await call('POST', '/api/users/login', { json: { user: { email: 'jake@jake.jake', password: 'jakejake' } } });
  expectStatus(login, 200, 'login');
  const res = await call('GET', '/api/user', { headers: { Authorization: `Token ${login.body.user.token}` } });
  expectStatus(res, 200, 'current user');
});
"""),
    }, stamped("node app.js"), "node api.test.cjs"),
    libs=("express", "jsonwebtoken", "dotenv"), fw="express",
    expect=r"invalid signature", code=("app.js", "auth.js"),
))

add(case(
    "hono-expiresin-milliseconds-harness", "auth.config.token_issue", "harness-lines",
    "https://codegive.com/blog/jwt_expires_in_seconds_or_milliseconds.php", "blog",
    "JWT time claims are seconds since the epoch and jsonwebtoken reads a numeric expiresIn as seconds; a "
    "duration written in milliseconds makes tokens live a thousand times longer than intended.",
    "The spec says access tokens expire one hour after issue; the Hono login signs with expiresIn: 60 * 60 * 1000 "
    "(a millisecond value), so the harness, decoding the token, prints 'Expected token lifetime (exp - iat) to be "
    "3600 but got 3600000'.",
    with_client({
        "package.json": pkg("hono", "@hono/node-server", "jsonwebtoken", module=True),
        "app.js": """\
import { Hono } from 'hono';
import { logger } from 'hono/logger';
import { serve } from '@hono/node-server';
import jwt from 'jsonwebtoken';

const ACCESS_TOKEN_TTL = 60 * 60 * 1000; // one hour
const SECRET = 'conduit-dev-secret';
const app = new Hono();
app.use(logger());

app.post('/api/users/login', async (c) => {
  const { user } = await c.req.json();
  const token = jwt.sign({ email: user.email }, SECRET, { expiresIn: ACCESS_TOKEN_TTL });
  return c.json({ user: { email: user.email, token } });
});

serve({ fetch: app.fetch, port: Number(process.env.PORT) }, (info) => console.log(`listening on ${info.port}`));
""",
        **harness("""\
test('access token lives one hour', async () => {
  const res = await call('POST', '/api/users/login', { json: { user: { email: 'jake@jake.jake', password: 'jakejake' } } });
  expectStatus(res, 200, 'login');
  const claims = JSON.parse(Buffer.from(res.body.user.token.split('.')[1], 'base64url').toString());
  expectEqual(claims.exp - claims.iat, 3600, 'token lifetime (exp - iat)');
});
"""),
    }, "node app.js", "node api.test.cjs"),
    libs=("hono", "@hono/node-server", "jsonwebtoken"), fw="hono",
    expect=r"Expected token lifetime \(exp - iat\) to be 3600 but got 3600000",
))

add(case(
    "hono-verify-algorithms-rs256-pino", "auth.config.token_issue", "pino-json",
    "https://codegive.com/blog/jwt_verify_invalid_algorithm.php", "blog",
    "jwt.verify rejects a token whose header alg is not in the allowed algorithms list; signing with the default "
    "HS256 while verifying with algorithms: ['RS256'] fails every token with 'invalid algorithm'.",
    "Login signs with a shared secret (HS256 by default) but the auth middleware verifies with { algorithms: "
    "['RS256'] }; the pino log shows JsonWebTokenError 'invalid algorithm' for each authenticated call and the "
    "harness prints 'Expected 200 but got 401 for current user'.",
    with_client({
        "package.json": pkg("hono", "@hono/node-server", "jsonwebtoken", "pino", module=True),
        "app.js": """\
import { Hono } from 'hono';
import { serve } from '@hono/node-server';
import jwt from 'jsonwebtoken';
import pino from 'pino';

const log = pino();
const SECRET = 'conduit-dev-secret';
const app = new Hono();

app.use(async (c, next) => {
  const started = Date.now();
  await next();
  log.info({ method: c.req.method, url: c.req.path, statusCode: c.res.status, responseTime: Date.now() - started }, 'request completed');
});

const auth = async (c, next) => {
  const token = (c.req.header('Authorization') || '').replace(/^Token /, '');
  try {
    c.set('user', jwt.verify(token, SECRET, { algorithms: ['RS256'] }));
  } catch (err) {
    log.warn({ err }, 'token verification failed');
    return c.json({ errors: { body: ['invalid token'] } }, 401);
  }
  await next();
};

app.post('/api/users/login', async (c) => {
  const { user } = await c.req.json();
  return c.json({ user: { email: user.email, token: jwt.sign({ email: user.email }, SECRET, { expiresIn: '1h' }) } });
});

app.get('/api/user', auth, (c) => c.json({ user: { email: c.get('user').email } }));

serve({ fetch: app.fetch, port: Number(process.env.PORT) }, (info) => log.info(`listening on ${info.port}`));
""",
        **harness("""\
test('login then current user', async () => {
  const login = await call('POST', '/api/users/login', { json: { user: { email: 'jake@jake.jake', password: 'jakejake' } } });
  expectStatus(login, 200, 'login');
  const res = await call('GET', '/api/user', { headers: { Authorization: `Token ${login.body.user.token}` } });
  expectStatus(res, 200, 'current user');
});
"""),
    }, "node app.js", "node api.test.cjs"),
    libs=("hono", "@hono/node-server", "jsonwebtoken", "pino"), fw="hono",
    expect=r"invalid algorithm",
))

_TOKEN = jwt_hs256({"id": 1, "username": "jake", "iat": 1735689600}, "conduit-dev-secret")

add(case(
    "express-headers-authorization-capitalised", "auth.config.token_scheme", "status-line",
    "https://www.codegenes.net/blog/req-header-vs-req-headers-in-express", "blog",
    "Node lower-cases incoming header names, so req.headers holds 'authorization'; reading "
    "req.headers.Authorization (or any capitalised key) gives undefined, whereas req.get() is case-insensitive.",
    "The auth middleware reads req.headers.Authorization, which is always undefined, so a request carrying a valid "
    "'Authorization: Token <jwt>' header gets '401 Unauthorized' with 'authorization header missing' and the "
    "request log shows GET /api/user 401.",
    serve({
        "package.json": pkg("express", "jsonwebtoken"),
        "app.js": """\
const express = require('express');
const jwt = require('jsonwebtoken');

const SECRET = 'conduit-dev-secret';
const app = express();
app.use(express.json());
""" + EXPRESS_LOG + """
function requireAuth(req, res, next) {
  const authHeader = req.headers.Authorization;
  if (!authHeader) return res.status(401).json({ errors: { body: ['authorization header missing'] } });
  const [, token] = authHeader.split(' ');
  try {
    req.user = jwt.verify(token, SECRET);
    next();
  } catch (err) {
    res.status(401).json({ errors: { body: [err.message] } });
  }
}

app.get('/api/user', requireAuth, (req, res) => res.json({ user: { id: req.user.id, username: req.user.username } }));

app.listen(process.env.PORT, () => console.log(`listening on ${process.env.PORT}`));
""",
    }, "node app.js", [
        {"method": "GET", "path": "/api/user", "headers": {"Authorization": f"Token {_TOKEN}"}},
    ]),
    libs=("express", "jsonwebtoken"), fw="express",
    expect=r"GET /api/user -> 401 Unauthorized",
))
