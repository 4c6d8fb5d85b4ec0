'use strict';

const { createApp } = require('./app');
const { loadConfig } = require('./config');
const { openDatabase } = require('./db');
const { createServices } = require('./services');

async function main() {
  const config = loadConfig();
  const database = await openDatabase(config.database);
  const services = createServices({ database, jwtSecret: config.jwtSecret, jwtExpiresSeconds: config.jwtExpiresSeconds });
  const server = createApp(services).listen(config.port, config.host, () => {
    console.log(`Conduit API (${database.dialect}) listening on http://${config.host}:${config.port}/api`);
  });

  const shutdown = () => {
    server.close(() => database.close().finally(() => process.exit(0)));
  };
  process.on('SIGTERM', shutdown);
  process.on('SIGINT', shutdown);
}

main().catch((error) => {
  console.error('failed to start:', error);
  process.exit(1);
});
