'use strict';

class TagService {
  constructor({ tags }) {
    this.tags = tags;
  }

  list() {
    return this.tags.namesInUse();
  }
}

module.exports = { TagService };
