'use strict';

/** A URL slug from a title: "How to Train Your Dragon!" -> "how-to-train-your-dragon". */
function slugify(title) {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'article';
}

module.exports = { slugify };
