'use strict';

const { ForbiddenError, NotFoundError } = require('../errors');
const { slugify } = require('./slugs');
const v = require('./validation');

const UPDATABLE_FIELDS = ['title', 'description', 'body', 'tagList'];

/** Articles: listing, the feed, create, read, update, delete, favorites. */
class ArticleService {
  constructor({ unitOfWork, clock }) {
    this.unitOfWork = unitOfWork;
    this.clock = clock;
  }

  /** query: { tag, author, favorited, limit, offset } as strings from the query string. */
  list(query, viewer) {
    const page = v.pagination(query.limit, query.offset);
    const filter = {
      tag: v.filterParam(query.tag, 'tag'),
      author: v.filterParam(query.author, 'author'),
      favoritedBy: v.filterParam(query.favorited, 'favorited'),
    };
    return this.unitOfWork.run(({ articles }) => articles.list(filter, page, viewerId(viewer)));
  }

  /** Articles by the authors the viewer follows. */
  feed(query, viewer) {
    const page = v.pagination(query.limit, query.offset);
    return this.unitOfWork.run(({ articles }) => articles.list({ followedBy: viewer.id }, page, viewer.id));
  }

  get(slug, viewer) {
    return this.unitOfWork.run(({ articles }) => requireArticle(articles, slug, viewer));
  }

  create(author, payload) {
    const data = v.requireObject(payload, 'article');
    const title = v.requiredString(data, 'title');
    const description = v.requiredString(data, 'description');
    const body = v.requiredString(data, 'body');
    const tagNames = v.tagList(data.tagList);
    return this.unitOfWork.run(async ({ articles, tags }) => {
      const slug = await uniqueSlug(articles, title);
      const id = await articles.create({ slug, title, description, body, authorId: author.id, now: this.clock() });
      await articles.setTags(id, await tags.ensure(tagNames));
      return articles.findById(id, author.id);
    });
  }

  /** Checked in this order: the article exists (404), the viewer wrote it (403), the body (422). */
  update(viewer, slug, payload) {
    return this.unitOfWork.run(async ({ articles, tags }) => {
      const article = await requireOwnArticle(articles, slug, viewer);
      const data = v.requireObject(payload, 'article');
      v.requireAnyField(data, UPDATABLE_FIELDS);
      const changes = {};
      if ('title' in data) {
        const title = v.requiredString(data, 'title');
        if (title !== article.title) {
          changes.title = title;
          changes.slug = await uniqueSlug(articles, title, article.id);
        }
      }
      if ('description' in data) changes.description = v.requiredString(data, 'description');
      if ('body' in data) changes.body = v.requiredString(data, 'body');
      const tagNames = 'tagList' in data ? v.tagList(data.tagList) : null;
      await articles.update(article.id, changes, this.clock());
      if (tagNames) await articles.setTags(article.id, await tags.ensure(tagNames));
      return articles.findById(article.id, viewer.id);
    });
  }

  delete(viewer, slug) {
    return this.unitOfWork.run(async ({ articles }) => {
      const article = await requireOwnArticle(articles, slug, viewer);
      await articles.delete(article.id);
    });
  }

  favorite(viewer, slug) {
    return this.unitOfWork.run(async ({ articles }) => {
      const article = await requireArticle(articles, slug, viewer);
      await articles.favorite(viewer.id, article.id);
      return articles.findById(article.id, viewer.id);
    });
  }

  unfavorite(viewer, slug) {
    return this.unitOfWork.run(async ({ articles }) => {
      const article = await requireArticle(articles, slug, viewer);
      await articles.unfavorite(viewer.id, article.id);
      return articles.findById(article.id, viewer.id);
    });
  }
}

function viewerId(viewer) {
  return viewer ? viewer.id : null;
}

async function requireArticle(articles, slug, viewer) {
  const article = await articles.findBySlug(slug, viewerId(viewer));
  if (!article) throw new NotFoundError('article not found');
  return article;
}

async function requireOwnArticle(articles, slug, viewer) {
  const article = await requireArticle(articles, slug, viewer);
  if (article.authorId !== viewer.id) throw new ForbiddenError('only the author can change this article');
  return article;
}

/** The title's slug, or the first free one of slug-2, slug-3, ... */
async function uniqueSlug(articles, title, exceptId = null) {
  const base = slugify(title);
  let slug = base;
  for (let n = 2; await articles.slugExists(slug, exceptId); n += 1) {
    slug = `${base}-${n}`;
  }
  return slug;
}

module.exports = { ArticleService };
