import { Comment } from '../models/comment.js';

/** The `?` is the viewer's id, for whether they follow the comment's author. */
const COMMENT_SELECT = `
SELECT c.id, c.body, c.article_id, c.author_id, c.created_at, c.updated_at,
       u.username AS author_username, u.bio AS author_bio, u.image AS author_image,
       EXISTS (SELECT 1 FROM follows fo WHERE fo.followed_id = c.author_id AND fo.follower_id = ?) AS following
  FROM comments c JOIN users u ON u.id = c.author_id`;

/** Comments on articles. */
export class CommentRepository {
  constructor(session) {
    this.db = session;
  }

  /** The article's comments, oldest first. */
  async listForArticle(articleId, viewerId) {
    const rows = await this.db.all(`${COMMENT_SELECT} WHERE c.article_id = ? ORDER BY c.created_at, c.id`, [viewerId, articleId]);
    return rows.map((row) => Comment.fromRow(row));
  }

  async findById(id, viewerId) {
    const row = await this.db.get(`${COMMENT_SELECT} WHERE c.id = ?`, [viewerId, id]);
    return row && Comment.fromRow(row);
  }

  async create({ body, articleId, authorId, now }) {
    const row = await this.db.get(
      'INSERT INTO comments (body, article_id, author_id, created_at, updated_at) VALUES (?, ?, ?, ?, ?) RETURNING id',
      [body, articleId, authorId, now, now],
    );
    return row.id;
  }

  async delete(id) {
    await this.db.run('DELETE FROM comments WHERE id = ?', [id]);
  }
}
