import { Hono } from 'hono';

import { profileJson } from './serializers.js';

export function profileRoutes(services, auth) {
  const routes = new Hono();
  const { profiles } = services;

  routes.get('/profiles/:username', auth.optional, async (c) => c.json(profileJson(await profiles.get(c.req.param('username'), c.var.user))));

  routes.post('/profiles/:username/follow', auth.required, async (c) =>
    c.json(profileJson(await profiles.follow(c.req.param('username'), c.var.user))),
  );

  routes.delete('/profiles/:username/follow', auth.required, async (c) =>
    c.json(profileJson(await profiles.unfollow(c.req.param('username'), c.var.user))),
  );

  return routes;
}
