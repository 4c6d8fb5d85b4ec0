const articleRepository = require('./../repositories/articleRepository');

async function favoritedBy(userId) {
  const articles = await articleRepository.findFavorited(userId);
  return { articles, articlesCount: articles.length };
}

async function withComments(slug) {
  const article = await articleRepository.findWithComments(slug);
  return article ? { article } : null;
}

module.exports = { favoritedBy, withComments };
