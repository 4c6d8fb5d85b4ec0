const db = require('../db');
const { countArticlesBy } = require('./article.service');

async function findProfile(username) {
  const user = await db.get('SELECT username, bio, image FROM users WHERE username = ?', [username]);
  if (!user) return null;
  return { ...user, articlesCount: await countArticlesBy(username) };
}

module.exports = { findProfile };
