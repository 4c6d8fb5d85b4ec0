'use strict';

const { ArticleRepository } = require('./articleRepository');
const { CommentRepository } = require('./commentRepository');
const { HealthRepository } = require('./healthRepository');
const { TagRepository } = require('./tagRepository');
const { UserRepository } = require('./userRepository');

/**
 * Runs `work(repositories)` in one database transaction: committed when it resolves,
 * rolled back when it throws. Every repository shares the transaction's connection.
 */
function createUnitOfWork(database) {
  return {
    run: (work) =>
      database.transaction((connection) =>
        work({
          articles: new ArticleRepository(connection),
          comments: new CommentRepository(connection),
          health: new HealthRepository(connection),
          tags: new TagRepository(connection),
          users: new UserRepository(connection),
        }),
      ),
  };
}

module.exports = { createUnitOfWork };
