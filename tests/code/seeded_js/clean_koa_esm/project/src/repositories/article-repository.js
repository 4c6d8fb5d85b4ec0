import { Article, User, Tag } from '../models/index.js';

const withRelations = [{ model: User, as: 'author', attributes: ['username', 'bio'] }, { model: Tag, as: 'tagList' }];

export async function findBySlug(slug) {
  return Article.findOne({ where: { slug }, include: withRelations });
}

export async function listByAuthor(username) {
  return Article.findAll({ include: [{ model: User, as: 'author', where: { username } }, { association: 'tagList' }] });
}
