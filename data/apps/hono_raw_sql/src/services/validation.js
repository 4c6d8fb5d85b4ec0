import { ValidationError } from './errors.js';

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const INTEGER = /^\s*[+-]?\d+\s*$/;

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `payload[key]` when the payload is an object holding an object there, e.g. {"user": {...}}. */
export function requireObject(payload, key) {
  if (!isPlainObject(payload)) throw new ValidationError('request body must be a JSON object');
  if (!isPlainObject(payload[key])) throw new ValidationError(`${key} must be an object`);
  return payload[key];
}

/** A present, non-blank string, trimmed unless `trim` is false. */
export function requiredString(data, field, { trim = true } = {}) {
  const value = data[field];
  if (value === undefined || value === null) throw new ValidationError(`${field} can't be blank`);
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string`);
  const cleaned = trim ? value.trim() : value;
  if (cleaned === '') throw new ValidationError(`${field} can't be blank`);
  return cleaned;
}

/** For profile fields that can be cleared: undefined when absent, '' when null. */
export function clearableString(data, field) {
  const value = data[field];
  if (value === undefined) return undefined;
  if (value === null) return '';
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string`);
  return value;
}

export function email(value) {
  if (!EMAIL.test(value)) throw new ValidationError('email is invalid');
  return value;
}

/** A tagList: an array of non-blank strings; trimmed, duplicates dropped, order kept. */
export function tagList(value) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new ValidationError('tagList must be an array of strings');
  }
  const names = value.map((item) => item.trim());
  if (names.includes('')) throw new ValidationError("tagList entries can't be blank");
  return [...new Set(names)];
}

function integerParameter(raw, name, fallback, minimum) {
  if (raw === undefined || raw === '') return fallback;
  if (!INTEGER.test(raw)) throw new ValidationError(`${name} must be an integer`);
  const value = Number.parseInt(raw, 10);
  if (value < minimum) throw new ValidationError(`${name} must be >= ${minimum}`);
  return value;
}

/** `limit` (an integer >= 1, default 20) and `offset` (an integer >= 0, default 0) from query strings. */
export function pagination({ limit, offset }) {
  return { limit: integerParameter(limit, 'limit', 20, 1), offset: integerParameter(offset, 'offset', 0, 0) };
}
