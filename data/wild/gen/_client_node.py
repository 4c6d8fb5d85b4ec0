"""client group, Node side (Express, Fastify, Koa, Hono, NestJS): cases seen from jest / mocha + supertest,
a plain node client, our functional-test harness, or the client's status lines."""

from __future__ import annotations

from _client_kit import HARNESS_JS, NEST_TSCONFIG, case, d, pkg, run, serve, with_server

NODE = dict(language="node")
JEST = "jest --ci --colors=false 2>&1"
MOCHA = "mocha --no-colors 2>&1"


def js(files: dict[str, str]) -> dict[str, str]:
    return {k: (d(v) if k.endswith((".js", ".ts", ".mjs", ".cjs")) else v) for k, v in files.items()}


NEST_DEPS = ("@nestjs/core", "@nestjs/common", "@nestjs/platform-express", "reflect-metadata", "rxjs")
NEST_MAIN = '''
    import 'reflect-metadata';
    import { NestFactory } from '@nestjs/core';
    import { AppModule } from './app.module';

    async function bootstrap() {
      const app = await NestFactory.create(AppModule);
      app.setGlobalPrefix('api');
      await app.listen(process.env.PORT || 3000);
    }
    bootstrap();
'''
NEST_RUN = "tsc -p . && node dist/main.js"

# --------------------------------------------------------------------------------------------------
# auth.config: Secure cookie over http (supertest agent), Koa refusing to set a secure cookie
# --------------------------------------------------------------------------------------------------
case(
    id="client-express-secure-cookie-supertest-agent",
    label="auth.config",
    shape="jest",
    source="https://jsschools.com/express/cookie-auth",
    source_kind="blog",
    cause="A cookie set with secure: true is only returned by clients over HTTPS; against a plain-http server "
          "(local dev, tests) the session cookie never comes back and every authenticated call looks anonymous.",
    rationale="The login route sets the sid cookie with secure: true; supertest's agent keeps cookies like a "
              "browser and does not send a Secure cookie over http, so GET /api/user fails with 'expected 200 "
              "\"OK\", got 401 \"Unauthorized\"' although login succeeded.",
    make=run(js({
        "package.json": pkg("express", jest=True),
        "app.js": '''
            const express = require('express');
            const crypto = require('crypto');
            const app = express();
            app.use(express.json());
            const sessions = new Map();

            app.post('/api/users/login', (req, res) => {
              const { email } = req.body.user;
              const sid = crypto.randomBytes(12).toString('hex');
              sessions.set(sid, { email, username: email.split('@')[0] });
              res.cookie('sid', sid, { httpOnly: true, secure: true, sameSite: 'lax' });
              res.json({ user: sessions.get(sid) });
            });

            app.get('/api/user', (req, res) => {
              const m = /(?:^|; )sid=([^;]+)/.exec(req.headers.cookie || '');
              const user = m && sessions.get(m[1]);
              if (!user) return res.status(401).json({ errors: { body: ['not logged in'] } });
              res.json({ user });
            });

            module.exports = app;
        ''',
        "session.test.js": '''
            const request = require('supertest');
            const app = require('./app');

            test('login then fetch the current user with the session cookie', async () => {
              const agent = request.agent(app);
              await agent.post('/api/users/login').send({ user: { email: 'jake@jake.jake', password: 'jakejake' } }).expect(200);
              await agent.get('/api/user').expect(200);
            });
        ''',
    }), JEST, node=True),
    libraries=("express", "jest", "supertest"), framework="express",
    expect=r'expected 200 "OK", got 401 "Unauthorized"', **NODE,
)

case(
    id="client-koa-secure-cookie-unencrypted-500",
    label="auth.config",
    shape="status-line",
    source="http://blog.mact.me/2016/09/12/so-you-want-to-keep-your-cookies-secure",
    source_kind="blog",
    cause="Koa's cookies library refuses to set a secure cookie when it considers the connection unencrypted "
          "(plain http, or a TLS-terminating proxy without app.proxy), throwing instead of setting the cookie.",
    rationale="The login route calls ctx.cookies.set(..., { secure: true }) on a plain-http Koa server; the "
              "client gets 500 Internal Server Error for a valid login and Koa's default error log prints "
              "'Cannot send secure cookie over unencrypted connection'.",
    make=serve(js({
        "package.json": pkg("koa", "@koa/router", "koa-bodyparser"),
        "server.js": '''
            const Koa = require('koa');
            const Router = require('@koa/router');
            const bodyParser = require('koa-bodyparser');

            const app = new Koa();
            app.keys = ['dev-cookie-key'];
            const router = new Router({ prefix: '/api' });

            router.post('/users/login', (ctx) => {
              const { email } = ctx.request.body.user;
              ctx.cookies.set('sid', Buffer.from(email).toString('base64'), { httpOnly: true, secure: true, signed: true });
              ctx.body = { user: { email, username: email.split('@')[0] } };
            });

            app.use(bodyParser());
            app.use(router.routes());
            app.listen(process.env.PORT, () => console.log(`listening on ${process.env.PORT}`));
        ''',
    }), "node server.js", [{"method": "POST", "path": "/api/users/login",
                           "json": {"user": {"email": "jake@jake.jake", "password": "jakejake"}}}], node=True),
    libraries=("koa", "@koa/router", "koa-bodyparser"), framework="koa",
    expect=r"Cannot send secure cookie over unencrypted connection", **NODE,
)

