const fastify = require('fastify');
const articleRoutes = require('./routes/articles');
const profileRoutes = require('./routes/profiles');

function buildApp() {
  const app = fastify({ logger: true });
  app.register(articleRoutes, { prefix: '/api' });
  app.register(profileRoutes, { prefix: '/api' });
  return app;
}

module.exports = buildApp;
