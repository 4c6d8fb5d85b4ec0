'use strict';

const { AuthenticationError, NotFoundError, ValidationError } = require('../errors');
const { Profile } = require('../models');
const { hashPassword, verifyPassword } = require('./passwords');
const v = require('./validation');

const UPDATABLE_FIELDS = ['email', 'username', 'password', 'bio', 'image'];

/** Registration, login, the current user, profiles and follows. */
class UserService {
  constructor({ unitOfWork, tokens, clock }) {
    this.unitOfWork = unitOfWork;
    this.tokens = tokens;
    this.clock = clock;
  }

  /** The user and a fresh token, as every user response carries. */
  session(user) {
    return { user, token: this.tokens.issue(user) };
  }

  /** The user a token belongs to; AuthenticationError if it is invalid or the user is gone. */
  async authenticate(token) {
    const userId = this.tokens.userIdOf(token);
    const user = await this.unitOfWork.run(({ users }) => users.findById(userId));
    if (!user) throw new AuthenticationError('user for token no longer exists');
    return user;
  }

  async register(payload) {
    const data = v.requireObject(payload, 'user');
    const username = v.requiredString(data, 'username');
    const email = v.email(v.requiredString(data, 'email'));
    const password = v.requiredString(data, 'password', { trim: false });
    const passwordHash = await hashPassword(password);
    const user = await this.unitOfWork.run(async ({ users }) => {
      if (await users.findByUsername(username)) throw new ValidationError('username has already been taken');
      if (await users.findByEmail(email)) throw new ValidationError('email has already been taken');
      return users.create({ username, email, passwordHash, now: this.clock() });
    });
    return this.session(user);
  }

  async login(payload) {
    const data = v.requireObject(payload, 'user');
    const email = v.requiredString(data, 'email');
    const password = v.requiredString(data, 'password', { trim: false });
    const user = await this.unitOfWork.run(({ users }) => users.findByEmail(email));
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      throw new AuthenticationError('email or password is invalid');
    }
    return this.session(user);
  }

  async update(currentUser, payload) {
    const data = v.requireObject(payload, 'user');
    v.requireAnyField(data, UPDATABLE_FIELDS);
    const changes = {};
    if ('username' in data) changes.username = v.requiredString(data, 'username');
    if ('email' in data) changes.email = v.email(v.requiredString(data, 'email'));
    if ('password' in data) changes.passwordHash = await hashPassword(v.requiredString(data, 'password', { trim: false }));
    for (const field of ['bio', 'image']) {
      const value = v.optionalString(data, field);
      if (value !== undefined) changes[field] = value;
    }
    const user = await this.unitOfWork.run(async ({ users }) => {
      if (changes.username) {
        const other = await users.findByUsername(changes.username);
        if (other && other.id !== currentUser.id) throw new ValidationError('username has already been taken');
      }
      if (changes.email) {
        const other = await users.findByEmail(changes.email);
        if (other && other.id !== currentUser.id) throw new ValidationError('email has already been taken');
      }
      return users.update(currentUser.id, changes, this.clock());
    });
    return this.session(user);
  }

  getProfile(username, viewer) {
    return this.unitOfWork.run(async ({ users }) => {
      const target = await requireUser(users, username);
      const following = viewer ? await users.isFollowing(viewer.id, target.id) : false;
      return toProfile(target, following);
    });
  }

  follow(viewer, username) {
    return this.unitOfWork.run(async ({ users }) => {
      const target = await requireUser(users, username);
      if (target.id === viewer.id) throw new ValidationError('you cannot follow yourself');
      await users.follow(viewer.id, target.id);
      return toProfile(target, true);
    });
  }

  unfollow(viewer, username) {
    return this.unitOfWork.run(async ({ users }) => {
      const target = await requireUser(users, username);
      await users.unfollow(viewer.id, target.id);
      return toProfile(target, false);
    });
  }
}

async function requireUser(users, username) {
  const user = await users.findByUsername(username);
  if (!user) throw new NotFoundError('profile not found');
  return user;
}

function toProfile(user, following) {
  return new Profile({ username: user.username, bio: user.bio, image: user.image, following });
}

module.exports = { UserService };
