import { PostgresDatabase } from './postgres.js';
import { schemaFor } from './schema.js';
import { SqliteDatabase } from './sqlite.js';

/** Open the database chosen by the config and create the schema if it is missing. */
export async function openDatabase({ dialect, file, url }) {
  const database = dialect === 'sqlite' ? new SqliteDatabase(file) : new PostgresDatabase(url);
  await database.createSchema(schemaFor(dialect));
  return database;
}
