import { Profile } from './profile.js';
import { toIsoTimestamp } from './timestamps.js';

/** A comment on an article, with its author's profile as the viewer sees it. */
export class Comment {
  constructor({ id, body, articleId, authorId, createdAt, updatedAt, author }) {
    this.id = id;
    this.body = body;
    this.articleId = articleId;
    this.authorId = authorId;
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
    this.author = author;
  }

  static fromRow(row) {
    return new Comment({
      id: row.id,
      body: row.body,
      articleId: row.article_id,
      authorId: row.author_id,
      createdAt: toIsoTimestamp(row.created_at),
      updatedAt: toIsoTimestamp(row.updated_at),
      author: Profile.fromAuthorColumns(row),
    });
  }
}