# --------------------------------------------------------------------------------------------------
# NestJS: POST defaults to 201; a global guard on login; a wrapping interceptor; an empty handler
# --------------------------------------------------------------------------------------------------
case(
    id="client-nest-login-post-defaults-201",
    label="logic.business.status_code",
    shape="harness-lines",
    source="https://www.packtpub.com/en-mx/product/nest-js-a-progressive-node-js-framework-10-9781800204737/chapter/routing-and-request-handling-in-nest-js/generating-responses",
    source_kind="docs",
    cause="Nest answers 200 by default except for POST handlers, which answer 201 unless @HttpCode() says "
          "otherwise; a POST action that is not a creation (login) then reports the wrong status.",
    rationale="AuthController.login is a plain @Post() with no @HttpCode(200); the contract says login answers "
              "200, so the harness prints 'Expected 200 but got 201 for POST /api/users/login'.",
    make=with_server(js({
        "package.json": pkg(*NEST_DEPS),
        "tsconfig.json": NEST_TSCONFIG,
        "src/auth.controller.ts": '''
            import { Body, Controller, Post, UnauthorizedException } from '@nestjs/common';

            @Controller('users')
            export class AuthController {
              @Post('login')
              login(@Body() body: { user: { email: string; password: string } }) {
                const { email, password } = body.user;
                if (password !== 'jakejake') throw new UnauthorizedException('invalid credentials');
                return { user: { email, username: email.split('@')[0], token: 'jwt.token.here' } };
              }
            }
        ''',
        "src/app.module.ts": '''
            import { Module } from '@nestjs/common';
            import { AuthController } from './auth.controller';

            @Module({ controllers: [AuthController] })
            export class AppModule {}
        ''',
        "src/main.ts": NEST_MAIN,
        "harness.js": HARNESS_JS,
        "api.test.js": '''
            const { test, call, expectStatus, main } = require('./harness');

            test('login with valid credentials', async () => {
              const res = await call('POST', '/api/users/login', { json: { user: { email: 'jake@jake.jake', password: 'jakejake' } } });
              expectStatus(res, 200, 'POST /api/users/login');
            });

            main();
        ''',
    }), NEST_RUN, "node api.test.js", node=True, startup=90, env={"NO_COLOR": "1"}),
    libraries=("@nestjs/core", "@nestjs/common", "typescript"), framework="nestjs",
    expect=r"Expected 200 but got 201 for POST /api/users/login", **NODE,
)

case(
    id="client-nest-global-guard-blocks-login",
    label="auth.config.public_route",
    shape="status-line",
    source="https://authgear.github.io/authgear-sdk-nestjs/usage/protecting-routes",
    source_kind="docs",
    cause="A guard registered through the APP_GUARD provider protects every route of the application; routes "
          "meant to be public (login, registration) must opt out explicitly or they answer 401 too.",
    rationale="app.module.ts registers JwtGuard as APP_GUARD and nothing marks login as public; POST "
              "/api/users/login without a token gets Nest's 401 Unauthorized JSON, while GET /api/tags (also "
              "public in the contract) is refused the same way.",
    make=serve(js({
        "package.json": pkg(*NEST_DEPS),
        "tsconfig.json": NEST_TSCONFIG,
        "src/jwt.guard.ts": '''
            import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';

            @Injectable()
            export class JwtGuard implements CanActivate {
              canActivate(context: ExecutionContext): boolean {
                const req = context.switchToHttp().getRequest();
                const header: string = req.headers['authorization'] || '';
                if (!header.startsWith('Token ')) throw new UnauthorizedException('missing token');
                req.user = { username: header.slice(6) };
                return true;
              }
            }
        ''',
        "src/users.controller.ts": '''
            import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';

            @Controller()
            export class UsersController {
              @Post('users/login')
              @HttpCode(200)
              login(@Body() body: any) {
                return { user: { email: body.user.email, token: 'jwt.token.here' } };
              }

              @Get('tags')
              tags() {
                return { tags: ['dragons', 'training'] };
              }
            }
        ''',
        "src/app.module.ts": '''
            import { Module } from '@nestjs/common';
            import { APP_GUARD } from '@nestjs/core';
            import { JwtGuard } from './jwt.guard';
            import { UsersController } from './users.controller';

            @Module({
              controllers: [UsersController],
              providers: [{ provide: APP_GUARD, useClass: JwtGuard }],
            })
            export class AppModule {}
        ''',
        "src/main.ts": NEST_MAIN,
    }), NEST_RUN, [
        {"method": "POST", "path": "/api/users/login", "json": {"user": {"email": "jake@jake.jake", "password": "jakejake"}}},
        {"method": "GET", "path": "/api/tags"},
    ], node=True, startup=90, env={"NO_COLOR": "1"}),
    libraries=("@nestjs/core", "@nestjs/common", "typescript"), framework="nestjs",
    expect=r"POST /api/users/login -> 401 Unauthorized", **NODE,
)

