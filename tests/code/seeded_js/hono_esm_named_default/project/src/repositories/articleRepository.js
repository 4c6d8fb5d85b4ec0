import db from '../db/index.js';

export function listArticles(limit, offset) {
  return db.prepare('SELECT * FROM articles ORDER BY created_at DESC LIMIT ? OFFSET ?').all(limit, offset);
}

export function insertArticle(article) {
  const info = db.prepare('INSERT INTO articles (slug, title, body) VALUES (@slug, @title, @body)').run(article);
  return db.prepare('SELECT * FROM articles WHERE id = ?').get(info.lastInsertRowid);
}
