/** Whether the database answers. */
export class HealthRepository {
  constructor(session) {
    this.db = session;
  }

  async ping() {
    await this.db.get('SELECT 1 AS ok');
  }
}
