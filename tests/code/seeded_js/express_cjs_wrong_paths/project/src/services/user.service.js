const bcrypt = require('bcryptjs');
const jwt = require('jsonwebtoken');
const userRepository = require('../repositories/user.repository');

const SECRET = process.env.JWT_SECRET || 'conduit-secret';

async function registerUser({ username, email, password }) {
  const passwordHash = await bcrypt.hash(password, 10);
  const user = await userRepository.insertUser({ username, email, passwordHash });
  return toUserJson(user);
}

async function login({ email, password }) {
  const user = await userRepository.findByEmail(email);
  if (!user || !(await bcrypt.compare(password, user.password_hash))) {
    const err = new Error('email or password is invalid');
    err.status = 401;
    throw err;
  }
  return toUserJson(user);
}

function toUserJson(user) {
  return { email: user.email, username: user.username, token: jwt.sign({ id: user.id }, SECRET), bio: user.bio, image: user.image };
}

module.exports = { registerUser, login };
