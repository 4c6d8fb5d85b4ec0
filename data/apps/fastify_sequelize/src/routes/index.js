'use strict';

const { authHooks } = require('./authentication');

const ROUTES = [
  require('./users'),
  require('./profiles'),
  require('./articles'),
  require('./comments'),
  require('./tags'),
  require('./health'),
];

/** Every route, as one plugin; app.js registers it under the /api prefix. */
module.exports = async function apiRoutes(app, { services }) {
  const auth = authHooks(services.users);
  for (const routes of ROUTES) {
    await app.register(routes, { services, auth });
  }
};
