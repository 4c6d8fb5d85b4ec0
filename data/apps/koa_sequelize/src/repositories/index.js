import { ArticleRepository } from './article-repository.js';
import { CommentRepository } from './comment-repository.js';
import { HealthRepository } from './health-repository.js';
import { TagRepository } from './tag-repository.js';
import { UserRepository } from './user-repository.js';

export function createRepositories(sequelize, models) {
  return {
    users: new UserRepository(models),
    articles: new ArticleRepository(sequelize, models),
    comments: new CommentRepository(models),
    tags: new TagRepository(models),
    health: new HealthRepository(sequelize),
  };
}
