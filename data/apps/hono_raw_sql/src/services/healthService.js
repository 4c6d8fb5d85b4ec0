/** Whether the service and its database work. */
export class HealthService {
  constructor(store) {
    this.store = store;
  }

  async check() {
    await this.store.transaction(({ health }) => health.ping());
    return { status: 'ok' };
  }
}
