/** List entries leave out the body, as the contract's MultipleArticlesResponse does. */
function articleList({ articles, articlesCount }) {
  return { articles: articles.map(({ body, ...summary }) => summary), articlesCount };
}

export function registerArticleRoutes(router, { articles }, auth) {
  router.get('/articles', auth.optional, async (ctx) => {
    ctx.body = articleList(await articles.list(ctx.query, ctx.state.user));
  });

  // Registered before /articles/:slug so that "feed" is not taken for a slug.
  router.get('/articles/feed', auth.required, async (ctx) => {
    ctx.body = articleList(await articles.feed(ctx.query, ctx.state.user));
  });

  router.post('/articles', auth.required, async (ctx) => {
    ctx.status = 201;
    ctx.body = { article: await articles.create(ctx.request.body, ctx.state.user) };
  });

  router.get('/articles/:slug', auth.optional, async (ctx) => {
    ctx.body = { article: await articles.get(ctx.params.slug, ctx.state.user) };
  });

  router.put('/articles/:slug', auth.required, async (ctx) => {
    ctx.body = { article: await articles.update(ctx.params.slug, ctx.request.body, ctx.state.user) };
  });

  router.delete('/articles/:slug', auth.required, async (ctx) => {
    await articles.delete(ctx.params.slug, ctx.state.user);
    ctx.body = {};
  });

  router.post('/articles/:slug/favorite', auth.required, async (ctx) => {
    ctx.body = { article: await articles.favorite(ctx.params.slug, ctx.state.user) };
  });

  router.delete('/articles/:slug/favorite', auth.required, async (ctx) => {
    ctx.body = { article: await articles.unfavorite(ctx.params.slug, ctx.state.user) };
  });
}
