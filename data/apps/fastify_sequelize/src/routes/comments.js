'use strict';

/** GET and POST /articles/:slug/comments, DELETE /articles/:slug/comments/:id. */
module.exports = async function commentRoutes(app, { services, auth }) {
  app.get('/articles/:slug/comments', { preHandler: auth.optional }, async (request) => ({
    comments: await services.comments.list(request.params.slug, request.user),
  }));

  // The contract expects 200 here, not 201.
  app.post('/articles/:slug/comments', { preHandler: auth.required }, async (request) => ({
    comment: await services.comments.add(request.user, request.params.slug, request.body),
  }));

  app.delete('/articles/:slug/comments/:id', { preHandler: auth.required }, async (request) => {
    await services.comments.delete(request.user, request.params.slug, request.params.id);
    return {};
  });
};
