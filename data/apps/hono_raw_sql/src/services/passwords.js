import bcrypt from 'bcryptjs';

const COST = 10;

export function hashPassword(password) {
  return bcrypt.hash(password, COST);
}

export function passwordMatches(password, hash) {
  return bcrypt.compare(password, hash);
}
