'use strict';

const { UserRepository } = require('./user-repository');
const { ArticleRepository } = require('./article-repository');
const { CommentRepository } = require('./comment-repository');
const { TagRepository } = require('./tag-repository');
const { HealthRepository } = require('./health-repository');

/** Every repository, over the models of one Sequelize instance (see models/index.js). */
function createRepositories(sequelize, models) {
  return {
    users: new UserRepository(models),
    articles: new ArticleRepository({ sequelize, ...models }),
    comments: new CommentRepository(models),
    tags: new TagRepository(models),
    health: new HealthRepository({ sequelize }),
  };
}

module.exports = { createRepositories };
