'use strict';

const sqlite3 = require('sqlite3');

// SQL is written with PostgreSQL's $1, $2 placeholders; SQLite reads ?1, ?2 the same way.
function toSqlite(sql) {
  return sql.replace(/\$(\d+)/g, '?$1');
}

function query(db, method, sql, params) {
  return new Promise((resolve, reject) => {
    db[method](toSqlite(sql), params, function onDone(error, result) {
      if (error) reject(error);
      // For run(), sqlite3 reports the affected row count on `this`.
      else resolve(method === 'run' ? { changes: this.changes } : result);
    });
  });
}

/** The query helpers handed to repositories: all rows, one row (or undefined), or a statement. */
function connectionFor(db) {
  return {
    all: (sql, params = []) => query(db, 'all', sql, params),
    get: (sql, params = []) => query(db, 'get', sql, params),
    run: (sql, params = []) => query(db, 'run', sql, params),
  };
}

function openFile(filename) {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(filename, (error) => (error ? reject(error) : resolve(db)));
  });
}

/**
 * One SQLite connection. Transactions run one at a time (a promise chain), because every
 * statement on the connection would otherwise join whichever transaction is open.
 */
async function openSqlite({ filename }) {
  const db = await openFile(filename);
  const connection = connectionFor(db);
  await connection.run('PRAGMA foreign_keys = ON');
  await connection.run('PRAGMA busy_timeout = 5000');
  let queue = Promise.resolve();

  async function runInTransaction(work) {
    await connection.run('BEGIN');
    try {
      const result = await work(connection);
      await connection.run('COMMIT');
      return result;
    } catch (error) {
      await connection.run('ROLLBACK');
      throw error;
    }
  }

  return {
    dialect: 'sqlite',
    transaction(work) {
      const result = queue.then(() => runInTransaction(work));
      queue = result.catch(() => {});
      return result;
    },
    close: () => new Promise((resolve, reject) => db.close((error) => (error ? reject(error) : resolve()))),
  };
}

module.exports = { openSqlite };
