const articleRepository = require('../repositories/articleRepository');

async function list() {
  const rows = await articleRepository.all();
  return rows.map((row) => ({ slug: row.slug, title: row.title }));
}

module.exports = { list };
