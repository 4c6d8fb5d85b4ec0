const articleRepository = require('../../repositories/article.repository');
const { NotFoundError } = require('../utils/errors');

async function getArticle(slug) {
  const article = await articleRepository.findBySlug(slug);
  if (!article) throw new NotFoundError('article not found');
  return article;
}

async function listArticles(query) {
  const limit = Number(query.limit) || 20;
  const offset = Number(query.offset) || 0;
  const articles = await articleRepository.listArticles(limit, offset);
  return { articles, articlesCount: articles.length };
}

module.exports = { getArticle, listArticles };
