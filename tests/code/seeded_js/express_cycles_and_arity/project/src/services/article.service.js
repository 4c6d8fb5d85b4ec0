const db = require('../db');
const { findProfile } = require('./profile.service');

async function findArticle(slug) {
  const article = await db.get('SELECT * FROM articles WHERE slug = ?', [slug]);
  if (!article) return null;
  return { ...article, author: await findProfile(article.author_username) };
}

async function insertArticle(authorUsername, { title, description, body }) {
  const slug = title.toLowerCase().replace(/[^a-z0-9]+/g, '-');
  await db.run('INSERT INTO articles (slug, title, description, body, author_username) VALUES (?, ?, ?, ?, ?)', [slug, title, description, body, authorUsername]);
  return findArticle(slug);
}

async function countArticlesBy(username) {
  const row = await db.get('SELECT COUNT(*) AS n FROM articles WHERE author_username = ?', [username]);
  return row.n;
}

module.exports = { findArticle, insertArticle, countArticlesBy };
