import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import userRoutes from './routes/users.js';
import articleRoutes from './routes/articles.js';
import { onError } from './middleware/error-handler.js';

const app = new Hono().basePath('/api');
app.onError(onError);
app.route('/', userRoutes);
app.route('/articles', articleRoutes);

serve({ fetch: app.fetch, port: Number(process.env.PORT) || 3000 });
