const { pool } = require('../config/database');

async function findByArticle(slug) {
  const result = pool.query('SELECT c.* FROM comments c JOIN articles a ON a.id = c.article_id WHERE a.slug = $1', [slug]);
  return result.rows;
}

async function insertComment(slug, body, authorId) {
  const { rows } = await pool.query(
    'INSERT INTO comments (article_id, body, author_id) SELECT id, $2, $3 FROM articles WHERE slug = $1 RETURNING *',
    [slug, body, authorId]
  );
  return rows[0];
}

module.exports = { findByArticle, insertComment };
