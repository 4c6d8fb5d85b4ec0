'use strict';

const { openPostgres } = require('./postgres');
const { schemaStatements } = require('./schema');
const { openSqlite } = require('./sqlite');

/**
 * Opens the database described by config.database and creates the schema.
 * The result has transaction(work) and close(); `work` receives a connection with
 * all(sql, params), get(sql, params) and run(sql, params), SQL written with $1 placeholders.
 */
async function openDatabase(settings) {
  const database = settings.dialect === 'sqlite' ? await openSqlite(settings) : await openPostgres(settings);
  await database.transaction(async (connection) => {
    for (const statement of schemaStatements(database.dialect)) {
      await connection.run(statement);
    }
  });
  return database;
}

module.exports = { openDatabase };
