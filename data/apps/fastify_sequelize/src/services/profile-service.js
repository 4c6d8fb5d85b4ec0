'use strict';

const { NotFoundError, ValidationError } = require('../errors');
const { profileView } = require('./views');

/** Profiles and follows. */
class ProfileService {
  constructor({ users }) {
    this.users = users;
  }

  async get(username, viewer) {
    const target = await this.requireUser(username);
    const following = viewer ? await this.users.isFollowing(viewer.id, target.id) : false;
    return profileView(target, following);
  }

  async follow(viewer, username) {
    const target = await this.requireUser(username);
    if (target.id === viewer.id) {
      throw new ValidationError('you cannot follow yourself');
    }
    await this.users.follow(viewer.id, target.id);
    return profileView(target, true);
  }

  async unfollow(viewer, username) {
    const target = await this.requireUser(username);
    await this.users.unfollow(viewer.id, target.id);
    return profileView(target, false);
  }

  async requireUser(username) {
    const user = await this.users.findByUsername(username);
    if (!user) {
      throw new NotFoundError('profile not found');
    }
    return user;
  }
}

module.exports = { ProfileService };
