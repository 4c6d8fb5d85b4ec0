const articleRepository = require('../repositories/article-repository');

async function getArticle(slug) {
  return articleRepository.findBySlug(slug);
}

async function listArticles(query) {
  const articles = await articleRepository.listArticles(query);
  const { articlesCount } = await articleRepository.countArticles();
  return { articles, articlesCount };
}

module.exports = { getArticle, listArticles };
