'use strict';

class TagService {
  constructor({ unitOfWork }) {
    this.unitOfWork = unitOfWork;
  }

  list() {
    return this.unitOfWork.run(({ tags }) => tags.listInUse());
  }
}

module.exports = { TagService };
