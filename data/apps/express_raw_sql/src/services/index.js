'use strict';

const { createUnitOfWork } = require('../repositories');
const { ArticleService } = require('./articleService');
const { CommentService } = require('./commentService');
const { HealthService } = require('./healthService');
const { TagService } = require('./tagService');
const { createTokenService } = require('./tokens');
const { UserService } = require('./userService');

/** Every service, wired to one database. */
function createServices({ database, jwtSecret, jwtExpiresSeconds }) {
  const deps = {
    unitOfWork: createUnitOfWork(database),
    tokens: createTokenService({ secret: jwtSecret, expiresSeconds: jwtExpiresSeconds }),
    clock: () => new Date(),
  };
  return {
    articles: new ArticleService(deps),
    comments: new CommentService(deps),
    health: new HealthService(deps),
    tags: new TagService(deps),
    users: new UserService(deps),
  };
}

module.exports = { createServices };
