import { AuthenticationError } from '../services/errors.js';

const SCHEMES = new Set(['token', 'bearer']);

/** The token from "Authorization: Token <jwt>" ("Bearer <jwt>" too); null when there is no header. */
function tokenFrom(header) {
  if (header === undefined || header.trim() === '') return null;
  const [scheme, token, ...rest] = header.trim().split(/\s+/);
  if (!SCHEMES.has(scheme.toLowerCase()) || !token || rest.length > 0) {
    throw new AuthenticationError('the Authorization header must be "Token <jwt>"');
  }
  return token;
}

/**
 * Middleware that puts the signed-in User in c.var.user (null when anonymous).
 * `required` refuses anonymous requests; `optional` lets them through. Both refuse a bad token.
 */
export function createAuth(userService) {
  const authenticate = (required) => async (c, next) => {
    const token = tokenFrom(c.req.header('Authorization'));
    if (token === null && required) throw new AuthenticationError('missing authorization token');
    c.set('user', token === null ? null : await userService.authenticate(token));
    await next();
  };
  return { required: authenticate(true), optional: authenticate(false) };
}
