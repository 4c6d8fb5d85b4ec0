'use strict';

// Entry point: wires config -> database -> models -> repositories -> services -> app, creates the
// schema (sequelize.sync) and listens.

const { loadConfig } = require('./config');
const { createSequelize } = require('./database');
const { defineModels } = require('./models');
const { createRepositories } = require('./repositories');
const { createServices } = require('./services');
const { TokenIssuer } = require('./security/tokens');
const { buildApp } = require('./app');

async function main() {
  const config = loadConfig();
  const sequelize = createSequelize(config.database, { sqlEcho: config.sqlEcho });
  const models = defineModels(sequelize);
  await sequelize.sync();

  const tokens = new TokenIssuer({ secret: config.jwtSecret, expiresSeconds: config.jwtExpiresSeconds });
  const services = createServices(createRepositories(sequelize, models), tokens);
  const app = buildApp({ services, logLevel: config.logLevel });
  app.addHook('onClose', () => sequelize.close());

  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      app.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
  }
  await app.listen({ host: config.host, port: config.port });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
