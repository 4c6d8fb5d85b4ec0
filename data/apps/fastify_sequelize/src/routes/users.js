'use strict';

/** POST /users, POST /users/login, GET /user, PUT /user. */
module.exports = async function userRoutes(app, { services, auth }) {
  app.post('/users', async (request, reply) => {
    reply.code(201);
    return { user: await services.users.register(request.body) };
  });

  app.post('/users/login', async (request) => ({ user: await services.users.login(request.body) }));

  app.get('/user', { preHandler: auth.required }, async (request) => ({
    user: services.users.current(request.user),
  }));

  app.put('/user', { preHandler: auth.required }, async (request) => ({
    user: await services.users.update(request.user, request.body),
  }));
};
