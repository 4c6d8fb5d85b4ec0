'use strict';

class HealthRepository {
  constructor(connection) {
    this.db = connection;
  }

  async ping() {
    await this.db.get('SELECT 1 AS ok');
  }
}

module.exports = { HealthRepository };