case(
    id="client-nest-transform-interceptor-wraps-data",
    label="contract.shape.wrapping",
    shape="node-stack",
    source="https://zenn.dev/naonao70/articles/cf2ddb7a688acf",
    source_kind="blog",
    cause="A global interceptor that maps every handler result into a common envelope ({ statusCode, message, "
          "data }) changes the shape of every response, so clients of a contract with its own top-level keys "
          "find them one level deeper.",
    rationale="main.ts installs TransformInterceptor globally; GET /api/profiles/jake answers { statusCode, "
              "message, data: { profile } } and the client's strict deep-equal assertion on { profile } throws "
              "AssertionError [ERR_ASSERTION].",
    make=with_server(js({
        "package.json": pkg(*NEST_DEPS),
        "tsconfig.json": NEST_TSCONFIG,
        "src/transform.interceptor.ts": '''
            import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
            import { Observable } from 'rxjs';
            import { map } from 'rxjs/operators';

            @Injectable()
            export class TransformInterceptor implements NestInterceptor {
              intercept(context: ExecutionContext, next: CallHandler): Observable<any> {
                const res = context.switchToHttp().getResponse();
                return next.handle().pipe(map((data) => ({ statusCode: res.statusCode, message: 'success', data })));
              }
            }
        ''',
        "src/profiles.controller.ts": '''
            import { Controller, Get, Param } from '@nestjs/common';

            @Controller('profiles')
            export class ProfilesController {
              @Get(':username')
              find(@Param('username') username: string) {
                return { profile: { username, bio: null, image: null, following: false } };
              }
            }
        ''',
        "src/app.module.ts": '''
            import { Module } from '@nestjs/common';
            import { ProfilesController } from './profiles.controller';

            @Module({ controllers: [ProfilesController] })
            export class AppModule {}
        ''',
        "src/main.ts": '''
            import 'reflect-metadata';
            import { NestFactory } from '@nestjs/core';
            import { AppModule } from './app.module';
            import { TransformInterceptor } from './transform.interceptor';

            async function bootstrap() {
              const app = await NestFactory.create(AppModule);
              app.setGlobalPrefix('api');
              app.useGlobalInterceptors(new TransformInterceptor());
              await app.listen(process.env.PORT || 3000);
            }
            bootstrap();
        ''',
        "check-profile.js": '''
            const assert = require('node:assert/strict');

            (async () => {
              const res = await fetch(`http://127.0.0.1:${process.env.PORT}/api/profiles/jake`);
              assert.equal(res.status, 200);
              const body = await res.json();
              assert.deepEqual(body, { profile: { username: 'jake', bio: null, image: null, following: false } });
              console.log('profile contract ok');
            })();
        ''',
    }), NEST_RUN, "node check-profile.js", node=True, startup=90, env={"NO_COLOR": "1"}),
    libraries=("@nestjs/core", "@nestjs/common", "rxjs", "typescript"), framework="nestjs",
    expect=r"AssertionError \[ERR_ASSERTION\]: Expected values to be strictly deep-equal", **NODE,
)

case(
    id="client-nest-empty-handler-stub",
    label="incomplete.endpoint.stub",
    shape="harness-lines",
    source="https://www.devgem.io/posts/handling-unimplemented-rest-api-endpoints-choosing-the-right-h",
    source_kind="blog",
    cause="An endpoint whose handler was left as an empty placeholder still matches and answers success, but "
          "with no body, so the client only notices when it reads the missing data.",
    rationale="ArticlesController.findOne is declared with a TODO and returns nothing; Nest answers 200 with an "
              "empty body and the harness reports 'Expected body.article.slug to be \"dragons\" but got null'.",
    make=with_server(js({
        "package.json": pkg(*NEST_DEPS),
        "tsconfig.json": NEST_TSCONFIG,
        "src/articles.controller.ts": '''
            import { Controller, Get, Param } from '@nestjs/common';

            @Controller('articles')
            export class ArticlesController {
              @Get()
              findAll() {
                return { articles: [], articlesCount: 0 };
              }

              @Get(':slug')
              findOne(@Param('slug') slug: string) {
                // TODO: load the article by slug
              }
            }
        ''',
        "src/app.module.ts": '''
            import { Module } from '@nestjs/common';
            import { ArticlesController } from './articles.controller';

            @Module({ controllers: [ArticlesController] })
            export class AppModule {}
        ''',
        "src/main.ts": NEST_MAIN,
        "harness.js": HARNESS_JS,
        "api.test.js": '''
            const { test, call, expectStatus, expectEqual, main } = require('./harness');

            test('list articles', async () => {
              const res = await call('GET', '/api/articles');
              expectStatus(res, 200, 'GET /api/articles');
            });

            test('get single article by slug', async () => {
              const res = await call('GET', '/api/articles/dragons');
              expectStatus(res, 200, 'GET /api/articles/dragons');
              expectEqual(res.body && res.body.article ? res.body.article.slug : null, 'dragons', 'body.article.slug');
            });

            main();
        ''',
    }), NEST_RUN, "node api.test.js", node=True, startup=90, env={"NO_COLOR": "1"}),
    libraries=("@nestjs/core", "@nestjs/common", "typescript"), framework="nestjs",
    expect=r'Expected body\.article\.slug to be "dragons" but got null', **NODE,
)

