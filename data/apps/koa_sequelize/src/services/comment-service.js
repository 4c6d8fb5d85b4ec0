import { ForbiddenError, NotFoundError } from '../errors.js';
import { commentOf } from './presenters.js';
import * as validate from './validation.js';

/** Comments on an article, oldest first. */
export class CommentService {
  constructor({ articles, comments }) {
    this.articles = articles;
    this.comments = comments;
  }

  async #requireArticle(slug) {
    const article = await this.articles.findBySlug(slug);
    if (!article) {
      throw new NotFoundError('article not found');
    }
    return article;
  }

  async list(slug, viewer) {
    const article = await this.#requireArticle(slug);
    const comments = await this.comments.findForArticle(article.id, viewer?.id);
    return comments.map(commentOf);
  }

  async create(slug, payload, viewer) {
    const article = await this.#requireArticle(slug);
    const body = validate.requiredString(validate.requireObject(payload, 'comment'), 'body');
    return commentOf(await this.comments.create({ body, articleId: article.id, authorId: viewer.id }, viewer.id));
  }

  /** A comment id that is not a number, or that belongs to another article, is not found. */
  async delete(slug, commentId, viewer) {
    const article = await this.#requireArticle(slug);
    const id = /^\d+$/.test(commentId) ? Number.parseInt(commentId, 10) : null;
    const comment = id === null ? null : await this.comments.findInArticle(id, article.id);
    if (!comment) {
      throw new NotFoundError('comment not found');
    }
    if (comment.authorId !== viewer.id) {
      throw new ForbiddenError('only the author can delete this comment');
    }
    await this.comments.delete(comment);
  }
}
