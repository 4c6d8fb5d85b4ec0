'use strict';

const jwt = require('jsonwebtoken');

const { AuthenticationError } = require('../errors');

const ALGORITHM = 'HS256';

/** Signs and checks HS256 JWTs whose subject is the user id. */
function createTokenService({ secret, expiresSeconds }) {
  return {
    issue(user) {
      return jwt.sign({ username: user.username }, secret, {
        algorithm: ALGORITHM,
        subject: String(user.id),
        expiresIn: expiresSeconds,
      });
    },

    /** The user id a valid token carries; AuthenticationError otherwise. */
    userIdOf(token) {
      let payload;
      try {
        payload = jwt.verify(token, secret, { algorithms: [ALGORITHM] });
      } catch {
        throw new AuthenticationError('invalid or expired token');
      }
      const userId = Number(payload.sub);
      if (!Number.isInteger(userId)) throw new AuthenticationError('invalid token subject');
      return userId;
    },
  };
}

module.exports = { createTokenService };
