import { Article } from '../models/article.js';

/**
 * One article row per match, with what the viewer sees: the favorite count, whether the
 * viewer favorited it and follows its author. The two `?` are the viewer's id (null for
 * an anonymous viewer, which matches nothing).
 */
const ARTICLE_SELECT = `
SELECT a.id, a.slug, a.title, a.description, a.body, a.author_id, a.created_at, a.updated_at,
       u.username AS author_username, u.bio AS author_bio, u.image AS author_image,
       CAST((SELECT COUNT(*) FROM favorites f WHERE f.article_id = a.id) AS INTEGER) AS favorites_count,
       EXISTS (SELECT 1 FROM favorites f WHERE f.article_id = a.id AND f.user_id = ?) AS favorited,
       EXISTS (SELECT 1 FROM follows fo WHERE fo.followed_id = a.author_id AND fo.follower_id = ?) AS following
  FROM articles a JOIN users u ON u.id = a.author_id`;

const NEWEST_FIRST = 'ORDER BY a.created_at DESC, a.id DESC';

/** Columns that `update` may change, by Article field name. */
const UPDATABLE = { slug: 'slug', title: 'title', description: 'description', body: 'body' };

function placeholders(count) {
  return Array.from({ length: count }, () => '?').join(', ');
}

/** The WHERE clause and its parameters for a list filter: tag, author, favorited (usernames), followerId (the feed). */
function filterClause({ tag, author, favorited, followerId }) {
  const conditions = [];
  const params = [];
  if (tag) {
    conditions.push('a.id IN (SELECT at.article_id FROM article_tags at JOIN tags t ON t.id = at.tag_id WHERE t.name = ?)');
    params.push(tag);
  }
  if (author) {
    conditions.push('a.author_id IN (SELECT id FROM users WHERE username = ?)');
    params.push(author);
  }
  if (favorited) {
    conditions.push('a.id IN (SELECT f.article_id FROM favorites f JOIN users fu ON fu.id = f.user_id WHERE fu.username = ?)');
    params.push(favorited);
  }
  if (followerId != null) {
    conditions.push('a.author_id IN (SELECT followed_id FROM follows WHERE follower_id = ?)');
    params.push(followerId);
  }
  return { where: conditions.length ? `WHERE ${conditions.join(' AND ')}` : '', params };
}

/** Articles, their tags (in the author's order) and favorites. */
export class ArticleRepository {
  constructor(session) {
    this.db = session;
  }

  async findBySlug(slug, viewerId) {
    const row = await this.db.get(`${ARTICLE_SELECT} WHERE a.slug = ?`, [viewerId, viewerId, slug]);
    return row && (await this.#withTags([row]))[0];
  }

  /** One page of the matching articles, newest first, and how many match in all. */
  async list(filter, { limit, offset }, viewerId) {
    const { where, params } = filterClause(filter);
    const rows = await this.db.all(`${ARTICLE_SELECT} ${where} ${NEWEST_FIRST} LIMIT ? OFFSET ?`, [viewerId, viewerId, ...params, limit, offset]);
    const total = await this.db.get(`SELECT CAST(COUNT(*) AS INTEGER) AS count FROM articles a ${where}`, params);
    return { articles: await this.#withTags(rows), articlesCount: total.count };
  }

  async slugExists(slug, exceptId = null) {
    const row = await this.db.get('SELECT id FROM articles WHERE slug = ?', [slug]);
    return row !== null && row.id !== exceptId;
  }

  async create({ slug, title, description, body, authorId, now }) {
    const row = await this.db.get(
      `INSERT INTO articles (slug, title, description, body, author_id, created_at, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`,
      [slug, title, description, body, authorId, now, now],
    );
    return row.id;
  }

  /** Set the given fields (a subset of UPDATABLE's keys) and updated_at. */
  async update(id, fields, now) {
    const names = Object.keys(fields).filter((name) => name in UPDATABLE);
    const assignments = names.map((name) => `${UPDATABLE[name]} = ?`).join(', ');
    const separator = assignments ? ', ' : '';
    await this.db.run(`UPDATE articles SET ${assignments}${separator}updated_at = ? WHERE id = ?`, [...names.map((name) => fields[name]), now, id]);
  }

  /** Replace the article's tags; `tagIds` is in the order the author gave. */
  async setTags(articleId, tagIds) {
    await this.db.run('DELETE FROM article_tags WHERE article_id = ?', [articleId]);
    for (const [position, tagId] of tagIds.entries()) {
      await this.db.run('INSERT INTO article_tags (article_id, tag_id, position) VALUES (?, ?, ?)', [articleId, tagId, position]);
    }
  }

  /** Delete the article; its tags, favorites and comments go with it (ON DELETE CASCADE). */
  async delete(id) {
    await this.db.run('DELETE FROM articles WHERE id = ?', [id]);
  }

  async favorite(userId, articleId) {
    await this.db.run('INSERT INTO favorites (user_id, article_id) VALUES (?, ?) ON CONFLICT DO NOTHING', [userId, articleId]);
  }

  async unfavorite(userId, articleId) {
    await this.db.run('DELETE FROM favorites WHERE user_id = ? AND article_id = ?', [userId, articleId]);
  }

  async #withTags(rows) {
    if (rows.length === 0) return [];
    const ids = rows.map((row) => row.id);
    const tagRows = await this.db.all(
      `SELECT at.article_id, t.name FROM article_tags at JOIN tags t ON t.id = at.tag_id
        WHERE at.article_id IN (${placeholders(ids.length)}) ORDER BY at.article_id, at.position`,
      ids,
    );
    const tagsByArticle = new Map(ids.map((id) => [id, []]));
    for (const { article_id: articleId, name } of tagRows) tagsByArticle.get(articleId).push(name);
    return rows.map((row) => Article.fromRow(row, tagsByArticle.get(row.id)));
  }
}
