import { Op } from 'sequelize';

import { authorWithViewerFollow } from './includes.js';

const NEWEST_FIRST = [
  ['createdAt', 'DESC'],
  ['id', 'DESC'],
];

export class ArticleRepository {
  constructor(sequelize, { Article, ArticleTag, Favorite, Tag }) {
    this.sequelize = sequelize;
    this.Article = Article;
    this.ArticleTag = ArticleTag;
    this.Favorite = Favorite;
    this.Tag = Tag;
  }

  /** Everything an article response needs, loaded for one viewer (null when anonymous). */
  #fullIncludes(viewerId) {
    return [
      authorWithViewerFollow(viewerId),
      { association: 'tags', attributes: ['id', 'name'], through: { attributes: ['position'] } },
      { association: 'favoritedBy', attributes: ['id'], through: { attributes: [] } },
    ];
  }

  #fullOrder() {
    return [...NEWEST_FIRST, [{ model: this.Tag, as: 'tags' }, this.ArticleTag, 'position', 'ASC']];
  }

  findBySlug(slug, viewerId = null) {
    return this.Article.findOne({ where: { slug }, include: this.#fullIncludes(viewerId), order: this.#fullOrder() });
  }

  findById(id, viewerId = null) {
    return this.Article.findByPk(id, { include: this.#fullIncludes(viewerId), order: this.#fullOrder() });
  }

  async slugTaken(slug, exceptId = null) {
    const where = exceptId == null ? { slug } : { slug, id: { [Op.ne]: exceptId } };
    return (await this.Article.count({ where })) > 0;
  }

  /**
   * One page of articles, newest first, and the number of all matches. Filters: tag name,
   * author username, username who favorited, and followedBy (a user id: the feed).
   */
  async findPage({ tag, author, favorited, followedBy }, { limit, offset }, viewerId = null) {
    const include = [];
    if (tag) {
      include.push({ association: 'tags', where: { name: tag }, attributes: [], through: { attributes: [] } });
    }
    if (favorited) {
      include.push({ association: 'favoritedBy', where: { username: favorited }, attributes: [], through: { attributes: [] } });
    }
    if (author || followedBy != null) {
      include.push({
        association: 'author',
        attributes: [],
        required: true,
        where: author ? { username: author } : undefined,
        include:
          followedBy == null
            ? []
            : [{ association: 'followers', where: { id: followedBy }, attributes: [], through: { attributes: [] } }],
      });
    }
    // Each filter joins at most one row per article, so plain joins page correctly;
    // the full rows are loaded in a second query, without LIMIT next to the tag join.
    const { rows, count } = await this.Article.findAndCountAll({
      attributes: ['id'],
      include,
      order: NEWEST_FIRST,
      limit,
      offset,
      distinct: true,
      col: 'id',
      subQuery: false,
    });
    if (rows.length === 0) {
      return { articles: [], count };
    }
    const articles = await this.Article.findAll({
      where: { id: rows.map((row) => row.id) },
      include: this.#fullIncludes(viewerId),
      order: this.#fullOrder(),
    });
    return { articles, count };
  }

  /** Creates the article with its tags (in order) in one transaction; returns its id. */
  create(fields, tagNames) {
    return this.sequelize.transaction(async (transaction) => {
      const article = await this.Article.create(fields, { transaction });
      await this.#replaceTags(article.id, tagNames, transaction);
      return article.id;
    });
  }

  /** Applies the changed fields, and the tags when tagNames is given, in one transaction. */
  update(article, changes, tagNames = null) {
    return this.sequelize.transaction(async (transaction) => {
      article.set(changes);
      // Touch updatedAt even when only the tags change.
      article.changed('updatedAt', true);
      await article.save({ transaction });
      if (tagNames !== null) {
        await this.#replaceTags(article.id, tagNames, transaction);
      }
    });
  }

  /** Comments, favorites and tag links go with it (ON DELETE CASCADE). */
  async delete(article) {
    await article.destroy();
  }

  async favorite(userId, articleId) {
    await this.Favorite.findOrCreate({ where: { userId, articleId } });
  }

  async unfavorite(userId, articleId) {
    await this.Favorite.destroy({ where: { userId, articleId } });
  }

  async #replaceTags(articleId, tagNames, transaction) {
    await this.ArticleTag.destroy({ where: { articleId }, transaction });
    if (tagNames.length === 0) {
      return;
    }
    await this.Tag.bulkCreate(
      tagNames.map((name) => ({ name })),
      { ignoreDuplicates: true, transaction },
    );
    const tags = await this.Tag.findAll({ where: { name: tagNames }, transaction });
    const idByName = new Map(tags.map((tag) => [tag.name, tag.id]));
    await this.ArticleTag.bulkCreate(
      tagNames.map((name, position) => ({ articleId, tagId: idByName.get(name), position })),
      { transaction },
    );
  }
}
