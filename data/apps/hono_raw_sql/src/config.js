import path from 'node:path';

const DEFAULT_JWT_SECRET = 'conduit-development-secret-do-not-use-in-production';
const SEVEN_DAYS = 7 * 24 * 60 * 60;

/**
 * Where the data lives, from DATABASE_URL:
 *   sqlite:///relative.db, sqlite:////absolute/path.db -> { dialect: 'sqlite', file }
 *   postgresql://user:pw@host:port/db (or postgres://) -> { dialect: 'postgres', url }
 * A relative SQLite path is resolved against `workdir`.
 */
function parseDatabaseUrl(url, workdir) {
  if (url.startsWith('sqlite:///')) {
    const file = url.slice('sqlite:///'.length);
    if (file === '') throw new Error(`DATABASE_URL has no file path: ${url}`);
    return { dialect: 'sqlite', file: path.resolve(workdir, file) };
  }
  if (url.startsWith('postgresql://') || url.startsWith('postgres://')) {
    return { dialect: 'postgres', url };
  }
  throw new Error(`DATABASE_URL must start with sqlite:/// or postgresql://, got: ${url}`);
}

function positiveInteger(raw, fallback, name) {
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a positive integer, got: ${raw}`);
  return value;
}

export function loadConfig(env = process.env) {
  return {
    host: env.HOST || '0.0.0.0',
    port: positiveInteger(env.PORT, 3000, 'PORT'),
    database: parseDatabaseUrl(env.DATABASE_URL || 'sqlite:///conduit.db', env.CONDUIT_WORKDIR || process.cwd()),
    jwtSecret: env.JWT_SECRET || DEFAULT_JWT_SECRET,
    jwtExpiresSeconds: positiveInteger(env.JWT_EXPIRES_SECONDS, SEVEN_DAYS, 'JWT_EXPIRES_SECONDS'),
  };
}
