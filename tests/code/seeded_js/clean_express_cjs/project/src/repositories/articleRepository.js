const db = require('../db');

function all() {
  return db.all('SELECT slug, title FROM articles ORDER BY id DESC');
}

module.exports = { all };
