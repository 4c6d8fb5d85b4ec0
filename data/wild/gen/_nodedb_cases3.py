"""nodedb cases, part 3: TypeORM query builder, PostgreSQL constraints, connection settings."""

from __future__ import annotations

import json
import subprocess

from _nodedb_kit import _prep, run, serve
from capture import postgres

TSCONFIG = json.dumps({"compilerOptions": {"target": "ES2020", "module": "commonjs", "esModuleInterop": True,
                                           "strict": False, "skipLibCheck": True}})

TYPEORM_ENTITIES = """
import 'reflect-metadata';
import { DataSource, EntitySchema } from 'typeorm';

export interface User { id: number; name: string; age: number; active: boolean; posts?: Post[] }
export interface Post { id: number; title: string; author?: User }

export const UserEntity = new EntitySchema<User>({
  name: 'User', tableName: 'users',
  columns: { id: { type: Number, primary: true, generated: true }, name: { type: String },
             age: { type: Number }, active: { type: Boolean, default: true } },
  relations: { posts: { type: 'one-to-many', target: 'Post', inverseSide: 'author' } },
});
export const PostEntity = new EntitySchema<Post>({
  name: 'Post', tableName: 'posts',
  columns: { id: { type: Number, primary: true, generated: true }, title: { type: String } },
  relations: { author: { type: 'many-to-one', target: 'User', inverseSide: 'posts', joinColumn: true } },
});
export const db = new DataSource({ type: 'better-sqlite3', database: ':memory:', entities: [UserEntity, PostEntity], synchronize: true });
"""


