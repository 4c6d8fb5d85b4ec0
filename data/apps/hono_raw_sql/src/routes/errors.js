import { AuthenticationError, ForbiddenError, NotFoundError, ValidationError } from '../services/errors.js';

const STATUS_BY_ERROR = [
  [ValidationError, 422],
  [AuthenticationError, 401],
  [ForbiddenError, 403],
  [NotFoundError, 404],
];

function errorJson(message) {
  return { errors: { body: [message] } };
}

/** app.onError: a service's refusal becomes its status; anything else is logged and becomes 500. */
export function handleError(error, c) {
  const match = STATUS_BY_ERROR.find(([type]) => error instanceof type);
  if (match) return c.json(errorJson(error.message), match[1]);
  console.error(error);
  return c.json(errorJson('internal server error'), 500);
}

export function handleNotFound(c) {
  return c.json(errorJson('not found'), 404);
}
