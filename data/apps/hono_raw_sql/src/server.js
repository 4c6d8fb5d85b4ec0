import { serve } from '@hono/node-server';

import { loadConfig } from './config.js';
import { openDatabase } from './db/index.js';
import { createStore } from './repositories/index.js';
import { createApp } from './routes/index.js';
import { createServices } from './services/index.js';

const config = loadConfig();
const database = await openDatabase(config.database);
const app = createApp(createServices(createStore(database), config));

const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, ({ address, port }) => {
  console.log(`Conduit API (${database.dialect}) listening on http://${address}:${port}/api`);
});

function shutdown() {
  server.close(async () => {
    await database.close();
    process.exit(0);
  });
}

process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
