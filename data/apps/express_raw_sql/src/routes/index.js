'use strict';

const express = require('express');

const { articlesRouter } = require('./articles');
const { commentsRouter } = require('./comments');
const { healthRouter } = require('./health');
const { authentication, errorHandler, notFound } = require('./middleware');
const { profilesRouter } = require('./profiles');
const { tagsRouter } = require('./tags');
const { usersRouter } = require('./users');

/** Every route of the API (mounted under /api), then the 404 and error handlers. */
function apiRouter(services) {
  const auth = authentication(services.users);
  const router = express.Router();
  router.use(express.json());
  router.use(healthRouter(services));
  router.use(usersRouter(services, auth));
  router.use(profilesRouter(services, auth));
  router.use(articlesRouter(services, auth));
  router.use(commentsRouter(services, auth));
  router.use(tagsRouter(services));
  router.use(notFound);
  router.use(errorHandler);
  return router;
}

module.exports = { apiRouter };
