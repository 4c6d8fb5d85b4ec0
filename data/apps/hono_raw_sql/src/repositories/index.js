import { ArticleRepository } from './articleRepository.js';
import { CommentRepository } from './commentRepository.js';
import { HealthRepository } from './healthRepository.js';
import { TagRepository } from './tagRepository.js';
import { UserRepository } from './userRepository.js';

/**
 * The services' entry to the data: `store.transaction(async (repos) => ...)` runs the
 * callback in one database transaction with every repository bound to it, committing
 * when it returns and rolling back when it throws.
 */
export function createStore(database) {
  return {
    transaction: (work) =>
      database.transaction((session) =>
        work({
          users: new UserRepository(session),
          articles: new ArticleRepository(session),
          tags: new TagRepository(session),
          comments: new CommentRepository(session),
          health: new HealthRepository(session),
        }),
      ),
  };
}
