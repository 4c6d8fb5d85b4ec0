const Router = require('@koa/router');
const articleService = require('../services/articleService');
const tagRepository = require('../repositories/tagRepository');

const router = new Router({ prefix: '/api' });

router.get('/articles/:slug', async (ctx) => {
  const found = await articleService.withComments(ctx.params.slug);
  if (!found) ctx.throw(404, 'article not found');
  ctx.body = found;
});

router.get('/users/:id/favorites', async (ctx) => {
  ctx.body = await articleService.favoritedBy(Number(ctx.params.id));
});

router.get('/tags', async (ctx) => {
  ctx.body = { tags: await tagRepository.allTagNames() };
});

module.exports = router;
