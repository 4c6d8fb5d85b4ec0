const { popularTags } = require('../services/tag.service');

module.exports = async function tagRoutes(fastify) {
  fastify.get('/tags', async () => ({ tags: await popularTags() }));
};
