const db = require('../db');

async function insert(username, email, hash) {
  const result = await db.run('INSERT INTO users (username, email, hash) VALUES (?, ?, ?)', [username, email, hash]);
  return result.lastID;
}

async function findById(id) {
  return db.get('SELECT * FROM users WHERE id = ?', [id]);
}

module.exports = { insert, findById };
