const sqlite3 = require('sqlite3');

const db = new sqlite3.Database(':memory:');

function get(sql, params = []) {
  return new Promise((resolve, reject) => db.get(sql, params, (err, row) => (err ? reject(err) : resolve(row))));
}

function run(sql, params = []) {
  return new Promise((resolve, reject) => db.run(sql, params, function done(err) { return err ? reject(err) : resolve(this.lastID); }));
}

module.exports = { get, run };
