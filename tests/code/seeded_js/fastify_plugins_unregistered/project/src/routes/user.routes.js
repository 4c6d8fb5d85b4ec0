const { getUserByUsername, updateUser } = require('../services/user.service');

module.exports = async function userRoutes(fastify) {
  fastify.get('/profiles/:username', async (request, reply) => {
    const user = await getUserByUsername(request.params.username);
    if (!user) return reply.code(404).send({ errors: { body: ['not found'] } });
    return { profile: { username: user.username, bio: user.bio } };
  });

  fastify.put('/user', async (request) => ({ user: await updateUser(request.headers['x-user-id'], request.body.user) }));
};