# --------------------------------------------------------------------------------------------------
# Express: text/html instead of JSON, a JSON parser bound to another media type, a param-name mismatch
# --------------------------------------------------------------------------------------------------
case(
    id="client-express-send-stringified-json-text-html",
    label="contract.shape",
    shape="jest",
    source="https://codehunter.cc/a/express/difference-between-res-send-and-res-json-in-express-js",
    source_kind="qa",
    cause="res.send() with a string sets Content-Type text/html; passing JSON.stringify(obj) to res.send "
          "therefore serves JSON text labelled as HTML, unlike res.json(), which sets application/json.",
    rationale="The tags route answers res.send(JSON.stringify({ tags })); the supertest assertion "
              ".expect('Content-Type', /json/) fails with 'expected \"Content-Type\" matching /json/, got "
              "\"text/html; charset=utf-8\"'.",
    make=run(js({
        "package.json": pkg("express", jest=True),
        "app.js": '''
            const express = require('express');
            const app = express();

            app.get('/api/tags', (req, res) => {
              const tags = ['dragons', 'training'];
              res.send(JSON.stringify({ tags }));
            });

            module.exports = app;
        ''',
        "tags.test.js": '''
            const request = require('supertest');
            const app = require('./app');

            test('GET /api/tags returns JSON', async () => {
              await request(app).get('/api/tags').expect(200).expect('Content-Type', /json/);
            });
        ''',
    }), JEST, node=True),
    libraries=("express", "jest", "supertest"), framework="express",
    expect=r'expected "Content-Type" matching /json/, got "text/html; charset=utf-8"', **NODE,
)

case(
    id="client-express-json-parser-wrong-type-option",
    label="framework.wiring.body_parsing",
    shape="mocha",
    source="https://deploy-preview-2185--expressjscom-preview.netlify.app/en/5x/api/express/expressjson",
    source_kind="docs",
    cause="express.json() only parses requests whose Content-Type matches its type option; configured for a "
          "vendor media type, it skips ordinary application/json bodies and req.body stays undefined.",
    rationale="app.js mounts express.json({ type: 'application/vnd.api+json' }) while clients send "
              "application/json; the create handler reads req.body.article, throws a TypeError that Express "
              "turns into 500, and mocha prints 'expected 201 \"Created\", got 500 \"Internal Server Error\"'.",
    make=run(js({
        "package.json": pkg("express"),
        "app.js": '''
            const express = require('express');
            const app = express();
            app.use(express.json({ type: 'application/vnd.api+json' }));

            const articles = [];
            app.post('/api/articles', (req, res) => {
              const { title, body } = req.body.article;
              const article = { slug: title.toLowerCase().replace(/ /g, '-'), title, body };
              articles.push(article);
              res.status(201).json({ article });
            });

            module.exports = app;
        ''',
        "test/articles.test.js": '''
            const request = require('supertest');
            const app = require('../app');

            describe('POST /api/articles', () => {
              it('creates an article from a JSON body', async () => {
                await request(app)
                  .post('/api/articles')
                  .send({ article: { title: 'How to train your dragon', body: 'b' } })
                  .expect(201);
              });
            });
        ''',
    }), MOCHA, node=True),
    libraries=("express", "mocha", "supertest"), framework="express",
    expect=r'expected 201 "Created", got 500 "Internal Server Error"', **NODE,
)

case(
    id="client-express-param-name-mismatch",
    label="framework.wiring.route_params",
    shape="jest",
    source="https://codemzy.com/blog/express-params-undefined",
    source_kind="blog",
    cause="req.params only holds the names declared in the route path; reading a differently named parameter "
          "(req.params.id on a ':slug' route) gives undefined.",
    rationale="The route is '/api/articles/:slug' but the handler looks the article up by req.params.id, which "
              "is undefined, so every existing article answers 404 and jest prints 'expected 200 \"OK\", got 404 "
              "\"Not Found\"'.",
    make=run(js({
        "package.json": pkg("express", jest=True),
        "app.js": '''
            const express = require('express');
            const app = express();
            const articles = [{ slug: 'how-to-train-your-dragon', title: 'How to train your dragon' }];

            app.get('/api/articles/:slug', (req, res) => {
              const article = articles.find((a) => a.slug === req.params.id);
              if (!article) return res.status(404).json({ errors: { article: ['not found'] } });
              res.json({ article });
            });

            module.exports = app;
        ''',
        "articles.test.js": '''
            const request = require('supertest');
            const app = require('./app');

            test('GET an existing article by slug', async () => {
              const res = await request(app).get('/api/articles/how-to-train-your-dragon').expect(200);
              expect(res.body.article.title).toBe('How to train your dragon');
            });
        ''',
    }), JEST, node=True),
    libraries=("express", "jest", "supertest"), framework="express",
    expect=r'expected 200 "OK", got 404 "Not Found"', **NODE,
)

