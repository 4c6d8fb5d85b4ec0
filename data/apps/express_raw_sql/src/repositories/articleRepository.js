'use strict';

const { Article } = require('../models');
const { AUTHOR_COLUMNS, authorProfile, placeholders, toDate } = require('./sql');

// Model field -> column, for the fields an update may change.
const UPDATABLE_COLUMNS = {
  slug: 'slug',
  title: 'title',
  description: 'description',
  body: 'body',
};

// Every article query binds the viewer's id (or null) as $1.
const ARTICLE_SELECT = `
  SELECT a.*,
    ${AUTHOR_COLUMNS},
    (SELECT COUNT(*) FROM favorites f WHERE f.article_id = a.id) AS favorites_count,
    EXISTS (SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = $1) AS favorited
  FROM articles a
  JOIN users u ON u.id = a.author_id`;

/**
 * The WHERE clause for a list filter, its parameters numbered after `params`.
 * filter: { tag, author, favoritedBy (username), followedBy (user id) }, each optional.
 */
function whereClause(filter, params) {
  const conditions = [];
  const bind = (value) => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.tag) {
    conditions.push(`a.id IN (SELECT atg.article_id FROM article_tags atg JOIN tags t ON t.id = atg.tag_id WHERE t.name = ${bind(filter.tag)})`);
  }
  if (filter.author) {
    conditions.push(`u.username = ${bind(filter.author)}`);
  }
  if (filter.favoritedBy) {
    conditions.push(`a.id IN (SELECT f.article_id FROM favorites f JOIN users fu ON fu.id = f.user_id WHERE fu.username = ${bind(filter.favoritedBy)})`);
  }
  if (filter.followedBy !== undefined) {
    conditions.push(`a.author_id IN (SELECT fo.followed_id FROM follows fo WHERE fo.follower_id = ${bind(filter.followedBy)})`);
  }
  return conditions.length ? `WHERE ${conditions.join(' AND ')}` : '';
}

function toArticle(row, tagList) {
  return new Article({
    id: row.id,
    slug: row.slug,
    title: row.title,
    description: row.description,
    body: row.body,
    tagList,
    createdAt: toDate(row.created_at),
    updatedAt: toDate(row.updated_at),
    favorited: Boolean(row.favorited),
    favoritesCount: Number(row.favorites_count),
    authorId: row.author_id,
    author: authorProfile(row),
  });
}

/** Articles, their tags (in the author's order) and favorites. */
class ArticleRepository {
  constructor(connection) {
    this.db = connection;
  }

  /** One page of matching articles, newest first, and the number of all matches. */
  async list(filter, { limit, offset }, viewerId = null) {
    const params = [viewerId];
    const where = whereClause(filter, params);
    const rows = await this.db.all(
      `${ARTICLE_SELECT} ${where}
       ORDER BY a.created_at DESC, a.id DESC
       LIMIT $${params.length + 1} OFFSET $${params.length + 2}`,
      [...params, limit, offset],
    );
    // The count query has no viewer column, so its filter parameters start at $1.
    const countParams = [];
    const countRow = await this.db.get(
      `SELECT COUNT(*) AS total FROM articles a JOIN users u ON u.id = a.author_id ${whereClause(filter, countParams)}`,
      countParams,
    );
    return { articles: await this.withTags(rows), count: Number(countRow.total) };
  }

  async findBySlug(slug, viewerId = null) {
    const row = await this.db.get(`${ARTICLE_SELECT} WHERE a.slug = $2`, [viewerId, slug]);
    return row ? (await this.withTags([row]))[0] : null;
  }

  async findById(id, viewerId = null) {
    const row = await this.db.get(`${ARTICLE_SELECT} WHERE a.id = $2`, [viewerId, id]);
    return row ? (await this.withTags([row]))[0] : null;
  }

  async slugExists(slug, exceptId = null) {
    const row = await this.db.get('SELECT id FROM articles WHERE slug = $1', [slug]);
    return row !== undefined && row.id !== exceptId;
  }

  /** Inserts the article and returns its id. */
  async create({ slug, title, description, body, authorId, now }) {
    const row = await this.db.get(
      `INSERT INTO articles (slug, title, description, body, author_id, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id`,
      [slug, title, description, body, authorId, now.toISOString()],
    );
    return row.id;
  }

  /** `changes` holds any of slug, title, description, body. */
  async update(id, changes, now) {
    const fields = Object.keys(changes);
    const assignments = fields.map((field, index) => `${UPDATABLE_COLUMNS[field]} = $${index + 1}`);
    const params = fields.map((field) => changes[field]);
    await this.db.run(
      `UPDATE articles SET ${[...assignments, `updated_at = $${params.length + 1}`].join(', ')}
       WHERE id = $${params.length + 2}`,
      [...params, now.toISOString(), id],
    );
  }

  /** Deletes the article; its comments, favorites and tag links go with it (ON DELETE CASCADE). */
  async delete(id) {
    await this.db.run('DELETE FROM articles WHERE id = $1', [id]);
  }

  /** Replaces the article's tags with `tagIds`, keeping their order. */
  async setTags(articleId, tagIds) {
    await this.db.run('DELETE FROM article_tags WHERE article_id = $1', [articleId]);
    for (const [position, tagId] of tagIds.entries()) {
      await this.db.run('INSERT INTO article_tags (article_id, tag_id, position) VALUES ($1, $2, $3)', [articleId, tagId, position]);
    }
  }

  async favorite(userId, articleId) {
    await this.db.run('INSERT INTO favorites (user_id, article_id) VALUES ($1, $2) ON CONFLICT DO NOTHING', [userId, articleId]);
  }

  async unfavorite(userId, articleId) {
    await this.db.run('DELETE FROM favorites WHERE user_id = $1 AND article_id = $2', [userId, articleId]);
  }

  async withTags(rows) {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const tagRows = await this.db.all(
      `SELECT atg.article_id, t.name FROM article_tags atg
       JOIN tags t ON t.id = atg.tag_id
       WHERE atg.article_id IN (${placeholders(ids.length)})
       ORDER BY atg.article_id, atg.position`,
      ids,
    );
    const tagsById = new Map(ids.map((id) => [id, []]));
    for (const { article_id: articleId, name } of tagRows) {
      tagsById.get(articleId).push(name);
    }
    return rows.map((row) => toArticle(row, tagsById.get(row.id)));
  }
}

module.exports = { ArticleRepository };
