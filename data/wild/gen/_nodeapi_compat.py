"""nodeapi: incompatible versions and missing packages (Express 5 removals, Node 20 gaps, ESM-only packages, drivers)."""

from _nodeapi_kit import case, pkg, run, serve

EXPRESS5_MIGRATION = "https://expressjs.com/en/guide/migrating-5/?ref=blogs.halodoc.io"

CASES = [
    case(
        "nodeapi-express5-wildcard-missing-parameter-name",
        "startup.dependency.incompatible", "node-stack",
        "https://openillumi.com/en/en-express-5-routing-wildcard-typeerror", "blog",
        "Express 5 moved to a new path-to-regexp major in which a bare '*' is an unnamed parameter; a catch-all "
        "route written the Express 4 way throws 'Missing parameter name' when it is registered.",
        "package.json resolves express to 5.x; app.js ends with the Express 4 style catch-all app.all('*', ...) "
        "for the 404 JSON handler, and path-to-regexp throws TypeError: Missing parameter name while the route "
        "is being registered, so node exits before app.listen.",
        run({
            "package.json": pkg(deps=("express",)),
            "app.js": """
                const express = require('express');

                const app = express();
                app.use(express.json());

                const articles = [];
                app.get('/api/articles', (req, res) => res.json({ articles, articlesCount: articles.length }));

                // anything else is a JSON 404
                app.all('*', (req, res) => {
                  res.status(404).json({ errors: { body: [`Cannot ${req.method} ${req.originalUrl}`] } });
                });

                const PORT = process.env.PORT || 3000;
                app.listen(PORT, () => console.log(`API listening on ${PORT}`));
            """,
        }, "node app.js", express5=True),
        libs=("express",), fw="express", expect=r"Missing parameter name at index 1",
    ),
    case(
        "nodeapi-express5-optional-param-question-mark",
        "startup.dependency.incompatible", "npm",
        "https://www.devcraftly.com/express/route-paths-patterns", "blog",
        "Express 5's path matcher no longer accepts the '?', '+', '*' and '()' pattern characters in string "
        "paths; an optional parameter has to be written with braces, so '/:id?' is rejected.",
        "The router declares GET /api/profiles/:username? (Express 4 optional-parameter syntax) while the "
        "installed express is 5.x; path-to-regexp throws 'Unexpected ? at index ...' when routes/profiles.js "
        "is loaded and npm start fails.",
        run({
            "package.json": pkg(deps=("express",), scripts={"start": "node src/server.js"}),
            "src/routes/profiles.js": """
                const { Router } = require('express');

                const router = Router();
                const profiles = new Map([['jake', { username: 'jake', bio: null, following: false }]]);

                router.get('/profiles/:username?', (req, res) => {
                  if (!req.params.username) return res.json({ profiles: [...profiles.values()] });
                  const profile = profiles.get(req.params.username);
                  if (!profile) return res.status(404).json({ errors: { body: ['profile not found'] } });
                  res.json({ profile });
                });

                module.exports = router;
            """,
            "src/server.js": """
                const express = require('express');
                const profiles = require('./routes/profiles');

                const app = express();
                app.use(express.json());
                app.use('/api', profiles);
                app.listen(process.env.PORT || 3000, () => console.log('listening'));
            """,
        }, "npm start", express5=True),
        libs=("express",), fw="express", expect=r"Unexpected \? at index",
    ),
    case(
        "nodeapi-express5-req-param-removed-mocha",
        "startup.dependency.incompatible", "mocha",
        EXPRESS5_MIGRATION, "docs",
        "req.param(name), deprecated since Express 4, is removed in Express 5; code that still calls it gets "
        "'req.param is not a function' at request time.",
        "The article handler reads the slug with req.param('slug'); under Express 5 the request object has no "
        "param method, the handler throws TypeError: req.param is not a function, Express's final handler "
        "prints the stack, and the mocha+supertest check receives 500.",
        run({
            "package.json": pkg(deps=("express",)),
            "app.js": """
                const express = require('express');

                const app = express();
                app.use(express.json());
                const articles = { 'how-to-train-your-dragon': { slug: 'how-to-train-your-dragon', title: 'How to train your dragon' } };

                app.get('/api/articles/:slug', (req, res) => {
                  const article = articles[req.param('slug')];
                  if (!article) return res.status(404).json({ errors: { body: ['article not found'] } });
                  res.json({ article });
                });

                module.exports = app;
            """,
            "test/articles.spec.js": """
                const request = require('supertest');
                const app = require('../app');

                describe('GET /api/articles/:slug', () => {
                  it('returns the article', async () => {
                    await request(app).get('/api/articles/how-to-train-your-dragon').expect(200);
                  });
                });
            """,
        }, "mocha --no-colors", express5=True),
        libs=("express", "mocha", "supertest"), fw="express", expect=r"req\.param is not a function",
    ),
    case(
        "nodeapi-express5-app-del-removed-ci",
        "startup.dependency.incompatible", "ci-timestamp",
        EXPRESS5_MIGRATION, "docs",
        "app.del() was an alias kept for old code; Express 5 removed it, so registering a DELETE route with it "
        "throws because the method no longer exists.",
        "routes register the DELETE endpoint with app.del(...) (old Express idiom); with express 5.x installed "
        "the call throws TypeError: app.del is not a function while the app module loads, as the CI log shows.",
        run({
            "package.json": pkg(deps=("express",)),
            "server.js": """
                const express = require('express');

                const app = express();
                app.use(express.json());
                const comments = new Map();

                app.get('/api/articles/:slug/comments', (req, res) => {
                  res.json({ comments: [...comments.values()].filter((c) => c.slug === req.params.slug) });
                });
                app.del('/api/articles/:slug/comments/:id', (req, res) => {
                  comments.delete(Number(req.params.id));
                  res.status(204).end();
                });

                app.listen(process.env.PORT || 3000, () => console.log('comments API up'));
            """,
        }, "node server.js", express5=True, ci=True),
        libs=("express",), fw="express", expect=r"app\.del is not a function",
    ),
    case(
        "nodeapi-express5-res-send-status-number",
        "startup.dependency.incompatible", "status-line",
        EXPRESS5_MIGRATION, "docs",
        "Express 5 dropped res.send(status): a number passed to res.send is no longer taken as the status code, "
        "so the reply goes out as 200 with the number as its body; res.sendStatus is the replacement.",
        "The lookup handler answers a missing article with res.send(404) as Express 3/4 code did; under "
        "Express 5 that sends status 200 with the body '404', so the client sees 200 OK for an unknown slug.",
        serve({
            "package.json": pkg(deps=("express",)),
            "server.js": """
                const express = require('express');

                const app = express();
                const articles = new Map([['welcome', { slug: 'welcome', title: 'Welcome' }]]);

                app.get('/api/articles/:slug', (req, res) => {
                  const article = articles.get(req.params.slug);
                  if (!article) return res.send(404);
                  res.json({ article });
                });

                app.listen(process.env.PORT || 3000, () => console.log(`listening on ${process.env.PORT || 3000}`));
            """,
        }, "node server.js", [{"path": "/api/articles/welcome"}, {"path": "/api/articles/no-such-article"}], express5=True),
        libs=("express",), fw="express", expect=r"no-such-article -> 200 OK\n404",
    ),
    case(
        "nodeapi-express5-req-query-readonly",
        "startup.dependency.incompatible", "node-stack",
        "https://gist.521000.best/mmyoji/94c1270993a8367e46757435be89880f", "blog",
        "In Express 5 req.query is a getter with no setter; middleware that assigns a new object to req.query "
        "(to coerce or default query values) throws a TypeError in strict-mode code.",
        "An ES-module middleware normalises pagination by assigning req.query = {...}; under Express 5 the "
        "property is getter-only, the assignment throws 'Cannot set property query of #<IncomingMessage> which "
        "has only a getter', and every list request answers 500 with the stack in the server log.",
        serve({
            "package.json": pkg(module=True, deps=("express",)),
            "src/middleware/paginate.js": """
                export function paginate(req, res, next) {
                  const limit = Math.min(Number(req.query.limit) || 20, 100);
                  const offset = Number(req.query.offset) || 0;
                  req.query = { ...req.query, limit, offset };
                  next();
                }
            """,
            "src/index.js": """
                import express from 'express';
                import { paginate } from './middleware/paginate.js';

                const app = express();
                const articles = Array.from({ length: 3 }, (_, i) => ({ slug: `post-${i}` }));

                app.get('/api/articles', paginate, (req, res) => {
                  const { limit, offset } = req.query;
                  res.json({ articles: articles.slice(offset, offset + limit), articlesCount: articles.length });
                });

                app.listen(process.env.PORT || 3000, () => console.log('listening'));
            """,
        }, "node src/index.js", [{"path": "/api/articles?limit=2"}], express5=True),
        libs=("express",), fw="express", expect=r"Cannot set property query of #<IncomingMessage> which has only a getter",
    ),
    case(
        "nodeapi-node20-object-groupby-pino",
        "startup.dependency.incompatible", "pino-json",
        "https://jsschools.com/js/reference/object/groupBy", "docs",
        "Object.groupBy is an ES2024 addition that Node.js ships from version 21; on Node 20 the static method "
        "does not exist and calling it throws 'Object.groupBy is not a function'.",
        "The tag-cloud route groups articles with Object.groupBy, written for a newer runtime; the server runs on "
        "Node 20, so the Fastify handler throws TypeError: Object.groupBy is not a function and pino logs a 500.",
        serve({
            "package.json": pkg(deps=("fastify",)),
            "server.js": """
                const fastify = require('fastify')({ logger: true });

                const articles = [
                  { slug: 'intro-to-dragons', tag: 'dragons' },
                  { slug: 'training-day', tag: 'training' },
                  { slug: 'dragon-care', tag: 'dragons' },
                ];

                fastify.get('/api/tags/summary', async () => {
                  const byTag = Object.groupBy(articles, (a) => a.tag);
                  return { tags: Object.entries(byTag).map(([tag, list]) => ({ tag, count: list.length })) };
                });

                fastify.listen({ port: Number(process.env.PORT) || 3000, host: '127.0.0.1' });
            """,
        }, "node server.js", [{"path": "/api/tags/summary"}]),
        libs=("fastify", "pino"), fw="fastify", expect=r"Object\.groupBy is not a function",
    ),
    case(
        "nodeapi-jest-esm-only-nanoid",
        "startup.dependency.incompatible", "jest",
        "https://nexmoe.com/1HA2ZHS", "blog",
        "Jest runs CommonJS and by default does not transform node_modules, so a dependency published only as ES "
        "modules fails to parse inside the test run.",
        "The Express app requires nanoid (v5, ESM-only) to build article slugs; node itself can load it, but "
        "under jest the package's export syntax is not transformed and the suite fails with 'Jest encountered an "
        "unexpected token' before any request runs.",
        run({
            "package.json": pkg(deps=("express", "nanoid"), jest=True),
            "src/app.js": """
                const express = require('express');
                const { nanoid } = require('nanoid');

                const app = express();
                app.use(express.json());
                const articles = [];

                app.post('/api/articles', (req, res) => {
                  const { title, body } = req.body.article || {};
                  const slug = `${title.toLowerCase().replace(/\\s+/g, '-')}-${nanoid(6)}`;
                  const article = { slug, title, body };
                  articles.push(article);
                  res.status(201).json({ article });
                });

                module.exports = app;
            """,
            "tests/articles.test.js": """
                const request = require('supertest');
                const app = require('../src/app');

                test('POST /api/articles creates an article with a slug', async () => {
                  const res = await request(app).post('/api/articles').send({ article: { title: 'Hello World', body: 'x' } });
                  expect(res.status).toBe(201);
                  expect(res.body.article.slug).toMatch(/^hello-world-/);
                });
            """,
        }, "jest --ci"),
        libs=("express", "jest", "supertest"), fw="express", expect=r"Jest encountered an unexpected token",
    ),
    case(
        "nodeapi-nest-validationpipe-class-validator-missing",
        "startup.dependency.missing_package", "nest",
        "https://www.nextround.in/NestJS/Pipes/69c0f7d7dbe9d83394b3c2af", "blog",
        "Nest's ValidationPipe relies on class-validator and class-transformer, which Nest does not bundle; "
        "both have to be installed in the project.",
        "main.ts installs a global ValidationPipe, but class-validator and class-transformer are not in "
        "node_modules; Nest's PackageLoader logs that the class-validator package is missing and the process "
        "exits during bootstrap.",
        run({
            "package.json": pkg(deps=("@nestjs/core", "@nestjs/common", "@nestjs/platform-express", "reflect-metadata", "rxjs")),
            "tsconfig.json": """{
  "compilerOptions": {
    "module": "commonjs", "target": "ES2021", "experimentalDecorators": true, "emitDecoratorMetadata": true,
    "outDir": "dist", "rootDir": "src", "skipLibCheck": true, "esModuleInterop": true, "strict": false
  }
}
""",
            "src/users.controller.ts": """
                import { Body, Controller, Post } from '@nestjs/common';

                export class CreateUserDto {
                  email: string;
                  username: string;
                  password: string;
                }

                @Controller('users')
                export class UsersController {
                  @Post()
                  create(@Body('user') dto: CreateUserDto) {
                    return { user: { email: dto.email, username: dto.username, token: 'x' } };
                  }
                }
            """,
            "src/app.module.ts": """
                import { Module } from '@nestjs/common';
                import { UsersController } from './users.controller';

                @Module({ controllers: [UsersController] })
                export class AppModule {}
            """,
            "src/main.ts": """
                import 'reflect-metadata';
                import { ValidationPipe } from '@nestjs/common';
                import { NestFactory } from '@nestjs/core';
                import { AppModule } from './app.module';

                async function bootstrap() {
                  const app = await NestFactory.create(AppModule);
                  app.setGlobalPrefix('api');
                  app.useGlobalPipes(new ValidationPipe({ whitelist: true }));
                  await app.listen(process.env.PORT || 3000);
                }
                bootstrap();
            """,
        }, "tsc -p . && PORT={PORT} timeout 8 node dist/main.js", timeout=90, env={"NO_COLOR": "1"}),
        libs=("@nestjs/core", "@nestjs/common", "typescript"), fw="nestjs", expect=r"The \"class-validator\" package is missing",
    ),
    case(
        "nodeapi-sequelize-mysql-dialect-driver-missing-ci",
        "startup.dependency.missing_package", "ci-timestamp",
        "https://mycleverai.com/it-questions/why-do-i-need-to-install-the-mysql2-package-manually-for-sequelize", "qa",
        "Sequelize does not bundle database drivers; with dialect 'mysql' it loads the mysql2 package, which the "
        "project has to install itself.",
        "db.js builds the Sequelize instance with dialect 'mysql' (the generated config), but only sequelize is "
        "installed; the constructor fails with 'Please install mysql2 package manually' in the CI job's start step.",
        run({
            "package.json": pkg(deps=("express", "sequelize")),
            "src/db.js": """
                const { Sequelize, DataTypes } = require('sequelize');

                const sequelize = new Sequelize(process.env.DB_NAME || 'conduit', process.env.DB_USER || 'root', process.env.DB_PASS || '', {
                  host: process.env.DB_HOST || '127.0.0.1',
                  dialect: 'mysql',
                  logging: false,
                });

                const User = sequelize.define('User', {
                  email: { type: DataTypes.STRING, unique: true },
                  username: DataTypes.STRING,
                });

                module.exports = { sequelize, User };
            """,
            "src/server.js": """
                const express = require('express');
                const { sequelize, User } = require('./db');

                const app = express();
                app.use(express.json());
                app.get('/api/users', async (req, res) => res.json({ users: await User.findAll() }));

                sequelize.sync().then(() => app.listen(process.env.PORT || 3000));
            """,
        }, "node src/server.js", ci=True),
        libs=("sequelize", "express"), fw="express", db="mysql", expect=r"Please install mysql2 package manually",
    ),
]
