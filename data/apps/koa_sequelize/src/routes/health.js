export function registerHealthRoutes(router, { health }) {
  router.get('/health-check', async (ctx) => {
    ctx.body = await health.check();
  });
}
