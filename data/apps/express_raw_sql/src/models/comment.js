'use strict';

class Comment {
  constructor({ id, body, createdAt, updatedAt, articleId, authorId, author }) {
    this.id = id;
    this.body = body;
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
    this.articleId = articleId;
    this.authorId = authorId;
    this.author = author;
  }
}

module.exports = { Comment };
