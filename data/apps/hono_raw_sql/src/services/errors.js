// What the services refuse, by reason; the routes layer maps each class to an HTTP status.

export class DomainError extends Error {
  constructor(message) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input is malformed or breaks a rule (422). */
export class ValidationError extends DomainError {}

/** No usable credentials: a missing, malformed, invalid or expired token, or a wrong password (401). */
export class AuthenticationError extends DomainError {}

/** The user is known but may not do this (403). */
export class ForbiddenError extends DomainError {}

/** The user, article or comment does not exist (404). */
export class NotFoundError extends DomainError {}
