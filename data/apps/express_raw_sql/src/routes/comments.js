'use strict';

const express = require('express');

const { asyncHandler, methodNotAllowed } = require('./middleware');
const { commentJson, commentListJson } = require('./presenters');

/** GET and POST /articles/:slug/comments, DELETE /articles/:slug/comments/:id. */
function commentsRouter({ comments }, auth) {
  const router = express.Router();
  router
    .route('/articles/:slug/comments')
    .get(auth.optional, asyncHandler(async (req, res) => res.json(commentListJson(await comments.list(req.params.slug, req.user)))))
    // The contract answers 200 here, not 201.
    .post(auth.required, asyncHandler(async (req, res) => res.json(commentJson(await comments.add(req.user, req.params.slug, req.body)))))
    .all(methodNotAllowed);
  router
    .route('/articles/:slug/comments/:id')
    .delete(
      auth.required,
      asyncHandler(async (req, res) => {
        await comments.delete(req.user, req.params.slug, req.params.id);
        res.json({});
      }),
    )
    .all(methodNotAllowed);
  return router;
}

module.exports = { commentsRouter };
