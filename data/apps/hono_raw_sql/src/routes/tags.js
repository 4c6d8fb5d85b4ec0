import { Hono } from 'hono';

export function tagRoutes(services) {
  const routes = new Hono();
  routes.get('/tags', async (c) => c.json({ tags: await services.tags.list() }));
  return routes;
}
