export class TagRepository {
  constructor({ Tag }) {
    this.Tag = Tag;
  }

  /** Names of the tags at least one article uses, alphabetical. */
  async namesInUse() {
    const tags = await this.Tag.findAll({
      attributes: ['id', 'name'],
      include: [{ association: 'articles', attributes: [], through: { attributes: [] }, required: true }],
      order: [['name', 'ASC']],
    });
    return tags.map((tag) => tag.name);
  }
}
