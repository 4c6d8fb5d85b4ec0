export function registerUserRoutes(router, { users }, auth) {
  router.post('/users', async (ctx) => {
    ctx.status = 201;
    ctx.body = { user: await users.register(ctx.request.body) };
  });

  router.post('/users/login', async (ctx) => {
    ctx.body = { user: await users.login(ctx.request.body) };
  });

  router.get('/user', auth.required, (ctx) => {
    ctx.body = { user: users.current(ctx.state.user) };
  });

  router.put('/user', auth.required, async (ctx) => {
    ctx.body = { user: await users.update(ctx.state.user, ctx.request.body) };
  });
}
