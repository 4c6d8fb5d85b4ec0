export class HealthService {
  constructor({ health }) {
    this.health = health;
  }

  /** Fails (and so answers 500) when the database does not answer. */
  async check() {
    await this.health.ping();
    return { status: 'ok' };
  }
}
