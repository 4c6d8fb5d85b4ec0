const { commentsFor } = require('../services/comment.service');

module.exports = async function commentRoutes(fastify) {
  fastify.get('/articles/:id/comments', async (request) => ({ comments: await commentsFor(request.params.id) }));
};
