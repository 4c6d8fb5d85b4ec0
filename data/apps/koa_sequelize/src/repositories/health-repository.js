export class HealthRepository {
  constructor(sequelize) {
    this.sequelize = sequelize;
  }

  async ping() {
    await this.sequelize.query('SELECT 1');
  }
}
