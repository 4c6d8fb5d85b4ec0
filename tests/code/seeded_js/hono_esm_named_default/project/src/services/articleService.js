import { listArticles, insertArticle } from '../repositories/articleRepository.js';
import { unique } from '../lib/slug.cjs';

export function list(query) {
  const articles = listArticles(Number(query.limit) || 20, Number(query.offset) || 0);
  return { articles, articlesCount: articles.length };
}

export function create(input) {
  return insertArticle({ ...input, slug: unique(input.title) });
}
