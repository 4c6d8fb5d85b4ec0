import { AuthenticationError, ValidationError } from '../errors.js';
import { hashPassword, verifyPassword } from '../security.js';
import * as validate from './validation.js';

/** Registration, login and the current user. */
export class UserService {
  constructor({ users }, tokens) {
    this.users = users;
    this.tokens = tokens;
  }

  #userOf(user) {
    return {
      email: user.email,
      token: this.tokens.issue(user),
      username: user.username,
      bio: user.bio ?? '',
      image: user.image ?? '',
    };
  }

  /** The user a token belongs to; 401 when the token is bad or its user is gone. */
  async authenticate(token) {
    const user = await this.users.findById(this.tokens.userIdOf(token));
    if (!user) {
      throw new AuthenticationError('the user of this token no longer exists');
    }
    return user;
  }

  async register(payload) {
    const data = validate.requireObject(payload, 'user');
    const username = validate.requiredString(data, 'username');
    const email = validate.email(validate.requiredString(data, 'email'));
    const password = validate.requiredString(data, 'password', { trim: false });
    const taken = [];
    if (await this.users.findByUsername(username)) {
      taken.push('username has already been taken');
    }
    if (await this.users.findByEmail(email)) {
      taken.push('email has already been taken');
    }
    if (taken.length > 0) {
      throw new ValidationError(taken);
    }
    const user = await this.users.create({ username, email, passwordHash: await hashPassword(password) });
    return this.#userOf(user);
  }

  async login(payload) {
    const data = validate.requireObject(payload, 'user');
    const email = validate.requiredString(data, 'email');
    const password = validate.requiredString(data, 'password', { trim: false });
    const user = await this.users.findByEmail(email);
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      throw new AuthenticationError('email or password is invalid');
    }
    return this.#userOf(user);
  }

  current(user) {
    return this.#userOf(user);
  }

  async update(user, payload) {
    const data = validate.requireObject(payload, 'user');
    if (!['email', 'username', 'password', 'bio', 'image'].some((field) => field in data)) {
      throw new ValidationError('at least one field is required');
    }
    const changes = {};
    if ('username' in data) {
      changes.username = validate.requiredString(data, 'username');
      const other = await this.users.findByUsername(changes.username);
      if (other && other.id !== user.id) {
        throw new ValidationError('username has already been taken');
      }
    }
    if ('email' in data) {
      changes.email = validate.email(validate.requiredString(data, 'email'));
      const other = await this.users.findByEmail(changes.email);
      if (other && other.id !== user.id) {
        throw new ValidationError('email has already been taken');
      }
    }
    if ('password' in data) {
      changes.passwordHash = await hashPassword(validate.requiredString(data, 'password', { trim: false }));
    }
    for (const field of ['bio', 'image']) {
      const value = validate.optionalText(data, field);
      if (value !== undefined) {
        changes[field] = value;
      }
    }
    return this.#userOf(await this.users.update(user, changes));
  }
}
