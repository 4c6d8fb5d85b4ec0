import { ArticleService } from './articleService.js';
import { CommentService } from './commentService.js';
import { HealthService } from './healthService.js';
import { ProfileService } from './profileService.js';
import { TagService } from './tagService.js';
import { TokenService } from './tokens.js';
import { UserService } from './userService.js';

/** Every service over one store (see repositories/index.js). */
export function createServices(store, { jwtSecret, jwtExpiresSeconds }) {
  const tokens = new TokenService({ secret: jwtSecret, expiresSeconds: jwtExpiresSeconds });
  return {
    users: new UserService(store, tokens),
    profiles: new ProfileService(store),
    articles: new ArticleService(store),
    comments: new CommentService(store),
    tags: new TagService(store),
    health: new HealthService(store),
  };
}
