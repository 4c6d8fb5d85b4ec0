'use strict';

/** GET /profiles/:username, POST and DELETE /profiles/:username/follow. */
module.exports = async function profileRoutes(app, { services, auth }) {
  app.get('/profiles/:username', { preHandler: auth.optional }, async (request) => ({
    profile: await services.profiles.get(request.params.username, request.user),
  }));

  app.post('/profiles/:username/follow', { preHandler: auth.required }, async (request) => ({
    profile: await services.profiles.follow(request.user, request.params.username),
  }));

  app.delete('/profiles/:username/follow', { preHandler: auth.required }, async (request) => ({
    profile: await services.profiles.unfollow(request.user, request.params.username),
  }));
};
