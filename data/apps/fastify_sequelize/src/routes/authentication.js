'use strict';

const { AuthenticationError } = require('../errors');

const SCHEMES = new Set(['token', 'bearer']);

/** The token of an "Authorization: Token <jwt>" header ("Bearer" too); null without a header. */
function tokenFrom(header) {
  if (header === undefined || header.trim() === '') {
    return null;
  }
  const [scheme, token, ...rest] = header.trim().split(/\s+/);
  if (!SCHEMES.has(scheme.toLowerCase()) || !token || rest.length > 0) {
    throw new AuthenticationError('authorization header must be "Token <jwt>"');
  }
  return token;
}

/**
 * preHandler hooks that put the caller on `request.user`: `required` answers 401 without a
 * valid token; `optional` lets anonymous callers through but still refuses a bad token.
 */
function authHooks(userService) {
  async function resolve(request, optional) {
    const token = tokenFrom(request.headers.authorization);
    if (token === null) {
      if (!optional) {
        throw new AuthenticationError('missing authorization token');
      }
      return;
    }
    request.user = await userService.authenticate(token);
  }
  return {
    required: (request) => resolve(request, false),
    optional: (request) => resolve(request, true),
  };
}

module.exports = { authHooks };