# --------------------------------------------------------------------------------------------------
# logic.state.not_persisted: per-request store; a better-sqlite3 transaction never invoked; Koa ctx.state
# --------------------------------------------------------------------------------------------------
case(
    id="client-express-store-declared-in-handler",
    label="logic.state.not_persisted",
    shape="mocha",
    source="https://taourl.com/read-3021678.html",
    source_kind="blog",
    cause="A variable declared inside a route handler is created afresh for every request; data kept in it "
          "does not outlive the request that wrote it.",
    rationale="Each handler declares its own `const comments = []`, so the comment pushed by POST is gone when "
              "GET builds a new empty array; mocha's deep-equal assertion shows an empty list where one "
              "comment was expected.",
    make=run(js({
        "package.json": pkg("express", "chai"),
        "app.js": '''
            const express = require('express');
            const app = express();
            app.use(express.json());

            app.post('/api/articles/:slug/comments', (req, res) => {
              const comments = [];
              const comment = { id: comments.length + 1, body: req.body.comment.body };
              comments.push(comment);
              res.status(201).json({ comment });
            });

            app.get('/api/articles/:slug/comments', (req, res) => {
              const comments = [];
              res.json({ comments });
            });

            module.exports = app;
        ''',
        "test/comments.test.js": '''
            const request = require('supertest');
            const { expect } = require('chai');
            const app = require('../app');

            describe('comments', () => {
              it('lists a comment after adding it', async () => {
                await request(app).post('/api/articles/dragons/comments').send({ comment: { body: 'Nice!' } }).expect(201);
                const res = await request(app).get('/api/articles/dragons/comments').expect(200);
                expect(res.body.comments.map((c) => c.body)).to.deep.equal(['Nice!']);
              });
            });
        ''',
    }), MOCHA, node=True),
    libraries=("express", "mocha", "chai", "supertest"), framework="express",
    expect=r"AssertionError: expected \[\] to deeply equal \[ 'Nice!' \]", **NODE,
)

case(
    id="client-better-sqlite3-transaction-not-invoked",
    label="logic.state.not_persisted",
    shape="jest",
    source="https://tessl.io/registry/tessl/npm-better-sqlite3/12.2.0/files/docs/transaction-management.md",
    source_kind="docs",
    cause="better-sqlite3's db.transaction(fn) does not run fn; it returns a wrapper function that begins, runs "
          "and commits the transaction when it is called. Creating the wrapper without calling it writes nothing.",
    rationale="The register route builds db.transaction(() => { insert user; insert profile }) but never calls "
              "the returned function, then answers 201; the test's follow-up GET of the profile gets 404, "
              "reported by jest as 'expected 200 \"OK\", got 404 \"Not Found\"'.",
    make=run(js({
        "package.json": pkg("express", "better-sqlite3", jest=True),
        "app.js": '''
            const express = require('express');
            const Database = require('better-sqlite3');

            const db = new Database(':memory:');
            db.exec(`CREATE TABLE users (id INTEGER PRIMARY KEY, username TEXT UNIQUE, email TEXT);
                     CREATE TABLE profiles (user_id INTEGER, bio TEXT)`);
            const insertUser = db.prepare('INSERT INTO users (username, email) VALUES (?, ?)');
            const insertProfile = db.prepare('INSERT INTO profiles (user_id, bio) VALUES (?, ?)');

            const app = express();
            app.use(express.json());

            app.post('/api/users', (req, res) => {
              const { username, email } = req.body.user;
              db.transaction(() => {
                const { lastInsertRowid } = insertUser.run(username, email);
                insertProfile.run(lastInsertRowid, null);
              });
              res.status(201).json({ user: { username, email } });
            });

            app.get('/api/profiles/:username', (req, res) => {
              const row = db.prepare('SELECT u.username, p.bio FROM users u JOIN profiles p ON p.user_id = u.id WHERE u.username = ?').get(req.params.username);
              if (!row) return res.status(404).json({ errors: { profile: ['not found'] } });
              res.json({ profile: { username: row.username, bio: row.bio, following: false } });
            });

            module.exports = app;
        ''',
        "users.test.js": '''
            const request = require('supertest');
            const app = require('./app');

            test('a registered user has a profile', async () => {
              await request(app).post('/api/users').send({ user: { username: 'jake', email: 'jake@jake.jake', password: 'jakejake' } }).expect(201);
              await request(app).get('/api/profiles/jake').expect(200);
            });
        ''',
    }), JEST, node=True),
    libraries=("express", "better-sqlite3", "jest", "supertest"), framework="express", database="sqlite",
    expect=r'expected 200 "OK", got 404 "Not Found"', **NODE,
)

