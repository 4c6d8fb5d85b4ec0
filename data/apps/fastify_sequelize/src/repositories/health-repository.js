'use strict';

class HealthRepository {
  constructor({ sequelize }) {
    this.sequelize = sequelize;
  }

  /** Runs a trivial query; throws when the database does not answer. */
  async ping() {
    await this.sequelize.query('SELECT 1');
  }
}

module.exports = { HealthRepository };
