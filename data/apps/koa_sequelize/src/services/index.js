import { ArticleService } from './article-service.js';
import { CommentService } from './comment-service.js';
import { HealthService } from './health-service.js';
import { ProfileService } from './profile-service.js';
import { TagService } from './tag-service.js';
import { UserService } from './user-service.js';

export function createServices(repositories, tokens) {
  return {
    users: new UserService(repositories, tokens),
    profiles: new ProfileService(repositories),
    articles: new ArticleService(repositories),
    comments: new CommentService(repositories),
    tags: new TagService(repositories),
    health: new HealthService(repositories),
  };
}
