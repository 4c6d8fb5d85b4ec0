"""nodeapi: the server cannot start or be reached (entrypoints, ports, databases, startup code)."""

from _nodeapi_kit import case, fill, pkg, prep, run, serve
from capture import postgres, status_lines

CASES = [
    case(
        "nodeapi-express-hardcoded-port-ignores-env",
        "startup.entrypoint.port", "status-line",
        "https://sqlpey.com/nodejs/fixing-heroku-r10-boot-timeout-dynamic-port-binding", "blog",
        "Hosting platforms and test harnesses pass the port to use in the PORT environment variable; a server "
        "that hard-codes its listen port never binds the port it is expected on.",
        "server.js calls app.listen with a literal port and never reads process.env.PORT; the process starts and "
        "logs its own port, but nothing answers on the port the harness assigned, so every request gets no response.",
        serve({
            "package.json": pkg(deps=("express",)),
            "server.js": """
                const express = require('express');

                const app = express();
                app.use(express.json());
                app.get('/api/tags', (req, res) => res.json({ tags: ['dragons'] }));

                app.listen({FIXED_PORT}, () => console.log('Server running on http://localhost:{FIXED_PORT}'));
            """,
        }, "node server.js", [{"path": "/api/tags"}], startup=5, setup=fill("server.js")),
        libs=("express",), fw="express", expect=r"GET /api/tags -> no response",
    ),
    case(
        "nodeapi-npm-start-runs-app-module-without-listen",
        "startup.entrypoint.run_script", "npm",
        "https://www.phusionpassenger.com/docs/advanced_guides/in_depth/node/reverse_port_binding.html", "docs",
        "A Node web app only serves once some module calls listen(); if the process is started from a file that "
        "never does (the wrong startup file), nothing ever binds a port.",
        "The project splits app.js (builds and exports the Express app) from server.js (calls listen), but the "
        "npm start script runs app.js; node loads the routes, has nothing left to do and exits 0, so the client "
        "gets no response.",
        serve({
            "package.json": pkg(deps=("express",), scripts={"start": "node src/app.js"}, main="src/server.js"),
            "src/app.js": """
                const express = require('express');

                const app = express();
                app.use(express.json());
                app.get('/api/articles', (req, res) => res.json({ articles: [], articlesCount: 0 }));

                module.exports = app;
            """,
            "src/server.js": """
                const app = require('./app');

                const PORT = process.env.PORT || 3000;
                app.listen(PORT, () => console.log(`Listening on ${PORT}`));
            """,
        }, "npm start", [{"path": "/api/articles"}], startup=6),
        libs=("express",), fw="express", expect=r"GET /api/articles -> no response",
    ),
    case(
        "nodeapi-honcho-worker-imports-listening-app",
        "startup.entrypoint.port", "compose-prefix",
        "https://good-code-bad-code.pages.dev/tracks/nodejs/runtime-boundaries-entry-points", "blog",
        "A module that calls listen() when it is imported opens the socket in every process that requires it; "
        "workers and scripts that only need the app's code then try to bind the same port.",
        "The Procfile runs web (server.js) and worker (jobs.js); jobs.js requires ./server for the shared db "
        "helpers, which also runs app.listen on the configured API_PORT, so the worker dies with EADDRINUSE and "
        "honcho stops the whole formation.",
        run({
            "package.json": pkg(deps=("express",)),
            "Procfile": "web: node server.js\nworker: sleep 1 && node jobs.js\n",
            ".env": "API_PORT={PORT}\n",
            "server.js": """
                const express = require('express');

                const app = express();
                const db = { articles: [{ slug: 'welcome', favoritesCount: 0 }] };
                app.get('/api/articles', (req, res) => res.json({ articles: db.articles }));

                const port = process.env.API_PORT || 3000;
                app.listen(port, () => console.log(`api listening on ${port}`));

                module.exports = { app, db };
            """,
            "jobs.js": """
                const { db } = require('./server');

                setInterval(() => {
                  for (const a of db.articles) a.favoritesCount += 0;
                  console.log('recomputed favourite counts');
                }, 1000);
            """,
        }, "timeout 8 honcho start", setup=fill(".env")),
        libs=("express", "honcho"), fw="express", expect=r"EADDRINUSE",
    ),
    case(
        "nodeapi-node-dot-main-field-missing-file",
        "startup.entrypoint.run_script", "node-stack",
        "https://deverrors.com/errors/node-main-field-missing-package", "blog",
        "When a package is started as a directory (node .), Node loads the file named by package.json 'main'; "
        "if that file does not exist the module cannot be resolved.",
        "package.json still says \"main\": \"index.js\" after the entry moved to src/server.js; the container runs "
        "`node .`, and Node fails with Cannot find module, asking to verify the package.json main entry.",
        run({
            "package.json": pkg(deps=("koa", "@koa/router"), main="index.js"),
            "src/server.js": """
                const Koa = require('koa');
                const Router = require('@koa/router');

                const app = new Koa();
                const router = new Router({ prefix: '/api' });
                router.get('/tags', (ctx) => { ctx.body = { tags: [] }; });
                app.use(router.routes());
                app.listen(process.env.PORT || 3000);
            """,
        }, "node ."),
        libs=("koa", "@koa/router"), fw="koa", expect=r'Please verify that the package\.json has a valid "main" entry',
    ),
    case(
        "nodeapi-knex-migrate-econnrefused-ci",
        "startup.database", "ci-timestamp",
        "https://allstak.sa/en/learn/postgresql-connection-refused", "blog",
        "'Connection refused' is a TCP-level rejection: nothing listens on the PostgreSQL host and port the "
        "client used, so the server is not running there or listens elsewhere.",
        "The CI job runs `npm run migrate` before the PostgreSQL service is available (DATABASE_URL unset, so "
        "knexfile falls back to 127.0.0.1:5432 where nothing listens); the knex CLI fails with connect "
        "ECONNREFUSED 127.0.0.1:5432.",
        run({
            "package.json": pkg(deps=("knex", "pg"), scripts={"migrate": "knex migrate:latest"}),
            "knexfile.js": """
                module.exports = {
                  client: 'pg',
                  connection: process.env.DATABASE_URL || 'postgres://postgres:postgres@127.0.0.1:5432/conduit',
                  pool: { min: 0, max: 5 },
                  acquireConnectionTimeout: 5000,
                  migrations: { directory: './migrations' },
                };
            """,
            "migrations/20240101000000_create_users.js": """
                exports.up = (knex) => knex.schema.createTable('users', (t) => {
                  t.increments('id');
                  t.string('email').notNullable().unique();
                  t.string('username').notNullable().unique();
                  t.string('password_hash').notNullable();
                });
                exports.down = (knex) => knex.schema.dropTable('users');
            """,
        }, "npm run migrate", ci=True, env={"DATABASE_URL": ""}),
        libs=("knex", "pg"), db="postgres", expect=r"ECONNREFUSED 127\.0\.0\.1:5432",
    ),
    case(
        "nodeapi-pg-ssl-required-against-local-server",
        "startup.database", "node-unhandled-rejection",
        "https://armordb.org/blog/fix-postgresql-connection-string-sslmode-error", "blog",
        "An SSL setting that does not match the server breaks the connection at startup: a client that insists "
        "on TLS cannot connect to a PostgreSQL server that has SSL turned off.",
        "db.js hard-codes ssl: { rejectUnauthorized: false } (copied from a hosted-database setup) while the "
        "local PostgreSQL runs without SSL; the first pool.query rejects with 'The server does not support SSL "
        "connections' and the unhandled rejection kills the process before it listens.",
        None,
        libs=("pg", "express"), fw="express", db="postgres", expect=r"The server does not support SSL connections",
    ),
    case(
        "nodeapi-jwt-key-relative-path-enoent",
        "startup.init_error", "npm",
        "https://bennadel.com/blog/3244-non-module-file-paths-are-relative-to-the-working-directory-in-node-js.htm", "blog",
        "Paths given to fs functions are resolved against the process working directory, not the file that "
        "contains the call, so a relative path breaks when the process is started from another directory.",
        "src/auth/keys.js reads '../../keys/jwt-private.pem' relative to its own folder, but fs resolves it "
        "against the project root where npm start runs; readFileSync throws ENOENT while the module loads and "
        "the server never starts.",
        run({
            "package.json": pkg(deps=("express", "jsonwebtoken"), scripts={"start": "node src/server.js"}),
            "keys/jwt-private.pem": "-----BEGIN PRIVATE KEY-----\nplaceholder\n-----END PRIVATE KEY-----\n",
            "src/auth/keys.js": """
                const fs = require('fs');

                // keys/ sits two levels up from this file
                const privateKey = fs.readFileSync('../../keys/jwt-private.pem', 'utf8');

                module.exports = { privateKey };
            """,
            "src/server.js": """
                const express = require('express');
                const jwt = require('jsonwebtoken');
                const { privateKey } = require('./auth/keys');

                const app = express();
                app.use(express.json());
                app.post('/api/users/login', (req, res) => {
                  res.json({ user: { email: req.body.user.email, token: jwt.sign({ sub: req.body.user.email }, privateKey, { algorithm: 'RS256' }) } });
                });
                app.listen(process.env.PORT || 3000);
            """,
        }, "npm start"),
        libs=("express", "jsonwebtoken"), fw="express", expect=r"ENOENT: no such file or directory, open '\.\./\.\./keys/jwt-private\.pem'",
    ),
    case(
        "nodeapi-concurrently-tsc-rootdir-shifts-dist",
        "startup.entrypoint.run_script", "compose-prefix",
        "https://www.blueforger.com/en/blog/how-a-single-line-in-tsconfig-json-broke-my-nestjs-build", "blog",
        "Without an explicit rootDir, tsc takes the common ancestor of all input files as the root; including a "
        "file outside src moves the output to dist/src/..., so the path the start command runs no longer exists.",
        "tsconfig includes src and shared (types shared with the frontend) without rootDir, so tsc -w emits "
        "dist/src/server.js; after a clean build the dev script runs tsc -w and node --watch dist/server.js under "
        "concurrently, and node fails with Cannot find module while tsc reports 0 errors.",
        run({
            "package.json": pkg(deps=("express",), scripts={
                "dev": "tsc && concurrently -n tsc,api \"tsc -w --preserveWatchOutput\" \"sleep 2 && node --watch dist/server.js\""}),
            "tsconfig.json": '{"compilerOptions": {"module": "commonjs", "target": "ES2021", "outDir": "dist", "strict": true, "esModuleInterop": true, "skipLibCheck": true}, "include": ["src", "shared"]}\n',
            "shared/types.ts": """
                export interface Tag { name: string }
            """,
            "src/server.ts": """
                import express from 'express';
                import type { Tag } from '../shared/types';

                const app = express();
                const tags: Tag[] = [{ name: 'dragons' }];
                app.get('/api/tags', (_req, res) => { res.json({ tags: tags.map((t) => t.name) }); });
                app.listen(Number(process.env.PORT) || 3000, () => console.log('listening'));
            """,
        }, "timeout 30 npm run dev", timeout=60, env={"FORCE_COLOR": "0"}),
        libs=("express", "typescript", "concurrently"), fw="express",
        expect=r"Cannot find module '/srv/app/dist/server\.js'",
    ),
]


def _pg_ssl(ctx):
    prep(ctx, {
        "package.json": pkg(deps=("express", "pg")),
        "db.js": """
            const { Pool } = require('pg');

            const pool = new Pool({
              connectionString: process.env.DATABASE_URL,
              ssl: { rejectUnauthorized: false },
            });

            module.exports = pool;
        """,
        "server.js": """
            const express = require('express');
            const pool = require('./db');

            async function main() {
              await pool.query('CREATE TABLE IF NOT EXISTS tags (name TEXT PRIMARY KEY)');
              const app = express();
              app.get('/api/tags', async (req, res) => {
                const { rows } = await pool.query('SELECT name FROM tags ORDER BY name');
                res.json({ tags: rows.map((r) => r.name) });
              });
              app.listen(process.env.PORT || 3000, () => console.log('listening'));
            }

            main();
        """,
    })
    with postgres() as dsn:
        log, responses = ctx.serve("node server.js", [{"path": "/api/tags"}], startup=6, env={"DATABASE_URL": dsn})
    return {"log": log, "test_output": ctx.clean(status_lines(responses))}


for _c in CASES:
    if _c.id == "nodeapi-pg-ssl-required-against-local-server":
        _c.make = _pg_ssl
