'use strict';

// Input checks shared by the services; each failure is a ValidationError (422).

const { ValidationError } = require('../errors');

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const DEFAULT_LIMIT = 20;

const isObject = (value) => typeof value === 'object' && value !== null && !Array.isArray(value);

/** `payload[key]`, which must be an object (e.g. the "user" of `{"user": {...}}`). */
function requireObject(payload, key) {
  if (!isObject(payload)) {
    throw new ValidationError('request body must be a JSON object');
  }
  if (!isObject(payload[key])) {
    throw new ValidationError(`${key} must be an object`);
  }
  return payload[key];
}

/** A non-blank string field, trimmed unless `trim` is false (passwords). */
function requiredString(data, field, { trim = true } = {}) {
  const value = data[field];
  if (value === undefined || value === null) {
    throw new ValidationError(`${field} can't be blank`);
  }
  if (typeof value !== 'string') {
    throw new ValidationError(`${field} must be a string`);
  }
  if (value.trim() === '') {
    throw new ValidationError(`${field} can't be blank`);
  }
  return trim ? value.trim() : value;
}

/** undefined when absent, '' when null (clears the field), else the string. */
function optionalString(data, field) {
  if (!(field in data)) {
    return undefined;
  }
  const value = data[field];
  if (value === null) {
    return '';
  }
  if (typeof value !== 'string') {
    throw new ValidationError(`${field} must be a string`);
  }
  return value;
}

function email(value) {
  if (!EMAIL.test(value)) {
    throw new ValidationError('email is invalid');
  }
  return value;
}

/** Tag names: trimmed, duplicates dropped, the author's order kept. */
function tagList(value) {
  if (value === undefined || value === null) {
    return [];
  }
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new ValidationError('tagList must be an array of strings');
  }
  const names = value.map((item) => item.trim());
  if (names.includes('')) {
    throw new ValidationError("tagList entries can't be blank");
  }
  return [...new Set(names)];
}

function queryInteger(raw, name, fallback, minimum) {
  if (raw === undefined || raw === '') {
    return fallback;
  }
  if (typeof raw !== 'string' || !/^\s*[+-]?\d+\s*$/.test(raw)) {
    throw new ValidationError(`${name} must be an integer`);
  }
  const value = Number(raw);
  if (value < minimum) {
    throw new ValidationError(`${name} must be >= ${minimum}`);
  }
  return value;
}

/** `limit` (default 20, at least 1) and `offset` (default 0) from query strings. */
function pagination({ limit, offset }) {
  return {
    limit: queryInteger(limit, 'limit', DEFAULT_LIMIT, 1),
    offset: queryInteger(offset, 'offset', 0, 0),
  };
}

module.exports = { requireObject, requiredString, optionalString, email, tagList, pagination };
