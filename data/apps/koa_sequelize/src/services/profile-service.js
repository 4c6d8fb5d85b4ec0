import { NotFoundError, ValidationError } from '../errors.js';
import { profileOf } from './presenters.js';

/** Profiles and follows. */
export class ProfileService {
  constructor({ users }) {
    this.users = users;
  }

  async #require(username) {
    const user = await this.users.findByUsername(username);
    if (!user) {
      throw new NotFoundError('profile not found');
    }
    return user;
  }

  async get(username, viewer) {
    const user = await this.#require(username);
    const following = viewer != null && (await this.users.isFollowing(viewer.id, user.id));
    return profileOf(user, following);
  }

  async follow(viewer, username) {
    const user = await this.#require(username);
    if (user.id === viewer.id) {
      throw new ValidationError('you cannot follow yourself');
    }
    await this.users.follow(viewer.id, user.id);
    return profileOf(user, true);
  }

  async unfollow(viewer, username) {
    const user = await this.#require(username);
    await this.users.unfollow(viewer.id, user.id);
    return profileOf(user, false);
  }
}
