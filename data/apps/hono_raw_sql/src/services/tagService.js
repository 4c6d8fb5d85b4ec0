/** The tags in use. */
export class TagService {
  constructor(store) {
    this.store = store;
  }

  list() {
    return this.store.transaction(({ tags }) => tags.listUsed());
  }
}
