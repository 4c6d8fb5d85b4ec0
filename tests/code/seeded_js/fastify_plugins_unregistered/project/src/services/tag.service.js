const { Tag } = require('../models');
const { paginate } = require('../utils/pagination');

async function popularTags(query = {}) {
  const tags = await Tag.findAll({ ...paginate(query) });
  return tags.map((t) => t.name);
}

module.exports = { popularTags };
