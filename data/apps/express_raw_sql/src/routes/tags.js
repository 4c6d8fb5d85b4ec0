'use strict';

const express = require('express');

const { asyncHandler, methodNotAllowed } = require('./middleware');

/** GET /tags. */
function tagsRouter({ tags }) {
  const router = express.Router();
  router
    .route('/tags')
    .get(asyncHandler(async (req, res) => res.json({ tags: await tags.list() })))
    .all(methodNotAllowed);
  return router;
}

module.exports = { tagsRouter };
