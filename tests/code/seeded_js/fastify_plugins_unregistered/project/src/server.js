const Fastify = require('fastify');
const userRoutes = require('./routes/user.routes');
const tagRoutes = require('./routes/tag.routes');

const app = Fastify({ logger: true });

app.register(userRoutes, { prefix: '/api' });

app.listen({ port: 3000 }, (err) => {
  if (err) throw err;
});
