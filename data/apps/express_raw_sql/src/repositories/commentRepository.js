'use strict';

const { Comment } = require('../models');
const { AUTHOR_COLUMNS, authorProfile, toDate } = require('./sql');

// Every comment query binds the viewer's id (or null) as $1.
const COMMENT_SELECT = `
  SELECT c.*,
    ${AUTHOR_COLUMNS}
  FROM comments c
  JOIN users u ON u.id = c.author_id`;

function toComment(row) {
  return new Comment({
    id: row.id,
    body: row.body,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    articleId: row.article_id,
    authorId: row.author_id,
    author: authorProfile(row),
  });
}

class CommentRepository {
  constructor(connection) {
    this.db = connection;
  }

  /** The article's comments, oldest first. */
  async listForArticle(articleId, viewerId = null) {
    const rows = await this.db.all(`${COMMENT_SELECT} WHERE c.article_id = $2 ORDER BY c.created_at, c.id`, [viewerId, articleId]);
    return rows.map(toComment);
  }

  /** The comment, only if it belongs to the article. */
  async findForArticle(articleId, commentId, viewerId = null) {
    const row = await this.db.get(`${COMMENT_SELECT} WHERE c.article_id = $2 AND c.id = $3`, [viewerId, articleId, commentId]);
    return row ? toComment(row) : null;
  }

  /** Inserts the comment and returns its id. */
  async create({ articleId, authorId, body, now }) {
    const row = await this.db.get(
      `INSERT INTO comments (body, article_id, author_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $4) RETURNING id`,
      [body, articleId, authorId, now.toISOString()],
    );
    return row.id;
  }

  async delete(id) {
    await this.db.run('DELETE FROM comments WHERE id = $1', [id]);
  }
}

module.exports = { CommentRepository };
