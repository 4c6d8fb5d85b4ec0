const { db } = require('../config/database');

async function findAllTags() {
  const { rows } = await db.query('SELECT name FROM tags ORDER BY name');
  return rows.map((r) => r.name);
}

module.exports = { findAllTags };
