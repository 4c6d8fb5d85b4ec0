'use strict';

/** The /articles routes except comments: lists, feed, CRUD and favorites. */
module.exports = async function articleRoutes(app, { services, auth }) {
  app.get('/articles', { preHandler: auth.optional }, async (request) =>
    services.articles.list(request.user, request.query),
  );

  app.get('/articles/feed', { preHandler: auth.required }, async (request) =>
    services.articles.feed(request.user, request.query),
  );

  app.post('/articles', { preHandler: auth.required }, async (request, reply) => {
    reply.code(201);
    return { article: await services.articles.create(request.user, request.body) };
  });

  app.get('/articles/:slug', { preHandler: auth.optional }, async (request) => ({
    article: await services.articles.get(request.params.slug, request.user),
  }));

  app.put('/articles/:slug', { preHandler: auth.required }, async (request) => ({
    article: await services.articles.update(request.user, request.params.slug, request.body),
  }));

  app.delete('/articles/:slug', { preHandler: auth.required }, async (request) => {
    await services.articles.delete(request.user, request.params.slug);
    return {};
  });

  app.post('/articles/:slug/favorite', { preHandler: auth.required }, async (request) => ({
    article: await services.articles.favorite(request.user, request.params.slug),
  }));

  app.delete('/articles/:slug/favorite', { preHandler: auth.required }, async (request) => ({
    article: await services.articles.unfavorite(request.user, request.params.slug),
  }));
};
