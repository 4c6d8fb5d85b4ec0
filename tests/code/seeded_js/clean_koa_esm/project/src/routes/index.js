import Router from '@koa/router';
import articleService from '../services/article-service.js';

const router = new Router({ prefix: '/api' });

router.get('/articles/:slug', async (ctx) => {
  const article = await articleService.get(ctx.params.slug);
  if (!article) ctx.throw(404);
  ctx.body = { article };
});

router.get('/profiles/:username/articles', async (ctx) => {
  ctx.body = { articles: await articleService.byAuthor(ctx.params.username) };
});

export default router;
