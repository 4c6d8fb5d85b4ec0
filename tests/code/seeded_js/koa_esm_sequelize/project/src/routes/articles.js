import Router from '@koa/router';
import { getArticle, createArticle } from '../services/article-service.js';

const router = new Router({ prefix: '/api/articles' });

router.get('/:slug', async (ctx) => {
  const article = await getArticle(ctx.params.slug);
  if (!article) ctx.throw(404, 'article not found');
  ctx.body = { article };
});

router.post('/', async (ctx) => {
  ctx.status = 201;
  ctx.body = { article: await createArticle(ctx.request.body.article, 1) };
});

export default router;
