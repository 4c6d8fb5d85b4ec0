const articleService = require('../services/article-service');

async function articleRoutes(fastify) {
  fastify.get('/articles', async (request) => articleService.listArticles(request.query));

  fastify.get('/articles/:slug', async (request, reply) => {
    const article = await articleService.getArticle(request.params.slug);
    if (!article) return reply.code(404).send({ errors: { body: ['article not found'] } });
    return { article };
  });
}

module.exports = articleRoutes;
