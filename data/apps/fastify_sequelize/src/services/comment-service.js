'use strict';

const { ForbiddenError, NotFoundError } = require('../errors');
const v = require('./validation');
const { commentView } = require('./views');

/** Comments on articles. */
class CommentService {
  constructor({ articles, comments, users }) {
    this.articles = articles;
    this.comments = comments;
    this.users = users;
  }

  async list(slug, viewer) {
    const article = await this.requireArticle(slug);
    return this.views(await this.comments.listForArticle(article.id), viewer);
  }

  async add(viewer, slug, payload) {
    const article = await this.requireArticle(slug);
    const data = v.requireObject(payload, 'comment');
    const comment = await this.comments.create({
      body: v.requiredString(data, 'body'),
      articleId: article.id,
      authorId: viewer.id,
    });
    const [view] = await this.views([comment], viewer);
    return view;
  }

  /** `commentId` is the raw path segment; one that is not an id counts as missing. */
  async delete(viewer, slug, commentId) {
    const article = await this.requireArticle(slug);
    const id = /^\d+$/.test(commentId) ? Number(commentId) : null;
    const comment = id === null ? null : await this.comments.findForArticle(article.id, id);
    if (!comment) {
      throw new NotFoundError('comment not found');
    }
    if (comment.authorId !== viewer.id) {
      throw new ForbiddenError('only the author can delete this comment');
    }
    await this.comments.delete(comment.id);
  }

  async requireArticle(slug) {
    const article = await this.articles.findBySlug(slug);
    if (!article) {
      throw new NotFoundError('article not found');
    }
    return article;
  }

  async views(comments, viewer) {
    const authorIds = [...new Set(comments.map((comment) => comment.authorId))];
    const followed = viewer ? await this.users.followedAmong(viewer.id, authorIds) : new Set();
    return comments.map((comment) => commentView(comment, followed.has(comment.authorId)));
  }
}

module.exports = { CommentService };
