import { findByEmail, insertUser } from '../repositories/userRepository.js';
import { hashPassword, verify } from './passwords.js';

export function register({ username, email, password }) {
  return insertUser(username, email, hashPassword(password));
}

export function login({ email, password }) {
  const user = findByEmail(email);
  return user && verify(password, user.password_hash) ? user : null;
}
