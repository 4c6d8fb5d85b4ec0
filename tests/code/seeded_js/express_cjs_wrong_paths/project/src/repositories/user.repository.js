const db = require('../db');

async function findByEmail(email) {
  return db.get('SELECT * FROM users WHERE email = ?', [email]);
}

async function insertUser({ username, email, passwordHash }) {
  const { lastID } = await db.run('INSERT INTO users (username, email, password_hash) VALUES (?, ?, ?)', [username, email, passwordHash]);
  return db.get('SELECT * FROM users WHERE id = ?', [lastID]);
}

module.exports = { findByEmail, insertUser };
