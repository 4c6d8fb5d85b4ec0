import { Profile } from './profile.js';
import { toIsoTimestamp } from './timestamps.js';

/** An article as the viewer sees it: with its tags, favorite count and author profile. */
export class Article {
  constructor({ id, slug, title, description, body, authorId, tagList, createdAt, updatedAt, favorited, favoritesCount, author }) {
    this.id = id;
    this.slug = slug;
    this.title = title;
    this.description = description;
    this.body = body;
    this.authorId = authorId;
    this.tagList = tagList;
    this.createdAt = createdAt;
    this.updatedAt = updatedAt;
    this.favorited = favorited;
    this.favoritesCount = favoritesCount;
    this.author = author;
  }

  static fromRow(row, tagList) {
    return new Article({
      id: row.id,
      slug: row.slug,
      title: row.title,
      description: row.description,
      body: row.body,
      authorId: row.author_id,
      tagList,
      createdAt: toIsoTimestamp(row.created_at),
      updatedAt: toIsoTimestamp(row.updated_at),
      favorited: Boolean(row.favorited),
      favoritesCount: Number(row.favorites_count),
      author: Profile.fromAuthorColumns(row),
    });
  }
}
