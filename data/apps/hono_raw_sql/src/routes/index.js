import { Hono } from 'hono';

import { articleRoutes } from './articles.js';
import { createAuth } from './auth.js';
import { commentRoutes } from './comments.js';
import { handleError, handleNotFound } from './errors.js';
import { healthRoutes } from './health.js';
import { profileRoutes } from './profiles.js';
import { tagRoutes } from './tags.js';
import { userRoutes } from './users.js';

/** The Hono app: every route under /api, errors as {"errors": {"body": [...]}}. */
export function createApp(services) {
  const auth = createAuth(services.users);
  const api = new Hono();
  api.route('/', healthRoutes(services));
  api.route('/', userRoutes(services, auth));
  api.route('/', profileRoutes(services, auth));
  api.route('/', articleRoutes(services, auth));
  api.route('/', commentRoutes(services, auth));
  api.route('/', tagRoutes(services));

  const app = new Hono();
  app.route('/api', api);
  app.onError(handleError);
  app.notFound(handleNotFound);
  return app;
}
