import { Hono } from 'hono';

import { readJson } from './request.js';
import { articleJson, articleListJson } from './serializers.js';

export function articleRoutes(services, auth) {
  const routes = new Hono();
  const { articles } = services;

  routes.get('/articles', auth.optional, async (c) => c.json(articleListJson(await articles.list(c.req.query(), c.var.user))));

  // Before /articles/:slug, which would otherwise take "feed" as a slug.
  routes.get('/articles/feed', auth.required, async (c) => c.json(articleListJson(await articles.feed(c.req.query(), c.var.user))));

  routes.post('/articles', auth.required, async (c) => c.json(articleJson(await articles.create(await readJson(c), c.var.user)), 201));

  routes.get('/articles/:slug', auth.optional, async (c) => c.json(articleJson(await articles.get(c.req.param('slug'), c.var.user))));

  routes.put('/articles/:slug', auth.required, async (c) =>
    c.json(articleJson(await articles.update(c.req.param('slug'), await readJson(c), c.var.user))),
  );

  routes.delete('/articles/:slug', auth.required, async (c) => {
    await articles.delete(c.req.param('slug'), c.var.user);
    return c.json({});
  });

  routes.post('/articles/:slug/favorite', auth.required, async (c) => c.json(articleJson(await articles.favorite(c.req.param('slug'), c.var.user))));

  routes.delete('/articles/:slug/favorite', auth.required, async (c) =>
    c.json(articleJson(await articles.unfavorite(c.req.param('slug'), c.var.user))),
  );

  return routes;
}
