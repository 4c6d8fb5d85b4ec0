import { authorWithViewerFollow } from './includes.js';

export class CommentRepository {
  constructor({ Comment }) {
    this.Comment = Comment;
  }

  /** Oldest first. */
  findForArticle(articleId, viewerId = null) {
    return this.Comment.findAll({
      where: { articleId },
      include: [authorWithViewerFollow(viewerId)],
      order: [
        ['createdAt', 'ASC'],
        ['id', 'ASC'],
      ],
    });
  }

  findInArticle(id, articleId) {
    return this.Comment.findOne({ where: { id, articleId } });
  }

  async create(fields, viewerId) {
    const comment = await this.Comment.create(fields);
    return this.Comment.findByPk(comment.id, { include: [authorWithViewerFollow(viewerId)] });
  }

  async delete(comment) {
    await comment.destroy();
  }
}
