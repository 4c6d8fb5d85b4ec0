import Koa from 'koa';
import bodyParser from 'koa-bodyparser';

import { ValidationError } from './errors.js';
import { errorHandler } from './routes/error-handler.js';
import { createApiRouter } from './routes/index.js';

async function accessLog(ctx, next) {
  const started = Date.now();
  await next();
  console.log(`${ctx.method} ${ctx.url} ${ctx.status} ${Date.now() - started}ms`);
}

/** The Koa application over the given services. */
export function createApp(services) {
  const app = new Koa();
  const router = createApiRouter(services);
  app.use(accessLog);
  app.use(errorHandler);
  app.use(
    bodyParser({
      enableTypes: ['json'],
      onerror: () => {
        throw new ValidationError('request body must be valid JSON');
      },
    }),
  );
  app.use(router.routes());
  app.use(router.allowedMethods());
  return app;
}
