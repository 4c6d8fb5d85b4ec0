'use strict';

const express = require('express');

const { asyncHandler, methodNotAllowed } = require('./middleware');
const { profileJson } = require('./presenters');

/** GET /profiles/:username, POST and DELETE /profiles/:username/follow. */
function profilesRouter({ users }, auth) {
  const router = express.Router();
  router
    .route('/profiles/:username')
    .get(auth.optional, asyncHandler(async (req, res) => res.json(profileJson(await users.getProfile(req.params.username, req.user)))))
    .all(methodNotAllowed);
  router
    .route('/profiles/:username/follow')
    .post(auth.required, asyncHandler(async (req, res) => res.json(profileJson(await users.follow(req.user, req.params.username)))))
    .delete(auth.required, asyncHandler(async (req, res) => res.json(profileJson(await users.unfollow(req.user, req.params.username)))))
    .all(methodNotAllowed);
  return router;
}

module.exports = { profilesRouter };
