'use strict';

const { AuthenticationError, DomainError } = require('../errors');
const { errorJson } = require('./presenters');

/** Express 4 does not catch rejected promises: pass them to the error handler. */
function asyncHandler(handler) {
  return (req, res, next) => Promise.resolve(handler(req, res, next)).catch(next);
}

/** The token from "Authorization: Token <jwt>" ("Bearer <jwt>" works too); null without a header. */
function tokenFrom(header) {
  if (header === undefined || header.trim() === '') return null;
  const match = /^(Token|Bearer)\s+(\S+)\s*$/i.exec(header.trim());
  if (!match) throw new AuthenticationError("authorization header must be 'Token <jwt>'");
  return match[2];
}

/**
 * authentication(userService).required rejects a request without a valid token (401);
 * .optional lets an anonymous request through but still rejects a bad token.
 * Both set req.user (null when anonymous) before the handler runs.
 */
function authentication(userService) {
  const resolve = (mandatory) =>
    asyncHandler(async (req, res, next) => {
      const token = tokenFrom(req.get('Authorization'));
      if (token === null && mandatory) throw new AuthenticationError('missing authorization token');
      req.user = token === null ? null : await userService.authenticate(token);
      next();
    });
  return { required: resolve(true), optional: resolve(false) };
}

function methodNotAllowed(req, res) {
  res.status(405).json(errorJson(`method ${req.method} is not allowed here`));
}

function notFound(req, res) {
  res.status(404).json(errorJson(`no route for ${req.method} ${req.path}`));
}

/**
 * Domain errors keep their status; unreadable JSON is a 422; Express's other client errors
 * (e.g. 413 for a body that is too large) keep theirs; anything else is logged and is a 500.
 * Express recognises an error handler by its four parameters, so `next` stays although unused.
 */
function errorHandler(error, req, res, next) {
  if (error instanceof DomainError) {
    res.status(error.status).json(errorJson(error.message));
  } else if (error.type === 'entity.parse.failed') {
    res.status(422).json(errorJson('request body is not valid JSON'));
  } else if (error.status >= 400 && error.status < 500) {
    res.status(error.status).json(errorJson(error.message));
  } else {
    console.error(`${req.method} ${req.originalUrl} failed:`, error);
    res.status(500).json(errorJson('internal server error'));
  }
}

module.exports = { asyncHandler, authentication, errorHandler, methodNotAllowed, notFound };
