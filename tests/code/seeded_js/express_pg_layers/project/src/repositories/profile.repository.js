const { query } = require('../config/database');

async function findByUsername(username) {
  const { rows } = await query('SELECT username, bio, image FROM users WHERE username = $1', [username]);
  return rows[0] || null;
}

module.exports = { findByUsername };
