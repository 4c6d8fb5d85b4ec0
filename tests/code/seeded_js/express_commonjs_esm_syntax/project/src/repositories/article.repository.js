const db = require('../database');

async function findBySlug(slug) {
  return db.get('SELECT a.*, u.username, u.bio, u.image FROM articles a JOIN users u ON u.id = a.author_id WHERE a.slug = ?', [slug]);
}

module.exports = { findBySlug };
