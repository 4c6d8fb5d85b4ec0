'use strict';

const express = require('express');

const { asyncHandler, methodNotAllowed } = require('./middleware');
const { articleJson, articleListJson } = require('./presenters');

/** The article routes, favorites included. /articles/feed is declared before /articles/:slug. */
function articlesRouter({ articles }, auth) {
  const router = express.Router();
  router
    .route('/articles')
    .get(auth.optional, asyncHandler(async (req, res) => res.json(articleListJson(await articles.list(req.query, req.user)))))
    .post(auth.required, asyncHandler(async (req, res) => res.status(201).json(articleJson(await articles.create(req.user, req.body)))))
    .all(methodNotAllowed);
  router
    .route('/articles/feed')
    .get(auth.required, asyncHandler(async (req, res) => res.json(articleListJson(await articles.feed(req.query, req.user)))))
    .all(methodNotAllowed);
  router
    .route('/articles/:slug')
    .get(auth.optional, asyncHandler(async (req, res) => res.json(articleJson(await articles.get(req.params.slug, req.user)))))
    .put(auth.required, asyncHandler(async (req, res) => res.json(articleJson(await articles.update(req.user, req.params.slug, req.body)))))
    .delete(
      auth.required,
      asyncHandler(async (req, res) => {
        await articles.delete(req.user, req.params.slug);
        res.json({});
      }),
    )
    .all(methodNotAllowed);
  router
    .route('/articles/:slug/favorite')
    .post(auth.required, asyncHandler(async (req, res) => res.json(articleJson(await articles.favorite(req.user, req.params.slug)))))
    .delete(auth.required, asyncHandler(async (req, res) => res.json(articleJson(await articles.unfavorite(req.user, req.params.slug)))))
    .all(methodNotAllowed);
  return router;
}

module.exports = { articlesRouter };
