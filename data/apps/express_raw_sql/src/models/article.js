'use strict';

/** An article as a viewer sees it: `favorited` and `author.following` are relative to them. */
class Article {
  constructor({ id, slug, title, description, body, tagList, createdAt, updatedAt, favorited, favoritesCount, authorId, author }) {
    this.id = id;
    this.slug = slug;
    this.title = title;
    this.description = description;
    this.body = body;
    this.tagList = tagList;
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
    this.favorited = favorited;
    this.favoritesCount = favoritesCount;
    this.authorId = authorId;
    this.author = author;
  }
}

module.exports = { Article };
