const { User } = require('../models/User');

async function findByUsername(username) {
  return User.findOne({ where: { username } });
}

module.exports = { findByUsername };
