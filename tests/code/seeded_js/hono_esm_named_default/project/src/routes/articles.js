import { Hono } from 'hono';
import { list, create } from '../services/articleService.js';

const articles = new Hono();

articles.get('/', (c) => c.json(list(c.req.query())));

articles.post('/', async (c) => {
  const { article } = await c.req.json();
  return c.json({ article: create(article) }, 201);
});

export default articles;
