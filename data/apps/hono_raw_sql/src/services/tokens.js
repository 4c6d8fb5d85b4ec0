import jwt from 'jsonwebtoken';

import { AuthenticationError } from './errors.js';

const ALGORITHM = 'HS256';

/** HS256 JWTs whose subject is the user id. */
export class TokenService {
  constructor({ secret, expiresSeconds }) {
    this.secret = secret;
    this.expiresSeconds = expiresSeconds;
  }

  issue(user) {
    return jwt.sign({ username: user.username }, this.secret, {
      algorithm: ALGORITHM,
      subject: String(user.id),
      expiresIn: this.expiresSeconds,
    });
  }

  /** The user id a valid token carries; AuthenticationError for a bad or expired one. */
  userId(token) {
    let payload;
    try {
      payload = jwt.verify(token, this.secret, { algorithms: [ALGORITHM] });
    } catch {
      throw new AuthenticationError('invalid or expired token');
    }
    const id = Number(payload.sub);
    if (!Number.isInteger(id)) throw new AuthenticationError('invalid token');
    return id;
  }
}
