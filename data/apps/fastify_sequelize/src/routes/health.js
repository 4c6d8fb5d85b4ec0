'use strict';

/** GET /health-check. */
module.exports = async function healthRoutes(app, { services }) {
  app.get('/health-check', async () => services.health.check());
};
