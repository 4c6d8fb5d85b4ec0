import Router from '@koa/router';
import { listTags } from '../services/tag-service.js';

const router = new Router({ prefix: '/api' });

router.get('/tags', async (ctx) => {
  ctx.body = { tags: await listTags() };
});

export default router;
