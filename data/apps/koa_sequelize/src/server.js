import { createApp } from './app.js';
import { loadConfig } from './config.js';
import { createSequelize } from './db.js';
import { defineModels } from './models/index.js';
import { createRepositories } from './repositories/index.js';
import { TokenIssuer } from './security.js';
import { createServices } from './services/index.js';

const config = loadConfig();
const sequelize = createSequelize(config.databaseUrl, config);
const models = defineModels(sequelize);
// The schema is created on startup (CREATE TABLE IF NOT EXISTS); there are no migrations.
await sequelize.sync();

const tokens = new TokenIssuer({ secret: config.jwtSecret, expiresSeconds: config.jwtExpiresSeconds });
const services = createServices(createRepositories(sequelize, models), tokens);
const server = createApp(services).listen(config.port, config.host, () => {
  console.log(`Conduit (Koa + Sequelize, ${sequelize.getDialect()}) listening on http://${config.host}:${config.port}/api`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.once(signal, () => {
    server.close();
    sequelize.close().finally(() => process.exit(0));
  });
}
