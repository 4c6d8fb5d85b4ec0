'use strict';

const bcrypt = require('bcryptjs');

const ROUNDS = 10;

const hashPassword = (password) => bcrypt.hash(password, ROUNDS);

const verifyPassword = (password, hash) => bcrypt.compare(password, hash);

module.exports = { hashPassword, verifyPassword };
