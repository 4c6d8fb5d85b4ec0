"""nodeweb auth situations: jsonwebtoken / bcrypt / bcryptjs misuse and auth middleware placement."""

from _nodeweb_util import case, pkg, prep, run, serve
from capture import status_lines


def serve_with_token(files, cmd, requests, *, sign="{ id: 1, username: 'jake' }, 'conduit-secret'", startup=15, env=None):
    """Issue a token with jsonwebtoken (as the login endpoint would), then start the server and send
    requests; '{TOKEN}' in a header value is replaced by it."""
    def make(ctx):
        prep(ctx, files)
        token = ctx.run(["node", "-e", f"process.stdout.write(require('jsonwebtoken').sign({sign}))"]).strip()
        reqs = [{**r, "headers": {k: v.replace("{TOKEN}", token) for k, v in (r.get("headers") or {}).items()}} for r in requests]
        log, responses = ctx.serve(cmd, reqs, startup=startup, env=env)
        return {"log": log, "test_output": ctx.clean(status_lines(responses))}
    return make


CASES = [
    case(
        "nodeweb-jwt-secret-mismatch-jest",
        "auth.config.token_issue", "jest",
        "https://www.webutilslyce.com/errors/jwt-invalid-signature", "blog",
        "'invalid signature' means the token was signed with a different secret or key than the one used to "
        "verify it.",
        "utils/token.js signs with process.env.JWT_SECRET || 'dev-secret' while middleware/auth.js verifies with "
        "a hard-coded 'conduit-secret'; login succeeds, then GET /api/user answers 401 'invalid signature'.",
        run({
            "package.json": pkg(jest=True, deps=("express", "jsonwebtoken")),
            "utils/token.js": """
                const jwt = require('jsonwebtoken');
                exports.issue = (user) => jwt.sign({ id: user.id, username: user.username }, process.env.JWT_SECRET || 'dev-secret', { expiresIn: '1d' });
            """,
            "middleware/auth.js": """
                const jwt = require('jsonwebtoken');
                const JWT_SECRET = 'conduit-secret';
                module.exports = (req, res, next) => {
                  const [, token] = (req.headers.authorization || '').split(' ');
                  try {
                    req.user = jwt.verify(token, JWT_SECRET);
                    next();
                  } catch (err) {
                    res.status(401).json({ errors: { body: [err.message] } });
                  }
                };
            """,
            "app.js": """
                const express = require('express');
                const { issue } = require('./utils/token');
                const auth = require('./middleware/auth');
                const app = express();
                app.use(express.json());
                app.post('/api/users/login', (req, res) => {
                  const user = { id: 1, username: 'jake', email: req.body.user.email };
                  res.json({ user: { ...user, token: issue(user) } });
                });
                app.get('/api/user', auth, (req, res) => res.json({ user: { username: req.user.username } }));
                module.exports = app;
            """,
            "auth.test.js": """
                const request = require('supertest');
                const app = require('./app');

                test('login then fetch current user', async () => {
                  const login = await request(app).post('/api/users/login').send({ user: { email: 'jake@jake.jake', password: 'jakejake' } });
                  expect(login.status).toBe(200);
                  const me = await request(app).get('/api/user').set('Authorization', `Token ${login.body.user.token}`);
                  expect(me.body).toEqual({ user: { username: 'jake' } });
                });
            """,
        }, "jest --ci"),
        libs=("express", "jsonwebtoken", "jest", "supertest"), fw="express", expect=r"invalid signature",
    ),
    case(
        "nodeweb-fastify-token-prefix-invalid-token",
        "auth.config.token_scheme", "pino-json",
        "https://tooldock.org/jwt-malformed-error", "blog",
        "A token string that still carries an Authorization scheme prefix is not a decodable JWT; jsonwebtoken "
        "rejects it (jwt malformed / invalid token) before checking the signature.",
        "The auth hook strips only 'Bearer ' from the header; the Conduit client sends 'Token <jwt>', so "
        "jwt.verify gets 'Token eyJ...' and throws JsonWebTokenError 'invalid token', logged by pino, and 401.",
        serve_with_token({
            "package.json": pkg(deps=("fastify", "jsonwebtoken")),
            "server.js": """
                const fastify = require('fastify')({ logger: true });
                const jwt = require('jsonwebtoken');

                async function authenticate(request, reply) {
                  const token = (request.headers.authorization || '').replace('Bearer ', '');
                  try {
                    request.user = jwt.verify(token, 'conduit-secret');
                  } catch (err) {
                    request.log.warn({ err }, 'authentication failed');
                    return reply.code(401).send({ errors: { body: ['Unauthorized'] } });
                  }
                }
                fastify.get('/api/user', { preHandler: authenticate }, async (request) => ({ user: { username: request.user.username } }));
                fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
            """,
        }, "node server.js", [{"path": "/api/user", "headers": {"Authorization": "Token {TOKEN}"}}]),
        libs=("fastify", "jsonwebtoken", "pino"), fw="fastify", expect=r'"type":"JsonWebTokenError","message":"invalid token"',
    ),
    case(
        "nodeweb-express-bare-token-jwt-must-be-provided",
        "auth.config.token_scheme", "node-stack",
        "https://codegive.com/blog/jsonwebtokenerror_jwt_malformed.php", "blog",
        "Token errors often come from how the Authorization header is parsed: a missing or unexpected prefix "
        "leaves the extracted token empty or wrong.",
        "The middleware takes authorization.split(' ')[1]; the client sends the token without any scheme, so "
        "the extracted token is undefined and jsonwebtoken throws 'jwt must be provided' (logged), answering 401.",
        serve_with_token({
            "package.json": pkg(deps=("express", "jsonwebtoken")),
            "server.js": """
                const express = require('express');
                const jwt = require('jsonwebtoken');
                const app = express();

                function requireAuth(req, res, next) {
                  const token = (req.headers.authorization || '').split(' ')[1];
                  try {
                    req.user = jwt.verify(token, 'conduit-secret');
                    return next();
                  } catch (err) {
                    console.error(err);
                    return res.status(401).json({ errors: { body: ['Unauthorized'] } });
                  }
                }
                app.get('/api/user', requireAuth, (req, res) => res.json({ user: { username: req.user.username } }));
                app.listen(process.env.PORT, () => console.log('listening'));
            """,
        }, "node server.js", [{"path": "/api/user", "headers": {"Authorization": "{TOKEN}"}}]),
        libs=("express", "jsonwebtoken"), fw="express", expect=r"jwt must be provided",
    ),
    case(
        "nodeweb-hono-split-takes-scheme-jwt-malformed",
        "auth.config.token_scheme", "node-stack",
        "https://tooldock.org/jwt-malformed-error", "blog",
        "'jwt malformed' means the string handed to the verifier is not a three-part header.payload.signature "
        "token, e.g. the scheme word or a wrong piece of the Authorization header.",
        "The Hono auth middleware does `const [token] = header.split(' ')`, which takes the scheme word 'Token' "
        "instead of the JWT; jwt.verify('Token') throws 'jwt malformed' (logged) and /api/user answers 401.",
        serve_with_token({
            "package.json": pkg(type_module=True, deps=("hono", "@hono/node-server", "jsonwebtoken")),
            "src/middleware/auth.js": """
                import jwt from 'jsonwebtoken';
                export async function auth(c, next) {
                  const header = c.req.header('Authorization') || '';
                  const [token] = header.split(' ');
                  try {
                    c.set('user', jwt.verify(token, 'conduit-secret'));
                  } catch (err) {
                    console.error('auth error:', err);
                    return c.json({ errors: { body: ['Unauthorized'] } }, 401);
                  }
                  await next();
                }
            """,
            "src/index.js": """
                import { Hono } from 'hono';
                import { serve } from '@hono/node-server';
                import { auth } from './middleware/auth.js';

                const app = new Hono();
                app.get('/api/user', auth, (c) => c.json({ user: { username: c.get('user').username } }));
                serve({ fetch: app.fetch, port: Number(process.env.PORT) });
            """,
        }, "node src/index.js", [{"path": "/api/user", "headers": {"Authorization": "Token {TOKEN}"}}]),
        libs=("hono", "jsonwebtoken"), fw="hono", expect=r"JsonWebTokenError: jwt malformed",
    ),
    case(
        "nodeweb-koa-expiresin-env-string-ms",
        "auth.config.token_issue", "mocha",
        "https://segmentfault.com/q/1010000043028550", "qa",
        "jsonwebtoken reads a numeric expiresIn as seconds, but a string without a unit (such as '60') as "
        "milliseconds.",
        "config.js passes process.env.JWT_EXPIRES_IN ('60', meant as seconds) to jwt.sign; env values are "
        "strings, so tokens expire after 60 ms and the follow-up request fails with TokenExpiredError: jwt expired.",
        run({
            "package.json": pkg(deps=("koa", "@koa/router", "koa-bodyparser", "jsonwebtoken")),
            "config.js": """
                module.exports = { secret: process.env.JWT_SECRET || 'conduit', expiresIn: process.env.JWT_EXPIRES_IN || '3600' };
            """,
            "app.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');
                const bodyParser = require('koa-bodyparser');
                const jwt = require('jsonwebtoken');
                const config = require('./config');

                const app = new Koa();
                const router = new Router({ prefix: '/api' });
                router.post('/users/login', (ctx) => {
                  const token = jwt.sign({ id: 1, username: 'jake' }, config.secret, { expiresIn: config.expiresIn });
                  ctx.body = { user: { username: 'jake', token } };
                });
                router.get('/user', (ctx) => {
                  const token = (ctx.get('Authorization') || '').replace(/^Token /, '');
                  try {
                    const payload = jwt.verify(token, config.secret);
                    ctx.body = { user: { username: payload.username } };
                  } catch (err) {
                    ctx.status = 401;
                    ctx.body = { errors: { body: [`${err.name}: ${err.message}`] } };
                  }
                });
                app.use(bodyParser()).use(router.routes());
                module.exports = app;
            """,
            "test/auth.spec.js": """
                const request = require('supertest');
                const { expect } = require('chai');
                const app = require('../app');

                describe('auth flow', () => {
                  let token;
                  before(async () => {
                    const res = await request(app.callback()).post('/api/users/login').send({ user: { email: 'jake@jake.jake', password: 'jakejake' } });
                    token = res.body.user.token;
                  });
                  it('creates an article draft first', (done) => setTimeout(done, 150));
                  it('GET /api/user with the token', async () => {
                    const res = await request(app.callback()).get('/api/user').set('Authorization', `Token ${token}`);
                    expect(res.status, JSON.stringify(res.body)).to.equal(200);
                  });
                });
            """,
        }, "mocha --no-colors", env={"JWT_EXPIRES_IN": "60"}),
        libs=("koa", "jsonwebtoken", "mocha", "chai", "supertest"), fw="koa", expect=r"TokenExpiredError: jwt expired",
    ),
    case(
        "nodeweb-dotenv-loaded-after-routes-concurrently",
        "auth.config.token_issue", "compose-prefix",
        "https://aidevhub.ai/blog/nodejs-jwt-secret-undefined-import-order/", "blog",
        "A module that reads process.env.JWT_SECRET at load time gets undefined when it is required before "
        "dotenv.config() has run.",
        "server.js requires ./routes/auth before calling require('dotenv').config(); routes/auth.js captured "
        "JWT_SECRET as undefined, so jwt.sign throws 'secretOrPrivateKey must have a value' on every login.",
        serve({
            "package.json": pkg(deps=("express", "jsonwebtoken", "dotenv")),
            ".env": "JWT_SECRET=conduit-dev-secret\n",
            "routes/auth.js": """
                const express = require('express');
                const jwt = require('jsonwebtoken');
                const router = express.Router();
                const JWT_SECRET = process.env.JWT_SECRET;

                router.post('/users/login', (req, res, next) => {
                  try {
                    const token = jwt.sign({ id: 1, email: req.body.user.email }, JWT_SECRET, { expiresIn: '7d' });
                    res.json({ user: { email: req.body.user.email, token } });
                  } catch (err) {
                    next(err);
                  }
                });
                module.exports = router;
            """,
            "server.js": """
                const express = require('express');
                const authRoutes = require('./routes/auth');
                require('dotenv').config();

                const app = express();
                app.use(express.json());
                app.use('/api', authRoutes);
                app.use((err, req, res, next) => {
                  console.error(err);
                  res.status(500).json({ errors: { body: [err.message] } });
                });
                app.listen(process.env.PORT, () => console.log(`listening on ${process.env.PORT}`));
            """,
        }, "concurrently --raw=false -n api \"node server.js\"", [{"method": "POST", "path": "/api/users/login",
                                                                    "json": {"user": {"email": "jake@jake.jake", "password": "jakejake"}}}]),
        libs=("express", "jsonwebtoken", "dotenv", "concurrently"), fw="express", expect=r"secretOrPrivateKey must have a value",
    ),
    case(
        "nodeweb-hono-string-payload-expiresin",
        "auth.config.token_issue", "node-stack",
        "https://segmentfault.com/q/1010000043028550", "qa",
        "jsonwebtoken sets exp only for object-literal payloads; signing a bare string with expiresIn is rejected.",
        "The login route signs String(user.id) with { expiresIn: '1d' }; jsonwebtoken throws 'invalid expiresIn "
        "option for string payload', Hono logs it and login answers 500.",
        serve({
            "package.json": pkg(type_module=True, deps=("hono", "@hono/node-server", "jsonwebtoken")),
            "src/index.js": """
                import { Hono } from 'hono';
                import { serve } from '@hono/node-server';
                import jwt from 'jsonwebtoken';

                const app = new Hono();
                app.post('/api/users/login', async (c) => {
                  const { user } = await c.req.json();
                  const found = { id: 7, email: user.email, username: 'jake' };
                  const token = jwt.sign(String(found.id), process.env.JWT_SECRET || 'conduit', { expiresIn: '1d' });
                  return c.json({ user: { ...found, token } });
                });
                serve({ fetch: app.fetch, port: Number(process.env.PORT) });
            """,
        }, "node src/index.js", [{"method": "POST", "path": "/api/users/login",
                                  "json": {"user": {"email": "jake@jake.jake", "password": "jakejake"}}}]),
        libs=("hono", "jsonwebtoken"), fw="hono", expect=r"invalid expiresIn option for string payload",
    ),
    case(
        "nodeweb-koa-verify-algorithm-mismatch",
        "auth.config.token_issue", "status-line",
        "https://toolninja.io/blog/jwt-signature-verification-failed", "blog",
        "Verification fails when the token's algorithm differs from the one the verifier accepts, e.g. a token "
        "signed HS256 checked with algorithms: ['RS256'].",
        "Tokens are signed with the default HS256, but the Koa auth middleware verifies with algorithms: "
        "['RS256']; jsonwebtoken rejects every token with 'invalid algorithm' and /api/user answers 401.",
        serve_with_token({
            "package.json": pkg(deps=("koa", "@koa/router", "jsonwebtoken")),
            "server.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');
                const jwt = require('jsonwebtoken');
                const app = new Koa();
                const router = new Router({ prefix: '/api' });

                async function auth(ctx, next) {
                  const token = (ctx.get('Authorization') || '').replace(/^(Token|Bearer) /, '');
                  try {
                    ctx.state.user = jwt.verify(token, 'conduit-secret', { algorithms: ['RS256'] });
                  } catch (err) {
                    ctx.status = 401;
                    ctx.body = { errors: { body: [err.message] } };
                    return;
                  }
                  await next();
                }
                router.get('/user', auth, (ctx) => { ctx.body = { user: { username: ctx.state.user.username } }; });
                app.use(router.routes());
                app.listen(process.env.PORT);
            """,
        }, "node server.js", [{"path": "/api/user", "headers": {"Authorization": "Token {TOKEN}"}}]),
        libs=("koa", "jsonwebtoken"), fw="koa", expect=r"invalid algorithm",
    ),
    case(
        "nodeweb-bcrypt-hash-undefined-password",
        "auth.config.password", "node-stack",
        "https://nark.sh/profiles/bcrypt", "blog",
        "bcrypt.hash rejects with 'data and salt arguments required' when the password passed in is undefined.",
        "The register handler reads req.body.password, but the Conduit body nests it under user; bcrypt.hash "
        "gets undefined, the error is logged, and registration answers 500.",
        serve({
            "package.json": pkg(deps=("express", "bcrypt")),
            "server.js": """
                const express = require('express');
                const bcrypt = require('bcrypt');
                const app = express();
                app.use(express.json());
                const users = [];

                app.post('/api/users', async (req, res) => {
                  try {
                    const { username, email, password } = req.body;
                    const hash = await bcrypt.hash(password, 10);
                    users.push({ username, email, hash });
                    res.status(201).json({ user: { username, email } });
                  } catch (err) {
                    console.error(err);
                    res.status(500).json({ errors: { body: ['registration failed'] } });
                  }
                });
                app.listen(process.env.PORT, () => console.log('listening'));
            """,
        }, "node server.js", [{"method": "POST", "path": "/api/users",
                                "json": {"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}}}]),
        libs=("express", "bcrypt"), fw="express", expect=r"data and salt arguments required",
    ),
    case(
        "nodeweb-bcryptjs-compare-wrong-column-mocha",
        "auth.config.password", "mocha",
        "https://nark.sh/profiles/bcryptjs", "blog",
        "bcryptjs.compare throws 'Illegal arguments' when the hash argument is not a string, for example "
        "undefined from a field that does not exist.",
        "Users are stored with password_hash, but the login code compares against user.password (undefined); "
        "bcryptjs throws 'Illegal arguments: string, undefined', Koa logs it and login answers 500.",
        run({
            "package.json": pkg(deps=("koa", "@koa/router", "koa-bodyparser", "bcryptjs")),
            "db.js": """
                const bcrypt = require('bcryptjs');
                const rows = [{ id: 1, email: 'jake@jake.jake', username: 'jake', password_hash: bcrypt.hashSync('jakejake', 4) }];
                exports.findUserByEmail = async (email) => rows.find((r) => r.email === email);
            """,
            "app.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');
                const bodyParser = require('koa-bodyparser');
                const bcrypt = require('bcryptjs');
                const db = require('./db');

                const app = new Koa();
                const router = new Router({ prefix: '/api' });
                router.post('/users/login', async (ctx) => {
                  const { email, password } = ctx.request.body.user;
                  const user = await db.findUserByEmail(email);
                  const ok = user && (await bcrypt.compare(password, user.password));
                  if (!ok) ctx.throw(401, 'email or password is invalid');
                  ctx.body = { user: { email: user.email, username: user.username, token: 'jwt' } };
                });
                app.use(bodyParser()).use(router.routes());
                module.exports = app;
            """,
            "test/login.spec.js": """
                const request = require('supertest');
                const app = require('../app');

                describe('POST /api/users/login', () => {
                  it('accepts the right password', () =>
                    request(app.callback())
                      .post('/api/users/login')
                      .send({ user: { email: 'jake@jake.jake', password: 'jakejake' } })
                      .expect(200));
                });
            """,
        }, "mocha --no-colors"),
        libs=("koa", "bcryptjs", "mocha", "supertest"), fw="koa", expect=r"Illegal arguments: string, undefined",
    ),
    case(
        "nodeweb-fastify-bcrypt-hash-not-awaited-jest",
        "auth.config.password", "jest",
        "https://npmdoc.github.io/node-npmdoc-bcrypt/build..beta..travis-ci.org/apidoc.html", "docs",
        "bcrypt.hash returns a Promise when no callback is given, and bcrypt.compare refuses non-string hashes "
        "with 'data and hash must be strings'.",
        "The register route stores bcrypt.hash(...) without await, so the user's password field is a Promise; "
        "at login bcrypt.compare throws 'data and hash must be strings' and Fastify answers 500.",
        run({
            "package.json": pkg(jest=True, deps=("fastify", "bcrypt")),
            "app.js": """
                const Fastify = require('fastify');
                const bcrypt = require('bcrypt');

                module.exports = function build() {
                  const app = Fastify();
                  const users = new Map();
                  app.post('/api/users', async (request, reply) => {
                    const { username, email, password } = request.body.user;
                    users.set(email, { username, email, password: bcrypt.hash(password, 4) });
                    reply.code(201);
                    return { user: { username, email } };
                  });
                  app.post('/api/users/login', async (request) => {
                    const { email, password } = request.body.user;
                    const user = users.get(email);
                    const ok = await bcrypt.compare(password, user.password);
                    return { user: { email, ok } };
                  });
                  return app;
                };
            """,
            "auth.test.js": """
                const request = require('supertest');
                const build = require('./app');

                test('register then login', async () => {
                  const app = build();
                  await app.ready();
                  const user = { username: 'jake', email: 'jake@jake.jake', password: 'jakejake' };
                  await request(app.server).post('/api/users').send({ user }).expect(201);
                  const login = await request(app.server).post('/api/users/login').send({ user });
                  expect(login.body).toMatchObject({ user: { ok: true } });
                  await app.close();
                });
            """,
        }, "jest --ci"),
        libs=("fastify", "bcrypt", "jest", "supertest"), fw="fastify", expect=r"data and hash must be strings",
    ),
    case(
        "nodeweb-hono-bcrypt-compare-args-swapped",
        "auth.config.password", "status-line",
        "https://www.codecademy.com/courses/user-authentication-authorization-express/lessons/bcrypt/exercises/verifying-passwords", "blog",
        "bcrypt.compare takes the plaintext password first and the stored hash second; it derives the salt from "
        "the hash argument.",
        "Login calls bcrypt.compare(user.passwordHash, password), arguments swapped; the result is always false, "
        "so a user who just registered gets 401 'email or password is invalid'.",
        serve({
            "package.json": pkg(type_module=True, deps=("hono", "@hono/node-server", "bcrypt")),
            "src/index.js": """
                import { Hono } from 'hono';
                import { serve } from '@hono/node-server';
                import bcrypt from 'bcrypt';

                const users = new Map();
                const app = new Hono();
                app.post('/api/users', async (c) => {
                  const { user } = await c.req.json();
                  users.set(user.email, { ...user, passwordHash: await bcrypt.hash(user.password, 4) });
                  return c.json({ user: { username: user.username, email: user.email } }, 201);
                });
                app.post('/api/users/login', async (c) => {
                  const { user } = await c.req.json();
                  const found = users.get(user.email);
                  const ok = found && (await bcrypt.compare(found.passwordHash, user.password));
                  if (!ok) return c.json({ errors: { 'email or password': ['is invalid'] } }, 401);
                  return c.json({ user: { email: found.email, token: 'jwt' } });
                });
                serve({ fetch: app.fetch, port: Number(process.env.PORT) });
            """,
        }, "node src/index.js", [
            {"method": "POST", "path": "/api/users", "json": {"user": {"username": "jake", "email": "jake@jake.jake", "password": "jakejake"}}},
            {"method": "POST", "path": "/api/users/login", "json": {"user": {"email": "jake@jake.jake", "password": "jakejake"}}},
        ]),
        libs=("hono", "bcrypt"), fw="hono", expect=r"POST /api/users/login -> 401 Unauthorized",
    ),
    case(
        "nodeweb-express-bearer-only-token-header-jest",
        "auth.config.token_scheme", "jest",
        "https://content.noroff.dev/development-platforms/jwt-authentication-middleware.html", "blog",
        "A middleware that insists on the 'Bearer <token>' format rejects any Authorization header using "
        "another scheme before the token is even verified.",
        "The auth middleware returns 401 unless the header starts with 'Bearer '; the Conduit tests send "
        "'Token <jwt>' from login, so the authenticated request fails with 401.",
        run({
            "package.json": pkg(jest=True, deps=("express", "jsonwebtoken")),
            "middleware/auth.js": """
                const jwt = require('jsonwebtoken');
                module.exports = function authenticate(req, res, next) {
                  const header = req.headers.authorization;
                  if (!header || !header.startsWith('Bearer ')) {
                    return res.status(401).json({ errors: { body: ['Token must be in format: Bearer <token>'] } });
                  }
                  req.user = jwt.verify(header.slice(7), 'conduit-secret');
                  next();
                };
            """,
            "app.js": """
                const express = require('express');
                const jwt = require('jsonwebtoken');
                const authenticate = require('./middleware/auth');
                const app = express();
                app.use(express.json());
                app.post('/api/users/login', (req, res) =>
                  res.json({ user: { username: 'jake', token: jwt.sign({ id: 1, username: 'jake' }, 'conduit-secret') } }));
                app.post('/api/articles', authenticate, (req, res) =>
                  res.status(201).json({ article: { ...req.body.article, author: { username: req.user.username } } }));
                module.exports = app;
            """,
            "articles.test.js": """
                const request = require('supertest');
                const app = require('./app');

                test('create article with the login token', async () => {
                  const login = await request(app).post('/api/users/login').send({ user: { email: 'jake@jake.jake', password: 'jakejake' } });
                  await request(app)
                    .post('/api/articles')
                    .set('Authorization', `Token ${login.body.user.token}`)
                    .send({ article: { title: 'How to train your dragon', description: 'Ever wonder how?', body: 'Very carefully.' } })
                    .expect(201);
                });
            """,
        }, "jest --ci"),
        libs=("express", "jsonwebtoken", "jest", "supertest"), fw="express", expect=r'expected 201 "Created", got 401 "Unauthorized"',
    ),
    case(
        "nodeweb-hono-bearer-auth-token-scheme",
        "auth.config.token_scheme", "status-line",
        "https://hono.dev/middleware/builtin/bearer-auth", "docs",
        "Hono's bearerAuth middleware expects 'Authorization: Bearer <token>'; a header with another prefix is "
        "rejected before the token is checked.",
        "Protected routes use bearerAuth({ verifyToken }) from hono/bearer-auth, while clients send "
        "'Token <jwt>'; the header does not match the Bearer pattern, so every authenticated call answers "
        "400 Bad Request even with a valid token.",
        serve_with_token({
            "package.json": pkg(type_module=True, deps=("hono", "@hono/node-server", "jsonwebtoken")),
            "src/index.js": """
                import { Hono } from 'hono';
                import { serve } from '@hono/node-server';
                import { bearerAuth } from 'hono/bearer-auth';
                import jwt from 'jsonwebtoken';

                const app = new Hono();
                const requireAuth = bearerAuth({
                  verifyToken: async (token, c) => {
                    try { c.set('user', jwt.verify(token, 'conduit-secret')); return true; } catch { return false; }
                  },
                });
                app.get('/api/user', requireAuth, (c) => c.json({ user: { username: c.get('user').username } }));
                serve({ fetch: app.fetch, port: Number(process.env.PORT) });
            """,
        }, "node src/index.js", [{"path": "/api/user", "headers": {"Authorization": "Token {TOKEN}"}}]),
        libs=("hono", "jsonwebtoken"), fw="hono", expect=r"GET /api/user -> 400 Bad Request",
    ),
    case(
        "nodeweb-koa-auth-before-public-routes",
        "auth.config.public_route", "status-line",
        "https://frontend-engineer-for-newbie.kejyun.com/en/framework/koa-js/route/middleware", "blog",
        "Middleware registered with app.use / router.use before the routes runs for every route; auth meant for "
        "some routes must be attached to those routes only.",
        "app.use(requireAuth) is registered ahead of the router, so anonymous GET /api/articles and "
        "GET /api/tags, which the spec allows without login, answer 401.",
        serve({
            "package.json": pkg(deps=("koa", "@koa/router", "jsonwebtoken")),
            "server.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');
                const jwt = require('jsonwebtoken');
                const app = new Koa();
                const router = new Router({ prefix: '/api' });

                async function requireAuth(ctx, next) {
                  const token = (ctx.get('Authorization') || '').replace(/^Token /, '');
                  try {
                    ctx.state.user = jwt.verify(token, 'conduit-secret');
                  } catch {
                    ctx.throw(401, 'Unauthorized');
                  }
                  await next();
                }
                router.get('/articles', (ctx) => { ctx.body = { articles: [], articlesCount: 0 }; });
                router.get('/tags', (ctx) => { ctx.body = { tags: [] }; });
                router.get('/user', (ctx) => { ctx.body = { user: ctx.state.user }; });
                app.use(requireAuth);
                app.use(router.routes());
                app.listen(process.env.PORT);
            """,
        }, "node server.js", [{"path": "/api/articles"}, {"path": "/api/tags"}]),
        libs=("koa", "jsonwebtoken"), fw="koa", expect=r"GET /api/tags -> 401 Unauthorized",
    ),
    case(
        "nodeweb-fastify-root-prehandler-auth",
        "auth.config.public_route", "pino-json",
        "https://fastify.dev/docs/v5.8.x/Reference/Plugins.md", "docs",
        "Hooks follow Fastify's encapsulation: a hook added on the root instance applies to every route, while "
        "one added inside a registered plugin applies only to that plugin's routes.",
        "app.js calls fastify.addHook('preHandler', authenticate) on the root instance, so the public GET "
        "/api/tags and GET /api/articles also require a token and answer 401 (logged by pino).",
        serve({
            "package.json": pkg(deps=("fastify", "jsonwebtoken")),
            "server.js": """
                const fastify = require('fastify')({ logger: true });
                const jwt = require('jsonwebtoken');

                fastify.addHook('preHandler', async (request, reply) => {
                  const token = (request.headers.authorization || '').replace(/^Token /, '');
                  try {
                    request.user = jwt.verify(token, 'conduit-secret');
                  } catch (err) {
                    return reply.code(401).send({ errors: { body: ['Unauthorized'] } });
                  }
                });
                fastify.get('/api/tags', async () => ({ tags: [] }));
                fastify.get('/api/articles', async () => ({ articles: [], articlesCount: 0 }));
                fastify.get('/api/user', async (request) => ({ user: { username: request.user.username } }));
                fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
            """,
        }, "node server.js", [{"path": "/api/tags"}, {"path": "/api/articles"}]),
        libs=("fastify", "jsonwebtoken", "pino"), fw="fastify", expect=r'"statusCode":401',
    ),
    case(
        "nodeweb-express-req-user-never-set",
        "auth.config.current_user", "node-stack",
        "https://content.noroff.dev/development-platforms/jwt-authentication-middleware.html", "blog",
        "Route handlers read the authenticated user from whatever property the auth middleware attaches to the "
        "request (conventionally req.user); they must agree on the name.",
        "The auth middleware stores the id as req.userId, but the article handler reads req.user.id; with a valid "
        "token every create fails with TypeError 'Cannot read properties of undefined (reading 'id')' and 500.",
        serve_with_token({
            "package.json": pkg(deps=("express", "jsonwebtoken")),
            "middleware/auth.js": """
                const jwt = require('jsonwebtoken');
                module.exports = (req, res, next) => {
                  const token = (req.headers.authorization || '').replace(/^Token /, '');
                  try {
                    const payload = jwt.verify(token, 'conduit-secret');
                    req.userId = payload.id;
                    next();
                  } catch {
                    res.status(401).json({ errors: { body: ['Unauthorized'] } });
                  }
                };
            """,
            "server.js": """
                const express = require('express');
                const auth = require('./middleware/auth');
                const app = express();
                app.use(express.json());
                app.post('/api/articles', auth, (req, res) => {
                  const article = { ...req.body.article, authorId: req.user.id };
                  res.status(201).json({ article });
                });
                app.listen(process.env.PORT, () => console.log('listening'));
            """,
        }, "node server.js", [{"method": "POST", "path": "/api/articles", "headers": {"Authorization": "Token {TOKEN}"},
                                "json": {"article": {"title": "t", "description": "d", "body": "b"}}}]),
        libs=("express", "jsonwebtoken"), fw="express", expect=r"Cannot read properties of undefined \(reading 'id'\)",
    ),
    case(
        "nodeweb-jwt-claim-name-mismatch-mocha",
        "auth.config.token_issue", "mocha",
        "https://nodeer.space/questions/authentication-using-tokens-json-web-tokens", "qa",
        "The decoded JWT holds exactly the claims that were signed (e.g. { userId }); code after verification "
        "must read the same claim name.",
        "Login signs { userId: user.id } but the auth middleware looks up users by payload.id (undefined), so a "
        "freshly logged-in user gets 404 'User not found' from GET /api/user.",
        run({
            "package.json": pkg(deps=("express", "jsonwebtoken")),
            "app.js": """
                const express = require('express');
                const jwt = require('jsonwebtoken');
                const app = express();
                app.use(express.json());
                const users = [{ id: 1, username: 'jake', email: 'jake@jake.jake' }];

                app.post('/api/users/login', (req, res) => {
                  const user = users.find((u) => u.email === req.body.user.email);
                  res.json({ user: { ...user, token: jwt.sign({ userId: user.id }, 'conduit-secret') } });
                });
                app.get('/api/user', (req, res) => {
                  const payload = jwt.verify(req.headers.authorization.replace('Token ', ''), 'conduit-secret');
                  const user = users.find((u) => u.id === payload.id);
                  if (!user) return res.status(404).json({ errors: { body: ['User not found'] } });
                  res.json({ user });
                });
                module.exports = app;
            """,
            "test/user.spec.js": """
                const request = require('supertest');
                const { expect } = require('chai');
                const app = require('../app');

                describe('GET /api/user', () => {
                  it('returns the logged-in user', async () => {
                    const login = await request(app).post('/api/users/login').send({ user: { email: 'jake@jake.jake', password: 'x' } });
                    const res = await request(app).get('/api/user').set('Authorization', `Token ${login.body.user.token}`);
                    expect(res.status, JSON.stringify(res.body)).to.equal(200);
                    expect(res.body).to.have.nested.property('user.username', 'jake');
                  });
                });
            """,
        }, "mocha --no-colors"),
        libs=("express", "jsonwebtoken", "mocha", "chai", "supertest"), fw="express", expect=r"User not found",
    ),
    case(
        "nodeweb-koa-hmac-token-secret-undefined",
        "auth.config.token_issue", "node-stack",
        "https://aidevhub.ai/blog/nodejs-jwt-secret-undefined-import-order/", "blog",
        "A token secret read from process.env is undefined when the variable is not set (or not loaded yet), "
        "and the signing call then fails or signs with a wrong key.",
        "utils/token.js signs tokens by hand with crypto.createHmac('sha256', process.env.JWT_SECRET); the "
        "variable is not set, so Node throws ERR_INVALID_ARG_TYPE for the 'key' argument on every login (500).",
        serve({
            "package.json": pkg(deps=("koa", "@koa/router", "koa-bodyparser")),
            "utils/token.js": """
                const crypto = require('crypto');
                const b64 = (obj) => Buffer.from(JSON.stringify(obj)).toString('base64url');
                exports.sign = (payload) => {
                  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64(payload)}`;
                  const sig = crypto.createHmac('sha256', process.env.JWT_SECRET).update(body).digest('base64url');
                  return `${body}.${sig}`;
                };
            """,
            "server.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');
                const bodyParser = require('koa-bodyparser');
                const token = require('./utils/token');
                const app = new Koa();
                const router = new Router({ prefix: '/api' });
                router.post('/users/login', (ctx) => {
                  const { email } = ctx.request.body.user;
                  ctx.body = { user: { email, token: token.sign({ id: 1, email }) } };
                });
                app.use(bodyParser()).use(router.routes());
                app.listen(process.env.PORT);
            """,
        }, "env -u JWT_SECRET node server.js", [{"method": "POST", "path": "/api/users/login",
                                                "json": {"user": {"email": "jake@jake.jake", "password": "jakejake"}}}]),
        libs=("koa",), fw="koa", expect=r"ERR_INVALID_ARG_TYPE",
    ),
]
