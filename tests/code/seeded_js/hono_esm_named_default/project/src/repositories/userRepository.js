import { db } from '../db/index.js';

export function findByEmail(email) {
  return db.prepare('SELECT * FROM users WHERE email = ?').get(email);
}

export function insertUser(username, email, passwordHash) {
  const info = db.prepare('INSERT INTO users (username, email, password_hash) VALUES (?, ?, ?)').run(username, email, passwordHash);
  return db.prepare('SELECT * FROM users WHERE id = ?').get(info.lastInsertRowid);
}
