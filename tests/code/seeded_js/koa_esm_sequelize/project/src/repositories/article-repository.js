import { Article, User, Tag } from '../models/index.js';

export function findBySlug(slug) {
  return Article.findOne({ where: { slug }, include: [{ model: User, as: 'user' }, { model: Tag, as: 'tagList' }] });
}

export function createArticle(data) {
  return Article.create(data);
}
