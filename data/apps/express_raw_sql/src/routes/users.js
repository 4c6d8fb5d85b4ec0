'use strict';

const express = require('express');

const { asyncHandler, methodNotAllowed } = require('./middleware');
const { userJson } = require('./presenters');

/** POST /users, POST /users/login, GET and PUT /user. */
function usersRouter({ users }, auth) {
  const router = express.Router();
  router
    .route('/users')
    .post(asyncHandler(async (req, res) => res.status(201).json(userJson(await users.register(req.body)))))
    .all(methodNotAllowed);
  router
    .route('/users/login')
    .post(asyncHandler(async (req, res) => res.json(userJson(await users.login(req.body)))))
    .all(methodNotAllowed);
  router
    .route('/user')
    .get(auth.required, (req, res) => res.json(userJson(users.session(req.user))))
    .put(auth.required, asyncHandler(async (req, res) => res.json(userJson(await users.update(req.user, req.body)))))
    .all(methodNotAllowed);
  return router;
}

module.exports = { usersRouter };
