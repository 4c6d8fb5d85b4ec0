export class TagService {
  constructor({ tags }) {
    this.tags = tags;
  }

  /** Tags used by at least one article, alphabetical. */
  list() {
    return this.tags.namesInUse();
  }
}
