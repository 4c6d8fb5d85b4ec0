const bcrypt = require('bcryptjs');
const userRepository = require('../repositories/userRepository');

async function register({ username, email, password }) {
  const hash = await bcrypt.hash(password, 10);
  const id = await userRepository.insert(username, email, hash);
  return { id, username, email };
}

async function findUser(id) {
  const row = await userRepository.findById(id);
  return row ? { id: row.id, username: row.username, email: row.email } : null;
}

module.exports = { register, findUser };
