'use strict';

/** A failure the API reports to the client as `{"errors": {"body": [...messages]}}`. */
class DomainError extends Error {
  constructor(statusCode, ...messages) {
    super(messages.join('; '));
    this.name = this.constructor.name;
    this.statusCode = statusCode;
    this.messages = messages;
  }
}

class ValidationError extends DomainError {
  constructor(...messages) {
    super(422, ...messages);
  }
}

class AuthenticationError extends DomainError {
  constructor(...messages) {
    super(401, ...messages);
  }
}

class ForbiddenError extends DomainError {
  constructor(...messages) {
    super(403, ...messages);
  }
}

class NotFoundError extends DomainError {
  constructor(...messages) {
    super(404, ...messages);
  }
}

module.exports = { DomainError, ValidationError, AuthenticationError, ForbiddenError, NotFoundError };
