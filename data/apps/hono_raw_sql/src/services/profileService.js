import { NotFoundError, ValidationError } from './errors.js';

/** Profiles and following. `viewer` is the signed-in User, or null. */
export class ProfileService {
  constructor(store) {
    this.store = store;
  }

  get(username, viewer) {
    return this.store.transaction(({ users }) => this.#require(users, username, viewer));
  }

  follow(username, viewer) {
    return this.store.transaction(async ({ users }) => {
      const followed = await this.#requireUser(users, username);
      if (followed.id === viewer.id) throw new ValidationError('you cannot follow yourself');
      await users.follow(viewer.id, followed.id);
      return this.#require(users, username, viewer);
    });
  }

  unfollow(username, viewer) {
    return this.store.transaction(async ({ users }) => {
      const followed = await this.#requireUser(users, username);
      await users.unfollow(viewer.id, followed.id);
      return this.#require(users, username, viewer);
    });
  }

  async #requireUser(users, username) {
    const user = await users.findByUsername(username);
    if (!user) throw new NotFoundError('profile not found');
    return user;
  }

  async #require(users, username, viewer) {
    const profile = await users.findProfile(username, viewer?.id ?? null);
    if (!profile) throw new NotFoundError('profile not found');
    return profile;
  }
}
