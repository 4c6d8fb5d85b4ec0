import { Hono } from 'hono';

import { readJson } from './request.js';
import { commentJson, commentListJson } from './serializers.js';

export function commentRoutes(services, auth) {
  const routes = new Hono();
  const { comments } = services;

  routes.get('/articles/:slug/comments', auth.optional, async (c) => c.json(commentListJson(await comments.list(c.req.param('slug'), c.var.user))));

  // 200, not 201: what the contract expects.
  routes.post('/articles/:slug/comments', auth.required, async (c) =>
    c.json(commentJson(await comments.add(c.req.param('slug'), await readJson(c), c.var.user))),
  );

  routes.delete('/articles/:slug/comments/:id', auth.required, async (c) => {
    await comments.delete(c.req.param('slug'), c.req.param('id'), c.var.user);
    return c.json({});
  });

  return routes;
}
