export function registerCommentRoutes(router, { comments }, auth) {
  router.get('/articles/:slug/comments', auth.optional, async (ctx) => {
    ctx.body = { comments: await comments.list(ctx.params.slug, ctx.state.user) };
  });

  // 200, not 201: the contract says so.
  router.post('/articles/:slug/comments', auth.required, async (ctx) => {
    ctx.body = { comment: await comments.create(ctx.params.slug, ctx.request.body, ctx.state.user) };
  });

  router.delete('/articles/:slug/comments/:id', auth.required, async (ctx) => {
    await comments.delete(ctx.params.slug, ctx.params.id, ctx.state.user);
    ctx.body = {};
  });
}
