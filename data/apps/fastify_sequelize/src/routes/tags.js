'use strict';

/** GET /tags. */
module.exports = async function tagRoutes(app, { services }) {
  app.get('/tags', async () => ({ tags: await services.tags.list() }));
};
