import { Hono } from 'hono';
import { register, login } from '../services/userService.js';

const users = new Hono();

users.post('/users', async (c) => {
  const { user } = await c.req.json();
  return c.json({ user: register(user) }, 201);
});

users.post('/users/login', async (c) => {
  const { user } = await c.req.json();
  const found = login(user);
  return found ? c.json({ user: found }) : c.json({ errors: { body: ['invalid credentials'] } }, 401);
});

export default users;
