import path from 'node:path';
import { Sequelize } from 'sequelize';

const SQLITE_PREFIX = 'sqlite:///';

/**
 * The file a `sqlite:///<path>` URL names, SQLAlchemy style: `sqlite:///conduit.db` is
 * relative to baseDir, `sqlite:////tmp/conduit.db` is absolute.
 */
function sqliteStorage(databaseUrl, baseDir) {
  const location = decodeURIComponent(databaseUrl.slice(SQLITE_PREFIX.length).split('?')[0]);
  if (location === '' || location === ':memory:') {
    return ':memory:';
  }
  return path.resolve(baseDir, location);
}

/** A Sequelize instance for a `sqlite:///...` or `postgres(ql)://...` DATABASE_URL. */
export function createSequelize(databaseUrl, { baseDir, sqlEcho }) {
  const logging = sqlEcho ? (sql) => console.log(sql) : false;
  if (databaseUrl.startsWith('sqlite:')) {
    // Sequelize turns on PRAGMA foreign_keys for SQLite, so ON DELETE CASCADE works there too.
    return new Sequelize({ dialect: 'sqlite', storage: sqliteStorage(databaseUrl, baseDir), logging });
  }
  if (/^postgres(ql)?:\/\//.test(databaseUrl)) {
    return new Sequelize(databaseUrl, { dialect: 'postgres', logging });
  }
  throw new Error(`unsupported DATABASE_URL ${databaseUrl}: use sqlite:///<path> or postgresql://...`);
}
