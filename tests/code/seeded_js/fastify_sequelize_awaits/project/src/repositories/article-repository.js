const { Article, Tag, User } = require('../models');

async function findBySlug(slug) {
  const article = Article.findOne({ where: { slug }, include: [{ model: User, as: 'author' }] });
  if (!article) return null;
  return article.toJSON();
}

async function listArticles({ limit = 20, offset = 0 }) {
  const rows = await Article.findAll({ include: [{ model: Tag }], limit, offset, order: [['createdAt', 'DESC']] });
  return rows.map((row) => row.toJSON());
}

async function countArticles() {
  const total = Article.count();
  return { articlesCount: total + 0 };
}

module.exports = { findBySlug, listArticles, countArticles };
