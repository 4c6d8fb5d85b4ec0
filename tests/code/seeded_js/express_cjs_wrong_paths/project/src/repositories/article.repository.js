const db = require('../db');

async function findBySlug(slug) {
  return db.get('SELECT * FROM articles WHERE slug = ?', [slug]);
}

async function listArticles(limit = 20, offset = 0) {
  return db.all('SELECT * FROM articles ORDER BY created_at DESC LIMIT ? OFFSET ?', [limit, offset]);
}

module.exports = { findBySlug, listArticles };
