import { now } from './clock.js';
import { AuthenticationError, ValidationError } from './errors.js';
import { hashPassword, passwordMatches } from './passwords.js';
import * as validate from './validation.js';

/** Registration, login, the current user and token checks. Each answer is { user, token }. */
export class UserService {
  constructor(store, tokens) {
    this.store = store;
    this.tokens = tokens;
  }

  async register(payload) {
    const data = validate.requireObject(payload, 'user');
    const username = validate.requiredString(data, 'username');
    const email = validate.email(validate.requiredString(data, 'email'));
    const password = validate.requiredString(data, 'password', { trim: false });
    const passwordHash = await hashPassword(password);
    const user = await this.store.transaction(async ({ users }) => {
      await this.#ensureAvailable(users, { username, email });
      const id = await users.create({ username, email, passwordHash, now: now() });
      return users.findById(id);
    });
    return this.#withToken(user);
  }

  async login(payload) {
    const data = validate.requireObject(payload, 'user');
    const email = validate.requiredString(data, 'email');
    const password = validate.requiredString(data, 'password', { trim: false });
    const user = await this.store.transaction(({ users }) => users.findByEmail(email));
    if (!user || !(await passwordMatches(password, user.passwordHash))) {
      throw new AuthenticationError('email or password is invalid');
    }
    return this.#withToken(user);
  }

  /** The user a token belongs to; AuthenticationError when it is invalid or the user is gone. */
  async authenticate(token) {
    const id = this.tokens.userId(token);
    const user = await this.store.transaction(({ users }) => users.findById(id));
    if (!user) throw new AuthenticationError('the token belongs to no user');
    return user;
  }

  current(user) {
    return this.#withToken(user);
  }

  async update(user, payload) {
    const data = validate.requireObject(payload, 'user');
    const fields = {};
    if (data.username !== undefined) fields.username = validate.requiredString(data, 'username');
    if (data.email !== undefined) fields.email = validate.email(validate.requiredString(data, 'email'));
    if (data.password !== undefined) {
      fields.passwordHash = await hashPassword(validate.requiredString(data, 'password', { trim: false }));
    }
    for (const field of ['bio', 'image']) {
      const value = validate.clearableString(data, field);
      if (value !== undefined) fields[field] = value;
    }
    if (Object.keys(fields).length === 0) throw new ValidationError('user has no fields to update');
    const updated = await this.store.transaction(async ({ users }) => {
      await this.#ensureAvailable(users, fields, user.id);
      await users.update(user.id, fields, now());
      return users.findById(user.id);
    });
    return this.#withToken(updated);
  }

  async #ensureAvailable(users, { username, email }, exceptId = null) {
    if (username !== undefined && (await users.isTaken('username', username, exceptId))) {
      throw new ValidationError('username has already been taken');
    }
    if (email !== undefined && (await users.isTaken('email', email, exceptId))) {
      throw new ValidationError('email has already been taken');
    }
  }

  #withToken(user) {
    return { user, token: this.tokens.issue(user) };
  }
}
