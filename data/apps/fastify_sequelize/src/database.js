'use strict';

const { Sequelize } = require('sequelize');

/** A Sequelize instance for the configured database (see config.parseDatabaseUrl). */
function createSequelize(database, { sqlEcho = false } = {}) {
  const logging = sqlEcho ? (sql) => console.log(sql) : false;
  if (database.dialect === 'sqlite') {
    // Sequelize turns on PRAGMA foreign_keys for every SQLite connection, so deletes cascade.
    return new Sequelize({ dialect: 'sqlite', storage: database.storage, logging });
  }
  return new Sequelize(database.url, { dialect: 'postgres', logging });
}

module.exports = { createSequelize };
