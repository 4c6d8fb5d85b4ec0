'use strict';

const path = require('node:path');

const DEFAULT_JWT_SECRET = 'conduit-development-secret-change-me';
const SEVEN_DAYS = 7 * 24 * 60 * 60;

/**
 * Turns DATABASE_URL into { dialect, filename } (SQLite) or { dialect, connectionString }
 * (PostgreSQL). A relative SQLite path is resolved against `workdir`.
 */
function parseDatabaseUrl(url, workdir) {
  if (url.startsWith('sqlite:///')) {
    const file = url.slice('sqlite:///'.length);
    return { dialect: 'sqlite', filename: path.resolve(workdir, file) };
  }
  if (url.startsWith('postgresql://') || url.startsWith('postgres://')) {
    return { dialect: 'postgres', connectionString: url };
  }
  throw new Error(`unsupported DATABASE_URL: ${url} (use sqlite:///<path> or postgresql://...)`);
}

function positiveInteger(raw, name, fallback) {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got ${raw}`);
  }
  return value;
}

function loadConfig(env = process.env) {
  const workdir = env.CONDUIT_WORKDIR || process.cwd();
  return {
    port: positiveInteger(env.PORT, 'PORT', 3000),
    host: env.HOST || '0.0.0.0',
    database: parseDatabaseUrl(env.DATABASE_URL || 'sqlite:///conduit.db', workdir),
    jwtSecret: env.JWT_SECRET || DEFAULT_JWT_SECRET,
    jwtExpiresSeconds: positiveInteger(env.JWT_EXPIRES_SECONDS, 'JWT_EXPIRES_SECONDS', SEVEN_DAYS),
  };
}

module.exports = { loadConfig, parseDatabaseUrl };
