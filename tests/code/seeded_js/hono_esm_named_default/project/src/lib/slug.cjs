const slugify = (title) => title.toLowerCase().trim().replace(/[^a-z0-9]+/g, '-');
const unique = (title) => `${slugify(title)}-${Math.random().toString(36).slice(2, 8)}`;

module.exports = Object.freeze({ slugify, unique });
