export function registerProfileRoutes(router, { profiles }, auth) {
  router.get('/profiles/:username', auth.optional, async (ctx) => {
    ctx.body = { profile: await profiles.get(ctx.params.username, ctx.state.user) };
  });

  router.post('/profiles/:username/follow', auth.required, async (ctx) => {
    ctx.body = { profile: await profiles.follow(ctx.state.user, ctx.params.username) };
  });

  router.delete('/profiles/:username/follow', auth.required, async (ctx) => {
    ctx.body = { profile: await profiles.unfollow(ctx.state.user, ctx.params.username) };
  });
}
