const sqlite3 = require('sqlite3');

const db = new sqlite3.Database(process.env.DB_PATH || ':memory:');

module.exports = {
  all: (sql, params = []) => new Promise((resolve, reject) => db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows)))),
  get: (sql, params = []) => new Promise((resolve, reject) => db.get(sql, params, (err, row) => (err ? reject(err) : resolve(row)))),
};
