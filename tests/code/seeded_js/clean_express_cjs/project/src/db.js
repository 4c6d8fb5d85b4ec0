const sqlite3 = require('sqlite3');

const database = new sqlite3.Database(process.env.DB_FILE || ':memory:');

const wrap = (method) => (sql, params = []) =>
  new Promise((resolve, reject) => {
    database[method](sql, params, function done(err, result) {
      if (err) return reject(err);
      resolve(method === 'run' ? { lastID: this.lastID, changes: this.changes } : result);
    });
  });

module.exports = { get: wrap('get'), all: wrap('all'), run: wrap('run') };
