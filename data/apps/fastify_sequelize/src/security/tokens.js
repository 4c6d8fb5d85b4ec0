'use strict';

const jwt = require('jsonwebtoken');

/** HS256 JSON Web Tokens whose subject is the user id. */
class TokenIssuer {
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

  /** The user id a token was issued for, or null when it is invalid or expired. */
  userIdOf(token) {
    try {
      const payload = jwt.verify(token, this.secret, { algorithms: ['HS256'] });
      const id = Number(payload.sub);
      return Number.isInteger(id) ? id : null;
    } catch {
      return null;
    }
  }
}

module.exports = { TokenIssuer };
