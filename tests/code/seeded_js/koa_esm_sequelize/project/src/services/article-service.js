import articleRepository from '../repositories/article-repository.js';
import { slugify } from './slug';

export async function getArticle(slug) {
  return articleRepository.findBySlug(slug);
}

export async function createArticle(input, authorId) {
  return articleRepository.createArticle({ ...input, slug: slugify(input.title), authorId });
}
