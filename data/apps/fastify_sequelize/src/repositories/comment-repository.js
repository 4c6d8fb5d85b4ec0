'use strict';

/** Comments with their authors. Returns plain objects with an `author` user. */
class CommentRepository {
  constructor({ Comment }) {
    this.Comment = Comment;
  }

  async listForArticle(articleId) {
    const comments = await this.Comment.findAll({
      where: { articleId },
      include: [{ association: 'author' }],
      order: [
        ['createdAt', 'ASC'],
        ['id', 'ASC'],
      ],
    });
    return comments.map((comment) => comment.get({ plain: true }));
  }

  /** The comment `id` if it belongs to the article, else null. */
  async findForArticle(articleId, id) {
    const comment = await this.Comment.findOne({ where: { id, articleId }, include: [{ association: 'author' }] });
    return comment ? comment.get({ plain: true }) : null;
  }

  async create({ body, articleId, authorId }) {
    const comment = await this.Comment.create({ body, articleId, authorId });
    return this.findForArticle(articleId, comment.id);
  }

  async delete(id) {
    await this.Comment.destroy({ where: { id } });
  }
}

module.exports = { CommentRepository };
