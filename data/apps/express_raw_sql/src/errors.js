'use strict';

// Domain errors thrown by the services; the HTTP layer turns them into
// {"errors": {"body": [message]}} with the error's status.

class DomainError extends Error {
  constructor(message, status) {
    super(message);
    this.name = this.constructor.name;
    this.status = status;
  }
}

class ValidationError extends DomainError {
  constructor(message = 'invalid input') {
    super(message, 422);
  }
}

class AuthenticationError extends DomainError {
  constructor(message = 'unauthorized') {
    super(message, 401);
  }
}

class ForbiddenError extends DomainError {
  constructor(message = 'forbidden') {
    super(message, 403);
  }
}

class NotFoundError extends DomainError {
  constructor(message = 'not found') {
    super(message, 404);
  }
}

module.exports = { AuthenticationError, DomainError, ForbiddenError, NotFoundError, ValidationError };
