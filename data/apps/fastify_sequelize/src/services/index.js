'use strict';

const { UserService } = require('./user-service');
const { ProfileService } = require('./profile-service');
const { ArticleService } = require('./article-service');
const { CommentService } = require('./comment-service');
const { TagService } = require('./tag-service');
const { HealthService } = require('./health-service');

/** Every service, over the repositories (repositories/index.js) and a TokenIssuer. */
function createServices(repositories, tokens) {
  return {
    users: new UserService({ users: repositories.users, tokens }),
    profiles: new ProfileService(repositories),
    articles: new ArticleService(repositories),
    comments: new CommentService(repositories),
    tags: new TagService(repositories),
    health: new HealthService(repositories),
  };
}

module.exports = { createServices };
