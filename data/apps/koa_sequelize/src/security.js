import bcrypt from 'bcryptjs';
import jwt from 'jsonwebtoken';

import { AuthenticationError } from './errors.js';

const BCRYPT_ROUNDS = 10;

export function hashPassword(password) {
  return bcrypt.hash(password, BCRYPT_ROUNDS);
}

export function verifyPassword(password, passwordHash) {
  return bcrypt.compare(password, passwordHash);
}

/** HS256 JWTs whose subject is the user id. */
export class TokenIssuer {
  constructor({ secret, expiresSeconds }) {
    this.secret = secret;
    this.expiresSeconds = expiresSeconds;
  }

  issue(user) {
    return jwt.sign({ username: user.username }, this.secret, {
      algorithm: 'HS256',
      subject: String(user.id),
      expiresIn: this.expiresSeconds,
    });
  }

  /** The user id a token was issued for; AuthenticationError when it is bad or expired. */
  userIdOf(token) {
    let payload;
    try {
      payload = jwt.verify(token, this.secret, { algorithms: ['HS256'] });
    } catch {
      throw new AuthenticationError('invalid or expired token');
    }
    const userId = Number.parseInt(payload.sub, 10);
    if (!Number.isInteger(userId)) {
      throw new AuthenticationError('invalid token');
    }
    return userId;
  }
}
