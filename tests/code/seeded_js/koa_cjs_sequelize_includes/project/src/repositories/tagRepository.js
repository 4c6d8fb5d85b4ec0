const { Tag } = require('../models');

async function allTagNames() {
  const tags = Tag.findAll({ attributes: ['name'] });
  return tags.map((tag) => tag.name);
}

module.exports = { allTagNames };
