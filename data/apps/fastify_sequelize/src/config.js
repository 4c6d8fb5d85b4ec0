'use strict';

const path = require('node:path');

const DEFAULT_JWT_SECRET = 'conduit-development-secret-do-not-use-in-production';
const DEFAULT_DATABASE_URL = 'sqlite:///conduit.db';
const WEEK_IN_SECONDS = 7 * 24 * 60 * 60;

/**
 * Where the data lives, from a DATABASE_URL:
 * `sqlite:///conduit.db` (relative to `workdir`), `sqlite:////abs/path.db`, `sqlite:///:memory:`,
 * or `postgresql://user:password@host:port/db` (`postgres://` too).
 */
function parseDatabaseUrl(url, workdir) {
  if (url.startsWith('sqlite:///')) {
    const file = url.slice('sqlite:///'.length);
    if (file === '' || file === ':memory:') {
      return { dialect: 'sqlite', storage: ':memory:' };
    }
    return { dialect: 'sqlite', storage: path.resolve(workdir, file) };
  }
  if (url.startsWith('postgresql://') || url.startsWith('postgres://')) {
    return { dialect: 'postgres', url };
  }
  throw new Error(`unsupported DATABASE_URL ${JSON.stringify(url)}: use sqlite:///<path> or postgresql://...`);
}

function positiveInteger(raw, name, fallback) {
  if (raw === undefined || raw === '') {
    return fallback;
  }
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) {
    throw new Error(`${name} must be a positive integer, got ${JSON.stringify(raw)}`);
  }
  return value;
}

/** The settings, from the environment (run.sh passes its starting directory as CONDUIT_WORKDIR). */
function loadConfig(env = process.env) {
  const workdir = env.CONDUIT_WORKDIR || process.cwd();
  return {
    host: env.HOST || '0.0.0.0',
    port: positiveInteger(env.PORT, 'PORT', 3000),
    database: parseDatabaseUrl(env.DATABASE_URL || DEFAULT_DATABASE_URL, workdir),
    jwtSecret: env.JWT_SECRET || DEFAULT_JWT_SECRET,
    jwtExpiresSeconds: positiveInteger(env.JWT_EXPIRES_SECONDS, 'JWT_EXPIRES_SECONDS', WEEK_IN_SECONDS),
    sqlEcho: env.SQL_ECHO === '1',
    logLevel: env.LOG_LEVEL || 'info',
  };
}

module.exports = { loadConfig };
