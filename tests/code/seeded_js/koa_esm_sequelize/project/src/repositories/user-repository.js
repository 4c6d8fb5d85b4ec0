import { User } from '../models/index.js';

export function findByEmail(email) {
  return User.findOne({ where: { email } });
}

export function createUser(data) {
  return User.create(data);
}