def register(case):
    @case("typeorm-querybuilder-where-replaced", "data.query.filter", "ts-node",
          "https://dev.to/rishit/optimizing-typeorm-tips-from-experience-part-2-use-where-with-care-40jp", "blog",
          "In TypeORM's QueryBuilder a second .where() replaces the condition set by the first one instead of adding "
          "to it; further conditions must be chained with andWhere().",
          "The search helper calls .where(age >= min) and then .where(active = true); only the last condition "
          "reaches SQL, the 15-year-old user is returned and the script's own check reports the wrong result set.",
          ("typeorm", "better-sqlite3", "ts-node"), None, "sqlite", r"AssertionError.{0,200}adults only")
    def _(ctx):
        script = """
import assert from 'node:assert/strict';
import { db, UserEntity } from './entities';

async function findActiveAdults(minAge: number) {
  return db.getRepository(UserEntity).createQueryBuilder('user')
    .where('user.age >= :minAge', { minAge })
    .where('user.active = :active', { active: true })
    .orderBy('user.id')
    .getMany();
}

async function main() {
  await db.initialize();
  await db.getRepository(UserEntity).save([
    { name: 'ann', age: 34, active: true }, { name: 'teo', age: 15, active: true }, { name: 'old', age: 70, active: false },
  ]);
  const users = await findActiveAdults(18);
  console.log('active adults:', users.map((u) => `${u.name} (${u.age})`).join(', '));
  assert.deepEqual(users.map((u) => u.name), ['ann'], 'adults only');
}
main();
"""
        return run(ctx, {"entities.ts": TYPEORM_ENTITIES, "search.ts": script, "tsconfig.json": TSCONFIG},
                   ["ts-node", "search.ts"])

    @case("typeorm-limit-with-joined-relation", "data.query.pagination", "ts-node",
          "https://www.volcengine.com/article/3442939", "blog",
          "limit()/offset() in TypeORM's QueryBuilder apply to the joined SQL rows, so with a one-to-many join a page "
          "holds fewer parent entities than asked for; take()/skip() paginate by entity.",
          "The feed asks for 2 users per page with leftJoinAndSelect('user.posts') and .limit(2); the first user has "
          "two posts, so the two SQL rows collapse into one user and the page check fails with 1 !== 2.",
          ("typeorm", "better-sqlite3", "ts-node"), None, "sqlite", r"page size[\s\S]{0,300}1 !== 2")
    def _(ctx):
        script = """
import assert from 'node:assert/strict';
import { db, UserEntity, PostEntity } from './entities';

async function page(n: number, size: number) {
  return db.getRepository(UserEntity).createQueryBuilder('user')
    .leftJoinAndSelect('user.posts', 'post')
    .orderBy('user.id')
    .offset((n - 1) * size)
    .limit(size)
    .getMany();
}

async function main() {
  await db.initialize();
  const [ann, bob, cy] = await db.getRepository(UserEntity).save([
    { name: 'ann', age: 30 }, { name: 'bob', age: 40 }, { name: 'cy', age: 50 },
  ]);
  await db.getRepository(PostEntity).save([{ title: 'a1', author: ann }, { title: 'a2', author: ann }, { title: 'b1', author: bob }]);
  const first = await page(1, 2);
  console.log('page 1:', first.map((u) => u.name));
  assert.equal(first.length, 2, 'page size');
}
main();
"""
        return run(ctx, {"entities.ts": TYPEORM_ENTITIES, "feed.ts": script, "tsconfig.json": TSCONFIG},
                   ["ts-node", "feed.ts"])

    @case("seq-pg-string-column-too-long", "data.schema.integrity", "status-line",
          "https://www.bytebase.com/reference/postgres/error/22001-string-data-right-truncation/", "blog",
          "PostgreSQL never truncates silently: a value longer than a VARCHAR(n) column is rejected with 22001; "
          "a length chosen out of habit (255) is too short for real data such as long texts or URLs.",
          "The model declares description as DataTypes.STRING, which Sequelize creates as VARCHAR(255); posting a "
          "300-character description returns a 500 whose body carries value too long for type character varying(255).",
          ("sequelize", "pg", "express"), "express", "postgres", r"value too long for type character varying\(255\)")
    def _(ctx):
        app = """
const express = require('express');
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize(process.env.DATABASE_URL, { logging: false });
const Listing = sequelize.define('Listing', { title: DataTypes.STRING, description: DataTypes.STRING });
const app = express();
app.use(express.json());
app.post('/listings', async (req, res) => {
  try {
    res.status(201).json(await Listing.create(req.body));
  } catch (err) {
    res.status(500).json({ error: err.name, message: err.message });
  }
});
sequelize.sync().then(() => app.listen(process.env.PORT));
"""
        body = {"title": "Sunny flat", "description": "Bright two-room flat close to the park. " * 8}
        return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/listings", "json": body}], pg=True,
                     client_only=True)

    @case("knex-pg-check-constraint-negative-stock", "data.schema.integrity", "ci-timestamp",
          "https://www.errcodes.dev/postgresql/23514-check-constraint-violation", "blog",
          "A CHECK constraint rejects any row whose values break its rule (23514); when the application does not "
          "enforce the same rule, the database error surfaces as a server failure.",
          "The migration declares stock >= 0; the checkout handler decrements stock without checking the quantity "
          "and PostgreSQL answers new row for relation \"products\" violates check constraint \"products_stock_check\".",
          ("knex", "pg", "express"), "express", "postgres", r'violates check constraint "products_stock_check"')
    def _(ctx):
        app = """
const express = require('express');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });
const app = express();
app.use(express.json());
app.post('/checkout', async (req, res, next) => {
  try {
    await knex('products').where({ id: req.body.productId }).decrement('stock', req.body.qty);
    res.json({ ok: true });
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).json({ error: 'checkout failed' }); });
(async () => {
  await knex.raw('CREATE TABLE products (id SERIAL PRIMARY KEY, name TEXT NOT NULL, stock INTEGER NOT NULL CHECK (stock >= 0))');
  await knex('products').insert({ name: 'kettle', stock: 2 });
  app.listen(process.env.PORT, () => console.log('shop listening'));
})();
"""
        return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/checkout", "json": {"productId": 1, "qty": 3}}],
                     pg=True, shape="ci-timestamp")

    @case("pg-password-authentication-failed", "startup.database", "node-unhandled-rejection",
          "https://infraveil.com/guides/fix-postgres-password-authentication-failed", "blog",
          "28P01 means the connection reached PostgreSQL and the credentials were refused: the password in the "
          "connection settings is not the role's password (stale, mistyped or not loaded).",
          "The server requires a password; the app's .env still carries an old password, so the first "
          "pool.query at boot rejects with password authentication failed for user \"app\" and Node exits.",
          ("pg", "express"), "express", "postgres", r'password authentication failed for user "app"')
    def _(ctx):
        app = """
const express = require('express');
const { Pool } = require('pg');
const pool = new Pool({ host: '127.0.0.1', port: +process.env.DB_PORT, user: 'app', password: process.env.DB_PASSWORD, database: 'app' });
const app = express();
app.get('/health', async (req, res) => res.json((await pool.query('SELECT 1 AS ok')).rows[0]));
(async () => {
  await pool.query('SELECT 1');
  app.listen(process.env.PORT, () => console.log('ready'));
})();
"""
        files = {"app.js": app}
        _prep(ctx, {**files, "package.json": json.dumps({"name": "app", "private": True})})
        with postgres() as dsn:
            port = dsn.rsplit(":", 1)[1].split("/")[0]
            psql = ["psql", dsn, "-v", "ON_ERROR_STOP=1", "-qAt", "-c"]
            subprocess.run(psql + ["CREATE ROLE app LOGIN PASSWORD 'rotated-2024'"], check=True, capture_output=True)
            hba = subprocess.run(psql + ["SHOW hba_file"], check=True, capture_output=True, text=True).stdout.strip()
            with open(hba, "w") as fh:
                fh.write("local all all trust\nhost all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n")
            subprocess.run(psql + ["SELECT pg_reload_conf()"], check=True, capture_output=True)
            out = ctx.run(["node", "app.js"], env={"DB_PORT": port, "DB_PASSWORD": "old-password", "NO_COLOR": "1"}, timeout=30)
        return {"log": out}

    @case("pg-url-password-not-encoded", "startup.database", "node-stack",
          "https://infraveil.com/guides/fix-postgres-password-authentication-failed", "blog",
          "Characters such as @ : / # in a password break a connection URL unless they are percent-encoded, so the "
          "client parses a different host, port or password from the string than intended.",
          "DATABASE_URL embeds the password p@ss#1 as is; the URL parser takes the part after the first @ as the "
          "host, so pg tries to resolve a host that does not exist and the boot fails with getaddrinfo ENOTFOUND.",
          ("pg", "express"), "express", "postgres", r"getaddrinfo (ENOTFOUND|EAI_AGAIN) ss")
    def _(ctx):
        app = """
const express = require('express');
const { Pool } = require('pg');
const pool = new Pool({ connectionString: process.env.DATABASE_URL });
const app = express();
app.get('/health', async (req, res) => res.json((await pool.query('SELECT 1 AS ok')).rows[0]));
pool.query('SELECT 1')
  .then(() => app.listen(process.env.PORT, () => console.log('ready')))
  .catch((err) => { console.error('database connection failed', err); process.exit(1); });
"""
        with postgres() as dsn:
            port = dsn.rsplit(":", 1)[1].split("/")[0]
            url = f"postgresql://app:p@ss#1@127.0.0.1:{port}/app"
            return run(ctx, {"app.js": app}, ["node", "app.js"], env={"DATABASE_URL": url})
