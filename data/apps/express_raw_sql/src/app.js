'use strict';

const express = require('express');

const { apiRouter } = require('./routes');
const { notFound } = require('./routes/middleware');

/** The Express application: the API under /api, JSON 404s everywhere else. */
function createApp(services) {
  const app = express();
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  app.use('/api', apiRouter(services));
  app.use(notFound);
  return app;
}

module.exports = { createApp };
