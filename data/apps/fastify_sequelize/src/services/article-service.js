'use strict';

const { ForbiddenError, NotFoundError, ValidationError } = require('../errors');
const { slugify } = require('./slugs');
const v = require('./validation');
const { articleView } = require('./views');

const EDITABLE_FIELDS = ['title', 'description', 'body', 'tagList'];

/** Articles: listing, the feed, reading, writing and favorites. */
class ArticleService {
  constructor({ articles, users }) {
    this.articles = articles;
    this.users = users;
  }

  async list(viewer, query) {
    const page = v.pagination(query);
    const filter = { tag: query.tag || null, author: query.author || null, favorited: query.favorited || null };
    return this.page(viewer, await this.articles.list(filter, page));
  }

  async feed(viewer, query) {
    const page = v.pagination(query);
    return this.page(viewer, await this.articles.list({ followedBy: viewer.id }, page));
  }

  async get(slug, viewer) {
    return this.view(await this.requireArticle(slug), viewer);
  }

  async create(author, payload) {
    const data = v.requireObject(payload, 'article');
    const title = v.requiredString(data, 'title');
    const article = await this.articles.create({
      slug: await this.uniqueSlug(title),
      title,
      description: v.requiredString(data, 'description'),
      body: v.requiredString(data, 'body'),
      authorId: author.id,
      tagNames: v.tagList(data.tagList),
    });
    return this.view(article, author);
  }

  async update(viewer, slug, payload) {
    const article = await this.requireArticle(slug);
    if (article.authorId !== viewer.id) {
      throw new ForbiddenError('only the author can update this article');
    }
    const data = v.requireObject(payload, 'article');
    if (!EDITABLE_FIELDS.some((field) => field in data)) {
      throw new ValidationError('at least one field is required');
    }
    const changes = {};
    if ('title' in data) {
      changes.title = v.requiredString(data, 'title');
      if (changes.title !== article.title) {
        changes.slug = await this.uniqueSlug(changes.title, article.id);
      }
    }
    for (const field of ['description', 'body']) {
      if (field in data) {
        changes[field] = v.requiredString(data, field);
      }
    }
    const tagNames = 'tagList' in data ? v.tagList(data.tagList) : undefined;
    return this.view(await this.articles.update(article.id, changes, tagNames), viewer);
  }

  async delete(viewer, slug) {
    const article = await this.requireArticle(slug);
    if (article.authorId !== viewer.id) {
      throw new ForbiddenError('only the author can delete this article');
    }
    await this.articles.delete(article.id);
  }

  async favorite(viewer, slug) {
    const article = await this.requireArticle(slug);
    await this.articles.favorite(viewer.id, article.id);
    return this.view(article, viewer);
  }

  async unfavorite(viewer, slug) {
    const article = await this.requireArticle(slug);
    await this.articles.unfavorite(viewer.id, article.id);
    return this.view(article, viewer);
  }

  async requireArticle(slug) {
    const article = await this.articles.findBySlug(slug);
    if (!article) {
      throw new NotFoundError('article not found');
    }
    return article;
  }

  /** The title's slug, with -2, -3, ... appended while another article has it. */
  async uniqueSlug(title, exceptId = null) {
    const base = slugify(title);
    let slug = base;
    for (let n = 2; await this.articles.slugExists(slug, exceptId); n += 1) {
      slug = `${base}-${n}`;
    }
    return slug;
  }

  async page(viewer, { articles, total }) {
    const views = await this.views(articles, viewer, { withBody: false });
    return { articles: views, articlesCount: total };
  }

  async view(article, viewer) {
    const [view] = await this.views([article], viewer, { withBody: true });
    return view;
  }

  /** Views of `articles` with favorites and follows computed for the viewer (anonymous: null). */
  async views(articles, viewer, options) {
    const ids = articles.map((article) => article.id);
    const authorIds = [...new Set(articles.map((article) => article.authorId))];
    const [counts, favorited, followed] = await Promise.all([
      this.articles.favoritesCounts(ids),
      viewer ? this.articles.favoritedAmong(viewer.id, ids) : new Set(),
      viewer ? this.users.followedAmong(viewer.id, authorIds) : new Set(),
    ]);
    return articles.map((article) =>
      articleView(
        article,
        {
          favorited: favorited.has(article.id),
          favoritesCount: counts.get(article.id) ?? 0,
          following: followed.has(article.authorId),
        },
        options,
      ),
    );
  }
}

module.exports = { ArticleService };
