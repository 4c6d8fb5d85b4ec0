const { User } = require('../models');

async function findUserByName(username) {
  return User.findOne({ where: { username } });
}

async function updateUser(id, changes) {
  await User.update(changes, { where: { id } });
  return User.findByPk(id);
}

module.exports = { findUserByName, updateUser };
