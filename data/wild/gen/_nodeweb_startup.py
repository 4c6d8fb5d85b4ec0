"""nodeweb startup situations: the server never gets to listen (syntax, dependencies, entrypoint)."""

from _nodeweb_util import case, ci, pkg, run, serve

EXPRESS_APP_TAIL = """
                const PORT = process.env.PORT || 3000;
                app.listen(PORT, () => console.log(`Conduit API listening on port ${PORT}`));
"""

CASES = [
    case(
        "nodeweb-express-missing-validator",
        "startup.dependency.missing_package", "node-stack",
        "https://jsondevtools.org/errors/cannot-find-module.html", "blog",
        "A bare module name that Node cannot resolve means the package was never installed into node_modules.",
        "server.js requires express-validator at load time; the package is not installed, so node stops with "
        "MODULE_NOT_FOUND naming a bare specifier before app.listen runs.",
        run({
            "package.json": pkg(deps=("express", "express-validator")),
            "server.js": """
                const express = require('express');
                const { body, validationResult } = require('express-validator');

                const app = express();
                app.use(express.json());
                app.post('/api/users', body('user.email').isEmail(), (req, res) => {
                  const errors = validationResult(req);
                  if (!errors.isEmpty()) return res.status(422).json({ errors: errors.array() });
                  res.status(201).json({ user: req.body.user });
                });
            """ + EXPRESS_APP_TAIL,
        }, "node server.js"),
        libs=("express",), fw="express", expect=r"Cannot find module 'express-validator'",
    ),
    case(
        "nodeweb-koa-missing-cors-npm",
        "startup.dependency.missing_package", "npm",
        "https://codeforgeek.com/node-js-cannot-find-module-error-causes-and-fixes-explained/", "blog",
        "The most common cause of Cannot find module is a dependency that is used in code but was never installed.",
        "npm start runs src/index.js, which requires @koa/cors; that package is absent from node_modules, so "
        "the start script exits with MODULE_NOT_FOUND and npm reports the failed lifecycle script.",
        run({
            "package.json": pkg(scripts={"start": "node src/index.js"}, deps=("koa", "@koa/router", "@koa/cors")),
            "src/index.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');
                const cors = require('@koa/cors');

                const app = new Koa();
                const router = new Router({ prefix: '/api' });
                router.get('/tags', (ctx) => { ctx.body = { tags: [] }; });
                app.use(cors());
                app.use(router.routes()).use(router.allowedMethods());
                app.listen(process.env.PORT || 3000);
            """,
        }, "npm start"),
        libs=("koa", "@koa/router"), fw="koa", expect=r"Cannot find module '@koa/cors'",
    ),
    case(
        "nodeweb-fastify-missing-helmet-nodemon",
        "startup.dependency.missing_package", "node-stack",
        "http://www.kouhan.cn/en/article/00022354", "blog",
        "Cannot find module for a package name means Node's resolver found no copy of that package in any "
        "node_modules folder; it has to be installed locally into the project.",
        "Under nodemon, app.js registers @fastify/helmet, which is not installed; node throws MODULE_NOT_FOUND "
        "for the bare package name and nodemon reports the app crashed.",
        serve({
            "package.json": pkg(deps=("fastify", "@fastify/helmet")),
            "app.js": """
                const fastify = require('fastify')({ logger: false });
                fastify.register(require('@fastify/helmet'));
                fastify.get('/api/tags', async () => ({ tags: [] }));
                fastify.listen({ port: Number(process.env.PORT) || 3000, host: '127.0.0.1' });
            """,
        }, "nodemon --no-colours app.js", [{"path": "/api/tags"}], startup=5),
        libs=("fastify", "nodemon"), fw="fastify", expect=r"Cannot find module '@fastify/helmet'[\s\S]*app crashed",
    ),
    case(
        "nodeweb-hono-esm-missing-package-ci",
        "startup.dependency.missing_package", "ci-timestamp",
        "https://www.dev-toolbox.tech/tools/error-code-reference/examples/node-err-module-not-found", "blog",
        "ERR_MODULE_NOT_FOUND from an ESM import of a package name most often means the package is not installed.",
        "The ESM entry imports @hono/zod-validator, which is not in node_modules; the ESM loader stops with "
        "ERR_MODULE_NOT_FOUND 'Cannot find package' in the CI log before the server starts.",
        ci({
            "package.json": pkg(type_module=True, deps=("hono", "@hono/node-server", "@hono/zod-validator")),
            "src/index.js": """
                import { Hono } from 'hono';
                import { serve } from '@hono/node-server';
                import { zValidator } from '@hono/zod-validator';

                const app = new Hono();
                app.get('/api/tags', (c) => c.json({ tags: [] }));
                serve({ fetch: app.fetch, port: Number(process.env.PORT) || 3000 });
            """,
        }, "node src/index.js"),
        libs=("hono", "@hono/node-server"), fw="hono", expect=r"ERR_MODULE_NOT_FOUND[\s\S]*@hono/zod-validator|Cannot find package '@hono/zod-validator'",
    ),
    case(
        "nodeweb-require-esm-only-module",
        "startup.dependency.incompatible", "node-stack",
        "https://javascript-package-publishing.com/core-javascript-package-workflows/esm-and-cjs-interoperability/fixing-err-require-esm-in-node/", "blog",
        "require() is synchronous and CommonJS-only; when it resolves to an ES module, Node versions without "
        "require(esm) refuse with ERR_REQUIRE_ESM.",
        "A CommonJS Express server requires an ES-module file (.mjs) with require(); run as Node 20 releases "
        "before 20.19 behave (require(esm) disabled), the loader throws ERR_REQUIRE_ESM at startup.",
        run({
            "package.json": pkg(deps=("express",)),
            "lib/slugify.mjs": """
                export default function slugify(title) {
                  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/(^-|-$)/g, '');
                }
            """,
            "server.js": """
                const express = require('express');
                const slugify = require('./lib/slugify.mjs');

                const app = express();
                app.use(express.json());
                app.post('/api/articles', (req, res) => {
                  res.status(201).json({ article: { ...req.body.article, slug: slugify(req.body.article.title) } });
                });
            """ + EXPRESS_APP_TAIL,
        }, "node --no-experimental-require-module server.js"),
        libs=("express",), fw="express", expect=r"ERR_REQUIRE_ESM",
    ),
    case(
        "nodeweb-ts-run-with-node-npm",
        "startup.entrypoint.run_script", "npm",
        "https://nodejs-errors.dev/ERR_UNKNOWN_FILE_EXTENSION/", "blog",
        "Node's ESM loader (active under \"type\": \"module\") cannot execute a .ts file without a loader, and "
        "throws ERR_UNKNOWN_FILE_EXTENSION.",
        "package.json has type module and the start script is `node src/server.ts`; Node 20 has no TypeScript "
        "support, so npm start fails with ERR_UNKNOWN_FILE_EXTENSION before any route exists.",
        run({
            "package.json": pkg(type_module=True, scripts={"start": "node src/server.ts"}, deps=("express",)),
            "src/server.ts": """
                import express, { Request, Response } from 'express';

                const app = express();
                app.use(express.json());
                app.get('/api/tags', (_req: Request, res: Response) => res.json({ tags: [] as string[] }));
                app.listen(Number(process.env.PORT) || 3000);
            """,
        }, "npm start"),
        libs=("express",), fw="express", expect=r"ERR_UNKNOWN_FILE_EXTENSION",
    ),
    case(
        "nodeweb-koa-import-in-commonjs-package",
        "startup.syntax", "node-stack",
        "https://nodejs-errors.dev/SyntaxError-Cannot-use-import-statement/", "blog",
        "import statements are only valid in ES modules; a .js file in a package declared (or defaulting to) "
        "CommonJS is parsed by the CJS loader and rejected with a SyntaxError.",
        "package.json (as written by recent npm init) says \"type\": \"commonjs\" while src/index.js uses import; "
        "the CommonJS loader rejects the file with 'Cannot use import statement outside a module'.",
        run({
            "package.json": pkg(type_cjs=True, deps=("koa", "@koa/router")),
            "src/index.js": """
                import Koa from 'koa';
                import Router from '@koa/router';

                const app = new Koa();
                const router = new Router({ prefix: '/api' });
                router.get('/tags', (ctx) => { ctx.body = { tags: [] }; });
                app.use(router.routes());
                app.listen(process.env.PORT || 3000);
            """,
        }, "node src/index.js"),
        libs=("koa", "@koa/router"), fw="koa", expect=r"Cannot use import statement outside a module",
    ),
    case(
        "nodeweb-jest-esm-app-not-transformed",
        "startup.syntax", "jest",
        "https://newbedev.com/syntaxerror-cannot-use-import-statement-outside-a-module", "qa",
        "Code written with import/export is loaded as CommonJS by the runner, which then cannot parse the "
        "import statement.",
        "The Express app uses ESM import syntax but Jest (no transform configured) loads it as CommonJS, so the "
        "suite fails to run with 'Cannot use import statement outside a module' before any request is made.",
        run({
            "package.json": pkg(jest=True, deps=("express",)),
            "src/app.js": """
                import express from 'express';

                const app = express();
                app.use(express.json());
                app.get('/api/tags', (req, res) => res.json({ tags: ['dragons'] }));
                export default app;
            """,
            "tests/tags.test.js": """
                const request = require('supertest');
                const app = require('../src/app');

                describe('GET /api/tags', () => {
                  it('returns the tag list', async () => {
                    const res = await request(app).get('/api/tags');
                    expect(res.status).toBe(200);
                  });
                });
            """,
        }, "jest --ci"),
        libs=("express", "jest", "supertest"), fw="express", expect=r"Cannot use import statement outside a module",
    ),
    case(
        "nodeweb-heredoc-leftover-honcho",
        "startup.syntax", "compose-prefix",
        "https://a.494x.com/learn/errors/unexpected_token/Web/JavaScript/Reference/Errors/Unexpected_token", "docs",
        "An unexpected token error means the parser met a token it cannot fit into the program structure at "
        "that position.",
        "server.js ends with shell text left over from a heredoc (EOF && nohup node ...); the parser stops at "
        "'node' with SyntaxError: Unexpected identifier, so the web process exits under honcho.",
        run({
            "package.json": pkg(deps=("express",)),
            "Procfile": "web: node server.js\n",
            "server.js": """
                const express = require('express');
                const app = express();
                app.use(express.json());
                app.get('/api/tags', (req, res) => res.json({ tags: [] }));
            """ + EXPRESS_APP_TAIL + "                EOF && nohup node server.js > server.log 2>&1 &\n",
        }, "honcho start", timeout=20),
        libs=("express",), fw="express", expect=r"web\.1.*SyntaxError: Unexpected identifier",
    ),
    case(
        "nodeweb-fastify-unexpected-end-of-input",
        "startup.syntax", "node-stack",
        "https://taourl.com/read-3483407.html", "blog",
        "'Unexpected end of input' is raised when a block, call or object is left unclosed and the parser reaches "
        "the end of the file still expecting tokens.",
        "routes/articles.js lost the closing '});' of its route registration; requiring it from app.js throws "
        "SyntaxError: Unexpected end of input pointing at the project file.",
        run({
            "package.json": pkg(deps=("fastify",)),
            "routes/articles.js": """
                module.exports = async function articleRoutes(fastify) {
                  fastify.get('/api/articles', async () => {
                    return { articles: [], articlesCount: 0 };
                  });

                  fastify.post('/api/articles', async (request, reply) => {
                    const { article } = request.body;
                    reply.code(201);
                    return { article };
            """,
            "app.js": """
                const fastify = require('fastify')();
                fastify.register(require('./routes/articles'));
                fastify.listen({ port: Number(process.env.PORT) || 3000 });
            """,
        }, "node app.js"),
        libs=("fastify",), fw="fastify", expect=r"SyntaxError: Unexpected end of input",
    ),
    case(
        "nodeweb-express-eaddrinuse-double-listen",
        "startup.entrypoint.port", "node-stack",
        "https://infraveil.com/guides/fix-eaddrinuse-address-already-in-use", "blog",
        "EADDRINUSE means something is already listening on the port; a common case is two listeners in one "
        "setup wanting the same port.",
        "app.js calls app.listen(PORT) as a side effect and server.js, which requires it, listens on the same "
        "port again; the second bind fails with EADDRINUSE and the process dies.",
        run({
            "package.json": pkg(deps=("express",)),
            "app.js": """
                const express = require('express');
                const app = express();
                app.use(express.json());
                app.get('/api/tags', (req, res) => res.json({ tags: [] }));
                app.listen(process.env.PORT || 3000, () => console.log('app.js listening'));
                module.exports = app;
            """,
            "server.js": """
                const http = require('http');
                const app = require('./app');
                const server = http.createServer(app);
                server.listen(process.env.PORT || 3000, () => console.log('server.js listening'));
            """,
        }, "PORT={PORT} node server.js"),
        libs=("express",), fw="express", expect=r"EADDRINUSE",
    ),
    case(
        "nodeweb-fastify-eaddrinuse-stale-pino",
        "startup.entrypoint.port", "pino-json",
        "https://nark.sh/profiles/fastify", "blog",
        "fastify.listen() fails with EADDRINUSE when another process, such as a previous instance that never "
        "shut down, still holds the port.",
        "A stale node process still holds the port when the Fastify server starts; listen() rejects with "
        "EADDRINUSE, which the app logs through pino as a JSON error line before exiting.",
        run({
            "package.json": pkg(deps=("fastify",)),
            "server.js": """
                const fastify = require('fastify')({ logger: true });
                fastify.get('/api/tags', async () => ({ tags: [] }));
                const start = async () => {
                  try {
                    await fastify.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
                  } catch (err) {
                    fastify.log.error(err);
                    process.exit(1);
                  }
                };
                start();
            """,
        }, "node -e \"require('http').createServer().listen({PORT},'127.0.0.1')\" & BG=$!; sleep 1.5; "
           "PORT={PORT} node server.js; kill $BG"),
        libs=("fastify", "pino"), fw="fastify", expect=r'"level":50.*EADDRINUSE',
    ),
    case(
        "nodeweb-express-app-exported-in-object",
        "startup.entrypoint.app_object", "node-stack",
        "https://node-js.developreference.com/article/11539864/What+does+const+app+require+module+indicate+in+node+js+duplicate", "qa",
        "require('./x') returns the whole module.exports value, while const { app } = require('./x') picks one "
        "property; mixing the two forms gives the wrong object.",
        "app.js exports { app } but server.js does const app = require('./app') and calls app.listen, which is "
        "undefined on the wrapper object: TypeError: app.listen is not a function at startup.",
        run({
            "package.json": pkg(deps=("express",)),
            "app.js": """
                const express = require('express');
                const app = express();
                app.use(express.json());
                app.get('/api/tags', (req, res) => res.json({ tags: [] }));
                module.exports = { app };
            """,
            "server.js": """
                const app = require('./app');
                const PORT = process.env.PORT || 3000;
                app.listen(PORT, () => console.log(`listening on ${PORT}`));
            """,
        }, "node server.js"),
        libs=("express",), fw="express", expect=r"app\.listen is not a function",
    ),
    case(
        "nodeweb-hono-export-default-under-node",
        "startup.entrypoint.app_object", "status-line",
        "https://npmjs.com/package/@hono/node-server", "docs",
        "Hono was built for runtimes that serve an exported fetch handler; on Node the app must be passed to "
        "@hono/node-server's serve() to get an HTTP server.",
        "src/index.js only does `export default app` (the Bun/Workers form); node evaluates the module and "
        "exits cleanly, nothing listens, and every client request gets no response.",
        serve({
            "package.json": pkg(type_module=True, scripts={"start": "node src/index.js"}, deps=("hono",)),
            "src/index.js": """
                import { Hono } from 'hono';

                const app = new Hono().basePath('/api');
                app.get('/tags', (c) => c.json({ tags: [] }));
                app.get('/articles', (c) => c.json({ articles: [], articlesCount: 0 }));

                export default {
                  port: Number(process.env.PORT) || 3000,
                  fetch: app.fetch,
                };
            """,
        }, "node src/index.js", [{"path": "/api/tags"}, {"path": "/api/articles"}], startup=3),
        libs=("hono",), fw="hono", expect=r"no response",
    ),
    case(
        "nodeweb-npm-missing-start-script",
        "startup.entrypoint.run_script", "npm",
        "https://docs.w3cub.com/npm/cli/v8/commands/npm-start.html", "docs",
        "npm start runs the scripts.start command; without one it falls back to `node server.js`, and when that "
        "file does not exist either npm reports the script as missing.",
        "package.json has only a dev script and the entry is src/app.js (no server.js), so the harness's "
        "`npm start` fails with Missing script: \"start\" and nothing runs.",
        run({
            "package.json": pkg(scripts={"dev": "nodemon src/app.js"}, deps=("koa",)),
            "src/app.js": """
                const Koa = require('koa');
                const app = new Koa();
                app.use((ctx) => { ctx.body = { tags: [] }; });
                app.listen(process.env.PORT || 3000);
            """,
        }, "npm start"),
        libs=("koa",), fw="koa", expect=r'Missing script: "start"',
    ),
    case(
        "nodeweb-npm-start-wrong-entry-path",
        "startup.entrypoint.run_script", "npm",
        "https://www.tutorialshub.be/en/nodejs-cannot-find-module-error-complete-fix-guide", "blog",
        "Cannot find module for an absolute project path means the command points at a file that does not exist "
        "where it is run, e.g. a start script naming the wrong entry file.",
        "The start script runs `node index.js` but the server lives in src/index.js; node fails with "
        "Cannot find module '/srv/app/index.js' and npm start exits.",
        run({
            "package.json": pkg(scripts={"start": "node index.js"}, main="src/index.js", deps=("express",)),
            "src/index.js": """
                const express = require('express');
                const app = express();
                app.get('/api/tags', (req, res) => res.json({ tags: [] }));
            """ + EXPRESS_APP_TAIL,
        }, "npm start"),
        libs=("express",), fw="express", expect=r"Cannot find module '/srv/app/index\.js'",
    ),
    case(
        "nodeweb-uuid-deep-import-not-exported",
        "startup.dependency.incompatible", "node-stack",
        "https://nodejs-errors.dev/ERR_PACKAGE_PATH_NOT_EXPORTED/", "blog",
        "Packages with an exports map block deep imports; uuid's old `uuid/v4` path is not exported by newer "
        "uuid versions, giving ERR_PACKAGE_PATH_NOT_EXPORTED.",
        "models/article.js does require('uuid/v4') (the uuid 3 style) against uuid 8, whose exports map has no "
        "./v4 subpath, so the server crashes at load with ERR_PACKAGE_PATH_NOT_EXPORTED.",
        run({
            "package.json": pkg(deps=("express", "uuid")),
            "models/article.js": """
                const uuidv4 = require('uuid/v4');
                const articles = new Map();
                exports.create = (data) => {
                  const article = { id: uuidv4(), ...data };
                  articles.set(article.id, article);
                  return article;
                };
            """,
            "server.js": """
                const express = require('express');
                const Article = require('./models/article');
                const app = express();
                app.use(express.json());
                app.post('/api/articles', (req, res) => res.status(201).json({ article: Article.create(req.body.article) }));
            """ + EXPRESS_APP_TAIL,
        }, "node server.js"),
        libs=("express", "uuid"), fw="express", expect=r"ERR_PACKAGE_PATH_NOT_EXPORTED",
    ),
    case(
        "nodeweb-fastify5-variadic-listen",
        "startup.dependency.incompatible", "node-stack",
        "https://fastify.dev/docs/latest/Guides/Migration-Guide-V5", "docs",
        "Fastify 5 removed everything deprecated in v4, including the variadic listen(port, host, callback) "
        "signature; listen() now takes a single options object.",
        "server.js calls fastify.listen(port, '0.0.0.0', cb) as older tutorials do; Fastify 5 treats the port "
        "number as the options object and crashes with a TypeError inside lib/server.js.",
        run({
            "package.json": pkg(deps=("fastify",)),
            "server.js": """
                const fastify = require('fastify')();
                fastify.get('/api/tags', async () => ({ tags: [] }));
                const port = Number(process.env.PORT) || 3000;
                fastify.listen(port, '0.0.0.0', (err, address) => {
                  if (err) { console.error(err); process.exit(1); }
                  console.log(`Server listening at ${address}`);
                });
            """,
        }, "node server.js"),
        libs=("fastify",), fw="fastify", expect=r"Cannot create property 'host' on number",
    ),
    case(
        "nodeweb-missing-database-url-crash",
        "startup.init_error", "node-stack",
        "https://aidevhub.ai/blog/nodejs-jwt-secret-undefined-import-order/", "blog",
        "Configuration read from process.env at module top level is undefined when the variable is not set "
        "(or loaded later), and code using it fails as the module loads.",
        "db.js builds new URL(process.env.DATABASE_URL) at import time; the variable is not set in the run "
        "environment, so node crashes with ERR_INVALID_URL before the server listens.",
        run({
            "package.json": pkg(deps=("express",)),
            "db.js": """
                const url = new URL(process.env.DATABASE_URL);
                module.exports = {
                  host: url.hostname,
                  port: Number(url.port) || 5432,
                  database: url.pathname.slice(1),
                };
            """,
            "server.js": """
                const express = require('express');
                const db = require('./db');
                const app = express();
                app.get('/api/health', (req, res) => res.json({ ok: true, db: db.database }));
            """ + EXPRESS_APP_TAIL,
        }, "env -u DATABASE_URL node server.js"),
        libs=("express",), fw="express", expect=r"ERR_INVALID_URL",
    ),
    case(
        "nodeweb-pg-econnrefused-before-listen",
        "startup.database", "node-stack",
        "https://errordex.in/postgres/connection-refused", "blog",
        "ECONNREFUSED on the PostgreSQL port means nothing is listening there: the database server is not "
        "running, or runs on another host or port than the one configured.",
        "server.js checks the pool with SELECT 1 before app.listen; DATABASE_URL points at a port where no "
        "PostgreSQL runs, so pg rejects with connect ECONNREFUSED and the bootstrap exits before listening.",
        run({
            "package.json": pkg(deps=("express", "pg")),
            "db.js": """
                const { Pool } = require('pg');
                module.exports = new Pool({ connectionString: process.env.DATABASE_URL });
            """,
            "server.js": """
                const express = require('express');
                const pool = require('./db');
                const app = express();
                app.get('/api/tags', async (req, res) => {
                  const { rows } = await pool.query('SELECT name FROM tags');
                  res.json({ tags: rows.map((r) => r.name) });
                });

                async function main() {
                  await pool.query('SELECT 1');
                  app.listen(process.env.PORT || 3000, () => console.log('listening'));
                }
                main().catch((err) => {
                  console.error('Failed to start server:', err);
                  process.exit(1);
                });
            """,
        }, "DATABASE_URL=postgres://conduit:conduit@127.0.0.1:{PORT}/conduit node server.js"),
        libs=("express", "pg"), fw="express", db="postgres", expect=r"ECONNREFUSED 127\.0\.0\.1",
    ),
    case(
        "nodeweb-koa-type-annotations-in-js-npm",
        "startup.syntax", "npm",
        "https://web-tau-bice-50.vercel.app/item/43334687", "qa",
        "TypeScript type syntax is not JavaScript; a file containing type annotations cannot be run by Node "
        "without a compile or type-stripping step.",
        "src/routes/articles.js (a .js file run by node) contains TypeScript parameter annotations such as "
        "(ctx: Context); npm start fails with 'SyntaxError: missing ) after argument list' pointing at the annotation.",
        run({
            "package.json": pkg(scripts={"start": "node src/index.js"}, deps=("koa", "@koa/router")),
            "src/routes/articles.js": """
                const Router = require('@koa/router');
                const router = new Router({ prefix: '/api/articles' });

                router.get('/', async (ctx: Context) => {
                  ctx.body = { articles: [], articlesCount: 0 };
                });

                module.exports = router;
            """,
            "src/index.js": """
                const Koa = require('koa');
                const articles = require('./routes/articles');
                const app = new Koa();
                app.use(articles.routes());
                app.listen(process.env.PORT || 3000);
            """,
        }, "npm start"),
        libs=("koa", "@koa/router"), fw="koa", expect=r"SyntaxError: missing \) after argument list",
    ),
]
