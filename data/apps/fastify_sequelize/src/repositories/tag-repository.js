'use strict';

class TagRepository {
  constructor({ Tag }) {
    this.Tag = Tag;
  }

  /** Names of the tags at least one article uses, sorted. */
  async namesInUse() {
    const tags = await this.Tag.findAll({
      attributes: ['id', 'name'],
      include: [{ association: 'articles', attributes: [], required: true, through: { attributes: [] } }],
      order: [['name', 'ASC']],
    });
    // Sequelize folds the joined rows back into one instance per tag.
    return tags.map((tag) => tag.name);
  }
}

module.exports = { TagRepository };
