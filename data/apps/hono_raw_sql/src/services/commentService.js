import { now } from './clock.js';
import { ForbiddenError, NotFoundError } from './errors.js';
import * as validate from './validation.js';

const ID = /^\d+$/;

/** Comments on an article. `viewer` is the signed-in User, or null. */
export class CommentService {
  constructor(store) {
    this.store = store;
  }

  /** The article's comments, oldest first. */
  list(slug, viewer) {
    return this.store.transaction(async ({ articles, comments }) => {
      const article = await this.#requireArticle(articles, slug);
      return comments.listForArticle(article.id, viewer?.id ?? null);
    });
  }

  add(slug, payload, author) {
    return this.store.transaction(async ({ articles, comments }) => {
      const article = await this.#requireArticle(articles, slug);
      const body = validate.requiredString(validate.requireObject(payload, 'comment'), 'body');
      const id = await comments.create({ body, articleId: article.id, authorId: author.id, now: now() });
      return comments.findById(id, author.id);
    });
  }

  /** `rawId` comes from the URL; a comment on another article counts as missing. */
  delete(slug, rawId, viewer) {
    return this.store.transaction(async ({ articles, comments }) => {
      const article = await this.#requireArticle(articles, slug);
      const comment = ID.test(rawId) ? await comments.findById(Number(rawId), viewer.id) : null;
      if (!comment || comment.articleId !== article.id) throw new NotFoundError('comment not found');
      if (comment.authorId !== viewer.id) throw new ForbiddenError('only the author can delete this comment');
      await comments.delete(comment.id);
    });
  }

  async #requireArticle(articles, slug) {
    const article = await articles.findBySlug(slug, null);
    if (!article) throw new NotFoundError('article not found');
    return article;
  }
}
