'use strict';

class HealthService {
  constructor({ health }) {
    this.health = health;
  }

  /** Answers once the database does. */
  async check() {
    await this.health.ping();
    return { status: 'ok' };
  }
}

module.exports = { HealthService };
