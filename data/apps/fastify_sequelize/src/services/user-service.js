'use strict';

const { AuthenticationError, ValidationError } = require('../errors');
const { hashPassword, verifyPassword } = require('../security/passwords');
const v = require('./validation');
const { userView } = require('./views');

/** Registration, login, the current user and token checks. */
class UserService {
  constructor({ users, tokens }) {
    this.users = users;
    this.tokens = tokens;
  }

  /** The user a token belongs to; AuthenticationError when it is invalid or the user is gone. */
  async authenticate(token) {
    const id = this.tokens.userIdOf(token);
    const user = id === null ? null : await this.users.findById(id);
    if (!user) {
      throw new AuthenticationError('invalid or expired token');
    }
    return user;
  }

  async register(payload) {
    const data = v.requireObject(payload, 'user');
    const username = v.requiredString(data, 'username');
    const email = v.email(v.requiredString(data, 'email'));
    const password = v.requiredString(data, 'password', { trim: false });
    const taken = [];
    if (await this.users.findByUsername(username)) {
      taken.push('username has already been taken');
    }
    if (await this.users.findByEmail(email)) {
      taken.push('email has already been taken');
    }
    if (taken.length > 0) {
      throw new ValidationError(...taken);
    }
    const user = await this.users.create({ username, email, passwordHash: await hashPassword(password) });
    return this.view(user);
  }

  async login(payload) {
    const data = v.requireObject(payload, 'user');
    const email = v.requiredString(data, 'email');
    const password = v.requiredString(data, 'password', { trim: false });
    const user = await this.users.findByEmail(email);
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      throw new AuthenticationError('email or password is invalid');
    }
    return this.view(user);
  }

  current(user) {
    return this.view(user);
  }

  async update(user, payload) {
    const data = v.requireObject(payload, 'user');
    if (!['email', 'username', 'password', 'bio', 'image'].some((field) => field in data)) {
      throw new ValidationError('at least one field is required');
    }
    const changes = {};
    if ('username' in data) {
      changes.username = v.requiredString(data, 'username');
      const owner = await this.users.findByUsername(changes.username);
      if (owner && owner.id !== user.id) {
        throw new ValidationError('username has already been taken');
      }
    }
    if ('email' in data) {
      changes.email = v.email(v.requiredString(data, 'email'));
      const owner = await this.users.findByEmail(changes.email);
      if (owner && owner.id !== user.id) {
        throw new ValidationError('email has already been taken');
      }
    }
    if ('password' in data) {
      changes.passwordHash = await hashPassword(v.requiredString(data, 'password', { trim: false }));
    }
    for (const field of ['bio', 'image']) {
      const value = v.optionalString(data, field);
      if (value !== undefined) {
        changes[field] = value;
      }
    }
    return this.view(await this.users.update(user.id, changes));
  }

  /** The user with a fresh token. */
  view(user) {
    return userView(user, this.tokens.issue(user));
  }
}

module.exports = { UserService };
