"""nodedb cases, part 4: SQLite driver quirks, Sequelize finder misuse, database host resolution."""

from __future__ import annotations

from _nodedb_kit import jest, serve


def register(case):
    @case("bs3-double-quoted-string-literal", "data.query.sql_text", "jest",
          "https://www.sqlite.org/quirks.html", "docs",
          "Standard SQL quotes strings with single quotes and identifiers with double quotes; SQLite's legacy "
          "fallback that reads an unknown double-quoted identifier as a string can be compiled out, and then the "
          "value is looked up as a column.",
          "better-sqlite3 is built without the double-quoted-string fallback; the query written with status = "
          "\"published\" fails with no such column: \"published\" - should this be a string literal in single-quotes?",
          ("better-sqlite3", "express", "jest", "supertest"), "express", "sqlite",
          r'no such column: "published" - should this be a string literal in single-quotes\?')
    def _(ctx):
        app = """
const express = require('express');
const Database = require('better-sqlite3');
const db = new Database(':memory:');
db.exec("CREATE TABLE articles (id INTEGER PRIMARY KEY, title TEXT, status TEXT DEFAULT 'draft')");
db.prepare('INSERT INTO articles (title, status) VALUES (?, ?)').run('hello', 'published');
const app = express();
app.get('/articles', (req, res, next) => {
  try {
    res.json(db.prepare('SELECT id, title FROM articles WHERE status = "published" ORDER BY id DESC').all());
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(`${err.name}: ${err.message}`); res.status(500).json({ error: err.message }); });
module.exports = app;
"""
        test = """
const request = require('supertest');
const app = require('./app');
test('lists published articles', async () => {
  const res = await request(app).get('/articles');
  expect(res.status).toBe(200);
  expect(res.body).toHaveLength(1);
});
"""
        return jest(ctx, {"app.js": app, "articles.test.js": test})

    @case("sqlite3-named-params-without-prefix", "data.query.bad_parameter", "status-line",
          "https://github.com/TryGhost/node-sqlite3/wiki/API", "docs",
          "node-sqlite3 binds an object of named parameters by key including the prefix ($name, :name or @name); "
          "keys written without the prefix match no placeholder, so the values are not bound.",
          "The INSERT uses $title/$body placeholders but passes { title, body }; sqlite3 tries to bind the keys as "
          "positions and fails with SQLITE_RANGE: column index out of range, returned in the 500 body.",
          ("sqlite3", "express"), "express", "sqlite", r"SQLITE_RANGE: column index out of range")
    def _(ctx):
        app = """
const express = require('express');
const sqlite3 = require('sqlite3');
const db = new sqlite3.Database(':memory:');
db.run('CREATE TABLE notes (id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT)');
const app = express();
app.use(express.json());
app.post('/notes', (req, res) => {
  const { title, body } = req.body;
  db.run('INSERT INTO notes (title, body) VALUES ($title, $body)', { title, body }, function (err) {
    if (err) return res.status(500).json({ error: err.message, code: err.code });
    res.status(201).json({ id: this.lastID, title, body });
  });
});
app.listen(process.env.PORT);
"""
        return serve(ctx, {"app.js": app}, [{"method": "POST", "path": "/notes", "json": {"title": "todo", "body": "milk"}}],
                     client_only=True)

    @case("seq-findone-given-primary-key", "data.orm.api_misuse", "ci-timestamp",
          "https://sequelize.org/v6/manual/model-querying-finders.html", "docs",
          "findOne takes an options object (where, include...); looking a row up by its primary key value is "
          "findByPk's job, and Sequelize 6 rejects a bare value given to findOne.",
          "The profile route calls User.findOne(req.params.id); Sequelize throws The argument passed to findOne must "
          "be an options object, use findByPk if you wish to pass a single primary key value, in the CI log.",
          ("sequelize", "sqlite3", "express"), "express", "sqlite", r"The argument passed to findOne must be an options object")
    def _(ctx):
        app = """
const express = require('express');
const { Sequelize, DataTypes } = require('sequelize');
const sequelize = new Sequelize({ dialect: 'sqlite', storage: ':memory:', logging: false });
const User = sequelize.define('User', { email: DataTypes.STRING, name: DataTypes.STRING });
const app = express();
app.get('/users/:id', async (req, res, next) => {
  try {
    const user = await User.findOne(req.params.id);
    if (!user) return res.sendStatus(404);
    res.json(user);
  } catch (err) { next(err); }
});
app.use((err, req, res, next) => { console.error(err); res.status(500).json({ error: 'internal error' }); });
sequelize.sync().then(async () => {
  await User.create({ email: 'ann@example.com', name: 'Ann' });
  app.listen(process.env.PORT, () => console.log('user service ready'));
});
"""
        return serve(ctx, {"app.js": app}, [{"path": "/users/1"}], shape="ci-timestamp")

    @case("pg-compose-service-host-outside-docker", "startup.database", "compose-prefix",
          "https://infraveil.com/guides/fix-getaddrinfo-enotfound", "blog",
          "A docker-compose service name such as db resolves only on the compose network; an app started on the host "
          "with that host name in its database settings cannot resolve it (getaddrinfo ENOTFOUND).",
          "The .env written for the compose setup says PGHOST=db; started with honcho on the host, the app's first "
          "query fails with getaddrinfo ENOTFOUND db before the server listens.",
          ("pg", "express"), "express", "postgres", r"getaddrinfo (ENOTFOUND|EAI_AGAIN) db")
    def _(ctx):
        app = """
const express = require('express');
const { Pool } = require('pg');
const pool = new Pool({ host: process.env.PGHOST, port: 5432, user: 'app', password: 'app', database: 'app' });
const app = express();
app.get('/health', async (req, res) => res.json((await pool.query('SELECT 1 AS ok')).rows[0]));
async function start() {
  await pool.query('SELECT 1');
  app.listen(process.env.PORT, () => console.log('api listening on ' + process.env.PORT));
}
start().catch((err) => { console.error('could not connect to the database:', err); process.exit(1); });
"""
        return serve(ctx, {"app.js": app, ".env": "PGHOST=db\n"}, [{"path": "/health"}], shape="compose-prefix")
