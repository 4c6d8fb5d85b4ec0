const profileRepository = require('../repositories/profile-repository');

async function profileRoutes(fastify) {
  fastify.get('/profiles/:username', async (request, reply) => {
    const user = await profileRepository.findByUsername(request.params.username);
    if (!user) return reply.code(404).send({ errors: { body: ['profile not found'] } });
    return { profile: { username: user.username, bio: user.bio, following: false } };
  });
}

module.exports = profileRoutes;
