import { UniqueConstraintError } from 'sequelize';

import { DomainError } from '../errors.js';

function errorBody(messages) {
  return { errors: { body: messages } };
}

/**
 * The one place errors become responses: domain errors get their status, a unique-index
 * race counts as a 422, anything unexpected is logged and answers 500. Requests no route
 * answered (404, 405) get the same JSON error shape.
 */
export async function errorHandler(ctx, next) {
  try {
    await next();
    if (ctx.body === undefined && ctx.status >= 400) {
      const { status } = ctx;
      ctx.body = errorBody([status === 404 ? 'not found' : ctx.message]);
      ctx.status = status; // setting a body alone would turn a 404 into a 200
    }
  } catch (err) {
    if (err instanceof DomainError) {
      ctx.status = err.status;
      ctx.body = errorBody(err.messages);
    } else if (err instanceof UniqueConstraintError) {
      ctx.status = 422;
      ctx.body = errorBody(['has already been taken']);
    } else if (err.expose && err.status >= 400 && err.status < 500) {
      ctx.status = err.status;
      ctx.body = errorBody([err.message]);
    } else {
      console.error(`${ctx.method} ${ctx.url} failed:`, err);
      ctx.status = 500;
      ctx.body = errorBody(['internal server error']);
    }
  }
}
