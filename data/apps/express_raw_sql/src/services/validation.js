'use strict';

const { ValidationError } = require('../errors');

const EMAIL = /^[^@\s]+@[^@\s]+$/;
const DEFAULT_LIMIT = 20;

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** payload[key], which must be an object: {"user": {...}}, {"article": {...}}, ... */
function requireObject(payload, key) {
  if (!isPlainObject(payload)) throw new ValidationError('request body must be a JSON object');
  const inner = payload[key];
  if (!isPlainObject(inner)) throw new ValidationError(`${key} must be an object`);
  return inner;
}

/** A non-blank string; trimmed unless `trim` is false (passwords keep their spaces). */
function requiredString(data, field, { trim = true } = {}) {
  const value = data[field];
  if (value === undefined || value === null) throw new ValidationError(`${field} can't be blank`);
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string`);
  const result = trim ? value.trim() : value;
  if (result === '') throw new ValidationError(`${field} can't be blank`);
  return result;
}

/** undefined when absent, '' when null (clears the field), else the string. */
function optionalString(data, field) {
  if (!(field in data)) return undefined;
  const value = data[field];
  if (value === null) return '';
  if (typeof value !== 'string') throw new ValidationError(`${field} must be a string`);
  return value;
}

function email(value) {
  if (!EMAIL.test(value)) throw new ValidationError('email is invalid');
  return value;
}

/** An array of non-blank strings, trimmed, without duplicates, in the author's order. */
function tagList(value) {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) {
    throw new ValidationError('tagList must be an array of strings');
  }
  const names = value.map((item) => item.trim());
  if (names.includes('')) throw new ValidationError("tagList entries can't be blank");
  return [...new Set(names)];
}

function integerParam(raw, name, fallback, minimum) {
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string' || !/^[+-]?\d+$/.test(raw.trim())) throw new ValidationError(`${name} must be an integer`);
  const value = Number(raw);
  if (value < minimum) throw new ValidationError(`${name} must be >= ${minimum}`);
  return value;
}

/** { limit, offset } from query-string values: limit >= 1 (default 20), offset >= 0. */
function pagination(limit, offset) {
  return {
    limit: integerParam(limit, 'limit', DEFAULT_LIMIT, 1),
    offset: integerParam(offset, 'offset', 0, 0),
  };
}

/** An optional query-string filter: undefined when absent or empty, else a single string. */
function filterParam(raw, name) {
  if (raw === undefined || raw === '') return undefined;
  if (typeof raw !== 'string') throw new ValidationError(`${name} must be a single value`);
  return raw;
}

/** At least one of `fields` must be present in `data`. */
function requireAnyField(data, fields) {
  if (!fields.some((field) => field in data)) throw new ValidationError('at least one field is required');
}

module.exports = { email, filterParam, optionalString, pagination, requireAnyField, requireObject, requiredString, tagList };