case(
    id="client-koa-ctx-state-used-as-store",
    label="logic.state.not_persisted",
    shape="mocha",
    source="https://raw.githubusercontent.com/koajs/koa/HEAD/docs/api/context.md",
    source_kind="docs",
    cause="A Koa Context, including ctx.state, is created per request; ctx.state passes data between the "
          "middleware of one request and is not a place to keep data between requests.",
    rationale="The favorite route records the favorite in ctx.state.favorites and answers 200; the next "
              "request's ctx.state is fresh, so GET of the article reports favorited false and favoritesCount 0 "
              "and the chai assertion fails.",
    make=run(js({
        "package.json": pkg("koa", "@koa/router", "chai"),
        "app.js": '''
            const Koa = require('koa');
            const Router = require('@koa/router');

            const app = new Koa();
            const router = new Router({ prefix: '/api' });
            const articles = { dragons: { slug: 'dragons', title: 'Dragons' } };

            app.use(async (ctx, next) => {
              ctx.state.favorites = ctx.state.favorites || new Set();
              await next();
            });

            const view = (ctx, a) => ({ ...a, favorited: ctx.state.favorites.has(a.slug), favoritesCount: ctx.state.favorites.has(a.slug) ? 1 : 0 });

            router.post('/articles/:slug/favorite', (ctx) => {
              ctx.state.favorites.add(ctx.params.slug);
              ctx.body = { article: view(ctx, articles[ctx.params.slug]) };
            });

            router.get('/articles/:slug', (ctx) => {
              ctx.body = { article: view(ctx, articles[ctx.params.slug]) };
            });

            app.use(router.routes());
            module.exports = app;
        ''',
        "test/favorite.test.js": '''
            const request = require('supertest');
            const { expect } = require('chai');
            const app = require('../app');

            describe('favorites', () => {
              const server = app.callback();
              it('keeps the favorite for later reads', async () => {
                const fav = await request(server).post('/api/articles/dragons/favorite').expect(200);
                expect(fav.body.article.favorited).to.equal(true);
                const res = await request(server).get('/api/articles/dragons').expect(200);
                expect(res.body.article.favoritesCount).to.equal(1);
              });
            });
        ''',
    }), MOCHA, node=True),
    libraries=("koa", "@koa/router", "mocha", "chai", "supertest"), framework="koa",
    expect=r"AssertionError: expected \+0 to equal 1", **NODE,
)

# --------------------------------------------------------------------------------------------------
# Fastify: 204 drops the body; trailing slash is a different route; an invented schema constraint
# --------------------------------------------------------------------------------------------------
case(
    id="client-fastify-update-204-drops-body",
    label="logic.business.status_code",
    shape="harness-lines",
    source="https://cloud.tencent.com/developer/section/1190126",
    source_kind="docs",
    cause="204 No Content carries no body; when the client is meant to receive the updated resource the "
          "answer has to be 200 with the representation, and a server that replies 204 sends nothing back.",
    rationale="The update route calls reply.code(204).send({ user }); Fastify strips the payload for 204, the "
              "pino request log shows statusCode 204, and the harness expecting 200 with the updated user "
              "prints 'Expected 200 but got 204 for PUT /api/user'.",
    make=with_server(js({
        "package.json": pkg("fastify"),
        "server.js": '''
            const fastify = require('fastify')({ logger: true });
            const user = { email: 'jake@jake.jake', username: 'jake', bio: null, image: null };

            fastify.put('/api/user', async (request, reply) => {
              Object.assign(user, request.body.user);
              return reply.code(204).send({ user });
            });

            fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
        ''',
        "harness.js": HARNESS_JS,
        "api.test.js": '''
            const { test, call, expectStatus, expectEqual, main } = require('./harness');

            test('update bio and read it back from the response', async () => {
              const res = await call('PUT', '/api/user', { json: { user: { bio: 'I like dragons' } } });
              expectStatus(res, 200, 'PUT /api/user');
              expectEqual(res.body.user.bio, 'I like dragons', 'user.bio');
            });

            main();
        ''',
    }), "node server.js", "node api.test.js", node=True),
    libraries=("fastify", "pino"), framework="fastify",
    expect=r"Expected 200 but got 204 for PUT /api/user", **NODE,
)

