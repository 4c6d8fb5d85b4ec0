'use strict';

const Fastify = require('fastify');

const { DomainError, ValidationError } = require('./errors');
const apiRoutes = require('./routes');

const errorBody = (...messages) => ({ errors: { body: messages } });

/**
 * Parses every request body as JSON, whatever its content type, and answers 422 for one that is
 * not. An empty body is no body: Fastify's own JSON parser would answer 400 to a POST that sends
 * "Content-Type: application/json" and nothing else (favorite, follow).
 */
function useJsonBodies(app) {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const parser = (request, text, done) => {
    if (text.trim() === '') {
      done(null, undefined);
      return;
    }
    parseJson(request, text, (error, value) => {
      done(error ? new ValidationError('request body must be valid JSON') : null, value);
    });
  };
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, parser);
}

function useErrorBodies(app) {
  app.setErrorHandler((error, request, reply) => {
    if (error instanceof DomainError) {
      return reply.code(error.statusCode).send(errorBody(...error.messages));
    }
    const status = error.statusCode >= 400 && error.statusCode < 500 ? error.statusCode : 500;
    if (status === 500) {
      request.log.error(error);
      return reply.code(500).send(errorBody('internal server error'));
    }
    return reply.code(status).send(errorBody(error.message));
  });
  app.setNotFoundHandler((request, reply) => {
    reply.code(404).send(errorBody(`no route for ${request.method} ${request.url}`));
  });
}

/** The Fastify app: every route under /api, on the given services (services/index.js). */
function buildApp({ services, logLevel = 'info' }) {
  const app = Fastify({ logger: { level: logLevel } });
  app.decorateRequest('user', null);
  useJsonBodies(app);
  useErrorBodies(app);
  app.register(apiRoutes, { prefix: '/api', services });
  return app;
}

module.exports = { buildApp };
