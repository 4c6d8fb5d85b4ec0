'use strict';

class HealthService {
  constructor({ unitOfWork }) {
    this.unitOfWork = unitOfWork;
  }

  /** Resolves when the database answers. */
  check() {
    return this.unitOfWork.run(({ health }) => health.ping());
  }
}

module.exports = { HealthService };
