// Input checks shared by the services; each failure is a 422 ValidationError.
import { ValidationError } from '../errors.js';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const DEFAULT_LIMIT = 20;

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** payload[key] as an object, e.g. the "user" of {"user": {...}}. */
export function requireObject(payload, key) {
  if (!isPlainObject(payload) || !isPlainObject(payload[key])) {
    throw new ValidationError(`request body must be a JSON object with a "${key}" object`);
  }
  return payload[key];
}

/** data[field] as a non-blank string, trimmed unless trim is false (passwords). */
export function requiredString(data, field, { trim = true } = {}) {
  const value = data[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new ValidationError(`${field} can't be blank`);
  }
  return trim ? value.trim() : value;
}

/** A free-text field that may be cleared: undefined when absent, "" for null. */
export function optionalText(data, field) {
  const value = data[field];
  if (value === undefined) {
    return undefined;
  }
  if (value === null) {
    return '';
  }
  if (typeof value !== 'string') {
    throw new ValidationError(`${field} must be a string`);
  }
  return value;
}

export function email(value) {
  if (!EMAIL.test(value)) {
    throw new ValidationError('email is invalid');
  }
  return value;
}

/** Tag names, trimmed, in the given order, without blanks or duplicates. */
export function tagList(value) {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value) || !value.every((tag) => typeof tag === 'string')) {
    throw new ValidationError('tagList must be an array of strings');
  }
  return [...new Set(value.map((tag) => tag.trim()).filter((tag) => tag !== ''))];
}

function nonNegativeInteger(raw, name, minimum) {
  if (!/^\d+$/.test(String(raw).trim())) {
    throw new ValidationError(`${name} must be an integer of at least ${minimum}`);
  }
  const number = Number.parseInt(raw, 10);
  if (number < minimum) {
    throw new ValidationError(`${name} must be an integer of at least ${minimum}`);
  }
  return number;
}

/** limit (default 20, at least 1) and offset (default 0) from query-string values. */
export function pagination(limit, offset) {
  return {
    limit: limit === undefined || limit === '' ? DEFAULT_LIMIT : nonNegativeInteger(limit, 'limit', 1),
    offset: offset === undefined || offset === '' ? 0 : nonNegativeInteger(offset, 'offset', 0),
  };
}
