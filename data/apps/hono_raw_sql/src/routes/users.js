import { Hono } from 'hono';

import { readJson } from './request.js';
import { userJson } from './serializers.js';

export function userRoutes(services, auth) {
  const routes = new Hono();

  routes.post('/users', async (c) => c.json(userJson(await services.users.register(await readJson(c))), 201));

  routes.post('/users/login', async (c) => c.json(userJson(await services.users.login(await readJson(c)))));

  routes.get('/user', auth.required, (c) => c.json(userJson(services.users.current(c.var.user))));

  routes.put('/user', auth.required, async (c) => c.json(userJson(await services.users.update(c.var.user, await readJson(c)))));

  return routes;
}
