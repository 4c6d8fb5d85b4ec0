import Router from '@koa/router';
import { UserService } from '../services/user-service.js';

const router = new Router({ prefix: '/api' });
const users = new UserService();

router.post('/users', async (ctx) => {
  ctx.status = 201;
  ctx.body = { user: await users.register(ctx.request.body.user) };
});

router.post('/users/login', async (ctx) => {
  const user = await users.login(ctx.request.body.user);
  if (!user) ctx.throw(401, 'email or password is invalid');
  ctx.body = { user };
});

export default router;
