export function registerTagRoutes(router, { tags }) {
  router.get('/tags', async (ctx) => {
    ctx.body = { tags: await tags.list() };
  });
}