case(
    id="client-fastify-trailing-slash-404",
    label="framework.wiring.trailing_slash",
    shape="pino-json",
    source="https://unpkg.com/fastify@4.15.0/docs/Reference/Server.md",
    source_kind="docs",
    cause="Fastify's router treats '/foo' and '/foo/' as different paths unless ignoreTrailingSlash is enabled, "
          "so a route declared with a trailing slash does not answer the slash-less URL the client uses.",
    rationale="The profile route is declared as '/api/profiles/:username/' while the client calls "
              "'/api/profiles/jake'; Fastify answers its default 404 'Route GET:/api/profiles/jake not found' "
              "and the pino log records the request with statusCode 404.",
    make=serve(js({
        "package.json": pkg("fastify"),
        "server.js": '''
            const fastify = require('fastify')({ logger: true });

            fastify.get('/api/profiles/:username/', async (request) => ({
              profile: { username: request.params.username, bio: null, image: null, following: false },
            }));

            fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
        ''',
    }), "node server.js", [{"method": "GET", "path": "/api/profiles/jake"}], node=True),
    libraries=("fastify", "pino"), framework="fastify",
    expect=r"Route GET:/api/profiles/jake not found", **NODE,
)

case(
    id="client-fastify-invented-password-minlength",
    label="logic.business.validation",
    shape="jest",
    source="https://jsschools.com/fastify/schemas-body",
    source_kind="blog",
    cause="Fastify validates the body against the route's JSON schema before the handler runs and rejects any "
          "violation with 400; a constraint the specification does not contain (a minimum password length) "
          "turns valid registrations into errors.",
    rationale="The registration schema adds minLength: 8 to password, which the contract never asked for; the "
              "test registering with a 6-character password gets 400 'body/user/password must NOT have fewer "
              "than 8 characters' and jest prints 'expected 201 \"Created\", got 400 \"Bad Request\"'.",
    make=run(js({
        "package.json": pkg("fastify", jest=True),
        "app.js": '''
            const Fastify = require('fastify');

            function build() {
              const app = Fastify();
              app.post('/api/users', {
                schema: {
                  body: {
                    type: 'object',
                    required: ['user'],
                    properties: {
                      user: {
                        type: 'object',
                        required: ['username', 'email', 'password'],
                        properties: {
                          username: { type: 'string' },
                          email: { type: 'string' },
                          password: { type: 'string', minLength: 8 },
                        },
                      },
                    },
                  },
                },
              }, async (request, reply) => {
                const { username, email } = request.body.user;
                reply.code(201);
                return { user: { username, email, token: 'jwt.token.here' } };
              });
              return app;
            }

            module.exports = build;
        ''',
        "register.test.js": '''
            const request = require('supertest');
            const build = require('./app');

            let app;
            beforeAll(async () => { app = build(); await app.ready(); });
            afterAll(() => app.close());

            test('register a user', async () => {
              const res = await request(app.server)
                .post('/api/users')
                .send({ user: { username: 'jake', email: 'jake@jake.jake', password: 'jake12' } });
              if (res.status !== 201) console.log(res.body);
              expect(res.status).toBe(201);
            });
        ''',
    }), JEST, node=True),
    libraries=("fastify", "jest", "supertest"), framework="fastify",
    expect=r"must NOT have fewer than 8 characters", **NODE,
)

# --------------------------------------------------------------------------------------------------
# Hono strict routing; an Express error handler that turns everything into 500; an invented rate limit
# --------------------------------------------------------------------------------------------------
case(
    id="client-hono-strict-trailing-slash-404",
    label="framework.wiring.trailing_slash",
    shape="status-line",
    source="https://hono.dev/middleware/builtin/trailing-slash",
    source_kind="docs",
    cause="Hono routes strictly by default: '/api/tags/' and '/api/tags' are different paths, and nothing "
          "redirects between them unless the trailing-slash middleware is installed.",
    rationale="The app registers '/api/tags/' with a trailing slash while the client requests '/api/tags'; "
              "Hono's default not-found handler answers 404 Not Found, and the server prints nothing.",
    make=serve(js({
        "package.json": pkg("hono", "@hono/node-server", module=True),
        "server.mjs": '''
            import { Hono } from 'hono';
            import { serve } from '@hono/node-server';

            const app = new Hono();
            app.get('/api/tags/', (c) => c.json({ tags: ['dragons', 'training'] }));

            serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
        ''',
    }), "node server.mjs", [{"method": "GET", "path": "/api/tags"}], node=True),
    libraries=("hono", "@hono/node-server"), framework="hono",
    expect=r"GET /api/tags -> 404 Not Found", **NODE,
)

