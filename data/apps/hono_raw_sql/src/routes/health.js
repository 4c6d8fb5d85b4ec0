import { Hono } from 'hono';

export function healthRoutes(services) {
  const routes = new Hono();
  routes.get('/health-check', async (c) => c.json(await services.health.check()));
  return routes;
}
