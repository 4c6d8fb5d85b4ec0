'use strict';

const { ForbiddenError, NotFoundError } = require('../errors');
const v = require('./validation');

/** Comments on articles. */
class CommentService {
  constructor({ unitOfWork, clock }) {
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  list(slug, viewer) {
    return this.unitOfWork.run(async ({ articles, comments }) => {
      const article = await requireArticle(articles, slug);
      return comments.listForArticle(article.id, viewer ? viewer.id : null);
    });
  }

  /** The article is looked up (404) before the body is checked (422). */
  add(viewer, slug, payload) {
    return this.unitOfWork.run(async ({ articles, comments }) => {
      const article = await requireArticle(articles, slug);
      const body = v.requiredString(v.requireObject(payload, 'comment'), 'body');
      const id = await comments.create({ articleId: article.id, authorId: viewer.id, body, now: this.clock() });
      return comments.findForArticle(article.id, id, viewer.id);
    });
  }

  /** A comment id that is not a number, or belongs to another article, is not found. */
  delete(viewer, slug, rawCommentId) {
    return this.unitOfWork.run(async ({ articles, comments }) => {
      const article = await requireArticle(articles, slug);
      const comment = /^\d+$/.test(rawCommentId) ? await comments.findForArticle(article.id, Number(rawCommentId)) : null;
      if (!comment) throw new NotFoundError('comment not found');
      if (comment.authorId !== viewer.id) throw new ForbiddenError('only the author can delete this comment');
      await comments.delete(comment.id);
    });
  }
}

async function requireArticle(articles, slug) {
  const article = await articles.findBySlug(slug);
  if (!article) throw new NotFoundError('article not found');
  return article;
}

module.exports = { CommentService };
