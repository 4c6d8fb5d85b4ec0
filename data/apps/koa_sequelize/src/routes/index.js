import Router from '@koa/router';

import { registerArticleRoutes } from './articles.js';
import { authMiddlewares } from './auth.js';
import { registerCommentRoutes } from './comments.js';
import { registerHealthRoutes } from './health.js';
import { registerProfileRoutes } from './profiles.js';
import { registerTagRoutes } from './tags.js';
import { registerUserRoutes } from './users.js';

/** Every route of the API, under /api. */
export function createApiRouter(services) {
  const router = new Router({ prefix: '/api' });
  const auth = authMiddlewares(services.users);
  registerHealthRoutes(router, services);
  registerUserRoutes(router, services, auth);
  registerProfileRoutes(router, services, auth);
  registerArticleRoutes(router, services, auth);
  registerCommentRoutes(router, services, auth);
  registerTagRoutes(router, services);
  return router;
}
