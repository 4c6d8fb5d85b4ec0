'use strict';

const { Op } = require('sequelize');

const NEWEST_FIRST = [
  ['createdAt', 'DESC'],
  ['id', 'DESC'],
];

/** An article as the services see it: its columns, `author` (a user) and `tagList` (names, in order). */
function toRecord(article) {
  const { tags, author, ...columns } = article.get({ plain: true });
  const tagList = tags
    .sort((a, b) => a.ArticleTag.position - b.ArticleTag.position)
    .map((tag) => tag.name);
  return { ...columns, author, tagList };
}

/** Articles with their tags and favorites. Returns plain records (see toRecord). */
class ArticleRepository {
  constructor({ sequelize, Article, Tag, ArticleTag, Favorite }) {
    this.sequelize = sequelize;
    this.Article = Article;
    this.Tag = Tag;
    this.ArticleTag = ArticleTag;
    this.Favorite = Favorite;
  }

  /** The eager loading every read uses: the author and the tags with their positions. */
  details() {
    return [
      { association: 'author' },
      { association: 'tags', attributes: ['name'], through: { attributes: ['position'] } },
    ];
  }

  async findById(id, transaction) {
    const article = await this.Article.findByPk(id, { include: this.details(), transaction });
    return article ? toRecord(article) : null;
  }

  async findBySlug(slug) {
    const article = await this.Article.findOne({ where: { slug }, include: this.details() });
    return article ? toRecord(article) : null;
  }

  async slugExists(slug, exceptId = null) {
    const where = exceptId === null ? { slug } : { slug, id: { [Op.ne]: exceptId } };
    return (await this.Article.count({ where })) > 0;
  }

  /**
   * One page of articles, newest first, and the number of matches.
   * `filter` may hold tag, author (a username), favorited (a username) and followedBy (a user id).
   */
  async list(filter, { limit, offset }) {
    // Each filter joins at most one row per article, so the page can be cut on the joined rows.
    const { rows, count } = await this.Article.findAndCountAll({
      attributes: ['id'],
      include: this.filterJoins(filter),
      order: NEWEST_FIRST,
      limit,
      offset,
      subQuery: false,
      distinct: true,
      col: 'id',
    });
    const ids = rows.map((row) => row.id);
    if (ids.length === 0) {
      return { articles: [], total: count };
    }
    const articles = await this.Article.findAll({
      where: { id: { [Op.in]: ids } },
      include: this.details(),
      order: NEWEST_FIRST,
    });
    return { articles: articles.map(toRecord), total: count };
  }

  filterJoins({ tag, author, favorited, followedBy }) {
    const joins = [];
    if (tag) {
      joins.push({ association: 'tags', attributes: [], where: { name: tag }, through: { attributes: [] } });
    }
    if (favorited) {
      joins.push({ association: 'favoritedBy', attributes: [], where: { username: favorited }, through: { attributes: [] } });
    }
    if (author || followedBy) {
      const authorJoin = { association: 'author', attributes: [], required: true };
      if (author) {
        authorJoin.where = { username: author };
      }
      if (followedBy) {
        authorJoin.include = [{ association: 'followers', attributes: [], where: { id: followedBy }, through: { attributes: [] } }];
      }
      joins.push(authorJoin);
    }
    return joins;
  }

  /** Creates an article with its tags (names, in order) in one transaction. */
  async create({ slug, title, description, body, authorId, tagNames }) {
    return this.sequelize.transaction(async (transaction) => {
      const article = await this.Article.create({ slug, title, description, body, authorId }, { transaction });
      await this.replaceTags(article.id, tagNames, transaction);
      return this.findById(article.id, transaction);
    });
  }

  /** Applies `changes` (slug, title, description, body) and, unless undefined, the new tag names. */
  async update(id, changes, tagNames) {
    return this.sequelize.transaction(async (transaction) => {
      const article = await this.Article.findByPk(id, { transaction });
      article.set(changes);
      // A request that only changes the tags changes no column; it is still an update.
      article.changed('updatedAt', true);
      await article.save({ transaction });
      if (tagNames !== undefined) {
        await this.replaceTags(id, tagNames, transaction);
      }
      return this.findById(id, transaction);
    });
  }

  /** Deletes the article; its comments, favorites and tag links go with it (ON DELETE CASCADE). */
  async delete(id) {
    await this.Article.destroy({ where: { id } });
  }

  async replaceTags(articleId, names, transaction) {
    await this.ArticleTag.destroy({ where: { articleId }, transaction });
    if (names.length === 0) {
      return;
    }
    await this.Tag.bulkCreate(
      names.map((name) => ({ name })),
      { ignoreDuplicates: true, transaction },
    );
    const tags = await this.Tag.findAll({ where: { name: { [Op.in]: names } }, transaction });
    const idByName = new Map(tags.map((tag) => [tag.name, tag.id]));
    await this.ArticleTag.bulkCreate(
      names.map((name, position) => ({ articleId, tagId: idByName.get(name), position })),
      { transaction },
    );
  }

  /** Map of article id to its number of favorites (articles without any are left out). */
  async favoritesCounts(articleIds) {
    if (articleIds.length === 0) {
      return new Map();
    }
    const rows = await this.Favorite.findAll({
      attributes: ['articleId', [this.sequelize.fn('COUNT', this.sequelize.col('user_id')), 'count']],
      where: { articleId: { [Op.in]: articleIds } },
      group: ['articleId'],
      raw: true,
    });
    // PostgreSQL returns COUNT as a string (bigint).
    return new Map(rows.map((row) => [row.articleId, Number(row.count)]));
  }

  /** The ids among `articleIds` that `userId` has favorited. */
  async favoritedAmong(userId, articleIds) {
    if (articleIds.length === 0) {
      return new Set();
    }
    const rows = await this.Favorite.findAll({
      attributes: ['articleId'],
      where: { userId, articleId: { [Op.in]: articleIds } },
    });
    return new Set(rows.map((row) => row.articleId));
  }

  async favorite(userId, articleId) {
    await this.Favorite.bulkCreate([{ userId, articleId }], { ignoreDuplicates: true });
  }

  async unfavorite(userId, articleId) {
    await this.Favorite.destroy({ where: { userId, articleId } });
  }
}

module.exports = { ArticleRepository };
