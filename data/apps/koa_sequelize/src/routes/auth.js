import { AuthenticationError } from '../errors.js';

const AUTHORIZATION = /^(?:Token|Bearer)\s+(\S+)$/i;

/** The token of an "Authorization: Token <jwt>" (or "Bearer <jwt>") header; null when absent. */
function tokenOf(header) {
  if (header.trim() === '') {
    return null;
  }
  const match = AUTHORIZATION.exec(header.trim());
  if (!match) {
    throw new AuthenticationError('the Authorization header must be "Token <jwt>"');
  }
  return match[1];
}

/**
 * Middlewares that put the viewer in ctx.state.user. `required` answers 401 without a
 * valid token; `optional` lets anonymous requests through (null) but still refuses a bad token.
 */
export function authMiddlewares(userService) {
  const resolve = (optional) => async (ctx, next) => {
    const token = tokenOf(ctx.get('Authorization'));
    if (token === null && !optional) {
      throw new AuthenticationError('missing authorization token');
    }
    ctx.state.user = token === null ? null : await userService.authenticate(token);
    await next();
  };
  return { required: resolve(false), optional: resolve(true) };
}
