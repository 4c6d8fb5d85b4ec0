/** Domain errors the services raise; routes/error-handler.js turns each into its status. */
export class DomainError extends Error {
  constructor(status, messages) {
    const list = Array.isArray(messages) ? messages : [messages];
    super(list.join('; '));
    this.name = new.target.name;
    this.status = status;
    this.messages = list;
  }
}

export class ValidationError extends DomainError {
  constructor(messages) {
    super(422, messages);
  }
}

export class AuthenticationError extends DomainError {
  constructor(message = 'authentication required') {
    super(401, message);
  }
}

export class ForbiddenError extends DomainError {
  constructor(message) {
    super(403, message);
  }
}

export class NotFoundError extends DomainError {
  constructor(message) {
    super(404, message);
  }
}
