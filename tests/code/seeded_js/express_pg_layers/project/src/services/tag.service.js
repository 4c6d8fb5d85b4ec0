const tagRepository = require('../repositories/tag.repository');

async function getTags() {
  return { tags: await tagRepository.findAllTags() };
}

module.exports = { getTags };
