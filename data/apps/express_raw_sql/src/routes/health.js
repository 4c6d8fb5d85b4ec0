'use strict';

const express = require('express');

const { asyncHandler, methodNotAllowed } = require('./middleware');

/** GET /health-check: 200 once the database answers. */
function healthRouter({ health }) {
  const router = express.Router();
  router
    .route('/health-check')
    .get(
      asyncHandler(async (req, res) => {
        await health.check();
        res.json({ status: 'ok' });
      }),
    )
    .all(methodNotAllowed);
  return router;
}

module.exports = { healthRouter };
