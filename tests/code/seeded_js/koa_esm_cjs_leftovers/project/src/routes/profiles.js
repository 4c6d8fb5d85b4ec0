import Router from '@koa/router';
import { getProfile } from '../services/profile-service.js';

const router = new Router({ prefix: '/api' });

router.get('/profiles/:username', async (ctx) => {
  const profile = await getProfile(ctx.params.username);
  if (!profile) ctx.throw(404, 'profile not found');
  ctx.body = { profile };
});

export default router;
module.exports = router;
