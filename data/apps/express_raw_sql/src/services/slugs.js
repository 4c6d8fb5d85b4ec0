'use strict';

/** "How to Train Your Dragon!" -> "how-to-train-your-dragon" (accents dropped). */
function slugify(title) {
  const ascii = title.normalize('NFKD').replace(/[^\x00-\x7f]/g, '');
  const slug = ascii
    .replace(/[^a-zA-Z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
  return slug || 'article';
}

module.exports = { slugify };
