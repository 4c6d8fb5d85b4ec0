import * as articles from '../repositories/article-repository.js';

export default {
  async get(slug) {
    const article = await articles.findBySlug(slug);
    if (!article) return null;
    return { slug: article.slug, title: article.title, author: article.author, tagList: article.tagList.map((t) => t.name) };
  },
  async byAuthor(username) {
    const rows = await articles.listByAuthor(username);
    return rows.map((a) => ({ slug: a.slug, title: a.title }));
  },
};