case(
    id="client-express-error-handler-always-500",
    label="logic.business.status_code",
    shape="harness-lines",
    source="https://nodeer.space/questions/handling-errors-efficiently-retrieve-http-status-codes",
    source_kind="qa",
    cause="Express does not derive a status from an error passed to next(err); the error-handling middleware "
          "must read it from the error, and one that always answers 500 turns 'not found' and 'forbidden' "
          "errors into server errors.",
    rationale="The article route passes a NotFoundError carrying status 404 to next(), but the app's error "
              "middleware always sends res.status(500); the harness prints 'Expected 404 but got 500', and the "
              "server's own console.error line is the only log.",
    make=with_server(js({
        "package.json": pkg("express"),
        "server.js": '''
            const express = require('express');
            const app = express();

            class NotFoundError extends Error {
              constructor(what) { super(`${what} not found`); this.status = 404; }
            }

            const articles = { dragons: { slug: 'dragons', title: 'Dragons' } };
            app.get('/api/articles/:slug', (req, res, next) => {
              const article = articles[req.params.slug];
              if (!article) return next(new NotFoundError('article'));
              res.json({ article });
            });

            app.use((err, req, res, next) => {
              console.error(`${req.method} ${req.path}: ${err.message}`);
              res.status(500).json({ errors: { body: [err.message] } });
            });

            app.listen(process.env.PORT, '127.0.0.1', () => console.log(`listening on ${process.env.PORT}`));
        ''',
        "harness.js": HARNESS_JS,
        "api.test.js": '''
            const { test, call, expectStatus, main } = require('./harness');

            test('unknown article is 404', async () => {
              const res = await call('GET', '/api/articles/no-such-article');
              expectStatus(res, 404, 'GET /api/articles/no-such-article');
            });

            main();
        ''',
    }), "node server.js", "node api.test.js", node=True),
    libraries=("express",), framework="express",
    expect=r"Expected 404 but got 500 for GET /api/articles/no-such-article", **NODE,
)

case(
    id="client-express-invented-rate-limit-429",
    label="logic.business.rule",
    shape="jest",
    source="https://lightboxapi.ru/blog/rate-limit-error-testing-api",
    source_kind="blog",
    cause="A request limiter answers 429 Too Many Requests once a client exceeds its quota within the window; "
          "a limit the specification never asked for makes a normal test run exceed it.",
    rationale="app.js adds a home-made limiter of 5 requests per minute per IP to the whole API; the jest suite "
              "that creates several comments in a row gets 429 on the sixth request and fails with 'expected "
              "201 \"Created\", got 429 \"Too Many Requests\"'.",
    make=run(js({
        "package.json": pkg("express", jest=True),
        "app.js": '''
            const express = require('express');
            const app = express();
            app.use(express.json());

            const hits = new Map();
            app.use('/api', (req, res, next) => {
              const now = Date.now();
              const recent = (hits.get(req.ip) || []).filter((t) => now - t < 60_000);
              if (recent.length >= 5) return res.status(429).json({ errors: { body: ['Too many requests'] } });
              recent.push(now);
              hits.set(req.ip, recent);
              next();
            });

            const comments = [];
            app.post('/api/articles/:slug/comments', (req, res) => {
              const comment = { id: comments.length + 1, body: req.body.comment.body };
              comments.push(comment);
              res.status(201).json({ comment });
            });

            module.exports = app;
        ''',
        "comments.test.js": '''
            const request = require('supertest');
            const app = require('./app');

            test.each([1, 2, 3, 4, 5, 6, 7])('add comment %i', async (n) => {
              await request(app).post('/api/articles/dragons/comments').send({ comment: { body: `comment ${n}` } }).expect(201);
            });
        ''',
    }), JEST, node=True),
    libraries=("express", "jest", "supertest"), framework="express",
    expect=r'expected 201 "Created", got 429 "Too Many Requests"', **NODE,
)

case(
    id="client-express-session-cookie-path-scoped",
    label="auth.config",
    shape="mocha",
    source="https://howhttpworks.com/cookies/path",
    source_kind="docs",
    cause="A cookie's Path attribute limits the URLs it is sent to; a session cookie scoped to the login path "
          "is never sent with requests to other API paths, so those requests look unauthenticated.",
    rationale="Login sets the sid cookie with path '/api/users', the path of the login route; supertest's agent, "
              "like a browser, withholds it from GET /api/user, which answers 401, and mocha prints 'expected "
              "200 \"OK\", got 401 \"Unauthorized\"'.",
    make=run(js({
        "package.json": pkg("express"),
        "app.js": '''
            const express = require('express');
            const crypto = require('crypto');
            const app = express();
            app.use(express.json());
            const sessions = new Map();

            app.post('/api/users/login', (req, res) => {
              const { email } = req.body.user;
              const sid = crypto.randomBytes(12).toString('hex');
              sessions.set(sid, { email, username: email.split('@')[0] });
              res.cookie('sid', sid, { httpOnly: true, path: '/api/users' });
              res.json({ user: sessions.get(sid) });
            });

            app.get('/api/user', (req, res) => {
              const m = /(?:^|; )sid=([^;]+)/.exec(req.headers.cookie || '');
              const user = m && sessions.get(m[1]);
              if (!user) return res.status(401).json({ errors: { body: ['not logged in'] } });
              res.json({ user });
            });

            module.exports = app;
        ''',
        "test/session.test.js": '''
            const request = require('supertest');
            const app = require('../app');

            describe('session', () => {
              it('keeps the user logged in after login', async () => {
                const agent = request.agent(app);
                await agent.post('/api/users/login').send({ user: { email: 'jake@jake.jake', password: 'jakejake' } }).expect(200);
                await agent.get('/api/user').expect(200);
              });
            });
        ''',
    }), MOCHA, node=True),
    libraries=("express", "mocha", "supertest"), framework="express",
    expect=r'expected 200 "OK", got 401 "Unauthorized"', **NODE,
)
