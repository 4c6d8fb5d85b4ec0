import { now } from './clock.js';
import { ForbiddenError, NotFoundError, ValidationError } from './errors.js';
import { slugify } from './slugs.js';
import * as validate from './validation.js';

const EDITABLE_TEXT = ['title', 'description', 'body'];

/** Articles, the feed and favorites. `viewer` is the signed-in User, or null. */
export class ArticleService {
  constructor(store) {
    this.store = store;
  }

  /** query: the request's tag, author, favorited, limit and offset (strings or undefined). */
  list(query, viewer) {
    const page = validate.pagination(query);
    const filter = { tag: query.tag, author: query.author, favorited: query.favorited };
    return this.store.transaction(({ articles }) => articles.list(filter, page, viewer?.id ?? null));
  }

  /** Articles by the authors the viewer follows. */
  feed(query, viewer) {
    const page = validate.pagination(query);
    return this.store.transaction(({ articles }) => articles.list({ followerId: viewer.id }, page, viewer.id));
  }

  get(slug, viewer) {
    return this.store.transaction(({ articles }) => this.#require(articles, slug, viewer));
  }

  create(payload, author) {
    const data = validate.requireObject(payload, 'article');
    const [title, description, body] = EDITABLE_TEXT.map((field) => validate.requiredString(data, field));
    const tagNames = validate.tagList(data.tagList);
    return this.store.transaction(async ({ articles, tags }) => {
      const slug = await this.#uniqueSlug(articles, title);
      const id = await articles.create({ slug, title, description, body, authorId: author.id, now: now() });
      await articles.setTags(id, await tags.idsFor(tagNames));
      return this.#require(articles, slug, author);
    });
  }

  /** Checks in the order 404, 403, then 422. A new title gives a new slug. */
  update(slug, payload, viewer) {
    return this.store.transaction(async ({ articles, tags }) => {
      const article = await this.#requireOwn(articles, slug, viewer);
      const data = validate.requireObject(payload, 'article');
      const fields = {};
      for (const field of EDITABLE_TEXT) {
        if (data[field] !== undefined) fields[field] = validate.requiredString(data, field);
      }
      const tagNames = data.tagList === undefined ? undefined : validate.tagList(data.tagList);
      if (Object.keys(fields).length === 0 && tagNames === undefined) {
        throw new ValidationError('article has no fields to update');
      }
      if (fields.title !== undefined && fields.title !== article.title) {
        fields.slug = await this.#uniqueSlug(articles, fields.title, article.id);
      }
      await articles.update(article.id, fields, now());
      if (tagNames !== undefined) await articles.setTags(article.id, await tags.idsFor(tagNames));
      return this.#require(articles, fields.slug ?? slug, viewer);
    });
  }

  delete(slug, viewer) {
    return this.store.transaction(async ({ articles }) => {
      const article = await this.#requireOwn(articles, slug, viewer);
      await articles.delete(article.id);
    });
  }

  favorite(slug, viewer) {
    return this.store.transaction(async ({ articles }) => {
      const article = await this.#require(articles, slug, viewer);
      await articles.favorite(viewer.id, article.id);
      return this.#require(articles, slug, viewer);
    });
  }

  unfavorite(slug, viewer) {
    return this.store.transaction(async ({ articles }) => {
      const article = await this.#require(articles, slug, viewer);
      await articles.unfavorite(viewer.id, article.id);
      return this.#require(articles, slug, viewer);
    });
  }

  async #require(articles, slug, viewer) {
    const article = await articles.findBySlug(slug, viewer?.id ?? null);
    if (!article) throw new NotFoundError('article not found');
    return article;
  }

  async #requireOwn(articles, slug, viewer) {
    const article = await this.#require(articles, slug, viewer);
    if (article.authorId !== viewer.id) throw new ForbiddenError('only the author can change this article');
    return article;
  }

  /** The title's slug, or with -2, -3, ... when another article already has it. */
  async #uniqueSlug(articles, title, exceptId = null) {
    const base = slugify(title);
    let slug = base;
    for (let n = 2; await articles.slugExists(slug, exceptId); n += 1) slug = `${base}-${n}`;
    return slug;
  }
}
