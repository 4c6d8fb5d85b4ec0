const articleRepository = require('../repositories/article.repository');
const { toArticleJson } = require('../models/article.model');

async function getArticle(slug) {
  const row = await articleRepository.findBySlug(slug);
  return row ? toArticleJson(row, row) : null;
}

module.exports = { getArticle };
