import { ForbiddenError, NotFoundError, ValidationError } from '../errors.js';
import { articleOf } from './presenters.js';
import { uniqueSlug } from './slug.js';
import * as validate from './validation.js';

const EDITABLE_FIELDS = ['title', 'description', 'body', 'tagList'];

/** Articles: listing, the feed, CRUD and favorites. Viewers are users or null. */
export class ArticleService {
  constructor({ articles }) {
    this.articles = articles;
  }

  async #require(slug, viewer) {
    const article = await this.articles.findBySlug(slug, viewer?.id);
    if (!article) {
      throw new NotFoundError('article not found');
    }
    return article;
  }

  async #requireOwn(slug, viewer, action) {
    const article = await this.#require(slug, viewer);
    if (article.authorId !== viewer.id) {
      throw new ForbiddenError(`only the author can ${action} this article`);
    }
    return article;
  }

  async #present(articleId, viewer) {
    return articleOf(await this.articles.findById(articleId, viewer.id), viewer.id);
  }

  async #page(filter, query, viewer) {
    const { articles, count } = await this.articles.findPage(
      filter,
      validate.pagination(query.limit, query.offset),
      viewer?.id,
    );
    return { articles: articles.map((article) => articleOf(article, viewer?.id)), articlesCount: count };
  }

  list(query, viewer) {
    const { tag, author, favorited } = query;
    return this.#page({ tag, author, favorited }, query, viewer);
  }

  feed(query, viewer) {
    return this.#page({ followedBy: viewer.id }, query, viewer);
  }

  async get(slug, viewer) {
    return articleOf(await this.#require(slug, viewer), viewer?.id);
  }

  async create(payload, viewer) {
    const data = validate.requireObject(payload, 'article');
    const title = validate.requiredString(data, 'title');
    const description = validate.requiredString(data, 'description');
    const body = validate.requiredString(data, 'body');
    const tagNames = validate.tagList(data.tagList);
    const slug = await uniqueSlug(title, (candidate) => this.articles.slugTaken(candidate));
    const id = await this.articles.create({ slug, title, description, body, authorId: viewer.id }, tagNames);
    return this.#present(id, viewer);
  }

  async update(slug, payload, viewer) {
    const article = await this.#requireOwn(slug, viewer, 'update');
    const data = validate.requireObject(payload, 'article');
    if (!EDITABLE_FIELDS.some((field) => field in data)) {
      throw new ValidationError('at least one field is required');
    }
    const changes = {};
    if ('title' in data) {
      changes.title = validate.requiredString(data, 'title');
      if (changes.title !== article.title) {
        changes.slug = await uniqueSlug(changes.title, (candidate) => this.articles.slugTaken(candidate, article.id));
      }
    }
    for (const field of ['description', 'body']) {
      if (field in data) {
        changes[field] = validate.requiredString(data, field);
      }
    }
    const tagNames = 'tagList' in data ? validate.tagList(data.tagList) : null;
    await this.articles.update(article, changes, tagNames);
    return this.#present(article.id, viewer);
  }

  async delete(slug, viewer) {
    await this.articles.delete(await this.#requireOwn(slug, viewer, 'delete'));
  }

  async favorite(slug, viewer) {
    const article = await this.#require(slug, viewer);
    await this.articles.favorite(viewer.id, article.id);
    return this.#present(article.id, viewer);
  }

  async unfavorite(slug, viewer) {
    const article = await this.#require(slug, viewer);
    await this.articles.unfavorite(viewer.id, article.id);
    return this.#present(article.id, viewer);
  }
}
